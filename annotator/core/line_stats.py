"""Corpus line statistics: how many documents of a source contain a line (a recurring line is chrome).

Lines are counted by a stable 64-bit hash, not by their text, so the table and the in-memory counts stay
small; only lines up to MAX_COUNTED_CHARS are counted, since page chrome is short and long body paragraphs
never recur.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import repeat

try:  # hashlib.blake2b is this very type; hashlib itself loads OpenSSL (~3 ms of each segmenter process's start)
    from _blake2 import blake2b
except ImportError:  # a Python built without it
    from hashlib import blake2b

MAX_COUNTED_CHARS = 200


# A line is looked up and counted several times on its way in (its page's statistics, the segmenter's
# recurrence check), and chrome lines recur on every page of a site: the recent keys are kept.
@lru_cache(maxsize=8192)
def line_key(line: str) -> int:
    """Stable signed 64-bit key of a stripped line (fits SQLite INTEGER; same in every process)."""
    digest = blake2b(line.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def distinct_lines(text: str) -> set[str]:
    """The stripped non-blank lines of a text that the statistics count."""
    return {s for line in text.split("\n") if (s := line.strip()) and len(s) <= MAX_COUNTED_CHARS}


def count_keys(freq: dict, keys) -> None:
    """freq[key] += 1 (from 0) for each of `keys`, line keys (ints) of one document, by C loops: dict's own get and
    update, which a LineCounts inherits as they are (an int key needs no line_key). Keys that repeat (two lines
    of one hash) are counted one at a time, as a loop would."""
    keys = keys if type(keys) is list else list(keys)
    if len(set(keys)) != len(keys):
        for key in keys:
            dict.__setitem__(freq, key, dict.get(freq, key, 0) + 1)
        return
    freq.update(zip(keys, map(_PLUS_ONE, map(dict.get, repeat(freq), keys, repeat(0)))))


_PLUS_ONE = (1).__add__


class LineCounts(dict):
    """Document counts keyed by line_key; lookups and updates also accept the line text itself."""

    __slots__ = ()

    def __getitem__(self, line):
        return dict.__getitem__(self, line_key(line) if isinstance(line, str) else line)

    def __setitem__(self, line, count) -> None:
        dict.__setitem__(self, line_key(line) if isinstance(line, str) else line, count)

    def __contains__(self, line) -> bool:
        return dict.__contains__(self, line_key(line) if isinstance(line, str) else line)

    def get(self, line, default=None):
        return dict.get(self, line_key(line) if isinstance(line, str) else line, default)
