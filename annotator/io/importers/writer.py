"""Storing one import chunk: one transaction with its documents and their corpus line statistics.

(A writer thread was tried and measured slower: the store's Python work competes with the segmenter
for the GIL, and SQLite's steps are too short to overlap. The segmenter runs in a child process
instead, see annotator.io.importers.segmenting.)
"""

from __future__ import annotations

from typing import Iterable

from annotator.core.model import NewDocument
from annotator.store.errors import CorruptDatabaseError, StoreUnavailableError

# What stops a whole run (the database cannot take any document now); anything else a document raises
# while stored is that document's problem.
FATAL = (StoreUnavailableError, CorruptDatabaseError)

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
    last = chunk[-1]

    def written(doc: NewDocument) -> None:
        if doc is last:  # still inside the transaction
            for source, lines in counts:
                project.bump_line_frequencies(source, lines)

    try:
        return project.add_documents(chunk, batch_size=len(chunk) + 1, on_document=written)
    except FATAL:
        raise
    except Exception:
        pass  # the chunk was rolled back; one bad document must not lose the others
    from annotator.store.project import AddResult

    merged = AddResult()
    try:
        for doc in chunk:
            try:
                result = project.add_documents([doc])
            except FATAL:
                raise
            except Exception as exc:
                merged.problems.append(f"{doc.origin}: cannot be stored ({_describe(exc)}); document skipped")
                continue
            merged.imported += result.imported
            merged.duplicates += result.duplicates
            merged.problems += result.problems
            merged.spans += result.spans
            merged.relations += result.relations
        with project.transaction():
            for source, lines in counts:
                if _encodable(source):
                    project.bump_line_frequencies(source, [line for line in lines if _encodable(line)])
    except FATAL as exc:
        exc.partial = merged  # what this chunk did store before the run had to stop
        raise
    return merged


def _describe(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    return text if isinstance(exc, ValueError) else f"{type(exc).__name__}: {text[:200]}"


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
        return True
    except UnicodeEncodeError:
        return False
