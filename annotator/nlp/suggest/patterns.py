"""Suggestions from the label scheme's patterns: regexes over each line, and Kiwi morpheme sequences.

Regex patterns cost no analysis, and are run only near their triggers: strings every match of the regex
contains (label_patterns.required_text; one Aho-Corasick pass finds those of every pattern), within the
regex's search radius of them or, for a pattern without a bounded radius, over their lines; a stretch that lacks
a second string every match holds (label_patterns.also_required_text, found by the same pass) is skipped, and each
regex is searched in the form core/regex_scan.py gives it (same matches, a first-character test in front). A line
met again is not searched again when every regex pattern is line_local (line_memo.py).
Token patterns analyse (through the shared, cached Kiwi analysis of annotator.core.korean) only the lines that
pass their prefilter (literal strings, "requires"); at each morpheme the longest match wins, and a pattern's
matches do not overlap one another. Word lists are found as the project dictionary finds its strings (one automaton for
all of them, Kiwi boundaries, particles left out).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence

from annotator.core import korean
from annotator.core.label_patterns import CompiledPattern, TokenSpec
from annotator.nlp.suggest.base import PATTERNS, Candidate, Suggestion
from annotator.nlp.suggest.line_memo import LineMemo
from annotator.nlp.suggest.strings import StringFinder

# (start, end, first tag, whitespace before it) of one morpheme of a line
_Morph = tuple[int, int, str, bool]


class PatternSource:
    source = PATTERNS

    def __init__(self, patterns: Iterable[CompiledPattern]) -> None:
        self.patterns = list(patterns)
        self._regexes = [p for p in self.patterns if p.regex is not None]
        self._token_patterns = [p for p in self.patterns if p.tokens is not None]
        # per regex: the strings whose windows are searched (None: the whole text) and a second set every match
        # holds (CompiledPattern.also) that a window must hold too: found by the same automaton pass, or, single
        # ASCII characters (digits), by a regex over each window
        chosen = [_window_and_check_strings(p) for p in self._regexes]
        self._window_strings = [strings for strings, _also in chosen]
        self._also = [also for _strings, also in chosen]
        self._whole = [strings is None for strings in self._window_strings]
        # the narrower windows of search_reach hold for strings every match holds itself: its triggers
        self._reach = [p.reach if strings is not None and strings == p.trigger and _reach_holds(p.reach, strings)
                       else None for p, strings in zip(self._regexes, self._window_strings)]
        self._also_regex = [_single_chars_regex(also) for also in self._also]
        roles = [strings or () for strings in self._window_strings]
        roles += [also if also is not None and also_regex is None else ()
                  for also, also_regex in zip(self._also, self._also_regex)]
        # per regex: further sets a stretch must hold one of (CompiledPattern.checks), as (its role, regex)
        self._checks = []
        for p, strings, also in zip(self._regexes, self._window_strings, self._also):
            checks = []
            for found in _further_checks(p.checks, strings, also):
                regex = _single_chars_regex(found)
                checks.append((None if regex is not None else len(roles), regex))
                if regex is None:
                    roles.append(found)
            self._checks.append(tuple(checks))
        # the other digits (_holds_other_digit) found by the same pass, when there is one
        self._digit_role = len(roles) if any(roles) else None
        if self._digit_role is not None:
            roles.append(_OTHER_DIGIT_STRINGS)
        self._automaton, self._groups_of = _trigger_automaton(roles)
        self._words, self._word_automaton = _word_automaton(self.patterns)
        self._plan()

    def __getstate__(self) -> dict:
        """Pickled (a spawned worker) without the search plans (their finditers would pickle their regexes through
        re's own pickle, compiled from scratch there, not as the patterns': label_patterns.CompiledPattern) and
        without the lines it remembers."""
        return {name: value for name, value in self.__dict__.items() if name not in _UNPICKLED}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._plan()

    def _plan(self) -> None:
        """Work out the search plans (again: the scores live in them too) and start with an empty line memo."""
        self._plans = self._search_plans()
        self._line_memo_plans = self._line_plans()
        self._line_memo = LineMemo()

    def _search_plans(self) -> list[tuple]:
        """Per regex pattern, in order, what its search needs, worked out once: (its index, searched whole, radius,
        reach, has second strings, their regex, its further checks, the search function, finditer of its scan form,
        its entity group, what its candidates hold after their span)."""
        return [(index, whole, p.radius, reach, also is not None, also_regex, checks,
                 _regex_by_line if p.sees_breaks else _regex_in_regions, (p.scan or p.regex).finditer,
                 _entity_group(p), (p.label, PATTERNS, p.score, p.id))
                for index, (p, whole, reach, also, also_regex, checks)
                in enumerate(zip(self._regexes, self._whole, self._reach, self._also, self._also_regex, self._checks))]

    def _line_plans(self) -> list[tuple] | None:
        """The plans as the line memo runs them (candidates hold the pattern's index after their span, not what
        they propose), None unless every regex pattern is line_local (then one finds in a line what it finds in
        that line alone, in the order of the text)."""
        if not all(p.line_local for p in self._regexes):
            return None
        return [plan[:-1] + ((plan[0],),) for plan in self._plans]

    @classmethod
    def from_scheme(cls, scheme) -> "PatternSource":
        return cls(scheme.compiled_patterns())

    def calibrate(self, documents: Iterable[tuple[str, Sequence[tuple[int, int]], Iterable[tuple[int, int, str]]]],
                  *, limit: int = 200) -> dict[str, float]:
        """Each pattern's score from how often what it proposes matches the labels of reviewed documents
        (text, regions to search, labels), at most `limit` of them, shrunk towards the score the scheme
        gives it while it rests on few proposals. Returns {"label/id": score} of the patterns that proposed."""
        from annotator.nlp.suggest.base import combine
        from annotator.nlp.suggest.model import shrunk

        tp: dict[tuple[str, str], int] = {}
        proposed: dict[tuple[str, str], int] = {}
        for n, (text, regions, labels) in enumerate(documents):
            if n >= limit:
                break
            gold = set(labels)
            for s in combine(self.suggest_regions(text, regions)):  # as proposed: nested matches go
                key = (s.label, s.detail)
                proposed[key] = proposed.get(key, 0) + 1
                tp[key] = tp.get(key, 0) + (s.key in gold)
        scored = {(p.label, p.id): p.score for p in self.patterns}
        new = {key: round(shrunk(tp[key], n, scored[key]), 4) for key, n in proposed.items() if key in scored}
        self.rescore(new)
        return {f"{label}/{pid}": score for (label, pid), score in new.items()}

    def rescore(self, new: dict[tuple[str, str], float]) -> None:
        """Give the patterns calibrated scores ({(label, id): score}, as calibrate found them)."""
        from dataclasses import replace

        self.patterns = [replace(p, score=max(0.01, new.get((p.label, p.id), p.score))) for p in self.patterns]
        self._regexes = [p for p in self.patterns if p.regex is not None]
        self._token_patterns = [p for p in self.patterns if p.tokens is not None]
        self._words, self._word_automaton = _word_automaton(self.patterns)
        self._plan()

    def suggest_regions(self, text: str, regions: Sequence[tuple[int, int]]) -> list[Suggestion]:
        return [Suggestion(*c) for c in self.candidates(text, regions)]

    def candidates(self, text: str, regions: Sequence[tuple[int, int]], lines: dict | None = None,
                   words: list[tuple[int, int, str]] | None = None) -> list[Candidate]:
        """suggest_regions() as candidate tuples (the engine combines them before making Suggestions); lines: the
        morph tables of the text's lines, shared with the dictionary (dictionary.boundary_matches); words: the kept
        matches of the word lists (word_finder) when already found (EntityDictionary.candidates_and_words)."""
        out: list[Candidate] = []
        if not regions:
            return out
        starts = [r[0] for r in regions]
        if not self._line_memo.search(self, out, text, regions):
            self._search(out, self._plans, text, regions, starts)
        for pattern in self._token_patterns:
            for start, end, _whole_line in _spans_worth_analysing(pattern, text, regions, starts):
                out.extend(_token_matches(pattern, text, _line_morphs(text, start, end, lines)))
        if words is None and self._word_automaton is not None:
            from annotator.nlp.suggest.boundaries import boundary_matches

            words = boundary_matches(self._word_automaton, text, regions, lines)
        if words:
            listed = self._words
            append = out.append
            for start, end, word in words:
                for found in listed[word]:
                    append((start, end, *found))
        return out

    @property
    def word_finder(self) -> StringFinder | None:
        """The finder of every word list's words (None: no pattern lists words)."""
        return self._word_automaton

    def suggest(self, text: str) -> list[Suggestion]:
        return self.suggest_regions(text, line_regions(text))

    def _search(self, out: list, plans: Sequence[tuple], text: str, regions: Sequence[tuple[int, int]],
                starts: Sequence[int]) -> None:
        """Add what the regex patterns of plans (_search_plans) find in the regions to out: one automaton pass for
        their triggers, then each pattern's search over the windows around them."""
        first, last = regions[0][0], regions[-1][1]
        hits = _trigger_hits(self._automaton, self._groups_of, text, first, last)
        if (hits[self._digit_role] if self._digit_role is not None else _holds_other_digit(text, first, last)):
            plans = [plan[:1] + (True, plan[2], plan[3], False, None, ()) + plan[7:] for plan in plans]
        count = len(self._regexes)
        for index, whole, radius, reach, has_also, also_regex, checks, search, finditer, group, found in plans:
            if whole:
                spans = [(first, last)]
            else:
                trigger_hits = hits[index]
                if not trigger_hits:
                    continue
                if radius is not None and reach is not None:  # the common case (_windows), inline
                    left, right = reach
                    if len(trigger_hits) == 1:  # one trigger: its window clipped (_joined of one)
                        a, b = trigger_hits[0]
                        low, high = b - left, a + right
                        spans = [(low if low > first else first, high if high < last else last)]
                    else:
                        spans = _joined(sorted([(b - left, a + right) for a, b in trigger_hits]), first, last)
                else:
                    spans = _windows(trigger_hits, text, first, last, radius, reach)
            if has_also:
                spans = _holding(spans, text, hits[count + index], also_regex)
            for role, check_regex in checks:
                if not spans:
                    break
                spans = _holding(spans, text, None if role is None else hits[role], check_regex)
            if spans:
                search(out, finditer, group, found, text, regions, starts, spans)


