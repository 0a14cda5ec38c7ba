"""Suggestions from the label scheme's patterns: regexes over each line, and Kiwi morpheme sequences.

Regex patterns cost no analysis. Token patterns analyse (through the shared, cached Kiwi analysis of
annotator.core.korean) only the lines that pass their prefilter (literal strings, "requires"); at each morpheme the
longest match wins, and a pattern's matches do not overlap one another.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from annotator.core import korean
from annotator.core.label_patterns import CompiledPattern, TokenSpec
from annotator.nlp.suggest.base import PATTERNS, Suggestion

# (start, end, first tag, whitespace before it) of one morpheme of a line
_Morph = tuple[int, int, str, bool]


class PatternSource:
    source = PATTERNS

    def __init__(self, patterns: Iterable[CompiledPattern]) -> None:
        self.patterns = list(patterns)
        self._regexes = [p for p in self.patterns if p.regex is not None]
        self._token_patterns = [p for p in self.patterns if p.tokens is not None]

    @classmethod
    def from_scheme(cls, scheme) -> "PatternSource":
        return cls(scheme.compiled_patterns())

    def suggest_regions(self, text: str, regions: Sequence[tuple[int, int]]) -> list[Suggestion]:
        out: list[Suggestion] = []
        regions = [r for r in regions if not text[r[0]:r[1]].isspace() and r[1] > r[0]]
        if not regions:
            return out
        for pattern in self._regexes:
            out.extend(_regex_in_regions(pattern, text, regions))
        if self._token_patterns:
            for start, end in regions:
                line = text[start:end]
                wanted = [p for p in self._token_patterns if _worth_analysing(p, line)]
                if wanted:
                    morphs = _line_morphs(text, start, end)
                    for pattern in wanted:
                        out.extend(_token_matches(pattern, text, morphs))
        return out

    def suggest(self, text: str) -> list[Suggestion]:
        return self.suggest_regions(text, line_regions(text))


def _worth_analysing(pattern: CompiledPattern, line: str) -> bool:
    if pattern.anchors is not None and not any(a in line for a in pattern.anchors):
        return False
    return pattern.requires is None or pattern.requires.search(line) is not None


def line_regions(text: str) -> list[tuple[int, int]]:
    regions, pos = [], 0
    for line in text.split("\n"):
        regions.append((pos, pos + len(line)))
        pos += len(line) + 1
    return regions


def _regex_in_regions(pattern: CompiledPattern, text: str, regions: Sequence[tuple[int, int]]) -> Iterable[Suggestion]:
    """One pass over the whole text (cheaper than one per line); a match that runs across a line break
    is redone line by line, and only matches inside the regions (lines) are kept."""
    import bisect

    starts = [r[0] for r in regions]
    redo: set[int] = set()
    for m in pattern.regex.finditer(text):
        i = bisect.bisect_right(starts, m.start()) - 1
        if "\n" in m.group():
            j = bisect.bisect_right(starts, m.end()) - 1
            redo.update(range(max(i, 0), j + 1))
            continue
        if i < 0 or m.end() > regions[i][1]:
            continue
        yield from _match_span(pattern, m, text, 0)
    for i in sorted(redo):
        start, end = regions[i]
        yield from _regex_matches(pattern, text[start:end], start)


def _match_span(pattern: CompiledPattern, m, line: str, offset: int) -> Iterable[Suggestion]:
    s, e = m.span("ent") if "ent" in pattern.regex.groupindex else m.span()
    if s < 0:
        return
    while s < e and line[s].isspace():
        s += 1
    while e > s and line[e - 1].isspace():
        e -= 1
    if s < e:
        yield Suggestion(offset + s, offset + e, pattern.label, PATTERNS, pattern.score, pattern.id)


def _regex_matches(pattern: CompiledPattern, line: str, offset: int) -> Iterable[Suggestion]:
    for m in pattern.regex.finditer(line):
        yield from _match_span(pattern, m, line, offset)


def _line_morphs(text: str, start: int, end: int) -> list[_Morph]:
    morphs: list[_Morph] = []
    prev_end = None
    for m_start, m_end, tags in korean.iter_line_morphs(text, start, end):
        gap = prev_end is None or m_start > prev_end
        morphs.append((m_start, m_end, tags[0] if tags else "", gap))
        prev_end = m_end
    return morphs


def _token_matches(pattern: CompiledPattern, text: str, morphs: list[_Morph]) -> Iterable[Suggestion]:
    i = 0
    while i < len(morphs):
        found = _match_at(pattern.tokens, 0, text, morphs, i, [])
        if found is None:
            i += 1
            continue
        end_index, inside = found
        if inside:
            yield Suggestion(morphs[inside[0]][0], morphs[inside[-1]][1], pattern.label, PATTERNS, pattern.score,
                             pattern.id)
        i = max(end_index, i + 1)


def _match_at(specs: tuple[TokenSpec, ...], k: int, text: str, morphs: list[_Morph], i: int,
              inside: list[int]) -> tuple[int, list[int]] | None:
    """Longest match of specs[k:] from morpheme i (backtracking over repeats): (next index, inside morphs)."""
    if k == len(specs):
        return i, inside
    spec = specs[k]
    taken: list[int] = []
    j = i
    while (spec.max is None or len(taken) < spec.max) and j < len(morphs):
        m_start, m_end, tag, gap = morphs[j]
        required_gap = spec.gap if not taken else False
        if required_gap is not None and required_gap != gap:
            break
        if not spec.accepts(text[m_start:m_end], tag):
            break
        taken.append(j)
        j += 1
    for count in range(len(taken), spec.min - 1, -1):
        chosen = taken[:count]
        result = _match_at(specs, k + 1, text, morphs, i + count, inside + (chosen if spec.inside else []))
        if result is not None:
            return result
    return None
