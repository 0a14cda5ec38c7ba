"""Pre-annotation in the background: when a document opens that no run has pre-annotated yet, a child process
(annotator.ui.suggest_worker) suggests for it first and then for the next documents of the queue, and writes each
into the suggestions layer.

The child has its own connection and builds its suggester lazily, Kiwi and the spaCy model included, in its own
interpreter, so the UI never waits for a suggestion, not even for the interpreter lock: a reviewer can label
meanwhile (the store leaves out what overlaps a label made before the write). When the open document's suggestions
are written the review reads them and the status bar says so. The dictionary of labelled strings is rebuilt when
the project's labels changed since the last document.

Settings: suggestions/background (on by default; $ANNOTATOR_BACKGROUND_SUGGESTIONS=0 turns it off, as the tests
do), suggestions/sources (default dictionary,patterns,model), suggestions/model (base, or a model folder) and
suggestions/relations (off by default: suggested relations between the reviewer's entities, computed in the window
for the open document and by the worker for the next ones; see relation_review.py).
"""

from __future__ import annotations

import json
import os
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QProcess, QProcessEnvironment, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from annotator.nlp.suggest.calibration import default_min_score
from annotator.paths import SOURCE_ROOT
from annotator.store import ProjectError

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow

LOOKAHEAD = 3  # documents of the queue after the open one
DEFAULT_SOURCES = "dictionary,patterns,model"


def _tr(text: str) -> str:
    return QCoreApplication.translate("", text)  # context "": lupdate reads _tr as tr without a class


