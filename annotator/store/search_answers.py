"""A search answered on one connection and used by another: the app's document list stays responsive.

A query that cannot use the trigram index (fewer than 3 characters without whitespace, or a damaged index)
scans every document (~200-450 ms on 10k documents), and even an indexed one can take that long when most
documents hold it. The app therefore asks a worker's connection for the matching ids (search_answer), and hands
the answer to the window's connection (pin_search); from then on every listing query of that search (the count,
the pages, a row's position, the review queue) reads the pinned ids from a TEMP table instead of searching again.
A text never changes once stored and documents are never deleted, so the answer stays right; documents added
after it (an import) are beyond its `through` and are scanned, as documents beyond the index watermark are.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from annotator.core.search import compact
from annotator.store.connection import rollback


@dataclass(frozen=True, slots=True)
class SearchAnswer:
    """The documents holding a query, as one connection found them."""

    literal: str  # the query as the search reads it (stripped; whitespace-free unless exact_spacing)
    exact_spacing: bool
    ids: tuple[int, ...]
    through: int  # the highest document id when the search began: later documents were not searched
    index_damage: str | None = None  # the search met a damaged index (and scanned instead)
    index_resets: str | None = None


def search_literal(query: str, exact_spacing: bool) -> str:
    return query.strip() if exact_spacing else compact(query)


class SearchAnswersMixin:
    """Mixed into Project; relies on conn, search(), the search index mixin's damage notes."""

    _pinned: SearchAnswer | None = None

    def search_answer(self, query: str, *, exact_spacing: bool = False) -> SearchAnswer | None:
        """The ids of the documents holding query (for another connection's pin_search); None when interrupt()
        stopped it."""
        try:
            through = self.conn.execute("SELECT COALESCE(MAX(id), 0) FROM documents").fetchone()[0]
            ids = self.search(query, exact_spacing=exact_spacing)
        except sqlite3.OperationalError as exc:
            if "interrupt" in str(exc):
                return None
            raise
        return SearchAnswer(search_literal(query, exact_spacing), exact_spacing, tuple(ids), through,
                            self._index_damage, self._index_damage_reset)

    def interrupt(self) -> None:
        """Stop the query this connection is running (from any thread); a no-op when none runs."""
        try:
            self.conn.interrupt()
        except sqlite3.ProgrammingError:
            pass  # closed meanwhile: nothing runs

    def pin_search(self, answer: SearchAnswer) -> None:
        """Answer the listing queries of answer's search from its ids (one search pinned at a time). Writes
        nothing to the file: the ids live in a TEMP table of this connection."""
        conn = self.conn
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS search_pin (doc_id INTEGER PRIMARY KEY)")
        self._pinned = None
        # One transaction (TEMP writes never lock the file): a row each in autocommit took ~200 ms. A savepoint,
        # so that it nests in a transaction the connection may have open, and never ends it.
        conn.execute("SAVEPOINT search_pin")
        try:
            conn.execute("DELETE FROM temp.search_pin")
            conn.executemany("INSERT INTO temp.search_pin(doc_id) VALUES (?)", ((i,) for i in answer.ids))
            conn.execute("RELEASE search_pin")
        except BaseException:
            try:
                conn.execute("ROLLBACK TO search_pin")
                conn.execute("RELEASE search_pin")
            except sqlite3.Error:
                rollback(conn)
            raise
        self._pinned = answer
        if answer.index_damage is not None and self._index_damage is None:
            self._note_index_damage(answer.index_damage, answer.index_resets)  # for search_index_damage

    def pinned_search(self, query: str, exact_spacing: bool = False) -> bool:
        """Whether the listing queries of this search read pinned ids (no search runs for them)."""
        pinned = self._pinned
        return pinned is not None and (pinned.literal, pinned.exact_spacing) == (
            search_literal(query, exact_spacing), exact_spacing)

    def _pinned_answer(self, literal: str, exact_spacing: bool) -> SearchAnswer | None:
        """The pinned answer of this search (its ids are in temp.search_pin), or None when it is not pinned; the
        listing SQL adds the documents after its `through` (listing._search_sql)."""
        pinned = self._pinned
        if pinned is None or (pinned.literal, pinned.exact_spacing) != (literal, exact_spacing):
            return None
        return pinned
