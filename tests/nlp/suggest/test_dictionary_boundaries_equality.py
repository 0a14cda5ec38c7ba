"""The dictionary's boundary checks (boundaries.boundary_matches, once dictionary._on_boundaries: a match inside a word kept only on morph boundaries
of its line's analysis, a trailing particle, ending or bracket trimmed) give what they gave before trimming was
skipped for spans whose edge morphs it cannot touch: the old function is kept below, verbatim, and both run on the
same matches of random texts (names beside particles, endings, brackets, punctuation, digits) and of the sample."""

from __future__ import annotations

import bisect
import json

from hypothesis import given, settings, strategies as st

from annotator.core import korean
from annotator.core.korean_snap import trim_morphs
from annotator.nlp.suggest import boundaries
from annotator.nlp.suggest.dictionary import EntityDictionary
from annotator.nlp.suggest.patterns import line_regions
from annotator.paths import resource_path


def old_on_boundaries(text, matches):
    """dictionary._on_boundaries before its trimming fast path (kept verbatim)."""
    matches.sort()  # longest first, then leftmost (of one length: by end)
    lines: dict[int, tuple] = {}  # line start -> (morph starts, morph ends, tags), relative to the line
    kept_starts: list[int] = []
    kept: list[tuple[int, int, str]] = []
    bisect_left = bisect.bisect_left
    for minus_length, e, key, line_start, line_end in matches:
        s = e + minus_length
        i = bisect_left(kept_starts, e)  # kept spans are disjoint: only the one before may overlap
        if i and kept[i - 1][1] > s:
            continue
        # A space or the line's edge on both sides is the common case: no closer look needed; a letter or
        # digit before it (inside a word) is the next most common: not separated (as _separated says).
        before = text[s - 1] if s > line_start else " "
        if not (before == " " and (e == line_end or text[e] == " ")
                or not before.isalnum() and boundaries._separated(text, s, e, line_start, line_end)):
            if boundaries._inside_number(text, s, line_start) or boundaries._inside_number(text, e, line_start):
                continue
            line = lines.get(line_start)
            if line is None:
                analysis = korean.analyse_line(text[line_start:line_end])
                line = lines[line_start] = (*analysis.offsets(), analysis.tag_tuples())
            starts, ends, tags = line
            first = bisect_left(starts, s - line_start)
            last = bisect_left(ends, e - line_start)
            if first == len(starts) or starts[first] != s - line_start or last == len(ends) or ends[last] != e - line_start:
                continue
            stripped = trim_morphs([(line_start + starts[k], line_start + ends[k], tags[k])
                                    for k in range(first, last + 1)], keep_one=False)
            if not stripped or stripped[-1][1] - stripped[0][0] < boundaries.MIN_CHARS:
                continue
            s, e = stripped[0][0], stripped[-1][1]
        i = bisect_left(kept_starts, s)
        kept_starts.insert(i, s)
        kept.insert(i, (s, e, key))
    return kept


def _matches(finder, text, regions):
    """The match tuples boundary_matches handed to _on_boundaries (the old code's input)."""
    found = []
    for index, start, end in finder.find(text):
        key = finder.keys[index]
        i = bisect.bisect_right([r[0] for r in regions], start) - 1
        if end <= regions[i][1]:
            found.append((-len(key), end, key, *regions[i]))
    return found


def _both(entries, text):
    automaton = EntityDictionary(entries)._current_automaton()
    if automaton is None:
        return [], []
    regions = line_regions(text)
    return (boundaries.boundary_matches(automaton, text, regions),
            old_on_boundaries(text, _matches(automaton, text, regions)))


_NAMES = ["중기부", "강원", "강원도", "특구", "부산", "2개", "3월", "장관", "과기정통부", "AI", "AI헬스케어", "충북", "12",
          "(중기부)", "중기부.", "「강원」", "강원·", "부산,", "(특구", "장관)", "중기부는", "강원도의", "지정했다"]
_TAILS = ["", "는", "의", "와", "도", "에서", "했다", "하는", "·", ",", "(", ")", "「", "」", "'", "\"", "청", "3", "요",
          "이다", "..", "-", "특구"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_TAILS), st.sampled_from(_NAMES), st.sampled_from(_TAILS),
                          st.sampled_from([" ", "", "\n", " "])), min_size=1, max_size=12))
def test_property_boundaries_are_what_they_were(pieces):
    text = "".join(a + name + b + sep for a, name, b, sep in pieces)
    entries = [(name, "ORG") for name in _NAMES]
    new, old = _both(entries, text)
    assert new == old, text


def test_boundaries_are_what_they_were_on_the_sample():
    path = resource_path("samples", "seeds_labelled.jsonl")
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    entries = [(r["text"][e["start_offset"]:e["end_offset"]], e["label"]) for r in records for e in r["entities"]]
    compared = 0
    for record in records:
        new, old = _both(entries, record["text"])
        assert new == old
        compared += len(new)
    assert compared > 100
