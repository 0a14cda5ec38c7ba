"""What exports and reports read besides annotations: the documents with their line kinds, this reviewer's
statuses and line overrides, and which documents have content lines, for a chunk of documents at a time (one
query each)."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:
    from annotator.core.model import Document


class ViewsMixin:
    """Mixed into Project; relies on conn and reviewer_id."""

    def statuses_of(self, doc_ids: Sequence[int]) -> dict[int, str]:
        """This reviewer's status of each document that has one (the rest are new)."""
        out: dict[int, str] = {}
        for part in _parts(doc_ids):
            marks = ",".join("?" * len(part))
            out.update(self.conn.execute(
                f"SELECT doc_id, status FROM doc_status WHERE reviewer_id = ? AND doc_id IN ({marks})",
                [self.reviewer_id, *part]))
        return out

    def documents_with_line_kinds(self, doc_ids: Sequence[int], *, verify: bool = False, quoted: bool = False
                                  ) -> list[tuple["Document", str | None, bytes | None]]:
        """(document, its stored line kinds: one letter per line, annotator.core.line_kinds, or None when it has
        none; with quoted, its text as a JSON string in UTF-8, else None) for each existing id, in the order
        given, in one query per part: what an export needs to choose the lines it keeps without unpacking every
        segment. SQLite's json_quote escapes exactly as Python's json with ensure_ascii=False (a property test
        holds them equal), without a round trip of the text through Python. verify: as in Project.document()."""
        from annotator.store.listing import DOC_FROM
        from annotator.store.project import DOC_COLUMNS

        out = []
        extra = "CAST(json_quote(d.text) AS BLOB)" if quoted else "NULL"
        stored = "CAST(d.text AS BLOB)" if verify else "NULL"  # hashed as stored: no encoding of the text again
        try:
            for part in _parts(doc_ids):
                marks = ",".join("?" * len(part))
                rows = {r[0]: r for r in self.conn.execute(
                    f"SELECT {DOC_COLUMNS}, d.sha256, l.kinds, {extra}, {stored} FROM {DOC_FROM}"
                    f" LEFT JOIN doc_lines l ON l.doc_id = d.id WHERE d.id IN ({marks})", part)}
                out.extend((self._checked(row[:-3], verify, row[-1]), row[-3], row[-2])
                           for row in (rows[d] for d in part if d in rows))
        except sqlite3.Error as exc:
            raise self._read_error(exc, "documents") from None
        return out

    def span_counts(self) -> dict[int, int]:
        """doc id -> how many entities it holds in all layers, for the documents that hold any (one index scan)."""
        return dict(self.conn.execute("SELECT doc_id, COUNT(*) FROM spans GROUP BY doc_id"))

    def line_overrides_of(self, doc_ids: Sequence[int]) -> dict[int, dict[int, str]]:
        """doc id -> {line number: the reviewers' content/boilerplate verdict} for the documents that have one."""
        out: dict[int, dict[int, str]] = {}
        for part in _parts(doc_ids):
            marks = ",".join("?" * len(part))
            for doc_id, line_no, kind in self.conn.execute(
                    f"SELECT doc_id, line_no, kind FROM line_overrides WHERE doc_id IN ({marks})", part):
                out.setdefault(doc_id, {})[line_no] = kind
        return out

    def documents_with_content(self, doc_ids: Sequence[int]) -> set[int]:
        """The documents with a line classified (or overridden) as content."""
        out: set[int] = set()
        for part in _parts(doc_ids):
            marks = ",".join("?" * len(part))
            out.update(r[0] for r in self.conn.execute(
                f"SELECT doc_id FROM doc_lines WHERE kinds GLOB '*c*' AND doc_id IN ({marks})"
                f" UNION SELECT doc_id FROM line_overrides WHERE kind = 'content' AND doc_id IN ({marks})",
                part + part))
        return out


def _parts(ids: Sequence[int], size: int = 400):
    """Chunks below SQLite's bound-parameter limit."""
    ids = list(ids)
    for i in range(0, len(ids), size):
        yield ids[i : i + size]
