"""What the Excel report reads (annotator.io.report runs no SQL): the documents of a period with their
article metadata, streamed in date order, and the counts around them."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Iterator

from annotator.core.model import Document
from annotator.store.doc_meta import ArticleInfo, date_range_sql
from annotator.store.listing import DOC_FROM

_COLUMNS = (
    "d.id, d.ext_id, d.title, d.source, d.url, d.text, d.meta, st.segmenter_version, d.created_at, st.updated_at,"
    " COALESCE(m.published, ''), COALESCE(m.published_source, ''), COALESCE(m.published_evidence, ''),"
    " COALESCE(m.outlet, ''), COALESCE(m.outlet_source, ''), COALESCE(m.outlet_evidence, ''), d.sha256"
)
_FROM = f"{DOC_FROM} LEFT JOIN doc_meta m ON m.doc_id = d.id"


@dataclass(frozen=True, slots=True)
class Period:
    """Days, inclusive; None is open. A bounded period leaves out documents without a date."""

    date_from: str | None = None
    date_to: str | None = None

    @property
    def bounded(self) -> bool:
        return bool(self.date_from or self.date_to)


def report_documents(project, period: Period, *, chunk: int = 256) -> Iterator[tuple[Document, ArticleInfo]]:
    """Documents of the period with their date and outlet: dated ones oldest first, then (for an open
    period) the undated ones in import order. Memory stays bounded by `chunk`; the dated pages walk the
    index on doc_meta(published) (its rowid, doc_id, breaks ties). Each text is checked against its
    sha256, and a damaged file is named (CorruptDatabaseError), as Project.iter_documents(verify=True) does."""
    try:
        yield from _report_documents(project, period, chunk)
    except sqlite3.Error as exc:
        raise project._read_error(exc, "documents") from None


def _report_documents(project, period: Period, chunk: int) -> Iterator[tuple[Document, ArticleInfo]]:
    where, args = date_range_sql(period.date_from, period.date_to, "m.published")
    dated = "m.published <> ''" + (f" AND {where}" if where else "")
    key: tuple[str, int] = ("", 0)
    while True:
        rows = project.conn.execute(
            f"SELECT {_COLUMNS} FROM doc_meta m JOIN documents d ON d.id = m.doc_id JOIN doc_state st"
            f" ON st.doc_id = d.id WHERE {dated} AND (m.published, m.doc_id) > (?, ?)"
            " ORDER BY m.published, m.doc_id LIMIT ?", [*args, *key, chunk]).fetchall()
        if not rows:
            break
        yield from (_pair(project, r) for r in rows)
        key = (rows[-1][10], rows[-1][0])
    if period.bounded:
        return
    last = 0
    while True:
        rows = project.conn.execute(
            f"SELECT {_COLUMNS} FROM {_FROM} WHERE COALESCE(m.published, '') = '' AND d.id > ? ORDER BY d.id LIMIT ?",
            (last, chunk)).fetchall()
        if not rows:
            break
        yield from (_pair(project, r) for r in rows)
        last = rows[-1][0]


def _pair(project, row) -> tuple[Document, ArticleInfo]:
    doc = project._checked((*row[:10], row[16]), True)  # the document columns and its sha256
    return doc, ArticleInfo(row[0], *row[10:16])


def period_totals(project, period: Period) -> tuple[int, int]:
    """(documents, characters of text) in the period."""
    where, args = date_range_sql(period.date_from, period.date_to, "m.published")
    row = project.conn.execute(
        f"SELECT COUNT(*), COALESCE(SUM(d.text_length), 0) FROM documents d LEFT JOIN doc_meta m ON m.doc_id = d.id"
        + (f" WHERE {where}" if where else ""), args).fetchone()
    return int(row[0]), int(row[1])
