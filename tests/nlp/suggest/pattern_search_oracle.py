"""The per-page search code of nlp/suggest/patterns.py as it was before it was made faster, kept verbatim as the
oracle of the equality tests (test_pattern_search_equality.py, test_fast_engine_equality.py)."""

from __future__ import annotations

from annotator.core import korean

_Morph = tuple[int, int, str, bool]


def _line_morphs(text: str, start: int, end: int) -> list[_Morph]:
    """Morphs of the line analyses (kept tokens, or Kiwi's cached analysis) that lie inside text[start:end]
    (a whole line, or a few whole words of one: the first of them has whitespace before it)."""
    morphs: list[_Morph] = []
    prev_end = None
    for m_start, m_end, tags in korean.iter_line_morphs(text, start, end):
        if m_start < start or m_end > end:
            continue
        gap = prev_end is None or m_start > prev_end
        morphs.append((m_start, m_end, tags[0] if tags else "", gap))
        prev_end = m_end
    return morphs
