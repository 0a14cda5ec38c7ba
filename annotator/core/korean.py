"""Korean tokenisation on Kiwi (kiwipiepy + kiwipiepy-model, bundled weights, nothing downloaded).

Tokens are surface substrings of the text that, with their trailing whitespace, reproduce it exactly:
morphemes that Kiwi reports at overlapping positions ("했" = 하 + 었) are merged, and whitespace that is
not a single space after a token becomes a whitespace token (spaCy's convention). Kiwi is fed one line
at a time (it slows superlinearly on long strings) and every line's analysis is cached, so the UI's
snapping calls on a single line stay fast.

A KoreanAnalyser owns its Kiwi (built lazily, on first use), its user words and its line cache: nothing of
it is process-wide. A user word is taken only when it is a clean entity string by Kiwi's own analysis (no
particle, ending or verb in it: "충청북도는 20" is refused, "충청북도" taken). The module functions
(tokenize, sentences, ...) use one shared analyser without user words; pass analyser= for another. UI helpers
(snapping, double-click) live in korean_snap.py and are re-exported here.
"""

from __future__ import annotations

import os
import re
import threading
import warnings
from array import array
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from annotator.core.line_analysis import UNKNOWN_TAG, LineAnalysis, Morph, _line_analyses  # noqa: F401 (re-exported)

# A line reaches Kiwi in pieces: its sentences (cut after a Hangul syllable's ".", "?" or "!" (not "..."), closing
# quotes and the spaces after it), a sentence longer than MAX_CHUNK_CHARS cut again (at a sentence end or space when
# possible). Kiwi's tokens never cross a space (but a multi-word user word), so a cut splits no token; the context it
# takes away moved 1 morph boundary in ~137k on peer pages and 1 in ~43k on real pages, no gold entity edge; Kiwi's
# CPU per character is the same on short pieces (scripts/kiwi_piece_cost.py); and a sentence repeated across
# documents (a press release in several outlets, a standard sentence) is the same piece wherever it stands, analysed
# once per analyser (its piece cache).
MAX_CHUNK_CHARS = 1000
_SENTENCE_END = re.compile(r"(?<=[가-힣])(?:\.|[?!]+)['\"”’)\]」』]*( +)")  # not an ellipsis ("하.. 멘마")
# The piece cache holds at most this many characters of pieces (the text and Kiwi's tokens packed: ~9 bytes a
# character measured on peer pages, so ~9 MB): a repeated sentence comes back well within that in a batch, and a
# worker stays under 300 MB.
# ANNOTATOR_PIECE_CACHE=0 turns it off (what the same run costs when no sentence repeats).
_PIECE_CHARS = 1_000_000
_CACHE_LINES = 65536
# The line cache also holds at most this many characters of lines: an analysis costs ~50 bytes of Python objects
# per character, so a long export never keeps more than ~150 MB of them (the project keeps them all, compactly).
_CACHE_CHARS = 3_000_000
# Bump whenever the analysis of a line changes (chunking, merging, gap filling): kept tokens (the project's
# token cache, annotator.io.token_cache) made by another version are then recomputed, never reused.
# 2: Kiwi without its word lists and with a narrower beam (KIWI_OPTIONS). 3: lines cut into sentence pieces.
ANALYSIS_VERSION = 3
# Kiwi's options besides num_workers (which changes no analysis): they decide the analyses, so they are part of
# tokenizer_version; an analyser may be given others (scripts comparing configurations). Kiwi's multi-word list
# (~252k WikiData names) and default dictionary cost ~250 MB a process and its default beam (cutoff 8) ~20% more
# CPU; without them as many gold entity starts and ends fall on token boundaries and the suggestion figures hold
# (measured with scripts/kiwi_entity_boundaries.py and `annotator bench --only suggest`).
KIWI_OPTIONS: dict[str, bool | float] = {"load_multi_dict": False, "load_default_dict": False,
                                         "cutoff_threshold": 5.0}
