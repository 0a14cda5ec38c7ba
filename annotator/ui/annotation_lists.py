"""The entity and relation lists of the open document (right dock): table models over the session's state,
updated row by row from each edit's delta (beginInsertRows/beginRemoveRows), never rebuilt for an edit.
Entities of other layers are listed greyed, read-only; clicking a row selects the item in the article."""

from __future__ import annotations

from bisect import bisect_left

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractTableModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from annotator.core.delta import AnnotationDelta
from annotator.core.document_state import DocumentState
from annotator.core.model import Relation, Span
from annotator.core.scheme import LabelScheme
from annotator.ui.label_palette import readable_text_color

ID_ROLE = Qt.ItemDataRole.UserRole + 1
SNIPPET_CHARS = 40
OTHER_LAYER_TEXT = QColor("#8a8a8a")


def _full_text(text: str, limit: int = 500) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _snippet(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SNIPPET_CHARS else text[: SNIPPET_CHARS - 1] + "…"


class _RowsModel(QAbstractTableModel):
    """Rows kept sorted by row_key; a delta removes and inserts single rows."""

    HEADERS: tuple[str, ...] = ()

    def __init__(self, state: DocumentState, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.scheme = LabelScheme(name="")
        self.rows: list = []
        self.keys: list = []
        self.key_of: dict[int, tuple] = {}  # item id -> its sort key: rows are found by bisection, not a scan
        self._italic = QFont()
        self._italic.setItalic(True)
        self._other_brush = QBrush(OTHER_LAYER_TEXT)
        self._brushes: dict[str, tuple[QBrush, QBrush]] = {}

    def row_key(self, item) -> tuple:
        raise NotImplementedError

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802 (Qt's name)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(self.HEADERS[section])
        return None

    def reset_rows(self, items, scheme: LabelScheme) -> None:
        self.beginResetModel()
        self.scheme = scheme
        self.rows = sorted(items, key=self.row_key)
        self.keys = [self.row_key(item) for item in self.rows]
        self.key_of = {item.id: key for item, key in zip(self.rows, self.keys)}
        self.endResetModel()

    def remove_ids(self, ids) -> None:
        for item_id in ids:
            row = self.row_of(item_id)
            if row is not None:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self.rows[row], self.keys[row], self.key_of[item_id]
                self.endRemoveRows()

    def insert(self, items) -> None:
        for item in items:
            if self.row_of(item.id) is not None:
                continue
            key = self.row_key(item)
            row = bisect_left(self.keys, key)
            self.beginInsertRows(QModelIndex(), row, row)
            self.rows.insert(row, item)
            self.keys.insert(row, key)
            self.key_of[item.id] = key
            self.endInsertRows()

    def row_of(self, item_id: int) -> int | None:
        key = self.key_of.get(item_id)
        if key is None:
            return None
        row = bisect_left(self.keys, key)  # keys are unique (they end with the id)
        return row if row < len(self.rows) and self.rows[row].id == item_id else None

    def sync_others(self, wanted: dict) -> None:
        """Show exactly the other layers' items the state shows (an entity copied into the own layer hides)."""
        shown = {item.id for item in self.rows if self.is_other(item)}
        self.remove_ids([i for i in shown if i not in wanted])
        self.insert(item for i, item in wanted.items() if i not in shown)

    def is_other(self, item) -> bool:
        return bool(item.layer) and bool(self.state.edit_layer) and item.layer != self.state.edit_layer

    def _common(self, item, role: int):
        if role == ID_ROLE:
            return item.id
        if self.is_other(item):
            if role == _FOREGROUND:
                return self._other_brush
            if role == _FONT:
                return self._italic
        return None


# Roles as plain ints: data() runs for every visible cell and role at each repaint, so it stays cheap.
_DISPLAY, _TOOLTIP, _FONT = int(Qt.ItemDataRole.DisplayRole), int(Qt.ItemDataRole.ToolTipRole), int(Qt.ItemDataRole.FontRole)
_BACKGROUND, _FOREGROUND = int(Qt.ItemDataRole.BackgroundRole), int(Qt.ItemDataRole.ForegroundRole)
_ANSWERED = {_DISPLAY, _TOOLTIP, _FONT, _BACKGROUND, _FOREGROUND, int(ID_ROLE)}


class EntityTableModel(_RowsModel):
    TEXT, LABEL, LAYER, OFFSETS = range(4)
    HEADERS = (QT_TRANSLATE_NOOP("EntityTableModel", "Text"), QT_TRANSLATE_NOOP("EntityTableModel", "Label"),
               QT_TRANSLATE_NOOP("EntityTableModel", "Layer"), QT_TRANSLATE_NOOP("EntityTableModel", "Offsets"))

    def row_key(self, span: Span) -> tuple:
        return (span.start, span.end, self.is_other(span), span.layer, span.id)

    def reset_rows(self, items, scheme: LabelScheme) -> None:
        self._brushes = {label.name: (QBrush(QColor(label.color)), QBrush(QColor(readable_text_color(label.color))))
                         for label in scheme.entities}
        super().reset_rows(items, scheme)

    def apply(self, delta: AnnotationDelta) -> None:
        self.remove_ids([s.id for s in delta.removed_spans + delta.added_spans])
        self.insert(s for s in delta.added_spans if s.doc_id == self.state.doc_id and not self.is_other(s))
        if self.state.has_other_layers:
            self.sync_others(self.state.other_by_id)

    def data(self, index: QModelIndex, role=_DISPLAY):
        role = int(role)
        if role not in _ANSWERED or not index.isValid():
            return None
        span: Span = self.rows[index.row()]
        column = index.column()
        if role == _DISPLAY:
            if column == self.TEXT:
                return _snippet(self.state.text[span.start : span.end])
            if column == self.LABEL:
                return span.label
            if column == self.LAYER:
                return ", ".join(self.state.also_in.get(span.id, [span.layer]))
            return f"{span.start}–{span.end}"
        if column == self.LABEL and (role == _BACKGROUND or role == _FOREGROUND) and not self.is_other(span):
            brushes = self._brushes.get(span.label)
            return None if brushes is None else brushes[0 if role == _BACKGROUND else 1]
        if role == _TOOLTIP:
            label = self.scheme.entity(span.label)
            author = span.reviewer or self.tr("imported")
            who = self.tr("by %1 at %2").replace("%1", author).replace("%2", span.created_at)
            if self.is_other(span):
                who += " · " + span.layer
            if column == self.TEXT:  # the whole text (a narrow dock elides the cell) and its offsets (set aside)
                return (_full_text(self.state.text[span.start : span.end]) + "\n" + who
                        + f" · {span.start}–{span.end}")
            return f"{label.display} · {who}" if column == self.LABEL and label is not None else who
        return self._common(span, role)


class RelationTableModel(_RowsModel):
    HEAD, RELATION, TAIL = range(3)
    HEADERS = (QT_TRANSLATE_NOOP("RelationTableModel", "Head"), QT_TRANSLATE_NOOP("RelationTableModel", "Relation"),
               QT_TRANSLATE_NOOP("RelationTableModel", "Tail"))

    def row_key(self, rel: Relation) -> tuple:
        return (self.is_other(rel), rel.id)

    def apply(self, delta: AnnotationDelta) -> None:
        self.remove_ids([r.id for r in delta.removed_relations + delta.added_relations])
        self.insert(r for r in delta.added_relations if r.doc_id == self.state.doc_id and not self.is_other(r))
        if self.state.has_other_layers:
            self.sync_others({r.id: r for r in self.state.other_relations})
        # A resized entity shows its new text in the relations it takes part in.
        moved = {s.id for s in delta.added_spans}
        for row, rel in enumerate(self.rows):
            if rel.head_id in moved or rel.tail_id in moved:
                self.dataChanged.emit(self.index(row, self.HEAD), self.index(row, self.TAIL))

    def _span_text(self, span_id: int, shorten=_snippet) -> str:
        span = self.state.by_id.get(span_id) or self.state.other_by_id.get(span_id)
        return shorten(self.state.text[span.start : span.end]) if span is not None else "?"

    def data(self, index: QModelIndex, role=_DISPLAY):
        role = int(role)
        if role not in _ANSWERED or not index.isValid():
            return None
        rel: Relation = self.rows[index.row()]
        column = index.column()
        if role == _DISPLAY:
            if column == self.HEAD:
                return self._span_text(rel.head_id)
            if column == self.TAIL:
                return self._span_text(rel.tail_id)
            relation = self.scheme.relation(rel.label)
            return f"{relation.display} {rel.label}" if relation and relation.display else rel.label
        if role == _TOOLTIP:
            if column in (self.HEAD, self.TAIL):  # the whole text: a narrow dock elides the cell
                text = self._span_text(rel.head_id if column == self.HEAD else rel.tail_id, _full_text)
                return text + (" · " + rel.layer if self.is_other(rel) else "")
            if self.is_other(rel):
                return rel.layer
        return self._common(rel, role)


class _AnnotationTable(QTableView):
    """A read-only table over one of the models; item_clicked(id) on click or Enter."""

    item_clicked = Signal(int)

    def __init__(self, model_class: type[_RowsModel], state: DocumentState, widths: dict[int, int],
                 stretch: int | tuple[int, ...], parent: QWidget | None = None):
        super().__init__(parent)
        self.model_ = model_class(state, self)  # owned by the view (Qt parent), deleted with it
        self.setModel(self.model_)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().setVisible(False)
        # Fixed row heights and column widths set once: nothing is measured again when a row comes or goes.
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.setWordWrap(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column in (stretch,) if isinstance(stretch, int) else stretch:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        char = self.fontMetrics().horizontalAdvance("0")
        for column, chars in widths.items():
            self.setColumnWidth(column, chars * char + 16)
        self.clicked.connect(self._emit_index)
        self.activated.connect(self._emit_index)

    def _emit_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.item_clicked.emit(int(self.model_.rows[index.row()].id))

    def select_id(self, item_id: int) -> None:
        """Select the row of an id (or clear the selection for -1) without emitting item_clicked."""
        self.blockSignals(True)
        try:
            self.clearSelection()
            row = self.model_.row_of(item_id) if item_id >= 0 else None
            if row is not None:
                self.selectRow(row)
                self.scrollTo(self.model_.index(row, 0))
            else:  # no current row either: removing it would make Qt select its neighbour (single selection)
                self.selectionModel().clearCurrentIndex()
        finally:
            self.blockSignals(False)

    def select_ids(self, item_ids) -> None:
        """Select the rows of several ids (a restored entity's relations) and scroll to the first, without
        emitting item_clicked. Set here, not by a click: the list lets a reviewer pick one row at a time."""
        from PySide6.QtCore import QItemSelection, QItemSelectionModel

        rows = sorted(r for r in (self.model_.row_of(i) for i in item_ids) if r is not None)
        self.select_id(-1)
        if not rows:
            return
        selection = QItemSelection()
        for row in rows:
            selection.select(self.model_.index(row, 0), self.model_.index(row, self.model_.columnCount() - 1))
        self.blockSignals(True)
        try:
            model = self.selectionModel()
            model.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            model.setCurrentIndex(self.model_.index(rows[0], 0), QItemSelectionModel.SelectionFlag.NoUpdate)
            self.scrollTo(self.model_.index(rows[0], 0))
        finally:
            self.blockSignals(False)

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.selectionModel().selectedRows()}) if self.selectionModel() else []
        return [int(self.model_.rows[r].id) for r in rows]

    def row_ids(self) -> list[int]:
        return [int(item.id) for item in self.model_.rows]

    def rowCount(self) -> int:  # noqa: N802 (as QTableWidget's)
        return self.model_.rowCount()

    def selected_id(self) -> int | None:
        rows = self.selectionModel().selectedRows() if self.selectionModel() else []
        return int(self.model_.rows[rows[0].row()].id) if rows else None


class EntityList(_AnnotationTable):
    # At 1366 px with other layers shown the text kept ~35 px ("오…"): Offsets, then Layer, are set aside while the
    # text would keep less than TEXT_SHARE of the list (the text's tooltip has both), shown again when there is room.
    NARROW_ORDER = (EntityTableModel.OFFSETS, EntityTableModel.LAYER)
    TEXT_SHARE = 0.4

    def __init__(self, state: DocumentState, parent: QWidget | None = None):
        super().__init__(EntityTableModel, state, {1: 7, 2: 7, 3: 9}, EntityTableModel.TEXT, parent)
        self.setObjectName("entityList")
        self._wanted = {EntityTableModel.OFFSETS: True, EntityTableModel.LAYER: False}  # shown if there is room
        self._widths = {c: self.columnWidth(c) for c in self.NARROW_ORDER}

    def _show_layer(self, shown: bool) -> None:
        self._wanted[EntityTableModel.LAYER] = shown
        self.fit_columns()

    def fit_columns(self) -> None:
        if not hasattr(self, "_wanted"):  # a resize during construction
            return
        width = self.viewport().width()
        others = self.columnWidth(EntityTableModel.LABEL)
        room = {}
        for col in reversed(self.NARROW_ORDER):  # Layer before Offsets: the layer says more to a reviewer
            fits = self._wanted[col] and width - others - self._widths[col] >= width * self.TEXT_SHARE
            room[col] = fits
            others += self._widths[col] if fits else 0
        for col, fits in room.items():
            if fits and self.isColumnHidden(col):
                self.setColumnHidden(col, False)
                self.setColumnWidth(col, self._widths[col])
            elif not fits and not self.isColumnHidden(col):
                self.setColumnHidden(col, True)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self.fit_columns()

    def show_state(self, scheme: LabelScheme) -> None:
        """Show the state's document (opened, or re-read); the Layer column only when it has other layers."""
        state = self.model_.state
        selected = self.selected_id()
        self.model_.reset_rows(state.spans + state.other_spans, scheme)
        self._show_layer(bool(state.other_spans))
        if selected is not None:
            self.select_id(selected)

    def apply(self, delta: AnnotationDelta) -> None:
        selected = self.selected_id()
        self.model_.apply(delta)
        if selected is not None and delta.added_spans and self.selected_id() is None:
            self.select_id(selected)  # a relabelled or resized entity is removed and inserted again
        if delta.added_spans and not self._wanted[EntityTableModel.LAYER] and self.model_.state.other_spans:
            self._show_layer(True)

    def span_at_row(self, row: int) -> Span | None:
        return self.model_.rows[row] if 0 <= row < len(self.model_.rows) else None


class RelationList(_AnnotationTable):
    def __init__(self, state: DocumentState, parent: QWidget | None = None):
        # Head and tail share the room (the head column kept its default width and was cut at 1366 px).
        super().__init__(RelationTableModel, state, {1: 16}, (RelationTableModel.HEAD, RelationTableModel.TAIL),
                         parent)
        self.setObjectName("relationList")

    def show_state(self, scheme: LabelScheme) -> None:
        state = self.model_.state
        self.model_.reset_rows(state.relations + state.other_relations, scheme)

    def apply(self, delta: AnnotationDelta) -> None:
        """The selection stays on the relation it was on, or on none when that one went: removing the current
        row would otherwise move Qt's single selection onto the neighbouring row (an undo that brings a relation
        back selects it through the article, Session.relation_restored)."""
        selected = self.selected_id()
        self.model_.apply(delta)
        if self.selected_id() != selected or (selected is None and self.currentIndex().isValid()):
            self.select_id(-1 if selected is None else selected)
