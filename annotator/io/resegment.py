"""Run the boilerplate segmenter over documents on their way into a project, or over a whole project again.

Corpus line frequencies (how many documents of a source contain a line verbatim) are read once per source
and kept in memory for the run; lines of each new document are counted after it has been segmented, so a
document never votes on its own lines.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence

from annotator.core.line_stats import LineCounts, count_keys, distinct_lines, line_key  # noqa: F401 (distinct_lines re-exported)
from annotator.core.boilerplate import SEGMENTER_VERSION, segment_text
from annotator.core.model import NewDocument

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing in every segmenter process
if TYPE_CHECKING:
    from annotator.core.html_text import LineHint
    from annotator.store import Project

_FLUSH_EVERY = 200


class _WithoutOwnLines(Mapping[str, int]):
    """Frequencies as if the document being segmented had not been counted yet (for re-segmentation)."""

    __slots__ = ("_freq", "_own")

    def __init__(self, freq: Mapping[str, int], own: set[str]) -> None:
        self._freq = freq
        self._own = own

    def __getitem__(self, line: str) -> int:
        count = self._freq[line]
        return count - 1 if line in self._own else count

    def get(self, line, default=0):  # type: ignore[override]  # hot path: skip Mapping's try/except
        count = self._freq.get(line)
        if count is None:
            return default
        return count - 1 if line in self._own else count

    def __iter__(self) -> Iterator[str]:
        return iter(self._freq)

    def __len__(self) -> int:
        return len(self._freq)


class SegmentationContext:
    """One import run: segments each NewDocument with the source's line statistics and keeps them current.

    Usage (importer)::

        with SegmentationContext(project) as seg:
            for doc in parsed_documents:
                seg.segment(doc, hints)      # fills doc.segments and doc.segmenter_version
                ...store doc...
        # leaving the block writes the pending line counts to the project

    Counts are written in batches (flush()) to keep the import fast; segment() already sees every earlier
    document of the run through the in-memory copy.
    """

    def __init__(self, project: Project | None) -> None:
        self.project = project
        self._freq: dict[str, tuple[dict[str, int], int]] = {}
        self._pending: list[tuple[str, set[str]]] = []

    def __enter__(self) -> SegmentationContext:
        return self

    def __exit__(self, *exc) -> None:
        self.flush()

    def frequencies(self, source: str) -> tuple[dict[str, int], int]:
        cached = self._freq.get(source)
        if cached is None:
            cached = self.project.line_frequencies(source) if self.project is not None else (LineCounts(), 0)
            self._freq[source] = cached
        return cached

    def seed(self, source: str, freq: dict[int, int], docs: int) -> None:
        """Start a source from these statistics (the project's, as another process read them)."""
        self._freq[source] = (freq, docs)

    def count(self, source: str, keys) -> None:
        """Count one more document of `source` containing each of `keys` (line keys), one segmented elsewhere."""
        freq, docs = self.frequencies(source)
        count_keys(freq, keys)
        self._freq[source] = (freq, docs + 1)

    def segment(self, doc: NewDocument, hints: Sequence[LineHint | None] | None = None) -> set[str]:
        """Fill doc.segments and doc.segmenter_version, then count the document's lines for its source; returns
        those lines (distinct_lines of its text)."""
        freq, docs = self.frequencies(doc.source)
        doc.segments = segment_text(doc.text, line_freq=freq, freq_docs=docs, hints=hints)
        doc.segmenter_version = SEGMENTER_VERSION
        lines = distinct_lines(doc.text)
        if type(freq) is LineCounts:  # keyed by line_key: counted by C loops
            count_keys(freq, map(line_key, lines))
        else:
            for line in lines:
                freq[line] = freq.get(line, 0) + 1
        self._freq[doc.source] = (freq, docs + 1)
        self._pending.append((doc.source, lines))
        if len(self._pending) >= _FLUSH_EVERY:
            self.flush()
        return lines

    def flush(self) -> None:
        """Write the line counts of the documents segmented since the last flush to the project."""
        if self.project is not None:
            for source, lines in self._pending:
                self.project.bump_line_frequencies(source, lines)
        self._pending.clear()


def segment_new_document(project: Project | None, doc: NewDocument, hints: Sequence[LineHint | None] | None = None) -> None:
    """Segment one document outside an import run (reads and updates the project's line statistics)."""
    with SegmentationContext(project) as context:
        context.segment(doc, hints)


def resegment_project(
    project: Project,
    *,
    only_outdated: bool = False,
    progress: Callable[[int, int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> dict:
    """Re-run the current segmenter over the project's documents (never touches annotations or overrides).

    progress(done, total) is called after each document; cancel() returning True stops between documents.
    Returns {"documents", "resegmented", "skipped", "content_lines", "boilerplate_lines", "version", "cancelled"}.
    """
    ids = project.document_ids()
    counts = {
        "documents": len(ids), "resegmented": 0, "skipped": 0, "content_lines": 0, "boilerplate_lines": 0,
        "version": SEGMENTER_VERSION, "cancelled": False,
    }
    stats: dict[str, tuple[dict[str, int], int]] = {}
    for done, doc in enumerate(project.iter_documents(ids), 1):
        if cancel is not None and cancel():
            counts["cancelled"] = True
            break
        if only_outdated and doc.segmenter_version == SEGMENTER_VERSION:
            counts["skipped"] += 1
        else:
            if doc.source not in stats:
                stats[doc.source] = project.line_frequencies(doc.source)
            freq, docs = stats[doc.source]
            # The stored statistics already count this document; discount it so it doesn't vote on itself.
            own = distinct_lines(doc.text)
            segments = segment_text(doc.text, line_freq=_WithoutOwnLines(freq, own), freq_docs=max(0, docs - 1))
            project.replace_segments(doc.id, segments, SEGMENTER_VERSION)
            counts["resegmented"] += 1
            for seg in segments:
                if seg.kind == "content":
                    counts["content_lines"] += 1
                elif seg.kind == "boilerplate":
                    counts["boilerplate_lines"] += 1
        if progress is not None:
            progress(done, len(ids))
    return counts
