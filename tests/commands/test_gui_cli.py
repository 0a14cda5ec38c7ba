"""`annotator`, `annotator gui [--db]` and `annotator-gui` start the app; the first run imports the samples."""

from __future__ import annotations

import pytest

from annotator import cli
from annotator.commands import gui
from annotator.ui import launch


@pytest.fixture
def recorded(monkeypatch):
    calls = []
    monkeypatch.setattr(gui, "run_gui", lambda db=None: calls.append(db) or 0)
    return calls


def test_no_arguments_starts_the_gui_on_the_default_project(recorded):
    assert cli.main([]) == 0
    assert recorded == [None]


def test_gui_subcommand_with_db(recorded, tmp_path):
    assert cli.main(["gui", "--db", str(tmp_path / "x.db")]) == 0
    assert recorded == [tmp_path / "x.db"]
    assert "gui" in cli.build_parser().format_help()


def test_gui_script_entry_point(recorded, tmp_path):
    assert gui.main(["--db", str(tmp_path / "y.db")]) == 0
    assert recorded == [tmp_path / "y.db"]


@pytest.fixture
def no_event_loop(monkeypatch, tmp_path):
    """Run the real start-up but return from the event loop at once; settings in tmp."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    monkeypatch.setenv("ANNOTATOR_REVIEWER", "kim")
    monkeypatch.setenv("ANNOTATOR_MORPHOLOGY", "0")
    monkeypatch.setattr(QApplication, "exec", lambda *a: 0)
    yield
    for window in list(launch.open_windows):
        window.close()
    QApplication.processEvents()


def test_first_run_on_the_default_path_imports_the_samples(qtbot, no_event_loop, tmp_path, monkeypatch):
    db = tmp_path / "data" / "project.annotator.db"
    monkeypatch.setenv("ANNOTATOR_DB", str(db))
    assert gui.run_gui(None) == 0
    assert db.exists()
    window = launch.open_windows[-1]
    assert window.project.count_documents() == 3
    assert window.session.doc_id is not None


def test_an_explicit_new_db_starts_empty(qtbot, no_event_loop, tmp_path):
    db = tmp_path / "empty.db"
    assert gui.run_gui(db) == 0
    window = launch.open_windows[-1]
    assert window.project.count_documents() == 0
    assert window.session.doc_id is None
    assert window.position_label.text() == "– / 0"


def test_unreadable_project_is_a_clear_error(qtbot, no_event_loop, tmp_path, monkeypatch, capsys):
    from PySide6.QtWidgets import QMessageBox

    shown = []
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(lambda parent, title, text, *a: shown.append(text)))
    bad = tmp_path / "not-a-project.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    assert gui.run_gui(bad) == 1
    assert shown and str(bad) in shown[0]
    assert "annotator: error:" in capsys.readouterr().err
