"""Morpheme-aware selection helpers for the annotation UI, on the same tokenizer as the spaCy export.

All offsets are code-point offsets into the full document text; only the lines a call touches are
analysed (and those analyses are cached), so each call costs about one line's worth of work. analyser= is
the KoreanAnalyser whose analyses (and user words) are used; default: korean.default_analyser().
"""

from __future__ import annotations

from annotator.core import korean

# Trailing material that is never part of an entity: particles, endings, copula, verb/adjective-forming
# suffixes (테스트|했다 -> 테스트), and punctuation.
_TRAILING_PREFIXES = ("J", "E", "VCP", "VCN", "XSV", "XSA", "SF", "SP", "SE", "SO")
_LEADING_PREFIXES = ("SF", "SP", "SE", "SO")
_OPEN, _CLOSE = "SSO", "SSC"
# A morph whose first tag starts with none of these, at both ends of a span, leaves _strip nothing to do.
EDGE_TRIMMED = (*_TRAILING_PREFIXES, *_LEADING_PREFIXES, _OPEN, _CLOSE)
_NOMINAL_PREFIXES = ("NN", "NP", "NR", "SL", "SH", "SN", "XPN", "XSN", "W_", "SW", korean.UNKNOWN_TAG)

Morphs = list[tuple[int, int, tuple[str, ...]]]


def _head(tags: tuple[str, ...]) -> str:
    return tags[0] if tags else ""


def _strip(morphs: Morphs, *, keep_one: bool) -> Morphs:
    """Drop trailing particles/endings/punctuation, leading punctuation and enclosing or unbalanced brackets."""
    morphs = list(morphs)
    floor = 1 if keep_one else 0
    changed = True
    while changed and len(morphs) > floor:
        changed = False
        first, last = _head(morphs[0][2]), _head(morphs[-1][2])
        opens = sum(_head(m[2]) == _OPEN for m in morphs)
        closes = sum(_head(m[2]) == _CLOSE for m in morphs)
        if last.startswith(_TRAILING_PREFIXES) or (last == _CLOSE and closes > opens):
            morphs.pop()
            changed = True
        elif first.startswith(_LEADING_PREFIXES) or (first == _OPEN and opens > closes):
            morphs.pop(0)
            changed = True
        elif first == _OPEN and last == _CLOSE and len(morphs) >= floor + 2:
            morphs = morphs[1:-1]
            changed = True
    if len(morphs) == 1 and _head(morphs[0][2]).startswith(_TRAILING_PREFIXES + (_OPEN, _CLOSE)) and not keep_one:
        return []
    return morphs


def _overlapping(text: str, start: int, end: int, analyser) -> Morphs:
    return [m for m in korean.iter_line_morphs(text, start, end, analyser=analyser) if m[0] < end and m[1] > start]


def snap_to_morphemes(text: str, start: int, end: int, *, analyser=None) -> tuple[int, int]:
    """Snap a selection to whole morphemes without trailing particles or endings.

    "중기부는" -> "중기부"; a selection inside a word grows to the whole morpheme(s) it touches.
    A selection of whitespace only, or with nothing but particles, is returned unchanged.
    """
    n = len(text)
    start, end = sorted((max(0, min(start, n)), max(0, min(end, n))))
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        return start, end
    morphs = _overlapping(text, start, end, analyser)
    if not morphs:
        return start, end
    morphs = _strip(morphs, keep_one=True)
    return morphs[0][0], morphs[-1][1]


def word_at(text: str, pos: int) -> tuple[int, int] | None:
    """The whitespace-delimited word at pos (or ending right before pos), or None on whitespace."""
    n = len(text)
    if 0 <= pos < n and not text[pos].isspace():
        anchor = pos
    elif 0 < pos <= n and not text[pos - 1].isspace():
        anchor = pos - 1
    else:
        return None
    start = anchor
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    end = anchor + 1
    while end < n and not text[end].isspace():
        end += 1
    return start, end


def noun_part_at(text: str, pos: int, *, analyser=None) -> tuple[int, int] | None:
    """The noun part of the whitespace word at pos ("중기부는" -> "중기부"), for double-click; None if it has none."""
    word = word_at(text, pos)
    if word is None:
        return None
    morphs = _strip(_overlapping(text, *word, analyser), keep_one=False)
    if not any(_head(m[2]).startswith(_NOMINAL_PREFIXES) for m in morphs):
        return None
    return morphs[0][0], morphs[-1][1]


def morpheme_boundaries(text: str, start: int, end: int, *, analyser=None) -> list[int]:
    """Sorted token boundaries b with start <= b <= end (morpheme starts and ends, whitespace excluded)."""
    bounds: set[int] = set()
    for m_start, m_end, _tags in korean.iter_line_morphs(text, start, end, analyser=analyser):
        if start <= m_start <= end:
            bounds.add(m_start)
        if start <= m_end <= end:
            bounds.add(m_end)
    return sorted(bounds)


def next_morpheme_boundary(text: str, pos: int, forward: bool = True, *, analyser=None) -> int:
    """The nearest morpheme boundary after pos (or before it), for Shift+arrow; 0 or len(text) at the ends."""
    n = len(text)
    pos = max(0, min(pos, n))
    if forward:
        line_start = text.rfind("\n", 0, pos) + 1
        while line_start <= n:
            line_end = text.find("\n", line_start)
            line_end = n if line_end < 0 else line_end
            after = [b for b in morpheme_boundaries(text, line_start, line_end, analyser=analyser) if b > pos]
            if after:
                return after[0]
            line_start = line_end + 1
        return n
    line_end = text.find("\n", pos)
    line_end = n if line_end < 0 else line_end
    while line_end >= 0:
        line_start = text.rfind("\n", 0, line_end) + 1
        before = [b for b in morpheme_boundaries(text, line_start, line_end, analyser=analyser) if b < pos]
        if before:
            return before[-1]
        line_end = line_start - 1
    return 0


def trim_morphs(morphs: Morphs, *, keep_one: bool) -> Morphs:
    """Morphs without trailing particles/endings and edge punctuation, as the snapping trims a selection
    (for proposals that must end where a reviewer's label would: the dictionary and the model)."""
    return _strip(morphs, keep_one=keep_one)
