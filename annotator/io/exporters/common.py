"""What every exporter needs: the documents in scope, with spans remapped onto the exported text."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import Iterator, Sequence

from annotator.core.model import Document, LineSegment, Relation, Span

EXPORT_STATUSES = ("done", "all")


@dataclass(slots=True)
class ExportDoc:
    doc: Document
    text: str  # content lines only (joined with "\n") or the whole page
    spans: list[Span]  # offsets into `text`
    relations: list[Relation]
    status: str
    offset_map: "OffsetMap | None" = None  # None when text is the whole page


class OffsetMap:
    """Maps page offsets to offsets in the content-only text built from kept line ranges."""

    def __init__(self, kept: Sequence[tuple[int, int]]):
        self.page_starts = [s for s, _ in kept]
        self.kept = list(kept)
        self.out_starts = []
        pos = 0
        for s, e in kept:
            self.out_starts.append(pos)
            pos += e - s + 1  # +1 for the joining "\n"

    def to_export(self, offset: int, *, is_end: bool = False) -> int | None:
        i = bisect_right(self.page_starts, offset - (1 if is_end else 0)) - 1
        if i < 0:
            return None
        s, e = self.kept[i]
        if not (s <= offset <= e):
            return None
        return self.out_starts[i] + offset - s

    def to_page(self, offset: int) -> int:
        i = bisect_right(self.out_starts, offset) - 1
        return self.kept[i][0] + offset - self.out_starts[i]


def content_view(text: str, segments: Sequence[LineSegment], spans: Sequence[Span]) -> tuple[str, OffsetMap, list[Span]]:
    """Keep content lines and every line that carries a span, so no span is ever dropped. A span that
    runs over several lines keeps all the lines it covers."""
    keep = [seg.effective_kind == "content" for seg in segments]
    starts = [seg.start for seg in segments]
    for sp in spans:
        first = max(bisect_right(starts, sp.start) - 1, 0)
        last = max(bisect_right(starts, sp.end - 1) - 1, first)
        for i in range(first, last + 1):
            keep[i] = True
    # Merge adjacent kept lines into runs so multi-line spans keep their inner newlines.
    runs: list[tuple[int, int]] = []
    for seg, k in zip(segments, keep):
        if not k:
            continue
        if runs and seg.line_no == runs[-1][2] + 1:
            runs[-1] = (runs[-1][0], seg.end, seg.line_no)
        else:
            runs.append((seg.start, seg.end, seg.line_no))
    kept = [(s, e) for s, e, _ in runs]
    offsets = OffsetMap(kept)
    out_text = "\n".join(text[s:e] for s, e in kept)
    remapped = []
    for sp in spans:
        a = offsets.to_export(sp.start)
        b = offsets.to_export(sp.end, is_end=True)
        if a is None or b is None or b <= a:  # cannot happen: the lines were kept above
            raise AssertionError(f"span {sp.id} could not be remapped")
        remapped.append(Span(sp.id, sp.doc_id, a, b, sp.label, sp.reviewer, sp.created_at))
    return out_text, offsets, remapped


def iter_export_docs(
    project,
    *,
    status: str = "done",
    include_boilerplate: bool = False,
    doc_ids: Sequence[int] | None = None,
) -> Iterator[ExportDoc]:
    """Documents in scope, streamed. status is 'done' (this reviewer's done documents) or 'all'."""
    if status not in EXPORT_STATUSES:
        raise ValueError(f"status must be one of {', '.join(EXPORT_STATUSES)}, not {status!r}")
    if doc_ids is None:
        doc_ids = project.document_ids("done" if status == "done" else None)
    elif status == "done":
        done = set(project.document_ids("done"))
        doc_ids = [d for d in doc_ids if d in done]
    for doc in project.iter_documents(doc_ids):
        spans = project.spans(doc.id)
        relations = project.relations(doc.id)
        doc_status = project.status(doc.id)
        segments = project.segments(doc.id)
        if include_boilerplate or not any(s.effective_kind == "content" for s in segments):
            # Nothing classified as content (e.g. unsegmented or a one-sentence KLUE record): export the page.
            yield ExportDoc(doc, doc.text, spans, relations, doc_status, None)
            continue
        text, offsets, remapped = content_view(doc.text, segments, spans)
        yield ExportDoc(doc, text, remapped, relations, doc_status, offsets)
