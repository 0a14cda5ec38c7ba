"""The boilerplate segmenter in child processes, one per core, so large imports use every core.

Segmenting a page and reading its date and outlet are pure Python and per document; parsing and SQLite stay in
the importing process. Chunks of documents go to the children in turn and their results are taken back in the
order the chunks were sent, so documents are stored in input order.

Every child sees exactly the corpus statistics a sequential import would: the project's counts for a source
(sent with the first chunk that needs them) plus every earlier document of this run. A child counts the
documents it segments itself; the line keys of the chunks the other children took are sent along with its next
chunk, before its own documents. The parent works those keys out as it sends a chunk (it needs them anyway for
the statistics it stores), so no child ever waits for another.

Only texts go over the pipes (as the UTF-8 bytes the parent hashed, when it has them: pickling a str would
encode it again) and only packed segments, titles and metadata come back. A child is a fresh interpreter
(`python -m annotator.io.importers.segmenter_child`) talking pickled frames over its stdin/stdout: forking a
process that may run Qt threads is unsafe, and multiprocessing's spawn would re-run the parent's main script.
"""

from __future__ import annotations

import os
import pickle
import queue
import struct
import subprocess
import sys
import threading
from collections import deque
from pathlib import Path
from typing import BinaryIO, Sequence

from annotator.core.line_stats import distinct_lines, line_key
from annotator.core.model import NewDocument

# One document's result: (segments in their stored form (core.line_kinds), segmenter version, title, article
# metadata as a tuple or None), or an error message.
Segmented = tuple[tuple[str, str, str], str, str, tuple | None] | str
LineKeys = list[tuple[str, list[int]]]  # (source, distinct line keys) per document, in input order


def line_keys(doc: NewDocument) -> list[int]:
    """The keys of the distinct lines of a document that the corpus statistics count."""
    return [line_key(line) for line in distinct_lines(doc.text)]


_HEADER = struct.Struct("<Q")
CLOSE_TIMEOUT_S = 10.0  # how long a child told to end may take before it is killed


def _write(stream: BinaryIO, message) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)))
    stream.write(data)
    stream.flush()


def _read(stream: BinaryIO):
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        raise EOFError("the segmenter process ended")
    size = _HEADER.unpack(header)[0]
    data = stream.read(size)
    if len(data) < size:
        raise EOFError("the segmenter process ended")
    return pickle.loads(data)


def serve(inp: BinaryIO, out: BinaryIO) -> None:
    """The child's loop: (new source statistics, other children's line keys, jobs) in, one result per job out."""
    from annotator.core.article_meta import extract
    from annotator.core.line_kinds import pack_lines
    from annotator.io.importers.base import use_headline_as_title
    from annotator.io.resegment import SegmentationContext

    context = SegmentationContext(None)
    while True:
        try:
            message = _read(inp)
        except EOFError:
            return
        if message is None:
            return
        sources, counted_elsewhere, jobs = message
        for source, (freq, docs) in sources.items():
            context.seed(source, freq, docs)
        for source, keys in counted_elsewhere:
            context.count(source, keys)
        results: list[Segmented] = []
        for text, source, hints, title, meta, url in jobs:
            if type(text) is bytes:
                text = text.decode("utf-8")
            doc = NewDocument(text=text, source=source, title=title, meta=meta, url=url)
            try:
                context.segment(doc, hints)
            except Exception as exc:  # one odd text must not end the run; the parent reports it
                results.append(f"segmenter failed ({type(exc).__name__}: {exc}); lines stored unclassified")
                continue
            use_headline_as_title(doc)
            try:
                found = extract(doc.text, meta=doc.meta, url=doc.url, title=doc.title)
                article = (*_meta_tuple(found.published), *_meta_tuple(found.outlet))
            except Exception:  # the store reads it again, and reports what it must
                article = None
            results.append((pack_lines(doc.segments), doc.segmenter_version, doc.title, article))
        _write(out, results)


def _meta_tuple(value) -> tuple[str, str, str]:
    return value.value, value.source, value.evidence


