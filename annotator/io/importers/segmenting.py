"""The boilerplate segmenter in child processes, so that a large import uses every core.

Segmenting a page and reading its date and outlet are pure Python and per document; parsing and SQLite stay in
the importing process. By default there is one child per core but one (segmenter_processes()): the importing
process is the critical path (it parses, hashes and stores every document) and a third process on two cores took
its core a third of the time. A chunk of documents goes to the child with the least work waiting, up to
CHILD_CHARS each; the rest waits in the importing process, which segments pending chunks itself, with the children's
own code (SegmenterState), when more than PENDING_CHARS pile up (pages that segment slowly), and at the end of the
input while more than WAITING_LOCAL_CHARS are pending (less goes to the children: they finish it sooner than this
process, which has their results to store meanwhile, and whose first chunk costs it the segmenter's imports).
Chunks are taken in input order and their results received in that order, so documents are stored in input order.

Every segmenter sees exactly the corpus statistics a sequential import would: the project's counts for a source
(sent with the first chunk that needs them) plus every earlier document of this run. A segmenter counts the
documents it segments itself and sends their line keys back with its results (the parent stores them as the
statistics of those documents); the line keys of the chunks the others took are sent along with its next chunk,
before its own documents. A chunk's keys are needed before its results come back only when another segmenter takes
a later chunk meanwhile (this process, when the child is behind, or a second child): the parent works them out
then from the documents it holds (a key is a function of a line's text), so no segmenter ever waits for another.

Only texts go over the pipes (as the UTF-8 bytes the parent hashed, when it has them: pickling a str would
encode it again), written by a thread per child so that the importing process never waits on a full pipe, and
only packed segments, titles and metadata come back. A child is a fresh interpreter
(`python -m annotator.io.importers.segmenter_child`) talking pickled frames over its stdin/stdout: forking a
process that may run Qt threads is unsafe, and multiprocessing's spawn would re-run the parent's main script.
"""

from __future__ import annotations

import os
import pickle
import queue
import subprocess
import sys
import threading
from collections import deque
from pathlib import Path
from typing import Sequence

from annotator.core.line_stats import distinct_lines, line_key
from annotator.core.model import NewDocument
# The child's side (framing, SegmenterState, serve) lives in the child's entry module, which imports little.
from annotator.io.importers.segmenter_child import _HEADER, SegmenterState, _read, _write, serve  # noqa: F401

# One document's result: (segments in their stored form (core.line_kinds), segmenter version, title, article
# metadata as a tuple or None), or an error message.
Segmented = tuple[tuple[str, str, str], str, str, tuple | None] | str
LineKeys = list[tuple[str, list[int]]]  # (source, distinct line keys) per document, in input order
# A chunk's answer: one result per document and the keys of each document's distinct lines (line_keys()).
Answer = tuple[list[Segmented], list[list[int]]]


def line_keys(doc: NewDocument) -> list[int]:
    """The keys of the distinct lines of a document that the corpus statistics count."""
    return [line_key(line) for line in distinct_lines(doc.text)]


CLOSE_TIMEOUT_S = 10.0  # how long a child told to end may take before it is killed
# Text a child is given to work on at most (~4 chunks of peer pages, ~35 ms of its work: it stays busy while the
# importing process commits a group); more stays pending in the importing process, which segments pending chunks
# itself when more than PENDING_CHARS are pending (the children are slower than it) or it would wait.
CHILD_CHARS = 600_000
PENDING_CHARS = 4_000_000
# At the end of the input (this process would wait for a result) it segments pending chunks itself only while more
# than this is pending (~4 chunks of peer pages, ~30 ms of a child's work); the rest goes to the children. Taking
# every pending chunk itself made the end this process's alone: 10k peer pages, near-idle, 0.95 s; every chunk to
# the child 0.91 s (pcpu3.py, load 8).
WAITING_LOCAL_CHARS = 1_500_000
LOCAL_KEYS_MAX = 200_000  # line keys of other chunks the importing process holds for its own segmenter at most


