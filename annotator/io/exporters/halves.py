"""A one-line-per-document export written by two processes where there are two cores: the command line's, whose
process does nothing else (the app never forks: its export runs on a worker thread of a Qt process).

The documents in scope are cut in two in export order. A forked child opens the project read-only on its own
connection (it never touches the parent's) and writes the second half into a `.part` file beside the output; the
parent writes the first half, then appends the child's file, so the output is the same bytes one process writes.
If the child fails in any way, the parent writes the second half itself; a cancel or an error in the parent
kills the child. Leftover `.part` files of a killed run are removed by the next export (atomic.clean_leftovers).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
from pathlib import Path
from typing import Callable, Sequence

# Below this many documents a second process saves less than it costs to start.
MIN_DOCUMENTS = 2000
# What a document costs to export, in entities: the halves are cut where the work, not the count, is half.
DOCUMENT_WEIGHT = 13  # measured (the peer export, 22:40 UTC): ~48 us a 3 KB document, ~3.8 us an entity
# write(project, doc_ids, binary file, progress, cancel) -> (documents, spans, relations) written
Writer = Callable[..., tuple[int, int, int]]


def default_workers() -> int:
    """Processes an export on the command line may use: 2 where there are two cores or more and fork exists."""
    return 2 if hasattr(os, "fork") and (os.cpu_count() or 1) >= 2 else 1


def write_in_halves(project, ids: Sequence[int], fh, tmp: Path, write: Writer, *, workers: int,
                    progress=None, cancel=None) -> tuple[int, int, int]:
    """Write the lines of `ids` into fh (the open temporary output `tmp`), in two processes when workers >= 2 and
    the scope is large; returns (documents, spans, relations) written."""
    if workers < 2 or len(ids) < MIN_DOCUMENTS or not hasattr(os, "fork"):
        return write(project, ids, fh, progress, cancel)
    half = _middle(ids, project.span_counts())
    first, second = list(ids[:half]), list(ids[half:])
    part = tmp.with_name(tmp.name[: -len(".part")] + ".2.part")
    fh.flush()

    def child(own, write_end: int) -> None:
        with open(part, "wb", buffering=1 << 20) as out:
            counts = write(own, second, out, None, None)
        os.write(write_end, json.dumps(counts).encode())

    pid, read_end = fork_reader(project, child)
    share = len(first) / len(ids)
    scaled = (lambda fraction, message: progress(fraction * share, message)) if progress else None
    try:
        counts = write(project, first, fh, scaled, cancel)
    except BaseException:
        _stop(pid)
        os.close(read_end)
        _remove(part)
        raise
    with os.fdopen(read_end, "rb") as pipe:
        reply = pipe.read()
    _, status = os.waitpid(pid, 0)
    try:
        if status == 0 and reply:
            theirs = json.loads(reply)
            with open(part, "rb") as src:
                shutil.copyfileobj(src, fh, 1 << 20)
        else:
            theirs = write(project, second, fh, None, cancel)
    finally:
        _remove(part)
    if progress:
        progress(1.0, "exporting done")
    return counts[0] + theirs[0], counts[1] + theirs[1], counts[2] + theirs[2]


def fork_reader(project, work: Callable[[object, int], None]) -> tuple[int, int]:
    """Fork a child that runs work(its own read-only Project on project's file, the write end of a pipe) and
    exits 0, or 1 if work raised anything; returns (its pid, the read end). The child never touches the
    parent's connection and leaves by os._exit (no cleanup of the parent's objects)."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        status = 1
        try:
            os.close(read_end)
            from annotator.store import Project

            # The parent has just validated the file (its quick_check reads every page): not again here.
            with Project.open(project.path, project.reviewer, read_only=True, validate=False) as own:
                work(own, write_end)
            status = 0
        except BaseException:  # the parent does this work itself
            pass
        finally:
            os._exit(status)
    os.close(write_end)
    return pid, read_end


def _middle(ids: Sequence[int], spans: dict[int, int], *, share: float = 0.5,
            document_weight: int = DOCUMENT_WEIGHT) -> int:
    """Where to cut ids so that the first side holds about `share` of the work, a document weighing
    document_weight entities (each side keeps one document at least)."""
    weights = [document_weight + spans.get(doc_id, 0) for doc_id in ids]
    goal, done = sum(weights) * share, 0
    for i, weight in enumerate(weights):
        done += weight
        if done >= goal:
            return min(max(i + 1, 1), len(ids) - 1)
    return len(ids) // 2


def _stop(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
