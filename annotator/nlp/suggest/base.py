"""Suggestion values shared by every source, and how proposals from several sources are combined.

A suggestion is a proposal, never a label: it carries its source and a score in [0, 1] (the source's own
estimate of how likely a reviewer is to accept it), and only becomes a label when a reviewer accepts it.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable
from dataclasses import dataclass

from annotator.core.suggestions import Suggestion, suggestions_from

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
    one with the same label goes first (a pattern for "17개 연구개발지원단" overrides one for "17개").
    Then the longest reading wins whatever the label: a proposal inside a longer one (of at least
    min_score) that the dictionary or a pattern made goes (부산 inside the zone 부산 블록체인 규제자유특구,
    the committee inside the session 제3차 규제자유특구위원회); a longer span of the model alone does not
    outrank a shorter one of the other sources this way (the model's spans are its least reliable part)."""
    return combine_candidates([(s.start, s.end, s.label, s.source, s.score, s.detail) for s in suggestions],
                              min_score=min_score)


def combine_candidates(candidates: list[Candidate], *, min_score: float = 0.0) -> list[Suggestion]:
    """combine() of candidate tuples; the Suggestions kept, disjoint, by start.

    One sweep over the candidates by span (start, then longer first), a span's candidates together, in their
    order: a span is inside an earlier, different one that contains it, so what lies inside a proposal of the same
    source and label, and what lies inside a merged proposal of the dictionary or a pattern, is known from the
    furthest end seen so far (per source and label, and of those proposals). Then the best first, each kept unless
    it overlaps one kept before."""
    rank = _RANK.get
    unknown = len(ENTITY_SOURCES)
    keyed = [(c[0], -c[1], i) for i, c in enumerate(candidates)]
    keyed.sort()  # by span (start, longer first), then input order
    reach: dict[tuple[str, str], int] = {}  # per (source, label): the furthest end of its spans so far
    reach_get = reach.get
    structural_reach = -1  # the furthest end of the merged proposals that the dictionary or a pattern made
    ranked: list[tuple] = []  # (-score, -length, source rank, start, first index, merged candidate)
    alone: list[Candidate] = []  # the candidates whose span overlaps no other candidate's, by start
    furthest = -1  # the furthest end of the spans so far
    count = len(keyed)
    k = 0
    while k < count:
        start, minus_end, index = keyed[k]
        j = k + 1
        while j < count and keyed[j][0] == start and keyed[j][1] == minus_end:
            j += 1
        end = -minus_end
        if j == k + 1 and furthest <= start and (j == count or keyed[j][0] >= end):
            # the most common case: a span of one candidate that overlaps no other: nothing holds it or is held by it,
            # nothing outranks it, so it is kept at min_score (what it would add to the reaches no later span reaches)
            c = candidates[index]
            if c[4] >= min_score:
                alone.append(c)
            furthest = end
            k = j
            continue
        if end > furthest:
            furthest = end
        if j == k + 1:  # the next most common: a span of one candidate
            c = candidates[index]
            source = c[3]
            own = (source, c[2])
            if reach_get(own, -1) < end:
                reach[own] = end
                if c[4] >= min_score and structural_reach < end:
                    ranked.append((-c[4], start - end, rank(source, unknown), start, index, c))
                    if source != MODEL:
                        structural_reach = end
            k = j
            continue
        by_label: dict[str, list[Candidate]] = {}
        first: dict[str, int] = {}
        for x in range(k, j):
            index = keyed[x][2]
            c = candidates[index]
            if reach.get((c[3], c[2]), -1) >= end:
                continue  # inside another span of its source and label
            group = by_label.get(c[2])
            if group is None:
                by_label[c[2]] = [c]
                first[c[2]] = index
            else:
                group.append(c)
        for x in range(k, j):
            c = candidates[keyed[x][2]]
            if reach.get((c[3], c[2]), -1) < end:
                reach[c[3], c[2]] = end
        structural = False
        for label, group in by_label.items():
            best, by_others = _merged(group, rank, unknown)
            if best[4] >= min_score:
                if structural_reach < end:  # not inside a longer reading of the dictionary or a pattern
                    ranked.append((-best[4], start - end, rank(best[3], unknown), start, first[label], best))
                structural = structural or by_others
        if structural:
            structural_reach = max(structural_reach, end)
        k = j
    ranked.sort()
    # disjoint, by start: only the neighbours of a new one may overlap it (one that overlaps nothing never sits between
    # a new one and one it overlaps)
    starts: list[int] = [c[0] for c in alone]
    taken: list[Candidate] = alone
    insort = bisect.bisect_right
    for item in ranked:
        c = item[5]
        start = c[0]
        i = insort(starts, start)
        if (i and taken[i - 1][1] > start) or (i < len(taken) and taken[i][0] < c[1]):
            continue
        starts.insert(i, start)
        taken.insert(i, c)
    return suggestions_from(taken)


def _merged(group: list[Candidate], rank, unknown: int) -> tuple[Candidate, bool]:
    """The candidates of one (start, end, label) as one: the best (higher score, then earlier source), its score
    raised by noisy-or over the best score of each other source; and whether a source other than the model is
    among them."""
    if len(group) == 1:
        best = group[0]
        return best, best[3] != MODEL
    by_others = any(c[3] != MODEL for c in group)
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
        best = (best[0], best[1], best[2], best[3], round(1.0 - miss, 4), best[5] + f" (also {', '.join(others)})")
    return best, by_others


def _source_rank(source: str) -> int:
    return _RANK.get(source, len(ENTITY_SOURCES))


def drop_overlapping(suggestions: Iterable[Suggestion], taken: Iterable[tuple[int, int]]) -> list[Suggestion]:
    """Suggestions that overlap none of the `taken` (start, end) spans (the document's own labels): one overlaps
    a span when the span starts before it ends and ends after it starts; by start, the spans starting before a
    suggestion ends are a prefix, and the furthest end among them says whether one of them does."""
    spans = sorted(taken)
    if not spans:
        return list(suggestions)
    starts = [a for a, _b in spans]
    reach = list(itertools.accumulate((b for _a, b in spans), max))  # the furthest end of the first i + 1
    bisect_left = bisect.bisect_left
    kept = []
    for s in suggestions:
        i = bisect_left(starts, s.end)
        if not i or reach[i - 1] <= s.start:
            kept.append(s)
    return kept
