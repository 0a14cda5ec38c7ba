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


# A candidate inside the engines: (start, end, label, source, score, detail), a Suggestion's fields as a plain
# tuple (a page has hundreds; only those combine() keeps become Suggestion objects).
Candidate = tuple[int, int, str, str, float, str]
_RANK = {name: rank for rank, name in enumerate(ENTITY_SOURCES)}


def combine(suggestions: Iterable[Suggestion], *, min_score: float = 0.0) -> list[Suggestion]:
    """One non-overlapping set, best first: higher score, then longer span, then earlier source in
    ENTITY_SOURCES. Sources that agree (same start, end and label) raise the kept suggestion's score:
    noisy-or over the best score of each source (two patterns of one source agreeing are one opinion),
    and the detail names every source that proposed it. Within one source, a proposal inside a longer
    one with the same label goes first (a pattern for "17개 연구개발지원단" overrides one for "17개")."""
    return combine_candidates([(s.start, s.end, s.label, s.source, s.score, s.detail) for s in suggestions],
                              min_score=min_score)


def combine_candidates(candidates: list[Candidate], *, min_score: float = 0.0) -> list[Suggestion]:
    """combine() of candidate tuples; the Suggestions kept, disjoint, by start."""
    rank = _RANK.get
    unknown = len(ENTITY_SOURCES)
    by_key: dict[tuple[int, int, str], list[Candidate]] = {}
    for c in _outermost_per_source(candidates):
        key = c[:3]
        group = by_key.get(key)
        if group is None:
            by_key[key] = [c]
        else:
            group.append(c)
    merged: list[Candidate] = []
    for group in by_key.values():
        if len(group) == 1:
            best = group[0]
        else:
            group.sort(key=lambda c: (-c[4], rank(c[3], unknown)))
            best = group[0]
            per_source: dict[str, float] = {}
            for c in group:
                per_source.setdefault(c[3], c[4])  # the group is sorted: the first is the best
            if len(per_source) > 1:
                miss = 1.0
                for score in per_source.values():
                    miss *= 1.0 - score
                others = sorted(set(per_source) - {best[3]})
                best = (best[0], best[1], best[2], best[3], round(1.0 - miss, 4),
                        best[5] + f" (also {', '.join(others)})")
        if best[4] >= min_score:
            merged.append(best)
    merged.sort(key=lambda c: (-c[4], c[0] - c[1], rank(c[3], unknown), c[0]))
    starts: list[int] = []
    taken: list[Candidate] = []  # disjoint, by start: only the neighbours of a new one may overlap it
    insort = bisect.bisect_right
    for c in merged:
        start = c[0]
        i = insort(starts, start)
        if (i and taken[i - 1][1] > start) or (i < len(taken) and taken[i][0] < c[1]):
            continue
        starts.insert(i, start)
        taken.insert(i, c)
    return [Suggestion(*c) for c in taken]


def _outermost_per_source(candidates: list[Candidate]) -> list[Candidate]:
    """Without the candidates that lie inside another, different span of the same source and label."""
    order = sorted(range(len(candidates)), key=lambda i: (candidates[i][3], candidates[i][2], candidates[i][0],
                                                          -candidates[i][1]))
    inner: set[int] = set()
    group = None
    reach = -1  # the furthest end of the group's spans before the current one (same start: longer first)
    span = None
    span_inner = False
    for i in order:
        start, end, label, source = candidates[i][:4]
        if (source, label) != group:
            group, reach, span = (source, label), -1, None
        if (start, end) != span:  # a new span: inner when one before it reaches its end
            span = (start, end)
            span_inner = reach >= end
            reach = max(reach, end)
        if span_inner:
            inner.add(i)
    if not inner:
        return candidates
    return [c for i, c in enumerate(candidates) if i not in inner]


def _source_rank(source: str) -> int:
    return _RANK.get(source, len(ENTITY_SOURCES))


def drop_overlapping(suggestions: Iterable[Suggestion], taken: Iterable[tuple[int, int]]) -> list[Suggestion]:
    """Suggestions that overlap none of the `taken` (start, end) spans (the document's own labels)."""
    spans = sorted(taken)
    return [s for s in suggestions if all(s.end <= a or s.start >= b for a, b in spans)]
