"""Database errors at the UI boundary (issue 10, class 7): a damaged file read later gives one clear message
in a message box, never a traceback that dumps the text SQLite was reading."""

from __future__ import annotations

import sqlite3
import sys

from PySide6.QtWidgets import QMessageBox

from annotator.ui import tasks
from annotator.ui.launch import install_database_error_hook
from tests.ui.mw_support import sample_path_db, sample_project, settings_dir, window  # noqa: F401 (fixtures)

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


def test_an_import_stopped_by_a_full_disk_lists_what_was_stored(qtbot, monkeypatch, tmp_path, window):
    from annotator.io import importers
    from annotator.io.importers import ImportReport, ImportStopped
    from annotator.ui.main_actions import run_import

    def stopped(project, paths, **kwargs):
        report = ImportReport(imported=2, stopped="p.db: disk full\nimport stopped: 2 documents stored, 5 read but"
                                                 " not stored; nothing saved before was lost")
        raise ImportStopped(report.stopped, report)

    monkeypatch.setattr(importers, "import_paths", stopped)
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append((box.windowTitle(), box.text())))
    run_import(window, [tmp_path])
    qtbot.waitUntil(lambda: bool(shown), timeout=30_000)
    title, text = shown[0]
    assert title == "Import stopped" and "disk full" in text and "Imported 2 documents" in text
