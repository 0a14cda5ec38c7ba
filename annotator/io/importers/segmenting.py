"""The boilerplate segmenter in a child process, so large imports use both cores.

The segmenter is pure Python and takes about half of an import's time; the other half (parsing,
SQLite, the FTS index) stays in the importing process. The child runs one SegmentationContext over
the documents in the order they were sent, so it sees exactly the corpus statistics a sequential
import would: the project's counts for a source (sent along with the first document of that source)
plus every earlier document of this run. Only texts go over the pipe and only segment tuples come
back. The child is a fresh interpreter (`python -m annotator.io.importers.segmenter_child`) talking pickled
frames over its stdin/stdout: forking a process that may run Qt threads is unsafe, and
multiprocessing's spawn would re-run the parent's main script.
"""

from __future__ import annotations

import os
import pickle
import queue
import struct
import subprocess
import sys
import threading
from pathlib import Path
from typing import BinaryIO, Sequence

from annotator.core.model import LineSegment, NewDocument

# One document's result: (segments as tuples, segmenter version) or an error message.
Segmented = tuple[list[tuple], str] | str


class _SentStatistics:
    """The `project` of the child's SegmentationContext: statistics as the parent sent them."""

    def __init__(self) -> None:
        self.sources: dict[str, tuple[dict[str, int], int]] = {}

    def line_frequencies(self, source: str) -> tuple[dict[str, int], int]:
        return self.sources.pop(source, ({}, 0))

    def bump_line_frequencies(self, source: str, lines) -> None:
        pass  # the parent writes the counts with the documents


_HEADER = struct.Struct("<Q")


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
    """The child's loop: (new source statistics, [(text, source, hints)]) in, one result per text out."""
    from annotator.io.resegment import SegmentationContext

    stats = _SentStatistics()
    context = SegmentationContext(stats)
    while True:
        try:
            message = _read(inp)
        except EOFError:
            return
        if message is None:
            return
        sources, jobs = message
        stats.sources.update(sources)
        results: list[Segmented] = []
        for text, source, hints in jobs:
            doc = NewDocument(text=text, source=source)
            try:
                context.segment(doc, hints)
            except Exception as exc:  # one odd text must not end the run; the parent reports it
                results.append(f"segmenter failed ({type(exc).__name__}: {exc}); lines stored unclassified")
                continue
            results.append(([(s.line_no, s.start, s.end, s.kind, s.score, s.reason) for s in doc.segments],
                            doc.segmenter_version))
        _write(out, results)


class ProcessSegmenter:
    """Send batches of documents with send(); receive() returns the results of the oldest batch."""

    def __init__(self, project):
        self.project = project
        self.known_sources: set[str] = set()
        package_root = str(Path(__file__).resolve().parents[3])
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH", "")) if p)
        self._process = subprocess.Popen(
            [sys.executable, "-m", "annotator.io.importers.segmenter_child"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env,
        )
        # Results are read as soon as they come, so neither side can block the other on a full pipe.
        self._results: queue.Queue = queue.Queue()
        self._reader = threading.Thread(target=self._read_results, name="annotator-segmenter-reader", daemon=True)
        self._reader.start()

    def _read_results(self) -> None:
        try:
            while True:
                self._results.put(_read(self._process.stdout))
        except (EOFError, OSError, ValueError, pickle.UnpicklingError) as exc:
            self._results.put(EOFError(str(exc)))

    def send(self, docs: Sequence[NewDocument], hints: Sequence[list | None]) -> None:
        sources = {}
        for doc in docs:
            if doc.source not in self.known_sources:
                self.known_sources.add(doc.source)
                sources[doc.source] = self.project.line_frequencies(doc.source)
        try:
            _write(self._process.stdin, (sources, [(d.text, d.source, h) for d, h in zip(docs, hints)]))
        except (OSError, ValueError):
            pass  # the child is gone; receive() says so and the parent segments by itself

    def receive(self) -> list[Segmented]:
        result = self._results.get()
        if isinstance(result, EOFError):
            self._results.put(result)  # every later receive() fails the same way
            raise result
        return result

    def close(self) -> None:
        try:
            _write(self._process.stdin, None)
            self._process.stdin.close()
        except (OSError, ValueError):
            pass
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._reader.join(timeout=10)
        self._process.stdout.close()


def apply_result(doc: NewDocument, result: Segmented) -> str | None:
    """Put the child's segments on the document; returns a problem message if it could not segment it."""
    if isinstance(result, str):
        return result
    rows, version = result
    doc.segments = [LineSegment(*row) for row in rows]
    doc.segmenter_version = version
    return None

