"""Values of the previous format (K2), which projects still hold: decode() reads them with the K2 decoder
(korean_codec_k2.decode_k2: a document's offsets summed in one numpy pass, each line's part sliced out when it is
first read); the decode that one replaced (one numpy pass per line, kept here verbatim as the oracle) gives the same
analyses: offsets, tags and sentences, on random analyses of every width (1, 2, 4 and 8 bytes, zigzagged or not)
and on real pages. The K2 values are made by the K2 encoder (tests/core/korean_codec_k2_oracle.py)."""

from __future__ import annotations

import json
import zlib
from array import array

from hypothesis import given, settings, strategies as st

from annotator.core import korean
from annotator.core.korean import LineAnalysis, Morph
from annotator.core.korean_codec import _CODES, _LITTLE, CodecError, decode
from annotator.core.korean_codec_k2 import MAGIC, _LineLoader
from annotator.paths import resource_path
from tests.core.korean_codec_k2_oracle import encode


def old_decode(data: bytes) -> list[tuple[int, LineAnalysis]]:
    """The (line_no, LineAnalysis) pairs of encode(), sorted by line_no; CodecError if data is not one."""
    if not isinstance(data, (bytes, bytearray, memoryview)) or bytes(data[:2]) != MAGIC:
        raise CodecError("not a token-cache value")
    code, sign = bytes(data[2:3]).decode("ascii", "replace"), bytes(data[3:4])
    if code not in _CODES.values() or sign not in (b"P", b"Z"):
        raise CodecError("unknown integer layout in a token-cache value")
    zigzag = sign == b"Z"
    try:
        raw = zlib.decompress(bytes(data[4:]))
        size = int.from_bytes(raw[:4], "little")
        combos = [tuple(map(str, c)) for c in json.loads(raw[4:4 + size].decode("utf-8"))]
        arr = array(code)
        arr.frombytes(raw[4 + size:])
        if not _LITTLE:  # pragma: no cover
            arr.byteswap()
        out: list[tuple[int, LineAnalysis]] = []
        # 8-byte values are rare (no tokenizer makes them) and may overflow when summed: decoded at once, so that
        # the error is raised here; all else is checked here and summed only when a line's analysis is first read
        eager = arr.itemsize == 8
        pos, line_no = 1, 0
        for _ in range(arr[0]):
            line_no += arr[pos]
            n_m, n_s = arr[pos + 1], arr[pos + 2]
            pos += 3
            if pos + 3 * n_m + 2 * n_s > len(arr):
                raise CodecError("truncated token-cache value")
            if n_m and max(arr[pos + 2 * n_m:pos + 3 * n_m]) >= len(combos):
                raise CodecError("token-cache value names an unknown tag")
            line = _LineLoader(arr, pos, n_m, n_s, zigzag, combos)
            out.append((line_no, LineAnalysis.from_arrays(*line()) if eager else LineAnalysis.deferred(line)))
            pos += 3 * n_m + 2 * n_s
        if pos != len(arr):
            raise CodecError("token-cache value has trailing data")
        return out
    except CodecError:
        raise
    except (zlib.error, ValueError, IndexError, TypeError, OverflowError, UnicodeDecodeError) as exc:
        raise CodecError(f"damaged token-cache value: {exc}") from None


def _same(data: bytes) -> None:
    try:
        expected = old_decode(data)
    except CodecError:
        try:
            decode(data)
        except CodecError:
            return
        raise AssertionError("decode accepted what the old decode refused")
    got = decode(data)
    assert [no for no, _ in got] == [no for no, _ in expected]
    for (_, a), (_, b) in zip(got, expected):
        assert [list(x) for x in a.offsets()] == [list(x) for x in b.offsets()]
        assert list(a.tag_tuples()) == list(b.tag_tuples())
        assert a.sentences == b.sentences and a.morphs == b.morphs
        assert all(type(v) is int for v in a.offsets()[0])  # plain ints reach the candidates, never numpy's


_tags = st.lists(st.sampled_from(["NNG", "NNP", "JKS", "SF", "태그"]), min_size=1, max_size=2).map(tuple)
_widths = st.sampled_from([2**7, 2**15, 2**31, 2**60])  # what encode takes: each width, and beyond 4 bytes


@st.composite
def _entries(draw):
    top = draw(_widths)
    value = st.integers(min_value=-top if draw(st.booleans()) else 0, max_value=top)
    lines = draw(st.dictionaries(st.integers(0, 500), st.tuples(
        st.lists(st.tuples(value, value, _tags), max_size=12), st.lists(st.tuples(value, value), max_size=3)),
        max_size=6))
    return {no: LineAnalysis(tuple(Morph(s, e, t) for s, e, t in morphs), tuple(sents))
            for no, (morphs, sents) in lines.items()}


@settings(max_examples=300, deadline=None)
@given(_entries())
def test_property_decode_equals_the_old_decode(entries):
    _same(encode(entries.items()))


@settings(max_examples=150, deadline=None)
@given(_entries(), st.integers(0, 300), st.integers(1, 255))
def test_property_damaged_values_decode_as_the_old_decode_did(entries, where, byte):
    data = bytearray(encode(entries.items()))
    data[min(where, len(data) - 1)] ^= byte
    _same(bytes(data))


def test_real_pages_decode_as_before():
    path = resource_path("samples", "seeds_labelled.jsonl")
    for line in path.read_text(encoding="utf-8").splitlines()[:2]:
        text = json.loads(line)["text"]
        lines = text.split("\n")
        _same(encode((no, korean.analyse_line(x)) for no, x in enumerate(lines) if x.strip()))


def test_a_page_keeps_one_tracked_object_a_line_until_read():
    """What a prime keeps of a page for the garbage collector to scan: one object a deferred line (and a few a
    page), not the loader and its arguments of every line; reading a line still gives the old decode's analysis."""
    import gc

    path = resource_path("samples", "seeds_labelled.jsonl")
    text = json.loads(path.read_text(encoding="utf-8").splitlines()[0])["text"]
    entries = [(no, korean.analyse_line(x)) for no, x in enumerate(text.split("\n")) if x.strip()]
    assert len(entries) > 20
    value = encode(entries)
    decode(value)  # numpy imported, caches warm
    gc.collect()
    before = len(gc.get_objects())
    analyses = [analysis for _no, analysis in decode(value)]
    gc.collect()
    assert len(gc.get_objects()) - before <= len(entries) + 12
    assert [a.morphs for a in analyses] == [a.morphs for _no, a in old_decode(value)]
