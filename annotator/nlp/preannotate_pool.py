"""Pre-annotation on every core: the proposals of batches of documents found by worker processes.

Each worker (spawned: the caller may hold threads or a SQLite connection) opens the project read-only and gets
the Suggester once, pickled; a task is a batch of PRIME_BATCH document ids, read, primed from the kept tokens
and suggested for as preannotate.suggest_document does. The results come back in input order and the calling
process writes them as a single-process run does, so what is stored is the same. Used without the model only
(each worker would load its own spaCy pipeline), and for enough documents to pay for starting the workers
(each imports the engines and rebuilds the automata: about a CPU second). The caller first keeps the tokens of
documents without any (TokenCache.pretokenize, on every core), so that no worker builds a Kiwi of its own.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable, Iterator, Sequence

from annotator.nlp.suggest.base import MODEL

# Below this, starting the workers and sending their results back cost about what they save (1,000 pages: ~1.7 CPU s
# more in all, no wall time saved at load ~7).
POOL_MIN_DOCUMENTS = 4000

_state: tuple | None = None  # a worker's (project, suggester, token cache, leave_out_rejected)


def pool_workers(suggester, documents: int, workers: int | None) -> int:
    """How many worker processes a run over that many documents uses (0: run in the calling process). workers
    None: one per core, when a core is free (spare_core)."""
    count = (os.cpu_count() or 1) if workers is None else workers
    if count < 2 or documents < POOL_MIN_DOCUMENTS or MODEL in suggester.sources:
        return 0
    if workers is None and not spare_core(count):
        return 0
    return count


# Workers only pay when a core is idle: on this 2-core machine with other work filling both (load 4-7), 1,000
# pages took 13.3 s and 5.6 CPU s on two workers against 9.1 s and 4.5 CPU s in one process. The scheduler
# shares the cores between sessions (autogroup), so more processes win no larger share, and the workers' start
# (~0.3 CPU s each) and sending their results back (~0.6 ms a page) come on top.
SPARE_LOAD = 0.75  # a core is free when the 1-minute load average is below cores - 1 + this (it counts this run)


def spare_core(cores: int) -> bool:
    """Whether the machine has a core free beside the one this process runs on (by the load average)."""
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):  # not on this platform: assume an ordinary, mostly idle desktop
        return True
    return load < cores - 1 + SPARE_LOAD


def pooled_proposals(project, suggester, ids: Sequence[int], *, workers: int, leave_out_rejected: bool,
                     batch: int, cancelled: Callable[[], bool] | None = None) -> Iterator[tuple]:
    """(doc id, title, text, DocumentSuggestions, relation suggestions) of each document, in the order of ids."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    payload = pickle.dumps(suggester)
    parts = [list(ids[i:i + batch]) for i in range(0, len(ids), batch)]
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                             initializer=_init_worker, initargs=(str(project.path), payload, leave_out_rejected)
                             ) as pool:
        futures = [pool.submit(_suggest_batch, part) for part in parts]
        try:
            for part, future in zip(parts, futures):
                if cancelled is not None and cancelled():
                    return
                found = future.result()
                texts = {doc.id: doc.text for doc in project.iter_documents(part)}  # cheaper read than sent
                for doc_id, title, _none, proposals, relations in found:
                    yield doc_id, title, texts[doc_id], proposals, relations
        finally:
            for future in futures:
                future.cancel()


def _init_worker(path: str, payload: bytes, leave_out_rejected: bool) -> None:
    global _state
    from annotator.io.token_cache import TokenCache
    from annotator.store import Project

    project = Project.open(path, read_only=True, backfill=False)
    _state = (project, pickle.loads(payload), TokenCache(project, workers=1, origin="batch"), leave_out_rejected)


def _suggest_batch(ids: list[int]) -> list[tuple]:
    from annotator.nlp.preannotate import batch_proposals

    project, suggester, tokens, leave_out_rejected = _state
    # without the texts: the caller reads them again (pickling them back cost more than the read)
    return [(doc_id, title, None, found, relations) for doc_id, title, _text, found, relations in batch_proposals(
        project, suggester, tokens, list(project.iter_documents(ids)), leave_out_rejected=leave_out_rejected)]
