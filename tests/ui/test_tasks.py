"""annotator.ui.tasks: work runs off the GUI thread, reports progress, can be cancelled, and errors are shown."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from annotator.ui import tasks


def test_work_runs_on_a_worker_thread_and_on_done_gets_the_result(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    seen = {}

    def work(progress, cancel):
        seen["thread"] = threading.current_thread()
        for i in range(5):
            progress(i / 5, f"step {i}")
        return 42

    results = []
    task = tasks.run_task(parent, "Counting", work, on_done=results.append)
    qtbot.waitUntil(lambda: results == [42], timeout=30_000)
    assert seen["thread"] is not threading.main_thread()
    qtbot.waitUntil(lambda: task not in tasks._running, timeout=30_000)  # released once the thread ended


def test_progress_reaches_the_dialog_and_cancel_stops_the_work(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    started = threading.Event()
    results = []

    def work(progress, cancel):
        progress(0.5, "halfway")
        started.set()
        while not cancel():
            time.sleep(0.01)
        return "stopped"

    task = tasks.run_task(parent, "Waiting", work, on_done=results.append)
    assert started.wait(5)
    qtbot.waitUntil(lambda: task.dialog.value() == 500, timeout=30_000)
    assert task.dialog.labelText() == "halfway"
    button = task.dialog.findChild(QPushButton)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: results == ["stopped"], timeout=30_000)
    assert task.is_cancelled()


def test_an_exception_is_shown_in_a_message_box(qtbot, monkeypatch):
    parent = QWidget()
    qtbot.addWidget(parent)
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: shown.append(args[1:3]))

    def work(progress, cancel):
        raise OSError("disk full")

    done = []
    tasks.run_task(parent, "Writing", work, on_done=done.append)
    qtbot.waitUntil(lambda: bool(shown), timeout=30_000)
    assert shown == [("Writing", "disk full")] and done == []


def test_on_error_replaces_the_message_box(qtbot):
    errors = []
    tasks.run_task(None, "Failing", lambda progress, cancel: 1 / 0, on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=30_000)
    assert errors[0].startswith("ZeroDivisionError")
