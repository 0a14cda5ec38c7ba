"""The open document's state, owned by the session and read by every view: its text, the entities and
relations of the layer being edited (flat, indexed for per-block lookups), the other layers' (read-only) and
its line segments. Edits arrive as AnnotationDelta values (apply). No Qt and no SQL here."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import replace
from typing import Iterable

from annotator.core.delta import AnnotationDelta
from annotator.core.layers import SUGGESTIONS_NAME
from annotator.core.model import LineSegment, Relation, Span
from annotator.core.offsets import OffsetMap
from annotator.core.text import line_bounds


class DocumentState:
    def __init__(self) -> None:
        self.doc_id: int | None = None
        self.edit_layer = ""  # the layer edits go to; spans of other layers are read-only
        self.show_others = True  # False: other layers are kept but not shown (an independent review)
        self.load_text("")

    def load_text(self, text: str, doc_id: int | None = None) -> None:
        self.doc_id = doc_id
        self.text = text
        self.offsets = OffsetMap(text)
        self.line_starts = [s for s, _ in line_bounds(text)]
        self.set_spans([])
        self.set_relations([])
        self.set_segments([])
        self.set_other_layers([], [])

    def load(self, doc_id: int, text: str, edit_layer: str, spans: Iterable[Span], relations: Iterable[Relation],
             segments: Iterable[LineSegment]) -> None:
        """Everything of one document (spans and relations of every layer), as read when it is opened."""
        self.load_text(text, doc_id)
        self.edit_layer = edit_layer
        # Suggestions are no layer to read here: the review (core.pending_suggestions) shows them apart.
        spans = [s for s in spans if s.layer != SUGGESTIONS_NAME]
        relations = [r for r in relations if r.layer != SUGGESTIONS_NAME]
        self.set_spans([s for s in spans if self._editable(s.layer)])
        self.set_relations([r for r in relations if self._editable(r.layer)])
        self.set_other_layers([s for s in spans if not self._editable(s.layer)],
                              [r for r in relations if not self._editable(r.layer)])
        self.set_segments(segments)

    def _editable(self, layer: str) -> bool:
        return not layer or not self.edit_layer or layer == self.edit_layer

    # other layers (read-only) -----------------------------------------------------------------------
    def set_other_layers(self, spans: Iterable[Span], relations: Iterable[Relation]) -> None:
        self._all_other_spans = sorted(spans, key=lambda s: (s.start, s.end, s.layer))
        self._all_other_relations = list(relations)
        self._show_other_layers()

    def _show_other_layers(self) -> None:
        """Other layers' entities that the edited layer does not already hold (same offsets and label), with
        the relations among them: an entity copied into the own layer is shown once, as the own one."""
        if not self._all_other_spans or not self.show_others:
            self.other_spans, self.other_by_id, self.other_relations, self.also_in = [], {}, [], {}
            self._other_starts, self._other_longest = [], 0
            return
        taken = {(s.start, s.end, s.label) for s in self.spans}
        self.other_spans = []
        self.also_in: dict[int, list[str]] = {}  # an other-layer entity's id -> every other layer holding it
        first_of: dict[tuple[int, int, str], Span] = {}
        for s in self._all_other_spans:  # in (start, end, layer) order: the first layer's copy is listed
            key = (s.start, s.end, s.label)
            if key in taken:
                continue
            if key in first_of:
                self.also_in[first_of[key].id].append(s.layer)
                continue
            first_of[key] = s
            self.also_in[s.id] = [s.layer]
            self.other_spans.append(s)
        self.other_by_id = {s.id: s for s in self.other_spans}
        self._other_starts = [s.start for s in self.other_spans]  # sorted: other_spans is in start order
        self._other_longest = max((s.end - s.start for s in self.other_spans), default=0)
        self.other_relations = [r for r in self._all_other_relations
                                if r.head_id in self.other_by_id and r.tail_id in self.other_by_id]

    @property
    def all_other_spans(self) -> list[Span]:
        """Every entity of the other layers, also those the edited layer holds a copy of."""
        return self._all_other_spans

    @property
    def has_other_layers(self) -> bool:
        return bool(self._all_other_spans)

    def other_layers(self) -> list[str]:
        return sorted({s.layer for s in self.other_spans})

    def other_spans_between(self, start: int, end: int) -> list[Span]:
        # Other layers overlap each other, so their ends are not sorted: bisect on starts, from the longest
        # span's length before (adjudication shows thousands of reviewer entities, one block at a time).
        lo = bisect_left(self._other_starts, start - self._other_longest)
        hi = bisect_left(self._other_starts, max(end, start + 1))
        return [s for s in self.other_spans[lo:hi] if s.end > start]

    def other_span_at(self, pos: int) -> Span | None:
        return next((s for s in self.other_spans if s.start <= pos < s.end), None)

    def apply(self, delta: AnnotationDelta) -> None:
        """Apply one edit: spans and relations of the edited layer, the other layers', line overrides (not the
        suggestions': an accept or reject carries them, for the review)."""
        if any(s.layer == SUGGESTIONS_NAME for s in delta.added_spans + delta.removed_spans):
            delta = AnnotationDelta(
                tuple(s for s in delta.added_spans if s.layer != SUGGESTIONS_NAME),
                tuple(s for s in delta.removed_spans if s.layer != SUGGESTIONS_NAME),
                delta.added_relations, delta.removed_relations, delta.line_overrides)
        mine = AnnotationDelta(
            tuple(s for s in delta.added_spans if self._editable(s.layer)),
            tuple(s for s in delta.removed_spans if self._editable(s.layer)),
            tuple(r for r in delta.added_relations if self._editable(r.layer)),
            tuple(r for r in delta.removed_relations if self._editable(r.layer)),
        )
        self.apply_delta(mine)
        others = [s for s in delta.added_spans + delta.removed_spans if not self._editable(s.layer)]
        if others:
            gone = {s.id for s in others}
            kept = [s for s in self._all_other_spans if s.id not in gone]
            added = [s for s in delta.added_spans if not self._editable(s.layer) and s.doc_id == self.doc_id]
            self.set_other_layers(kept + added, self._all_other_relations)
        elif self._all_other_spans and (mine.added_spans or mine.removed_spans):
            self._show_other_layers()
        for line_no, kind in delta.line_overrides:
            segment = self.segments.get(line_no)
            if segment is not None:
                self.segments[line_no] = replace(segment, override=kind)
        if delta.line_overrides:
            self.set_segments(list(self.segments.values()))

    # spans ------------------------------------------------------------------------------------------
    def set_spans(self, spans: Iterable[Span]) -> None:
        self.spans = sorted(spans, key=lambda s: (s.start, s.end))
        self.starts = [s.start for s in self.spans]
        self.ends = [s.end for s in self.spans]  # sorted too: the NER layer is flat
        self.by_id = {s.id: s for s in self.spans}

    def apply_delta(self, delta: AnnotationDelta) -> None:
        """Patch the edited layer's spans and relations with one edit's delta, leaving them as a reload would (sorted the same).

        Idempotent: an item already present (or already gone) is replaced (or skipped), so a delta that
        arrives after a fresh reload of the same state changes nothing.
        """
        gone = {s.id for s in delta.removed_spans} | {s.id for s in delta.added_spans}
        for sid in gone:
            span = self.by_id.pop(sid, None)
            if span is not None:
                i = bisect_left(self.starts, span.start)
                while self.spans[i].id != sid:  # flat layer: at most one span starts here, but be exact
                    i += 1
                del self.spans[i], self.starts[i], self.ends[i]
        for span in delta.added_spans:
            if span.doc_id != self.doc_id:
                continue
            i = bisect_left(self.spans, (span.start, span.end), key=lambda s: (s.start, s.end))
            self.spans.insert(i, span)
            self.starts.insert(i, span.start)
            self.ends.insert(i, span.end)
            self.by_id[span.id] = span
        if delta.added_relations or delta.removed_relations:
            dropped = {r.id for r in delta.removed_relations} | {r.id for r in delta.added_relations}
            kept = [r for r in self.relations if r.id not in dropped]
            added = [r for r in delta.added_relations if r.doc_id == self.doc_id]
            self.set_relations(sorted(kept + added, key=lambda r: r.id) if added else kept)

    def spans_between(self, start: int, end: int) -> list[Span]:
        """Spans overlapping [start, end) (or touching an empty range at start)."""
        i = bisect_right(self.ends, start)
        out = []
        while i < len(self.spans) and self.spans[i].start < max(end, start + 1):
            out.append(self.spans[i])
            i += 1
        return out

    def span_at(self, pos: int) -> Span | None:
        i = bisect_right(self.starts, pos) - 1
        if i >= 0 and self.spans[i].start <= pos < self.spans[i].end:
            return self.spans[i]
        return None

    def span_text(self, span: Span) -> str:
        return self.text[span.start : span.end]

    # relations --------------------------------------------------------------------------------------
    def set_relations(self, relations: Iterable[Relation]) -> None:
        self.relations = list(relations)
        self.relation_by_id = {r.id: r for r in self.relations}
        self.relations_of: dict[int, list[Relation]] = {}
        for r in self.relations:
            self.relations_of.setdefault(r.head_id, []).append(r)
            self.relations_of.setdefault(r.tail_id, []).append(r)

    # lines ------------------------------------------------------------------------------------------
    def set_segments(self, segments: Iterable[LineSegment]) -> None:
        self.segments = {s.line_no: s for s in segments}
        self.boilerplate = {n for n, s in self.segments.items() if s.effective_kind == "boilerplate"}

    def line_no_at(self, pos: int) -> int:
        """1-based line number of code-point offset pos."""
        return max(1, bisect_right(self.line_starts, pos))

    def line_range(self, line_no: int) -> tuple[int, int]:
        start = self.line_starts[line_no - 1]
        end = self.line_starts[line_no] - 1 if line_no < len(self.line_starts) else len(self.text)
        return start, end

    def line_count(self) -> int:
        return len(self.line_starts)

    def boilerplate_runs(self, min_lines: int = 2) -> list[tuple[int, int]]:
        """(first, last) line numbers of runs of boilerplate lines (blank lines inside a run join it)."""
        runs: list[tuple[int, int]] = []
        first = last = None
        for line_no in range(1, self.line_count() + 1):
            seg = self.segments.get(line_no)
            kind = seg.effective_kind if seg else ("blank" if not self._line_text(line_no).strip() else "content")
            if kind == "boilerplate":
                first = line_no if first is None else first
                last = line_no
            elif kind == "blank" and first is not None:
                continue
            else:
                if first is not None and last - first + 1 >= min_lines:
                    runs.append((first, last))
                first = last = None
        if first is not None and last - first + 1 >= min_lines:
            runs.append((first, last))
        return runs

    def _line_text(self, line_no: int) -> str:
        s, e = self.line_range(line_no)
        return self.text[s:e]
