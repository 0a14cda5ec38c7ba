"""Entry point of the import's segmenter process (`python -m annotator.io.importers.segmenter_child`) and the
child's side of the protocol: pickled frames (_read/_write), one segmenter's state (SegmenterState, which the
importing process also runs when it segments a chunk itself) and the child's loop (serve).

Its top imports only what the child needs to start reading (annotator.io.importers.segmenting, which imports this,
holds the parent's side); run as __main__, nothing imports it a second time."""

from __future__ import annotations

import os
import pickle
import struct
import sys

_HEADER = struct.Struct("<Q")


def _write(stream, message) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)))
    stream.write(data)
    stream.flush()


def _read(stream):
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        raise EOFError("the segmenter process ended")
    size = _HEADER.unpack(header)[0]
    data = stream.read(size)
    if len(data) < size:
        raise EOFError("the segmenter process ended")
    return pickle.loads(data)


class SegmenterState:
    """One segmenter's corpus statistics and its answer to a message (new source statistics, other segmenters'
    line keys, jobs): a child's, or the importing process's own when it takes a chunk itself (same code, so the
    same results)."""

    def __init__(self):
        from annotator.io.resegment import SegmentationContext

        self.context = SegmentationContext(None)

    def handle(self, message) -> tuple[list, list]:
        """(one result per job: (packed segments, segmenter version, title, article metadata as a tuple or None),
        or an error message (annotator.io.importers.segmenting.Segmented); the keys of each job's distinct lines,
        which the importing process stores as its statistics and gives the other segmenters)."""
        from annotator.core.article_meta import extract
        from annotator.core.line_kinds import pack_lines
        from annotator.core.line_stats import distinct_lines, line_key
        from annotator.core.titles import use_headline_as_title

        context = self.context
        sources, counted_elsewhere, jobs = message
        for source, (freq, docs) in sources.items():
            context.seed(source, freq, docs)
        for source, keys in counted_elsewhere:
            context.count(source, keys)
        results: list = []
        keys: list = []
        for text, source, hints, title, meta, url in jobs:
            if type(text) is bytes:
                text = text.decode("utf-8")
            doc = _Job(text, source, title, meta, url)
            try:
                lines = context.segment(doc, hints)
            except Exception as exc:  # one odd text must not end the run; the parent reports it
                results.append(f"segmenter failed ({type(exc).__name__}: {exc}); lines stored unclassified")
                keys.append([line_key(line) for line in distinct_lines(text)])  # stored as counted all the same
                continue
            keys.append([line_key(line) for line in lines])
            use_headline_as_title(doc)
            try:
                found = extract(doc.text, meta=doc.meta, url=doc.url, title=doc.title)
                article = (*_meta_tuple(found.published), *_meta_tuple(found.outlet))
            except Exception:  # the store reads it again, and reports what it must
                article = None
            results.append((pack_lines(doc.segments), doc.segmenter_version, doc.title, article))
        return results, keys


class _Job:
    """What the segmenter reads and fills of a document (SegmentationContext.segment, use_headline_as_title): a
    NewDocument, whose dataclass defaults cost ~1 us more a document, was made for each job."""

    __slots__ = ("text", "source", "title", "meta", "url", "segments", "segmenter_version")

    def __init__(self, text: str, source: str, title: str, meta, url: str):
        self.text, self.source, self.title, self.meta, self.url = text, source, title, meta, url
        self.segments = None
        self.segmenter_version = ""


def serve(inp, out) -> None:
    """The child's loop: (new source statistics, other children's line keys, jobs) in, one result per job out."""
    state = SegmenterState()
    while True:
        try:
            message = _read(inp)
        except EOFError:
            return
        if message is None:
            return
        _write(out, state.handle(message))


def _meta_tuple(value) -> tuple[str, str, str]:
    return value.value, value.source, value.evidence


if __name__ == "__main__":
    _inp, _out = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing else may write into the result stream
    serve(_inp, _out)
    _out.flush()
    sys.stderr.flush()
    # Every result is written and flushed, and the process holds nothing else: end at once, without tearing
    # the interpreter down (~50 ms that the importing process would wait for).
    os._exit(0)