# Those of them that are settings of Kiwi's global_config rather than constructor arguments.
_KIWI_CONFIG_OPTIONS = frozenset({"cutoff_threshold", "space_penalty", "max_unk_form_size", "space_tolerance"})
# And those that are arguments of Kiwi.tokenize.
_KIWI_TOKENIZE_OPTIONS = frozenset({"oov_handling", "match_options", "normalize_coda", "z_coda", "split_complex",
                                    "saisiot"})


class Token(NamedTuple):
    """A token of the text: text == source[start:end]; ws is "" or the single space that follows it.
    (A named tuple: exports build millions of them, and a tuple is made several times faster than a dataclass.)"""

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


class _LineCache:
    """Thread-safe LRU of line -> LineAnalysis (one per analyser: its user words shaped them)."""

    def __init__(self, size: int, max_chars: int = _CACHE_CHARS) -> None:
        self._size = size
        self._max_chars = max_chars
        self._chars = 0
        self._data: OrderedDict[str, LineAnalysis] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> LineAnalysis | None:
        with self._lock:
            found = self._data.get(key)
            if found is not None:
                self._data.move_to_end(key)
            return found

    def put(self, key: str, analysis: LineAnalysis) -> None:
        with self._lock:
            if key not in self._data:
                self._chars += len(key)
            self._data[key] = analysis
            while len(self._data) > 1 and (len(self._data) > self._size or self._chars > self._max_chars):
                self._chars -= len(self._data.popitem(last=False)[0])

    def put_many(self, items: Iterable[tuple[str, LineAnalysis]]) -> None:
        """put() of each (key, analysis) in turn, under one lock (a page's kept tokens are ~100 lines)."""
        with self._lock:
            data, size, max_chars = self._data, self._size, self._max_chars
            for key, analysis in items:
                if key not in data:
                    self._chars += len(key)
                data[key] = analysis
                while len(data) > 1 and (len(data) > size or self._chars > max_chars):
                    self._chars -= len(data.popitem(last=False)[0])

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
            self._chars = 0


class KiwiToken(NamedTuple):
    """What the morph building reads of one of Kiwi's tokens (kiwipiepy.Token's fields of the same names)."""

    start: int
    len: int
    tag: str
    sent_position: int


class PieceCache:
    """LRU of piece text -> Kiwi's tokens of it, packed as 16-bit (start, len, tag number, sentence) rows, bounded
    by the characters of its pieces; counts what was asked and found. Not locked: its analyser uses it under its
    own lock."""

    def __init__(self, max_chars: int = _PIECE_CHARS) -> None:
        self._max_chars = max_chars
        self._chars = 0
        self._data: OrderedDict[str, array] = OrderedDict()
        self._tag_ids: dict[str, int] = {}
        self._tags: list[str] = []
        self.asked_chars = self.found_chars = self.asked = self.found = 0
        self.kiwi_chars = 0  # characters of the pieces given to Kiwi (a piece twice in one batch: once)
        self.repeated_chars = 0  # characters of the pieces not given to Kiwi: found here, or twice in one batch

    def get(self, piece: str) -> list[KiwiToken] | None:
        packed = self._data.get(piece)
        self.asked += 1
        self.asked_chars += len(piece)
        if packed is None:
            return None
        self._data.move_to_end(piece)
        self.found += 1
        self.found_chars += len(piece)
        tags, make = self._tags, tuple.__new__
        rows = iter(packed)
        return [make(KiwiToken, (start, length, tags[tag], sent))
                for start, length, tag, sent in zip(rows, rows, rows, rows)]

    def put(self, piece: str, tokens) -> None:
        if len(piece) > self._max_chars or piece in self._data:
            return
        tag_ids, tags = self._tag_ids, self._tags
        rows = []
        for tok in tokens:
            tag = tok.tag
            number = tag_ids.get(tag)
            if number is None:
                number = tag_ids[tag] = len(tags)
                tags.append(tag)
            rows += (tok.start, tok.len, number, tok.sent_position)
        try:
            packed = array("H", rows)
        except OverflowError:  # outside 0..65535 (a negative offset, a huge sentence number): not kept
            return
        self._data[piece] = packed
        self._chars += len(piece)
        while self._chars > self._max_chars:
            self._chars -= len(self._data.popitem(last=False)[0])

    def clear(self) -> None:
        self._data.clear()
        self._chars = 0

    def counts(self) -> dict[str, int]:
        """What was asked and found so far: pieces and their characters."""
        return {"pieces": self.asked, "pieces_found": self.found, "chars": self.asked_chars,
                "chars_found": self.found_chars, "kiwi_chars": self.kiwi_chars, "repeated_chars": self.repeated_chars}


