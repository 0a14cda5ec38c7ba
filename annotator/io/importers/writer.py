"""Storing one import chunk: one transaction with its documents and their corpus line statistics.

(A writer thread was tried and measured slower: the store's Python work competes with the segmenter
for the GIL, and SQLite's steps are too short to overlap. The segmenter runs in a child process
instead, see annotator.io.importers.segmenting.)
"""

from __future__ import annotations

from typing import Iterable

from annotator.core.model import NewDocument
from annotator.store.errors import CorruptDatabaseError, DiskFullError, StoreUnavailableError

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
    try:
        return project.add_documents(chunk, batch_size=len(chunk) + 1, line_counts=counts)
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
            add_result(merged, result)
        project.add_documents([], line_counts=[(source, [line for line in lines if _encodable(line)])
                                               for source, lines in counts if _encodable(source)])
    except FATAL as exc:
        exc.partial = merged  # what this chunk did store before the run had to stop
        raise
    return merged


def store_group(project, parts: list[tuple[list[NewDocument], LineCounts]]):
    """Several chunks in one transaction: their spans go in as one batch, which the store bulk-loads when it is
    large (annotator.store.imported_labels). If that fails, chunk by chunk as store_chunk: on a full disk too,
    so that the chunks that still fit are stored before the run stops."""
    if len(parts) == 1:
        return store_chunk(project, *parts[0])
    docs = [doc for chunk, _ in parts for doc in chunk]
    try:
        return project.add_documents(docs, batch_size=len(docs) + 1,
                                     line_counts=[count for _, counts in parts for count in counts])
    except DiskFullError:
        pass  # rolled back whole: smaller transactions may still fit
    except FATAL:
        raise
    except Exception:
        pass  # rolled back whole: each chunk again on its own
    from annotator.store.project import AddResult

    merged = AddResult()
    for chunk, counts in parts:
        try:
            add_result(merged, store_chunk(project, chunk, counts))
        except FATAL as exc:
            exc.partial = add_result(merged, getattr(exc, "partial", None) or AddResult())
            raise
    return merged


def add_result(total, result):
    """Add one AddResult's counts to another (returned)."""
    total.imported += result.imported
    total.duplicates += result.duplicates
    total.problems += result.problems
    total.spans += result.spans
    total.relations += result.relations
    return total


def _describe(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    return text if isinstance(exc, ValueError) else f"{type(exc).__name__}: {text[:200]}"


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
        return True
    except UnicodeEncodeError:
        return False
