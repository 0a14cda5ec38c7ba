"""Closing the window while an import (an export, training) runs: the process ended with the worker thread
still running and aborted ("QThread: Destroyed while thread is still running", exit 134), in the middle of
the import. Now the window asks; Yes stops the work and waits for it, No keeps the window open and the work
going."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QMessageBox

from tests.ui.mw_support import sample_path_db, sample_project, settings_dir, window  # noqa: F401 (fixtures)


def _endless_task(window):
    from annotator.ui import tasks

    started, delivered = threading.Event(), []

    def work(progress, cancel):
        started.set()
        while not cancel():
            progress(0.5, "working")
            threading.Event().wait(0.01)
        return "stopped"

    task = tasks.run_task(window, "Importing", work, on_done=delivered.append)
    assert started.wait(10)
    return task, delivered


def test_no_keeps_the_window_open_and_the_task_running(window, qtbot, monkeypatch):
    from annotator.ui import tasks

    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.No)
    task, _ = _endless_task(window)
    assert not window.close()
    assert window.isVisible() and task.isRunning() and task in tasks._running
    assert asked and asked[0].startswith("Still running: Importing.")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    assert window.close()


def test_yes_stops_the_task_and_waits_for_it_before_the_window_closes(window, qtbot, monkeypatch):
    from annotator.ui import tasks

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    task, delivered = _endless_task(window)
    assert window.close()
    assert task.isFinished() and task.is_cancelled() and task not in tasks._running
    qtbot.wait(50)
    assert delivered == []  # nothing is reported to the closed window


def test_a_window_with_nothing_running_closes_without_a_question(window, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: (_ for _ in ()).throw(AssertionError("asked")))
    assert window.close()


def test_a_task_of_one_of_its_dialogs_counts_too(window, qtbot, monkeypatch):
    from PySide6.QtWidgets import QDialog

    from annotator.ui import tasks

    dialog = QDialog(window)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    started = threading.Event()

    def work(progress, cancel):
        started.set()
        while not cancel():
            threading.Event().wait(0.01)

    task = tasks.run_task(dialog, "Exporting", work)
    assert started.wait(10)
    assert tasks.running_under(window) == [task]
    assert window.close() and task.isFinished()


def test_the_question_is_korean_in_the_korean_window(window, qtbot, monkeypatch):
    from PySide6.QtWidgets import QApplication

    from annotator.ui.app import install_translator

    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[1:3]) or QMessageBox.StandardButton.Yes)
    translator = install_translator(QApplication.instance(), "ko")
    try:
        _endless_task(window)
        assert window.close()
    finally:
        QApplication.instance().removeTranslator(translator)
    (title, text), = asked
    assert title == "창을 닫을까요?" and text.startswith("아직 진행 중: Importing.")


def test_opening_another_project_while_an_import_runs_does_not_say_the_old_window_closed(window, qtbot, tmp_path,
                                                                                        monkeypatch):
    """File ▸ Open said "project.db is closed; every label in it is saved" beside the old window that stayed open
    because its import was kept going."""
    from PySide6.QtWidgets import QFileDialog, QMainWindow

    import annotator.ui.launch as launch
    from annotator.ui.main_actions import open_project

    other = QMainWindow()
    qtbot.addWidget(other)
    other.db_path = tmp_path / "other.db"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(other.db_path), ""))
    monkeypatch.setattr(launch, "open_main_window", lambda path, **kw: other)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    task, _ = _endless_task(window)
    open_project(window)
    assert window.isVisible() and task.isRunning()
    said = other.statusBar().currentMessage()
    assert "Opened other.db" in said and "stays open beside it" in said and "is closed" not in said
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    assert window.close()
