"""Reading token-cache values of the previous format, K2 (korean_codec writes K3 now; a project keeps the K2
values it has until its tokens are analysed again, and they read as before). The code below is K2's decoder as it
was, moved here unchanged but for decode's name (decode_k2):

    b"K2" + typecode (b"B" | b"H" | b"I" | b"Q") + sign (b"P": gaps and lengths as they are, b"Z": zigzagged)
    + zlib( len(table) as 4 bytes LE + table + the array, LE )
    array: n_lines, then per line: line_no - previous line_no, n_morphs, n_sentences,
           morph gaps, morph lengths, morph tag-combination ids, sentence gaps, sentence lengths
"""

from __future__ import annotations

import json
import zlib
from array import array
from functools import partial
from itertools import accumulate
from operator import add, sub

from annotator.core.korean import LineAnalysis
from annotator.core.korean_codec import _CODES, _LITTLE, CodecError, _unzigzag

MAGIC = b"K2"


def _spans(gaps, lengths, zigzag: bool) -> tuple[array, array]:
    """(starts, ends) as 8-byte arrays: an analysis kept in a line cache then costs 16 bytes a morph, not the
    ~70 of two lists of ints (an export's cache holds a few thousand lines of ~600 morphs). Summed by numpy:
    an export decodes millions of offsets."""
    if zigzag:
        gaps, lengths = _unzigzag(gaps), _unzigzag(lengths)
    if getattr(gaps, "itemsize", 0) == 8 or zigzag and max(map(abs, gaps + lengths), default=0) >= 1 << 31:
        ends = array("q", accumulate(map(add, gaps, lengths)))  # beyond int64 sums: OverflowError, as before
        return array("q", map(sub, ends, lengths)), ends
    import numpy  # here, not at the top: the tokenize workers only encode, and numpy is ~10 MB of each

    lengths = numpy.asarray(lengths, dtype=numpy.int64)
    ends = numpy.cumsum(numpy.asarray(gaps, dtype=numpy.int64) + lengths)
    return array("q", (ends - lengths).tobytes()), array("q", ends.tobytes())


class _LineLoader:
    """One line's from_arrays() arguments, out of a decoded value's array (called when the line is first read)."""

    __slots__ = ("arr", "pos", "n_m", "n_s", "zigzag", "combos")

    def __init__(self, arr: array, pos: int, n_m: int, n_s: int, zigzag: bool, combos: list) -> None:
        self.arr, self.pos, self.n_m, self.n_s, self.zigzag, self.combos = arr, pos, n_m, n_s, zigzag, combos

    def __call__(self):
        arr, pos, n_m, n_s, zigzag = self.arr, self.pos, self.n_m, self.n_s, self.zigzag
        starts, ends = _spans(arr[pos:pos + n_m], arr[pos + n_m:pos + 2 * n_m], zigzag)
        tags = arr[pos + 2 * n_m:pos + 3 * n_m]
        pos += 3 * n_m
        s_starts, s_ends = _spans(arr[pos:pos + n_s], arr[pos + n_s:pos + 2 * n_s], zigzag)
        return starts, ends, tags, self.combos, tuple(zip(s_starts, s_ends))


_DTYPES = {1: "=u1", 2: "=u2", 4: "=u4"}  # numpy dtype names: numpy is imported only where a decode needs it


