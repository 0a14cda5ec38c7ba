"""Files and folders dropped on the main window import through File ▸ Import's path: the same worker and
progress dialog, the same summary, refused files left untouched; a drop on the search box imports too instead
of pasting the paths."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.ui.mw_support import sample_path_db, sample_project, settings_dir, window  # noqa: F401 (fixtures)


def mime_of(paths) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    mime.setText("\n".join(str(p) for p in paths))  # file managers send the paths as text too
    return mime


def drop(widget, mime: QMimeData) -> tuple[bool, bool]:
    """Drag onto widget and drop; (the drag was accepted, the drop was accepted)."""
    actions = Qt.DropAction.CopyAction | Qt.DropAction.MoveAction
    enter = QDragEnterEvent(QPoint(5, 5), actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, enter)
    dropped = QDropEvent(QPointF(5, 5), actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, dropped)
    return enter.isAccepted(), dropped.isAccepted()


def pages(folder: Path, n: int, start: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(start, start + n):
        path = folder / f"{i:02d}.txt"
        path.write_text(f"기사 {i} 제목\n\n강원 원주시가 규제자유특구 {i}호로 지정됐다고 중기부가 밝혔다.\n", encoding="utf-8")
        out.append(path)
    return out


def watch_imports(monkeypatch):
    from annotator.ui import tasks

    titles, boxes = [], []
    original = tasks.run_task

    def run_task(parent, title, work, **kwargs):
        task = original(parent, title, work, **kwargs)
        titles.append((title, type(task.dialog).__name__, kwargs.get("cancellable", True)))
        return task

    monkeypatch.setattr(tasks, "run_task", run_task)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: boxes.append((box.text(), box.detailedText())) or 0)
    return titles, boxes


def test_files_and_a_folder_dropped_on_the_window_are_imported(window, qtbot, tmp_path, monkeypatch):
    from annotator.ui import tasks

    titles, _boxes = watch_imports(monkeypatch)
    files = pages(tmp_path / "loose", 2)
    pages(tmp_path / "folder" / "sub", 3, start=10)
    accepted = drop(window.editor.view.viewport(), mime_of(files + [tmp_path / "folder"]))
    assert accepted == (True, True)
    qtbot.waitUntil(lambda: bool(titles), timeout=5_000)
    qtbot.waitUntil(lambda: not tasks._running, timeout=30_000)
    qtbot.waitUntil(lambda: window.documents.model.rowCount() == 8, timeout=5_000)
    assert titles[0] == ("Importing", "QProgressDialog", True)  # File ▸ Import's worker and cancellable dialog
    assert "Imported 5 documents" in window.statusBar().currentMessage()
    assert window.settings.value("import/folder") == str(tmp_path / "loose")  # the next dialog opens there


def test_a_drop_on_the_search_box_imports_and_does_not_paste_the_paths(window, qtbot, tmp_path, monkeypatch):
    from annotator.ui import tasks

    titles, _boxes = watch_imports(monkeypatch)
    files = pages(tmp_path / "in", 1)
    box = window.documents.search_box
    assert drop(box, mime_of(files)) == (True, True)
    qtbot.waitUntil(lambda: bool(titles), timeout=5_000)
    qtbot.waitUntil(lambda: not tasks._running, timeout=30_000)
    qtbot.waitUntil(lambda: window.documents.model.rowCount() == 4, timeout=5_000)
    assert box.text() == ""


def test_refused_files_are_listed_and_left_untouched(window, qtbot, tmp_path, monkeypatch):
    from annotator.ui import tasks

    titles, boxes = watch_imports(monkeypatch)
    good = pages(tmp_path / "in", 1)
    bad = tmp_path / "in" / "photo.jpg"
    bad.write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4)
    before = (bad.read_bytes(), os.stat(bad).st_mtime_ns)
    drop(window, mime_of(good + [bad]))
    qtbot.waitUntil(lambda: bool(titles), timeout=5_000)
    qtbot.waitUntil(lambda: not tasks._running, timeout=30_000)
    qtbot.waitUntil(lambda: bool(boxes), timeout=5_000)
    text, details = boxes[0]
    assert "Imported 1 document" in text and "1 problem" in text and "photo.jpg" in details
    assert (bad.read_bytes(), os.stat(bad).st_mtime_ns) == before
    assert window.documents.model.rowCount() == 4


def test_a_text_drag_is_left_to_the_widget(window):
    mime = QMimeData()
    mime.setText("중기부")
    enter = QDragEnterEvent(QPoint(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    enter.ignore()
    QApplication.sendEvent(window, enter)
    assert not enter.isAccepted()  # the window takes files only


def test_a_dropped_project_file_opens_the_merge_dialog_with_it(window, qtbot, tmp_path, monkeypatch):
    from annotator.store import Project
    from annotator.ui import team_dialogs

    opened = []
    original = team_dialogs.open_merge_dialog
    monkeypatch.setattr(team_dialogs, "open_merge_dialog", lambda w: opened.append(original(w)) or opened[-1])
    other = tmp_path / "lee.annotator.db"
    with Project.open(other, "lee"):
        pass
    drop(window, mime_of([other]))
    qtbot.waitUntil(lambda: bool(opened), timeout=5_000)
    dialog = opened[0]
    assert dialog.source_paths() == [other] and window.documents.model.rowCount() == 3  # nothing imported
    dialog.close()
