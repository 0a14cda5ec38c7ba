"""A layout that lays its items out in a row and wraps onto more rows when the row is too narrow for them.

The article's bar (suggestion count, threshold, accept and reject buttons, Hide boilerplate) is one row on a wide
window; as a box layout its width was the article's minimum, so on a 1024 px screen the entity and relation docks
were squeezed to a sliver. An item aligned right sits at the right end of its row."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget


class FlowLayout(QLayout):
    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self.setSpacing(spacing)

    # QLayout's item interface ----------------------------------------------------------------------
    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 (Qt's name)
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    # sizes -------------------------------------------------------------------------------------------
    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def sizeHint(self) -> QSize:  # noqa: N802
        """All items in one row."""
        shown = self._shown()
        margins = self.contentsMargins()
        width = sum(item.sizeHint().width() for item in shown) + self.spacing() * max(0, len(shown) - 1)
        height = max((item.sizeHint().height() for item in shown), default=0)
        return QSize(width + margins.left() + margins.right(), height + margins.top() + margins.bottom())

    def minimumSize(self) -> QSize:  # noqa: N802
        """The widest single item: every other one can go onto a row of its own."""
        margins = self.contentsMargins()
        width = max((item.minimumSize().width() for item in self._shown()), default=0)
        return QSize(width + margins.left() + margins.right(), margins.top() + margins.bottom())

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    # layout ------------------------------------------------------------------------------------------
    def _shown(self) -> list[QLayoutItem]:
        return [item for item in self._items if not item.isEmpty()]

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        """Place the items in rows inside rect (when move is set); the height the rows take."""
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        rows: list[list[tuple[QLayoutItem, int, int]]] = [[]]
        x = 0
        for item in self._shown():
            width = max(item.minimumSize().width(), min(item.sizeHint().width(), area.width()))
            height = item.heightForWidth(width) if item.hasHeightForWidth() else item.sizeHint().height()
            if rows[-1] and x + width > area.width():
                rows.append([])
                x = 0
            rows[-1].append((item, width, height))
            x += width + self.spacing()
        y = area.top()
        for row in rows:
            row_height = max((height for _, _, height in row), default=0)
            if move:
                x = area.left()
                for item, width, height in row:
                    left = area.right() + 1 - width if item.alignment() & Qt.AlignmentFlag.AlignRight else x
                    item.setGeometry(QRect(QPoint(max(x, left), y + (row_height - height) // 2), QSize(width, height)))
                    x += width + self.spacing()
            y += row_height + (self.spacing() if row_height else 0)
        used = y - area.top() - (self.spacing() if any(rows) else 0)
        return max(0, used) + margins.top() + margins.bottom()