_EMPTY = LineAnalysis((), ())
# Morpheme tags that make a string a phrase rather than an entity name: particles, endings, verbs and
# adjectives, copulas, verb/adjective-forming suffixes.
_NOT_IN_ENTITIES = ("J", "E", "VV", "VA", "VX", "VCP", "VCN", "XSV", "XSA")


def user_word_set(words: Iterable[str]) -> frozenset[str]:
    """Words as Kiwi gets them: whitespace collapsed; words shorter than two characters dropped
    (a one-syllable NNP splits unrelated words)."""
    normalised = (" ".join(str(word).split()) for word in words)
    return frozenset(word for word in normalised if len(word) >= 2)

_FORKED_AWAY: list = []  # a forked child's copies of its parent's Kiwi (KoreanAnalyser.after_fork): never freed


class KoreanAnalyser:
    """Kiwi with its own user words and line cache. Thread-safe; Kiwi is built on the first analysis (about a
    second and a few hundred MB), so an analyser that only holds analyses made elsewhere (the UI, fed by its
    Kiwi worker process) never builds one."""

    def __init__(self, user_words: Iterable[str] = (), *, cache_lines: int = _CACHE_LINES,
                 num_workers: int | None = None, kiwi_options: dict[str, bool | float] | None = None,
                 piece_chars: int | None = None) -> None:
        self._lock = threading.RLock()
        self._kiwi_options = dict(KIWI_OPTIONS if kiwi_options is None else kiwi_options)
        self._tokenize_args = {k: v for k, v in self._kiwi_options.items() if k in _KIWI_TOKENIZE_OPTIONS}
        # Kiwi's own threads (None: one per core up to 4); a process pool's workers ask for one each.
        self._num_workers = min(4, os.cpu_count() or 1) if num_workers is None else num_workers
        self._kiwi = None
        self._asked: frozenset[str] = user_word_set(user_words)  # every word given, clean or not
        self._words: frozenset[str] = frozenset()  # the clean ones Kiwi has
        self._pending: frozenset[str] = self._asked  # given before Kiwi was built: judged when it is
        self._cache = _LineCache(cache_lines)
        if piece_chars is None:
            piece_chars = 0 if os.environ.get("ANNOTATOR_PIECE_CACHE", "1") == "0" else _PIECE_CHARS
        self._pieces = PieceCache(piece_chars)

    # user words -------------------------------------------------------------------------------------
    @property
    def user_words(self) -> frozenset[str]:
        """The user words in effect (the clean ones of those given; builds Kiwi to tell, if words are pending)."""
        with self._lock:
            if self._pending:
                self._ensure_kiwi()
            return self._words

    def add_user_words(self, words: Iterable[str]) -> int:
        """Add the clean entity strings among words as proper nouns (NNP); returns how many were added.
        Kiwi rebuilds its model on the next analysis (about a second); cached analyses are dropped."""
        with self._lock:
            candidates = user_word_set(words) - self._asked
            if not candidates:
                return 0
            self._asked |= candidates
            kiwi = self._ensure_kiwi()
            fresh = self._clean(kiwi, candidates)
            for word in sorted(fresh):
                kiwi.add_user_word(word, "NNP")
            if fresh:
                self._words |= fresh
                self._forget_analyses()
            return len(fresh)

    def remove_user_words(self, words: Iterable[str]) -> int:
        """Forget user words (their last entity was deleted); returns how many Kiwi had. Kiwi cannot remove
        a word, so it is rebuilt without them on the next analysis."""
        with self._lock:
            gone = user_word_set(words) & self._asked
            self._asked -= gone
            if self._kiwi is None:
                self._pending -= gone
                return len(gone)
            had = gone & self._words
            if had:
                self._pending, self._words, self._kiwi = self._words - had, frozenset(), None
                self._forget_analyses()
            return len(had)

    def set_user_words(self, words: Iterable[str]) -> bool:
        """Make the user words exactly the clean ones of words; False when they already were."""
        wanted = user_word_set(words)
        with self._lock:
            if wanted == self._asked:
                return False
            if wanted >= self._asked:
                self.add_user_words(wanted - self._asked)
            else:
                self._asked = self._pending = wanted
                self._words, self._kiwi = frozenset(), None
                self._forget_analyses()
            return True

    def is_clean_entity(self, text: str) -> bool:
        """Whether text reads as an entity name to Kiwi: no particle, ending or verb anywhere in it."""
        with self._lock:
            return bool(self._clean(self._ensure_kiwi(), {" ".join(text.split())}))

    def _clean(self, kiwi, words) -> frozenset[str]:
        words = sorted(words)
        if not words:
            return frozenset()
        analyses = self._kiwi_tokens(kiwi, words)
        return frozenset(w for w, tokens in zip(words, analyses)
                         if tokens and not any(t.tag.startswith(_NOT_IN_ENTITIES) for t in tokens))

    def _ensure_kiwi(self):
        if self._kiwi is None:
            from kiwipiepy import Kiwi

            # Worker threads let Kiwi analyse a batch of lines on every core (about 1.8x on 2 cores). With one,
            # Kiwi's single-thread mode (its num_workers=0): the calling thread analyses, no hand-off to a thread
            # of its pool (~4 % less CPU, one malloc arena less), the same analyses.
            options = self._kiwi_options
            with warnings.catch_warnings():  # Kiwi warns that num_workers=0 meant "every core" before 0.21
                warnings.simplefilter("ignore", DeprecationWarning)
                kiwi = Kiwi(num_workers=self._kiwi_threads, **{
                    k: v for k, v in options.items() if k not in _KIWI_CONFIG_OPTIONS | _KIWI_TOKENIZE_OPTIONS})
            for name in _KIWI_CONFIG_OPTIONS.intersection(options):  # the analysis settings of kiwi.global_config
                setattr(kiwi.global_config, name, options[name])
            pending, self._pending = self._pending, frozenset()
            clean = self._clean(kiwi, pending)  # judged by Kiwi before it knows any of them
            for word in sorted(clean):
                kiwi.add_user_word(word, "NNP")
            self._kiwi, self._words = kiwi, clean
        return self._kiwi

    @property
    def _kiwi_threads(self) -> int:
        """Kiwi's num_workers: 0 (its single-thread mode) for one thread, else the threads asked for."""
        return 0 if self._num_workers <= 1 else self._num_workers

    def _kiwi_tokens(self, kiwi, texts: list[str]) -> list:
        """Kiwi's tokens of each text. A batch goes to Kiwi's threads in one call and every answer is taken at
        once (consuming its iterator a text at a time costs ~6 % more CPU); in single-thread mode, which has no
        batch call, a call a text."""
        args = self._tokenize_args
        if len(texts) == 1 or self._kiwi_threads == 0:
            return [kiwi.tokenize(text, **args) for text in texts]
        return list(kiwi.tokenize(texts, **args))

    @property
    def asked_words(self) -> frozenset[str]:
        """Every user word given (normalised), clean or not: with the Kiwi version it decides the analyses."""
        with self._lock:
            return self._asked

    @property
    def tokenizer_key(self) -> str:
        """What decides this analyser's analyses, as a string: Kiwi's and its model's versions, the analysis
        version of this module, the chunk size and (a digest of) the user words. Tokens kept under one key are
        valid exactly for analysers with the same key; known without building Kiwi."""
        return tokenizer_key(self.asked_words, self._kiwi_options)

    @property
    def kiwi_options(self) -> dict[str, bool | float]:
        """Kiwi's constructor options this analyser uses (besides num_workers)."""
        return dict(self._kiwi_options)

    # analyses ---------------------------------------------------------------------------------------
    def cached_analysis(self, line: str) -> LineAnalysis | None:
        """The analysis of line if this analyser holds it (blank lines always), else None; never runs Kiwi."""
        if not line or line.isspace():
            return _EMPTY
        return self._cache.get(line)

    def prime_cache(self, line: str, analysis: LineAnalysis) -> None:
        """Store an analysis computed elsewhere (the UI's Kiwi worker process, with these words)."""
        self._cache.put(line, analysis)

    def prime_cache_many(self, pairs: Iterable[tuple[str, LineAnalysis]]) -> None:
        """prime_cache() of each (line, analysis), in order (a document's kept tokens at once)."""
        self._cache.put_many(pairs)

    def is_cached(self, line: str) -> bool:
        return not line or line.isspace() or self._cache.get(line) is not None

    def clear_cache(self) -> None:
        with self._lock:
            self._forget_analyses()

    def _forget_analyses(self) -> None:
        self._cache.clear()
        self._pieces.clear()

    def piece_counts(self) -> dict[str, int]:
        """How many pieces (and characters) the analyses so far asked the piece cache for, and found there: what
        was found was not given to Kiwi (text repeated across lines), so it is no measure of Kiwi's speed."""
        with self._lock:
            return self._pieces.counts()

    def after_fork(self) -> None:
        """In a forked child: forget the parent's Kiwi (its worker threads did not come along, so using it, or
        even freeing it, hangs: it is kept, unused, until the child exits); the next analysis builds one with the
        same user words. The line cache stays."""
        self._lock = threading.RLock()
        if self._kiwi is not None:
            _FORKED_AWAY.append(self._kiwi)
            self._pending, self._words, self._kiwi = self._words | self._pending, frozenset(), None

    def analyse_line(self, line: str) -> LineAnalysis:
        """Cached Kiwi analysis of one line (no "\\n" inside)."""
        return self.analyse_lines([line])[0]

    def analyse_lines(self, lines: list[str]) -> list[LineAnalysis]:
        """Analyses of several lines; lines not cached go to Kiwi in one batch (Kiwi spreads it over cores)."""
        cache = self._cache
        results: list[LineAnalysis | None] = []
        missing: dict[str, list[tuple[int, int]]] = {}
        for line in lines:
            found = _EMPTY if not line or line.isspace() else cache.get(line)
            if found is None and line not in missing:
                missing[line] = _piece_bounds(line)
            results.append(found)
        if not missing:
            return results  # type: ignore[return-value]
        chunks = [(line, s, e) for line, bounds in missing.items() for s, e in bounds]
        texts = [line[s:e] for line, s, e in chunks]
        with self._lock:
            pieces = self._pieces
            analysed = [pieces.get(text) for text in texts]
            todo: dict[str, None] = dict.fromkeys(text for text, got in zip(texts, analysed) if got is None)
            pieces.repeated_chars += sum(map(len, texts))
            if todo:
                kiwi = self._ensure_kiwi()
                asked = list(todo)
                given = sum(map(len, asked))
                pieces.kiwi_chars += given
                pieces.repeated_chars -= given
                answers = self._kiwi_tokens(kiwi, asked)
                got = dict(zip(asked, answers))
                for text, tokens in got.items():
                    pieces.put(text, tokens)
                analysed = [found if found is not None else got[text] for text, found in zip(texts, analysed)]
        fresh = _line_analyses(missing, chunks, analysed)
        for line, analysis in fresh.items():
            cache.put(line, analysis)
        return [r if r is not None else fresh[line] for r, line in zip(results, lines)]

    def iter_line_morphs(self, text: str, start: int = 0, end: int | None = None
                         ) -> Iterator[tuple[int, int, tuple[str, ...]]]:
        """Yield (abs_start, abs_end, tags) of every morph on the lines overlapping text[start:end]."""
        spans = _line_spans(text, start, len(text) if end is None else end)
        analyses = self.analyse_lines([text[s:e] for s, e in spans])
        for (line_start, _line_end), analysis in zip(spans, analyses):
            for m in analysis.morphs:
                yield line_start + m.start, line_start + m.end, m.tags

    def tokenize(self, text: str) -> list[Token]:
        """Tokens covering text exactly: "".join(t.text + t.ws for t in tokenize(text)) == text."""
        spans = _line_spans(text, 0, len(text))
        analyses = self.analyse_lines([text[s:e] for s, e in spans])
        tokens: list[Token] = []
        append = tokens.append
        make = tuple.__new__  # Token(...) without the named tuple's Python-level __new__: exports make millions
        pos = 0
        for (line_start, _line_end), analysis in zip(spans, analyses):
            starts, ends = analysis.offsets()
            for start, end in zip(starts, ends):
                start += line_start
                end += line_start
                if start > pos:  # whitespace not taken as a token's single trailing space
                    append(make(Token, (pos, start, text[pos:start], "")))
                if text[end:end + 1] == " ":
                    append(make(Token, (start, end, text[start:end], " ")))
                    pos = end + 1
                else:
                    append(make(Token, (start, end, text[start:end], "")))
                    pos = end
        if pos < len(text):
            append(make(Token, (pos, len(text), text[pos:], "")))
        return tokens

    def token_boundaries(self, text: str) -> set[int]:
        """Start and end offsets of every non-whitespace token."""
        bounds: set[int] = set()
        for start, end, _tags in self.iter_line_morphs(text):
            bounds.add(start)
            bounds.add(end)
        return bounds

    def sentences(self, text: str) -> list[tuple[int, int]]:
        """Kiwi's sentence split as (start, end) offsets; a sentence never spans a line break."""
        spans = _line_spans(text, 0, len(text))
        analyses = self.analyse_lines([text[s:e] for s, e in spans])
        return [(ls + s, ls + e) for (ls, _le), a in zip(spans, analyses) for s, e in a.sentences]


