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


def undated_documents(project) -> int:
    """Documents with no known date: a bounded period leaves them out (the report says how many)."""
    return int(project.conn.execute(
        "SELECT COUNT(*) FROM documents d LEFT JOIN doc_meta m ON m.doc_id = d.id"
        " WHERE COALESCE(m.published, '') = ''").fetchone()[0])


# The team parts of a report (agreement column and sheet) -------------------------------------------------------
def reviewer_layer_names(project) -> list[str]:
    """The reviewer layers that hold an entity or whose reviewer finished a document, in layer order: the
    team whose agreement the report shows (two or more of them, or none is shown)."""
    return [name for (name,) in project.conn.execute(
        "SELECT y.name FROM layers y WHERE y.kind = 'reviewer' AND (EXISTS (SELECT 1 FROM spans s WHERE s.layer_id"
        " = y.id) OR EXISTS (SELECT 1 FROM doc_status st WHERE st.reviewer_id = y.reviewer_id AND st.status = 'done'))"
        " ORDER BY y.id")]


def reviewers_done(project, doc_id: int) -> set[str]:
    """The reviewer layers whose reviewer marked the document done."""
    return {name for (name,) in project.conn.execute(
        "SELECT y.name FROM doc_status st JOIN layers y ON y.reviewer_id = st.reviewer_id AND y.kind = 'reviewer'"
        " WHERE st.doc_id = ? AND st.status = 'done'", (doc_id,))}


def period_doc_ids(project, period: Period) -> set[int]:
    where, args = date_range_sql(period.date_from, period.date_to, "m.published")
    return {d for (d,) in project.conn.execute(
        "SELECT d.id FROM documents d LEFT JOIN doc_meta m ON m.doc_id = d.id" + (f" WHERE {where}" if where else ""),
        args)}


@dataclass(frozen=True, slots=True)
class ReviewerCounts:
    layer: str
    entities: int
    relations: int
    done: int  # documents the reviewer marked done
    in_progress: int


def reviewer_counts(project, period: Period) -> list[ReviewerCounts]:
    """Per reviewer layer (reviewer_layer_names), its entities and relations and its reviewer's documents done
    and in progress, within the period."""
    where, args = date_range_sql(period.date_from, period.date_to, "m.published")
    cond = f" AND {where}" if where else ""
    names = reviewer_layer_names(project)
    rows = project.conn.execute(
        "SELECT y.name,"
        f" (SELECT COUNT(*) FROM spans s LEFT JOIN doc_meta m ON m.doc_id = s.doc_id WHERE s.layer_id = y.id{cond}),"
        f" (SELECT COUNT(*) FROM relations x LEFT JOIN doc_meta m ON m.doc_id = x.doc_id WHERE x.layer_id = y.id{cond}),"
        " (SELECT COUNT(*) FROM doc_status st LEFT JOIN doc_meta m ON m.doc_id = st.doc_id"
        f"  WHERE st.reviewer_id = y.reviewer_id AND st.status = 'done'{cond}),"
        " (SELECT COUNT(*) FROM doc_status st LEFT JOIN doc_meta m ON m.doc_id = st.doc_id"
        f"  WHERE st.reviewer_id = y.reviewer_id AND st.status = 'in_progress'{cond})"
        " FROM layers y WHERE y.kind = 'reviewer' ORDER BY y.id", [*args, *args, *args, *args]).fetchall()
    return [ReviewerCounts(*r) for r in rows if r[0] in names]


_STATUS_RANK = {"done": 3, "in_progress": 2, "skipped": 1, "new": 0}


def team_status(project, doc_id: int) -> str:
    """A team project's status of a document: the furthest any reviewer got (done, in progress, skipped, new)."""
    found = [s for (s,) in project.conn.execute("SELECT status FROM doc_status WHERE doc_id = ?", (doc_id,))]
    return max(found, key=_STATUS_RANK.__getitem__, default="new")


def reviewers_of(project, doc_id: int) -> set[str]:
    """The reviewer layers that hold an entity of the document or whose reviewer marked it done."""
    return reviewers_done(project, doc_id) | {name for (name,) in project.conn.execute(
        "SELECT y.name FROM layers y WHERE y.kind = 'reviewer' AND EXISTS"
        " (SELECT 1 FROM spans s WHERE s.layer_id = y.id AND s.doc_id = ?)", (doc_id,))}
