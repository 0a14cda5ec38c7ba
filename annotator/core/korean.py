"""Korean tokenisation on Kiwi (kiwipiepy + kiwipiepy-model, bundled weights, nothing downloaded).

Tokens are surface substrings of the text that, with their trailing whitespace, reproduce it exactly:
morphemes that Kiwi reports at overlapping positions ("했" = 하 + 었) are merged, and whitespace that is
not a single space after a token becomes a whitespace token (spaCy's convention). Kiwi is fed one line
at a time (it slows superlinearly on long strings) and every line's analysis is cached, so the UI's
snapping calls on a single line stay fast. User words (entity strings already labelled) form a process-wide
default set, which one thread can override with using_user_words; Kiwi instances and the cache are keyed
by the set, so analyses made with different user words never mix. UI helpers (snapping, double-click) live in korean_snap.py
and are re-exported here.
"""

from __future__ import annotations

import os
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

# Lines longer than this are cut (at a sentence end or space when possible) before they reach Kiwi.
MAX_CHUNK_CHARS = 1000
# Tag given to non-whitespace characters Kiwi left out of every morpheme.
UNKNOWN_TAG = "UNK"
_CACHE_LINES = 65536
_SPACE = re.compile(r"\s")
_NON_SPACE = re.compile(r"\S+")


@dataclass(frozen=True, slots=True)
class Token:
    """A token of the text: text == source[start:end]; ws is "" or the single space that follows it."""

    start: int
    end: int
    text: str
    ws: str

    @property
    def is_space(self) -> bool:
        return self.text.isspace()

    @property
    def text_with_ws(self) -> str:
        return self.text + self.ws


@dataclass(frozen=True, slots=True)
class Morph:
    """Surface span of one or more merged Kiwi morphemes; offsets relative to its line."""

    start: int
    end: int
    tags: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class LineAnalysis:
    morphs: tuple[Morph, ...]
    sentences: tuple[tuple[int, int], ...]  # relative to the line


