"""Compact bytes for the Kiwi analyses of a document's lines: what the project's token cache stores per document.

One value per document, not a row per token: the lines' morphs and sentences as one array of unsigned 32-bit
integers (little-endian), compressed with zlib, after a small JSON table of the tag combinations used:

    b"K1" + zlib( len(table) as 4 bytes LE + table (JSON list of tag lists) + int array )
    int array: n_lines, then per line: line_no, n_morphs, n_sentences,
               morph starts, morph ends, morph tag-combination ids, sentence starts, sentence ends

Offsets are relative to the line, as in LineAnalysis; line_no is the 0-based index of the line in
text.split("\\n"). decode() raises CodecError on anything it did not write, so a damaged value is recomputed,
never trusted.
"""

from __future__ import annotations

import json
import sys
import zlib
from array import array
from collections.abc import Iterable

from annotator.core.korean import LineAnalysis

MAGIC = b"K1"
_LITTLE = sys.byteorder == "little"


class CodecError(ValueError):
    """The bytes are not an encoding of line analyses (damaged or of another format)."""


def _ints(values: Iterable[int]) -> array:
    arr = array("I", values)
    if arr.itemsize != 4:  # pragma: no cover - every platform Python supports has 4-byte "I"
        arr = array("L", arr)
    return arr


def encode(entries: Iterable[tuple[int, LineAnalysis]]) -> bytes:
    """Bytes for (line_no, analysis) pairs (in any order; decode gives them back sorted by line_no)."""
    combos: dict[tuple[str, ...], int] = {}
    ints: list[int] = [0]
    count = 0
    for line_no, analysis in sorted(entries, key=lambda e: e[0]):
        starts, ends = analysis.offsets()
        sents = analysis.sentences
        ints += (line_no, len(starts), len(sents))
        ints += starts
        ints += ends
        ints += [combos.setdefault(tuple(t), len(combos)) for t in analysis.tag_tuples()]
        ints += [s for s, _ in sents]
        ints += [e for _, e in sents]
        count += 1
    ints[0] = count
    arr = _ints(ints)
    if not _LITTLE:  # pragma: no cover
        arr.byteswap()
    table = json.dumps([list(c) for c in combos], ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return MAGIC + zlib.compress(len(table).to_bytes(4, "little") + table + arr.tobytes(), 1)


def decode(data: bytes) -> list[tuple[int, LineAnalysis]]:
    """The (line_no, LineAnalysis) pairs of encode(), sorted by line_no; CodecError if data is not one."""
    if not isinstance(data, (bytes, bytearray, memoryview)) or bytes(data[:2]) != MAGIC:
        raise CodecError("not a token-cache value")
    try:
        raw = zlib.decompress(bytes(data[2:]))
        size = int.from_bytes(raw[:4], "little")
        combos = [tuple(map(str, c)) for c in json.loads(raw[4:4 + size].decode("utf-8"))]
        arr = array("I")
        if arr.itemsize != 4:  # pragma: no cover
            arr = array("L")
        arr.frombytes(raw[4 + size:])
        if not _LITTLE:  # pragma: no cover
            arr.byteswap()
        out: list[tuple[int, LineAnalysis]] = []
        pos = 1
        for _ in range(arr[0]):
            line_no, n_m, n_s = arr[pos], arr[pos + 1], arr[pos + 2]
            pos += 3
            starts, ends = arr[pos:pos + n_m], arr[pos + n_m:pos + 2 * n_m]
            tags = arr[pos + 2 * n_m:pos + 3 * n_m]
            pos += 3 * n_m
            sents = tuple(zip(arr[pos:pos + n_s], arr[pos + n_s:pos + 2 * n_s]))
            pos += 2 * n_s
            if len(tags) != n_m or len(sents) != n_s:
                raise CodecError("truncated token-cache value")
            if n_m and max(tags) >= len(combos):
                raise CodecError("token-cache value names an unknown tag")
            out.append((line_no, LineAnalysis.from_arrays(starts, ends, tags, combos, sents)))
        if pos != len(arr):
            raise CodecError("token-cache value has trailing data")
        return out
    except CodecError:
        raise
    except (zlib.error, ValueError, IndexError, TypeError, UnicodeDecodeError) as exc:
        raise CodecError(f"damaged token-cache value: {exc}") from None
