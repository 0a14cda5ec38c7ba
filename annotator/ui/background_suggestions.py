"""Pre-annotation in the background: when a document opens that no run has pre-annotated yet, a worker thread
suggests for it first and then for the next documents of the queue, and writes each into the suggestions layer.

The worker has its own connection (SQLite is per thread) and builds its Suggester lazily, the spaCy model included,
so the UI never waits for a suggestion: a reviewer can label meanwhile (the store leaves out what overlaps a label
made before the write). When the open document's suggestions are written the review reads them and the status bar
says so. The dictionary of labelled strings is rebuilt when the project's labels changed since the last batch.

Settings: suggestions/background (on by default; $ANNOTATOR_BACKGROUND_SUGGESTIONS=0 turns it off, as the tests
do), suggestions/sources (default dictionary,patterns,model) and suggestions/model (base, or a model folder).
"""

from __future__ import annotations

import os
import threading
import traceback
from collections import deque
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from annotator.store import Project, ProjectError

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow

LOOKAHEAD = 3  # documents of the queue after the open one
DEFAULT_SOURCES = "dictionary,patterns,model"


def _tr(text: str) -> str:
    return QCoreApplication.translate("BackgroundSuggestions", text)


class SuggestionWorker(QThread):
    """Takes document ids (the open one first) and pre-annotates those no run has done yet."""

    ready = Signal(int, int)  # doc id, suggestions written
    failed = Signal(str)

    def __init__(self, db_path: Path, reviewer: str, *, sources: str, model: str) -> None:
        super().__init__()
        self.db_path, self.reviewer, self.sources, self.model = Path(db_path), reviewer, sources, model
        self._jobs: deque[tuple[int, bool]] = deque()  # (doc id, even when done before)
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()

    def request(self, doc_ids: list[int], *, first: bool = False, force: bool = False) -> None:
        with self._lock:
            wanted = [(d, force) for d in doc_ids]
            ids = set(doc_ids)
            kept = [job for job in self._jobs if job[0] not in ids]
            self._jobs = deque(wanted + kept if first else kept + wanted)
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()

    def _next(self) -> tuple[int, bool] | None:
        with self._lock:
            if self._jobs:
                return self._jobs.popleft()
            self._wake.clear()
        return None

    def run(self) -> None:  # worker thread
        try:
            with Project.open(self.db_path, self.reviewer) as project:
                self._serve(project)
        except Exception as exc:  # shown in the status bar; the traceback goes to stderr for a bug report
            traceback.print_exc()
            self.failed.emit(str(exc) if isinstance(exc, (ProjectError, OSError, ValueError)) else
                             f"{type(exc).__name__}: {str(exc)[:300]}")

    def _serve(self, project: Project) -> None:
        from annotator.nlp.preannotate import project_suggester, suggest_document, to_new

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
            if built is None or labels_now != labels_seen:  # new labels: a new dictionary, the same model
                model = built.suggester.model if built is not None else None
                built = project_suggester(project, sources=self.sources, model=self.model,
                                          calibrate=model is None)
                if model is not None:
                    built.suggester.model = model
                labels_seen = labels_now
            try:
                doc = project.document(doc_id)
            except ProjectError:
                continue  # gone meanwhile
            found = suggest_document(project, built.suggester, doc, leave_out_rejected=False)
            if self._stop.is_set():
                break
            written = project.write_suggestions({doc_id: to_new(found)}, sources=",".join(built.suggester.sources))
            self.ready.emit(doc_id, written.written)


