"""A line's analysis by Kiwi (Morphs and sentences, offsets relative to the line) and how it is built from Kiwi's
tokens of the line's chunks: overlapping morphemes merged ("했" = 하 + 었), whitespace split off, what Kiwi left out
filled with UNK morphs. korean.KoreanAnalyser runs Kiwi and caches these; korean_codec keeps them compactly.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

# Tag given to non-whitespace characters Kiwi left out of every morpheme.
UNKNOWN_TAG = "UNK"
_SPACE = re.compile(r"\s")
_OTHER_SPACE = re.compile(r"[^\S ]")  # whitespace other than " "
_NON_SPACE = re.compile(r"\S+")


class Morph(NamedTuple):
    """Surface span of one or more merged Kiwi morphemes; offsets relative to its line."""

    start: int
    end: int
    tags: tuple[str, ...]


class LineAnalysis:
    """Kiwi's analysis of one line: its morphs and sentences, offsets relative to the line. Immutable.

    Made from Morphs, or (from kept tokens) from parallel start/end/tags sequences, whose Morphs are only built
    if someone asks for .morphs: tokenize() reads the offsets alone. A deferred one (kept tokens, decoded()
    only when first read) holds a function that gives those sequences: a batch run reads few lines' tokens."""

    __slots__ = ("_morphs", "_starts", "_ends", "_tags", "_tag_ids", "_combos", "_sentences", "_load", "_at")

    def __init__(self, morphs: Iterable[Morph], sentences: Iterable[tuple[int, int]]) -> None:
        self._morphs: tuple[Morph, ...] | None = tuple(morphs)
        self._starts = self._ends = self._tags = self._tag_ids = self._combos = self._load = None
        self._sentences: tuple[tuple[int, int], ...] = tuple(sentences)

    @classmethod
    def from_arrays(cls, starts, ends, tag_ids, combos, sentences) -> "LineAnalysis":
        """Morph i spans starts[i]:ends[i] with tags combos[tag_ids[i]] (a tuple of tag names); the sequences
        are kept as given and the tags looked up only when asked for."""
        obj = cls.__new__(cls)
        obj._morphs, obj._starts, obj._ends, obj._tags, obj._load = None, starts, ends, None, None
        obj._tag_ids, obj._combos = tag_ids, combos
        obj._sentences = tuple(sentences)
        return obj

    @classmethod
    def from_offsets(cls, starts: list, ends: list, tags: list, sentences) -> "LineAnalysis":
        """Morph i spans starts[i]:ends[i] with tags[i] (a tuple of tag names); the lists are kept as given."""
        obj = cls.__new__(cls)
        obj._morphs = obj._tag_ids = obj._combos = obj._load = None
        obj._starts, obj._ends, obj._tags = starts, ends, tags
        obj._sentences = tuple(sentences)
        return obj

    @classmethod
    def deferred(cls, load, at: int | None = None) -> "LineAnalysis":
        """An analysis whose from_arrays() arguments load() gives (load(at) when at is given: one loader shared
        by the lines of a page), called on first use."""
        obj = cls.__new__(cls)
        obj._morphs = obj._starts = obj._ends = obj._tags = obj._tag_ids = obj._combos = obj._sentences = None
        obj._load, obj._at = load, at
        return obj

    def _loaded(self) -> None:
        load = self._load
        if load is not None:
            starts, ends, tag_ids, combos, sentences = load() if self._at is None else load(self._at)
            self._tag_ids, self._combos, self._sentences = tag_ids, combos, tuple(sentences)
            self._starts, self._ends = starts, ends
            self._load = None

    @property
    def sentences(self) -> tuple[tuple[int, int], ...]:
        if self._load is not None:
            self._loaded()
        return self._sentences

    @property
    def morphs(self) -> tuple[Morph, ...]:
        if self._morphs is None:
            starts, ends = self.offsets()
            self._morphs = tuple(map(Morph, starts, ends, self.tag_tuples()))
        return self._morphs

    def offsets(self) -> tuple:
        """(starts, ends) of the morphs, without building them."""
        if self._load is not None:
            self._loaded()
        if self._starts is None:
            morphs = self._morphs
            self._starts, self._ends = [m[0] for m in morphs], [m[1] for m in morphs]
            self._tags = [m[2] for m in morphs]
        return self._starts, self._ends

    def tag_tuples(self):
        """tags of each morph, in order."""
        if self._load is not None:
            self._loaded()
        if self._tags is None:
            if self._tag_ids is not None:
                self._tags = list(map(self._combos.__getitem__, self._tag_ids))
            else:
                self.offsets()
        return self._tags

    def __eq__(self, other) -> bool:
        if not isinstance(other, LineAnalysis):
            return NotImplemented
        return self.morphs == other.morphs and self.sentences == other.sentences

    def __hash__(self) -> int:
        return hash((self.morphs, self.sentences))

    def __repr__(self) -> str:
        return f"LineAnalysis(morphs={self.morphs!r}, sentences={self.sentences!r})"


