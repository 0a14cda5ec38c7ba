"""Compact bytes for the Kiwi analyses of a document's lines: what the project's token cache stores per document.

One value per document, not a row per token. Offsets become small numbers (each morph as its gap after the
previous one and its length, zigzag-encoded so that no input can break them), held column by column in two arrays
of the narrowest unsigned type that fits (1, 2, 4 or 8 bytes: one for the counts and offsets, one for the tag
ids), compressed with zlib after a JSON table of the tag combinations used:

    b"K3" + offsets typecode (b"B" | b"H" | b"I" | b"Q") + sign (b"P": gaps and lengths as they are, b"Z":
    zigzagged, only needed for analyses no tokenizer makes) + tag-ids typecode
    + zlib( len(table) as 4 bytes LE + table + the offsets array + the tag-ids array, LE )
    offsets array: n_lines, line_no - previous line_no of each line, n_morphs of each, n_sentences of each,
                   then every line's morph gaps, every line's morph lengths, every line's sentence gaps, every
                   line's sentence lengths (each line's gaps counted from its own start)
    tag-ids array: every line's morph tag-combination ids

A ~3 KB page takes about a kilobyte. Offsets are relative to the line, as in LineAnalysis; line_no is the
0-based index of the line in text.split("\\n"). decode() raises CodecError on anything it did not write, so a
damaged value is recomputed, never trusted: the layout (the counts up front, so one sum checks it) and every tag
id are checked at once; the offsets are summed (the whole page in one numpy pass) only when one of its lines is
first read (a suggestion run reads the morphs of few lines, but of most pages). Values of the previous format (K2:
the counts line by line among the offsets) are still read (korean_codec_k2), as they were.
"""

from __future__ import annotations

import json
import sys
import zlib
from array import array
from collections.abc import Iterable
from functools import partial
from itertools import accumulate
from operator import add, itemgetter, sub

from annotator.core.korean import LineAnalysis

MAGIC = b"K3"
_LITTLE = sys.byteorder == "little"
# Unsigned array typecodes by width; "L"/"Q" are chosen by itemsize, which differs between platforms.
_CODES = {1: "B", 2: "H", 4: "I" if array("I").itemsize == 4 else "L", 8: "Q"}


class CodecError(ValueError):
    """The bytes are not an encoding of line analyses (damaged or of another format)."""


def _zigzag(values: Iterable[int]) -> list[int]:
    return [v << 1 if v >= 0 else (-v << 1) - 1 for v in values]


def _unzigzag(values) -> list[int]:
    return [v >> 1 if not v & 1 else -((v + 1) >> 1) for v in values]


def _deltas(starts, ends) -> tuple[list[int], list[int]]:
    """(gaps after the previous end, lengths) of spans."""
    prev = [0, *ends[:-1]]
    return list(map(sub, starts, prev)), list(map(sub, ends, starts))


def _narrowest(top: int) -> str:
    return _CODES[next(w for w in (1, 2, 4, 8) if top < 1 << (8 * w))]


