"""Article metadata per document: publication date and outlet, each with where it came from.

Found at import by annotator.core.article_meta; a reviewer's edit replaces a value and marks it
"reviewer". Dates are "YYYY-MM-DD" or "YYYY-MM-DD HH:MM" (the page's local time), "" when unknown.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING
from dataclasses import dataclass

from annotator.store.bulk_insert import insert_grouped
from annotator.store.errors import AnnotationError

if TYPE_CHECKING:
    from annotator.core.article_values import ArticleMeta

# annotator.core.article_meta (its patterns: ~4.6 ms of every start) is imported where it is used: an import's
# segmenter processes read the metadata, so the importing process does not need it.

REVIEWER_SOURCE = "reviewer"
BACKFILL_CHUNK = 200  # documents per transaction (and per progress report)


@dataclass(frozen=True, slots=True)
class ArticleInfo:
    doc_id: int
    published: str = ""
    published_source: str = ""
    published_evidence: str = ""
    outlet: str = ""
    outlet_source: str = ""
    outlet_evidence: str = ""

    @property
    def day(self) -> str:
        return self.published[:10]


META_COLUMNS = ("m.published, m.published_source, m.published_evidence, m.outlet, m.outlet_source,"
                " m.outlet_evidence")


def date_range_sql(date_from: str | None, date_to: str | None, column: str = "m.published") -> tuple[str, list]:
    """A WHERE fragment keeping documents published within [date_from, date_to] (days, inclusive); "" for
    no bounds. A bound excludes documents without a date."""
    where, args = [], []
    if date_from:
        where.append(f"{column} >= ?")  # "2024-09-02" <= "2024-09-02 10:00": plain comparisons use the index
        args.append(check_day(date_from))
    if date_to:
        where.append(f"{column} <> '' AND {column} < ?")
        args.append(check_day(date_to) + "~")  # "~" sorts after " HH:MM": the whole last day is in
    return " AND ".join(where), args


def check_day(value: str) -> str:
    from annotator.core.article_meta import parse_date

    day = parse_date(value)[:10]
    if not day:
        raise AnnotationError(f"{value!r} is not a date; write it as YYYY-MM-DD")
    return day


class ArticleMetaMixin:
    """Mixed into Project; relies on conn, transaction() and reviewer."""

    def _insert_article_metas(self, c, docs, stamp: str) -> None:
        """The metadata rows of newly stored documents ((doc id, NewDocument) pairs), read now unless the
        import's segmenter processes read them already (doc.article)."""
        if any(doc.article is None for _, doc in docs):
            from annotator.core.article_meta import extract
        insert_grouped(c, _META_INSERT, [
            _meta_row(doc_id, doc.article or extract(doc.text, meta=doc.meta, url=doc.url, title=doc.title), stamp)
            for doc_id, doc in docs])

    def article_info(self, doc_id: int) -> ArticleInfo:
        row = self.conn.execute(f"SELECT {META_COLUMNS} FROM doc_meta m WHERE m.doc_id = ?", (doc_id,)).fetchone()
        return ArticleInfo(doc_id, *row) if row else ArticleInfo(doc_id)

    def article_infos(self, doc_ids) -> dict[int, ArticleInfo]:
        ids = list(doc_ids)
        found: dict[int, ArticleInfo] = {}
        for i in range(0, len(ids), 500):
            part = ids[i:i + 500]
            marks = ",".join("?" * len(part))
            for row in self.conn.execute(
                f"SELECT m.doc_id, {META_COLUMNS} FROM doc_meta m WHERE m.doc_id IN ({marks})", part
            ):
                found[row[0]] = ArticleInfo(*row)
        return found

    def set_article_meta(self, doc_id: int, *, published: str | None = None, outlet: str | None = None) -> ArticleInfo:
        """A reviewer's correction of the date and/or outlet ("" clears it). Returns the previous values,
        so an undo can put them back with restore_article_meta."""
        from annotator.core.article_meta import parse_date
        from annotator.store.project import now

        before = self.article_info(doc_id)
        if published is not None and published.strip():
            parsed = parse_date(published)
            if not parsed:
                raise AnnotationError(f"{published!r} is not a date; write it as YYYY-MM-DD (or YYYY-MM-DD HH:MM)")
            published = parsed
        with self.transaction() as c:
            if c.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone() is None:
                raise AnnotationError(f"document {doc_id} does not exist")
            c.execute("INSERT OR IGNORE INTO doc_meta(doc_id, updated_at) VALUES (?, ?)", (doc_id, now()))
            if published is not None:
                c.execute("UPDATE doc_meta SET published = ?, published_source = ?, published_evidence = ?,"
                          " updated_at = ? WHERE doc_id = ?",
                          (published.strip(), REVIEWER_SOURCE, self.reviewer, now(), doc_id))
            if outlet is not None:
                c.execute("UPDATE doc_meta SET outlet = ?, outlet_source = ?, outlet_evidence = ?, updated_at = ?"
                          " WHERE doc_id = ?", (" ".join(outlet.split()), REVIEWER_SOURCE, self.reviewer, now(), doc_id))
        return before

    def restore_article_meta(self, info: ArticleInfo) -> None:
        from annotator.store.project import now

        with self.transaction() as c:
            c.execute(
                "INSERT OR REPLACE INTO doc_meta(doc_id, published, published_source, published_evidence, outlet,"
                " outlet_source, outlet_evidence, updated_at) VALUES (?,?,?,?,?,?,?,?)",
                (info.doc_id, info.published, info.published_source, info.published_evidence, info.outlet,
                 info.outlet_source, info.outlet_evidence, now()),
            )

    def outlets(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT DISTINCT outlet FROM doc_meta WHERE outlet <> '' ORDER BY 1")]

    def article_meta_pending(self) -> int:
        """How many documents imported before article metadata existed still wait for the one-time back-fill
        (0 once it has run to the end)."""
        if self.get_meta("article_meta_pending") is None:
            return 0
        return self.conn.execute(
            "SELECT COUNT(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM doc_meta m WHERE m.doc_id = d.id)"
        ).fetchone()[0]

    def backfill_article_meta(self, *, progress=None, cancel=None) -> BackfillRun:
        """Read the date and outlet of documents imported before article metadata existed (once, after the
        migration that added it), a chunk per transaction. progress(fraction, message) reports after each
        chunk; cancel() -> True stops between chunks, and the next run goes on from there."""
        from annotator.core.article_meta import extract
        from annotator.store.project import now

        run = BackfillRun()
        if self.get_meta("article_meta_pending") is None:
            return run
        run.total = self.article_meta_pending()
        last = 0
        while True:
            if cancel is not None and cancel():
                run.cancelled = True
                return run
            rows = self.conn.execute(
                "SELECT d.id, d.title, d.url, d.meta, d.text FROM documents d WHERE d.id > ? AND NOT EXISTS"
                " (SELECT 1 FROM doc_meta m WHERE m.doc_id = d.id) ORDER BY d.id LIMIT ?", (last, BACKFILL_CHUNK)
            ).fetchall()
            if not rows:
                break
            with self.transaction() as c:
                stamp = now()
                for doc_id, title, url, meta, text in rows:
                    found = extract(text, meta=json.loads(meta), url=url, title=title)
                    _write_meta(c, doc_id, found, stamp)
                    run.dated += bool(found.published.value)
            run.read += len(rows)
            last = rows[-1][0]
            if progress is not None:
                progress(run.read / max(run.total, 1), f"read the date and outlet of {run.read}/{run.total} documents")
        with self.transaction() as c:
            c.execute("DELETE FROM meta WHERE key = 'article_meta_pending'")
        return run


@dataclass(slots=True)
class BackfillRun:
    """What one back-fill run did: documents read (of total waiting), how many got a date, cancelled or not."""

    read: int = 0
    total: int = 0
    dated: int = 0
    cancelled: bool = False


_META_INSERT = (
    "INSERT OR REPLACE INTO doc_meta(doc_id, published, published_source, published_evidence, outlet, outlet_source,"
    " outlet_evidence, updated_at) VALUES (?,?,?,?,?,?,?,?)"
)


def _meta_row(doc_id: int, found: ArticleMeta | tuple, stamp: str) -> tuple:
    """found: an ArticleMeta, or its six values in this order (NewDocument.article from a segmenter process)."""
    if type(found) is tuple:
        return (doc_id, *found, stamp)
    return (doc_id, found.published.value, found.published.source, found.published.evidence, found.outlet.value,
            found.outlet.source, found.outlet.evidence, stamp)


def _write_meta(c, doc_id: int, found: ArticleMeta, stamp: str) -> None:
    c.execute(_META_INSERT, _meta_row(doc_id, found, stamp))
