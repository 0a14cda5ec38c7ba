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


def test_no_display_gives_a_clear_message_instead_of_a_qt_abort(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
    out = subprocess.run([sys.executable, "-m", "annotator", "gui", "--db", str(tmp_path / "p.db")],
                         capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode == 1
    assert "no display" in out.stderr and "xvfb-run" in out.stderr
    assert not (tmp_path / "p.db").exists()  # nothing was created


def test_display_problem_rules():
    from annotator.commands.gui import display_problem

    assert display_problem({}, "linux") is not None
    assert display_problem({"DISPLAY": ":0"}, "linux") is None
    assert display_problem({"WAYLAND_DISPLAY": "wayland-0"}, "linux") is None
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux") is None
    assert display_problem({}, "darwin") is None and display_problem({}, "win32") is None