class _Child:
    """One segmenter process; a thread reads its results as soon as they come, so neither side can block
    the other on a full pipe."""

    def __init__(self, env: dict[str, str]):
        self.sources: set[str] = set()  # whose project statistics this child has
        self.counted_elsewhere: LineKeys = []  # line keys of chunks the other children took, not yet sent
        self.process = subprocess.Popen(
            # -S: no site, whose .pth hooks (an editable install's finder) load pathlib and more in every child;
            # the package is found through PYTHONPATH (ProcessSegmenter sets it) and the child needs nothing from site-packages.
            [sys.executable, "-S", "-m", "annotator.io.importers.segmenter_child"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env,
        )
        self.results: queue.Queue = queue.Queue()
        self.reader = threading.Thread(target=self._read_results, name="annotator-segmenter-reader", daemon=True)
        self.reader.start()

    def _read_results(self) -> None:
        try:
            while True:
                self.results.put(_read(self.process.stdout))
        except (EOFError, OSError, ValueError, pickle.UnpicklingError) as exc:
            self.results.put(EOFError(str(exc)))

    def send(self, message) -> None:
        try:
            _write(self.process.stdin, message)
        except (OSError, ValueError):
            pass  # the child is gone; receive() says so and the parent segments by itself

    def receive(self) -> list[Segmented]:
        result = self.results.get()
        if isinstance(result, EOFError):
            self.results.put(result)  # every later receive() fails the same way
            raise result
        return result

    def stop(self) -> None:
        """Tell the child to end (it exits once it has sent what it was given)."""
        try:
            _write(self.process.stdin, None)
            self.process.stdin.close()
        except (OSError, ValueError):
            pass

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
        self.process.stdout.close()

    def close(self) -> None:
        self.stop()
        self.finish()


class ProcessSegmenter:
    """send() a chunk of documents (it goes to the next child in turn); receive() returns the results of the
    oldest chunk not yet received. workers: how many children (default: one per core)."""

    def __init__(self, project, workers: int | None = None):
        self.project = project
        self.initial: dict[str, tuple] = {}  # the project's statistics per source, as they were before this run
        package_root = str(Path(__file__).resolve().parents[3])
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH", "")) if p)
        self.children: list[_Child] = []
        try:
            for _ in range(max(1, workers or os.cpu_count() or 1)):
                self.children.append(_Child(env))
        except OSError:
            self.close()
            raise
        self._next = 0
        self._sent: deque[_Child] = deque()  # the child of each chunk not yet received, oldest first

    @property
    def workers(self) -> int:
        return len(self.children)

    def send(self, docs: Sequence[NewDocument], hints: Sequence[list | None], keys: LineKeys) -> None:
        """keys: (source, line_keys(doc)) of each document, which the other children count before their next
        chunk."""
        child = self.children[self._next]
        self._next = (self._next + 1) % len(self.children)
        counted_elsewhere, child.counted_elsewhere = child.counted_elsewhere, []
        sources = {}
        for source in [s for s, _ in counted_elsewhere] + [d.source for d in docs]:
            if source not in child.sources:
                child.sources.add(source)
                if source not in self.initial:  # read before any document of this run is stored under it
                    self.initial[source] = self.project.line_frequencies(source)
                sources[source] = self.initial[source]
        child.send((sources, counted_elsewhere,
                    [(d.text if d.utf8 is None else d.utf8, d.source, h, d.title, d.meta, d.url)
                     for d, h in zip(docs, hints)]))
        for other in self.children:
            if other is not child:
                other.counted_elsewhere += keys
        self._sent.append(child)

    def receive(self) -> list[Segmented]:
        return self._sent.popleft().receive()

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
    from annotator.core.article_values import ArticleMeta, MetaValue  # not article_meta: its patterns

    packed, version, title, article = result
    doc.packed_lines = packed
    doc.segmenter_version = version
    doc.title = title
    if article is not None:
        doc.article = ArticleMeta(MetaValue(*article[:3]), MetaValue(*article[3:]))
    return None
