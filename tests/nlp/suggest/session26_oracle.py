"""The code that the session-26 speed work replaced, kept verbatim as the oracles of the equality tests
(test_joint_pass_equality.py, test_propose_equality.py): dictionary.boundary_matches and _on_boundaries as they were
(one automaton pass per finder), the dictionary's candidates and the engine's composition of the sources."""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from annotator.core import korean
from annotator.core.korean_snap import trim_morphs
from annotator.nlp.suggest.base import DICTIONARY, PATTERNS
from annotator.nlp.suggest.boundaries import MIN_CHARS, _kept_edge, _separated
from annotator.nlp.suggest.strings import StringFinder


def old_boundary_matches(finder: StringFinder, text: str, regions: Sequence[tuple[int, int]], lines: dict | None = None
                     ) -> list[tuple[int, int, str]]:
    """(start, end, key) of the occurrences of a finder's keys in the regions (lines) of text that are kept: on
    token boundaries, particles left out, overlaps resolved (see _on_boundaries). One automaton pass over each
    run of adjacent regions; a key never holds a line break, so each match lies in one line. lines: line start ->
    its morph table, filled as lines are analysed; pass one dict to every call over the same text and regions, and
    each line's table is built once."""
    matches: list[tuple[int, int, str, int, int]] = []
    append = matches.append
    keys = finder.keys
    count = len(regions)
    i = 0
    while i < count:  # one pass over each run of adjacent lines
        run_start, j = regions[i][0], i
        while j + 1 < count and regions[j + 1][0] == regions[j][1] + 1:
            j += 1
        line_start, line_end = regions[i]
        for index, start, end in finder.find(text, run_start, regions[j][1]):
            while end > line_end:  # matches come by end: the line of this one is at or after the last one's
                i += 1
                line_start, line_end = regions[i]
            append((start - end, end, keys[index], line_start, line_end))
        i = j + 1
    return old_on_boundaries(text, matches, lines) if matches else []


def old_on_boundaries(text: str, matches, lines: dict | None = None) -> list[tuple[int, int, str]]:
    """The matches (-length, end, key, line start, line end) kept, as (start, end, key) by start: longest
    first, then leftmost, each blocking those it overlaps (matches never cross a line, so this is the same
    line by line). A match is kept as it is when it is separated from its neighbours (_separated); else it
    must start and end on morph boundaries of its line's analysis (the project's kept tokens, or Kiwi's
    cached analysis: the same the snapping uses; the lines of the matches that are neither separated nor cut
    inside a number, fetched in one call, even where such a match turns out to be blocked), and loses a trailing
    particle (an entry saved with it: 중기부는). An edge between two digits is never a boundary (Kiwi keeps a
    number whole), so that needs no analysis."""
    matches.sort()  # longest first, then leftmost (of one length: by end)
    if lines is None:
        lines = {}  # line start -> (morph starts, morph ends, tags), relative to the line
    size = len(text)
    # First what each match needs, for the lines to analyse in one call (one lookup a line costs ~3x as much):
    # 0 kept as it is, 1 dropped (an edge between two digits: Kiwi keeps a number whole), 2 a look at the morphs.
    needs: list[int] = []
    wanted: dict[int, int] = {}  # line start -> line end, of lines to analyse
    for minus_length, e, _key, line_start, line_end in matches:
        s = e + minus_length
        # A space or the line's edge on both sides is the common case: no closer look needed; a letter or
        # digit before it (inside a word) is the next most common: not separated (as _separated says).
        before = text[s - 1] if s > line_start else " "
        if (before == " " and (e == line_end or text[e] == " ")
                or not before.isalnum() and _separated(text, s, e, line_start, line_end)):
            needs.append(0)
        elif (s > line_start and before.isdigit() and text[s].isdigit()
                or e < size and text[e - 1].isdigit() and text[e].isdigit()):  # _inside_number at either edge
            needs.append(1)
        else:
            needs.append(2)
            if line_start not in lines:
                wanted[line_start] = line_end
    if wanted:
        for line_start, analysis in zip(wanted, korean.analyse_lines([text[a:b] for a, b in wanted.items()])):
            lines[line_start] = (*analysis.offsets(), analysis.tag_tuples())
    kept_starts: list[int] = []
    kept: list[tuple[int, int, str]] = []
    bisect_left = bisect.bisect_left
    for (minus_length, e, key, line_start, _line_end), need in zip(matches, needs):
        s = e + minus_length
        i = bisect_left(kept_starts, e)  # kept spans are disjoint: only the one before may overlap
        if i and kept[i - 1][1] > s:
            continue
        # No kept span starts in [s, e), so the new one (or what trimming leaves of it) goes in at i.
        if need:
            if need == 1:
                continue
            starts, ends, tags = lines[line_start]
            rel_start, rel_end = s - line_start, e - line_start
            first = bisect_left(starts, rel_start)
            if first == len(starts) or starts[first] != rel_start:
                continue
            last = bisect_left(ends, rel_end, first)  # no morph before the first ends after its start
            if last == len(ends) or ends[last] != rel_end:
                continue
            if not (_kept_edge(tags[first]) and _kept_edge(tags[last])):  # else trimming changes nothing
                stripped = trim_morphs([(line_start + starts[k], line_start + ends[k], tags[k])
                                        for k in range(first, last + 1)], keep_one=False)
                if not stripped or stripped[-1][1] - stripped[0][0] < MIN_CHARS:
                    continue
                s, e = stripped[0][0], stripped[-1][1]
            elif e - s < MIN_CHARS:
                continue
        kept_starts.insert(i, s)
        kept.insert(i, (s, e, key))
    return kept



def old_dictionary_candidates(dictionary, text, regions, lines=None):
    """EntityDictionary.candidates as it was."""
    automaton = dictionary._current_automaton()
    if automaton is None or not regions:
        return []
    kept = old_boundary_matches(automaton, text, regions, lines)
    with dictionary._lock:  # another thread may be adding labels
        best = dictionary._best_labels([key for _s, _e, key in kept])
    out = []
    for s, e, key in kept:
        found = best.get(key)
        if found is not None:
            out.append((s, e, found[0], DICTIONARY, found[1], found[2]))
    return out


def old_engine_candidates(suggester, text, regions):
    """Suggester.candidates as it was (dictionary and patterns: each source's own automaton pass), the patterns' word
    lists through old_boundary_matches."""
    found = []
    lines: dict = {}
    if DICTIONARY in suggester.sources:
        found += old_dictionary_candidates(suggester.dictionary, text, regions, lines)
    if PATTERNS in suggester.sources:
        source = suggester.patterns
        found += source.candidates(text, regions, lines, words=[])  # its regex and token patterns
        for start, end, word in (old_boundary_matches(source._word_automaton, text, regions, lines)
                                 if source._word_automaton is not None else ()):
            for item in source._words[word]:
                found.append((start, end, *item))
    labels = suggester.labels
    return [c for c in found if c[2] in labels]
