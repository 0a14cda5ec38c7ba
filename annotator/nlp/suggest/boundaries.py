"""Which occurrences of a set of strings in a text's lines are proposals: on Kiwi token boundaries, particles left
out, overlaps resolved (the dictionary's and the word lists' rule, dictionary.py), and a memo of what was kept in
lines met again.

A match whose ends are already separated from their neighbours by whitespace or punctuation, or followed by nothing
but a common particle, needs no analysis, so Kiwi is consulted only for the lines where that is not so.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Sequence

from annotator.core import korean
from annotator.core.korean_snap import trim_morphs
from annotator.nlp.suggest import line_memo
from annotator.nlp.suggest.line_memo import SeenLines
from annotator.nlp.suggest.strings import StringFinder

MIN_CHARS = 2  # as Kiwi user words: a one-syllable string matches inside unrelated words


# Particles (and particle sequences) that may follow an entity: when the rest of the word is one of these,
# the match's end is a token boundary without asking Kiwi. 도 and 과 are left to Kiwi: 강원도, 충북도 and
# 교육과 are names, not 강원 + 도.
_PARTICLES = frozenset("""
은 는 이 가 을 를 의 에 에서 에게 께 께서 으로 로 와 만 까지 부터 처럼 보다 이나 나 란 이란 라는 이라는 에는 에서는
으로는 로는 와는 과는 와의 과의 에도 에서도 으로도 로도 에의 에서의 으로의 로의 이다 입니다 이며 이고 이자 이었다 였다
들 들이 들은 들을 들의 들과 들도 들에게 측 측은 측이 측의 측도 측과 측에 측에서 측으로 측에서는 만의 만이 까지의 부터는
""".split())


def _separated(text: str, start: int, end: int, line_start: int = 0, line_end: int | None = None) -> bool:
    """True when text[start:end] cannot share a token with its neighbours: whitespace, punctuation or the
    line's edge on both sides (a letter or digit beside it may be part of one word with it), or on the
    right the rest of the word is a particle from _PARTICLES after a Hangul syllable."""
    line_end = len(text) if line_end is None else line_end
    if start > line_start:
        ch = text[start - 1]
        if not ch.isspace() and (ch.isalnum() or not _outer(ch, text[start])):
            return False
    if end >= line_end:
        return True
    ch = text[end]
    if not ch.isalnum():  # whitespace separates; punctuation or a symbol as _outer says (no particle starts so)
        return ch.isspace() or _category(ch)[0] in "PSZ" and _category(text[end - 1])[0] in "LN"
    if ch not in _PARTICLE_HEADS or not "가" <= text[end - 1] <= "힣":
        return False
    # the rest of the word (its letters): every particle is Hangul syllables, so a run of them, then no other letter
    word_end = _SYLLABLES.match(text, end, line_end).end()
    if word_end - end > _LONGEST_PARTICLE:
        return False
    # What follows is decided by the syllable before, the run and the character after it (none at the line's edge),
    # which the key holds: it ends in a syllable exactly when the run reaches the edge. Few distinct ones recur.
    key = text[end - 1:word_end + 1] if word_end < line_end else text[end - 1:word_end]
    found = _PARTICLE_AFTER.get(key)
    if found is None:
        if len(_PARTICLE_AFTER) > 50_000:
            _PARTICLE_AFTER.clear()
        found = _PARTICLE_AFTER[key] = _particle_after(key, word_end < line_end)
    return found


_category = unicodedata.category
_PARTICLE_AFTER: dict[str, bool] = {}  # _separated's particle check by its key


def _particle_after(key: str, more: bool) -> bool:
    """Whether key (the syllable before the rest of a word, the rest, and when more the character after it) is a
    Hangul syllable, a particle that fits it, then the word's end."""
    last, rest = key[0], key[1:-1] if more else key[1:]
    if more:
        ch = key[-1]
        if not ch.isspace() and unicodedata.category(ch)[0] == "L":
            return False
    return rest in _PARTICLES and _fits(last, rest) and (not more or _outer(key[-1], key[-2]))


_SYLLABLES = re.compile("[가-힣]*")
_LONGEST_PARTICLE = max(map(len, _PARTICLES))
_PARTICLE_HEADS = frozenset(p[0] for p in _PARTICLES)  # what the rest of a word that is a particle starts with


# Particle forms that need a final consonant before them (은, 을, 과, 으로, 이...) and those that need none
# (는, 를, 와, 가, 로...): 강원와 is not 강원 + 와, so Kiwi decides it.
_AFTER_CONSONANT = ("은", "을", "과", "으", "이나", "이란", "이라", "이며", "이고", "이자", "이었")
_AFTER_VOWEL = ("는", "를", "와", "가", "나", "란", "라", "며", "였")