_UNPICKLED = ("_plans", "_line_memo_plans", "_line_memo")

# A decimal digit other than 0-9 (fullwidth １, Arabic-Indic ...): \d matches it, but the prefilters read \d as 0-9
# (label_patterns._class), so a text holding one is searched whole by every pattern, as the regexes alone would. Found
# by a class of the BMP's digits (one table look-up a character) and, only where there is a character beyond the BMP
# (an emoji), by the class of them all (a class beyond the BMP is tested range by range: ~100 µs a page). The ranges
# are every str.isdecimal() character above 127 (Unicode 14.0.0; a test checks them against
# this Python's).
OTHER_BMP_DIGITS = ("\u0660-\u0669\u06f0-\u06f9\u07c0-\u07c9\u0966-\u096f\u09e6-\u09ef\u0a66-\u0a6f\u0ae6-\u0aef"
                    "\u0b66-\u0b6f\u0be6-\u0bef\u0c66-\u0c6f\u0ce6-\u0cef\u0d66-\u0d6f\u0de6-\u0def\u0e50-\u0e59"
                    "\u0ed0-\u0ed9\u0f20-\u0f29\u1040-\u1049\u1090-\u1099\u17e0-\u17e9\u1810-\u1819\u1946-\u194f"
                    "\u19d0-\u19d9\u1a80-\u1a89\u1a90-\u1a99\u1b50-\u1b59\u1bb0-\u1bb9\u1c40-\u1c49\u1c50-\u1c59"
                    "\ua620-\ua629\ua8d0-\ua8d9\ua900-\ua909\ua9d0-\ua9d9\ua9f0-\ua9f9\uaa50-\uaa59\uabf0-\uabf9"
                    "\uff10-\uff19")
