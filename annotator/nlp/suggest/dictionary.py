"""Suggestions from the project's dictionary: every accepted entity string, proposed where it occurs again.

An Aho-Corasick automaton (ahocorasick-rs, strings.py) finds every occurrence of every string in one pass over a line.
A match is kept only when both its ends are Kiwi token boundaries (so 강원 is not proposed inside 강원도,
and 중기부 is proposed in 중기부는 without the particle); a match whose ends are already separated from
their neighbours by whitespace or punctuation, or followed by nothing but a common particle, needs no
analysis, so Kiwi is consulted only for the lines where that is not so. Overlapping matches keep the
longest. The automaton is rebuilt lazily, on the next lookup after the set of strings changed (about 90 ms
per 10,000 strings); count changes cost nothing.

Score: an estimate of how often a reviewer accepts the proposal, smoothed towards a prior by length:
(n_label + 2 p) / (n + 2), at most 0.95, where n_label is how often the string was labelled with its most
frequent label and n how often it occurs in the labelled documents (add_documents counts every occurrence
found there, labelled or not: 특구 labelled twice among twenty occurrences scores low; without documents n
is the number of labels it got), and p is 0.1 for two-character strings, 0.6 for longer ones. Fitted on
KLUE-NER (a dictionary from its training sentences proposing on the others: two-character strings were
right half as often as longer ones; `annotator bench --only suggest`, suggest_dictionary_klue).
"""

from __future__ import annotations

import bisect
import re
import threading
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence

from annotator.core import korean
from annotator.core.korean_snap import trim_morphs
from annotator.nlp.suggest.base import DICTIONARY, Candidate, Suggestion
from annotator.nlp.suggest.strings import StringFinder

MIN_CHARS = 2  # as Kiwi user words: a one-syllable string matches inside unrelated words
MAX_SCORE = 0.95
PRIOR_WEIGHT = 2


def prior_for(key: str) -> float:
    """How often a proposal of a string this long is right before its own counts say more."""
    return 0.1 if len(key) <= 2 else 0.6


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
    if ch.isspace() or not ch.isalnum() and _outer(ch, text[end - 1]):
        return True
    last = text[end - 1]
    if ch not in _PARTICLE_HEADS or not "가" <= last <= "힣":
        return False
    # the rest of the word (its letters): every particle is Hangul syllables, so a run of them, then no other letter
    word_end = _SYLLABLES.match(text, end, line_end).end()
    if word_end - end > _LONGEST_PARTICLE:
        return False
    if word_end < line_end:
        ch = text[word_end]
        if not ch.isspace() and unicodedata.category(ch)[0] == "L":
            return False
    rest = text[end:word_end]
    return (rest in _PARTICLES and _fits(last, rest)
            and (word_end >= line_end or _outer(text[word_end], text[word_end - 1])))


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