class _Child:
    """One segmenter process. A thread writes the chunks to it and another reads its results as soon as they
    come, so the importing process never waits on a pipe: a chunk (~400 KB for 128 pages) is far more than a
    pipe holds, and writing it directly blocked the importing process until the child had read it all (~0.1 s
    while the children boot at the start of a run)."""

    in_process = False

    def __init__(self, env: dict[str, str]):
        self.sources: set[str] = set()  # whose project statistics this child has
        self.counted_elsewhere: LineKeys = []  # line keys of chunks the other segmenters took, not yet sent
        self.sizes: deque[int] = deque()  # characters of each chunk sent whose result has not come yet
        self.sent_chars = self.done_chars = 0  # written by this thread / by the reader thread only
        self.process = subprocess.Popen(
            # -S: no site, whose .pth hooks (an editable install's finder) load pathlib and more in every child;
            # the package is found through PYTHONPATH (ProcessSegmenter sets it) and the child needs nothing from site-packages.
            [sys.executable, "-S", "-m", "annotator.io.importers.segmenter_child"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env,
        )
        self.results: queue.Queue = queue.Queue()
        self.outbox: queue.SimpleQueue = queue.SimpleQueue()
        self.reader = threading.Thread(target=self._read_results, name="annotator-segmenter-reader", daemon=True)
        self.writer = threading.Thread(target=self._write_frames, name="annotator-segmenter-writer", daemon=True)
        self.reader.start()
        self.writer.start()

    def _read_results(self) -> None:
        try:
            while True:
                result = _read(self.process.stdout)
                self.done_chars += self.sizes.popleft() if self.sizes else 0
                self.results.put(result)
        except (EOFError, OSError, ValueError, pickle.UnpicklingError) as exc:
            self.results.put(EOFError(str(exc)))

    def _write_frames(self) -> None:
        stream = self.process.stdin
        try:
            while (frame := self.outbox.get()) is not None:
                stream.write(frame[0])
                stream.write(frame[1])
                stream.flush()
        except (OSError, ValueError):
            pass  # the child is gone; receive() says so and the parent segments by itself
        finally:
            try:
                stream.close()
            except (OSError, ValueError):
                pass

    def send(self, message, chars: int = 0) -> None:
        data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        self.sizes.append(chars)
        self.sent_chars += chars
        self.outbox.put((_HEADER.pack(len(data)), data))

    @property
    def backlog(self) -> int:
        """Characters sent to this child whose results have not come back: the work it has waiting."""
        return self.sent_chars - self.done_chars

    def ready(self) -> bool:
        return not self.results.empty()

    def receive(self) -> Answer:
        result = self.results.get()
        if isinstance(result, EOFError):
            self.results.put(result)  # every later receive() fails the same way
            raise result
        return result

    def stop(self) -> None:
        """Tell the child to end (it exits once it has sent what it was given)."""
        self.send(None)
        self.outbox.put(None)  # the writer closes the child's input after the last frame

    def finish(self) -> None:
        """Wait for a stopped child to end; kill it if it does not within CLOSE_TIMEOUT_S.

        The reader thread ends when the child's output closes, which is when it exits, and joining a thread
        wakes at once; Popen.wait(timeout) polls with sleeps of up to 50 ms, which cost every import ~0.1 s."""
        timeout = CLOSE_TIMEOUT_S
        self.reader.join(timeout)
        try:
            self.process.wait(timeout=0 if self.reader.is_alive() else timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.reader.join(timeout)
        self.writer.join(timeout)  # a write to the killed child fails at once
        self.process.stdout.close()

    def close(self) -> None:
        self.stop()
        self.finish()


class _InProcess:
    """The importing process as one more segmenter (ProcessSegmenter._target says when). It runs the children's
    own code on the same message, so a chunk is segmented as a child would have segmented it."""

    in_process = True
    backlog = 0

    def __init__(self):
        self.sources: set[str] = set()
        self.counted_elsewhere: LineKeys = []
        self.state: SegmenterState | None = None  # made at its first chunk (the segmenter's imports)
        self.results: deque[Answer] = deque()
        self.chunks = 0  # how many it took

    def send(self, message, chars: int = 0) -> None:
        self.results.append(self.absorb(message))
        self.chunks += 1

    def absorb(self, message) -> Answer:
        """Answer a message (count the line keys it carries when it holds no jobs)."""
        if self.state is None:
            self.state = SegmenterState()
        sources, counted_elsewhere, jobs = message
        # A child gets its own copy of the project's statistics over the pipe; this process's segmenter counts
        # into a copy too, or the children the statistics are sent to later would get its counts.
        sources = {source: (type(freq)(freq), docs) for source, (freq, docs) in sources.items()}  # LineCounts
        return self.state.handle((sources, counted_elsewhere, jobs))

    def ready(self) -> bool:
        return True

    def receive(self) -> Answer:
        return self.results.popleft()


def segmenter_processes() -> int:
    """Children for a large import by default: one per usable core beside the importing process's (which parses,
    hashes and stores, and segments a chunk itself when the children fall behind). Two children on two cores
    took the importing process's core a third of the time and left it waiting on them."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(1, cores - 1)


class _Chunk:
    """A chunk sent to be segmented: its documents until its line keys are known, who took it, and whether the
    other segmenters have been given its keys (resolved)."""

    __slots__ = ("docs", "hints", "chars", "worker", "resolved")

    def __init__(self, docs, hints):
        self.docs, self.hints = docs, hints
        self.chars = sum(len(d.text) for d in docs)
        self.worker = None
        self.resolved = False


class ProcessSegmenter:
    """send() a chunk of documents; ready() says whether the oldest chunk not yet received has its results;
    receive() returns them. A chunk goes to a child when one has less than CHILD_CHARS of text waiting, else it
    stays here, pending; this process segments pending chunks itself when more than PENDING_CHARS are pending (the
    children are slower than it), and when it would otherwise wait for a result (at the end of the input). Chunks
    are taken in input order. workers: how many children (default: segmenter_processes())."""

    def __init__(self, project, workers: int | None = None):
        self.project = project
        self.initial: dict[str, tuple] = {}  # the project's statistics per source, as they were before this run
        package_root = str(Path(__file__).resolve().parents[3])
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH", "")) if p)
        self.children: list[_Child] = []
        try:
            for _ in range(max(1, workers or segmenter_processes())):
                self.children.append(_Child(env))
        except OSError:
            self.close()
            raise
        self.local = _InProcess()
        self._local_keys = 0  # line keys it holds to count
        self._chunks: deque[_Chunk] = deque()  # sent and not yet received, oldest first
        self._pending: deque[_Chunk] = deque()  # the newest of them, not taken by a segmenter yet
        self._pending_chars = 0
        self._unresolved: deque[_Chunk] = deque()  # taken by a child, whose keys the others have not been given
        self.stopping = False  # a cancel: no more chunks are taken (those pending are dropped)

    @property
    def workers(self) -> int:
        return len(self.children)

    def send(self, docs: Sequence[NewDocument], hints: Sequence[list | None]) -> None:
        """Segment these documents (hints: each one's line hints or None), after those sent before."""
        chunk = _Chunk(docs, hints)
        self._chunks.append(chunk)
        self._pending.append(chunk)
        self._pending_chars += chunk.chars
        self._dispatch()

    def ready(self) -> bool:
        """The oldest chunk not yet received has its results (receive() would not wait)."""
        self._dispatch()
        return bool(self._chunks) and self._chunks[0].worker is not None and self._chunks[0].worker.ready()

    def taken(self) -> bool:
        """The oldest chunk not yet received is at a segmenter (not pending)."""
        return bool(self._chunks) and self._chunks[0].worker is not None

    def receive(self) -> Answer:
        """The results of the oldest chunk and its documents' line keys; while a child has not sent them, this
        process segments pending chunks."""
        oldest = self._chunks[0]
        self._dispatch()
        while self._pending and not self.stopping and (oldest.worker is None or not oldest.worker.ready()):
            self._take(self._target(waiting=True))
        self._chunks.popleft()
        answer = oldest.worker.receive()
        if not oldest.resolved:
            self._resolve(oldest, answer[1])
        return answer

    def _dispatch(self) -> None:
        while self._pending and not self.stopping:
            worker = self._target(waiting=False)
            if worker is None:
                return
            self._take(worker)

    def _target(self, *, waiting: bool):
        """Who takes the oldest pending chunk now: the child with the least text waiting if it has room, else this
        process when too much is pending (more than WAITING_LOCAL_CHARS when it would wait), else that child when
        this process would wait, else nobody yet."""
        child = min(self.children, key=lambda c: c.backlog)
        if child.backlog < CHILD_CHARS:
            return child
        if self._pending_chars > (WAITING_LOCAL_CHARS if waiting else PENDING_CHARS):
            return self.local
        return child if waiting else None

    def _take(self, worker) -> None:
        """The oldest pending chunk goes to worker, which is given the line keys of every earlier chunk another
        segmenter took (worked out here for those whose results have not come back)."""
        chunk = self._pending.popleft()
        self._pending_chars -= chunk.chars
        chunk.worker = worker
        for earlier in [c for c in self._unresolved if c.worker is not worker]:
            self._resolve(earlier, [line_keys(d) for d in earlier.docs])
        docs = chunk.docs
        texts = (d.text for d in docs) if worker.in_process else (d.text if d.utf8 is None else d.utf8 for d in docs)
        worker.send(self._message(worker, [(text, d.source, h, d.title, d.meta, d.url)
                                           for text, d, h in zip(texts, docs, chunk.hints)], [d.source for d in docs]),
                    chunk.chars)
        chunk.hints = None
        if worker.in_process:  # answered at once: the children get its keys with their next chunk
            self._resolve(chunk, worker.results[-1][1])
        else:
            self._unresolved.append(chunk)

    def _resolve(self, chunk: _Chunk, keys: list[list[int]]) -> None:
        """Give the other segmenters a chunk's line keys (counted before their next chunk); this process's own
        segmenter counts the keys it holds once they pass LOCAL_KEYS_MAX, rather than hold them all."""
        pairs = [(d.source, k) for d, k in zip(chunk.docs, keys)]
        chunk.docs, chunk.resolved = None, True  # the runner holds the documents
        if not chunk.worker.in_process:
            try:
                self._unresolved.remove(chunk)
            except ValueError:
                pass
        for other in self.children:
            if other is not chunk.worker:
                other.counted_elsewhere += pairs
        if chunk.worker is self.local:
            self._local_keys = 0
            return
        self.local.counted_elsewhere += pairs
        self._local_keys += sum(len(k) for k in keys)
        if self._local_keys >= LOCAL_KEYS_MAX:  # count them now rather than hold them all
            self.local.absorb(self._message(self.local, [], []))
            self._local_keys = 0

    def _message(self, worker, jobs: list, job_sources: list[str]) -> tuple:
        """(statistics of sources new to this segmenter, line keys it has not counted, jobs), and it is up to
        date."""
        counted_elsewhere, worker.counted_elsewhere = worker.counted_elsewhere, []
        sources = {}
        for source in [s for s, _ in counted_elsewhere] + job_sources:
            if source not in worker.sources:
                worker.sources.add(source)
                if source not in self.initial:  # read before any document of this run is stored under it
                    self.initial[source] = self.project.line_frequencies(source)
                sources[source] = self.initial[source]
        return sources, counted_elsewhere, jobs

    def close(self) -> None:
        for child in self.children:  # all of them first, so that they end side by side
            child.stop()
        for child in self.children:
            child.finish()


def apply_result(doc: NewDocument, result: Segmented) -> str | None:
    """Put a child's segments, title and metadata on the document; returns a problem message if it could not
    segment it."""
    if isinstance(result, str):
        return result
    # The metadata stays the child's six values (NewDocument.article): ArticleMeta's frozen dataclasses cost ~3 us
    # a document to build, and the store only reads the values back.
    doc.packed_lines, doc.segmenter_version, doc.title, article = result
    if article is not None:
        doc.article = article
    return None
