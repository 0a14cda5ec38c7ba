"""CSV: one entity per row, UTF-8 with a BOM so spreadsheet programs read the Hangul.

Columns: doc_id, ext_id, title, span_id, label, label_display, start, end, text, context, reviewer,
created_at. `context` is the line of the exported text holding the entity, cut to CONTEXT_CHARS on either side
of it (each cut marked "…"): a page on one line made every row hold all of it (10,000 entities of one such page
gave a 1.1 GB file, its cells past the 32,767 characters a spreadsheet cell holds). Offsets are code points into
the exported text (content lines only unless the whole page is exported). Text cells that a spreadsheet
would run as a formula (starting with = + - @, tab or CR) get a leading apostrophe: every text column,
label names included (a label set can be imported).
"""

from __future__ import annotations

import csv as csv_module
from pathlib import Path

from annotator.io.exporters import ExportReport
from annotator.io.exporters.writing import ExportCancelled, atomic_output, iter_scope

FORMAT = "csv"
SUFFIX = ".csv"
COLUMNS = ("doc_id", "ext_id", "title", "span_id", "label", "label_display", "start", "end", "text", "context",
           "reviewer", "created_at")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def inert(value: str) -> str:
    """A text cell no spreadsheet evaluates (OWASP CSV injection advice)."""
    return "'" + value if value.startswith(_FORMULA_START) else value


CONTEXT_CHARS = 150  # of the entity's line on either side of it, at most


def line_around(text: str, start: int, end: int) -> str:
    """The line holding text[start:end], cut to CONTEXT_CHARS on either side of it, each cut marked "…"."""
    a = text.rfind("\n", 0, start) + 1
    b = text.find("\n", end)
    b = len(text) if b < 0 else b
    left, right = max(a, start - CONTEXT_CHARS), min(b, end + CONTEXT_CHARS)
    return ("…" if left > a else "") + text[left:right] + ("…" if right < b else "")


def export(project, *, out: Path, status: str = "done", include_boilerplate: bool = False, doc_ids=None,
           progress=None, cancel=None, layer: str | None = None) -> ExportReport:
    report = ExportReport(FORMAT, Path(out), holds_relations=False)
    display = {e.name: e.display or e.name for e in project.scheme().entities}
    try:
        with atomic_output(report.out) as tmp, open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
            writer = csv_module.writer(fh)
            writer.writerow(COLUMNS)
            for item in iter_scope(project, status=status, include_boilerplate=include_boilerplate, layer=layer,
                                   doc_ids=doc_ids, progress=progress, cancel=cancel):
                doc, text = item.doc, item.text
                for sp in item.spans:
                    writer.writerow((
                        doc.id, inert(doc.ext_id or ""), inert(doc.title), sp.id, inert(sp.label),
                        inert(display.get(sp.label, sp.label)), sp.start, sp.end, inert(text[sp.start:sp.end]),
                        inert(line_around(text, sp.start, sp.end)), inert(sp.reviewer), inert(sp.created_at),
                    ))
                report.documents += 1
                report.spans += len(item.spans)
    except ExportCancelled:
        report.cancelled = True
    return report
