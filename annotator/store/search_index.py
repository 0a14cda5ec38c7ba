"""The search index follows the import: documents are stored and usable first, FTS5 indexes them after.

An import stores documents, segments and line statistics and returns; `index_pending()` then adds the documents
to the FTS5 trigram index of their whitespace-free copies (doc_fts_compact, the one search index) in id order, a
batch per transaction, moving a watermark (`meta.fts_indexed_through`) in the same transaction. So the index always holds exactly the documents up to the watermark, a crash loses at
most the batch in flight and the next run resumes there, and a search is correct at every moment: the index
answers for the documents up to the watermark and a scan for those after it (see ListingMixin._search_sql).
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from typing import Callable

WATERMARK_KEY = "fts_indexed_through"
# SQL for the watermark inside a query, so that a search reads it in the same snapshot as the index.
WATERMARK_SQL = f"(SELECT CAST(value AS INTEGER) FROM meta WHERE key = '{WATERMARK_KEY}')"
INDEX_BATCH = 2000


@dataclass
class IndexRun:
    """What one index_pending() call did."""

    indexed: int = 0
    remaining: int = 0
    seconds: float = 0.0
    cancelled: bool = False

    def as_dict(self) -> dict:
        return {"indexed": self.indexed, "remaining": self.remaining, "seconds": round(self.seconds, 3),
                "cancelled": self.cancelled}


class SearchIndexMixin:
    """Mixed into Project; relies on conn, transaction(), get_meta()."""

    def _ensure_index_watermark(self) -> None:
        """A file without the watermark was written when every import indexed inline: all of it is indexed."""
        if self.get_meta(WATERMARK_KEY) is not None:
            return
        try:
            with self.transaction() as c:
                c.execute("INSERT OR IGNORE INTO meta(key, value) SELECT ?, COALESCE(MAX(id), 0) FROM documents",
                          (WATERMARK_KEY,))
        except sqlite3.Error:
            pass  # a read-only connection: searches fall back on the scan for what they cannot tell

    def indexed_through(self) -> int:
        value = self.get_meta(WATERMARK_KEY)
        if value is None:
            row = self.conn.execute("SELECT COALESCE(MAX(id), 0) FROM documents").fetchone()
            return int(row[0])
        return int(value)

    def index_status(self) -> tuple[int, int]:
        """(documents in the search index, documents in the project)."""
        mark = self.indexed_through()
        indexed, total = self.conn.execute(
            "SELECT COALESCE(SUM(id <= ?), 0), COUNT(*) FROM documents", (mark,)).fetchone()
        return int(indexed), int(total)

    def index_pending(
        self,
        *,
        batch: int = INDEX_BATCH,
        progress: Callable[[float, str], None] | None = None,
        cancel: Callable[[], bool] | None = None,
    ) -> IndexRun:
        """Add every document after the watermark to the search index, `batch` documents per transaction."""
        run = IndexRun()
        started = time.perf_counter()
        indexed, total = self.index_status()
        pending = total - indexed
        while True:
            if cancel is not None and cancel():
                run.cancelled = True
                break
            mark = self.indexed_through()
            row = self.conn.execute(
                "SELECT MAX(id), COUNT(*) FROM (SELECT id FROM documents WHERE id > ? ORDER BY id LIMIT ?)",
                (mark, batch)).fetchone()
            if not row[1]:
                break
            upto = row[0]
            with self.transaction() as c:
                # the one search index: whitespace-free titles and texts (schema steps 2 and 11)
                c.execute("INSERT INTO doc_fts_compact(rowid, title, text) SELECT id, title, text FROM doc_compact"
                          " WHERE id > ? AND id <= ? ORDER BY id", (mark, upto))
                c.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (WATERMARK_KEY, str(upto)))
            run.indexed += row[1]
            if progress is not None:
                progress(run.indexed / max(pending, 1), f"indexed {run.indexed}/{pending} documents")
        indexed, total = self.index_status()
        run.remaining = total - indexed
        run.seconds = time.perf_counter() - started
        return run
