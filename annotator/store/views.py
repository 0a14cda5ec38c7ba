"""What exports and reports read besides documents and annotations: this reviewer's statuses and which
documents have content lines, for a chunk of documents at a time (one query each)."""

from __future__ import annotations

from typing import Sequence


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
