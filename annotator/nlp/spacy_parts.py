"""The spaCy export's rows planned and written so that both cores work: the train file is compressed while the dev
documents are still being planned, and on the command line (which forks; the app never does) a child process
plans half of the train documents and then the dev documents.

train.spacy is one zlib stream whose msgpack header gives the size of all its token rows, so it can only start
once every train document is planned; its compression (DocBin's level 6, most of the writing) then runs on a
thread (zlib leaves the GIL) while the dev documents are planned. With two processes: the train documents are
cut in two where the work is half; a forked child opens the project read-only on its own connection, plans the
second half into bins of its own (annotator.nlp.docbin_stream), pickles them down a pipe, then plans the dev
documents and pickles those. The parent plans the first half, merges the child's bins after its own (the same
bytes one process writes), writes train.spacy on a thread, and dev.spacy once the child's dev rows come. If the
child fails in any way, the parent plans what it did not send; a cancel or an error in the parent kills it.
The child writes nothing to disk.

The report counts the train documents first, then the dev ones (its examples are the first of that order).
"""

from __future__ import annotations

import os
import pickle
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

# Below this many documents a second process saves less than it costs to start.
MIN_DOCUMENTS = 1000
# What a document costs to plan, in entities (measured on the peer pages: ~0.45 ms a 1.3 KB page without spans,
# ~17 us an entity): the train documents are cut by work, not count.
DOCUMENT_WEIGHT = 27
# The parent's share of that work: it then merges and compresses train.spacy (~3 s for 8,000 pages) while the
# child plans the dev documents (~2 s), so it takes a little less.
PARENT_SHARE = 0.45


@dataclass(slots=True)
class Part:
    """The rows of some documents of an export, with what their report says."""

    train: object  # StreamingDocBin
    dev: object  # StreamingDocBin
    report: object  # SpacyExportReport: the per-document counts and problems of these documents
    labels: Counter = field(default_factory=Counter)

    def merge_report(self, other: "Part") -> None:
        """other's counts and problems after this part's."""
        self.report.merge(other.report)
        self.labels.update(other.labels)


# plan(project, doc_ids, progress, cancel) -> Part of those documents in that order; None when cancelled
Planner = Callable[..., "Part | None"]


def plan_and_write(project, train: Sequence[int], dev: Sequence[int], plan: Planner, train_path: Path,
                   dev_path: Path, *, workers: int, progress=None, cancel=None) -> Part | None:
    """Plan the train then the dev documents and write their bins; the Part (with both bins) of all, or None
    when cancelled (the files may then be half written: the caller's atomic output drops them)."""
    if len(train) + len(dev) <= 1:  # spaCy needs a dev set: one document serves as both
        part = plan(project, [*train, *dev], progress, cancel)
        if part is not None:
            only = part.train if len(part.train) else part.dev
            only.to_disk(train_path)
            only.to_disk(dev_path)
        return part
    total = len(train) + len(dev)
    if workers < 2 or total < MIN_DOCUMENTS or not hasattr(os, "fork") or len(train) < 2:
        return _in_one(project, train, dev, plan, train_path, dev_path, total, progress, cancel)
    return _in_two(project, train, dev, plan, train_path, dev_path, total, progress, cancel)


def _scaled(progress, start: float, share: float):
    if progress is None:
        return None
    return lambda fraction, message: progress(start + fraction * share, message)


def _in_one(project, train, dev, plan, train_path, dev_path, total, progress, cancel) -> Part | None:
    part = plan(project, train, _scaled(progress, 0.0, len(train) / total), cancel)
    if part is None:
        return None
    with _writing(part.train, train_path):  # compressed on the other core while the dev documents are planned
        rest = _dev_written(project, train, dev, plan, dev_path, total, progress, cancel)
    return _joined(part, rest)


def _dev_written(project, train, dev, plan, dev_path, total, progress, cancel) -> Part | None:
    """The dev documents planned here and written; None when cancelled."""
    rest = plan(project, dev, _scaled(progress, len(train) / total, len(dev) / total), cancel)
    if rest is not None:
        rest.dev.to_disk(dev_path)
    return rest


def _joined(part: Part, rest: Part | None) -> Part | None:
    if rest is None:
        return None
    part.merge_report(rest)
    part.dev = rest.dev
    return part


def _in_two(project, train, dev, plan, train_path, dev_path, total, progress, cancel) -> Part | None:
    from annotator.io.exporters.halves import _middle, _stop, fork_reader

    half = _middle(train, project.span_counts(), share=PARENT_SHARE, document_weight=DOCUMENT_WEIGHT)
    first, second = list(train[:half]), list(train[half:])

    def child(own, write_end: int) -> None:
        with os.fdopen(write_end, "wb") as pipe:
            # the train half is sent by a thread while the dev documents are planned (the parent reads it only
            # once its own half is done)
            sent = _sending(pipe, pickle.dumps(plan(own, second, None, None), protocol=pickle.HIGHEST_PROTOCOL))
            with sent:
                rest = plan(own, dev, None, None)
            pickle.dump(rest, pipe, protocol=pickle.HIGHEST_PROTOCOL)

    pid, read_end = fork_reader(project, child)
    pipe = os.fdopen(read_end, "rb")
    try:
        part = plan(project, first, _scaled(progress, 0.0, len(first) / total), cancel)
        if part is None:
            return None
        theirs = _receive(pipe)
        if theirs is None:  # the child failed: its share is planned here
            pipe.close()
            theirs = plan(project, second, _scaled(progress, len(first) / total, len(second) / total), cancel)
            if theirs is None:
                return None
        part.train.merge(theirs.train)
        part.merge_report(theirs)
        with _writing(part.train, train_path):
            rest = None if pipe.closed else _receive(pipe)
            if rest is not None:
                rest.dev.to_disk(dev_path)
            else:  # the child failed: the dev documents are planned here
                rest = _dev_written(project, train, dev, plan, dev_path, total, progress, cancel)
        return _joined(part, rest)
    finally:
        pipe.close()
        _stop(pid)  # gone already when it finished; killed when not


def _receive(pipe) -> Part | None:
    """The next Part the child pickled, or None when it sent none (it failed or was killed)."""
    try:
        return pickle.load(pipe)  # read as it comes: the reply is never held twice
    except Exception:
        return None


class _Background:
    """Runs work() on a thread for the duration of a with block; the block's end waits for it (its error, if
    any, raised there)."""

    def __init__(self, work: Callable[[], None]) -> None:
        self._error: BaseException | None = None
        self._work = work
        self._thread = threading.Thread(target=self._run, name="spacy-export")

    def _run(self) -> None:
        try:
            self._work()
        except BaseException as exc:  # raised in the caller's thread
            self._error = exc

    def __enter__(self) -> "_Background":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._thread.join()
        if self._error is not None and exc[0] is None:
            raise self._error


def _writing(bin_, path: Path) -> _Background:
    """Writes bin_ into path on a thread (zlib leaves the GIL: the other core compresses)."""
    return _Background(lambda: bin_.to_disk(path))


def _sending(pipe, data: bytes) -> _Background:
    """Writes data into pipe on a thread (the reader takes it when it is ready)."""
    return _Background(lambda: (pipe.write(data), pipe.flush()))