class BackgroundSuggestions(QObject):
    """One per window: feeds the worker the open document and the next ones of the queue."""

    ready = Signal(int, int)  # on the GUI thread: doc id, suggestions written (the review has read them)

    def __init__(self, window: "MainWindow") -> None:
        super().__init__(window)  # no Python reference to the window: it owns this, not the other way round
        settings = window.settings
        self.sources = str(settings.value("suggestions/sources", DEFAULT_SOURCES))
        self.model = str(settings.value("suggestions/model", "base"))
        self.worker: SuggestionWorker | None = None
        self._ended: SuggestionWorker | None = None
        self.action = QAction(_tr("Pre-annotate in the &background"), window)
        self.action.setCheckable(True)
        self.action.setChecked(self._wanted())
        self.action.toggled.connect(self.set_enabled)
        self.now_action = QAction(_tr("&Suggest for this document again"), window)
        self.now_action.triggered.connect(self.suggest_open_document)
        window.session.document_changed.connect(self._document_opened)

    @property
    def window(self) -> "MainWindow":
        return self.parent()

    def _wanted(self) -> bool:
        if os.environ.get("ANNOTATOR_BACKGROUND_SUGGESTIONS", "").strip() == "0":
            return False
        return str(self.window.settings.value("suggestions/background", "true")).lower() in ("true", "1")

    @property
    def enabled(self) -> bool:
        return self.action.isChecked()

    def set_enabled(self, on: bool) -> None:
        self.window.settings.setValue("suggestions/background", bool(on))
        if self.action.isChecked() != on:
            self.action.setChecked(on)
        if on and self.window.session.doc_id is not None:
            self._document_opened(self.window.session.doc_id)
        elif not on:
            self.stop()

    def _ensure_worker(self) -> SuggestionWorker:
        if self.worker is None:
            self.worker = SuggestionWorker(self.window.db_path, self.window.project.reviewer, sources=self.sources,
                                           model=self.model)
            self.worker.ready.connect(self._ready)
            self.worker.failed.connect(self._failed)
            self.worker.start()
        return self.worker

    def queue_after(self, doc_id: int, n: int = LOOKAHEAD) -> list[int]:
        """The next n documents of the document list after doc_id (its filter and order)."""
        model, out, current = self.window.documents.model, [], doc_id
        for _ in range(n):
            current = model.neighbour(current, 1)
            if current is None or current == doc_id or current in out:
                break
            out.append(current)
        return out

    def _document_opened(self, doc_id: int) -> None:
        if not self.enabled:
            return
        project = self.window.project
        try:
            wanted = [doc_id, *self.queue_after(doc_id)]
            done = project.suggested_among(wanted)
        except ProjectError as exc:
            self.window.statusBar().showMessage(str(exc), 6000)
            return
        todo = [d for d in wanted if d not in done]
        if todo:
            self._ensure_worker().request(todo, first=True)

    def suggest_open_document(self) -> None:
        """Run the suggestions for the open document again (its undecided ones replaced), in the background."""
        doc_id = self.window.session.doc_id
        if doc_id is not None:
            self._ensure_worker().request([doc_id], first=True, force=True)
            self.window.statusBar().showMessage(_tr("Suggesting for this document…"), 4000)

    def _ready(self, doc_id: int, written: int) -> None:
        window = self.window
        window.documents.model.refresh_document(doc_id)
        if doc_id == window.session.doc_id:
            window.editor.suggestion_review.reload()
            shown = len(window.editor.suggestion_review.pending)
            window.statusBar().showMessage(
                _tr("Suggestions ready: %1 for this document (Tab to review them)").replace("%1", str(shown))
                if written else _tr("No suggestions for this document"), 6000)
        self.ready.emit(doc_id, written)

    def _failed(self, message: str) -> None:
        self.window.statusBar().showMessage(_tr("Suggestions stopped: %1").replace("%1", message), 10000)
        self._ended, self.worker = self.worker, None  # held until its run() has returned

    def stop(self) -> None:
        """Stop the worker (the window closes, or background pre-annotation was turned off)."""
        worker, self.worker = self.worker, None
        if worker is not None:
            worker.stop()
            worker.wait(15000)  # at most one document (or a model load) to finish


def add_menu(window: "MainWindow") -> dict[str, QAction]:
    """The Suggestions menu (before Help): the decisions on the open document's suggestions and the background
    pre-annotation switch."""
    review, background = window.editor.suggestion_review, window.background_suggestions
    menu = QMenu(_tr("&Suggestions"), window)
    menu.setObjectName("suggestionsMenu")
    present = window.menuBar().actions()
    if present:  # before the last menu, Help
        window.menuBar().insertMenu(present[-1], menu)
    else:
        window.menuBar().addMenu(menu)
    actions = {}
    for name, text, slot in (
            ("accept_all", _tr("&Accept all in this document"), review.accept_all),
            ("accept_above", _tr("Accept all &at or above the threshold"),
             lambda: review.accept_at_least(review.bar.threshold.value())),
            ("reject_all", _tr("&Reject all in this document"), review.reject_all)):
        action = QAction(text, window)
        action.triggered.connect(lambda _checked=False, run=slot: run())
        menu.addAction(action)
        actions[f"suggestions_{name}"] = action
    menu.addSeparator()
    menu.addAction(background.now_action)
    menu.addAction(background.action)
    actions["suggest_again"], actions["background_suggestions"] = background.now_action, background.action
    return actions
