"""Database errors at the UI boundary (issue 10, class 7): a damaged file read later gives one clear message
in a message box, never a traceback that dumps the text SQLite was reading."""

from __future__ import annotations

import sqlite3
import sys

from PySide6.QtWidgets import QMessageBox

from annotator.ui import tasks
from annotator.ui.launch import install_database_error_hook

DUMP = "Could not decode to UTF-8 column 'text' with text '규제자유특구 비밀 본문'"


def test_a_worker_database_error_is_named_without_the_data(qtbot):
    errors = []

    def work(progress, cancel):
        raise sqlite3.OperationalError(DUMP)

    tasks.run_task(None, "Exporting", work, on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=30_000)
    assert "damaged" in errors[0] and "비밀" not in errors[0]


def test_a_database_error_escaping_a_slot_is_shown_clearly(qtbot, monkeypatch, tmp_path, capsys):
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: shown.append(args[2]))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    install_database_error_hook(tmp_path / "p.db")
    try:
        raise sqlite3.OperationalError(DUMP)
    except sqlite3.Error:
        sys.excepthook(*sys.exc_info())
    assert len(shown) == 1 and str(tmp_path / "p.db") in shown[0] and "damaged" in shown[0]
    assert "비밀" not in shown[0] + capsys.readouterr().err