def kiwi_versions() -> str:
    """"kiwipiepy X model Y" of the installed packages (read from their metadata: Kiwi is not loaded)."""
    from importlib.metadata import PackageNotFoundError, version

    found = []
    for name in ("kiwipiepy", "kiwipiepy-model"):
        try:
            found.append(f"{name}={version(name)}")
        except PackageNotFoundError:
            found.append(f"{name}=?")
    return " ".join(found)


def tokenizer_version(kiwi_options: dict[str, bool | float] | None = None) -> str:
    """What decides an analysis besides the user words: Kiwi's and its model's versions, this module's analysis
    version and chunk size, Kiwi's options when any (the start of every tokenizer_key)."""
    options = KIWI_OPTIONS if kiwi_options is None else kiwi_options
    named = "".join(f" {name}={value}" for name, value in sorted(options.items()))
    return f"{kiwi_versions()} analysis={ANALYSIS_VERSION} chunk={MAX_CHUNK_CHARS}{named}"


def tokenizer_key(user_words: Iterable[str] = (), kiwi_options: dict[str, bool | float] | None = None) -> str:
    """The tokenizer version of an analyser given these user words and Kiwi options (KoreanAnalyser.tokenizer_key)."""
    import hashlib

    words = sorted(user_word_set(user_words))
    digest = hashlib.sha256("\n".join(words).encode("utf-8")).hexdigest()[:20] if words else "none"
    return f"{tokenizer_version(kiwi_options)} words={len(words)}:{digest}"


