"""The entity and relation lists of the open document (right dock). Clicking a row selects the item in the article."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from annotator.core.model import Relation, Span
from annotator.core.scheme import LabelScheme
from annotator.ui.label_palette import readable_text_color

ID_ROLE = Qt.ItemDataRole.UserRole + 1
SNIPPET_CHARS = 40


def _snippet(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SNIPPET_CHARS else text[: SNIPPET_CHARS - 1] + "…"


class _AnnotationTable(QTableWidget):
    """A read-only table whose rows carry an annotation id; item_clicked(id) on click or Enter."""

    item_clicked = Signal(int)

    def __init__(self, headers: list[str], parent: QWidget | None = None):
        super().__init__(0, len(headers), parent)
        self.setHorizontalHeaderLabels(headers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().setVisible(False)
        self.setWordWrap(False)
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.cellClicked.connect(self._emit_row)
        self.cellActivated.connect(self._emit_row)

    def _emit_row(self, row: int, _column: int = 0) -> None:
        item = self.item(row, 0)
        if item is not None:
            self.item_clicked.emit(int(item.data(ID_ROLE)))

    def select_id(self, item_id: int) -> None:
        """Select the row of an id (or clear the selection for -1) without emitting item_clicked."""
        self.blockSignals(True)
        try:
            self.clearSelection()
            for row in range(self.rowCount()):
                if self.item(row, 0).data(ID_ROLE) == item_id:
                    self.selectRow(row)
                    self.scrollToItem(self.item(row, 0))
                    break
        finally:
            self.blockSignals(False)

    def row_ids(self) -> list[int]:
        return [int(self.item(r, 0).data(ID_ROLE)) for r in range(self.rowCount())]

    def _label_item(self, name: str, scheme: LabelScheme) -> QTableWidgetItem:
        label = scheme.entity(name)
        item = QTableWidgetItem(name)
        if label is not None:
            item.setBackground(QBrush(QColor(label.color)))
            item.setForeground(QBrush(QColor(readable_text_color(label.color))))
            item.setToolTip(label.display)
        return item


class EntityList(_AnnotationTable):
    def __init__(self, parent: QWidget | None = None):
        super().__init__([self.tr("Text"), self.tr("Label"), self.tr("Offsets")], parent)
        self.setObjectName("entityList")

    def populate(self, text: str, spans: list[Span], scheme: LabelScheme) -> None:
        selected = self.selected_id()
        self.setRowCount(len(spans))
        for row, span in enumerate(spans):
            first = QTableWidgetItem(_snippet(text[span.start : span.end]))
            first.setData(ID_ROLE, span.id)
            first.setToolTip(self.tr("by %1 at %2").replace("%1", span.reviewer).replace("%2", span.created_at))
            self.setItem(row, 0, first)
            self.setItem(row, 1, self._label_item(span.label, scheme))
            self.setItem(row, 2, QTableWidgetItem(f"{span.start}–{span.end}"))
        self.resizeColumnToContents(1)
        self.resizeColumnToContents(2)
        if selected is not None:
            self.select_id(selected)

    def selected_id(self) -> int | None:
        rows = self.selectionModel().selectedRows() if self.selectionModel() else []
        return int(self.item(rows[0].row(), 0).data(ID_ROLE)) if rows else None


class RelationList(_AnnotationTable):
    def __init__(self, parent: QWidget | None = None):
        super().__init__([self.tr("Head"), self.tr("Relation"), self.tr("Tail")], parent)
        self.setObjectName("relationList")
        self.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)

    def populate(self, text: str, spans: list[Span], relations: list[Relation], scheme: LabelScheme) -> None:
        by_id = {s.id: s for s in spans}
        self.setRowCount(len(relations))
        for row, rel in enumerate(relations):
            head, tail = by_id.get(rel.head_id), by_id.get(rel.tail_id)
            first = QTableWidgetItem(_snippet(text[head.start : head.end]) if head else "?")
            first.setData(ID_ROLE, rel.id)
            self.setItem(row, 0, first)
            relation = scheme.relation(rel.label)
            middle = QTableWidgetItem(f"{relation.display} {rel.label}" if relation and relation.display else rel.label)
            self.setItem(row, 1, middle)
            self.setItem(row, 2, QTableWidgetItem(_snippet(text[tail.start : tail.end]) if tail else "?"))
        self.resizeColumnToContents(1)
