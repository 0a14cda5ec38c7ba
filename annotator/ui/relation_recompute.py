"""Relation candidates recomputed off the UI thread: the rules run and their candidates are written to the file on
a worker thread with its own connection (SQLite connections are per thread), so an entity change never makes the
window wait for them. The window hands over a snapshot (text, its own entities, line kinds, the scheme); only the
newest request per run is done (a burst of edits computes once more at most), and each result says which request
it answers, so the review can tell a stale one."""

from __future__ import annotations

import atexit
import threading
import traceback
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QThread, Signal


@dataclass(frozen=True, slots=True)
class RecomputeRequest:
    serial: int
    doc_id: int
    reviewer: str  # whose layer: the window may switch reviewers between requests
    reviewer_uid: str | None
    scheme: object
    text: str
    spans: tuple  # the reviewer's own entities (Span values) when the request was made
    kinds: tuple[str, ...] | None  # content/boilerplate of each line, None when not all are known


@dataclass(frozen=True, slots=True)
class RecomputeResult:
    serial: int
    doc_id: int
    pending: tuple = ()  # the document's pending candidates after the write (StoredRelationSuggestion)
    error: str = ""
    stale: bool = False  # an entity of the snapshot went meanwhile: a newer request follows the edit


_running: set["RelationRecomputer"] = set()  # no parent: kept here until stopped, so Qt never deletes one running


class RelationRecomputer(QThread):
    """One thread per article view, started on the first request, stopped by stop() (also when its view goes,
    and at exit); finished results arrive on the GUI thread through `computed` (a queued connection)."""

    computed = Signal(object)  # RecomputeResult

    def __init__(self, db_path: Path) -> None:
        super().__init__()
        self.db_path = Path(db_path)
        self._wake = threading.Condition()
        self._request: RecomputeRequest | None = None
        self._stopping = False
        self.busy = False  # a request is being done (read on the GUI thread: tests and the bench wait on it)

    def submit(self, request: RecomputeRequest) -> None:
        with self._wake:
            self._request = request  # a newer one replaces one not started yet
            self._wake.notify()
        if not self.isRunning() and not self._stopping:
            _running.add(self)
            self.start()

    def idle(self) -> bool:
        with self._wake:
            return self._request is None and not self.busy

    def stop(self, wait_ms: int = 5000) -> None:
        with self._wake:
            self._stopping = True
            self._request = None
            self._wake.notify()
        _running.discard(self)
        try:
            if self.isRunning():
                self.wait(wait_ms)  # at most one document's write (tens of ms)
        except RuntimeError:  # Qt has deleted the thread object already (the application is ending)
            pass

    def run(self) -> None:  # worker thread
        from annotator.store import Project

        project = None
        try:
            while True:
                with self._wake:
                    while self._request is None and not self._stopping:
                        self._wake.wait()
                    if self._stopping:
                        return
                    request, self._request = self._request, None
                    self.busy = True
                try:
                    if project is None:
                        project = Project.open(self.db_path, request.reviewer, reviewer_uid=request.reviewer_uid,
                                               backfill=False)
                    elif project.reviewer != request.reviewer:
                        project.set_reviewer(request.reviewer, request.reviewer_uid)
                    result = compute_and_write(project, request)
                except Exception as exc:  # shown in the status bar; the traceback goes to stderr
                    traceback.print_exc()
                    result = RecomputeResult(request.serial, request.doc_id, error=f"{type(exc).__name__}: {exc}")
                with self._wake:
                    self.busy = False
                self.computed.emit(result)
        finally:
            if project is not None:
                project.close()


def compute_and_write(project, request: RecomputeRequest) -> RecomputeResult:
    """The rules over the snapshot, their candidates written (those rejected before, or already relations, are
    left out by the store), and the document's pending candidates read back in the same connection."""
    from annotator.nlp.preannotate import own_relation_candidates
    from annotator.store import AnnotationError, ProjectError

    found = own_relation_candidates(request.scheme, request.text, request.spans,
                                    list(request.kinds) if request.kinds is not None else None)
    try:
        project.write_relation_suggestions({request.doc_id: found})
    except AnnotationError as exc:  # an entity of the snapshot deleted (or relabelled) in the window meanwhile
        return RecomputeResult(request.serial, request.doc_id, error=str(exc), stale=True)
    except ProjectError as exc:
        return RecomputeResult(request.serial, request.doc_id, error=str(exc))
    return RecomputeResult(request.serial, request.doc_id, tuple(project.relation_suggestions(request.doc_id)))


@atexit.register
def _stop_all() -> None:
    for worker in list(_running):
        worker.stop()
