"""Pre-annotation on every core: the proposals of documents found by worker processes while this one writes.

On the command line (no other thread in this process) the workers are forked once the suggester is built, so they
start in milliseconds with its automata, dictionary and calibration as they are; where threads may exist (the
app) they are spawned and get the suggester pickled (each re-imports the engines and rebuilds the automata, about
a CPU second), so only for many documents. A worker opens the project read-only on its own connection (it never
touches this process's) and answers tasks of TASK_DOCUMENTS document ids: it reads them, reads their kept
tokens, suggests as preannotate.batch_proposals does and sends back plain rows (marshal bytes of tuples, not
pickled objects). This process hands the tasks out, does one itself whenever the next result it needs has not
come yet, and yields the documents in input order; its caller writes them in its own transactions, so what is
stored is what one process stores. Used without the model only (each worker would need its own spaCy pipeline).
The caller first keeps the tokens of documents without any (TokenCache.pretokenize), so that no worker runs Kiwi.
"""

from __future__ import annotations

import gc
import marshal
import os
import pickle
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence

from annotator.nlp.suggest.base import MODEL

# Where a second process starts to pay, on distinct 3 KB pages (02:00 UTC, load ~11, so in CPU ms; the longer of
# the two processes against one process): 16 pages 50-73 against 69-87, 32 pages 93-105 against 151-187, 64 pages
# 185-212 against 292-306; a forked worker costs ~15-25 CPU ms in all. A spawned one costs about a CPU second
# (imports, automata rebuilt): 1,000 pages took more CPU and no less time on two spawned workers at load ~7.
FORK_MIN_DOCUMENTS = 32
SPAWN_MIN_DOCUMENTS = 4000
TASK_DOCUMENTS = 32  # documents a task at most: this process's own task never holds its writes back long
MIN_TASK_DOCUMENTS = 4  # and at least (fewer for a small run, so that every process gets some)
IN_FLIGHT = 2  # tasks queued per worker: it has the next while this process writes or does one itself


class WorkerError(RuntimeError):
    """A worker process stopped or failed: what was written before stays written."""


