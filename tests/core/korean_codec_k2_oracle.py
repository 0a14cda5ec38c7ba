"""The token-cache encoder of the previous format (K2), kept verbatim as the oracle of the K3 encoder: a K3 value
must decode to what the K2 value of the same analyses decodes to (and K2 values, which projects still hold, must
read as before). From annotator/core/korean_codec.py before session 27."""

from __future__ import annotations

import json
import sys
import zlib
from array import array
from collections.abc import Iterable
from operator import itemgetter, sub

from annotator.core.korean import LineAnalysis

MAGIC = b"K2"
_LITTLE = sys.byteorder == "little"
_CODES = {1: "B", 2: "H", 4: "I" if array("I").itemsize == 4 else "L", 8: "Q"}


def _zigzag(values: Iterable[int]) -> list[int]:
    return [v << 1 if v >= 0 else (-v << 1) - 1 for v in values]


def _deltas(starts, ends) -> tuple[list[int], list[int]]:
    """(gaps after the previous end, lengths) of spans."""
    prev = [0, *ends[:-1]]
    return list(map(sub, starts, prev)), list(map(sub, ends, starts))


def encode(entries: Iterable[tuple[int, LineAnalysis]]) -> bytes:
    """Bytes for (line_no, analysis) pairs (in any order; decode gives them back sorted by line_no)."""
    combos = _Numbering()
    ints: list[int] = [0]
    count = prev_line = 0
    for line_no, analysis in sorted(entries, key=itemgetter(0)):
        starts, ends = analysis.offsets()
        sents = analysis.sentences
        ints += (line_no - prev_line, len(starts), len(sents))
        prev_line = line_no
        gaps, lengths = _deltas(starts, ends)
        ints += gaps
        ints += lengths
        ints += map(combos.__getitem__, map(tuple, analysis.tag_tuples()))
        gaps, lengths = _deltas([s for s, _ in sents], [e for _, e in sents])
        ints += gaps
        ints += lengths
        count += 1
    ints[0] = count
    zigzag = min(ints) < 0
    if zigzag:  # only the counts and line numbers (never negative) are left as they are; all else is zigzagged
        ints = _zigzag_deltas(ints)
    top = max(ints)
    width = next(w for w in (1, 2, 4, 8) if top < 1 << (8 * w))
    arr = array(_CODES[width], ints)
    if not _LITTLE:  # pragma: no cover
        arr.byteswap()
    table = json.dumps([list(c) for c in combos], ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    payload = len(table).to_bytes(4, "little") + table + arr.tobytes()
    return MAGIC + _CODES[width].encode("ascii") + (b"Z" if zigzag else b"P") + zlib.compress(payload, 4)


class _Numbering(dict):
    """Tag combination -> its number, numbered in the order first asked for."""

    def __missing__(self, key: tuple[str, ...]) -> int:
        number = self[key] = len(self)
        return number


def _zigzag_deltas(ints: list[int]) -> list[int]:
    """ints with every gap and length zigzagged (the layout of encode's array)."""
    out = ints[:1]
    pos = 1
    for _ in range(ints[0]):
        n_m, n_s = ints[pos + 1], ints[pos + 2]
        out += ints[pos:pos + 3]
        pos += 3
        out += _zigzag(ints[pos:pos + 2 * n_m])
        out += ints[pos + 2 * n_m:pos + 3 * n_m]
        pos += 3 * n_m
        out += _zigzag(ints[pos:pos + 2 * n_s])
        pos += 2 * n_s
    return out
