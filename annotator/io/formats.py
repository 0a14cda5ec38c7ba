"""The one table of formats: every importer and exporter, its module, the suffixes it reads or writes, and the
words the CLI and the dialogs show. The CLI's --format choices, the export subcommands, the Import dialog's file
filter, the export dialog's list, format detection and the exporter lookup are all read from here.

A format module that cannot be imported is an error (FormatModuleError), never a format silently missing.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from types import ModuleType

IMPORT, EXPORT = "import", "export"


class FormatModuleError(ImportError):
    """A format's module failed to import (a broken install or a bug): the message names the module."""


@dataclass(frozen=True, slots=True)
class FormatSpec:
    name: str
    direction: str  # IMPORT or EXPORT
    module: str
    suffixes: tuple[str, ...]  # import: the suffixes read; export: the output's suffix ("" = a folder)
    description: str  # CLI help
    dialog_label: str  # file dialogs and the export dialog

    def load(self) -> ModuleType:
        try:
            return importlib.import_module(self.module)
        except ImportError as exc:
            raise FormatModuleError(f"the {self.name} {self.direction}er ({self.module}) cannot be loaded: {exc}") \
                from exc

    @property
    def output_suffix(self) -> str:
        return self.suffixes[0] if self.suffixes else ""


_I = "annotator.io.importers."
_E = "annotator.io.exporters."
FORMATS: tuple[FormatSpec, ...] = (
    FormatSpec("txt", IMPORT, _I + "txt", (".txt", ".text"), "plain text, one article per file",
               "Text articles"),
    FormatSpec("jsonl", IMPORT, _I + "jsonl", (".jsonl", ".ndjson", ".json"),
               "JSON lines: text with optional id, title, url, meta and Prodigy or doccano labels", "JSON lines"),
    FormatSpec("html", IMPORT, _I + "html", (".html", ".htm", ".xhtml"), "saved web pages (visible text)",
               "Web pages"),
    FormatSpec("klue", IMPORT, _I + "klue", (".tsv",), "KLUE-NER character-BIO TSV with its gold entities",
               "KLUE-NER"),
    FormatSpec("conll", IMPORT, _I + "conll", (".conll", ".conllu", ".iob", ".iob2", ".bio"),
               "CoNLL / IOB2 token-per-line files", "CoNLL / IOB2"),
    FormatSpec("brat", IMPORT, _I + "brat", (".ann",), "brat standoff (.ann beside its .txt)", "brat standoff"),
    FormatSpec("label_studio", IMPORT, _I + "label_studio", (".json",),
               "Label Studio JSON export: tasks with data.text, annotations (labels, relations), predictions (as"
               " suggestions)", "Label Studio JSON"),
    FormatSpec("webanno", IMPORT, _I + "webanno_tsv", (".tsv",),
               "WebAnno TSV 3.x (INCEpTION): named entities, custom span layers and their relations",
               "WebAnno TSV (INCEpTION)"),
    FormatSpec("prodigy", EXPORT, _E + "prodigy", (".jsonl",),
               "Prodigy JSONL: text, Korean tokens, spans with token indexes, relations",
               "Prodigy JSONL (tokens, spans, relations)"),
    FormatSpec("doccano", EXPORT, _E + "doccano", (".jsonl",), "doccano relation JSONL: entities and relations",
               "doccano JSONL (entities, relations)"),
    FormatSpec("conll", EXPORT, _E + "conll", (".conll",),
               "CoNLL IOB2: TOKEN<TAB>TAG per line, Kiwi sentences, relations in comments",
               "CoNLL IOB2 (one token per line)"),
    FormatSpec("brat", EXPORT, _E + "brat", ("",), "brat standoff: a folder of .txt/.ann pairs with annotation.conf",
               "brat standoff (folder of .txt/.ann)"),
    FormatSpec("label_studio", EXPORT, _E + "label_studio", (".json",),
               "Label Studio JSON: tasks with data.text, the layer's labels and relations as an annotation (UTF-16"
               " offsets), the pending suggestions as predictions with their scores",
               "Label Studio JSON (annotations, predictions)"),
    FormatSpec("webanno", EXPORT, _E + "webanno_tsv", ("",),
               "WebAnno TSV 3.3 for INCEpTION: a folder of .tsv files (one a document), Kiwi tokens and sentences,"
               " the layer's entities as named entities and its relations",
               "WebAnno TSV 3.3 (folder of .tsv, INCEpTION)"),
    FormatSpec("csv", EXPORT, _E + "csv", (".csv",), "CSV: one entity per row (UTF-8 with BOM, for spreadsheets)",
               "CSV (one entity per row)"),
    FormatSpec("spacy", EXPORT, "annotator.nlp.spacy_export", ("",),
               "spaCy NER training data (train.spacy, dev.spacy, config.cfg, tokenizer code file)",
               "spaCy DocBin (.spacy)"),
)


def formats(direction: str) -> tuple[FormatSpec, ...]:
    return tuple(spec for spec in FORMATS if spec.direction == direction)


def names(direction: str) -> tuple[str, ...]:
    return tuple(spec.name for spec in formats(direction))


def spec(direction: str, name: str) -> FormatSpec:
    """The format of that name; ValueError names the known ones."""
    for candidate in formats(direction):
        if candidate.name == name:
            return candidate
    raise ValueError(f"unknown {direction} format {name!r}; use one of {', '.join(names(direction))}")


def import_suffixes() -> set[str]:
    return {suffix for spec_ in formats(IMPORT) for suffix in spec_.suffixes}


def import_dialog_filter(tr=lambda text: text) -> str:
    """The Import dialog's filter: every readable suffix first, then one entry per format, then all files."""
    def pattern(suffixes) -> str:
        return " ".join(f"*{s}" for s in sorted(dict.fromkeys(suffixes)))

    entries = [f"{tr('Documents')} ({pattern(import_suffixes())})"]
    entries += [f"{tr(spec_.dialog_label)} ({pattern(spec_.suffixes)})" for spec_ in formats(IMPORT)]
    entries.append(f"{tr('All files')} (*)")
    return ";;".join(entries)
