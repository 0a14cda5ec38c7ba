"""Files and folders dropped on the main window are imported as File ▸ Import does: the same worker, progress
dialog and summary (main_actions.import_chosen); refused files are left untouched, as there.

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
            from annotator.ui.main_actions import import_chosen

            # After the drop returns: the file manager is not kept waiting while the import starts.
            window = self.parent()
            QTimer.singleShot(0, lambda: import_chosen(window, paths))
        return True
