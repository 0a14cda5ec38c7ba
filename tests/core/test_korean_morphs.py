"""Kiwi's morphemes to a line's morphs (line_analysis._morphs_from_ranges, _line_analyses): the fast paths give
exactly what the plain algorithm gives, for any ranges (overlapping, out of order, out of the line, across
whitespace of any kind)."""

from __future__ import annotations

import re
from collections import namedtuple

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core import korean, line_analysis

_SPACE = re.compile(r"\s")
_NON_SPACE = re.compile(r"\S+")


def reference_morphs(line: str, ranges):
    """The plain algorithm: clip, split on whitespace, sort by (start, longest first), merge overlaps, fill gaps."""
    n = len(line)
    pieces = []
    for start, end, tag in ranges:
        start, end = max(0, start), min(n, end)
        if end <= start:
            continue
        if _SPACE.search(line, start, end) is None:
            pieces.append((start, end, tag))
        else:
            pieces.extend((m.start(), m.end(), tag) for m in _NON_SPACE.finditer(line, start, end))
    pieces.sort(key=lambda p: (p[0], -p[1]))
    merged = []
    for start, end, tag in pieces:
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
            merged[-1][2].append(tag)
        else:
            merged.append([start, end, [tag]])
    morphs, pos = [], 0

    def gap(a, b):
        morphs.extend(korean.Morph(m.start(), m.end(), (korean.UNKNOWN_TAG,)) for m in _NON_SPACE.finditer(line, a, b))

    for start, end, tags in merged:
        if start > pos + 1 or (start == pos + 1 and not line[pos].isspace()):
            gap(pos, start)
        morphs.append(korean.Morph(start, end, tuple(tags)))
        pos = end
    if pos < n:
        gap(pos, n)
    return morphs


lines = st.text(alphabet="가나다 \t\u3000\xa0ab.", max_size=30)


@st.composite
def line_and_ranges(draw):
    line = draw(lines)
    n = len(line)
    ranges = draw(st.lists(st.tuples(st.integers(-2, n + 2), st.integers(0, 5), st.sampled_from(["NNG", "JKS", "EP"])),
                           max_size=15))
    ordered = draw(st.booleans())
    out = [(start, start + length, tag) for start, length, tag in ranges]
    return line, sorted(out, key=lambda r: r[0]) if ordered else out


@settings(max_examples=400, deadline=None)
@given(case=line_and_ranges())
def test_morphs_equal_the_plain_algorithm(case):
    line, ranges = case
    got = line_analysis._morphs_from_ranges(line, ranges)
    assert got == reference_morphs(line, ranges)
    assert all(type(m) is korean.Morph for m in got)


Tok = namedtuple("Tok", "start len tag sent_position")


@settings(max_examples=200, deadline=None)
@given(line=st.text(alphabet="가나다 .", min_size=1, max_size=30), data=st.data())
def test_sentences_span_from_a_sentence_first_token_to_its_furthest_end(line, data):
    n = len(line)
    toks = data.draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(1, 3), st.integers(0, 3)), max_size=12))
    kiwi_tokens = [Tok(s, min(length, n - s), "NNG", sent) for s, length, sent in toks]
    fresh = line_analysis._line_analyses({line: [(0, n)]}, [(line, 0, n)], [kiwi_tokens])[line]
    first: dict[int, list[int]] = {}
    for t in kiwi_tokens:
        bounds = first.setdefault(t.sent_position, [t.start, t.start + t.len])
        bounds[1] = max(bounds[1], t.start + t.len)
    expected = [(s, e) for _, (s, e) in sorted(first.items())]
    morphs = reference_morphs(line, [(t.start, t.start + t.len, t.tag) for t in kiwi_tokens])
    if not expected and morphs:
        expected = [(morphs[0].start, morphs[-1].end)]
    assert fresh.sentences == tuple(expected)
    assert fresh.morphs == tuple(morphs)


@st.composite
def chunked_line_and_tokens(draw):
    """A line cut into chunks, and Kiwi-like tokens of each chunk (offsets from the chunk's start; out of order,
    overlapping, across whitespace, past the chunk's end), with sentence numbers in runs as Kiwi gives them."""
    line = draw(st.text(alphabet="가나다 \t\xa0ab.", min_size=1, max_size=40))
    n = len(line)
    cuts = sorted(set(draw(st.lists(st.integers(1, max(1, n - 1)), max_size=3))) - {n})
    bounds = list(zip([0, *cuts], [*cuts, n]))
    parts = []
    for start, end in bounds:
        size = end - start
        raw = draw(st.lists(st.tuples(st.integers(-1, size + 1), st.integers(0, 4), st.sampled_from(["NNG", "JKS", "EP"]),
                                      st.integers(0, 2)), max_size=10))
        near_order = draw(st.booleans())
        raw = sorted(raw, key=lambda r: (r[0], r[3])) if near_order else raw
        parts.append((start, [Tok(s, length, tag, sent) for s, length, tag, sent in raw]))
    return line, bounds, parts


@settings(max_examples=500, deadline=None)
@given(case=chunked_line_and_tokens())
def test_one_pass_analysis_equals_the_plain_algorithm(case):
    line, bounds, parts = case
    chunks = [(line, s, e) for s, e in bounds]
    got = line_analysis._line_analyses({line: bounds}, chunks, [toks for _, toks in parts])[line]
    ranges = [(cs + t.start, cs + t.start + t.len, t.tag) for cs, toks in parts for t in toks]
    expected = reference_morphs(line, ranges)
    assert got.morphs == tuple(expected)
    assert got.offsets() == ([m.start for m in expected], [m.end for m in expected])
    assert list(got.tag_tuples()) == [m.tags for m in expected]
    assert got == line_analysis._line_plain(line, parts)


def test_the_one_pass_takes_kiwi_s_out_of_order_pieces():
    # 된다 = 되 (0, 1) then ᆫ다 (0, 2), then 고 (2, 3); 했 = 하 + 었, then 다: no whitespace inside a piece, so no plain path needed
    line = "된다고 했다"
    toks = [Tok(0, 1, "VV", 0), Tok(0, 2, "EF", 0), Tok(2, 1, "EC", 0), Tok(4, 1, "VV", 0), Tok(4, 1, "EP", 0),
            Tok(5, 1, "EF", 0)]
    fast = line_analysis._line_fast(line, [(0, toks)])
    assert fast is not None
    assert fast.morphs == (korean.Morph(0, 2, ("EF", "VV")), korean.Morph(2, 3, ("EC",)),
                           korean.Morph(4, 5, ("VV", "EP")), korean.Morph(5, 6, ("EF",)))
    assert fast == line_analysis._line_plain(line, [(0, toks)])
