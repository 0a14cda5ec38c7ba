"""The document list: filtered, paged queries and substring search (FTS5 trigram, LIKE fallback)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from annotator.core.model import STATUSES
from annotator.core.search import SearchHits, compact, search_pattern, summarize_hits
from annotator.store.errors import ProjectError
from annotator.store.search_index import WATERMARK_SQL, scans_if_index_damaged
from annotator.store.suggestions import pending_for

DOC_FROM = "documents d JOIN doc_state st ON st.doc_id = d.id"


@dataclass(frozen=True, slots=True)
class DocumentRow:
    """What the document list shows; cheap to fetch a page of."""

    id: int
    title: str
    source: str
    status: str
    entity_count: int
    updated_at: str
    published: str = ""  # the article's date (annotator.store.doc_meta), "" when unknown
    outlet: str = ""
    hits: int = 0  # with a search: hits of the query in the text
    snippet: str = ""  # with a search: the first hit in context
    suggestions: int = 0  # pending suggestions (the suggestions layer)


# The entities a reviewer sees in a document: one per place and label, whichever layers hold it.
ENTITY_COUNT = (
    "(SELECT COUNT(DISTINCT sp.start || ':' || sp.\"end\" || ':' || sp.label_id) FROM spans sp"
    " WHERE sp.doc_id = d.id AND sp.layer_id NOT IN (SELECT id FROM layers WHERE kind = 'suggestions'))"
)


# Queue orders beside the list order (document id): most open decisions (pending suggestions) first, and least
# confident first (the lowest mean score of the pending suggestions; documents without any come last). Such an
# order is a snapshot taken when it is chosen (set_queue_order), in a TEMP table of this connection, so that a
# document does not move while it is reviewed; documents added later follow in id order.
QUEUE_ORDERS = ("list", "decisions", "confidence")
_ORDER_KEYS = {"decisions": "coalesce(p.n, 0) DESC, d.id", "confidence": "p.mean IS NULL, p.mean, d.id"}


def _pending_stats(reviewer_id: int, layer_id: int) -> str:
    """Per document: how many suggestions the reviewer has pending (decisions are their own), their mean score."""
    return ("SELECT s.doc_id, COUNT(*) AS n, AVG(i.score) AS mean FROM spans s"
            " LEFT JOIN suggestion_info i ON i.span_id = s.id"
            f" WHERE s.layer_id IN (SELECT id FROM layers WHERE kind = 'suggestions'){pending_for(reviewer_id, layer_id)}"
            " GROUP BY s.doc_id")


_AFTER_SNAPSHOT = 1 << 40  # rank of a document the snapshot lacks: after every ranked one, in id order


class ListingMixin:
    """Mixed into Project; relies on conn and reviewer_id."""

    queue_order = "list"

    def set_queue_order(self, order: str) -> None:
        """Order the list (and the review queue) by `order` (QUEUE_ORDERS), ranked now. Writes nothing to the
        file: the ranking lives in a TEMP table of this connection."""
        if order not in QUEUE_ORDERS:
            raise ProjectError(f"unknown queue order {order!r}; use one of {', '.join(QUEUE_ORDERS)}")
        if order != "list":
            self.conn.execute("CREATE TEMP TABLE IF NOT EXISTS queue_order (doc_id INTEGER PRIMARY KEY,"
                              " rank INTEGER NOT NULL)")
            self.conn.execute("DELETE FROM temp.queue_order")
            self.conn.execute("INSERT INTO temp.queue_order(doc_id, rank) SELECT d.id, ROW_NUMBER() OVER"
                              f" (ORDER BY {_ORDER_KEYS[order]}) FROM documents d"
                              f" LEFT JOIN ({_pending_stats(self.reviewer_id, self.layer_id)}) p ON p.doc_id = d.id")
            if self.conn.in_transaction:  # the TEMP writes opened one (never the file's)
                self.conn.commit()
        self.queue_order = order

    def _rank_sql(self) -> tuple[str, str]:
        """(join, rank expression) of the current queue order, over documents d."""
        if self.queue_order == "list":
            return "", "d.id"
        return (" LEFT JOIN temp.queue_order q ON q.doc_id = d.id",
                f"COALESCE(q.rank, {_AFTER_SNAPSHOT} + d.id)")

    def _rank_of(self, doc_id: int) -> int:
        join, rank = self._rank_sql()
        if not join:
            return doc_id
        row = self.conn.execute(f"SELECT {rank} FROM documents d{join} WHERE d.id = ?", (doc_id,)).fetchone()
        return row[0] if row else _AFTER_SNAPSHOT + doc_id

    def document_ids(self, status: str | None = None, *, dates=None) -> list[int]:
        """Document ids in list order, optionally only those with `status` for the current reviewer."""
        sql, args = self._filtered_ids_sql(status, None, dates=dates)
        return [r[0] for r in self.conn.execute(sql, args)]

    def _filtered_ids_sql(self, status: str | None, query: str | None,
                          exact_spacing: bool = False, dates=None) -> tuple[str, list]:
        """dates: (first day, last day) of publication, either None for open; a bound leaves out undated documents."""
        where, args = [], []
        if dates and (dates[0] or dates[1]):
            from annotator.store.doc_meta import date_range_sql

            sql, date_args = date_range_sql(dates[0], dates[1], "m.published")
            where.append(f"d.id IN (SELECT m.doc_id FROM doc_meta m WHERE {sql})")
            args += date_args
        if status is not None:
            if status not in STATUSES:
                raise ProjectError(f"unknown status {status!r}; use one of {', '.join(STATUSES)}")
            where.append(
                "COALESCE((SELECT status FROM doc_status s WHERE s.doc_id = d.id AND s.reviewer_id = ?), 'new') = ?"
            )
            args += [self.reviewer_id, status]
        if query:
            ids_sql, ids_args = self._search_sql(query, exact_spacing=exact_spacing)
            where.append(f"d.id IN ({ids_sql})")
            args += ids_args
        clause = f" WHERE {' AND '.join(where)}" if where else ""
        join, rank = self._rank_sql()
        return f"SELECT d.id AS id, {rank} AS rank FROM documents d{join}{clause} ORDER BY rank", args

    @scans_if_index_damaged
    def document_page(
        self, offset: int, limit: int, *, status: str | None = None, query: str | None = None,
        exact_spacing: bool = False, dates=None,
    ) -> list[DocumentRow]:
        ids_sql, args = self._filtered_ids_sql(status, query, exact_spacing, dates)
        rows = self.conn.execute(
            "SELECT d.id, d.title, d.source,"
            " COALESCE((SELECT status FROM doc_status s WHERE s.doc_id = d.id AND s.reviewer_id = ?), 'new'),"
            f" {ENTITY_COUNT}, st.updated_at,"
            " COALESCE(m.published, ''), COALESCE(m.outlet, ''),"
            " (SELECT COUNT(*) FROM spans sg WHERE sg.doc_id = d.id"
            " AND sg.layer_id IN (SELECT id FROM layers WHERE kind = 'suggestions')"
            f"{pending_for(self.reviewer_id, self.layer_id, 'sg')})"
            f" FROM {DOC_FROM} JOIN (SELECT id AS page_id, rank AS page_rank FROM ({ids_sql}) LIMIT ? OFFSET ?) p"
            " ON p.page_id = d.id LEFT JOIN doc_meta m ON m.doc_id = d.id ORDER BY p.page_rank",
            [self.reviewer_id, *args, limit, offset],
        ).fetchall()
        if not query:
            return [DocumentRow(*r[:8], suggestions=r[8]) for r in rows]
        hits = self.search_hits([r[0] for r in rows], query, exact_spacing=exact_spacing)
        empty = SearchHits(0, None, "")
        return [DocumentRow(*r[:8], hits=hits.get(r[0], empty).count, snippet=hits.get(r[0], empty).snippet,
                            suggestions=r[8]) for r in rows]

    @scans_if_index_damaged
    def count_filtered(self, *, status: str | None = None, query: str | None = None,
                    exact_spacing: bool = False, dates=None) -> int:
        ids_sql, args = self._filtered_ids_sql(status, query, exact_spacing, dates)
        return self.conn.execute(f"SELECT COUNT(*) FROM ({ids_sql})", args).fetchone()[0]

    @scans_if_index_damaged
    def filtered_position(self, doc_id: int, *, status: str | None = None, query: str | None = None,
                    exact_spacing: bool = False, dates=None) -> int | None:
        """0-based position of a document in the filtered list, or None when the filter hides it."""
        sql, args = self._filtered_ids_sql(status, query, exact_spacing, dates)
        row = self.conn.execute(f"SELECT rank FROM ({sql}) WHERE id = ?", [*args, doc_id]).fetchone()
        if row is None:
            return None
        return self.conn.execute(f"SELECT COUNT(*) FROM ({sql}) WHERE rank < ?", [*args, row[0]]).fetchone()[0]

    @scans_if_index_damaged
    def filtered_neighbour(
        self, doc_id: int | None, step: int, *, status: str | None = None, query: str | None = None,
        exact_spacing: bool = False, dates=None,
    ) -> int | None:
        """The next (step > 0) or previous document of the filtered list after/before doc_id, even if
        doc_id itself has left the filter (e.g. just marked done while only new documents are shown)."""
        sql, args = self._filtered_ids_sql(status, query, exact_spacing, dates)
        if doc_id is None:
            order = "ASC" if step > 0 else "DESC"
            row = self.conn.execute(f"SELECT id FROM ({sql}) ORDER BY rank {order} LIMIT 1", args).fetchone()
        elif step > 0:
            row = self.conn.execute(f"SELECT id FROM ({sql}) WHERE rank > ? ORDER BY rank LIMIT 1",
                                    [*args, self._rank_of(doc_id)]).fetchone()
        else:
            row = self.conn.execute(
                f"SELECT id FROM ({sql}) WHERE rank < ? ORDER BY rank DESC LIMIT 1", [*args, self._rank_of(doc_id)]
            ).fetchone()
        return row[0] if row else None

    # training scopes ------------------------------------------------------------------------------
    def document_ids_done_by_anyone(self) -> list[int]:
        """Documents some reviewer has marked done, in id order."""
        return [r[0] for r in self.conn.execute(
            "SELECT DISTINCT doc_id FROM doc_status WHERE status = 'done' ORDER BY doc_id")]

    def labelled_document_ids(self) -> list[int]:
        """Documents with at least one entity (a suggestion is none), in id order."""
        return [r[0] for r in self.conn.execute(
            "SELECT DISTINCT doc_id FROM spans WHERE layer_id NOT IN (SELECT id FROM layers WHERE kind = 'suggestions')"
            " ORDER BY doc_id")]

    def entity_label_counts(self, doc_ids: list[int]) -> dict[str, int]:
        """Entities per label name in the given documents (an entity several layers hold counts once)."""
        counts: dict[str, int] = {}
        ids = sorted(set(doc_ids))
        for i in range(0, len(ids), 500):  # below SQLite's bound-parameter limit
            part = ids[i:i + 500]
            for name, n in self.conn.execute(
                "SELECT l.name, COUNT(*) FROM (SELECT DISTINCT s.doc_id, s.start, s.\"end\", s.label_id FROM spans s"
                f" WHERE s.doc_id IN ({','.join('?' * len(part))}) AND s.layer_id NOT IN"
                " (SELECT id FROM layers WHERE kind = 'suggestions')) e JOIN labels l ON l.id = e.label_id"
                " GROUP BY l.name", part):
                counts[name] = counts.get(name, 0) + n
        return counts

    # the review queue ------------------------------------------------------------------------------
    @scans_if_index_damaged
    def next_open_document(
        self, doc_id: int | None, *, status: str | None = None, query: str | None = None,
        exact_spacing: bool = False, dates=None,
    ) -> int | None:
        """The next document of the filtered list after doc_id that the current reviewer has not marked done
        or skipped, wrapping around to the start; None when none is left (doc_id itself never counts)."""
        sql, args = self._filtered_ids_sql(status, query, exact_spacing, dates)
        open_sql = (
            f"SELECT id FROM ({sql}) f WHERE COALESCE((SELECT status FROM doc_status s"
            " WHERE s.doc_id = f.id AND s.reviewer_id = ?), 'new') NOT IN ('done', 'skipped')"
        )
        args = [*args, self.reviewer_id]
        after = -1 if doc_id is None else self._rank_of(doc_id)
        row = self.conn.execute(f"{open_sql} AND rank > ? ORDER BY rank LIMIT 1", [*args, after]).fetchone()
        if row is None and doc_id is not None:
            row = self.conn.execute(f"{open_sql} AND rank < ? ORDER BY rank LIMIT 1", [*args, after]).fetchone()
        return row[0] if row else None

    @scans_if_index_damaged
    def filtered_status_counts(self, *, status: str | None = None, query: str | None = None,
                    exact_spacing: bool = False, dates=None) -> dict[str, int]:
        """Documents of the filtered list per status of the current reviewer."""
        sql, args = self._filtered_ids_sql(status, query, exact_spacing, dates)
        counts = dict.fromkeys(STATUSES, 0)
        for name, n in self.conn.execute(
            f"SELECT COALESCE((SELECT status FROM doc_status s WHERE s.doc_id = f.id AND s.reviewer_id = ?), 'new')"
            f" AS st, COUNT(*) FROM ({sql}) f GROUP BY st",
            [self.reviewer_id, *args],
        ):
            counts[name] = n
        return counts

    # search -----------------------------------------------------------------------------------------
    def _search_sql(self, query: str, *, exact_spacing: bool = False) -> tuple[str, list]:
        """Substring search (ASCII case folded, as LIKE does), across whitespace unless exact_spacing.

        One trigram index answers both kinds: doc_fts_compact holds the whitespace-free title and text (schema
        step 2). A text that holds the query holds its whitespace-free form in its whitespace-free copy, so the
        index finds a superset of the hits of either kind; where that superset is not exact (exact spacing, or '%'
        and '_' in the query, which LIKE reads as wildcards while an ESCAPE clause would bypass the index) the
        candidates are checked literally. The index needs a run of 3 characters that are not wildcards in the
        whitespace-free query (the index is asked for the longest such run); shorter queries scan. Documents after
        the index watermark (an import whose index is still being built) are scanned, so a search is complete at
        every moment; so are all of them when the index is damaged (search_index.py). A pinned search reads its
        ids instead (search_answers.py)."""
        literal = query.strip() if exact_spacing else compact(query)
        source = "documents" if exact_spacing else "doc_compact"
        escaped = "%" + literal.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        match = "(text LIKE ? ESCAPE '\\' OR title LIKE ? ESCAPE '\\')"
        key = compact(literal)
        # The index is asked for the longest run without a wildcard only: SQLite 3.40's trigram LIKE crashes the
        # process on some patterns with a '%' or '_' inside (found by tests/store/test_search_oracle.py).
        longest = max(re.split(r"[%_]", key), key=len)
        pin = self._pinned_answer(literal, exact_spacing)  # answered on another connection (search_answers.py)
        # With a pin, only the documents added since its answer are searched here (an import meanwhile): by the
        # index too where it can, not by a scan of each of them on the window's thread.
        after, after_args = ("id > ? AND ", [pin.through]) if pin is not None else ("", [])
        if len(longest) < 3 or not self._index_usable():  # a damaged index: every document is scanned
            sql, args = f"SELECT id FROM {source} WHERE {after}{match}", [*after_args, escaped, escaped]
        else:
            pattern = f"%{longest}%"
            fts_after = "rowid > ? AND " if pin is not None else ""
            indexed = (f"SELECT rowid FROM doc_fts_compact WHERE {fts_after}text LIKE ?"
                       f" UNION SELECT rowid FROM doc_fts_compact WHERE {fts_after}title LIKE ?")
            indexed_args = [*after_args, pattern, *after_args, pattern]
            later = f"SELECT id FROM {source} WHERE {after}id > COALESCE({WATERMARK_SQL}, 0) AND {match}"
            later_args = [*after_args, escaped, escaped]
            if not exact_spacing and "%" not in key and "_" not in key:  # the candidates are the hits
                sql, args = f"{indexed} UNION {later}", [*indexed_args, *later_args]
            else:
                checked = f"SELECT id FROM {source} WHERE id IN ({indexed}) AND {match}"
                sql, args = f"{checked} UNION {later}", [*indexed_args, escaped, escaped, *later_args]
        if pin is not None:  # UNION ALL: read as IN (...), where a document found twice does not count twice
            return f"SELECT doc_id FROM temp.search_pin UNION ALL {sql}", args
        return sql, args

    @scans_if_index_damaged
    def search(self, query: str, limit: int | None = None, *, exact_spacing: bool = False) -> list[int]:
        """Ids of documents whose title or text contains `query`, across whitespace unless exact_spacing."""
        if not query.strip() or not (query.strip() if exact_spacing else compact(query)):
            return []
        sql, args = self._search_sql(query, exact_spacing=exact_spacing)
        sql = f"SELECT DISTINCT * FROM ({sql}) ORDER BY 1"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [r[0] for r in self.conn.execute(sql, args)]

    def search_hits(self, doc_ids: list[int], query: str, *, exact_spacing: bool = False) -> dict[int, SearchHits]:
        """Hits of query in each document's text (count, first hit, a snippet), for the rows of a page."""
        pattern = search_pattern(query, exact_spacing=exact_spacing)
        if pattern is None or not doc_ids:
            return {}
        marks = ",".join("?" * len(doc_ids))
        rows = self.conn.execute(f"SELECT id, title, text FROM documents WHERE id IN ({marks})", doc_ids)
        out = {}
        for doc_id, title, text in rows:
            hits = summarize_hits(pattern, text)
            if hits.count == 0 and title:
                hits = summarize_hits(pattern, title)  # found by its title only
            out[doc_id] = hits
        return out
