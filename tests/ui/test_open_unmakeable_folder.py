"""Opening a project whose folder cannot be made (a path under a file, a read-only disk, no right to write there)
from the app's Open: one message naming the path, the open window kept. It was a FileNotFoundError /
NotADirectoryError escaping the slot, as only ProjectError was caught (found by the campaign's app-open cases:
scripts/fuzz_campaign.py --target states)."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QMessageBox

from annotator.ui.main_actions import open_project
from tests.ui.mw_support import sample_path_db, sample_project, settings_dir, window  # noqa: F401 (fixtures)


def test_a_project_under_a_file_is_refused_in_one_message(qtbot, window, tmp_path, monkeypatch):
    blocker = tmp_path / "notes.txt"
    blocker.write_text("a file, not a folder", encoding="utf-8")
    chosen = blocker / "team" / "p.db"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(chosen), ""))
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a, **k: shown.append((title, text)))
    open_project(window)
    assert window.isVisible()
    ((title, text),) = shown
    assert title == "Cannot open project"
    assert text.startswith(f"{chosen}: its folder cannot be made (") and str(blocker) in text
    assert text.endswith("nothing was written") and blocker.read_text(encoding="utf-8") == "a file, not a folder"