OTHER_DIGITS = ("\U00000660-\U00000669\U000006f0-\U000006f9\U000007c0-\U000007c9\U00000966-\U0000096f"
                "\U000009e6-\U000009ef\U00000a66-\U00000a6f\U00000ae6-\U00000aef\U00000b66-\U00000b6f"
                "\U00000be6-\U00000bef\U00000c66-\U00000c6f\U00000ce6-\U00000cef\U00000d66-\U00000d6f"
                "\U00000de6-\U00000def\U00000e50-\U00000e59\U00000ed0-\U00000ed9\U00000f20-\U00000f29"
                "\U00001040-\U00001049\U00001090-\U00001099\U000017e0-\U000017e9\U00001810-\U00001819"
                "\U00001946-\U0000194f\U000019d0-\U000019d9\U00001a80-\U00001a89\U00001a90-\U00001a99"
                "\U00001b50-\U00001b59\U00001bb0-\U00001bb9\U00001c40-\U00001c49\U00001c50-\U00001c59"
                "\U0000a620-\U0000a629\U0000a8d0-\U0000a8d9\U0000a900-\U0000a909\U0000a9d0-\U0000a9d9"
                "\U0000a9f0-\U0000a9f9\U0000aa50-\U0000aa59\U0000abf0-\U0000abf9\U0000ff10-\U0000ff19"
                "\U000104a0-\U000104a9\U00010d30-\U00010d39\U00011066-\U0001106f\U000110f0-\U000110f9"
                "\U00011136-\U0001113f\U000111d0-\U000111d9\U000112f0-\U000112f9\U00011450-\U00011459"
                "\U000114d0-\U000114d9\U00011650-\U00011659\U000116c0-\U000116c9\U00011730-\U00011739"
                "\U000118e0-\U000118e9\U00011950-\U00011959\U00011c50-\U00011c59\U00011d50-\U00011d59"
                "\U00011da0-\U00011da9\U00016a60-\U00016a69\U00016ac0-\U00016ac9\U00016b50-\U00016b59"
                "\U0001d7ce-\U0001d7ff\U0001e140-\U0001e149\U0001e2f0-\U0001e2f9\U0001e950-\U0001e959"
                "\U0001fbf0-\U0001fbf9")