def encode(entries: Iterable[tuple[int, LineAnalysis]]) -> bytes:
    """Bytes for (line_no, analysis) pairs (in any order; decode gives them back sorted by line_no)."""
    combos = _Numbering()
    line_nos: list[int] = []
    n_morphs: list[int] = []
    n_sents: list[int] = []
    gaps: list[int] = []
    lengths: list[int] = []
    tag_ids: list[int] = []
    s_gaps: list[int] = []
    s_lengths: list[int] = []
    prev_line = 0
    for line_no, analysis in sorted(entries, key=itemgetter(0)):
        starts, ends = analysis.offsets()
        sents = analysis.sentences
        line_nos.append(line_no - prev_line)
        prev_line = line_no
        n_morphs.append(len(starts))
        n_sents.append(len(sents))
        g, n = _deltas(starts, ends)
        gaps += g
        lengths += n
        tag_ids += map(combos.__getitem__, map(tuple, analysis.tag_tuples()))
        g, n = _deltas([s for s, _ in sents], [e for _, e in sents])
        s_gaps += g
        s_lengths += n
    spans = gaps + lengths + s_gaps + s_lengths
    zigzag = min(spans, default=0) < 0
    if zigzag:  # only the counts and line numbers (never negative) are left as they are
        spans = _zigzag(spans)
    ints = [len(line_nos), *line_nos, *n_morphs, *n_sents, *spans]
    code, tag_code = _narrowest(max(ints)), _narrowest(max(tag_ids, default=0))
    arr, tags = array(code, ints), array(tag_code, tag_ids)
    if not _LITTLE:  # pragma: no cover
        arr.byteswap()
        tags.byteswap()
    table = json.dumps([list(c) for c in combos], ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    payload = len(table).to_bytes(4, "little") + table + arr.tobytes() + tags.tobytes()
    return (MAGIC + code.encode("ascii") + (b"Z" if zigzag else b"P") + tag_code.encode("ascii")
            + zlib.compress(payload, 4))


class _Numbering(dict):
    """Tag combination -> its number, numbered in the order first asked for."""

    def __missing__(self, key: tuple[str, ...]) -> int:
        number = self[key] = len(self)
        return number


_DTYPES = {1: "=u1", 2: "=u2", 4: "=u4"}  # numpy dtype names: numpy is imported only where a line is read


class _Page:
    """A decoded value's columns, shared by the deferred analyses of its lines: page(i) gives line i's
    from_arrays() arguments. One object a page, not one a line: a prime keeps a hundred deferred lines a page,
    and the garbage collector scans every object kept."""

    __slots__ = ("body", "tags", "combos", "m_first", "s_first", "zigzag", "summed")

    def __init__(self, body: array, tags: array, combos: list, m_first: list[int], s_first: list[int],
                 zigzag: bool) -> None:
        self.body, self.tags, self.combos, self.zigzag = body, tags, combos, zigzag
        self.m_first, self.s_first = m_first, s_first  # each line's first morph (sentence), and the count last
        self.summed = None  # (morph starts, morph ends, sentence starts, sentence ends) of every line, when summed

    def __call__(self, line: int):
        m_at, m_to = self.m_first[line], self.m_first[line + 1]
        s_at, s_to = self.s_first[line], self.s_first[line + 1]
        tags = self.tags[m_at:m_to]
        if self.zigzag or self.body.itemsize == 8:  # decoded at once (decode): line by line, exactly
            body, morphs = self.body, self.m_first[-1]
            starts, ends = self._line_spans(body[m_at:m_to], body[morphs + m_at:morphs + m_to])
            at, sents = 2 * morphs, self.s_first[-1]
            s_starts, s_ends = self._line_spans(body[at + s_at:at + s_to],
                                                body[at + sents + s_at:at + sents + s_to])
            return starts, ends, tags, self.combos, tuple(zip(s_starts, s_ends))
        summed = self.summed
        if summed is None:  # the lines read are mostly the long ones: one numpy pass costs less than theirs
            summed = self.summed = self._sum_all()
        starts, ends, s_starts, s_ends = summed
        return (starts[m_at:m_to], ends[m_at:m_to], tags, self.combos,
                tuple(zip(s_starts[s_at:s_to], s_ends[s_at:s_to])))

    def _line_spans(self, gaps, lengths) -> tuple[array, array]:
        """(starts, ends) of one line's spans as 8-byte arrays (an analysis kept in a line cache then costs 16
        bytes a morph, not the ~70 of two lists of ints); beyond int64 sums: OverflowError."""
        if self.zigzag:
            gaps, lengths = _unzigzag(gaps), _unzigzag(lengths)
        ends = array("q", accumulate(map(add, gaps, lengths)))
        return array("q", map(sub, ends, lengths)), ends

    def _sum_all(self) -> tuple[array, array, array, array]:
        """Every line's offsets from its own start, summed in one numpy pass: the running sum of gap + length,
        restarted at each line's first morph (sentence)."""
        import numpy

        values = numpy.frombuffer(self.body, dtype=_DTYPES[self.body.itemsize])
        out = []
        at = 0
        for first in (self.m_first, self.s_first):
            count = first[-1]
            gaps = values[at:at + count].astype(numpy.int64)
            lengths = values[at + count:at + 2 * count].astype(numpy.int64)
            at += 2 * count
            firsts = numpy.asarray(first, dtype=numpy.int64)
            sums = numpy.cumsum(gaps + lengths)
            before = numpy.concatenate(([0], sums))[firsts[:-1]]
            ends = sums - numpy.repeat(before, numpy.diff(firsts))
            out += [array("q", (ends - lengths).tobytes()), array("q", ends.tobytes())]
        return out[0], out[1], out[2], out[3]


_ALLOWED_TAGS: dict[int, bytes] = {}  # bytes 0 .. n - 1: the one-byte tag ids a table of n combinations allows


def _unknown_tag(tags: array, raw: bytes, count: int) -> bool:
    """Whether a tag id is not below count (raw: the tag ids' bytes, for one-byte ids: checked without a loop)."""
    if tags.itemsize == 1:
        if count >= 256:
            return False
        allowed = _ALLOWED_TAGS.get(count)
        if allowed is None:
            allowed = _ALLOWED_TAGS[count] = bytes(range(count))
        return bool(raw.translate(None, allowed))
    return bool(tags) and max(tags) >= count


def ready_to_read() -> None:
    """Import what reading a decoded line needs (numpy: ~80 ms of CPU): a process about to fork workers that will
    read kept tokens does it once for all of them, rather than each worker on its first line."""
    import numpy  # noqa: F401


def decode(data: bytes) -> list[tuple[int, LineAnalysis]]:
    """The (line_no, LineAnalysis) pairs of encode() (or of the previous format's), sorted by line_no;
    CodecError if data is not one."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise CodecError("not a token-cache value")
    magic = bytes(data[:2])
    if magic == b"K2":
        from annotator.core.korean_codec_k2 import decode_k2

        return decode_k2(data)
    if magic != MAGIC:
        raise CodecError("not a token-cache value")
    code, sign, tag_code = (bytes(data[i:i + 1]).decode("ascii", "replace") for i in (2, 3, 4))
    codes = _CODES.values()
    if code not in codes or tag_code not in codes or sign not in ("P", "Z"):
        raise CodecError("unknown integer layout in a token-cache value")
    zigzag = sign == "Z"
    try:
        raw = zlib.decompress(bytes(data[5:]))
        size = int.from_bytes(raw[:4], "little")
        combos = [tuple(map(str, c)) for c in json.loads(raw[4:4 + size].decode("utf-8"))]
        width = array(code).itemsize
        at = 4 + size
        lines = array(code, raw[at:at + width])
        if not _LITTLE:  # pragma: no cover
            lines.byteswap()
        if not lines:
            raise CodecError("truncated token-cache value")
        count = lines[0]
        at += width
        head = array(code, raw[at:at + 3 * count * width])
        if not _LITTLE:  # pragma: no cover
            head.byteswap()
        if len(head) != 3 * count:
            raise CodecError("truncated token-cache value")
        at += 3 * count * width
        m_first = list(accumulate(head[count:2 * count], initial=0))
        s_first = list(accumulate(head[2 * count:], initial=0))
        morphs, sents = m_first[-1], s_first[-1]
        body_end = at + 2 * (morphs + sents) * width
        end = body_end + morphs * array(tag_code).itemsize
        if len(raw) != end:
            raise CodecError("truncated token-cache value" if len(raw) < end else "token-cache value has trailing data")
        body, tag_bytes = array(code, raw[at:body_end]), raw[body_end:]
        tags = array(tag_code, tag_bytes)
        if not _LITTLE:  # pragma: no cover
            body.byteswap()
            tags.byteswap()
        if _unknown_tag(tags, tag_bytes, len(combos)):
            raise CodecError("token-cache value names an unknown tag")
        line_nos = list(accumulate(head[:count]))
        page = _Page(body, tags, combos, m_first, s_first, zigzag)
        if zigzag or width == 8:
            # rare (no tokenizer makes them) and may overflow when summed: decoded at once, so that the error is
            # raised here
            return [(no, LineAnalysis.from_arrays(*page(i))) for i, no in enumerate(line_nos)]
        return list(zip(line_nos, map(partial(LineAnalysis.deferred, page), range(count))))
    except CodecError:
        raise
    except (zlib.error, ValueError, IndexError, TypeError, OverflowError, UnicodeDecodeError) as exc:
        raise CodecError(f"damaged token-cache value: {exc}") from None
