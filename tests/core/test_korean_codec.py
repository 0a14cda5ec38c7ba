"""The token cache's value format: line analyses survive encode/decode exactly; damage is refused, not trusted."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.korean import LineAnalysis, Morph
from annotator.core.korean_codec import CodecError, decode, encode

tags = st.lists(st.sampled_from(["NNG", "NNP", "JKS", "VV-R", "EP", "UNK", "SF", "W_URL", "태그"]), min_size=1,
                max_size=3).map(tuple)
offsets = st.integers(min_value=0, max_value=2**32 - 1)
analysis = st.builds(
    lambda morphs, sents: LineAnalysis(tuple(Morph(s, e, t) for s, e, t in morphs), tuple(sents)),
    st.lists(st.tuples(offsets, offsets, tags), max_size=30),
    st.lists(st.tuples(offsets, offsets), max_size=5),
)
entries = st.dictionaries(st.integers(min_value=0, max_value=10**6), analysis, max_size=8)


@settings(deadline=None)  # the first example imports numpy (decode imports it lazily): slow on a loaded machine
@given(entries)
def test_encode_then_decode_gives_the_analyses_back(found):
    back = decode(encode(found.items()))
    assert [no for no, _ in back] == sorted(found)
    for no, got in back:
        assert got == found[no]
        assert got.morphs == found[no].morphs and got.sentences == found[no].sentences
        assert [list(x) for x in got.offsets()] == [list(x) for x in found[no].offsets()]


@settings(deadline=None)
@given(entries, st.integers(min_value=0, max_value=200), st.integers(min_value=0, max_value=255))
def test_damaged_values_raise_codec_error_or_decode_to_something_well_formed(found, where, byte):
    data = bytearray(encode(found.items()))
    data[min(where, len(data) - 1)] ^= byte or 1
    try:
        back = decode(bytes(data))
    except CodecError:
        return
    for _no, got in back:  # zlib's checksum makes this rare; whatever comes back is a well-formed analysis
        assert all(isinstance(t, tuple) for t in got.tag_tuples())


@pytest.mark.parametrize("data", [b"", b"K2", b"K3", b"K1" + b"x" * 10, b"K2BPnot zlib", b"K2ZPnot zlib", b"K2BXnot zlib", b"K3BPBnot zlib",
                                  b"K3BZHnot zlib", b"K3BXBnot zlib", b"K3BPXnot zlib", b"K3XPBnot zlib", "text"])
def test_what_encode_never_wrote_is_refused(data):
    with pytest.raises(CodecError):
        decode(data)


def test_a_real_page_takes_about_a_third_of_its_text():
    from annotator.core import korean

    text = ("중소벤처기업부는 13일 강원 원주시를 AI헬스케어 글로벌 혁신 특구로 지정했다고 밝혔다. " * 30).strip()
    analyser = korean.KoreanAnalyser()
    [analysis] = analyser.analyse_lines([text])
    data = encode([(0, analysis)])
    assert data[3:4] == b"P" and len(data) < len(text.encode("utf-8")) / 3
    assert decode(data) == [(0, analysis)]


def test_an_unknown_tag_id_is_refused_by_decode_not_when_the_line_is_read():
    import zlib

    value = encode([(0, LineAnalysis((Morph(0, 2, ("NNP",)), Morph(2, 3, ("JKS",))), ((0, 3),))),
                    (3, LineAnalysis((Morph(0, 1, ("NNG",)),), ()))])
    assert value[:2] == b"K3" and value[4:5] == b"B"  # one-byte tag ids, the last bytes of the payload
    raw = zlib.decompress(value[5:])
    assert decode(value)[1][1].tag_tuples() == [("NNG",)]
    for bad in (3, 9, 255):  # the table has three combinations (0, 1, 2)
        with pytest.raises(CodecError):
            decode(value[:5] + zlib.compress(raw[:-1] + bytes([bad])))
    assert decode(value[:5] + zlib.compress(raw[:-1] + bytes([1])))[1][1].tag_tuples() == [("JKS",)]


@settings(deadline=None)
@given(entries)
def test_an_analysis_made_as_offset_lists_encodes_as_its_morphs_do(found):
    # the tokenize workers' analyses (line_analysis._line_fast) hold offset lists, never Morphs
    as_lists = {no: LineAnalysis.from_offsets([m.start for m in a.morphs], [m.end for m in a.morphs],
                                              [m.tags for m in a.morphs], a.sentences) for no, a in found.items()}
    assert encode(as_lists.items()) == encode(found.items())
    assert all(as_lists[no] == found[no] for no in found)