_OTHER_BMP_DIGIT = re.compile("[" + OTHER_BMP_DIGITS + "]")
_BEYOND_BMP = re.compile("[\U00010000-\U0010ffff]")
_OTHER_DIGIT = re.compile("[" + OTHER_DIGITS + "]")
_OTHER_DIGIT_STRINGS = frozenset(chr(code) for a, b in re.findall("(.)-(.)", OTHER_DIGITS) for code in range(ord(a), ord(b) + 1))


def _holds_other_digit(text: str, start: int, end: int) -> bool:
    return _OTHER_BMP_DIGIT.search(text, start, end) is not None or (
        _BEYOND_BMP.search(text, start, end) is not None and _OTHER_DIGIT.search(text, start, end) is not None)


def _window_and_check_strings(pattern: CompiledPattern) -> tuple[frozenset[str] | None, frozenset[str] | None]:
    """(the strings near which a regex pattern is searched, None for all the lines at once; the strings a searched
    stretch must hold too, None for any). Its triggers, unless they are frequent single characters (digits,
    letters: in most lines, so finding them costs more than they save): then its second strings (CompiledPattern.also)
    if they are not, else the whole text, holding one of them. Every match holds a trigger and a second string,
    within the pattern's radius (the second strings may be in what it looks at: core/label_patterns.py), so every
    match is found either way."""
    trigger, also = pattern.trigger, pattern.also
    if trigger is not None and not _frequent_characters(trigger):
        if also is not None and any(len(s) == 1 for s in trigger) and not any(len(s) == 1 for s in also):
            return also, trigger  # a syllable such as 대 is in many lines; the second strings (교수, 총장) in few
        return trigger, also
    if also is not None and not _frequent_characters(also):
        return also, None
    return None, also


# At most this many further checks a pattern (each costs a test a window; the first ones refuse most)
_MAX_CHECKS = 2


def _further_checks(checks: Sequence[frozenset[str]], strings: frozenset[str] | None,
                    also: frozenset[str] | None) -> list[frozenset[str]]:
    """Of a regex pattern's required sets (CompiledPattern.checks, cheapest first), those worth testing each window
    for beside its window strings and second set: not one of them, not implied by them (every string of one holds a
    string of the set: a window around it holds one too), and either all single ASCII characters (a regex finds them)
    or without any frequent single character (the automaton would report it in most lines)."""
    chosen: list[frozenset[str]] = []
    if strings is None:
        return chosen
    known = [strings] + ([also] if also is not None else [])
    for found in checks:
        if found in known or any(all(any(f in s for f in found) for s in held) for held in known):
            continue
        single = all(len(f) == 1 and f.isascii() for f in found)
        if not single and any(_frequent_characters(frozenset((f,))) for f in found):
            continue
        chosen.append(found)
        known.append(found)
        if len(chosen) == _MAX_CHECKS:
            break
    return chosen