class _LineCache:
    """Thread-safe LRU of (user word set, line) -> LineAnalysis."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._data: OrderedDict[tuple[frozenset[str], str], LineAnalysis] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[frozenset[str], str]) -> LineAnalysis | None:
        with self._lock:
            found = self._data.get(key)
            if found is not None:
                self._data.move_to_end(key)
            return found

    def put(self, key: tuple[frozenset[str], str], analysis: LineAnalysis) -> None:
        with self._lock:
            self._data[key] = analysis
            while len(self._data) > self._size:
                self._data.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()


_lock = threading.RLock()  # guards the Kiwi instances (creation, user words, analysis)
# Kiwi instances by user word set. One at a time: each holds ~500 MB, and a process rarely alternates
# between sets (switching rebuilds Kiwi, about a second).
_MAX_KIWIS = 1
_kiwis: OrderedDict[frozenset[str], object] = OrderedDict()
_user_words: frozenset[str] = frozenset()  # the process-wide default set
_local = threading.local()  # .words overrides the default in one thread (using_user_words)
# Keyed by the user word set too, so analyses made with other user words are never mixed up.
_cache = _LineCache(_CACHE_LINES)
_EMPTY = LineAnalysis((), ())


def user_word_set(words: Iterable[str]) -> frozenset[str]:
    """Words as Kiwi gets them: whitespace collapsed; words shorter than two characters dropped
    (a one-syllable NNP splits unrelated words)."""
    normalised = (" ".join(str(word).split()) for word in words)
    return frozenset(word for word in normalised if len(word) >= 2)


def _active_words() -> frozenset[str]:
    words = getattr(_local, "words", None)
    return _user_words if words is None else words


@contextmanager
def using_user_words(words: Iterable[str]) -> Iterator[frozenset[str]]:
    """Analyse with exactly these user words, instead of the process default, in this thread inside the block.

    A frozenset is taken as already normalised by user_word_set (so per-keystroke UI calls stay cheap).
    """
    chosen = words if isinstance(words, frozenset) else user_word_set(words)
    previous = getattr(_local, "words", None)
    _local.words = chosen
    try:
        yield chosen
    finally:
        _local.words = previous


def _get_kiwi(words: frozenset[str]):
    """The Kiwi instance for a user word set, built on first use (about a second)."""
    with _lock:
        kiwi = _kiwis.get(words)
        if kiwi is not None:
            _kiwis.move_to_end(words)
            return kiwi
        from kiwipiepy import Kiwi

        while len(_kiwis) >= _MAX_KIWIS:  # before building, so two instances never coexist here
            _kiwis.popitem(last=False)
        # Worker threads let Kiwi analyse a batch of lines on every core (about 1.8x on 2 cores).
        kiwi = Kiwi(num_workers=min(4, os.cpu_count() or 1))
        for word in sorted(words):
            kiwi.add_user_word(word, "NNP")
        _kiwis[words] = kiwi
        return kiwi


def add_user_words(words: Iterable[str]) -> int:
    """Add entity strings already labelled in the project to the default set as proper nouns (NNP).

    Returns how many are new. The default set's Kiwi, if built, learns them in place (Kiwi rebuilds its
    model on the next analysis, about a second). Cached analyses are dropped when anything was added.
    """
    global _user_words
    with _lock:
        fresh = user_word_set(words) - _user_words
        if not fresh:
            return 0
        kiwi = _kiwis.pop(_user_words, None)
        _user_words = _user_words | fresh
        if kiwi is not None:
            for word in sorted(fresh):
                kiwi.add_user_word(word, "NNP")
            _kiwis[_user_words] = kiwi
        _cache.clear()
    return len(fresh)


def clear_user_words() -> None:
    """Forget the default user words (e.g. when another project is opened); Kiwi cannot remove a word,
    so their Kiwi instance is dropped and one without them is built on next use."""
    global _user_words
    with _lock:
        if _user_words:
            _kiwis.pop(_user_words, None)
            _user_words = frozenset()
        _cache.clear()


def set_user_words(words: Iterable[str]) -> bool:
    """Make the default set exactly `words`; False when it already was (nothing rebuilt)."""
    wanted = user_word_set(words)
    with _lock:
        if wanted == _user_words:
            return False
        if not wanted >= _user_words:
            clear_user_words()
        add_user_words(wanted)
    return True


def user_words() -> frozenset[str]:
    """The user words in effect in this thread."""
    return _active_words()


def _chunk_bounds(line: str, limit: int = MAX_CHUNK_CHARS) -> list[tuple[int, int]]:
    """Cut a long line into pieces of at most `limit` chars, preferring a cut after '. ' then any space."""
    bounds = []
    start = 0
    n = len(line)
    while n - start > limit:
        window_end = start + limit
        cut = -1
        for marker in (". ", "? ", "! ", "다 ", " "):
            pos = line.rfind(marker, start + limit // 2, window_end)
            if pos >= 0:
                cut = pos + len(marker)
                break
        if cut <= start:
            cut = window_end
        bounds.append((start, cut))
        start = cut
    bounds.append((start, n))
    return bounds


def _morphs_from_ranges(line: str, ranges: list[tuple[int, int, str]]) -> list[Morph]:
    """Clip to the line, split on whitespace, merge overlapping ranges, fill gaps Kiwi skipped."""
    n = len(line)
    pieces: list[tuple[int, int, str]] = []
    for start, end, tag in ranges:
        start, end = max(0, start), min(n, end)
        if end <= start:
            continue
        if _SPACE.search(line, start, end) is None:
            pieces.append((start, end, tag))
        else:  # a multi-word user word: keep only its non-whitespace pieces
            pieces.extend((m.start(), m.end(), tag) for m in _NON_SPACE.finditer(line, start, end))
    pieces.sort(key=lambda p: (p[0], -p[1]))
    merged: list[list] = []
    for start, end, tag in pieces:
        if merged and start < merged[-1][1]:
            last = merged[-1]
            last[1] = max(last[1], end)
            last[2].append(tag)
        else:
            merged.append([start, end, [tag]])
    morphs: list[Morph] = []
    pos = 0
    for start, end, tags in merged:
        if start > pos + 1 or (start == pos + 1 and not line[pos].isspace()):
            _fill_gap(line, pos, start, morphs)
        morphs.append(Morph(start, end, tuple(tags)))
        pos = end
    if pos < n:
        _fill_gap(line, pos, n, morphs)
    return morphs


def _fill_gap(line: str, start: int, end: int, out: list[Morph]) -> None:
    """Non-whitespace runs in line[start:end] become UNK morphs (characters Kiwi did not cover)."""
    out.extend(Morph(m.start(), m.end(), (UNKNOWN_TAG,)) for m in _NON_SPACE.finditer(line, start, end))


def _analyse_lines(lines: list[str]) -> list[LineAnalysis]:
    """Analyses of several lines; lines not cached go to Kiwi in one batch (Kiwi spreads it over cores)."""
    words = _active_words()
    results: list[LineAnalysis | None] = []
    missing: dict[str, list[tuple[int, int]]] = {}
    for line in lines:
        found = _EMPTY if not line or line.isspace() else _cache.get((words, line))
        if found is None and line not in missing:
            missing[line] = _chunk_bounds(line)
        results.append(found)
    if not missing:
        return results  # type: ignore[return-value]
    chunks = [(line, s, e) for line, bounds in missing.items() for s, e in bounds]
    texts = [line[s:e] for line, s, e in chunks]
    kiwi = _get_kiwi(words)
    with _lock:
        analysed = [kiwi.tokenize(texts[0])] if len(texts) == 1 else list(kiwi.tokenize(texts))
    per_line: dict[str, tuple[list, list]] = {line: ([], []) for line in missing}
    for (line, chunk_start, _chunk_end), kiwi_tokens in zip(chunks, analysed):
        ranges, sents = per_line[line]
        sent_bounds: dict[int, list[int]] = {}
        for tok in kiwi_tokens:
            start = chunk_start + tok.start
            end = start + tok.len
            ranges.append((start, end, tok.tag))
            bounds = sent_bounds.setdefault(tok.sent_position, [start, end])
            if end > bounds[1]:
                bounds[1] = end
        sents.extend((s, e) for _, (s, e) in sorted(sent_bounds.items()))
    fresh: dict[str, LineAnalysis] = {}
    for line, (ranges, sents) in per_line.items():
        morphs = _morphs_from_ranges(line, ranges)
        if not sents and morphs:
            sents = [(morphs[0].start, morphs[-1].end)]
        fresh[line] = LineAnalysis(tuple(morphs), tuple(sents))
        _cache.put((words, line), fresh[line])
    return [r if r is not None else fresh[line] for r, line in zip(results, lines)]


def analyse_lines(lines: list[str]) -> list[LineAnalysis]:
    """Analyse several lines in one Kiwi call, cached per line."""
    return _analyse_lines(lines)


def prime_cache(line: str, analysis: LineAnalysis) -> None:
    """Store an analysis computed elsewhere (the UI's Kiwi worker process) under this thread's user words."""
    _cache.put((_active_words(), line), analysis)


def is_cached(line: str) -> bool:
    return not line or line.isspace() or _cache.get((_active_words(), line)) is not None


def analyse_line(line: str) -> LineAnalysis:
    """Cached Kiwi analysis of one line (no "\\n" inside)."""
    return _analyse_lines([line])[0]


def _line_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of the lines of text overlapping [start, end]."""
    spans = []
    line_start = text.rfind("\n", 0, start) + 1
    while True:
        line_end = text.find("\n", line_start)
        if line_end < 0:
            line_end = len(text)
        spans.append((line_start, line_end))
        if line_end >= end or line_end >= len(text):
            return spans
        line_start = line_end + 1


def iter_line_morphs(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int, tuple[str, ...]]]:
    """Yield (abs_start, abs_end, tags) of every morph on the lines overlapping text[start:end]."""
    spans = _line_spans(text, start, len(text) if end is None else end)
    analyses = _analyse_lines([text[s:e] for s, e in spans])
    for (line_start, _line_end), analysis in zip(spans, analyses):
        for m in analysis.morphs:
            yield line_start + m.start, line_start + m.end, m.tags


