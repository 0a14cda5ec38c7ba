"""Run a long function on a worker thread behind a cancellable progress dialog.

    from annotator.ui import tasks

    def work(progress, cancel):                  # runs on the worker thread
        with Project.open(db_path, reviewer) as project:   # its own connection: SQLite is per thread
            return export(project, ..., progress=progress, cancel=cancel)

    tasks.run_task(parent, "Exporting", work, on_done=lambda result: ...)

`work(progress, cancel)` gets progress(fraction 0..1, message) and cancel() -> bool (True once the user
pressed Cancel); it must check cancel() now and then and return early. Never pass it a Project or any
other object bound to the GUI thread: pass paths and open what it needs inside. The UI stays responsive;
on_done(result) runs on the GUI thread when work returns (also after a cancel: the result says so);
an exception is shown in a message box (or handed to on_error(message) when given).
"""

from __future__ import annotations

import threading
import traceback
import weakref
from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, QThread, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from annotator.ui.progress_lines import progress_line

Progress = Callable[[float, str], None]
Cancel = Callable[[], bool]
_STEPS = 1000
_running: set["Task"] = set()  # keeps tasks alive until they finish


def _tr(text: str) -> str:
    return QCoreApplication.translate("", text)


class Task(QThread):
    """One run of `work` on its own thread. Signals arrive on the GUI thread (queued connections)."""

    progressed = Signal(float, str)
    succeeded = Signal(object)
    failed = Signal(str)
    owner = None  # run_task's parent, weakly; None for the workers that stop their own (search, index)
    title = ""

    def __init__(self, work: Callable[[Progress, Cancel], Any], parent: QWidget | None = None):
        super().__init__(parent)
        self._work = work
        self._cancel = threading.Event()
        self.result: Any = None
        self.error: str | None = None

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def run(self) -> None:  # worker thread
        try:
            self.result = self._work(self.progressed.emit, self._cancel.is_set)
        except Exception as exc:  # shown to the user; the traceback goes to stderr for a bug report

            from annotator.store.connection import database_error_message
            from annotator.store.errors import DatabaseError, ProjectError

            traceback.print_exc()
            if isinstance(exc, DatabaseError):
                self.error = database_error_message("the project", exc)
            else:
                self.error = str(exc) if isinstance(exc, (ProjectError, OSError, ValueError)) else \
                    f"{type(exc).__name__}: {str(exc)[:300]}"
            self.failed.emit(self.error)
            return
        self.succeeded.emit(self.result)


def run_task(
    parent: QWidget | None,
    title: str,
    work: Callable[[Progress, Cancel], Any],
    *,
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[str], None] | None = None,
    label: str = "",
    cancellable: bool = True,
) -> Task:
    """Start `work` on a worker thread with a window-modal progress dialog; returns the running Task."""
    dialog = QProgressDialog(label or title, _tr("Cancel") if cancellable else "", 0, _STEPS, parent)
    dialog.setWindowTitle(title)
    # Room for the longer notes that follow the first one ("Tokenising 120 of 4000 documents…"): the dialog is
    # sized to its first label, and a Korean note was cut off.
    dialog.setMinimumWidth(dialog.fontMetrics().horizontalAdvance("0") * 52)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)  # quick tasks finish without a flash of dialog
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setValue(0)
    if not cancellable:
        dialog.setCancelButton(None)
    task = Task(work)  # no parent: closing the window must not destroy a running thread
    task.dialog = dialog
    # weakly: a finished task someone keeps must not keep its (closed) window alive
    task.owner, task.title = (weakref.ref(parent) if parent is not None else None), title

    def show_progress(fraction: float, message: str) -> None:
        dialog.setValue(int(max(0.0, min(1.0, fraction)) * _STEPS))
        if message:
            dialog.setLabelText(progress_line(message))  # the store's and importer's English, in the UI language

    def cancel() -> None:
        task.cancel()
        dialog.setLabelText(_tr("Cancelling…"))

    def finish() -> None:
        dialog.canceled.disconnect(cancel)
        dialog.close()
        dialog.deleteLater()

    def thread_ended() -> None:  # run() has returned: only now may the QThread object go
        _running.discard(task)
        task.deleteLater()

    def done(result: Any) -> None:
        finish()
        if on_done is not None:
            on_done(result)

    def failed(message: str) -> None:
        finish()
        if on_error is not None:
            on_error(message)
        else:
            QMessageBox.critical(parent, title, message)

    task.progressed.connect(show_progress)
    task.succeeded.connect(done)
    task.failed.connect(failed)
    dialog.canceled.connect(cancel)
    task.finished.connect(thread_ended)
    _running.add(task)
    task.start()
    return task


def running_under(window: QWidget) -> list[Task]:
    """The tasks started from window or from a widget inside it (one of its dialogs)."""
    def inside(owner) -> bool:
        try:
            while owner is not None:
                if owner is window:
                    return True
                owner = owner.parentWidget()
        except RuntimeError:  # a dialog already deleted
            return False
        return False

    return [task for task in list(_running) if task.owner is not None and inside(task.owner())]


def stop_to_close(window: QWidget) -> bool:
    """Before window closes: False when the user keeps its running tasks going (the window stays open); else
    they are cancelled and waited for, their results dropped. After the last window the process ends, and a
    thread still running then aborted it, in the middle of an import."""
    running = running_under(window)
    if not running:
        return True
    answer = QMessageBox.question(
        window, _tr("Close the window?"),
        _tr("Still running: %1. Stop it and close the window?\n\nWhat is done is kept: an import keeps the "
            "documents it stored, whole; an export or a report writes nothing; training keeps the best model so "
            "far.").replace("%1", ", ".join(dict.fromkeys(task.title for task in running))),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
    if answer != QMessageBox.StandardButton.Yes:
        return False
    for task in running:
        for signal in (task.progressed, task.succeeded, task.failed):  # nothing is reported to a closed window
            try:
                signal.disconnect()
            except (RuntimeError, TypeError):
                pass
        task.cancel()
    for task in running:
        task.wait()  # a chunk or a step: every task checks cancel() now and then
        _running.discard(task)
        try:
            task.dialog.close()
        except RuntimeError:
            pass
    return True
