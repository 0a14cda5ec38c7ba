"""Finding the unlabelled occurrences of a string, for "label all occurrences"."""

from __future__ import annotations

from bisect import bisect_right
from typing import Sequence

from annotator.core.model import Span


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def find_unlabelled_occurrences(text: str, needle: str, spans: Sequence[Span]) -> list[tuple[int, int]]:
    """(start, end) of each occurrence of needle that overlaps no span and starts a word.

    An occurrence must not continue a word on its left ("강원" is not found inside "북강원"); on its right
    Korean particles may follow ("중기부는"), but a Latin or digit word may not continue ("AI" in "AIR").
    """
    if not needle.strip():
        return []
    ordered = sorted((s.start, s.end) for s in spans)
    starts = [s for s, _ in ordered]
    found: list[tuple[int, int]] = []
    pos = text.find(needle)
    while pos >= 0:
        end = pos + len(needle)
        left_ok = pos == 0 or not _is_word_char(text[pos - 1]) or not _is_word_char(needle[0])
        right = text[end] if end < len(text) else ""
        right_ok = not (right and right.isascii() and _is_word_char(right) and needle[-1].isascii()
                        and _is_word_char(needle[-1]))
        i = bisect_right(starts, pos) - 1  # the last span starting at or before pos
        overlaps = (i >= 0 and ordered[i][1] > pos) or (i + 1 < len(ordered) and ordered[i + 1][0] < end)
        if left_ok and right_ok and not overlaps:
            found.append((pos, end))
            pos = text.find(needle, end)
        else:
            pos = text.find(needle, pos + 1)
    return found
