"""Background pre-annotation in a child process, so that the suggester (Kiwi, the spaCy model, the dictionary and
pattern passes, all holding the interpreter's lock while they run) never slows the window.

Run as `python -m annotator.ui.suggest_worker DB REVIEWER SOURCES MODEL`. Protocol: one JSON object per line. In:
{"docs": [doc id, ...], "first": bool, "force": bool}: pre-annotate those documents (first: before the ones already
waiting; force: also when a run has done them before). Out: {"ready": doc id, "written": n} after each document's
suggestions are written, {"error": message} when it stops on an error. End of input ends it (after the document
at hand: a kill mid-write loses nothing, the write is one transaction). No Qt here.
"""

from __future__ import annotations

import io
import json
import os
import sys
import threading
import time
import traceback
from collections import deque

# The worker starts this long after the last request: the window opens and paints the document first, and quick
# N N N through the list does not start work for each document passed.
SETTLE_SECONDS = 0.15


class PreannotationQueue:
    """Document ids waiting for pre-annotation, the open one first; serve() does them one at a time."""

    def __init__(self, db_path: str, reviewer: str, *, sources: str, model: str, emit) -> None:
        self.db_path, self.reviewer, self.sources, self.model = db_path, reviewer, sources, model
        self.emit = emit  # emit(dict): one message out
        self._jobs: deque[tuple[int, bool]] = deque()  # (doc id, even when done before)
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._requested = 0.0

    def request(self, doc_ids, *, first: bool = False, force: bool = False) -> None:
        with self._lock:
            wanted = [(int(d), bool(force)) for d in doc_ids]
            ids = {d for d, _ in wanted}
            kept = [job for job in self._jobs if job[0] not in ids]
            self._jobs = deque(wanted + kept if first else kept + wanted)
            self._requested = time.monotonic()
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()

    def _next(self) -> tuple[int, bool] | None:
        while not self._stop.is_set():
            with self._lock:
                quiet = time.monotonic() - self._requested
            if quiet >= SETTLE_SECONDS:
                break
            time.sleep(SETTLE_SECONDS - quiet)
        with self._lock:
            if self._jobs:
                return self._jobs.popleft()
            self._wake.clear()
        return None

    def serve(self) -> None:
        from annotator.store import Project

        from annotator.io.token_cache import TokenCache

        # One Kiwi at most in this process (workers=1): the document's kept tokens are read, only lines not kept
        # yet (a document opened before it was tokenised) are analysed, and kept for the next time.
        with Project.open(self.db_path, self.reviewer) as project, TokenCache(project, workers=1) as tokens:
            self._serve(project, tokens)

    def _serve(self, project, tokens) -> None:
        from annotator.nlp.preannotate import (
            prime_tokens,
            project_dictionary,
            project_suggester,
            suggest_document,
            to_new,
        )
        from annotator.nlp.suggest.base import RELATIONS
        from annotator.store import ProjectError

        built, labels_seen = None, None
        while not self._stop.is_set():
            job = self._next()
            if job is None:
                self._wake.wait()
                continue
            doc_id, force = job
            if not force and project.suggested_among([doc_id]):
                continue
            labels_now = project.label_count()
            if built is None:  # once: Kiwi, the model and the calibration of its scores and the patterns'
                built = project_suggester(project, sources=self.sources, model=self.model)
            elif labels_now != labels_seen:  # new labels: a new dictionary, the same model and scores
                built.suggester.dictionary = project_dictionary(project)
            labels_seen = labels_now
            try:
                doc = project.document(doc_id)
            except ProjectError:
                continue  # gone meanwhile
            kinds = prime_tokens(tokens, built.suggester, project, [doc])
            found = suggest_document(project, built.suggester, doc, leave_out_rejected=False, kinds=kinds[doc.id])
            written = project.write_suggestions({doc_id: to_new(found)}, sources=",".join(built.suggester.sources))
            message = {"ready": doc_id, "written": written.written}
            if RELATIONS in built.suggester.sources:
                message["relations"] = self._write_relations(project, built.suggester.scheme, doc)
            self.emit(message)

    @staticmethod
    def _write_relations(project, scheme, doc) -> int:
        """Relation candidates between the reviewer's entities of the document, where it has any (read here, in
        the write's own moment: the window may have changed them since the entity suggestions were made)."""
        from annotator.nlp.preannotate import line_kinds, own_relation_candidates
        from annotator.store import ProjectError

        spans = project.spans(doc.id, project.layer_name)
        if len(spans) < 2:
            return 0
        try:
            found = own_relation_candidates(scheme, doc.text, spans, line_kinds(project, doc))
            return project.write_relation_suggestions({doc.id: found}).written
        except ProjectError:  # an entity deleted in the window meanwhile: the window recomputes the open one
            return 0


def main(argv: list[str] | None = None) -> int:
    db_path, reviewer, sources, model = (argv if argv is not None else sys.argv[1:])[:4]
    if hasattr(os, "nice"):
        os.nice(10)  # the window's process comes first on a busy machine: suggestions can wait, a key press cannot
    stdin = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8")
    out_lock = threading.Lock()

    def emit(message: dict) -> None:
        with out_lock:
            sys.stdout.write(json.dumps(message) + "\n")
            sys.stdout.flush()

    queue = PreannotationQueue(db_path, reviewer, sources=sources, model=model, emit=emit)

    def read_requests() -> None:
        for line in stdin:
            try:
                message = json.loads(line)
                queue.request(message.get("docs", ()), first=bool(message.get("first")),
                              force=bool(message.get("force")))
            except (ValueError, TypeError, AttributeError):
                continue
        queue.stop()  # the window closed its end

    threading.Thread(target=read_requests, daemon=True).start()
    try:
        queue.serve()
    except Exception as exc:  # the window shows it; the traceback goes to stderr
        traceback.print_exc()
        emit({"error": f"{type(exc).__name__}: {str(exc)[:300]}"})
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
