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

import threading
from collections import Counter
from collections.abc import Iterable, Sequence

from annotator.nlp.suggest.base import DICTIONARY, Candidate, Suggestion
from annotator.nlp.suggest.boundaries import MIN_CHARS, LineMemo, boundary_matches
from annotator.nlp.suggest.strings import StringFinder
MAX_SCORE = 0.95
_UNKNOWN = object()  # a string not in the best-label cache yet
PRIOR_WEIGHT = 2


def prior_for(key: str) -> float:
    """How often a proposal of a string this long is right before its own counts say more."""
    return 0.1 if len(key) <= 2 else 0.6


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
        self._joint = None  # (automaton, words, their finder, sets, line memo): _joint_finder
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
        finder, sets, memo = self._joint_finder(words)
        kept, found = memo.boundary_matches(finder, sets, text, regions, lines)
        return (self._labelled(kept) if kept else []), found

    def _joint_finder(self, words: StringFinder) -> tuple[StringFinder, tuple[int, ...], "LineMemo"]:
        """One finder of this dictionary's strings and the words, with the set of each key (1 a string of the
        dictionary, 2 a word, 3 both), and a memo of what it kept in lines met again; made again (the memo
        empty) when the dictionary's strings or the words change."""
        automaton = self._current_automaton()
        joint = self._joint
        if joint is None or joint[0] is not automaton or joint[1] is not words:
            sets = dict.fromkeys(automaton.keys if automaton is not None else (), 1)
            for word in words.keys:
                sets[word] = sets.get(word, 0) | 2
            joint = self._joint = (automaton, words, StringFinder(sets), tuple(sets.values()), LineMemo())
        return joint[2], joint[3], joint[4]

    def _labelled(self, kept: list[tuple[int, int, str]]) -> list[Candidate]:
        """The kept matches (start, end, string) as candidates of each string's best label."""
        out: list[Candidate] = []
        append = out.append
        with self._lock:  # another thread may be adding labels
            cache = self._best_cache  # as _best_labels fills it, in the same pass
            get = cache.get
            for s, e, key in kept:
                found = get(key, _UNKNOWN)
                if found is _UNKNOWN:
                    found = cache[key] = self._best_label(key)
                if found is not None:
                    append((s, e, found[0], DICTIONARY, found[1], found[2]))
        return out

    def suggest(self, text: str) -> list[Suggestion]:
        from annotator.nlp.suggest.patterns import line_regions

        return self.suggest_regions(text, line_regions(text))
