"""The document list: filtered, paged queries and substring search (FTS5 trigram, LIKE fallback)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from annotator.core.model import STATUSES
from annotator.store.errors import ProjectError
from annotator.store.search_index import WATERMARK_SQL

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


class ListingMixin:
    """Mixed into Project; relies on conn and reviewer_id."""

    def document_ids(self, status: str | None = None) -> list[int]:
        """Document ids in list order, optionally only those with `status` for the current reviewer."""
        sql, args = self._filtered_ids_sql(status, None)
        return [r[0] for r in self.conn.execute(sql, args)]

    def _filtered_ids_sql(self, status: str | None, query: str | None) -> tuple[str, list]:
        where, args = [], []
        if status is not None:
            if status not in STATUSES:
                raise ProjectError(f"unknown status {status!r}; use one of {', '.join(STATUSES)}")
            where.append(
                "COALESCE((SELECT status FROM doc_status s WHERE s.doc_id = d.id AND s.reviewer_id = ?), 'new') = ?"
            )
            args += [self.reviewer_id, status]
        if query:
            ids_sql, ids_args = self._search_sql(query)
            where.append(f"d.id IN ({ids_sql})")
            args += ids_args
        clause = f" WHERE {' AND '.join(where)}" if where else ""
        return f"SELECT d.id FROM documents d{clause} ORDER BY d.id", args

    def document_page(
        self, offset: int, limit: int, *, status: str | None = None, query: str | None = None
    ) -> list[DocumentRow]:
        ids_sql, args = self._filtered_ids_sql(status, query)
        rows = self.conn.execute(
            "SELECT d.id, d.title, d.source,"
            " COALESCE((SELECT status FROM doc_status s WHERE s.doc_id = d.id AND s.reviewer_id = ?), 'new'),"
            " (SELECT COUNT(*) FROM spans sp WHERE sp.doc_id = d.id), st.updated_at"
            f" FROM {DOC_FROM} WHERE d.id IN (SELECT id FROM ({ids_sql}) LIMIT ? OFFSET ?) ORDER BY d.id",
            [self.reviewer_id, *args, limit, offset],
        ).fetchall()
        return [DocumentRow(*r) for r in rows]

    def count_filtered(self, *, status: str | None = None, query: str | None = None) -> int:
        ids_sql, args = self._filtered_ids_sql(status, query)
        return self.conn.execute(f"SELECT COUNT(*) FROM ({ids_sql})", args).fetchone()[0]

    def filtered_position(self, doc_id: int, *, status: str | None = None, query: str | None = None) -> int | None:
        """0-based position of a document in the filtered list, or None when the filter hides it."""
        sql, args = self._filtered_ids_sql(status, query)
        if self.conn.execute(f"SELECT 1 FROM ({sql}) WHERE id = ?", [*args, doc_id]).fetchone() is None:
            return None
        return self.conn.execute(f"SELECT COUNT(*) FROM ({sql}) WHERE id < ?", [*args, doc_id]).fetchone()[0]

    def filtered_neighbour(
        self, doc_id: int | None, step: int, *, status: str | None = None, query: str | None = None
    ) -> int | None:
        """The next (step > 0) or previous document of the filtered list after/before doc_id, even if
        doc_id itself has left the filter (e.g. just marked done while only new documents are shown)."""
        sql, args = self._filtered_ids_sql(status, query)
        if doc_id is None:
            order = "ASC" if step > 0 else "DESC"
            row = self.conn.execute(f"SELECT id FROM ({sql}) ORDER BY id {order} LIMIT 1", args).fetchone()
        elif step > 0:
            row = self.conn.execute(f"SELECT id FROM ({sql}) WHERE id > ? ORDER BY id LIMIT 1", [*args, doc_id]).fetchone()
        else:
            row = self.conn.execute(
                f"SELECT id FROM ({sql}) WHERE id < ? ORDER BY id DESC LIMIT 1", [*args, doc_id]
            ).fetchone()
        return row[0] if row else None

    # search -----------------------------------------------------------------------------------------
    def _search_sql(self, query: str) -> tuple[str, list]:
        """Substring search. From 3 characters the FTS5 trigram index answers LIKE (detail=none keeps the
        index small; it has no phrase queries, but LIKE needs none). '%' and '_' in the query act as
        wildcards there (an ESCAPE clause would bypass the index), so such queries are re-checked exactly."""
        query = query.strip()
        # The trigram index needs a run of 3 characters that are not LIKE wildcards; else scan.
        if max(len(run) for run in re.split(r"[%_]", query)) >= 3:
            pattern = f"%{query}%"
            # The index holds the documents up to the watermark; later ones (an import whose index is still
            # being built) are scanned, so a search is complete at every moment.
            sql = ("SELECT rowid FROM doc_fts WHERE text LIKE ? UNION SELECT rowid FROM doc_fts WHERE title LIKE ?"
                   f" UNION SELECT id FROM documents WHERE id > COALESCE({WATERMARK_SQL}, 0)"
                   " AND (text LIKE ? OR title LIKE ?)")
            if "%" in query or "_" in query:
                sql = (f"SELECT id FROM documents WHERE id IN ({sql})"
                       " AND (instr(lower(text), lower(?)) > 0 OR instr(lower(title), lower(?)) > 0)")
                return sql, [pattern, pattern, pattern, pattern, query, query]
            return sql, [pattern, pattern, pattern, pattern]
        pattern = "%" + query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        return (
            "SELECT id FROM documents WHERE text LIKE ? ESCAPE '\\' OR title LIKE ? ESCAPE '\\'",
            [pattern, pattern],
        )

    def search(self, query: str, limit: int | None = None) -> list[int]:
        """Ids of documents whose title or text contains `query` (FTS5 trigram; LIKE under 3 characters)."""
        if not query.strip():
            return []
        sql, args = self._search_sql(query)
        sql = f"SELECT DISTINCT * FROM ({sql}) ORDER BY 1"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [r[0] for r in self.conn.execute(sql, args)]
