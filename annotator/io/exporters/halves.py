"""An export written document after document (doccano, Prodigy, CoNLL) by two processes where there are two cores:
the command line's, whose process does nothing else (the app never forks: its export runs on a worker thread of a Qt
process). The token exports make and keep the missing tokens first (write_tokens_in_halves), so that both read them.

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

# Below this many documents (of DOCUMENT_WEIGHT) a second process saves less than it costs to start.
MIN_DOCUMENTS = 2000
# What a document costs to export, in entities: the halves are cut where the work, not the count, is half. An
# export that writes every token of a page passes its own (TOKEN_DOCUMENT_WEIGHT).
DOCUMENT_WEIGHT = 13  # measured (the peer export, 22:40 UTC): ~48 us a 3 KB document, ~3.8 us an entity
# A 3 KB page's ~700 kept tokens read and written (Prodigy, CoNLL), in entities: measured ~1 ms against ~5 us.
TOKEN_DOCUMENT_WEIGHT = 200
# write(project, doc_ids, binary file, progress, cancel) -> (documents, spans, relations written[, problems: list])
Writer = Callable[..., tuple]


def default_workers() -> int:
    """Processes an export on the command line may use: 2 where there are two cores or more and fork exists."""
    return 2 if hasattr(os, "fork") and (os.cpu_count() or 1) >= 2 else 1


def write_in_halves(project, ids: Sequence[int], fh, tmp: Path, write: Writer, *, workers: int,
                    progress=None, cancel=None, document_weight: int = DOCUMENT_WEIGHT,
                    unlabelled_weight: int | None = None) -> tuple:
    """Write the lines of `ids` into fh (the open temporary output `tmp`), in two processes when workers >= 2 and
    the scope is large; returns what write() returns, the two halves' added up item by item (numbers summed,
    lists of problems joined in order). document_weight: what a document costs to write, in entities;
    unlabelled_weight: what one without any costs, where the writer has a cheaper path for those (doccano's)."""
    if not _two_processes(ids, workers, document_weight):
        return write(project, ids, fh, progress, cancel)
    half = _middle(ids, project.span_counts(), document_weight=document_weight, unlabelled_weight=unlabelled_weight)
    first, second = list(ids[:half]), list(ids[half:])
    part = tmp.with_name(tmp.name[: -len(".part")] + ".2.part")
    fh.flush()

    def child(own, write_end: int) -> None:
        with open(part, "wb", buffering=1 << 20) as out:
            counts = write(own, second, out, None, None)
        reply = json.dumps(counts).encode()
        while reply:  # a long list of problems is more than a pipe holds at once
            reply = reply[os.write(write_end, reply):]

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
    return tuple(mine + its for mine, its in zip(counts, theirs))


def write_tokens_in_halves(project, out: Path, write: Writer, *, status: str, doc_ids, layer, include_boilerplate: bool,
                           workers: int, progress=None, cancel=None) -> tuple:
    """An export that reads every document's kept tokens (write's iter_scope has tokenize_ahead), written atomically
    into `out` as write_in_halves does. Where two processes write, the tokens not kept yet are made and kept first,
    on every core, so that each process only reads them (a read-only project, which cannot keep them, is written
    by one process)."""
    from annotator.io.exporters.atomic import atomic_output
    from annotator.io.exporters.common import ExportTokens, export_order
    from annotator.io.exporters.writing import TOKENISE_SHARE, ExportCancelled

    ids = export_order(project, status, doc_ids, layer)
    if getattr(project, "read_only", False):
        workers = 1
    writing = progress
    if _two_processes(ids, workers, TOKEN_DOCUMENT_WEIGHT):
        tokenising = (lambda fraction, message: progress(fraction * TOKENISE_SHARE, message)) if progress else None
        with ExportTokens(project, ids, include_boilerplate=include_boilerplate, progress=tokenising,
                          cancel=cancel) as ready:
            if ready.cancelled:
                raise ExportCancelled()
            if ready.run is not None and progress:
                writing = lambda fraction, message: progress(TOKENISE_SHARE + (1 - TOKENISE_SHARE) * fraction, message)
    with atomic_output(out) as tmp, open(tmp, "wb", buffering=1 << 20) as fh:
        return write_in_halves(project, ids, fh, tmp, write, workers=workers, progress=writing, cancel=cancel,
                               document_weight=TOKEN_DOCUMENT_WEIGHT)


def _two_processes(ids: Sequence[int], workers: int, document_weight: int) -> bool:
    return workers >= 2 and len(ids) * document_weight >= MIN_DOCUMENTS * DOCUMENT_WEIGHT and hasattr(os, "fork")


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
            document_weight: int = DOCUMENT_WEIGHT, unlabelled_weight: int | None = None) -> int:
    """Where to cut ids so that the first side holds about `share` of the work, a document weighing
    document_weight entities (unlabelled_weight if it holds none and that is given) besides its own entities
    (each side keeps one document at least)."""
    bare = document_weight if unlabelled_weight is None else unlabelled_weight
    weights = [document_weight + n if (n := spans.get(doc_id, 0)) else bare for doc_id in ids]
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
