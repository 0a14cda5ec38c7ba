"""Suggestions from the label scheme's patterns: regexes over each line, and Kiwi morpheme sequences.

Regex patterns cost no analysis. Token patterns analyse (through the shared, cached Kiwi analysis of
annotator.core.korean) only the lines that contain one of their literal strings; at each morpheme the
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
        for start, end in regions:
            line = text[start:end]
            if not line.strip():
                continue
            for pattern in self._regexes:
                out.extend(_regex_matches(pattern, line, start))
            wanted = [p for p in self._token_patterns if p.anchors is None or any(a in line for a in p.anchors)]
            if wanted:
                morphs = _line_morphs(text, start, end)
                for pattern in wanted:
                    out.extend(_token_matches(pattern, text, morphs))
        return out

    def suggest(self, text: str) -> list[Suggestion]:
        return self.suggest_regions(text, line_regions(text))


def line_regions(text: str) -> list[tuple[int, int]]:
    regions, pos = [], 0
    for line in text.split("\n"):
        regions.append((pos, pos + len(line)))
        pos += len(line) + 1
    return regions


def _regex_matches(pattern: CompiledPattern, line: str, offset: int) -> Iterable[Suggestion]:
    has_group = "ent" in pattern.regex.groupindex
    for m in pattern.regex.finditer(line):
        s, e = m.span("ent") if has_group else m.span()
        if s < 0:
            continue
        while s < e and line[s].isspace():
            s += 1
        while e > s and line[e - 1].isspace():
            e -= 1
        if s < e:
            yield Suggestion(offset + s, offset + e, pattern.label, PATTERNS, pattern.score, pattern.id)


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
