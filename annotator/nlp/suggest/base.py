"""Suggestion values shared by every source, and how proposals from several sources are combined.

A suggestion is a proposal, never a label: it carries its source and a score in [0, 1] (the source's own
estimate of how likely a reviewer is to accept it), and only becomes a label when a reviewer accepts it.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass

from annotator.core.suggestions import Suggestion

DICTIONARY, PATTERNS, MODEL = "dictionary", "patterns", "model"
ENTITY_SOURCES = (DICTIONARY, PATTERNS, MODEL)
RELATIONS = "relations"
ALL_SOURCES = (*ENTITY_SOURCES, RELATIONS)


@dataclass(frozen=True, slots=True)
class RelationSuggestion:
    """A proposed relation from the entity at head (start, end, label) to the one at tail."""

    head: tuple[int, int, str]
    tail: tuple[int, int, str]
    label: str
    score: float
    detail: str = ""
    source: str = RELATIONS

    def __post_init__(self) -> None:
        if not 0.0 <= self.score <= 1.0:
            raise ValueError(f"relation suggestion score must be in [0, 1], got {self.score}")

    def to_dict(self) -> dict:
        return {"head": list(self.head), "tail": list(self.tail), "label": self.label, "score": self.score,
                "source": self.source, "detail": self.detail}


def combine(suggestions: Iterable[Suggestion], *, min_score: float = 0.0) -> list[Suggestion]:
    """One non-overlapping set, best first: higher score, then longer span, then earlier source in
    ENTITY_SOURCES. Sources that agree (same start, end and label) raise the kept suggestion's score:
    noisy-or over the best score of each source (two patterns of one source agreeing are one opinion),
    and the detail names every source that proposed it. Within one source, a proposal inside a longer
    one with the same label goes first (a pattern for "17개 연구개발지원단" overrides one for "17개").
    Then the longest reading wins whatever the label: a proposal inside a longer one (of at least
    min_score) that the dictionary or a pattern made goes (부산 inside the zone 부산 블록체인 규제자유특구,
    the committee inside the session 제3차 규제자유특구위원회); a longer span of the model alone does not
    outrank a shorter one of the other sources this way (the model's spans are its least reliable part)."""
    by_key: dict[tuple[int, int, str], list[Suggestion]] = {}
    for s in _outermost_per_source(list(suggestions)):
        by_key.setdefault(s.key, []).append(s)
    merged: list[Suggestion] = []
    structural: list[tuple[int, int]] = []  # spans that the dictionary or a pattern proposed (at min_score)
    for group in by_key.values():
        group.sort(key=lambda s: (-s.score, _source_rank(s.source)))
        best = group[0]
        per_source = {}
        for s in group:
            per_source.setdefault(s.source, s.score)  # the group is sorted: the first is the best
        if len(per_source) > 1:
            miss = 1.0
            for score in per_source.values():
                miss *= 1.0 - score
            others = sorted(set(per_source) - {best.source})
            detail = best.detail + f" (also {', '.join(others)})"
            best = Suggestion(best.start, best.end, best.label, best.source, round(1.0 - miss, 4), detail)
        if best.score >= min_score:
            merged.append(best)
            if set(per_source) - {MODEL}:
                structural.append((best.start, best.end))
    merged = _not_inside(merged, structural)
    merged.sort(key=lambda s: (-s.score, -(s.end - s.start), _source_rank(s.source), s.start))
    starts: list[int] = []
    taken: list[Suggestion] = []  # disjoint, by start: only the neighbours of a new one may overlap it
    for s in merged:
        i = bisect.bisect_right(starts, s.start)
        if (i and taken[i - 1].end > s.start) or (i < len(taken) and taken[i].start < s.end):
            continue
        starts.insert(i, s.start)
        taken.insert(i, s)
    return taken


def _not_inside(suggestions: list[Suggestion], containers: list[tuple[int, int]]) -> list[Suggestion]:
    """The suggestions that lie strictly inside none of the container spans (n log n: for a span, a container
    starting before it must reach its end; one starting with it must reach beyond its end)."""
    if not containers:
        return suggestions
    containers.sort()
    starts = [a for a, _ in containers]
    reach: list[int] = []  # reach[i]: the furthest end among containers[:i + 1]
    for _a, b in containers:
        reach.append(max(b, reach[-1]) if reach else b)
    kept = []
    for s in suggestions:
        before = bisect.bisect_left(starts, s.start)  # containers starting strictly before s
        if before and reach[before - 1] >= s.end:
            continue
        same = bisect.bisect_right(starts, s.start)
        if same > before and containers[same - 1][1] > s.end:  # the longest of those starting with s
            continue
        kept.append(s)
    return kept


def _outermost_per_source(suggestions: list[Suggestion]) -> list[Suggestion]:
    """Without the proposals that lie inside another, different span of the same source and label."""
    groups: dict[tuple[str, str], list[Suggestion]] = {}
    for s in suggestions:
        groups.setdefault((s.source, s.label), []).append(s)
    inner: set[int] = set()
    for group in groups.values():
        group.sort(key=lambda s: (s.start, -s.end))
        reach = -1  # the furthest end of the spans before the current one (same start: longer first)
        k = 0
        while k < len(group):
            span = (group[k].start, group[k].end)
            same = k
            while same < len(group) and (group[same].start, group[same].end) == span:
                same += 1
            if reach >= span[1]:
                inner.update(id(s) for s in group[k:same])
            reach = max(reach, span[1])
            k = same
    return [s for s in suggestions if id(s) not in inner]


def _source_rank(source: str) -> int:
    return ENTITY_SOURCES.index(source) if source in ENTITY_SOURCES else len(ENTITY_SOURCES)


def drop_overlapping(suggestions: Iterable[Suggestion], taken: Iterable[tuple[int, int]]) -> list[Suggestion]:
    """Suggestions that overlap none of the `taken` (start, end) spans (the document's own labels)."""
    spans = sorted(taken)
    return [s for s in suggestions if all(s.end <= a or s.start >= b for a, b in spans)]