def pool_workers(suggester, documents: int, workers: int | None, *, forked: bool = True) -> int:
    """How many processes find the proposals of a run over that many documents, this one included (1: only
    this one). workers None: one per core, when the run is large enough to pay for the others and a core is
    free (spare_core); a number: as asked (still only this one for the model, or a single document)."""
    count = (os.cpu_count() or 1) if workers is None else workers
    if count < 2 or documents < 2 or MODEL in suggester.sources:
        return 1
    if workers is None and (documents < (FORK_MIN_DOCUMENTS if forked else SPAWN_MIN_DOCUMENTS)
                            or not spare_core(count)):
        return 1
    return min(count, max(1, documents // MIN_TASK_DOCUMENTS))


# On a machine whose cores other work already fills, more processes win no more CPU (the scheduler shares the
# cores between sessions: autogroup), and the workers' start and their results sent back come on top.
SPARE_LOAD = 0.75  # a core is free when the 1-minute load average is below cores - 1 + this (it counts this run)


def spare_core(cores: int) -> bool:
    """Whether the machine has a core free beside the one this process runs on (by the load average)."""
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):  # not on this platform: assume an ordinary, mostly idle desktop
        return True
    return load < cores - 1 + SPARE_LOAD


def can_fork() -> bool:
    """Whether workers may be forked: fork exists and no other thread runs here (a thread's locks would be
    copied held; the app has threads, the command line none)."""
    return hasattr(os, "fork") and threading.active_count() == 1


class _Worker:
    def __init__(self, process, pipe) -> None:
        self.process, self.pipe = process, pipe
        self.tasks: deque[int] = deque()  # handed out, not answered yet, in order


def pooled_proposals(project, suggester, ids: Sequence[int], *, workers: int, leave_out_rejected: bool,
                     own: Callable[[list[int]], Iterable[tuple]], cancelled: Callable[[], bool] | None = None,
                     forked: bool | None = None) -> Iterator[tuple]:
    """(doc id, title, text, DocumentSuggestions, relation suggestions) of each document, in the order of ids,
    found by workers - 1 other processes and this one (own(ids): the same tuples, found here, one by one). forked None:
    fork where can_fork() says so, else spawn (the caller holds no open transaction or unfinished read then: a
    forked worker's own connection must find no lock of this process's in SQLite's copied state). Raises
    WorkerError when a worker stops or fails."""
    import multiprocessing

    forked = can_fork() if forked is None else forked
    context = multiprocessing.get_context("fork" if forked else "spawn")
    size = task_documents(len(ids), workers)
    tasks = [list(ids[i:i + size]) for i in range(0, len(ids), size)]
    setup = (str(project.path), project.reviewer, suggester if forked else pickle.dumps(suggester),
             leave_out_rejected, forked)
    pool: list[_Worker] = []
    if forked:  # what exists now is shared with the workers: no collection here copies its pages either
        from annotator.core.korean_codec import ready_to_read

        ready_to_read()
        gc.freeze()
    try:
        for _ in range(workers - 1):
            mine, theirs = context.Pipe()
            # a forked worker closes this process's ends (its own and the others'): it sees an EOF when we stop
            ends = [w.pipe for w in pool] + [mine] if forked else []
            process = context.Process(target=_serve, args=(theirs, ends, setup), daemon=True,
                                      name="annotator-suggest-worker")
            process.start()
            theirs.close()
            pool.append(_Worker(process, mine))
        yield from _run(pool, tasks, own, cancelled)
    finally:
        _stop(pool)
        if forked:
            gc.unfreeze()


def task_documents(documents: int, processes: int) -> int:
    """Documents a task: about four tasks a process, between MIN_TASK_DOCUMENTS and TASK_DOCUMENTS."""
    return max(MIN_TASK_DOCUMENTS, min(TASK_DOCUMENTS, documents // (4 * processes)))


def _run(pool: list[_Worker], tasks: list[list[int]], own, cancelled) -> Iterator[tuple]:
    from multiprocessing.connection import wait

    ready: dict[int, tuple[bool, list]] = {}  # task index -> (from a worker: its rows; else the tuples found here)
    next_task = next_out = 0

    def hand_out() -> None:
        nonlocal next_task
        for worker in pool:
            while len(worker.tasks) < IN_FLIGHT and next_task < len(tasks):
                worker.pipe.send_bytes(marshal.dumps((next_task, tasks[next_task])))
                worker.tasks.append(next_task)
                next_task += 1

    def receive(timeout: float | None) -> None:
        busy = {w.pipe: w for w in pool if w.tasks}
        for pipe in wait(list(busy), timeout) if busy else ():
            worker = busy[pipe]
            try:
                index, rows, error = marshal.loads(pipe.recv_bytes())
            except (EOFError, OSError, ValueError):
                raise WorkerError(_stopped(worker, tasks)) from None
            if error is not None:
                raise WorkerError(f"a suggestion worker failed on documents {_span(tasks[index])}: {error};"
                                  " what was written before is kept")
            worker.tasks.popleft()
            ready[index] = (True, rows)
        hand_out()

    hand_out()
    while next_out < len(tasks):
        if cancelled is not None and cancelled():
            return
        if next_out not in ready:
            receive(0)
        if next_out not in ready:
            if next_task < len(tasks):  # the next result is still on its way: do one here meanwhile
                index, next_task = next_task, next_task + 1
                found = []
                for item in own(tasks[index]):
                    found.append(item)
                    receive(0)  # between documents: a worker's reply is taken in (it never waits to send)
                ready[index] = (False, found)
            else:
                receive(None)
            continue
        packed, rows = ready.pop(next_out)
        next_out += 1
        yield from _unpacked(rows) if packed else rows


def _stopped(worker: _Worker, tasks) -> str:
    worker.process.join(2)
    code = worker.process.exitcode
    how = (f"was killed by signal {-code}" if code is not None and code < 0 else
           f"exited with status {code}" if code is not None else "stopped answering")
    return (f"a suggestion worker process (pid {worker.process.pid}) {how} while on documents "
            f"{_span(tasks[worker.tasks[0]])}; what was written before is kept")


def _span(ids: list[int]) -> str:
    return f"{ids[0]}" if len(ids) == 1 else f"{ids[0]}..{ids[-1]}"


def _stop(pool: list[_Worker]) -> None:
    for worker in pool:  # an idle worker reads the EOF and leaves; a busy one is stopped
        worker.pipe.close()
        if worker.tasks and worker.process.is_alive():
            worker.process.terminate()
    for worker in pool:
        worker.process.join(5)
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join()


def _packed(items) -> list[tuple]:
    """A task's results as plain tuples (what marshal writes): per document its id, title, text, entity
    suggestions, relation suggestions (by positions) and relation suggestions by entity ids."""
    return [(doc_id, title, text,
             [(s.start, s.end, s.label, s.source, s.score, s.detail) for s in found.entities],
             [(r.head, r.tail, r.label, r.score, r.detail, r.source) for r in found.relations],
             [(r.head_id, r.tail_id, r.label, r.source, r.score, r.detail) for r in relations])
            for doc_id, title, text, found, relations in items]


def _unpacked(rows: list[tuple]) -> Iterator[tuple]:
    from annotator.core.suggestions import NewRelationSuggestion, suggestions_from
    from annotator.nlp.suggest.base import RelationSuggestion
    from annotator.nlp.suggest.engine import DocumentSuggestions

    for doc_id, title, text, entities, found_relations, relations in rows:
        found = DocumentSuggestions(suggestions_from(entities),
                                    [RelationSuggestion(*r) for r in found_relations])
        yield doc_id, title, text, found, [NewRelationSuggestion(*r) for r in relations]


def _serve(conn, parent_ends, setup) -> None:
    """A worker: answers (task index, document ids) with (index, packed rows, None) or (index, None, error)."""
    path, reviewer, suggester, leave_out_rejected, forked = setup
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the calling process, which stops the workers
    for end in parent_ends:
        end.close()
    from annotator.core import korean
    from annotator.io.token_cache import TokenCache
    from annotator.nlp.preannotate import batch_proposals
    from annotator.store import Project

    if forked:
        gc.freeze()  # what came from the parent stays as it is: no collector passes over it (nor copies its pages)
        korean.default_analyser().after_fork()
    project = tokens = None
    failed = None  # why this worker could not start: the answer to every task
    try:
        if not forked:
            suggester = pickle.loads(suggester)
        # the calling process has just opened and checked the file: not its quick_check again here (the reviewer
        # by the name the project stores)
        project = Project.open(path, reviewer, read_only=True, backfill=False, validate=False)
        tokens = TokenCache(project, workers=1, origin="batch")
    except Exception as exc:  # noqa: BLE001 - said to the calling process with its first task
        failed = f"{type(exc).__name__}: {exc}"
    while True:
        try:
            index, ids = marshal.loads(conn.recv_bytes())
        except (EOFError, OSError):
            return
        try:
            if failed is None:
                docs = list(project.iter_documents(ids))
                rows = _packed(batch_proposals(project, suggester, tokens, docs,
                                               leave_out_rejected=leave_out_rejected))
            reply = marshal.dumps((index, rows, None) if failed is None else (index, None, failed))
        except Exception as exc:  # noqa: BLE001 - said to the calling process, which stops the run
            reply = marshal.dumps((index, None, f"{type(exc).__name__}: {exc}"))
        try:
            conn.send_bytes(reply)
        except OSError:  # the calling process has gone
            return