def _line_analyses(missing, chunks, analysed) -> dict[str, LineAnalysis]:
    """The analysis of every line of missing from Kiwi's tokens of its chunks (chunks[i] = (line, start, end),
    analysed[i] its tokens): morphs as _morphs_from_ranges builds them, sentences from each sentence's first token
    to its furthest end. _line_fast() does both in one pass for the common line; the rest take the plain path."""
    parts_of: dict[str, list] = {line: [] for line in missing}
    for (line, chunk_start, _chunk_end), kiwi_tokens in zip(chunks, analysed):
        parts_of[line].append((chunk_start, kiwi_tokens))
    fresh: dict[str, LineAnalysis] = {}
    for line, parts in parts_of.items():
        fresh[line] = _line_fast(line, parts) or _line_plain(line, parts)
    return fresh


def _sentence_bounds(chunk_start: int, kiwi_tokens, sents: list) -> None:
    """Append to sents each sentence of one chunk: (start of its first token, furthest end), in sentence order."""
    sent_bounds: dict[int, list[int]] = {}  # sentence number -> [start of its first token, largest end]
    current = bounds = None
    for tok in kiwi_tokens:
        start = chunk_start + tok.start
        end = start + tok.len
        sent = tok.sent_position
        if sent != current:  # tokens come a sentence at a time: the dictionary is asked once per sentence
            current = sent
            bounds = sent_bounds.get(sent)
            if bounds is None:
                bounds = sent_bounds[sent] = [start, end]
                continue
        if end > bounds[1]:
            bounds[1] = end
    sents.extend((s, e) for _, (s, e) in sorted(sent_bounds.items()))


def _line_plain(line: str, parts) -> LineAnalysis:
    ranges: list[tuple[int, int, str]] = []
    sents: list[tuple[int, int]] = []
    for chunk_start, kiwi_tokens in parts:
        ranges.extend((chunk_start + tok.start, chunk_start + tok.start + tok.len, tok.tag) for tok in kiwi_tokens)
        _sentence_bounds(chunk_start, kiwi_tokens, sents)
    morphs = _morphs_from_ranges(line, ranges)
    if not sents and morphs:
        sents = [(morphs[0].start, morphs[-1].end)]
    return LineAnalysis(tuple(morphs), tuple(sents))


_UNK_TAGS = (UNKNOWN_TAG,)


def _line_fast(line: str, parts) -> LineAnalysis | None:
    """_line_plain()'s analysis in one pass over Kiwi's tokens, made as offset lists (what tokenize() and the
    codec read) rather than Morphs; None (take the plain path) when a morpheme spans whitespace or comes before
    the start of the morph being built. A morpheme out of (start, longest first) order inside that morph
    ("된다" = 되 (0, 1) then ᆫ다 (0, 2): ~1% of Kiwi's tokens) is put in its place among the morph's pieces, as
    _morphs_from_ranges' sort does."""
    n = len(line)
    only_spaces = _OTHER_SPACE.search(line) is None
    find = line.find
    search = _SPACE.search
    starts: list[int] = []
    ends: list[int] = []
    tags: list[tuple[str, ...]] = []
    sents: list[tuple[int, int]] = []
    pieces: list[tuple[int, int, str]] = []  # of the morph being built, in (start, longest first) order
    pos = 0  # end of the last morph out
    first = last = -1  # span of the morph being built
    group: tuple[str, ...] = ()  # its tags
    last_start, last_end = -1, n + 1  # the last piece taken in order
    for chunk_start, kiwi_tokens in parts:
        sent_bounds: dict[int, list[int]] = {}
        current = bounds = None
        for tok in kiwi_tokens:
            start = chunk_start + tok.start
            end = start + tok.len
            sent = tok.sent_position
            if sent != current:
                current = sent
                bounds = sent_bounds.get(sent)
                if bounds is None:
                    bounds = sent_bounds[sent] = [start, end]
                elif end > bounds[1]:
                    bounds[1] = end
            elif end > bounds[1]:
                bounds[1] = end
            if start < 0 or end > n:  # clipped to the line
                start, end = max(start, 0), min(end, n)
            if end <= start:
                continue
            if find(" ", start, end) >= 0 if only_spaces else search(line, start, end) is not None:
                return None  # a multi-word user word
            if start > last_start or start == last_start and end <= last_end:
                last_start, last_end = start, end
                if start < last:  # overlaps the morph being built ("했" = 하 + 었): merged into it
                    if end > last:
                        last = end
                    group += (tok.tag,)
                    pieces.append((start, end, tok.tag))
                    continue
                if group:
                    _put_morph(line, pos, first, last, group, starts, ends, tags)
                    pos = last
                first, last, group = start, end, (tok.tag,)
                pieces = [(start, end, tok.tag)]
            elif start >= first:  # before pieces of the morph being built: (start < last_start < last) in it
                _insert(pieces, (start, end, tok.tag))
                group = tuple(p[2] for p in pieces)
                if end > last:
                    last = end
            else:
                return None
        sents.extend((s, e) for _, (s, e) in sorted(sent_bounds.items()))
    if group:
        _put_morph(line, pos, first, last, group, starts, ends, tags)
        pos = last
    if pos < n:
        _gap_offsets(line, pos, n, starts, ends, tags)
    if not sents and starts:
        sents = [(starts[0], ends[-1])]
    return LineAnalysis.from_offsets(starts, ends, tags, sents)


