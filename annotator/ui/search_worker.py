"""The document list's searches, answered on a worker thread so that typing never waits for a scan.

A search of one or two characters cannot use the trigram index and reads every document (~0.2-0.5 s on 10k
documents). Each query is asked on its own thread and connection (Project.search_answer); the answer comes back
as ids, which the window's connection pins (Project.pin_search) before the list shows it. Only the newest query
counts: asking again interrupts the query still running, and an answer to an older one is dropped.
"""

from __future__ import annotations

import traceback
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from annotator.store import Project
from annotator.ui import tasks


class _Running:
    """The connection a search thread is using, so that a newer query can interrupt it."""

    def __init__(self) -> None:
        self.project: Project | None = None
        self.superseded = False

    def interrupt(self) -> None:
        self.superseded = True
        project = self.project
        if project is not None:
            project.interrupt()


class SearchRequests(QObject):
    """Asks searches of one project file in the background; `answered` gives only the newest one's answer."""

    answered = Signal(object)  # a SearchAnswer
    failed = Signal(str, str, bool)  # message, query, exact spacing
    busy_changed = Signal(bool)  # a search is running (the list says "Searching…")

    def __init__(self, db_path: Path, parent: QObject | None = None):
        super().__init__(parent)
        self.db_path = Path(db_path)
        self.ticket = 0  # of the newest query asked
        self.wanted: tuple[str, bool] | None = None  # the newest query asked and not yet answered
        self._last_asked: tuple[str, bool] = ("", False)
        self._running: _Running | None = None

    @property
    def busy(self) -> bool:
        return self.wanted is not None

    def ask(self, query: str, exact_spacing: bool) -> None:
        """Search query in the background; a query asked before and not yet answered is given up."""
        if self.wanted == (query, exact_spacing):
            return  # already on its way
        self.forget()
        self.ticket += 1
        ticket, db_path, running = self.ticket, self.db_path, _Running()
        self._running = running
        self.wanted = self._last_asked = (query, exact_spacing)

        def work(_progress, _cancel):
            try:
                with Project.open(db_path, read_only=True, validate=False) as project:  # its own connection
                    running.project = project
                    answer = None if running.superseded else project.search_answer(query, exact_spacing=exact_spacing)
                    running.project = None
                    return ticket, answer, None
            except Exception as exc:  # answered with the ticket: only the newest query's failure is shown
                traceback.print_exc()
                return ticket, None, str(exc) or type(exc).__name__

        task = tasks.Task(work)
        # A bound method of this QObject: Qt drops the connection when the list goes (see search_indexing.py).
        task.succeeded.connect(self._answered)
        task.finished.connect(lambda: _release(task))
        tasks._running.add(task)
        task.start()
        self.busy_changed.emit(True)

    def forget(self) -> None:
        """No answer wanted any more (a newer query, a cleared box, the window closing)."""
        if self._running is not None:
            self._running.interrupt()
            self._running = None
        was_busy = self.busy
        self.wanted = None
        self.ticket += 1
        if was_busy:
            self.busy_changed.emit(False)

    def _answered(self, result) -> None:
        ticket, answer, error = result
        if ticket != self.ticket:
            return  # a newer query was asked meanwhile
        if answer is None and error is None:  # interrupted, though for no newer query (cannot happen)
            error = "the search was interrupted"
        self._running, self.wanted = None, None
        self.busy_changed.emit(False)
        if error is not None:
            self.failed.emit(error, *self._last_asked)
        else:
            self.answered.emit(answer)


def _release(task: tasks.Task) -> None:
    """The thread has returned: only now may the QThread object go."""
    tasks._running.discard(task)
    task.deleteLater()
