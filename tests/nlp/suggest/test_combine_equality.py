"""combine_candidates (one sweep by span) keeps exactly what the three-pass version it replaced kept: that
version is kept below verbatim (old_*), and both run on random candidate lists: nested, equal and overlapping spans
of every source (and an unknown one), several labels, equal scores, and minimum scores."""

from __future__ import annotations

import bisect

from hypothesis import given, settings, strategies as st

from annotator.core.suggestions import Suggestion
from annotator.nlp.suggest.base import DICTIONARY, ENTITY_SOURCES, MODEL, PATTERNS, Candidate, combine_candidates

_RANK = {name: rank for rank, name in enumerate(ENTITY_SOURCES)}


def old_combine_candidates(candidates: list[Candidate], *, min_score: float = 0.0) -> list[Suggestion]:
    """combine() of candidate tuples; the Suggestions kept, disjoint, by start."""
    rank = _RANK.get
    unknown = len(ENTITY_SOURCES)
    by_key: dict[tuple[int, int, str], list[Candidate]] = {}
    for c in old_outermost_per_source(candidates):
        key = c[:3]
        group = by_key.get(key)
        if group is None:
            by_key[key] = [c]
        else:
            group.append(c)
    merged: list[Candidate] = []
    structural: list[tuple[int, int]] = []  # spans that the dictionary or a pattern proposed (at min_score)
    for group in by_key.values():
        if len(group) == 1:
            best = group[0]
            by_others = best[3] != MODEL
        else:
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
                best = (best[0], best[1], best[2], best[3], round(1.0 - miss, 4),
                        best[5] + f" (also {', '.join(others)})")
        if best[4] >= min_score:
            merged.append(best)
            if by_others:
                structural.append((best[0], best[1]))
    merged = old_not_inside(merged, structural)
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


def old_not_inside(candidates: list[Candidate], containers: list[tuple[int, int]]) -> list[Candidate]:
    """The candidates that lie strictly inside none of the container spans (n log n: for a span, a container
    starting before it must reach its end; one starting with it must reach beyond its end)."""
    if not containers:
        return candidates
    containers.sort()
    starts = [a for a, _ in containers]
    reach: list[int] = []  # reach[i]: the furthest end among containers[:i + 1]
    for _a, b in containers:
        reach.append(max(b, reach[-1]) if reach else b)
    kept = []
    for c in candidates:
        start, end = c[0], c[1]
        before = bisect.bisect_left(starts, start)  # containers starting strictly before c
        if before and reach[before - 1] >= end:
            continue
        same = bisect.bisect_right(starts, start)
        if same > before and containers[same - 1][1] > end:  # the longest of those starting with c
            continue
        kept.append(c)
    return kept


def old_outermost_per_source(candidates: list[Candidate]) -> list[Candidate]:
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


_candidate = st.builds(
    lambda start, length, label, source, score, detail: (start, start + length, label, source, score, detail),
    st.integers(0, 30), st.integers(1, 8), st.sampled_from(("ORG", "LOC", "DATE")),
    st.sampled_from((DICTIONARY, PATTERNS, MODEL, "other")), st.sampled_from((0.1, 0.3, 0.5, 0.5, 0.8, 0.95)),
    st.sampled_from(("a", "b", "")))


@settings(max_examples=400, deadline=None)
@given(st.lists(_candidate, max_size=40), st.sampled_from((0.0, 0.0, 0.3, 0.6)))
def test_property_the_sweep_keeps_what_the_three_passes_kept(candidates, min_score):
    new = [(s.start, s.end, s.label, s.source, s.score, s.detail)
           for s in combine_candidates(list(candidates), min_score=min_score)]
    assert new == [(s.start, s.end, s.label, s.source, s.score, s.detail)
                   for s in old_combine_candidates(list(candidates), min_score=min_score)]


_sparse_candidate = st.builds(
    lambda start, length, label, source, score, detail: (start, start + length, label, source, score, detail),
    st.integers(0, 200), st.integers(1, 8), st.sampled_from(("ORG", "LOC")),
    st.sampled_from((DICTIONARY, PATTERNS, MODEL, "other")), st.sampled_from((0.1, 0.5, 0.8)), st.sampled_from(("a", "")))


@settings(max_examples=400, deadline=None)
@given(st.lists(_sparse_candidate, max_size=40), st.sampled_from((0.0, 0.3, 0.6)))
def test_property_spans_alone_and_among_others_kept_as_the_three_passes_kept(candidates, min_score):
    # spread out: most spans overlap no other (combine_candidates keeps those without ranking them), some touch or
    # nest, and the ones alone sit between those that compete
    new = [(s.start, s.end, s.label, s.source, s.score, s.detail)
           for s in combine_candidates(list(candidates), min_score=min_score)]
    assert new == [(s.start, s.end, s.label, s.source, s.score, s.detail)
                   for s in old_combine_candidates(list(candidates), min_score=min_score)]


def test_a_span_alone_is_kept_at_the_minimum_score_and_one_touching_another_competes():
    candidates = [(0, 3, "ORG", DICTIONARY, 0.5, "a"), (3, 6, "LOC", PATTERNS, 0.2, "b"), (4, 9, "ORG", MODEL, 0.9, "c"),
                  (12, 15, "LOC", MODEL, 0.3, "d")]
    kept = [(s.start, s.end, s.label) for s in combine_candidates(candidates, min_score=0.25)]
    assert kept == [(0, 3, "ORG"), (4, 9, "ORG"), (12, 15, "LOC")]
    assert kept == [(s.start, s.end, s.label) for s in old_combine_candidates(candidates, min_score=0.25)]