def _fits(last: str, particle: str) -> bool:
    final = (ord(last) - 0xAC00) % 28  # 0: the syllable ends in a vowel; 8: in ㄹ
    if particle == "이" or particle.startswith(_AFTER_CONSONANT):
        return final != 0
    if particle.startswith("로"):
        return final in (0, 8)
    if particle.startswith(_AFTER_VOWEL):
        return final == 0
    return True


def _outer(ch: str, inner: str) -> bool:
    """Whether ch, beside the character inner of a match, separates it: whitespace, or punctuation or a
    symbol beside a letter or digit."""
    if ch.isspace():
        return True
    if ch.isalnum():  # the common case, decided without the Unicode tables
        return False
    return unicodedata.category(ch)[0] in "PSZ" and unicodedata.category(inner)[0] in "LN"


def boundary_matches(finder: StringFinder, text: str, regions: Sequence[tuple[int, int]], lines: dict | None = None
                     ) -> list[tuple[int, int, str]]:
    """(start, end, key) of the occurrences of a finder's keys in the regions (lines) of text that are kept: on
    token boundaries, particles left out, overlaps resolved (see boundary_matches_of_sets). One automaton pass over each
    run of adjacent regions; a key never holds a line break, so each match lies in one line. lines: line start ->
    its morph table, filled as lines are analysed; pass one dict to every call over the same text and regions, and
    each line's table is built once."""
    return boundary_matches_of_sets(finder, None, text, regions, lines)[0]


def boundary_matches_of_sets(finder: StringFinder, sets, text: str, regions: Sequence[tuple[int, int]],
                             lines: dict | None = None) -> tuple[list[tuple[int, int, str]], list[tuple[int, int, str]]]:
    """boundary_matches() of two sets of keys in one automaton pass: the finder's keys, sets[i] saying which set key i
    is in (1 the first, 2 the second, 3 both; None: every key in the first); each set's matches kept as if its keys
    alone had been searched (overlaps resolved within a set), a match of a key in both sets checked once. Returns
    (the first set's, the second set's).

    A match is kept as it is when it is separated from its neighbours (_separated); else it must start and end on
    morph boundaries of its line's analysis (the project's kept tokens, or Kiwi's cached analysis: the same the
    snapping uses; the lines of the matches that are neither separated nor cut inside a number, fetched in one
    call, even where such a match turns out to be blocked), and loses a trailing particle (an entry saved with it:
    중기부는). An edge between two digits is never a boundary (Kiwi keeps a number whole), so that needs no
    analysis. Then each set's (_resolved): longest first, then leftmost, each blocking those it overlaps (matches
    never cross a line, so this is the same line by line)."""
    first: list[tuple] = []
    second: list[tuple] = []
    if lines is None:
        lines = {}  # line start -> (morph starts, morph ends, tags), relative to the line
    wanted: dict[int, int] = {}  # line start -> line end, of lines to analyse
    keys = finder.keys
    size = len(text)
    count = len(regions)
    i = 0
    while i < count:  # one pass over each run of adjacent lines
        run_start, j = regions[i][0], i
        while j + 1 < count and regions[j + 1][0] == regions[j][1] + 1:
            j += 1
        line_start, line_end = regions[i]
        found, offset = finder.find_unshifted(text, run_start, regions[j][1])
        for index, s, e in found:
            s += offset
            e += offset
            while e > line_end:  # matches come by end: the line of this one is at or after the last one's
                i += 1
                line_start, line_end = regions[i]
            # what the match needs: 0 kept as it is, 1 dropped (an edge between two digits), 2 a look at the
            # morphs. A space or the line's edge on both sides is the common case: no closer look needed; a letter
            # or digit before it (inside a word) is the next most common: not separated (as _separated says).
            before = text[s - 1] if s > line_start else " "
            if (before == " " and (e == line_end or text[e] == " ")
                    or not before.isalnum() and _separated(text, s, e, line_start, line_end)):
                need = 0
            elif (s > line_start and before.isdigit() and text[s].isdigit()
                    or e < size and text[e - 1].isdigit() and text[e].isdigit()):  # _inside_number at either edge
                need = 1
            else:
                need = 2
                if line_start not in lines:
                    wanted[line_start] = line_end
            match = (s - e, e, keys[index], line_start, need)
            role = 1 if sets is None else sets[index]
            if role & 1:
                first.append(match)
            if role & 2:
                second.append(match)
        i = j + 1
    if wanted:  # the lines of the matches to look at closely, in one call (one lookup a line costs ~3x as much)
        _analyse(text, wanted, lines)
    return (_resolved(first, lines) if first else []), (_resolved(second, lines) if second else [])


_SEARCH = object()  # a line not in the memo yet


