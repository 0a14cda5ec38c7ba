"""Text normalisation and line geometry, done once at import."""

from __future__ import annotations

import hashlib
import re

from annotator.core.model import LineSegment

_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def has_surrogates(text: str) -> bool:
    """Whether text holds UTF-16 surrogate code points, i.e. cannot be encoded as UTF-8 (what
    text.encode("utf-8") refuses), found without making the encoded copy."""
    return _SURROGATE_RE.search(text) is not None


def normalize_newlines(text: str) -> str:
    """CRLF and lone CR become LF. Applied exactly once, when a document is imported."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def utf8_sha256(data: bytes) -> str:
    """text_sha256 of the text whose UTF-8 is data (a stored text's bytes as SQLite gives them: CAST(text AS BLOB),
    which spares encoding the text again)."""
    return hashlib.sha256(data).hexdigest()


def utf8_and_sha256(text: str) -> tuple[bytes | None, str]:
    """(the text as UTF-8, text_sha256(text)), encoding it once; None for the bytes of a text with lone
    surrogates (which UTF-8 cannot hold; its hash is made as text_sha256 makes it)."""
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        return None, text_sha256(text)
    return data, hashlib.sha256(data).hexdigest()


def line_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) code-point offsets of each line of text split on "\\n", newline excluded."""
    bounds = []
    start = 0
    find = text.find
    while True:
        nl = find("\n", start)
        if nl < 0:
            bounds.append((start, len(text)))
            return bounds
        bounds.append((start, nl))
        start = nl + 1


def unclassified_segments(text: str) -> list[LineSegment]:
    """Line segments before any segmenter has looked at the text (blank lines are known anyway)."""
    return [
        LineSegment(i, s, e, "unclassified" if text[s:e].strip() else "blank")
        for i, (s, e) in enumerate(line_bounds(text), 1)
    ]
