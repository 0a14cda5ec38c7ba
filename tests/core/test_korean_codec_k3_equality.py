"""The K3 value format (the counts of every line up front, the tag ids in a block of their own, the offsets summed
for the whole page when a line is first read) against K2, the format it replaced: the
K3 value of any analyses decodes to what their K2 value (tests/core/korean_codec_k2_oracle.py, the old encoder kept
verbatim) decodes to, offsets, tags and sentences, line by line, however many lines are read; on random analyses of
every width, zigzagged or not, on real pages, and damaged values are refused or decode to something well formed."""

from __future__ import annotations

import json

from hypothesis import given, settings, strategies as st

from annotator.core import korean
from annotator.core.korean import LineAnalysis, Morph
from annotator.core.korean_codec import CodecError, decode, encode
from annotator.paths import resource_path
from tests.core.korean_codec_k2_oracle import encode as encode_k2


def _read(pairs, lines=None):
    """Each line's (line_no, starts, ends, tags, sentences, morphs), reading only the first `lines` (None: all)."""
    out = []
    for n, (no, a) in enumerate(pairs):
        if lines is not None and n >= lines:
            break
        starts, ends = a.offsets()
        out.append((no, list(starts), list(ends), list(a.tag_tuples()), a.sentences, a.morphs))
        assert all(type(v) is int for v in starts)  # plain ints reach the candidates, never numpy's
    return out


def _same(entries, lines=None) -> None:
    expected = decode(encode_k2(entries))
    value = encode(entries)
    assert value[:2] == b"K3"
    got = decode(value)
    assert [no for no, _ in got] == [no for no, _ in expected]
    assert _read(got, lines) == _read(expected, lines)


_tags = st.lists(st.sampled_from(["NNG", "NNP", "JKS", "SF", "태그", "W_URL"]), min_size=1, max_size=2).map(tuple)
_widths = st.sampled_from([2**7, 2**15, 2**31, 2**60])


@st.composite
def _entries(draw):
    top = draw(_widths)
    value = st.integers(min_value=-top if draw(st.booleans()) else 0, max_value=top)
    lines = draw(st.dictionaries(st.integers(0, 500), st.tuples(
        st.lists(st.tuples(value, value, _tags), max_size=12), st.lists(st.tuples(value, value), max_size=3)),
        max_size=30))
    return [(no, LineAnalysis(tuple(Morph(s, e, t) for s, e, t in morphs), tuple(sents)))
            for no, (morphs, sents) in lines.items()]


@settings(max_examples=300, deadline=None)
@given(_entries(), st.one_of(st.none(), st.integers(0, 30)))
def test_property_k3_decodes_as_k2_however_many_lines_are_read(entries, lines):
    _same(entries, lines)


@settings(max_examples=200, deadline=None)
@given(_entries(), st.integers(0, 400), st.integers(1, 255))
def test_property_a_damaged_k3_value_is_refused_or_well_formed(entries, where, byte):
    data = bytearray(encode(entries))
    data[min(where, len(data) - 1)] ^= byte
    try:
        back = decode(bytes(data))
    except CodecError:
        return
    for _no, got in back:  # zlib's checksum makes this rare; whatever comes back is a well-formed analysis
        starts, ends = got.offsets()
        assert len(starts) == len(ends) == len(got.tag_tuples())
        assert all(isinstance(t, tuple) for t in got.tag_tuples())


def _page_entries(text: str):
    return [(no, korean.analyse_line(x)) for no, x in enumerate(text.split("\n")) if x.strip()]


def test_real_pages_decode_as_their_k2_values_few_lines_read_and_all():
    path = resource_path("samples", "seeds_labelled.jsonl")
    for line in path.read_text(encoding="utf-8").splitlines()[:3]:
        entries = _page_entries(json.loads(line)["text"])
        assert len(entries) > 7
        for lines in (1, 2, 7, None):
            _same(entries, lines)


def test_lines_read_in_any_order_give_their_own_analyses():
    """The page is summed when its first line is read, whichever line that is."""
    path = resource_path("samples", "seeds_labelled.jsonl")
    entries = _page_entries(json.loads(path.read_text(encoding="utf-8").splitlines()[0])["text"])
    got = decode(encode(entries))
    for i in [*range(len(got))][::-1]:
        a, b = got[i][1], entries[i][1]
        assert a.morphs == b.morphs and a.sentences == b.sentences
    assert all(a._load is None for _no, a in got)  # each read once: its loader dropped


def test_a_page_keeps_one_tracked_object_a_line_until_read():
    import gc

    path = resource_path("samples", "seeds_labelled.jsonl")
    entries = _page_entries(json.loads(path.read_text(encoding="utf-8").splitlines()[0])["text"])
    value = encode(entries)
    decode(value)
    gc.collect()
    before = len(gc.get_objects())
    analyses = [analysis for _no, analysis in decode(value)]
    gc.collect()
    assert len(gc.get_objects()) - before <= len(entries) + 12
    assert [a.morphs for a in analyses] == [a.morphs for _no, a in entries]


def test_the_value_is_no_larger_than_k2s():
    path = resource_path("samples", "seeds_labelled.jsonl")
    for line in path.read_text(encoding="utf-8").splitlines()[:3]:
        entries = _page_entries(json.loads(line)["text"])
        assert len(encode(entries)) <= len(encode_k2(entries)) * 1.02
