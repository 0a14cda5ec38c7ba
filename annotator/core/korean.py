"""Korean tokenisation on Kiwi (kiwipiepy + kiwipiepy-model, bundled weights, nothing downloaded).

Tokens are surface substrings of the text that, with their trailing whitespace, reproduce it exactly:
morphemes that Kiwi reports at overlapping positions ("했" = 하 + 었) are merged, and whitespace that is
not a single space after a token becomes a whitespace token (spaCy's convention). Kiwi is fed one line
at a time (it slows superlinearly on long strings) and every line's analysis is cached, so the UI's
snapping calls on a single line stay fast. UI helpers (snapping, double-click) live in korean_snap.py
and are re-exported here.
"""

from __future__ import annotations

import os
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator
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
    """Thread-safe LRU of line -> LineAnalysis."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._data: OrderedDict[str, LineAnalysis] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, line: str) -> LineAnalysis | None:
        with self._lock:
            found = self._data.get(line)
            if found is not None:
                self._data.move_to_end(line)
            return found

    def put(self, line: str, analysis: LineAnalysis) -> None:
        with self._lock:
            self._data[line] = analysis
            while len(self._data) > self._size:
                self._data.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()


_lock = threading.RLock()  # guards the Kiwi instance (creation, user words, analysis)
_kiwi = None
_user_words: set[str] = set()
_cache = _LineCache(_CACHE_LINES)
_EMPTY = LineAnalysis((), ())


def _get_kiwi():
    """The one Kiwi instance, built on first use (about a second) with the user words added so far."""
    global _kiwi
    kiwi = _kiwi
    if kiwi is not None:
        return kiwi
    with _lock:
        if _kiwi is None:
            from kiwipiepy import Kiwi

            # Worker threads let Kiwi analyse a batch of lines on every core (about 1.8x on 2 cores).
            kiwi = Kiwi(num_workers=min(4, os.cpu_count() or 1))
            for word in sorted(_user_words):
                kiwi.add_user_word(word, "NNP")
            _kiwi = kiwi
        return _kiwi


def add_user_words(words: Iterable[str]) -> int:
    """Add entity strings already labelled in the project as proper nouns (NNP); returns how many are new.

    Words shorter than two characters are skipped: a one-syllable NNP splits unrelated words.
    Cached analyses are dropped when anything was added.
    """
    fresh: dict[str, None] = {}
    for word in words:
        word = " ".join(word.split())
        if len(word) >= 2 and word not in _user_words:
            fresh[word] = None
    if not fresh:
        return 0
    with _lock:
        _user_words.update(fresh)
        if _kiwi is not None:
            for word in fresh:
                _kiwi.add_user_word(word, "NNP")
        _cache.clear()
    return len(fresh)


def clear_user_words() -> None:
    """Forget all user words (e.g. when another project is opened); Kiwi is rebuilt on next use if it had any."""
    global _kiwi
    with _lock:
        if _user_words:
            _user_words.clear()
            _kiwi = None  # Kiwi cannot remove a user word
        _cache.clear()


def user_words() -> frozenset[str]:
    return frozenset(_user_words)


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
    results: list[LineAnalysis | None] = []
    missing: dict[str, list[tuple[int, int]]] = {}
    for line in lines:
        found = _EMPTY if not line or line.isspace() else _cache.get(line)
        if found is None and line not in missing:
            missing[line] = _chunk_bounds(line)
        results.append(found)
    if not missing:
        return results  # type: ignore[return-value]
    chunks = [(line, s, e) for line, bounds in missing.items() for s, e in bounds]
    texts = [line[s:e] for line, s, e in chunks]
    kiwi = _get_kiwi()
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
        _cache.put(line, fresh[line])
    return [r if r is not None else fresh[line] for r, line in zip(results, lines)]


def analyse_lines(lines: list[str]) -> list[LineAnalysis]:
    """Analyse several lines in one Kiwi call, cached per line."""
    return _analyse_lines(lines)


def prime_cache(line: str, analysis: LineAnalysis) -> None:
    """Store an analysis computed elsewhere (the UI's Kiwi worker process)."""
    _cache.put(line, analysis)


def is_cached(line: str) -> bool:
    return not line or line.isspace() or _cache.get(line) is not None


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
