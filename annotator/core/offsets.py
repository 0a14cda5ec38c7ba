"""Code-point offsets <-> UTF-16 positions, the one place the two are converted.

Stored offsets are Python code points; Qt (QTextCursor, QTextBlock.position, QSyntaxHighlighter.setFormat)
counts UTF-16 code units, where a character outside the Basic Multilingual Plane (emoji, supplementary-plane
Hanja such as 𠀀) takes two units. Building the map scans the text once in C (a regex); every conversion is
O(1) when the text has no astral characters and a bisect over their positions otherwise.
"""

from __future__ import annotations

import re
from bisect import bisect_left

_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


class OffsetMap:
    """Converts positions for one immutable text."""

    __slots__ = ("_astral_cp", "_astral_u16", "length", "length_utf16")

    def __init__(self, text: str) -> None:
        # Code-point index of each astral character, and the UTF-16 index where it starts.
        self._astral_cp = [] if text.isascii() else [m.start() for m in _ASTRAL.finditer(text)]
        self._astral_u16 = [cp + k for k, cp in enumerate(self._astral_cp)]
        self.length = len(text)
        self.length_utf16 = self.length + len(self._astral_cp)

    @property
    def has_astral(self) -> bool:
        return bool(self._astral_cp)

    def to_utf16(self, pos: int) -> int:
        """UTF-16 position of code-point offset pos (0 <= pos <= len(text))."""
        if not self._astral_cp:
            return pos
        return pos + bisect_left(self._astral_cp, pos)

    def to_codepoint(self, pos16: int) -> int:
        """Code-point offset of UTF-16 position pos16; a position inside a surrogate pair rounds down."""
        if not self._astral_u16:
            return pos16
        # Astral characters starting before pos16 each took one extra unit.
        return pos16 - bisect_left(self._astral_u16, pos16)

    def range_to_utf16(self, start: int, end: int) -> tuple[int, int]:
        return self.to_utf16(start), self.to_utf16(end)

    def range_to_codepoint(self, start16: int, end16: int) -> tuple[int, int]:
        """Code-point range covering [start16, end16); an end inside a surrogate pair rounds up."""
        start = self.to_codepoint(start16)
        end = self.to_codepoint(end16)
        if self.to_utf16(end) < end16:
            end += 1
        return start, end


def utf16_length(text: str) -> int:
    """Length of text in UTF-16 code units."""
    if text.isascii():
        return len(text)
    return len(text) + len(_ASTRAL.findall(text))


def to_utf16(text: str, pos: int) -> int:
    """One-off conversion; build an OffsetMap when converting many positions in the same text."""
    return OffsetMap(text[:pos]).length_utf16


def to_codepoint(text: str, pos16: int) -> int:
    """One-off conversion; build an OffsetMap when converting many positions in the same text."""
    return OffsetMap(text).to_codepoint(pos16)
