"""The stored form of a document's line segments: one value per document instead of one row per line.

A segment's start and end are the line's bounds in the immutable text (annotator.core.text.line_bounds), so
only what the segmenter decided is kept: one letter per line for the kind, and JSON arrays of the scores and
reasons. On 30-line pages, SQLite took 58-93 us per document for one row per line and ~10 us for the one packed
row (packing costs ~25 us of Python, which large imports spend in the segmenter processes).
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from annotator.core.model import LineSegment

KIND_LETTERS = {"content": "c", "boilerplate": "b", "blank": "n", "unclassified": "u"}
LETTER_KINDS = {letter: kind for kind, letter in KIND_LETTERS.items()}

PackedLines = tuple[str, str, str]  # (kinds, scores as JSON, reasons as JSON)


def pack_lines(segments: Sequence[LineSegment]) -> PackedLines:
    """The stored form of a document's segments (one per line, in line order).

    The same text as json.dumps of the score and reason lists; each distinct score and reason is encoded once
    (the segmenter's come from small sets), which made packing several times cheaper."""
    ordered = sorted(segments, key=lambda s: s.line_no)
    return ("".join([KIND_LETTERS[s.kind] for s in ordered]),
            "[" + ", ".join([_score_json(s.score) for s in ordered]) + "]",
            "[" + ", ".join([_reason_json(s.reason) for s in ordered]) + "]")


_ENCODED_MAX = 4096
_SCORES: dict[float, str] = {}
_REASONS: dict[str, str] = {}


def _score_json(score) -> str:
    # Only non-zero floats are kept: 1 == 1.0 == True and 0.0 == -0.0 would share a key but not a text, and
    # NaN is never found again (json.dumps refuses it each time, as before).
    if type(score) is float and score:
        return _encoded(_SCORES, score, _dump_score)
    return "null" if score is None else _dump_score(score)  # None: every blank line


def _reason_json(reason) -> str:
    return _encoded(_REASONS, reason, _dump_reason) if type(reason) is str else _dump_reason(reason)


def _dump_score(score) -> str:
    return json.dumps(score, allow_nan=False)


def _dump_reason(reason) -> str:
    return json.dumps(reason, ensure_ascii=False)


def _encoded(cache: dict, value, encode) -> str:
    text = cache.get(value)
    if text is None:
        text = encode(value)
        if len(cache) < _ENCODED_MAX:
            cache[value] = text
    return text


def pack_unclassified(text: str) -> PackedLines:
    """Lines no segmenter has looked at: blank or unclassified, without score or reason."""
    kinds = "".join(["u" if line.strip() else "n" for line in text.split("\n")])
    return kinds, json.dumps([None] * len(kinds)), json.dumps([""] * len(kinds))


def unpack_lines(text: str, kinds: str, scores: str, reasons: str,
                 overrides: dict[int, str] | None = None) -> list[LineSegment]:
    """The segments of a text from their stored form (with the reviewer's overrides by line number). A line
    the stored form does not cover (a damaged row) is unclassified."""
    from annotator.core.text import line_bounds  # here: core.text loads hashlib, which the segmenter processes do not need

    score_list, reason_list = json.loads(scores), json.loads(reasons)
    overrides = overrides or {}
    out = []
    for no, (start, end) in enumerate(line_bounds(text), 1):
        i = no - 1
        if i < len(kinds):
            kind = LETTER_KINDS.get(kinds[i], "unclassified")
            score = score_list[i] if i < len(score_list) else None
            reason = reason_list[i] if i < len(reason_list) else ""
        else:
            kind, score, reason = ("unclassified" if text[start:end].strip() else "blank"), None, ""
        out.append(LineSegment(no, start, end, kind, score, reason, overrides.get(no)))
    return out