class BackgroundSuggestions(QObject):
    """One per window: feeds the worker the open document and the next ones of the queue."""

    ready = Signal(int, int)  # on the GUI thread: doc id, suggestions written (the review has read them)

    def __init__(self, window: "MainWindow") -> None:
        super().__init__(window)  # no Python reference to the window: it owns this, not the other way round
        settings = window.settings
        self.sources = str(settings.value("suggestions/sources", DEFAULT_SOURCES))
        self.model = str(settings.value("suggestions/model", "base"))
        self.worker: QProcess | None = None
        self._buffer = b""
        self.paused = False  # held still (a merge runs): requests wait in _held until resume()
        self._held: list[dict] = []
        self.action = QAction(_tr("Pre-annotate in the &background"), window)
        self.action.setCheckable(True)
        self.action.setChecked(self._wanted())
        self.action.toggled.connect(self.set_enabled)
        self.now_action = QAction(_tr("&Suggest for this document again"), window)
        self.now_action.triggered.connect(self.suggest_open_document)
        self.relations_action = QAction(_tr("Suggest re&lations between my entities"), window)
        self.relations_action.setCheckable(True)
        self.relations_action.setChecked(
            str(settings.value("suggestions/relations", "false")).lower() in ("true", "1"))
        self.relations_action.toggled.connect(self.set_relations)
        window.session.document_changed.connect(self._document_opened)

    @property
    def window(self) -> "MainWindow":
        return self.parent()

    def _wanted(self) -> bool:
        if os.environ.get("ANNOTATOR_BACKGROUND_SUGGESTIONS", "").strip() == "0":
            return False
        return str(self.window.settings.value("suggestions/background", "true")).lower() in ("true", "1")

    @property
    def relations(self) -> bool:
        return self.relations_action.isChecked()

    def set_relations(self, on: bool) -> None:
        """Suggested relations on or off: the article view computes and shows them, and the worker, restarted with
        the relations source, writes them for the next documents."""
        self.window.settings.setValue("suggestions/relations", bool(on))
        if self.relations_action.isChecked() != on:
            self.relations_action.setChecked(on)
        self.window.editor.relation_review.set_enabled(on)
        self._retire_worker()  # the next request starts one with the sources as they are now

    def reviewer_changed(self) -> None:
        """The worker runs as one reviewer (whose labels hide proposals, whose rejections are left out): the next
        request starts one as the reviewer now at work."""
        self._retire_worker()

    def _retire_worker(self) -> None:
        """Let the running worker finish the document at hand and end (its input closed), without waiting."""
        proc, self.worker = self.worker, None
        if proc is None:
            return
        proc.finished.disconnect(self._finished)
        proc.readyReadStandardOutput.disconnect(self._read)
        proc.finished.connect(proc.deleteLater)
        proc.closeWriteChannel()

    def worker_sources(self) -> str:
        return f"{self.sources},relations" if self.relations and "relations" not in self.sources else self.sources

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

    def _ensure_worker(self) -> QProcess:
        """The child process, started on first use (and again after it stopped)."""
        if self.worker is not None:
            return self.worker
        proc = QProcess(self)
        env = QProcessEnvironment.systemEnvironment()
        env.insert("PYTHONPATH", os.pathsep.join(p for p in (str(SOURCE_ROOT), env.value("PYTHONPATH")) if p))
        env.insert("PYTHONIOENCODING", "utf-8")
        for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
            env.insert(name, "1")  # one core for the suggestions, the other stays the window's
        proc.setProcessEnvironment(env)
        proc.setProcessChannelMode(QProcess.ProcessChannelMode.ForwardedErrorChannel)  # its traceback on stderr
        proc.readyReadStandardOutput.connect(self._read)
        proc.finished.connect(self._finished)
        self._buffer = b""
        self.worker = proc
        proc.start(sys.executable, ["-m", "annotator.ui.suggest_worker", str(self.window.db_path),
                                    self.window.project.reviewer, self.worker_sources(), self.model])
        return proc

    def request(self, doc_ids: list[int], *, first: bool = True, force: bool = False) -> None:
        message = {"docs": list(doc_ids), "first": first, "force": force}
        if self.paused:
            self._held.append(message)
            return
        self._ensure_worker().write((json.dumps(message) + "\n").encode("utf-8"))

    def pause(self, on_idle) -> None:
        """No write from here until resume(): the worker finishes the document at hand (its result is still read)
        and ends; on_idle() then (at once when none runs). Requests meanwhile are kept for resume()."""
        self.paused = True
        proc = self.worker
        if proc is None or proc.state() == QProcess.ProcessState.NotRunning:
            on_idle()
            return
        proc.finished.connect(lambda *_args: on_idle())
        proc.closeWriteChannel()  # end of its input: it stops after the document it is on (suggest_worker.main)

    def resume(self) -> None:
        """Go on after a pause: the requests made meanwhile, then the open document and its queue again (a
        merge may have brought documents no run has pre-annotated)."""
        self.paused = False
        held, self._held = self._held, []
        for message in held:
            self.request(message["docs"], first=message["first"], force=message["force"])
        if self.window.session.doc_id is not None:
            self._document_opened(self.window.session.doc_id)

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
            self.request(todo)

    def suggest_open_document(self) -> None:
        """Run the suggestions for the open document again (its undecided ones replaced), in the background."""
        doc_id = self.window.session.doc_id
        if doc_id is not None:
            self.request([doc_id], force=True)
            self.window.statusBar().showMessage(_tr("Suggesting for this document…"), 4000)

    def _ready(self, doc_id: int, written: int) -> None:
        window = self.window
        window.documents.model.refresh_document(doc_id)
        if doc_id == window.session.doc_id:
            window.editor.suggestion_review.reload()
            window.editor.relation_review.reload()
            pending = window.editor.suggestion_review.pending
            shown, below = len(pending), pending.hidden_below_threshold()
            if not written:
                message = _tr("No suggestions for this document")
            elif shown or not below:
                message = _tr("Suggestions ready: %1 for this document (Tab to review them)").replace("%1", str(shown))
            else:  # Tab would find none: say where they are
                message = _tr("Suggestions ready: all %1 of this document are below the score threshold (lower it"
                              " above the article to see them)").replace("%1", str(below))
            window.statusBar().showMessage(message, 6000)
        self.ready.emit(doc_id, written)

    def _read(self) -> None:
        proc = self.worker
        if proc is None:
            return
        self._buffer += bytes(proc.readAllStandardOutput())
        *complete, self._buffer = self._buffer.split(b"\n")
        for raw in complete:
            try:
                message = json.loads(raw)
            except ValueError:
                continue
            if "ready" in message:
                self._ready(int(message["ready"]), int(message.get("written", 0)))
            elif "error" in message:
                self.window.statusBar().showMessage(
                    _tr("Suggestions stopped: %1").replace("%1", str(message["error"])), 10000)

    def _finished(self, *_args) -> None:
        proc, self.worker = self.worker, None
        if proc is not None:
            proc.deleteLater()

    def stop(self) -> None:
        """End the child (the window closes, or background pre-annotation was turned off): it finishes the
        document at hand, or is killed (its writes are transactions: nothing half-written stays)."""
        proc, self.worker = self.worker, None
        if proc is None:
            return
        proc.finished.disconnect(self._finished)
        if proc.state() != QProcess.ProcessState.NotRunning:
            proc.closeWriteChannel()
            if not proc.waitForFinished(3000):
                proc.kill()
                proc.waitForFinished(1000)
        proc.deleteLater()

def add_menu(window: "MainWindow") -> dict[str, QAction]:
    """The Suggestions menu (before Help): the decisions on the open document's suggestions and the background
    pre-annotation switch."""
    review, background = window.editor.suggestion_review, window.background_suggestions
    settings = window.settings
    try:  # the threshold a reviewer chose last time, else the one chosen on the calibration's tuning pages
        review.bar.threshold.setValue(float(settings.value("suggestions/threshold", default_min_score())))
    except (TypeError, ValueError):
        pass
    review.bar.threshold.valueChanged.connect(lambda value: settings.setValue("suggestions/threshold", value))
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
    relations = window.editor.relation_review
    for name, text, slot in (
            ("accept_relations", _tr("Accept all suggested relations in this document"), relations.accept_all),
            ("reject_relations", _tr("Reject all suggested relations in this document"), relations.reject_all)):
        action = QAction(text, window)
        action.triggered.connect(lambda _checked=False, run=slot: run())
        menu.addAction(action)
        actions[f"suggestions_{name}"] = action
    menu.addAction(background.relations_action)
    relations.set_enabled(background.relations)
    menu.addSeparator()
    menu.addAction(background.now_action)
    menu.addAction(background.action)
    actions["suggest_again"], actions["background_suggestions"] = background.now_action, background.action
    actions["suggest_relations"] = background.relations_action
    return actions