_default: KoreanAnalyser | None = None
_default_lock = threading.Lock()


def default_analyser() -> KoreanAnalyser:
    """The shared analyser without user words (exports, reports, the worker's start): its Kiwi is built once."""
    global _default
    with _default_lock:
        if _default is None:
            _default = KoreanAnalyser()
        return _default


def _piece_bounds(line: str, limit: int = MAX_CHUNK_CHARS) -> list[tuple[int, int]]:
    """(start, end) of the pieces of a line Kiwi is given: its sentences (the spaces after a sentence end in none),
    each cut by _chunk_bounds where longer than limit. A piece is never empty."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(line):
        bounds.extend(_chunk_bounds(line, limit, start, m.start(1)))
        start = m.end()
    if start < len(line):
        bounds.extend(_chunk_bounds(line, limit, start, len(line)))
    return bounds


def _chunk_bounds(line: str, limit: int = MAX_CHUNK_CHARS, start: int = 0, n: int | None = None
                  ) -> list[tuple[int, int]]:
    """Cut line[start:n] (default: all of it) into pieces of at most `limit` chars, preferring a cut after '. '
    then any space."""
    bounds = []
    n = len(line) if n is None else n
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


def analyse_lines(lines: list[str], *, analyser: KoreanAnalyser | None = None) -> list[LineAnalysis]:
    """Analyse several lines in one Kiwi call, cached per line."""
    return (analyser or default_analyser()).analyse_lines(lines)


def analyse_line(line: str, *, analyser: KoreanAnalyser | None = None) -> LineAnalysis:
    return (analyser or default_analyser()).analyse_line(line)


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


def iter_line_morphs(text: str, start: int = 0, end: int | None = None, *,
                     analyser: KoreanAnalyser | None = None) -> Iterator[tuple[int, int, tuple[str, ...]]]:
    return (analyser or default_analyser()).iter_line_morphs(text, start, end)


def tokenize(text: str, *, analyser: KoreanAnalyser | None = None) -> list[Token]:
    return (analyser or default_analyser()).tokenize(text)


def split_tokens(tokens: list[Token], cuts, *, split_spaces: bool = True) -> list[Token]:
    """tokens cut at every offset of cuts strictly inside one (entity boundaries the tokenizer did not make);
    a token's trailing ws stays with its last piece. split_spaces=False leaves whitespace tokens whole.
    Costs a bisection per cut; only the tokens cut are rebuilt."""
    from bisect import bisect_right

    if not cuts or not tokens:
        return list(tokens)
    starts = [t[0] for t in tokens]
    inside: dict[int, list[int]] = {}
    for cut in sorted(set(cuts)):
        i = bisect_right(starts, cut) - 1
        if i >= 0 and cut < tokens[i][1] and cut > tokens[i][0] and (split_spaces or not tokens[i][2].isspace()):
            inside.setdefault(i, []).append(cut)
    if not inside:
        return list(tokens)
    out: list[Token] = []
    done = 0
    for i in sorted(inside):
        out.extend(tokens[done:i])
        start, end, text, ws = tokens[i]
        pos = start
        for cut in inside[i]:
            out.append(Token(pos, cut, text[pos - start:cut - start], ""))
            pos = cut
        out.append(Token(pos, end, text[pos - start:], ws))
        done = i + 1
    out.extend(tokens[done:])
    return out


def token_boundaries(text: str, *, analyser: KoreanAnalyser | None = None) -> set[int]:
    return (analyser or default_analyser()).token_boundaries(text)


def sentences(text: str, *, analyser: KoreanAnalyser | None = None) -> list[tuple[int, int]]:
    return (analyser or default_analyser()).sentences(text)


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
    "KoreanAnalyser",
    "default_analyser",
    "user_word_set",
    "tokenizer_key",
    "tokenizer_version",
    "ANALYSIS_VERSION",
    "analyse_line",
    "analyse_lines",
    "iter_line_morphs",
    "tokenize",
    "split_tokens",
    "token_boundaries",
    "sentences",
    "snap_to_morphemes",
    "noun_part_at",
    "word_at",
    "morpheme_boundaries",
    "next_morpheme_boundary",
]
