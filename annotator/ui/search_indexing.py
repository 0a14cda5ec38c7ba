"""The search index built in the background after an import (or when a project opens with documents pending).

Documents are usable as soon as an import has stored them; this job adds them to the FTS5 index on a worker
thread with its own connection, a batch per transaction, and shows "Indexing for search N%" in the status bar.
Search is right meanwhile (documents not yet indexed are scanned). Closing the window cancels it between batches;
the next opening resumes where it stopped. A damaged index (the store's cheap probe finds it when the project
opens) is emptied and built again the same way.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QLabel, QMainWindow

from annotator.store import Project
from annotator.ui import tasks
from annotator.ui.wording import counted


# Small batches: a batch holds the write lock, and a label action must never wait long behind it (~1 ms a page).
GUI_BATCH = 64


def _tr(text: str) -> str:
    return QCoreApplication.translate("", text)  # context "": lupdate reads _tr as tr without a class


class BackgroundIndexer(QObject):
    """One per window; start() is a no-op while a run is going."""

    def __init__(self, window: QMainWindow, db_path: Path, reviewer: str):
        super().__init__(window)  # no Python reference to the window: the window owns this, not the other way
        self.db_path, self.reviewer = Path(db_path), reviewer
        self.task: tasks.Task | None = None
        self.paused = False  # held still (a merge runs): start() waits for resume()
        self.label = QLabel()
        self.label.hide()
        window.statusBar().addPermanentWidget(self.label)

    def pending(self, project: Project) -> int:
        indexed, total = project.index_status()
        return total - indexed

    def start(self, *, rebuild: bool = False) -> tasks.Task | None:
        """Index what is pending, in the background; rebuild: empty the index first whatever the probe says (a
        search met damage there that the probe's few documents do not show)."""
        if self.paused:
            return None
        if self.task is not None:
            return self.task
        db_path, reviewer = self.db_path, self.reviewer

        def work(progress, cancel):
            with Project.open(db_path, reviewer, backfill=False) as project:  # the back-fill has its own worker
                if rebuild or project.probe_search_index() is not None:  # damaged: emptied, indexed again
                    project.reset_search_index()
                return project.index_pending(batch=GUI_BATCH, progress=progress, cancel=cancel)

        task = tasks.Task(work)
        # Bound methods of this QObject: Qt drops the connections when the window (its parent) goes, and
        # nothing here keeps the window alive while the thread finishes its batch.
        task.progressed.connect(self._show_progress)
        task.succeeded.connect(self._done)
        task.failed.connect(self._failed)
        task.finished.connect(self._ended)
        task.finished.connect(lambda: _release(task))
        tasks._running.add(task)
        self.task = task
        self._show_progress(0.0, "")
        task.start()
        return task

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def pause(self, on_idle) -> None:
        """No batch from here until resume(): a run stops after the batch at hand (what it indexed stays), then
        on_idle() (at once when none runs)."""
        self.paused = True
        if self.task is None:
            on_idle()
            return
        self.task.finished.connect(on_idle)  # after _ended: the task is gone by then
        self.task.cancel()

    def resume(self) -> None:
        """Go on after a pause: index what is pending (what a stopped run left, what a merge added)."""
        self.paused = False
        self.start()

    def note_search(self, query: str, _exact_spacing: bool = False) -> None:
        """After a search of the document list: if it found the index damaged (it was answered by reading every
        document), say so and rebuild the index in the background."""
        project = getattr(self.parent(), "project", None)
        if not query or project is None or project.search_index_damage is None:
            return
        self.parent().statusBar().showMessage(
            _tr("The search index is damaged: searches read every document until it is rebuilt (now, in the"
                " background)"), 10000)
        self.start(rebuild=True)

    def _show_progress(self, fraction: float, _message: str) -> None:
        self.label.setText(_tr("Indexing for search %1%").replace("%1", str(int(fraction * 100))))
        self.label.show()

    def _done(self, run) -> None:
        self.label.hide()
        if run.indexed and not run.cancelled:
            bar = self.parent().statusBar()
            # An import's summary (or any other message) is shown just before this: it is not replaced; the
            # "Indexing for search" note going away says the index is ready.
            if not bar.currentMessage():
                bar.showMessage(_tr("Search index ready: %1 added").replace(
                    "%1", counted(run.indexed, _tr("1 document"), _tr("%n documents"))), 5000)

    def _failed(self, message: str) -> None:
        self.label.setText(_tr("Search index not built: %1").replace("%1", message))

    def _ended(self) -> None:
        self.task = None


def _release(task: tasks.Task) -> None:
    """The thread has returned: only now may the QThread object go."""
    tasks._running.discard(task)
    task.deleteLater()
