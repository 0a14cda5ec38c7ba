"""Sentences around entities and small formatting helpers for the report."""

from __future__ import annotations

import re
from bisect import bisect_right

STATUS_NAMES = {"new": "신규", "in_progress": "진행 중", "done": "완료", "skipped": "건너뜀"}
# Kiwi splits sentences best but costs a second to load and ~300K chars/s; above this much text the
# report uses the punctuation splitter below so a large report stays fast and small in memory.
KIWI_MAX_CHARS = 300_000
_SENTENCE_END = re.compile(r"(?<=[.?!。])[\"'”’)\]]*\s+")
_CLOSERS = "\"'”’)]"  # what may stand between the full stop and the space (_SENTENCE_END)
# A sentence is cut to this many characters on either side of its entity: a page on one line without sentence
# ends is one "sentence", and each of 10,000 entities in it made the report scan and write all of it (30 s).
CONTEXT_CHARS = 300


def norm(text: str) -> str:
    """Entity text with whitespace normalised: the key that groups mentions of one zone or person."""
    return " ".join(text.split())


class SentenceFinder:
    """The sentence around an offset of one document: Kiwi's sentences when `use_kiwi`, otherwise the
    line cut at sentence-final punctuation followed by a space."""

    def __init__(self, text: str, use_kiwi: bool):
        self.text = text
        self.bounds: list[tuple[int, int]] | None = None
        if use_kiwi:
            from annotator.core.korean import sentences

            self.bounds = sentences(text)
            self.starts = [s for s, _ in self.bounds]

    def around(self, start: int, end: int) -> tuple[str, int]:
        """(sentence text, its start offset) holding text[start:end]; the sentences it runs over are joined."""
        text = self.text
        if self.bounds:
            i = max(bisect_right(self.starts, start) - 1, 0)
            j = max(bisect_right(self.starts, max(end - 1, start)) - 1, i)
            a, b = self.bounds[i][0], self.bounds[j][1]
            if a <= start and end <= b:
                a, b = max(a, start - CONTEXT_CHARS), min(b, end + CONTEXT_CHARS)
                return text[a:b], a
        # the line holding the entity, within CONTEXT_CHARS of it
        low, high = max(0, start - CONTEXT_CHARS), min(len(text), end + CONTEXT_CHARS)
        line_start = text.rfind("\n", low, start)
        line_start = low if line_start < 0 else line_start + 1
        line_end = text.find("\n", end, high)
        line_end = high if line_end < 0 else line_end
        a, b = line_start, line_end
        search_from = line_start
        # cut inside the line: a sentence end ("다. ") may begin before the cut and end after it
        while search_from > 0 and text[search_from - 1] != "\n" and (
                text[search_from - 1].isspace() or text[search_from - 1] in _CLOSERS):
            search_from -= 1
        for m in _SENTENCE_END.finditer(text, search_from, line_end):
            if m.end() <= start:
                a = max(a, m.end())
            elif m.start() >= end:
                b = m.start()
                break
        return text[a:b], a


def short_time(stamp: str) -> str:
    """2026-11-22T01:30:07+00:00 -> 2026-11-22 01:30 (UTC, as stored)."""
    return stamp[:16].replace("T", " ") if stamp else ""