def _put_morph(line: str, pos: int, first: int, last: int, group: tuple, starts: list, ends: list, tags: list) -> None:
    """Append the morph first:last (after UNK morphs for what Kiwi left out since pos, the end of the last)."""
    if first > pos + 1 or (first == pos + 1 and not line[pos].isspace()):
        _gap_offsets(line, pos, first, starts, ends, tags)
    starts.append(first)
    ends.append(last)
    tags.append(group)


def _gap_offsets(line: str, start: int, end: int, starts: list, ends: list, tags: list) -> None:
    """_fill_gap() into offset lists."""
    for m in _NON_SPACE.finditer(line, start, end):
        starts.append(m.start())
        ends.append(m.end())
        tags.append(_UNK_TAGS)


def _morphs_from_ranges(line: str, ranges: list[tuple[int, int, str]]) -> list[Morph]:
    """Clip to the line, split on whitespace, merge overlapping ranges, fill gaps Kiwi skipped.
    (One pass each; exports and `annotator tokenize` run this on every morpheme, so the common cases are cheap:
    whitespace looked for with str.find when " " is the line's only kind, and the pieces kept in order as they
    come, Kiwi's order being nearly (start, longest first) already.)"""
    n = len(line)
    only_spaces = _OTHER_SPACE.search(line) is None
    find = line.find
    pieces: list[tuple[int, int, str]] = []  # kept in (start, longest first) order, equal ones as they came
    append = pieces.append
    last_start, last_end = -1, n + 1
    for start, end, tag in ranges:
        if start < 0:
            start = 0
        if end > n:
            end = n
        if end <= start:
            continue
        if find(" ", start, end) < 0 if only_spaces else _SPACE.search(line, start, end) is None:
            if start > last_start or start == last_start and end <= last_end:
                append((start, end, tag))
                last_start, last_end = start, end
            else:  # "된다" = 되 (0, 1) then ᆫ다 (0, 2): moved before the shorter ones it follows
                _insert(pieces, (start, end, tag))
        else:  # a multi-word user word: keep only its non-whitespace pieces
            for m in _NON_SPACE.finditer(line, start, end):
                _insert(pieces, (m.start(), m.end(), tag))
            if pieces:
                last_start, last_end = pieces[-1][0], pieces[-1][1]
    morphs: list[Morph] = []
    out = morphs.append
    make = tuple.__new__  # Morph(...) without the named tuple's Python-level __new__
    pos = 0
    first = last = -1
    tags: tuple[str, ...] = ()
    for start, end, tag in pieces:
        if start < last:  # overlaps the morph being built ("했" = 하 + 었): merged into it
            if end > last:
                last = end
            tags += (tag,)
            continue
        if tags:
            if first > pos + 1 or (first == pos + 1 and not line[pos].isspace()):
                _fill_gap(line, pos, first, morphs)
            out(make(Morph, (first, last, tags)))
            pos = last
        first, last, tags = start, end, (tag,)
    if tags:
        if first > pos + 1 or (first == pos + 1 and not line[pos].isspace()):
            _fill_gap(line, pos, first, morphs)
        out(make(Morph, (first, last, tags)))
        pos = last
    if pos < n:
        _fill_gap(line, pos, n, morphs)
    return morphs


def _insert(pieces: list[tuple[int, int, str]], piece: tuple[int, int, str]) -> None:
    """Insert piece after the last one that does not sort after it by (start, longest first): a stable sort."""
    start, end = piece[0], piece[1]
    i = len(pieces)
    while i and (pieces[i - 1][0] > start or pieces[i - 1][0] == start and pieces[i - 1][1] < end):
        i -= 1
    pieces.insert(i, piece)


def _fill_gap(line: str, start: int, end: int, out: list[Morph]) -> None:
    """Non-whitespace runs in line[start:end] become UNK morphs (characters Kiwi did not cover)."""
    out.extend(Morph(m.start(), m.end(), (UNKNOWN_TAG,)) for m in _NON_SPACE.finditer(line, start, end))
