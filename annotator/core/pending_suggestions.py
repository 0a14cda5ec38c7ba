"""The open document's pending suggestions as the review shows them: those scored at or above the threshold that
overlap none of the reviewer's own entities (a place the reviewer labelled is decided), in text order, with the
lookups the view needs (by block, at a position, the next and the previous). No Qt and no SQL here."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Callable, Iterable, Sequence

from annotator.core.suggestions import StoredSuggestion


class PendingSuggestions:
    def __init__(self) -> None:
        self.doc_id: int | None = None
        self.threshold = 0.0
        self.all: list[StoredSuggestion] = []  # every pending one of the document, in text order
        self.visible: list[StoredSuggestion] = []
        self._starts: list[int] = []
        self._ends: list[int] = []
        self.by_id: dict[int, StoredSuggestion] = {}

    def load(self, doc_id: int | None, items: Iterable[StoredSuggestion],
             labelled: Callable[[int, int], bool] = lambda start, end: False) -> list[tuple[int, int]]:
        """Take the document's pending suggestions; labelled(start, end) says whether an own entity is there.
        Returns the text ranges whose look changed (every place shown before or now)."""
        before = {(s.start, s.end, s.label, s.id) for s in self.visible} if doc_id == self.doc_id else set()
        self.doc_id = doc_id
        self.all = sorted(items, key=lambda s: (s.start, s.end))
        self._choose(labelled)
        now = {(s.start, s.end, s.label, s.id) for s in self.visible}
        return sorted((a, b) for a, b, _label, _id in before ^ now)

    def set_threshold(self, threshold: float,
                      labelled: Callable[[int, int], bool] = lambda start, end: False) -> list[tuple[int, int]]:
        self.threshold = threshold
        return self.load(self.doc_id, self.all, labelled)

    def _choose(self, labelled: Callable[[int, int], bool]) -> None:
        self.visible = [s for s in self.all if s.score >= self.threshold and not labelled(s.start, s.end)]
        self._starts = [s.start for s in self.visible]
        self._ends = [s.end for s in self.visible]  # sorted too: the suggestions layer is flat
        self.by_id = {s.id: s for s in self.visible}

    def __len__(self) -> int:
        return len(self.visible)

    def hidden_below_threshold(self) -> int:
        return sum(1 for s in self.all if s.score < self.threshold)

    def between(self, start: int, end: int) -> list[StoredSuggestion]:
        """The shown suggestions overlapping [start, end)."""
        i = bisect_right(self._ends, start)
        out = []
        while i < len(self.visible) and self.visible[i].start < max(end, start + 1):
            out.append(self.visible[i])
            i += 1
        return out

    def at(self, pos: int) -> StoredSuggestion | None:
        i = bisect_right(self._starts, pos) - 1
        if i >= 0 and self.visible[i].start <= pos < self.visible[i].end:
            return self.visible[i]
        return None

    def next_after(self, pos: int, current: int | None = None, *, wrap: bool = True) -> StoredSuggestion | None:
        """The first shown suggestion starting after pos (after the current one, when given), wrapping around."""
        if not self.visible:
            return None
        if current in self.by_id:
            pos = self.by_id[current].start + 1
        i = bisect_left(self._starts, pos)
        if i < len(self.visible):
            return self.visible[i]
        return self.visible[0] if wrap else None

    def previous_before(self, pos: int, current: int | None = None, *, wrap: bool = True) -> StoredSuggestion | None:
        if not self.visible:
            return None
        if current in self.by_id:
            pos = self.by_id[current].start
        i = bisect_left(self._starts, pos) - 1
        if i >= 0:
            return self.visible[i]
        return self.visible[-1] if wrap else None

    def ids_scoring_at_least(self, score: float) -> list[int]:
        """Every pending suggestion (shown or below the threshold) scored at least score, in text order."""
        return [s.id for s in self.all if s.score >= score]

def labelled_by(spans_between: Callable[[int, int], Sequence]) -> Callable[[int, int], bool]:
    """labelled(start, end) from a DocumentState.spans_between."""
    return lambda start, end: bool(spans_between(start, end))