def _reach_holds(reach: tuple[int | None, int | None] | None, strings: frozenset[str]) -> bool:
    """Whether every trigger string fits its reach (a longer one is in no match; its window would be empty)."""
    if reach is None or None in reach:
        return reach is not None
    return max(map(len, strings)) <= reach[0] + reach[1]


def _frequent_characters(strings: frozenset[str]) -> bool:
    return all(len(s) == 1 and s.isascii() and (s.isalnum() or s.isspace() or s in ".,") for s in strings)


def _trigger_automaton(roles: Sequence[Iterable[str]]):
    """One Aho-Corasick automaton over the strings of every role (per regex pattern: its trigger strings, unless it
    is searched whole, then those of its second set): one pass finds them all. Returned with each string's group
    (the index of the set of roles it serves), and, per role, the groups of its strings (a hit is recorded once
    for its group, not once per role)."""
    owners: dict[str, list[int]] = {}
    for index, strings in enumerate(roles):
        for string in strings:
            owners.setdefault(string, []).append(index)
    groups_of: list[list[int]] = [[] for _ in roles]
    if not owners:
        return None, groups_of
    groups: dict[tuple[int, ...], int] = {}
    group_of_string: list[int] = []
    for indexes in owners.values():
        group = groups.get(tuple(indexes))
        if group is None:
            group = groups[tuple(indexes)] = len(groups)
            for index in indexes:
                groups_of[index].append(group)
        group_of_string.append(group)
    return (StringFinder(owners), group_of_string, len(groups)), groups_of


def _single_chars_regex(strings: frozenset[str] | None):
    """A regex finding one of strings, if one of them is a single character (in many lines: a regex finds one in a
    window faster than the automaton reports them all): a character class when all are, else an alternation; None
    when none is (the automaton finds them)."""
    if not strings or not any(len(s) == 1 for s in strings):
        return None
    import re

    if all(len(s) == 1 for s in strings):
        return re.compile("[" + "".join(re.escape(s) for s in sorted(strings)) + "]")
    return re.compile("|".join(re.escape(s) for s in sorted(strings, key=lambda s: (-len(s), s))))


def _holding(spans: list[tuple[int, int]], text: str, hits: list[tuple[int, int]], regex) -> list[tuple[int, int]]:
    """The spans that hold one of a pattern's second strings whole (at hits, or found by regex): a search of a
    span finds only matches inside it, and every match holds one, so the others hold no match."""
    if regex is not None:
        search = regex.search
        return [span for span in spans if search(text, span[0], span[1]) is not None]
    if not hits:
        return []
    hits = sorted(hits)
    kept = []
    for low, high in spans:
        i = bisect_left(hits, (low, -1))
        while i < len(hits) and hits[i][0] < high:
            if hits[i][1] <= high:
                kept.append((low, high))
                break
            i += 1
    return kept


def _word_automaton(patterns: Sequence[CompiledPattern]):
    """The word lists of every "words" pattern in one Aho-Corasick automaton: word -> (label, source, score, id) of
    each pattern listing it (what its candidates hold after their span)."""
    owners: dict[str, list[tuple[str, str, float, str]]] = {}
    for pattern in patterns:
        for word in pattern.words or ():
            owners.setdefault(word, []).append((pattern.label, PATTERNS, pattern.score, pattern.id))
    if not owners:
        return owners, None
    return owners, StringFinder(owners)


def _trigger_hits(automaton, groups_of: Sequence[list[int]], text: str, start: int, end: int
                  ) -> list[list[tuple[int, int]]]:
    """Per role (_trigger_automaton), the (start, end) of its strings in text[start:end] (in no particular order)."""
    if automaton is None:
        return [[] for _ in groups_of]
    finder, group_of_string, group_count = automaton
    by_group: list[list[tuple[int, int]]] = [[] for _ in range(group_count)]
    found, offset = finder.find_unshifted(text, start, end)
    for index, hit_start, hit_end in found:
        by_group[group_of_string[index]].append((hit_start + offset, hit_end + offset))
    return [by_group[groups[0]] if len(groups) == 1 else [hit for group in groups for hit in by_group[group]]
            for groups in groups_of]


