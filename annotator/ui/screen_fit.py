"""Windows and dialogs sized to the screen they open on: a size chosen on a large monitor, shrunk to a 1024x600
laptop's (a dialog taller than the screen had its OK and Cancel below its bottom edge)."""

from __future__ import annotations

from PySide6.QtCore import QMargins, QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

# Room kept for the window manager's frame around the client area: title bar above, borders elsewhere.
FRAME = QMargins(8, 32, 8, 8)


def fit_to_screen(wanted: QRect, available: QRect, *, centre: bool = False) -> QRect:
    """The client rectangle wanted, shrunk to fit the available screen area with its frame and moved inside it
    (centred when centre is set, e.g. on a first start with no saved geometry)."""
    if available.isEmpty():
        return QRect(wanted)
    area = available.marginsRemoved(FRAME)
    width, height = min(wanted.width(), area.width()), min(wanted.height(), area.height())
    if centre:
        left, top = area.left() + (area.width() - width) // 2, area.top() + (area.height() - height) // 2
    else:
        left = min(max(wanted.left(), area.left()), area.left() + area.width() - width)
        top = min(max(wanted.top(), area.top()), area.top() + area.height() - height)
    return QRect(left, top, width, height)


def resize_within_screen(widget: QWidget, width: int, height: int) -> None:
    """widget.resize(width, height), no larger than its parent's screen leaves room for (with the frame), and
    no smaller than the widget's layout needs."""
    anchor = widget.parentWidget() or widget
    screen = anchor.screen() or QGuiApplication.primaryScreen()
    available = screen.availableGeometry() if screen is not None else QRect()
    fitted = fit_to_screen(QRect(0, 0, width, height), available).size()
    least = widget.minimumSizeHint()
    widget.resize(max(fitted.width(), least.width()), max(fitted.height(), least.height()))
