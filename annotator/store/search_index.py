"""The search index follows the import: documents are stored and usable first, FTS5 indexes them after.

An import stores documents, segments and line statistics and returns; `index_pending()` then adds the documents
to the FTS5 trigram index of their whitespace-free copies (doc_fts_compact, the one search index) in id order, a
batch per transaction, moving a watermark (`meta.fts_indexed_through`) in the same transaction. So the index always holds exactly the documents up to the watermark, a crash loses at
most the batch in flight and the next run resumes there, and a search is correct at every moment: the index
answers for the documents up to the watermark and a scan for those after it (see ListingMixin._search_sql).

A damaged index (its shadow tables overwritten or cut, which PRAGMA quick_check does not see) must not give wrong
or no results: the first search of a Project probes it cheaply (probe_search_index: a few documents must be found
by it, ~2 ms on 10k documents), and a search that meets a damaged index, or whose probe failed, scans every
document instead and says so (search_index_damage). The full FTS5 integrity-check reads every document (~2 s for
10k of them), so it runs only when asked (`annotator index --check`). rebuild_search_index() empties the index and
indexes every document again through index_pending(): only the index is written, never a document, label or
anything saved.
"""

from __future__ import annotations

import functools
import re
import sqlite3
import time
from dataclasses import dataclass
from typing import Callable

from annotator.store.connection import short_error

WATERMARK_KEY = "fts_indexed_through"
# SQL for the watermark inside a query, so that a search reads it in the same snapshot as the index.
WATERMARK_SQL = f"(SELECT CAST(value AS INTEGER) FROM meta WHERE key = '{WATERMARK_KEY}')"
INDEX_BATCH = 2000
FTS_TABLE = "doc_fts_compact"
# Written by every reset of the index: a connection that found the index damaged trusts it again once it changes.
RESET_KEY = "fts_reset_count"
# Its declaration (schema step COMPACT_SEARCH): an empty twin in temp gives the rows of an empty index.
_FTS_ARGS = "title, text, content='', tokenize='trigram', detail=none"
_SHADOWS = ("data", "idx", "docsize", "config")
# What SQLite says of a damaged FTS5 index (its shadow tables garbled, cut or emptied).
_DAMAGE_SIGNS = ("malformed", "corrupt", "vtable constructor failed", "invalid fts5 file format")
_PLAIN_RUN = re.compile(r"[^%_]{3,}")  # a piece of text a LIKE pattern holds as it is


def is_index_damage(exc: BaseException) -> bool:
    return isinstance(exc, sqlite3.DatabaseError) and any(sign in str(exc) for sign in _DAMAGE_SIGNS)


def scans_if_index_damaged(method):
    """For a query that may use the search index: on a damaged index, note it and answer again by a scan. The
    answer is then complete; if the scan fails as well, the damage is not the index's and the error goes up."""
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        resets = self._index_resets()  # before the query: a rebuild committed meanwhile is not taken for this one
        try:
            return method(self, *args, **kwargs)
        except sqlite3.DatabaseError as exc:
            if self._index_damage is not None or not is_index_damage(exc):
                raise
            self._note_index_damage(short_error(exc), resets)
            try:
                return method(self, *args, **kwargs)
            except sqlite3.DatabaseError:
                self._index_damage = None
                raise exc from None
    return wrapper


@dataclass
class IndexRun:
    """What one index_pending() call did."""

    indexed: int = 0
    remaining: int = 0
    seconds: float = 0.0
    cancelled: bool = False
    repaired: str | None = None  # the index was found damaged (this) and is being built again from nothing

    def as_dict(self) -> dict:
        out = {"indexed": self.indexed, "remaining": self.remaining, "seconds": round(self.seconds, 3),
               "cancelled": self.cancelled}
        return out if self.repaired is None else {**out, "repaired": self.repaired}