class LineMemo(SeenLines):
    """What boundary_matches_of_sets kept in lines met more than once (line text -> (first set's, second set's)
    (start, end, key) relative to the line), so that a line met again (a site's chrome, a byline, a document
    suggested again) is not searched again. What it keeps in a region that is a whole line depends on the line's
    text alone (matches never leave their region; the separation checks stop at its edges; the morphs are its
    analysis), and a page's are its lines' in the order of the text. A line's are kept the second time it is met
    (most content lines are met once: keeping theirs would cost more than it saves); the lines not remembered are
    searched together. For one finder and its sets (EntityDictionary._joint_finder makes a new one with them). Its
    bookkeeping and policy (length cap, size cap, rest) are line_memo.SeenLines'."""

    __slots__ = ()

    def boundary_matches(self, finder: StringFinder, sets, text: str, regions: Sequence[tuple[int, int]],
                         lines: dict | None = None) -> tuple[list[tuple[int, int, str]], list[tuple[int, int, str]]]:
        """boundary_matches_of_sets(finder, sets, text, regions, lines), the lines met before taken from here."""
        if not self.begin_page():
            return boundary_matches_of_sets(finder, sets, text, regions, lines)
        known = self.lines
        size = len(text)
        todo: list[tuple[int, int]] = []  # the regions searched now
        remember: list[tuple[int, int]] = []  # those of them met a second time: what is kept there is remembered
        held: list[tuple[int, tuple]] = []  # (start, what the memo holds) of the lines met before with a match
        chars = again = 0
        longest = line_memo.MEMO_LINE_CHARS
        for region in regions:
            a, b = region
            if (b < size and text[b] != "\n") or b - a > longest:  # not a whole line (what follows may matter), long
                todo.append(region)
                continue
            line = text[a:b]
            entry = known.get(line, _SEARCH)
            if entry is _SEARCH:  # met for the first time
                known[line] = None
                chars += b - a
                todo.append(region)
                continue
            again += 1
            if entry is None:  # met a second time: searched, then remembered
                todo.append(region)
                remember.append(region)
            elif entry[0] or entry[1]:  # most lines met again hold no match (empty lines, chrome)
                held.append((a, entry))
        self.end_page(chars, len(regions), again)
        if len(todo) == len(regions):
            first, second = boundary_matches_of_sets(finder, sets, text, regions, lines)
        elif todo:
            first, second = boundary_matches_of_sets(finder, sets, text, todo, lines)
        else:
            first, second = [], []
        for a, b in remember:  # each set's kept matches are disjoint, by start: those in a line are a slice
            mine_first = first[bisect.bisect_left(first, (a,)):bisect.bisect_left(first, (b,))]
            mine_second = second[bisect.bisect_left(second, (a,)):bisect.bisect_left(second, (b,))]
            known[text[a:b]] = (tuple((s - a, e - a, k) for s, e, k in mine_first),
                                tuple((s - a, e - a, k) for s, e, k in mine_second))
        if not held:
            return first, second
        # the lines' matches from the memo, by start as the searched ones are: the two runs merged by one sort (the
        # matches of one set are disjoint, so no two share a start)
        from_first = [(a + s, a + e, k) for a, entry in held for s, e, k in entry[0]]
        from_second = [(a + s, a + e, k) for a, entry in held for s, e, k in entry[1]]
        if from_first:
            first = sorted(first + from_first) if first else from_first
        if from_second:
            second = sorted(second + from_second) if second else from_second
        return first, second


def _analyse(text: str, wanted: dict[int, int], lines: dict) -> None:
    for line_start, analysis in zip(wanted, korean.analyse_lines([text[a:b] for a, b in wanted.items()])):
        lines[line_start] = (*analysis.offsets(), analysis.tag_tuples())


def _resolved(matches: list[tuple], lines: dict) -> list[tuple[int, int, str]]:
    """The matches (-length, end, key, line start, need) of one set kept, as (start, end, key) by start
    (boundary_matches_of_sets; the lines of those that need a look at their morphs in lines)."""
    matches.sort()  # longest first, then leftmost (of one length: by end)
    kept_starts: list[int] = []
    kept: list[tuple[int, int, str]] = []
    bisect_left = bisect.bisect_left
    for minus_length, e, key, line_start, need in matches:
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


_EDGE_KEPT: dict[tuple[str, ...], bool] = {}


def _kept_edge(tags: tuple[str, ...]) -> bool:
    """Whether trim_morphs keeps a morph with these tags at either edge of a span: not a particle, ending or
    punctuation it drops there (korean_snap), nor a bracket. Both edges kept: trimming is a no-op."""
    kept = _EDGE_KEPT.get(tags)
    if kept is None:
        from annotator.core.korean_snap import EDGE_TRIMMED

        head = tags[0] if tags else ""
        kept = _EDGE_KEPT[tags] = not head.startswith(EDGE_TRIMMED)
    return kept


def _inside_number(text: str, i: int, line_start: int) -> bool:
    return i > line_start and i < len(text) and text[i - 1].isdigit() and text[i].isdigit()
