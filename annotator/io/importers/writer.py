"""Storing one import chunk: one transaction with its documents and their corpus line statistics.

(A writer thread was tried and measured slower: the store's Python work competes with the segmenter
for the GIL, and SQLite's steps are too short to overlap. The segmenter runs in a child process
instead, see annotator.io.importers.segmenting.)
"""

from __future__ import annotations

import sqlite3
from typing import Iterable

from annotator.core.model import NewDocument
from annotator.store.errors import AnnotationError

# What a single malformed document can raise while stored (an integrity check, text SQLite cannot take).
_BAD_DOCUMENT = (AnnotationError, ValueError, UnicodeError, sqlite3.Error)

LineCounts = list[tuple[str, Iterable[str]]]  # (source, distinct lines) per segmented document


class StatsRelay:
    """Stands in for the project in the segmenter context: reads statistics from the project, but
    collects the line counts so they are written with the documents they belong to."""

    def __init__(self, project):
        self.project = project
        self.pending: LineCounts = []

    def line_frequencies(self, source: str) -> tuple[dict[str, int], int]:
        return self.project.line_frequencies(source)

    def bump_line_frequencies(self, source: str, lines: Iterable[str]) -> None:
        self.pending.append((source, lines))

    def take(self) -> LineCounts:
        pending, self.pending = self.pending, []
        return pending


def store_chunk(project, chunk: list[NewDocument], counts: LineCounts):
    """add_documents for one chunk, one transaction, with its line statistics."""
    try:
        return project.add_documents(chunk, batch_size=len(chunk) + 1, line_counts=counts)
    except _BAD_DOCUMENT:
        pass  # the chunk was rolled back; one bad document must not lose the others
    from annotator.store.project import AddResult

    merged = AddResult()
    for doc in chunk:
        try:
            result = project.add_documents([doc])
        except _BAD_DOCUMENT as exc:
            merged.problems.append(f"{doc.origin}: cannot be stored ({exc}); document skipped")
            continue
        merged.imported += result.imported
        merged.duplicates += result.duplicates
        merged.problems += result.problems
        merged.spans += result.spans
        merged.relations += result.relations
    project.add_documents([], line_counts=[(source, [line for line in lines if _encodable(line)])
                                           for source, lines in counts if _encodable(source)])
    return merged


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
        return True
    except UnicodeEncodeError:
        return False
