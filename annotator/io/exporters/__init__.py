"""Exporters, one module per format. EXPORTERS maps a format name to its module path (from the format table,
annotator.io.formats), loaded lazily.

Every exporter module defines
    export(project, *, out: Path, status="done", include_boilerplate=False, doc_ids=None,
           progress=None, cancel=None) -> ExportReport
where progress(fraction, message) reports and cancel() -> bool stops the export early (the partial output
is removed). Shared plumbing is in exporters/common.py (documents in scope) and exporters/writing.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from annotator.io.formats import EXPORT, formats, spec

EXPORTERS: dict[str, str] = {f.name: f.module for f in formats(EXPORT)}
# What each format writes: a single file with this suffix, or a folder (suffix "").
OUTPUT_SUFFIX: dict[str, str] = {f.name: f.output_suffix for f in formats(EXPORT)}


@dataclass(slots=True)
class ExportReport:
    format: str
    out: Path
    documents: int = 0
    spans: int = 0
    relations: int = 0
    suggestions: int = 0  # written as suggestions (Label Studio's predictions); the other formats write none
    holds_relations: bool = True  # False: the format has no place for relations (CSV, spaCy's NER data)
    problems: list[str] = field(default_factory=list)
    cancelled: bool = False

    def to_dict(self) -> dict:
        return {
            "format": self.format,
            "out": str(self.out),
            "documents": self.documents,
            "spans": self.spans,
            "relations": self.relations,
            "suggestions": self.suggestions,
            "holds_relations": self.holds_relations,
            "problems": list(self.problems),
            "cancelled": self.cancelled,
        }


def exporter(name: str) -> ModuleType:
    """The exporter module for a format name; ValueError names the known formats, FormatModuleError says
    that its module cannot be loaded."""
    return spec(EXPORT, name).load()


def available_formats() -> list[str]:
    """Every export format of the table (a module that cannot be loaded fails when it is used)."""
    return list(EXPORTERS)