def tokenize(text: str) -> list[Token]:
    """Tokens covering text exactly: "".join(t.text + t.ws for t in tokenize(text)) == text."""
    tokens: list[Token] = []
    pos = 0
    for start, end, _tags in iter_line_morphs(text):
        if start > pos:
            _add_whitespace(text, pos, start, tokens)
        tokens.append(Token(start, end, text[start:end], ""))
        pos = end
    if pos < len(text):
        _add_whitespace(text, pos, len(text), tokens)
    return tokens


def _add_whitespace(text: str, start: int, end: int, tokens: list[Token]) -> None:
    """A single space after a token becomes its ws; any other whitespace becomes a whitespace token."""
    if tokens and not tokens[-1].is_space and text[start] == " ":
        last = tokens[-1]
        tokens[-1] = Token(last.start, last.end, last.text, " ")
        start += 1
    if start < end:
        tokens.append(Token(start, end, text[start:end], ""))


def token_boundaries(text: str) -> set[int]:
    """Start and end offsets of every non-whitespace token."""
    bounds: set[int] = set()
    for start, end, _tags in iter_line_morphs(text):
        bounds.add(start)
        bounds.add(end)
    return bounds


def sentences(text: str) -> list[tuple[int, int]]:
    """Kiwi's sentence split as (start, end) offsets; a sentence never spans a line break."""
    spans = _line_spans(text, 0, len(text))
    analyses = _analyse_lines([text[s:e] for s, e in spans])
    return [(ls + s, ls + e) for (ls, _le), a in zip(spans, analyses) for s, e in a.sentences]


_SNAP_HELPERS = ("snap_to_morphemes", "noun_part_at", "word_at", "morpheme_boundaries", "next_morpheme_boundary")


def __getattr__(name: str):
    """The UI helpers of korean_snap, re-exported here lazily (korean_snap imports this module)."""
    if name in _SNAP_HELPERS:
        from annotator.core import korean_snap

        return getattr(korean_snap, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "Token",
    "Morph",
    "LineAnalysis",
    "add_user_words",
    "clear_user_words",
    "set_user_words",
    "user_word_set",
    "using_user_words",
    "user_words",
    "analyse_line",
    "iter_line_morphs",
    "tokenize",
    "token_boundaries",
    "sentences",
    "snap_to_morphemes",
    "noun_part_at",
    "word_at",
    "morpheme_boundaries",
    "next_morpheme_boundary",
]