def _spans_worth_analysing(pattern: CompiledPattern, text: str, regions, starts) -> list[tuple[int, int, bool]]:
    """(start, end, whole line) of the text a token pattern is matched on: without "requires", the lines
    (regions) holding one of its literal anchors, if it has them, or every line; with it, only the words
    around each of its matches (as many words either side as the pattern has elements: a match spans at
    most that many words), holding an anchor. One pass of the requires regex over the text; a match of it
    across a line break is looked for again in each line alone."""
    if pattern.requires is None:
        spans = [(s, e, True) for s, e in regions]
    else:
        found: list[tuple[int, int, int]] = []  # (line index, start, end) of the requires matches
        for m in pattern.requires.finditer(text, regions[0][0], regions[-1][1]):
            i = bisect_right(starts, m.start()) - 1
            if "\n" not in m.group():
                if i >= 0 and m.end() <= regions[i][1]:
                    found.append((i, m.start(), m.end()))
                continue
            j = bisect_right(starts, m.end()) - 1
            for k in range(max(i, 0), j + 1):
                again = pattern.requires.search(text, regions[k][0], regions[k][1])
                if again is not None:
                    found.append((k, again.start(), again.end()))
        reach = len(pattern.tokens)
        spans = []
        for i, start, end in sorted(found):
            line_start, line_end = regions[i]
            low, high = _words_around(text, start, end, line_start, line_end, reach)
            if spans and spans[-1][0] >= line_start and low <= spans[-1][1]:
                low = spans.pop()[0]  # overlapping windows of one line become one
            spans.append((low, high, (low, high) == (line_start, line_end)))
    if pattern.anchors is None:
        return spans
    return [span for span in spans if any(a in text[span[0]:span[1]] for a in pattern.anchors)]


def _words_around(text: str, start: int, end: int, line_start: int, line_end: int, words: int) -> tuple[int, int]:
    """text[start:end] grown to whole whitespace-delimited words, then by `words` words either side."""
    for _ in range(words + 1):
        while start > line_start and text[start - 1].isspace():
            start -= 1
        while start > line_start and not text[start - 1].isspace():
            start -= 1
    for _ in range(words + 1):
        while end < line_end and text[end].isspace():
            end += 1
        while end < line_end and not text[end].isspace():
            end += 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def line_regions(text: str) -> list[tuple[int, int]]:
    regions, pos = [], 0
    for line in text.split("\n"):
        regions.append((pos, pos + len(line)))
        pos += len(line) + 1
    return regions


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


# Windows (or runs of lines) closer than this join. Not joined closer ones: the characters between cost more to
# search than a regex call more (scripts/pattern_search_profile.py: 0 cheaper than 16, 48 or 100).
_JOIN_CHARS = 0


def _windows(hits: list[tuple[int, int]], text: str, start: int, end: int, radius: int | None,
             reach: tuple[int | None, int | None] | None = None) -> list[tuple[int, int]]:
    """(start, end) spans of text[start:end] holding every match of a pattern whose triggers are at hits:
    a match and everything it looks at lie within the pattern's radius of the trigger it holds, or, given its
    reach (left, right: label_patterns.search_reach, for strings the match itself holds), within text[b - left:
    a + right] of the trigger at text[a:b]; an unbounded pattern (radius None) is searched over the lines of its
    triggers, each cut to the trigger's reach where a side of it is bounded. Windows closer than _JOIN_CHARS join
    (a trigger's window clipped to text[start:end] first; the hits lie inside it)."""
    if radius is not None:
        if reach is None:
            return _joined([(a - radius, b + radius) for a, b in sorted(hits)], start, end)
        left, right = reach  # sorted by where the windows start (a trigger inside a longer one starts first)
        return _joined(sorted([(b - left, a + right) for a, b in hits]), start, end)
    if reach is not None:
        return _joined(sorted(_reach_in_lines(hits, text, start, end, reach)), start, end)
    spans: list[tuple[int, int]] = []
    low = high = -1
    rfind, find = text.rfind, text.find
    for hit_start, hit_end in sorted(hits):
        if hit_end <= high:
            continue  # in the line of the window before
        line_start = rfind("\n", start, hit_start) + 1 or start
        line_end = find("\n", hit_end, end)
        line_end = end if line_end < 0 else line_end
        if high >= 0 and line_start <= high + _JOIN_CHARS:
            if line_end > high:
                high = line_end
        else:
            if high >= 0:
                spans.append((low, high))
            low, high = line_start, line_end
    if high >= 0:
        spans.append((low, high))
    return spans


