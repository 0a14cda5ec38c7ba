"""Counted phrases for messages: English needs "1 document" and "2 documents"; the translation gives both forms
(Korean uses one)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication


def counted(n: int, one: str, many: str) -> str:
    """The singular or plural phrase for n, "%n" replaced by n: counted(1, tr("1 document"), tr("%n documents"))."""
    return (one if n == 1 else many).replace("%n", str(n))


def _tr(text: str) -> str:
    return QCoreApplication.translate("", text)


def source_text(source: str) -> str:
    """A suggestion source's name for the reader (stored as the words of `annotator suggest --sources`)."""
    names = {"dictionary": _tr("dictionary"), "patterns": _tr("patterns"), "model": _tr("model"),
             "relations": _tr("relation rules")}
    return names.get(source, source)


# io.formats names the formats for the file and export dialogs outside ui/, where lupdate does not look: listed
# here (context "") so the Korean translation has them; a test keeps the list equal to the format table.
FORMAT_DIALOG_LABELS = (
    QT_TRANSLATE_NOOP("", "Documents"), QT_TRANSLATE_NOOP("", "All files"),
    QT_TRANSLATE_NOOP("", "Text articles"), QT_TRANSLATE_NOOP("", "JSON lines"), QT_TRANSLATE_NOOP("", "Web pages"),
    QT_TRANSLATE_NOOP("", "KLUE-NER"), QT_TRANSLATE_NOOP("", "CoNLL / IOB2"), QT_TRANSLATE_NOOP("", "brat standoff"),
    QT_TRANSLATE_NOOP("", "Label Studio JSON"), QT_TRANSLATE_NOOP("", "WebAnno TSV (INCEpTION)"),
    QT_TRANSLATE_NOOP("", "Prodigy JSONL (tokens, spans, relations)"),
    QT_TRANSLATE_NOOP("", "doccano JSONL (entities, relations)"),
    QT_TRANSLATE_NOOP("", "CoNLL IOB2 (one token per line)"),
    QT_TRANSLATE_NOOP("", "brat standoff (folder of .txt/.ann)"),
    QT_TRANSLATE_NOOP("", "CSV (one entity per row)"), QT_TRANSLATE_NOOP("", "spaCy DocBin (.spacy)"),
    QT_TRANSLATE_NOOP("", "Label Studio JSON (annotations, predictions)"),
    QT_TRANSLATE_NOOP("", "WebAnno TSV 3.3 (folder of .tsv, INCEpTION)"),
)
