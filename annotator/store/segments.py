"""Line segments (boilerplate segmentation), reviewer overrides and corpus line statistics."""

from __future__ import annotations

from typing import Iterable, Sequence

from annotator.core.clock import now
from annotator.core.line_kinds import pack_lines, unpack_lines
from annotator.core.line_stats import LineCounts, line_key
from annotator.core.model import LineSegment
from annotator.store.connection import rollback
from annotator.store.errors import ProjectError


# A document's packed line segments (annotator.core.line_kinds); a new segmentation replaces the row.
LINES_INSERT = "INSERT OR REPLACE INTO doc_lines(doc_id, kinds, scores, reasons) VALUES (?, ?, ?, ?)"


class SegmentsMixin:
    """Mixed into Project; relies on conn, reviewer_id, transaction(), _touch() and now()."""

    def segments(self, doc_id: int) -> list[LineSegment]:
        """The document's line segments, with this project's reviewer overrides ([] for an unknown id)."""
        row = self.conn.execute(
            "SELECT d.text, l.kinds, l.scores, l.reasons FROM doc_lines l JOIN documents d ON d.id = l.doc_id"
            " WHERE l.doc_id = ?", (doc_id,)).fetchone()
        if row is None:
            return []
        overrides = dict(
            self.conn.execute("SELECT line_no, kind FROM line_overrides WHERE doc_id = ?", (doc_id,)).fetchall()
        )
        return unpack_lines(*row, overrides)

    def replace_segments(self, doc_id: int, segments: Sequence[LineSegment], version: str) -> None:
        """Store a new segmentation. Annotations and reviewer overrides are separate rows and stay."""
        with self.transaction() as c:
            c.execute(LINES_INSERT, (doc_id, *pack_lines(segments)))
            c.execute("UPDATE doc_state SET segmenter_version = ? WHERE doc_id = ?", (version, doc_id))

    def set_line_override(self, doc_id: int, line_no: int, kind: str | None) -> str | None:
        """A reviewer's content/boilerplate verdict for a line (None clears it). Returns the previous one."""
        if kind not in (None, "content", "boilerplate"):
            raise ProjectError(f"a line override is 'content' or 'boilerplate', not {kind!r}")
        row = self.conn.execute(
            "SELECT kind FROM line_overrides WHERE doc_id = ? AND line_no = ?", (doc_id, line_no)
        ).fetchone()
        with self.transaction() as c:
            if kind is None:
                c.execute("DELETE FROM line_overrides WHERE doc_id = ? AND line_no = ?", (doc_id, line_no))
            else:
                c.execute(
                    "INSERT OR REPLACE INTO line_overrides(doc_id, line_no, kind, reviewer_id, created_at)"
                    " VALUES (?,?,?,?,?)",
                    (doc_id, line_no, kind, self.reviewer_id, now()),
                )
            self._touch(c, doc_id)
        return row[0] if row else None

    def line_frequencies(self, source: str) -> tuple[LineCounts, int]:
        """({line: documents of `source` containing it}, documents seen for `source`). The mapping takes
        line texts (or their line_key) as keys; see annotator.core.line_stats."""
        freq = LineCounts(self.conn.execute("SELECT line, docs FROM line_frequencies WHERE source = ?", (source,)))
        row = self.conn.execute("SELECT docs FROM source_documents WHERE source = ?", (source,)).fetchone()
        return freq, row[0] if row else 0

    def bump_line_frequencies(self, source: str, lines: Iterable[str | int]) -> None:
        """Count one more document from `source` containing each of `lines` (texts or line keys)."""
        self.count_line_frequencies([(source, lines)])

    def count_line_frequencies(self, documents: Iterable[tuple[str, Iterable[str | int]]]) -> None:
        """bump_line_frequencies for many documents ((source, lines) each), one statement per table."""
        # Plain dicts and a loop: Counter.update's own checks cost ~1.5 us a document (most pages of a large
        # import bring no line the statistics count). Rows come in the same order as with Counter.
        lines_seen: dict[tuple[str, int], int] = {}
        documents_seen: dict[str, int] = {}
        for source, lines in documents:
            for key in {line_key(line) if isinstance(line, str) else line for line in lines if line}:
                pair = (source, key)
                lines_seen[pair] = lines_seen.get(pair, 0) + 1
            documents_seen[source] = documents_seen.get(source, 0) + 1
        own_tx = not self.conn.in_transaction
        if own_tx:
            self.conn.execute("BEGIN IMMEDIATE")
        try:
            self.conn.executemany(
                "INSERT INTO line_frequencies(source, line, docs) VALUES (?, ?, ?)"
                " ON CONFLICT(source, line) DO UPDATE SET docs = docs + excluded.docs",
                [(source, key, n) for (source, key), n in lines_seen.items()],
            )
            self.conn.executemany(
                "INSERT INTO source_documents(source, docs) VALUES (?, ?)"
                " ON CONFLICT(source) DO UPDATE SET docs = docs + excluded.docs",
                list(documents_seen.items()),
            )
            if own_tx:
                self.conn.execute("COMMIT")
        except BaseException:
            if own_tx:
                rollback(self.conn)
            raise
