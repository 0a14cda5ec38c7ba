"""File ▸ Recent projects: the projects last opened in this app (QSettings, newest first), each opened as File ▸ Open
project… opens a file, the open one and files no longer there left out of reach (shown disabled)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QMenu

    from annotator.ui.main_window import MainWindow

RECENT_KEY = "recent/projects"
MAX_RECENT = 8


def _tr(text: str) -> str:
    return QCoreApplication.translate("", text)


def recent(settings: "QSettings") -> list[Path]:
    value = settings.value(RECENT_KEY, [])
    if isinstance(value, str):  # QSettings (INI) gives a one-entry list back as a string
        value = [value]
    return [Path(str(p)) for p in (value or []) if str(p)]


def remember(settings: "QSettings", path: Path) -> None:
    """Put path first (once), keeping MAX_RECENT."""
    path = Path(path).resolve()
    paths = [path] + [p for p in recent(settings) if p != path]
    settings.setValue(RECENT_KEY, [str(p) for p in paths[:MAX_RECENT]])


def install(window: "MainWindow", file_menu: "QMenu", before) -> "QMenu":
    """The Open recent submenu, placed before the action `before`; filled each time it is shown."""
    from PySide6.QtWidgets import QMenu

    menu = QMenu(_tr("Recent &projects"), file_menu)
    file_menu.insertMenu(before, menu)
    remember(window.settings, window.db_path)
    menu.aboutToShow.connect(lambda: fill(window, menu))
    fill(window, menu)  # its actions exist before the first show (keyboard navigation, tests)
    return menu


def fill(window: "MainWindow", menu: "QMenu") -> None:
    from annotator.ui.main_actions import open_project_path

    menu.clear()
    current = Path(window.db_path).resolve()
    shown = [p for p in recent(window.settings) if p != current]
    for n, path in enumerate(shown, 1):
        text = f"&{n} {path.name}  ({path.parent})" if n < 10 else f"{path.name}  ({path.parent})"
        action = menu.addAction(text if path.exists() else text + " " + _tr("(missing)"))
        action.setToolTip(str(path))
        action.setData(str(path))
        action.setEnabled(path.exists())
        action.triggered.connect(lambda _c=False, p=path: open_project_path(window, p))
    if not shown:
        menu.addAction(_tr("(no other project opened yet)")).setEnabled(False)
    menu.addSeparator()
    clear = menu.addAction(_tr("&Clear the list"))
    clear.setEnabled(bool(shown))
    clear.triggered.connect(lambda: (window.settings.setValue(RECENT_KEY, [str(current)]), fill(window, menu)))
