"""Files and folders dropped on the main window are imported as File ▸ Import does: the same worker, progress
dialog and summary (main_actions.import_chosen); refused files are left untouched, as there. Project files
(SQLite) dropped are not documents: they open File ▸ Merge project files… with them listed.

A drop anywhere on the window counts, also on the widgets that take text drops themselves (the search box, the
date filters): a drag that carries local files is taken here before they would paste its paths as text.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QMimeData, QObject, Qt, QTimer
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow

_DRAG_EVENTS = (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop)


def dropped_paths(mime: QMimeData | None) -> list[Path]:
    """The local files and folders a drag carries, in its order (other URLs: none)."""
    if mime is None or not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile() and url.toLocalFile()]


class FileDrops(QObject):
    """Installed on the window and on each of its widgets that accepts drops."""

    def __init__(self, window: "MainWindow") -> None:
        super().__init__(window)  # the window is its parent(), not an attribute: no cycle keeps a closed one alive
        window.setAcceptDrops(True)
        for widget in [window, *window.findChildren(QWidget)]:
            if widget.acceptDrops():
                widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        if event.type() not in _DRAG_EVENTS:
            return False
        paths = dropped_paths(event.mimeData())
        if not paths:
            return False  # text and other drags go where they went before
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        if event.type() == QEvent.Type.Drop:
            # After the drop returns: the file manager is not kept waiting while the import starts.
            window = self.parent()
            QTimer.singleShot(0, lambda: take_dropped(window, paths))
        return True


def is_project_file(path: Path) -> bool:
    """An SQLite file (a reviewer's project): merged, not imported as documents."""
    try:
        with open(path, "rb") as fh:
            return fh.read(16) == b"SQLite format 3\x00"
    except OSError:  # a folder, or unreadable: the import says what it is
        return False


def take_dropped(window: "MainWindow", paths: list[Path]) -> None:
    """Documents are imported; project files go to File ▸ Merge project files…, listed there to be merged."""
    from annotator.ui.main_actions import import_chosen

    projects = [p for p in paths if p.is_file() and is_project_file(p)]
    documents = [p for p in paths if p not in projects]
    if documents:
        import_chosen(window, documents)
    if projects:
        from annotator.ui.team_dialogs import open_merge_dialog

        open_merge_dialog(window).add_sources(projects)
