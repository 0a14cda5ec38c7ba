"""Tokenise once: the Kiwi analyses of a document's lines, computed once, kept in the project file and reused.

The project file keeps, per document and tokenizer version (KoreanAnalyser.tokenizer_key: Kiwi and model
versions, this code's analysis version, the user words), the analyses of the lines asked for so far, as one
compact value (annotator.core.korean_codec; table doc_tokens). Why in the project file rather than a side cache:
it travels with the project (a copy made for a colleague or the export machine starts warm), it is written in
the same WAL transactions as everything else, and it goes when its document goes (ON DELETE CASCADE).

TokenCache.prime() loads the kept analyses of some documents into a KoreanAnalyser's line cache, analyses only
the lines still missing and keeps them; everything downstream (tokenize, sentences, snapping, the suggestion
engines' iter_line_morphs, the exporters) then answers from that analyser without Kiwi. For batch work,
TokenCache.pretokenize() sends the documents without kept tokens to a pool of os.cpu_count() worker processes,
each with its own Kiwi (lines in, compact values out), and writes their results in batches; the calling process
then never builds a Kiwi of its own (a worker with its Kiwi peaks at ~290 MB).

Qt-free entry points for any caller: tokens_for(project, doc) and prime_documents(project, docs).
"""

from __future__ import annotations

import itertools
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from annotator.core import korean
from annotator.core.korean_codec import CodecError, decode, encode

# Below this many characters to analyse, the calling process's own Kiwi is quicker than starting workers
# (each builds a Kiwi: ~1 s and ~290 MB).
POOL_MIN_CHARS = 400_000
# Characters per pool task: big enough to be cheap to send, small enough that a worker's Python objects for one
# (~50 bytes a character) stay a few MB beside its Kiwi, and that the workers end together.
_TASK_CHARS = 20_000
_STORE_EVERY = 256  # values written per transaction
_IN_FLIGHT_PER_WORKER = 3  # tasks queued per worker: it always has the next while this process reads and writes


