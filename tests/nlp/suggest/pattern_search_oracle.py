"""The per-page search code of nlp/suggest/patterns.py as it was before it was made faster, kept verbatim as the
oracle of the equality tests (test_pattern_search_equality.py, test_fast_engine_equality.py,
test_line_memo_equality.py)."""

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


def regex_candidates(source, text: str, regions) -> list:
    """The regex part of PatternSource.candidates() before the line memo (session 26), verbatim: every regex
    pattern searched over the windows of its triggers in the page, each time. Run by the session-27 copy of the
    page search (session27_patterns_oracle: before the further window checks), on a source of it made of the same
    patterns (scores included)."""
    from tests.nlp.suggest import session27_patterns_oracle as old
    from tests.nlp.suggest.session27_patterns_oracle import _holding, _joined, _trigger_hits, _windows

    source = _old_source(old, source.patterns)
    out = []
    if not regions:
        return out
    first, last = regions[0][0], regions[-1][1]
    hits = _trigger_hits(source._automaton, source._groups_of, text, first, last)
    starts = [r[0] for r in regions]
    count = len(source._regexes)
    for index, whole, radius, reach, has_also, also_regex, search, finditer, group, found in source._plans:
        if whole:
            spans = [(first, last)]
        else:
            trigger_hits = hits[index]
            if not trigger_hits:
                continue
            if radius is not None and reach is not None:  # the common case (_windows), inline
                left, right = reach
                spans = _joined(sorted([(b - left, a + right) for a, b in trigger_hits]), first, last)
            else:
                spans = _windows(trigger_hits, text, first, last, radius, reach)
        if has_also:
            spans = _holding(spans, text, hits[count + index], also_regex)
        if spans:
            search(out, finditer, group, found, text, regions, starts, spans)
    return out


_OLD_SOURCES: dict = {}


def _old_source(old, patterns):
    """The oracle's PatternSource of these patterns (made once per list of patterns: building one costs)."""
    key = tuple(patterns)
    made = _OLD_SOURCES.get(key)
    if made is None:
        if len(_OLD_SOURCES) > 64:
            _OLD_SOURCES.clear()
        made = _OLD_SOURCES[key] = old.PatternSource(patterns)
    return made