class EntityDictionary:
    """Accepted entity strings with how often each carries each label."""

    source = DICTIONARY

    def __init__(self, entries: Iterable[tuple[str, str]] = ()) -> None:
        self._counts: dict[str, Counter[str]] = {}
        self._seen: Counter[str] = Counter()  # occurrences in labelled documents (add_documents)
        self._automaton = None
        self._dirty = True
        self._lock = threading.Lock()
        self._best_cache: dict[str, tuple[str, float, str] | None] = {}
        self._joint = None  # (automaton, words, their finder, sets): _joint_finder
        for text, label in entries:
            self.add(text, label)

    def __len__(self) -> int:
        return len(self._counts)

    def __getstate__(self) -> dict:
        """For worker processes (suggest --db on every core): the counts; the automaton is rebuilt there."""
        with self._lock:
            return {"counts": self._counts, "seen": self._seen}

    def __setstate__(self, state: dict) -> None:
        self.__init__()
        self._counts, self._seen = state["counts"], state["seen"]

    @staticmethod
    def normalise(text: str) -> str:
        return " ".join(text.split())

    def add(self, text: str, label: str, count: int = 1) -> None:
        key = self.normalise(text)
        if len(key) < MIN_CHARS or count <= 0:
            return
        with self._lock:
            if key not in self._counts:
                self._counts[key] = Counter()
                self._dirty = True
            self._counts[key][label] += count
            self._best_cache.clear()

    def remove(self, text: str, label: str, count: int = 1) -> None:
        """Undo an add (a label deleted or changed); a string nobody labels any more leaves the automaton."""
        key = self.normalise(text)
        with self._lock:
            counts = self._counts.get(key)
            if counts is None:
                return
            counts[label] -= count
            self._best_cache.clear()
            if counts[label] <= 0:
                del counts[label]
            if not counts:
                del self._counts[key]
                self._seen.pop(key, None)
                self._dirty = True

    def add_documents(self, documents: Iterable[tuple[str, Iterable[tuple[int, int, str]]]]) -> None:
        """Labelled documents (text, [(start, end, label)]): their labels, then how often each string occurs in
        them at all (as this dictionary would propose it), so that a string mostly left unlabelled scores low.
        Strings added later are not counted in earlier documents: call it with all documents at hand."""
        documents = [(text, list(spans)) for text, spans in documents]
        for text, spans in documents:
            for start, end, label in spans:
                self.add(text[start:end], label)
        self.count_occurrences(text for text, _spans in documents)

    def count_occurrences(self, texts: Iterable[str]) -> None:
        """The second half of add_documents: count how often each string occurs in the labelled texts (all of
        them, once, after their labels were added), as this dictionary would propose it."""
        seen: Counter[str] = Counter()
        for text in texts:
            found = self.suggest(text)
            seen.update(self.normalise(text[s.start:s.end]) for s in found)
        with self._lock:
            for key, n in seen.items():
                if key in self._counts:
                    self._seen[key] += n
            self._best_cache.clear()

    def occurrence_counts(self) -> dict[str, int]:
        """What count_occurrences counted (a fit kept by nlp/suggest/fits.py)."""
        with self._lock:
            return dict(self._seen)

    def add_occurrence_counts(self, counts: dict[str, int]) -> None:
        """count_occurrences' result given, as occurrence_counts() returned it for the same documents."""
        with self._lock:
            for key, n in counts.items():
                if key in self._counts:
                    self._seen[key] += n
            self._best_cache.clear()

    def labels_of(self, text: str) -> dict[str, int]:
        return dict(self._counts.get(self.normalise(text), {}))

    def _current_automaton(self):
        with self._lock:
            if self._dirty:
                self._automaton = StringFinder(self._counts) if self._counts else None
                self._dirty = False
            return self._automaton

    def _best_labels(self, keys) -> dict[str, tuple[str, float, str] | None]:
        """(label, score, detail) of each key, cached until the counts change (call under the lock)."""
        cache = self._best_cache
        for key in keys:
            if key not in cache:
                cache[key] = self._best_label(key)
        return cache

    def _best_label(self, key: str) -> tuple[str, float, str] | None:
        counts = self._counts.get(key)
        if not counts:
            return None
        label, n = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
        total = max(sum(counts.values()), self._seen.get(key, 0))
        score = round(min(MAX_SCORE, (n + PRIOR_WEIGHT * prior_for(key)) / (total + PRIOR_WEIGHT)), 4)
        return label, score, f"labelled {label} {n} of {total} times"

    def suggest_regions(self, text: str, regions: Sequence[tuple[int, int]]) -> list[Suggestion]:
        return [Suggestion(*c) for c in self.candidates(text, regions)]

    def candidates(self, text: str, regions: Sequence[tuple[int, int]], lines: dict | None = None
                   ) -> list[Candidate]:
        """suggest_regions() as candidate tuples (the engine combines them before making Suggestions); lines: the
        morph tables of the text's lines (boundary_matches), shared with the other sources over these regions."""
        automaton = self._current_automaton()
        if automaton is None or not regions:
            return []
        return self._labelled(boundary_matches(automaton, text, regions, lines))

    def candidates_and_words(self, text: str, regions: Sequence[tuple[int, int]], words: StringFinder,
                             lines: dict | None = None) -> tuple[list[Candidate], list[tuple[int, int, str]]]:
        """candidates(), and boundary_matches(words, ...) of other strings (a pattern source's word lists), in one
        automaton pass over the text for both (the same matches each gives alone)."""
        if not regions:
            return [], []
        finder, sets = self._joint_finder(words)
        kept, found = boundary_matches_of_sets(finder, sets, text, regions, lines)
        return (self._labelled(kept) if kept else []), found

    def _joint_finder(self, words: StringFinder) -> tuple[StringFinder, tuple[int, ...]]:
        """One finder of this dictionary's strings and the words, with the set of each key (1 a string of the
        dictionary, 2 a word, 3 both); made again when the dictionary's strings or the words change."""
        automaton = self._current_automaton()
        joint = self._joint
        if joint is None or joint[0] is not automaton or joint[1] is not words:
            sets = dict.fromkeys(automaton.keys if automaton is not None else (), 1)
            for word in words.keys:
                sets[word] = sets.get(word, 0) | 2
            joint = self._joint = (automaton, words, StringFinder(sets), tuple(sets.values()))
        return joint[2], joint[3]

    def _labelled(self, kept: list[tuple[int, int, str]]) -> list[Candidate]:
        """The kept matches (start, end, string) as candidates of each string's best label."""
        with self._lock:  # another thread may be adding labels
            best = self._best_labels([key for _s, _e, key in kept])
        out: list[Candidate] = []
        for s, e, key in kept:
            found = best.get(key)
            if found is not None:
                out.append((s, e, found[0], DICTIONARY, found[1], found[2]))
        return out

    def suggest(self, text: str) -> list[Suggestion]:
        from annotator.nlp.suggest.patterns import line_regions

        return self.suggest_regions(text, line_regions(text))


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
        for index, s, e in finder.find(text, run_start, regions[j][1]):
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
