"""Search that fits Korean news: spacing varies ("혁신특구", "혁신 특구"), so by default a query matches across
whitespace. The store keeps a whitespace-free copy of every text in its own trigram index (schema step 2);
this module says what whitespace is and finds the hits in a text, for the document list and the article view.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# What a space-insensitive search skips. The store's doc_compact view strips exactly these (schema.py).
SPACES = " \t\n\r\u00a0\u3000"
_SPACE_CLASS = "[" + re.escape(SPACES) + "]*"
_STRIP = str.maketrans("", "", SPACES)


def compact(text: str) -> str:
    """text without the whitespace a space-insensitive search skips."""
    return text.translate(_STRIP)


def search_pattern(query: str, *, exact_spacing: bool = False) -> re.Pattern | None:
    """A case-insensitive pattern for query, matching across whitespace unless exact_spacing; None if empty."""
    query = query.strip()
    if exact_spacing:
        return re.compile(re.escape(query), re.IGNORECASE) if query else None
    chars = compact(query)
    if not chars:
        return None
    return re.compile(_SPACE_CLASS.join(re.escape(c) for c in chars), re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class SearchHits:
    count: int  # hits in the text (up to the limit)
    first: tuple[int, int] | None  # code-point range of the first hit
    snippet: str  # the first hit in context, on one line


def find_hits(pattern: re.Pattern, text: str, limit: int = 10_000) -> list[tuple[int, int]]:
    """Code-point ranges of up to limit non-overlapping hits."""
    out = []
    for match in pattern.finditer(text):
        if match.end() > match.start():
            out.append((match.start(), match.end()))
            if len(out) >= limit:
                break
    return out


def summarize_hits(pattern: re.Pattern, text: str, *, context: int = 18, limit: int = 10_000) -> SearchHits:
    hits = find_hits(pattern, text, limit)
    if not hits:
        return SearchHits(0, None, "")
    start, end = hits[0]
    left, right = max(0, start - context), min(len(text), end + context)
    snippet = ("…" if left > 0 else "") + text[left:right] + ("…" if right < len(text) else "")
    return SearchHits(len(hits), hits[0], " ".join(snippet.split()))