@dataclass(slots=True)
class TokenRun:
    """What a prime() or pretokenize() call did."""

    documents: int = 0  # documents asked about
    kept: int = 0  # of those, answered from kept tokens alone
    computed: int = 0  # documents with lines analysed now
    lines: int = 0  # lines analysed now
    chars: int = 0  # characters of those lines
    kiwi_chars: int = 0  # of those, the characters Kiwi analysed (the spaces after sentences are not given to it)
    repeated_chars: int = 0  # and those it did not: pieces (sentences) analysed already, in this run or this batch
    stored: int = 0  # values written to the project file
    not_stored: int = 0  # values that could not be written (read-only or locked file): analysed, not kept
    not_stored_reason: str = ""  # the file's error for those (a full disk, a lock held by another program)
    workers: int = 0  # worker processes used
    worker_peak_rss_mb: float = 0.0  # the largest peak RSS of a worker (each holds its own Kiwi)
    seconds: float = 0.0
    cancelled: bool = False

    def add(self, other: "TokenRun") -> None:
        for name in ("documents", "kept", "computed", "lines", "chars", "kiwi_chars", "repeated_chars", "stored",
                     "not_stored", "seconds"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.workers = max(self.workers, other.workers)
        self.worker_peak_rss_mb = max(self.worker_peak_rss_mb, other.worker_peak_rss_mb)
        self.cancelled = self.cancelled or other.cancelled
        self.not_stored_reason = self.not_stored_reason or other.not_stored_reason

    def add_pieces(self, piece_chars: tuple[int, int]) -> None:
        """Count (characters given to Kiwi, characters of repeated pieces not given to it)."""
        self.kiwi_chars += piece_chars[0]
        self.repeated_chars += piece_chars[1]

    def as_dict(self) -> dict:
        return {name: (round(getattr(self, name), 3) if isinstance(getattr(self, name), float) else getattr(self, name))
                for name in self.__slots__}


def _wanted_lines(text: str, wanted: Iterable[str] | None) -> list[tuple[int, str]]:
    """(line_no, line) of the page's non-blank lines, only those whose text is in wanted when given."""
    keep = None if wanted is None else set(wanted)
    return [(i, line) for i, line in enumerate(text.split("\n"))
            if line and not line.isspace() and (keep is None or line in keep)]


def _unkept_lines(lines: list[str], kept, wanted: Iterable[str] | None) -> list[tuple[int, str]]:
    """Those of _wanted_lines() of a page split into lines whose line_no is not in kept (the page's kept analyses):
    one pass, the kept ones skipped first (a page that keeps its tokens has few others)."""
    keep = None if wanted is None else set(wanted)
    return [(i, line) for i, line in enumerate(lines)
            if i not in kept and line and not line.isspace() and (keep is None or line in keep)]


class TokenCache:
    """The kept tokens of one project for one analyser. Use as a context manager (it may own worker processes)."""

    def __init__(self, project, analyser: korean.KoreanAnalyser | None = None, *, workers: int | None = None,
                 pool_min_chars: int = POOL_MIN_CHARS, key: str | None = None, origin: str = "batch",
                 isolate: bool = False) -> None:
        self.project = project
        self.analyser = analyser or korean.default_analyser()
        # key: the tokenizer version the analyser's analyses were made with (default: its own; the app's, whose
        # analyses come from its Kiwi worker, passes the worker's)
        self.key = key or self.analyser.tokenizer_key
        self.origin = origin
        self.workers = max(1, workers if workers is not None else (os.cpu_count() or 1))
        self.pool_min_chars = pool_min_chars
        # isolate: this process never builds a Kiwi (~260 MB): work too small for the pool goes to one worker
        # process. An export's process holds its own data (spaCy's vocabulary, the rows it writes) beside Kiwi,
        # which took it past 300 MB; its worker is a Kiwi alone.
        self.isolate = isolate
        self._tokenizer_id: int | None = None
        self._registered = False
        self._pool = None
        self._pool_workers = 0
        # Values that could not be written (a read-only or locked file), kept here for this cache's lifetime so
        # that an export never analyses a document twice; ~3 KB per page.
        self._unkept: dict[int, bytes] = {}

    # lifetime ---------------------------------------------------------------------------------------
    def __enter__(self) -> "TokenCache":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    def _tid(self) -> int | None:
        if not self._registered:
            self._tokenizer_id = self.project.tokenizer_id(self.key, version=korean.tokenizer_version(self.analyser.kiwi_options),
                                                           origin=self.origin)
            self._registered = True
            if self._tokenizer_id is not None:
                self.project.touch_tokenizer(self._tokenizer_id)
        return self._tokenizer_id

    def _ensure_pool(self, size: int | None = None):
        """The worker pool, started with `size` workers (default: self.workers) if there is none yet."""
        if self._pool is None:
            self._pool_workers = size or self.workers
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            # spawn, not fork: the caller may hold threads (the GUI) or a SQLite connection
            self._pool = ProcessPoolExecutor(max_workers=self._pool_workers, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_init_worker, initargs=(sorted(self.analyser.asked_words),
                                                                                    self.analyser.kiwi_options))
        return self._pool

    def _use_pool(self, chars: int) -> bool:
        return self._pool is not None or (self.workers > 1 and chars >= self.pool_min_chars)

    def _pool_size(self, chars: int) -> int:
        """Worker processes to analyse `chars` characters with: 0 for this process's own Kiwi."""
        if self._pool is not None:
            return self._pool_workers
        if self.workers > 1 and chars >= self.pool_min_chars:
            return self.workers
        return 1 if self.isolate else 0

    # priming ----------------------------------------------------------------------------------------
    def prime(self, items: Iterable[tuple[int, str, Iterable[str] | None]]) -> TokenRun:
        """Make the analyser hold the analyses of the wanted lines of each (doc id, page text, wanted line
        texts or None for every line): from kept tokens where there are, else analysed now (and kept)."""
        run = TokenRun()
        started = time.perf_counter()
        items = list(items)
        run.documents = len(items)
        tid = self._tid()
        ids = [doc_id for doc_id, _, _ in items]
        stored = self.project.kept_tokens(tid, ids) if tid is not None else {}
        if self._unkept:
            stored.update((i, self._unkept[i]) for i in ids if i in self._unkept)
        analyser = self.analyser
        entries_of: dict[int, dict[int, korean.LineAnalysis]] = {}
        missing: dict[int, list[tuple[int, str]]] = {}
        changed: set[int] = set()
        for doc_id, text, wanted in items:
            lines = text.split("\n")
            entries = _decoded(stored.get(doc_id), len(lines))
            entries_of[doc_id] = entries
            analyser.prime_cache_many((lines[line_no], analysis) for line_no, analysis in entries.items())
            for line_no, line in _unkept_lines(lines, entries, wanted):
                known = analyser.cached_analysis(line)  # the same line elsewhere (a repeated boilerplate line)
                if known is not None:
                    entries[line_no] = known
                    changed.add(doc_id)
                else:
                    missing.setdefault(doc_id, []).append((line_no, line))
        run.kept = len(items) - len(missing)  # answered without Kiwi
        if missing:
            run.computed = len(missing)
            run.lines = sum(len(v) for v in missing.values())
            run.chars = sum(len(line) for v in missing.values() for _, line in v)
            size = self._pool_size(run.chars)
            if size:
                run.workers = size
                for doc_id, value in self._pool_map(run, list(missing.items()), size):
                    lines = dict(missing[doc_id])
                    for line_no, analysis in decode(value):
                        analyser.prime_cache(lines[line_no], analysis)
                        entries_of[doc_id][line_no] = analysis
            else:
                texts = [line for part in missing.values() for _, line in part]
                before = _piece_chars(analyser)
                analyses = iter(analyser.analyse_lines(texts))
                run.add_pieces(_piece_chars(analyser, before))
                for doc_id, part in missing.items():
                    for line_no, _line in part:
                        entries_of[doc_id][line_no] = next(analyses)
            changed |= set(missing)
        if changed:
            self._keep(run, [(doc_id, encode(entries_of[doc_id].items())) for doc_id in sorted(changed)])
        run.seconds = time.perf_counter() - started
        return run

    def load_kept(self, doc_id: int, text: str) -> int:
        """Prime the analyser with the kept analyses of one document, running no Kiwi; returns how many lines
        it got (the app's article view, before its Kiwi worker answers)."""
        tid = self.project.tokenizer_id(self.key, create=False)
        if tid is None:
            return 0
        lines = text.split("\n")
        entries = _decoded(self.project.kept_tokens(tid, [doc_id]).get(doc_id), len(lines))
        for line_no, analysis in entries.items():
            self.analyser.prime_cache(lines[line_no], analysis)
        return len(entries)

    def keep_cached(self, doc_id: int, text: str) -> bool:
        """Keep the analyses the analyser holds for every non-blank line of a document (analysed elsewhere: the
        app's Kiwi worker); False when it lacks one or the file cannot be written."""
        entries = []
        for line_no, line in _wanted_lines(text, None):
            analysis = self.analyser.cached_analysis(line)
            if analysis is None:
                return False
            entries.append((line_no, analysis))
        tid = self._tid()
        return tid is not None and self.project.keep_tokens(tid, [(doc_id, encode(entries))])

    def _keep(self, run: TokenRun, values: list[tuple[int, bytes]]) -> None:
        tid = self._tid()
        for i in range(0, len(values), _STORE_EVERY):
            part = values[i:i + _STORE_EVERY]
            if self.project.keep_tokens(tid, part):
                run.stored += len(part)
            else:
                run.not_stored += len(part)
                run.not_stored_reason = self.project.tokens_not_kept
                self._unkept.update(part)

    def _pool_map(self, run: TokenRun, docs: list[tuple[int, list[tuple[int, str]]]], size: int):
        """(doc id, value) for every (doc id, [(line_no, line)]) of docs, analysed by the workers."""
        pool = self._ensure_pool(size)
        for values, rss, piece_chars in pool.map(_analyse_docs, _tasks(docs)):
            run.worker_peak_rss_mb = max(run.worker_peak_rss_mb, rss)
            run.add_pieces(piece_chars)
            yield from values

    # batch ------------------------------------------------------------------------------------------
    def pretokenize(self, doc_ids: Sequence[int], *, content_only: bool = True,
                    progress: Callable[[float, str], None] | None = None,
                    cancel: Callable[[], bool] | None = None) -> TokenRun:
        """Analyse and keep the lines of the documents that have no kept tokens yet: their content lines
        (a document without any classified content: every line, as the exports take the whole page), or every
        line with content_only=False. Uses the worker pool when there is enough to do; results are written as
        they come, a batch per transaction, so an interrupted run keeps what it finished."""
        run = TokenRun()
        started = time.perf_counter()
        tid = self._tid()
        ids = list(doc_ids)
        run.documents = len(ids)
        have = self.project.documents_with_tokens(tid, ids) if tid is not None else set()
        have |= self._unkept.keys()
        todo = [i for i in ids if i not in have]
        run.kept = len(ids) - len(todo)
        if not todo:
            run.seconds = time.perf_counter() - started
            return run
        # Documents are read as the workers need them: a job too small for the pool is done here once read; a
        # large one starts the workers as soon as it is known to be large, and the rest is read while they work.
        docs = self._pending_lines(todo, content_only)
        head: list[tuple[int, list[tuple[int, str]]]] = []
        head_chars = 0
        for doc in docs:
            head.append(doc)
            head_chars += sum(len(line) for _, line in doc[1])
            if self._use_pool(head_chars):
                break
        else:
            if not self.isolate:
                pending = self.prime_run_for(head)
                pending.kept = run.kept
                pending.documents = run.documents
                pending.seconds = time.perf_counter() - started
                return pending
        size = self._pool_size(head_chars)
        run.workers = size
        pool = self._ensure_pool(size)
        tasks = _tasks(itertools.chain(head, docs))
        in_flight: deque = deque()
        batch: list[tuple[int, bytes]] = []

        def submit() -> bool:
            task = next(tasks, None)
            if task is not None:
                in_flight.append((task, pool.submit(_analyse_docs, task)))
            return task is not None

        try:
            while len(in_flight) < _IN_FLIGHT_PER_WORKER * size and submit():
                pass
            while in_flight:
                if cancel is not None and cancel():
                    run.cancelled = True
                    break
                task, future = in_flight.popleft()
                values, rss, piece_chars = future.result()
                submit()  # the workers are never left without the next task while this process writes
                batch.extend(values)
                run.worker_peak_rss_mb = max(run.worker_peak_rss_mb, rss)
                run.add_pieces(piece_chars)
                run.computed += len(task)
                run.lines += sum(len(lines) for _, lines in task)
                run.chars += sum(len(line) for _, lines in task for _, line in lines)
                if len(batch) >= _STORE_EVERY:
                    self._keep(run, batch)
                    batch = []
                if progress is not None:
                    progress(run.computed / len(todo), f"tokenising {run.computed}/{len(todo)} documents")
        finally:
            if run.cancelled:
                for _task, future in in_flight:
                    future.cancel()
            self._keep(run, batch)
        run.seconds = time.perf_counter() - started
        return run

    def prime_run_for(self, docs: list[tuple[int, list[tuple[int, str]]]]) -> TokenRun:
        """prime() for documents given as (doc id, [(line_no, line)]) (their page text is not needed)."""
        run = TokenRun(documents=len(docs))
        texts = [line for _, lines in docs for _, line in lines]
        before = _piece_chars(self.analyser)
        analyses = iter(self.analyser.analyse_lines(texts))
        run.add_pieces(_piece_chars(self.analyser, before))
        values = [(doc_id, encode([(no, next(analyses)) for no, _line in lines])) for doc_id, lines in docs]
        run.computed, run.lines, run.chars = len(docs), len(texts), sum(map(len, texts))
        self._keep(run, values)
        return run

    def _pending_lines(self, doc_ids: list[int], content_only: bool) -> Iterator[tuple[int, list[tuple[int, str]]]]:
        """(doc id, [(line_no, line)]) of the lines to analyse, a document at a time as they are read."""
        project = self.project
        with_content = project.documents_with_content(doc_ids) if content_only else set()
        for doc in project.iter_documents(doc_ids):
            wanted = None
            if doc.id in with_content:
                lines = doc.text.split("\n")
                wanted = {lines[seg.line_no - 1] for seg in project.segments(doc.id)
                          if seg.effective_kind == "content" and seg.line_no <= len(lines)}
            yield doc.id, _wanted_lines(doc.text, wanted)


def _decoded(value: bytes | None, line_count: int) -> dict[int, korean.LineAnalysis]:
    if value is None:
        return {}
    try:
        pairs = decode(value)
    except CodecError:
        return {}  # damaged: analysed again and replaced
    if not pairs or pairs[-1][0] < line_count:  # by line_no: every line is the page's
        return dict(pairs)
    return {no: analysis for no, analysis in pairs if no < line_count}


def _tasks(docs: Iterable[tuple[int, list[tuple[int, str]]]]) -> Iterator[list]:
    task, chars = [], 0
    for doc in docs:
        task.append(doc)
        chars += sum(len(line) for _, line in doc[1])
        if chars >= _TASK_CHARS:
            yield task
            task, chars = [], 0
    if task:
        yield task


# worker processes -----------------------------------------------------------------------------------------
_worker_analyser: korean.KoreanAnalyser | None = None


def _init_worker(words: list[str], kiwi_options: dict[str, bool | float] | None = None) -> None:
    global _worker_analyser
    # One Kiwi thread per worker: the pool already has a process per core. A tiny line cache (results are taken
    # from analyse_lines' return value): whole lines rarely repeat across the documents of one worker, and a cached
    # 1,000-character line costs ~70 KB of Python objects; sentences that do repeat are found in the analyser's
    # piece cache (Kiwi's tokens, packed).
    _worker_analyser = korean.KoreanAnalyser(words, num_workers=1, cache_lines=8, kiwi_options=kiwi_options)


def _analyse_docs(task: list[tuple[int, list[tuple[int, str]]]]
                  ) -> tuple[list[tuple[int, bytes]], float, tuple[int, int]]:
    """A worker's job: (doc id, value) per document of the task, the worker's peak RSS in MB so far, and the
    characters of the task Kiwi analysed and did not (_piece_chars)."""
    analyser = _worker_analyser or korean.KoreanAnalyser()
    before = _piece_chars(analyser)
    analyses = iter(analyser.analyse_lines([line for _, lines in task for _, line in lines]))
    values = [(doc_id, encode([(no, next(analyses)) for no, _line in lines])) for doc_id, lines in task]
    return values, _peak_rss_mb(), _piece_chars(analyser, before)


def _piece_chars(analyser: korean.KoreanAnalyser, before: tuple[int, int] = (0, 0)) -> tuple[int, int]:
    """(characters given to Kiwi, characters of pieces found analysed already) by analyser since before."""
    counts = analyser.piece_counts()
    return counts["kiwi_chars"] - before[0], counts["repeated_chars"] - before[1]


def _peak_rss_mb() -> float:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            return next((int(line.split()[1]) / 1024 for line in fh if line.startswith("VmHWM:")), 0.0)
    except OSError:  # not Linux
        return 0.0


# entry points -----------------------------------------------------------------------------------------------
def prime_documents(project, docs: Iterable, *, analyser: korean.KoreanAnalyser | None = None,
                    workers: int | None = None) -> TokenRun:
    """Make analyser (default: the shared one without user words) hold the analyses of every line of docs
    (annotator.core.model.Document), from the project's kept tokens where it has them, analysing and keeping
    the rest. Afterwards korean.tokenize / iter_line_morphs / sentences on those texts do not run Kiwi."""
    with TokenCache(project, analyser, workers=workers) as cache:
        return cache.prime([(doc.id, doc.text, None) for doc in docs])


def tokens_for(project, doc, *, analyser: korean.KoreanAnalyser | None = None) -> list[korean.Token]:
    """The Korean tokens of a document's whole text (korean.tokenize), Kiwi run only for lines not kept."""
    analyser = analyser or korean.default_analyser()
    prime_documents(project, [doc], analyser=analyser, workers=1)
    return analyser.tokenize(doc.text)
