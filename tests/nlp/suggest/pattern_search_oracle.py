"""The per-page search code of nlp/suggest/patterns.py as it was before it was made faster, kept verbatim as the
oracle of the equality tests (test_pattern_search_equality.py, test_fast_engine_equality.py,
test_line_memo_equality.py)."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence

from annotator.core import korean
from annotator.nlp.suggest.base import Candidate
from annotator.nlp.suggest.patterns import _match_span

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
    pattern searched over the windows of its triggers in the page, each time, by the search functions as they were
    (below; the plans hold the scan regex now, they held its finditer)."""
    from annotator.nlp.suggest import patterns
    from annotator.nlp.suggest.patterns import _holding, _joined, _trigger_hits, _windows

    old = {patterns._regex_by_line: _regex_by_line, patterns._regex_in_regions: _regex_in_regions}
    plans = [(*plan[:6], old[plan[6]], plan[7].finditer, *plan[8:]) for plan in source._plans]
    out = []
    if not regions:
        return out
    first, last = regions[0][0], regions[-1][1]
    hits = _trigger_hits(source._automaton, source._groups_of, text, first, last)
    starts = [r[0] for r in regions]
    count = len(source._regexes)
    for index, whole, radius, reach, has_also, also_regex, search, finditer, group, found in plans:
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


# The search functions of patterns.py before they tried one search() a window first (session 26), verbatim.
def _regex_in_regions(out: list[Candidate], finditer, group: str | int, found: tuple, text: str,
                      regions: Sequence[tuple[int, int]], starts: Sequence[int], spans: Iterable[tuple[int, int]]
                      ) -> None:
    """Add a pattern's matches to out (finditer: of its scan form, the same matches found faster; group: its entity
    group; found: what its candidates hold after their span): one pass over each span that may hold a match
    (cheaper than one per line); a match that runs across a line break is redone line by line, and only matches
    inside the regions (lines) are kept."""
    redo: set[int] = set()
    base = len(out)
    for span_start, span_end in spans:
        for m in finditer(text, span_start, span_end):
            s, e = m.span()
            i = bisect_right(starts, s) - 1
            if i < 0:
                continue
            if e > regions[i][1]:
                if "\n" in text[s:e]:
                    j = bisect_right(starts, e) - 1
                    redo.update(range(max(i, 0), j + 1))
                continue
            if group:
                s, e = m.span(group)
                if s < 0:
                    continue
            if s == e:
                continue  # an empty match (after a lookbehind) proposes nothing
            if text[s].isspace() or text[e - 1].isspace():
                while s < e and text[s].isspace():
                    s += 1
                while e > s and text[e - 1].isspace():
                    e -= 1
            if s < e:
                out.append((s, e, *found))
    if redo:  # a redone line's matches found by the span pass would come twice: the line search gives them all
        redone = [regions[i] for i in sorted(redo)]
        kept = [c for c in out[base:] if not any(a <= c[0] and c[1] <= b for a, b in redone)]
        del out[base:]
        out.extend(kept)
    for i in sorted(redo):
        start, end = regions[i]
        for m in finditer(text[start:end]):
            out.extend(_match_span(group, found, m, text[start:end], start))


def _regex_by_line(out: list[Candidate], finditer, group: str | int, found: tuple, text: str,
                   regions: Sequence[tuple[int, int]], starts: Sequence[int], spans: Iterable[tuple[int, int]]) -> None:
    """_regex_in_regions() for a pattern with a lookaround that may look at a line break (or \\A, \\Z): each
    line is searched alone (searched inside the text, it would see the break and the next line), over the part of
    it each span covers (every match lies with all it looks at in one span: _windows)."""
    pieces: dict[int, list[tuple[int, int]]] = {}  # line index -> the spans' parts in it
    for span_start, span_end in spans:
        first = max(bisect_right(starts, span_start) - 1, 0)
        last = bisect_right(starts, span_end) - 1
        for i in range(first, last + 1):
            line_start, line_end = regions[i]
            if line_end >= span_start:
                pieces.setdefault(i, []).append((max(span_start, line_start) - line_start,
                                                 min(span_end, line_end) - line_start))
    for i in sorted(pieces):
        start, end = regions[i]
        line = text[start:end]
        for low, high in pieces[i]:
            for m in finditer(line, low, high):
                out.extend(_match_span(group, found, m, line, start))