def _joined(bounds: list[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    """Windows (sorted by start) clipped to text[start:end], those closer than _JOIN_CHARS joined."""
    spans: list[tuple[int, int]] = []
    low = high = -1
    for window_low, window_high in bounds:
        if high >= 0 and window_low <= high + _JOIN_CHARS:
            if window_high > high:
                high = window_high
        else:
            if high >= 0:
                spans.append((low if low > start else start, high if high < end else end))
            low, high = window_low, window_high
    if high >= 0:
        spans.append((low if low > start else start, high if high < end else end))
    return spans


def _reach_in_lines(hits: list[tuple[int, int]], text: str, start: int, end: int,
                    reach: tuple[int | None, int | None]) -> list[tuple[int, int]]:
    """Per trigger, its line (in text[start:end]) cut to its reach on the sides where that is bounded."""
    left, right = reach
    rfind, find = text.rfind, text.find
    bounds = []
    line_low = line_high = -1
    for hit_start, hit_end in sorted(hits):
        if hit_end > line_high:  # not in the line of the trigger before
            line_low = rfind("\n", start, hit_start) + 1 or start
            line_high = find("\n", hit_end, end)
            line_high = end if line_high < 0 else line_high
        low = hit_end - left if left is not None and hit_end - left > line_low else line_low
        high = hit_start + right if right is not None and hit_start + right < line_high else line_high
        bounds.append((low, high))
    return bounds


def _entity_group(pattern: CompiledPattern) -> str | int:
    """The group of a regex pattern's match that is the entity: "ent" if it has one, else the whole match (0)."""
    return "ent" if "ent" in pattern.regex.groupindex else 0


def _match_span(group: str | int, found: tuple, m, line: str, offset: int) -> Iterable[Candidate]:
    s, e = m.span(group)
    if s < 0:
        return
    while s < e and line[s].isspace():
        s += 1
    while e > s and line[e - 1].isspace():
        e -= 1
    if s < e:
        yield (offset + s, offset + e, *found)


def _line_morphs(text: str, start: int, end: int, lines: dict | None = None) -> list[_Morph]:
    """Morphs of the line's analysis (kept tokens, or Kiwi's cached analysis) that lie inside text[start:end]
    (a whole line, or a few whole words of one: the first of them has whitespace before it). Read from the
    line's morph table (lines: line start -> (starts, ends, tags) relative to it, as the dictionary shares them;
    filled here), from the first morph starting inside the span (starts are in order) to the last that can."""
    line_start = text.rfind("\n", 0, start) + 1
    table = None if lines is None else lines.get(line_start)
    if table is None:
        line_end = text.find("\n", line_start)
        analysis = korean.analyse_lines([text[line_start:len(text) if line_end < 0 else line_end]])[0]
        table = (*analysis.offsets(), analysis.tag_tuples())
        if lines is not None:
            lines[line_start] = table
    starts, ends, tags = table
    low, high = start - line_start, end - line_start
    morphs: list[_Morph] = []
    prev_end = None
    for k in range(bisect_left(starts, low), bisect_right(starts, high)):
        m_end = ends[k]
        if m_end > high:
            continue
        m_start = starts[k]
        morph_tags = tags[k]
        morphs.append((line_start + m_start, line_start + m_end, morph_tags[0] if morph_tags else "",
                       prev_end is None or m_start > prev_end))
        prev_end = m_end
    return morphs


def _token_matches(pattern: CompiledPattern, text: str, morphs: list[_Morph]) -> Iterable[Candidate]:
    first = pattern.tokens[0]
    i = 0
    while i < len(morphs):
        if first.min and not first.accepts(text[morphs[i][0]:morphs[i][1]], morphs[i][2]):
            i += 1  # cheap test of the first element (it must match here) before the full match
            continue
        found = _match_at(pattern.tokens, 0, text, morphs, i, [])
        if found is None:
            i += 1
            continue
        end_index, inside = found
        if inside:
            yield (morphs[inside[0]][0], morphs[inside[-1]][1], pattern.label, PATTERNS, pattern.score, pattern.id)
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