def _document_spans(arr: array, layout: list[int]) -> tuple[int, tuple[array, array, array, array], array]:
    """(the highest tag-combination id of any line's morphs, -1 without morphs; (morph starts, morph ends, sentence
    starts, sentence ends) of every line of a decoded array, line after line, each line's offsets from its own
    start (as _spans gives them line by line), as 8-byte arrays; each line's (first morph, end of its morphs, first
    sentence, end of its sentences, position of its tag ids) among those, five ints a line). layout: (line_no, pos,
    n_m, n_s) of each line, flat. The morphs and the sentences of all lines are runs of (gaps, then as many lengths,
    and for morphs as many tag ids): summed in one numpy pass, the running sum of gap + length restarted at each
    run."""
    import numpy

    values = numpy.frombuffer(arr, dtype=_DTYPES[arr.itemsize])
    table = numpy.frombuffer(array("q", layout), dtype=numpy.int64).reshape(-1, 4)
    n_m, n_s = table[:, 2], table[:, 3]
    pos = numpy.concatenate((table[:, 1], table[:, 1] + 3 * n_m))  # each run's gaps: morphs, sentences
    counts = numpy.concatenate((n_m, n_s))
    first = numpy.cumsum(counts) - counts  # each run's first span among all
    at = numpy.arange(int(counts.sum()), dtype=numpy.int64) + numpy.repeat(pos - first, counts)
    widths = numpy.repeat(counts, counts)
    gaps = values[at].astype(numpy.int64)
    lengths = values[at + widths].astype(numpy.int64)
    morphs = int(n_m.sum())
    highest = int(values[at[:morphs] + 2 * widths[:morphs]].max()) if morphs else -1
    sums = numpy.cumsum(gaps + lengths)
    ends = sums - numpy.repeat(numpy.concatenate(([0], sums))[first], counts)
    starts = ends - lengths
    lines = len(table)
    bounds = numpy.column_stack((first[:lines], first[:lines] + n_m, first[lines:] - morphs,
                                 first[lines:] - morphs + n_s, table[:, 1] + 2 * n_m))
    return highest, (array("q", starts[:morphs].tobytes()), array("q", ends[:morphs].tobytes()),
                     array("q", starts[morphs:].tobytes()), array("q", ends[morphs:].tobytes())), \
        array("q", bounds.astype(numpy.int64).tobytes())


class _Page:
    """A decoded value's summed offsets (_document_spans), shared by the deferred analyses of its lines: page(i)
    gives line i's from_arrays() arguments, sliced out when the line is first read. One object a page, not two a
    line: a prime keeps a hundred deferred lines a page, and the garbage collector scans every object kept."""

    __slots__ = ("spans", "arr", "combos", "bounds")

    def __init__(self, spans, arr: array, combos: list, bounds: array) -> None:
        self.spans, self.arr, self.combos, self.bounds = spans, arr, combos, bounds

    def __call__(self, line: int):
        starts, ends, s_starts, s_ends = self.spans
        m_at, m_to, s_at, s_to, tags_at = self.bounds[5 * line:5 * line + 5]
        return (starts[m_at:m_to], ends[m_at:m_to], self.arr[tags_at:tags_at + m_to - m_at], self.combos,
                tuple(zip(s_starts[s_at:s_to], s_ends[s_at:s_to])))


def decode_k2(data: bytes) -> list[tuple[int, LineAnalysis]]:
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
        # the error is raised here; so are zigzagged ones (no tokenizer makes those either) when first read. All
        # else is checked here and summed for the whole document at once (one numpy pass, not one per line: a
        # batch run reads most lines of a page), each line's part sliced out when its analysis is first read.
        eager = arr.itemsize == 8
        layout: list[int] = []  # (line_no, pos, n_m, n_s) of each line, flat
        pos, line_no, size = 1, 0, len(arr)
        for _ in range(arr[0]):
            line_no += arr[pos]
            n_m, n_s = arr[pos + 1], arr[pos + 2]
            pos += 3
            if pos + 3 * n_m + 2 * n_s > size:
                raise CodecError("truncated token-cache value")
            layout += (line_no, pos, n_m, n_s)
            pos += 3 * n_m + 2 * n_s
        quads = list(zip(*[iter(layout)] * 4)) if eager or zigzag else ()
        if eager or zigzag:
            if any(n_m and max(arr[at + 2 * n_m:at + 3 * n_m]) >= len(combos) for _no, at, n_m, _n_s in quads):
                raise CodecError("token-cache value names an unknown tag")
        elif layout:
            highest, spans, bounds = _document_spans(arr, layout)
            if highest >= len(combos):
                raise CodecError("token-cache value names an unknown tag")
        if pos != size:
            raise CodecError("token-cache value has trailing data")
        if eager or zigzag:
            for line_no, pos, n_m, n_s in quads:
                line = _LineLoader(arr, pos, n_m, n_s, zigzag, combos)
                out.append((line_no, LineAnalysis.from_arrays(*line()) if eager else LineAnalysis.deferred(line)))
            return out
        if not layout:
            return out
        page = _Page(spans, arr, combos, bounds)
        return list(zip(layout[::4], map(partial(LineAnalysis.deferred, page), range(len(layout) // 4))))
    except CodecError:
        raise
    except (zlib.error, ValueError, IndexError, TypeError, OverflowError, UnicodeDecodeError) as exc:
        raise CodecError(f"damaged token-cache value: {exc}") from None