class SearchIndexMixin:
    """Mixed into Project; relies on conn, path, transaction(), get_meta()."""

    _index_damage: str | None = None  # what was wrong with the search index, when a search or probe found it
    _index_damage_reset: str | None = None  # RESET_KEY when it was found
    _index_probed = False

    @property
    def search_index_damage(self) -> str | None:
        """For the user: the search index is damaged, searches scan, and how to repair it; None when it is sound
        (as far as this connection's searches and probe have seen)."""
        self._forget_if_rebuilt()
        if self._index_damage is None:
            return None
        return (f"{self.path}: the search index is damaged ({self._index_damage}); searches read every document"
                " instead (complete, but slower) until `annotator index --rebuild` rebuilds the index")

    def _index_resets(self) -> str | None:
        return self.get_meta(RESET_KEY) if self._index_damage is None else self._index_damage_reset

    def _note_index_damage(self, detail: str, resets: str | None = None) -> None:
        """resets: RESET_KEY as it was when the query that met the damage began (default: now)."""
        self._index_damage = detail
        self._index_damage_reset = self.get_meta(RESET_KEY) if resets is None else resets

    def _forget_if_rebuilt(self) -> None:
        if self._index_damage is not None and self.get_meta(RESET_KEY) != self._index_damage_reset:
            self._index_damage = None  # rebuilt since (by another connection: the app's indexer)

    def _index_usable(self) -> bool:
        """Whether a search may use the index: probed once per connection, and trusted again after a reset."""
        self._forget_if_rebuilt()
        if self._index_damage is None and not self._index_probed:
            self._index_probed = True
            damage = self.probe_search_index()
            if damage is not None:
                self._note_index_damage(damage)
        return self._index_damage is None

    def probe_search_index(self) -> str | None:
        """A cheap look for damage (~2 ms on 10k documents): the first, middle and last indexed documents must each
        be found by the index for a piece of their own text. What is wrong (one line), or None. It cannot see
        everything the full check_search_index() sees, but an index emptied, cut or garbled where a search reads it
        fails it."""
        mark = self.indexed_through()
        try:
            ids = {r[0] for r in self.conn.execute(
                "SELECT MIN(id) FROM documents WHERE id <= ?1 UNION SELECT MAX(id) FROM documents WHERE id <= ?1"
                " UNION SELECT MIN(id) FROM documents WHERE id >= ?1 / 2 AND id <= ?1", (mark,))} - {None}
            for doc_id, title, text in self.conn.execute(
                    f"SELECT id, title, text FROM doc_compact WHERE id IN ({','.join('?' * len(ids))})",
                    sorted(ids)).fetchall() if ids else []:
                for column, value in (("text", text), ("title", title)):
                    piece = _probe_piece(value or "")
                    if piece is None:
                        continue
                    found = self.conn.execute(f"SELECT 1 FROM {FTS_TABLE} WHERE {column} LIKE ? AND rowid = ?",
                                              (f"%{piece}%", doc_id)).fetchone()
                    if found is None:
                        return f"document {doc_id} is missing from it"
                    break
        except sqlite3.DatabaseError as exc:
            if is_index_damage(exc):
                return short_error(exc)
            raise
        return None

    def check_search_index(self) -> str | None:
        """FTS5's own integrity-check: every entry of the index against the documents (reads all of them; ~2 s
        for 10k). What is wrong, or None."""
        indexed, total = self.index_status()
        # Checked against the documents only when all are indexed: those after the watermark are not, by design.
        against = 1 if indexed == total else 0
        try:
            self.conn.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('integrity-check', ?)",
                              (against,))
            if against == 0 and (damage := self.probe_search_index()) is not None:
                return damage
            found = self.conn.execute(f"SELECT COUNT(*) FROM {FTS_TABLE}_docsize").fetchone()[0]
            if found != indexed:
                return f"it holds {found} documents, {indexed} expected"
        except sqlite3.DatabaseError as exc:
            if is_index_damage(exc):
                return short_error(exc)
            raise
        return None

    def reset_search_index(self) -> None:
        """Empty the search index and move the watermark to 0 in one transaction: searches scan until
        index_pending() has indexed everything again (resumable as ever). Only the index's own tables are
        written. A damaged index may refuse FTS5's own 'delete-all' (its structure unreadable): its shadow tables
        then get the rows of an empty index, taken from an empty twin made in the temp schema."""
        with self.transaction() as c:
            try:
                c.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('delete-all')")
            except sqlite3.DatabaseError as exc:
                if not is_index_damage(exc):
                    raise
                c.execute(f"CREATE VIRTUAL TABLE temp.fts_empty USING fts5({_FTS_ARGS})")
                for shadow in _SHADOWS:
                    c.execute(f"DELETE FROM main.{FTS_TABLE}_{shadow}")
                for shadow in ("data", "config"):
                    c.execute(f"INSERT INTO main.{FTS_TABLE}_{shadow} SELECT * FROM temp.fts_empty_{shadow}")
                c.execute("DROP TABLE temp.fts_empty")
            c.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, '0')", (WATERMARK_KEY,))
            c.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, COALESCE((SELECT CAST(value AS INTEGER)"
                      " FROM meta WHERE key = ?), 0) + 1)", (RESET_KEY, RESET_KEY))
        self._index_damage = None
        self._index_probed = True  # empty now: nothing to probe until it is indexed again, by this connection

    def rebuild_search_index(self, **options) -> IndexRun:
        """reset_search_index() then index_pending(**options) (batch, progress, cancel): every document indexed
        again, resumable like an import's."""
        self.reset_search_index()
        return self.index_pending(**options)

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
        """Add every document after the watermark to the search index, `batch` documents per transaction. A
        damaged index (the probe) is emptied first and every document indexed again: adding to it would fail."""
        run = IndexRun()
        started = time.perf_counter()
        indexed, total = self.index_status()
        if 0 < indexed < total and (damage := self.probe_search_index()) is not None:
            self.reset_search_index()
            run.repaired, indexed = damage, 0
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
            damage = None
            try:
                with self.transaction() as c:
                    # the one search index: whitespace-free titles and texts (schema steps 2 and 11)
                    try:
                        c.execute("INSERT INTO doc_fts_compact(rowid, title, text) SELECT id, title, text"
                                  " FROM doc_compact WHERE id > ? AND id <= ? ORDER BY id", (mark, upto))
                    except sqlite3.DatabaseError as exc:  # a rowid it holds already: out of step, damage too
                        if run.repaired is not None or not (is_index_damage(exc)
                                                            or isinstance(exc, sqlite3.IntegrityError)):
                            raise
                        damage = short_error(exc)
                        raise _IndexDamaged from None  # the batch's transaction rolls back
                    c.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (WATERMARK_KEY, str(upto)))
            except _IndexDamaged:
                # damage the probe did not see, met by the insert: the index emptied, every document again
                self.reset_search_index()
                run.repaired, pending = damage, total
                continue
            run.indexed += row[1]
            if progress is not None:
                progress(run.indexed / max(pending, 1), f"indexed {run.indexed}/{pending} documents")
        indexed, total = self.index_status()
        run.remaining = total - indexed
        run.seconds = time.perf_counter() - started
        return run


class _IndexDamaged(Exception):
    """Inside index_pending: the batch met a damaged index (its transaction is rolled back)."""


def _probe_piece(value: str) -> str | None:
    """Up to 8 characters from the middle of a whitespace-free text with no LIKE wildcard in them (3 at least)."""
    for part in (value[max(0, len(value) // 2 - 4):], value):
        found = _PLAIN_RUN.search(part)
        if found is not None:
            return found.group()[:8]
    return None
