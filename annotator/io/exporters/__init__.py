"""Exporters, one module per format. EXPORTERS maps a format name to its module path, loaded lazily.

Every exporter module defines
    export(project, *, out: Path, status="done", include_boilerplate=False, doc_ids=None,
           progress=None, cancel=None) -> ExportReport
where progress(fraction, message) reports and cancel() -> bool stops the export early (the partial output
is removed). Shared plumbing is in exporters/common.py (documents in scope) and exporters/writing.py.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

EXPORTERS: dict[str, str] = {
    "prodigy": "annotator.io.exporters.prodigy",
    "doccano": "annotator.io.exporters.doccano",
    "conll": "annotator.io.exporters.conll",
    "brat": "annotator.io.exporters.brat",
    "csv": "annotator.io.exporters.csv",
    "spacy": "annotator.io.exporters.spacy_docbin",
}

# What each format writes: a single file with this suffix, or a folder (suffix "").
OUTPUT_SUFFIX: dict[str, str] = {
    "prodigy": ".jsonl",
    "doccano": ".jsonl",
    "conll": ".conll",
    "brat": "",
    "csv": ".csv",
    "spacy": "",  # a folder: train.spacy, dev.spacy, config.cfg, tokenizer code
}


@dataclass(slots=True)
class ExportReport:
    format: str
    out: Path
    documents: int = 0
    spans: int = 0
    relations: int = 0
    problems: list[str] = field(default_factory=list)
    cancelled: bool = False

    def to_dict(self) -> dict:
        return {
            "format": self.format,
            "out": str(self.out),
            "documents": self.documents,
            "spans": self.spans,
            "relations": self.relations,
            "problems": list(self.problems),
            "cancelled": self.cancelled,
        }


def exporter(name: str) -> ModuleType:
    """The exporter module for a format name; ValueError names the known formats."""
    try:
        path = EXPORTERS[name]
    except KeyError:
        raise ValueError(f"unknown export format {name!r}; use one of {', '.join(EXPORTERS)}") from None
    return importlib.import_module(path)


def available_formats() -> list[str]:
    """Formats whose module is present in this checkout (spacy_docbin is written separately)."""
    import importlib.util

    return [name for name, path in EXPORTERS.items() if importlib.util.find_spec(path) is not None]
