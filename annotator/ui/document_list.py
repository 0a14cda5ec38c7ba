"""The document list: a lazy table model over Project.document_page, a status filter and an FTS search box.

Only the row count and the pages of rows actually painted are fetched, and a bounded number of pages is cached,
so a 100k-document project opens and scrolls without loading the list up front.
"""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QAbstractTableModel, QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import STATUSES
from annotator.store import DocumentRow, Project, ProjectError

PAGE_SIZE = 200
MAX_CACHED_PAGES = 16
STATUS_COLORS = {"new": "#6b7280", "in_progress": "#b45309", "done": "#15803d", "skipped": "#9ca3af"}


def status_text(status: str) -> str:
    """The translated display name of a status."""
    from PySide6.QtCore import QCoreApplication

    names = {
        "new": QCoreApplication.translate("Status", "new"),
        "in_progress": QCoreApplication.translate("Status", "in progress"),
        "done": QCoreApplication.translate("Status", "done"),
        "skipped": QCoreApplication.translate("Status", "skipped"),
    }
    return names.get(status, status)


class DocumentListModel(QAbstractTableModel):
    """Rows of the current filter (status, search query) in id order, fetched a page at a time."""

    TITLE, SOURCE, STATUS, ENTITIES, UPDATED = range(5)
    DATE, OUTLET = 5, 6  # the article's own date and outlet (editable); shown after the title
    HITS, SNIPPET = 7, 8  # with a search: hits per document and the first one in context
    DocIdRole = Qt.ItemDataRole.UserRole + 1
    edit_refused = Signal(str)  # a date or outlet edit the store refused, with the reason

    def __init__(self, project: Project, parent: QObject | None = None):
        super().__init__(parent)
        self.project = project
        self.status: str | None = None
        self.query: str = ""
        self.dates: tuple[str | None, str | None] = (None, None)  # publication days, inclusive
        self.exact_spacing = False  # False: the query matches across whitespace
        self._count = project.count_filtered()
        self._pages: OrderedDict[int, list[DocumentRow]] = OrderedDict()
        self.session = None  # set by use_session: edits then go through it (undoable)

    # filter -----------------------------------------------------------------------------------------
    def set_filter(self, *, status: str | None = None, query: str = "", exact_spacing: bool | None = None,
                   dates=None) -> None:
        query = query.strip()
        exact = self.exact_spacing if exact_spacing is None else exact_spacing
        dates = tuple(dates) if dates else self.dates
        if status == self.status and query == self.query and exact == self.exact_spacing and dates == self.dates:
            return
        self.beginResetModel()
        self.status, self.query, self.exact_spacing, self.dates = status, query, exact, dates
        self._pages.clear()
        self._count = self.project.count_filtered(**self.filter_args())
        self.endResetModel()

    def filter_args(self) -> dict:
        """The current filter as keyword arguments of the Project's listing queries."""
        return {"status": self.status, "query": self.query or None, "exact_spacing": self.exact_spacing,
                "dates": self.dates}

    def reload(self) -> None:
        """Re-read everything (documents imported, statuses changed under a filter)."""
        self.beginResetModel()
        self._pages.clear()
        self._count = self.project.count_filtered(**self.filter_args())
        self.endResetModel()

    def refresh_document(self, doc_id: int) -> None:
        """One document changed (entity count, status, last edit): refetch its page if it is cached."""
        row = self.row_of(doc_id)
        if row is None:
            return
        page = row // PAGE_SIZE
        if page in self._pages:
            del self._pages[page]
            self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def set_row(self, doc_id: int, entity_count: int, updated_at: str) -> None:
        """The open document was edited: patch its cached row (entity count, last edit) without a query."""
        from dataclasses import replace

        for page_no, page in self._pages.items():
            for i, entry in enumerate(page):
                if entry.id == doc_id:
                    page[i] = replace(entry, entity_count=entity_count, updated_at=updated_at)
                    row = page_no * PAGE_SIZE + i
                    self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))
                    return

    # lookups ----------------------------------------------------------------------------------------
    def row_of(self, doc_id: int) -> int | None:
        """The row of a document in the current filter, or None if the filter hides it."""
        return self.project.filtered_position(doc_id, **self.filter_args())

    def neighbour(self, doc_id: int | None, step: int) -> int | None:
        """The next (step=1) or previous (step=-1) document of the filter after/before doc_id."""
        return self.project.filtered_neighbour(doc_id, step, **self.filter_args())

    def doc_id_at(self, row: int) -> int | None:
        entry = self._row(row)
        return entry.id if entry else None

    def _row(self, row: int) -> DocumentRow | None:
        if not 0 <= row < self._count:
            return None
        page_no, within = divmod(row, PAGE_SIZE)
        page = self._pages.get(page_no)
        if page is None:
            page = self.project.document_page(page_no * PAGE_SIZE, PAGE_SIZE, **self.filter_args())
            self._pages[page_no] = page
            while len(self._pages) > MAX_CACHED_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page_no)
        return page[within] if within < len(page) else None

    # Qt model ---------------------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else 9

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.ToolTipRole and section in (self.DATE, self.OUTLET):
            return self.tr("The article's own date and outlet, read at import; double-click to correct")
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("Title"), self.tr("Source"), self.tr("Status"), self.tr("Entities"), self.tr("Last edit"),
                self.tr("Date"), self.tr("Outlet"), self.tr("Hits"), self.tr("Found in"))[section]

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() in (self.DATE, self.OUTLET):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: QModelIndex, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """A reviewer's correction of the article's date or outlet, saved at once ("" clears it)."""
        from annotator.store import ProjectError

        entry = self._row(index.row()) if index.isValid() else None
        if entry is None or role != Qt.ItemDataRole.EditRole or index.column() not in (self.DATE, self.OUTLET):
            return False
        text = str(value or "").strip()
        current = entry.published if index.column() == self.DATE else entry.outlet
        if text == current:
            return False
        change = {"published": text} if index.column() == self.DATE else {"outlet": text}
        try:
            if self.session is not None:
                self.session.set_article_meta(entry.id, **change)  # one undo step; the session tells us
                return True
            self.project.set_article_meta(entry.id, **change)
        except ProjectError as exc:
            self.edit_refused.emit(str(exc))
            return False
        self.article_meta_changed(entry.id)
        return True

    def article_meta_changed(self, doc_id: int) -> None:
        """A date or outlet changed (an edit, its undo or redo): under a period filter the rows change too."""
        if any(self.dates):
            self.reload()
        else:
            self.refresh_document(doc_id)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        entry = self._row(index.row())
        if entry is None:
            return None
        col = index.column()
        if role == self.DocIdRole:
            return entry.id
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.TITLE:
                return entry.title or self.tr("(untitled #%1)").replace("%1", str(entry.id))
            if col == self.SOURCE:
                return entry.source
            if col == self.STATUS:
                return status_text(entry.status)
            if col == self.ENTITIES:
                return entry.entity_count
            if col == self.UPDATED:
                return entry.updated_at.replace("T", " ")[5:16]
            if col == self.DATE:
                return entry.published[:10]
            if col == self.OUTLET:
                return entry.outlet
            if col == self.HITS:
                return entry.hits
            if col == self.SNIPPET:
                return entry.snippet
        if role == Qt.ItemDataRole.EditRole:
            if col == self.DATE:
                return entry.published
            if col == self.OUTLET:
                return entry.outlet
        if role == Qt.ItemDataRole.ToolTipRole and col in (self.DATE, self.OUTLET):
            return self._provenance(entry.id, col)
        if role == Qt.ItemDataRole.ToolTipRole and col == self.ENTITIES:
            return self.tr("%1 entities; %2 suggestions to decide on").replace("%1", str(entry.entity_count)) \
                .replace("%2", str(entry.suggestions))
        if role == Qt.ItemDataRole.ToolTipRole and col in (self.TITLE, self.SNIPPET):
            # the date and outlet too: a narrow list sets their columns aside (DocumentListPanel.fit_width)
            about = " · ".join(part for part in (entry.published, entry.outlet) if part)
            return entry.title + (f"\n{about}" if about else "") + (f"\n{entry.snippet}" if entry.snippet else "")
        if role == Qt.ItemDataRole.ForegroundRole and col == self.STATUS:
            return QBrush(QColor(STATUS_COLORS.get(entry.status, "#000000")))
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (self.ENTITIES, self.HITS):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _provenance(self, doc_id: int, col: int) -> str:
        """Where the date or outlet came from, and the text it was read from (a tooltip)."""
        from annotator.core.article_meta import source_name

        info = self.project.article_info(doc_id)
        value, source, evidence = ((info.published, info.published_source, info.published_evidence) if col == self.DATE
                                   else (info.outlet, info.outlet_source, info.outlet_evidence))
        if not value:
            return self.tr("Not found on the page; double-click to enter it")
        return f"{value}\n{self.tr('From')}: {source_name(source)}" + (f"\n{evidence}" if evidence else "")


class DocumentListPanel(QWidget):
    """Filter row (status combo + search box) over the lazy table. Emits document_activated on a click."""

    document_activated = Signal(int)
    search_changed = Signal(str, bool)  # the query after the debounce ("" when cleared), exact spacing

    def __init__(self, project: Project, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = DocumentListModel(project, self)

        self.status_combo = QComboBox(self)
        self.status_combo.setObjectName("statusFilter")
        self.status_combo.addItem(self.tr("All statuses"), None)
        for status in STATUSES:
            self.status_combo.addItem(status_text(status), status)
        self._set_aside: list[int] | None = None  # columns hidden while a search runs
        self.search_box = QLineEdit(self)
        self.search_box.setObjectName("searchBox")
        self.search_box.setPlaceholderText(self.tr("Search text (Korean substrings)…"))
        self.search_box.setToolTip(self.search_box.placeholderText())  # a narrow window cuts the hint (1024 px)
        self.search_box.setClearButtonEnabled(True)
        self.date_from_box, self.date_to_box = QLineEdit(self), QLineEdit(self)
        for box, name, hint in ((self.date_from_box, "dateFrom", self.tr("from YYYY-MM-DD")),
                                (self.date_to_box, "dateTo", self.tr("to YYYY-MM-DD"))):
            box.setObjectName(name)
            box.setPlaceholderText(hint)
            box.setClearButtonEnabled(True)
            box.setMinimumWidth(self.fontMetrics().horizontalAdvance(hint) + 14)  # the hint whole, not "fro…"
            box.setToolTip(self.tr("Only articles published in this period (either end may be empty)"))
        self.order_combo = QComboBox(self)
        self.order_combo.setObjectName("queueOrder")
        for order, text in (("list", self.tr("List order")), ("decisions", self.tr("Most suggestions first")),
                            ("confidence", self.tr("Least confident first"))):
            self.order_combo.addItem(text, order)
        self.order_combo.setToolTip(self.tr(
            "The order of the list and of the review queue (Ctrl+Enter opens the next open document).\n"
            "Most suggestions first: documents with the most pending suggestions to decide on.\n"
            "Least confident first: the lowest mean score of the pending suggestions first.\n"
            "Ranked when chosen; choose it again after new suggestions to rank again."))
        self.spacing_button = QToolButton(self)
        self.spacing_button.setObjectName("exactSpacing")
        self.spacing_button.setText(self.tr("Exact spacing"))
        self.spacing_button.setCheckable(True)
        self.spacing_button.setToolTip(self.tr(
            "Off: the search ignores spaces and line breaks, so 혁신특구 finds 글로벌 혁신 특구.\n"
            "On: spaces in the query must be in the text."))

        self.view = QTableView(self)
        self.view.setObjectName("documentTable")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        # only the date and outlet columns are editable (flags); a click still opens the document
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.view.setWordWrap(False)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setVisible(False)
        # Fixed row heights: the view never asks every row for its size, which keeps 100k rows lazy.
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(DocumentListModel.TITLE, QHeaderView.ResizeMode.Stretch)
        for col in (DocumentListModel.SOURCE, DocumentListModel.STATUS, DocumentListModel.ENTITIES,
                    DocumentListModel.UPDATED):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
        header.moveSection(header.visualIndex(DocumentListModel.HITS), 1)  # hits and snippet by the title
        header.moveSection(header.visualIndex(DocumentListModel.SNIPPET), 2)
        header.resizeSection(DocumentListModel.SOURCE, 70)
        header.resizeSection(DocumentListModel.STATUS, 70)
        header.resizeSection(DocumentListModel.ENTITIES, 44)
        header.resizeSection(DocumentListModel.UPDATED, 86)
        header.resizeSection(DocumentListModel.HITS, 40)
        header.resizeSection(DocumentListModel.SNIPPET, 200)
        self.view.setColumnHidden(DocumentListModel.HITS, True)
        self.view.setColumnHidden(DocumentListModel.SNIPPET, True)
        header.setMinimumSectionSize(30)
        date_width = self.view.fontMetrics().horizontalAdvance("0000-00-00") + 14
        for col, width in ((DocumentListModel.DATE, date_width), (DocumentListModel.OUTLET, 70)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(col, width)
        header.moveSection(header.visualIndex(DocumentListModel.DATE), 1)  # Title, Date, Outlet, Source, ...
        header.moveSection(header.visualIndex(DocumentListModel.OUTLET), 2)
        # The outlet says more than the import folder or host, and the dock is narrow (at 1366 px the title had no
        # room left): Source and Last edit start hidden; a right-click on the header shows or hides any column.
        self.view.setColumnHidden(DocumentListModel.SOURCE, True)
        self.view.setColumnHidden(DocumentListModel.UPDATED, True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._column_menu)
        self._narrowed: list[int] = []  # columns fit_width set aside
        self._user_columns: set[int] = set()  # columns the user showed or hid: never set aside
        self._viewport = self.view.viewport()  # held: a fresh wrapper each call would never be `watched`
        self._viewport.installEventFilter(self)
        self._widths: dict[int, int] = {}  # widths of the columns set aside (a hidden section's size reads 0)

        # Three rows: at 1366 px the dock is ~260 px wide, and sharing a row with the status filter left the
        # search box ~30 px (the query unreadable) and the date boxes "fro…" / "to …".
        search = QHBoxLayout()
        search.setContentsMargins(0, 0, 0, 0)
        search.addWidget(self.search_box, 1)
        search.addWidget(self.spacing_button)
        filters = QHBoxLayout()
        filters.setContentsMargins(0, 0, 0, 0)
        filters.addWidget(self.status_combo, 1)
        filters.addWidget(self.order_combo, 1)
        dates = QHBoxLayout()
        dates.setContentsMargins(0, 0, 0, 0)
        dates.addWidget(self.date_from_box, 1)
        dates.addWidget(self.date_to_box, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(search)
        layout.addLayout(filters)
        layout.addLayout(dates)
        layout.addWidget(self.view, 1)
        self.empty_note = QLabel(self._viewport)  # says why the list is empty, where the rows would be
        self.empty_note.setObjectName("emptyListNote")
        self.empty_note.setWordWrap(True)
        self.empty_note.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.empty_note.setStyleSheet("QLabel { color: #555555; padding: 8px; }")
        self.empty_note.hide()
        self.model.modelReset.connect(self._update_empty_note)
        self._update_empty_note()  # a new project: say how documents come in
        self.search_note = QLabel(self.tr("Searching…"), self._viewport)  # over the rows: the layout stays put
        self.search_note.setObjectName("searchStatus")
        self.search_note.setStyleSheet(
            "QLabel { color: #333333; background: #f3f4f6; border: 1px solid #d1d5db; padding: 2px 6px; }")
        self.search_note.hide()
        from annotator.ui.search_worker import SearchRequests

        # Searches run on a worker: a short query scans every document (search_worker.py).
        self.searches = SearchRequests(project.path, self)
        self.searches.answered.connect(self._search_answered)
        self.searches.failed.connect(self._search_failed)
        self.searches.busy_changed.connect(self._show_searching)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)
        self._search_timer.timeout.connect(self.apply_filter)
        self.search_box.textChanged.connect(lambda _text: self._search_timer.start())
        self.search_box.returnPressed.connect(self.apply_filter)
        self.status_combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.order_combo.activated.connect(lambda _i: self.set_queue_order(self.order_combo.currentData()))
        for box in (self.date_from_box, self.date_to_box):
            box.editingFinished.connect(self.apply_filter)
        self.spacing_button.toggled.connect(lambda _on: self.apply_filter())
        self.view.clicked.connect(self._on_clicked)
        self.view.activated.connect(self._on_clicked)
        self.model.edit_refused.connect(self._edit_refused)

    def _column_menu(self, pos) -> None:
        self.column_menu().exec(self.view.horizontalHeader().mapToGlobal(pos))

    def column_menu(self):
        """A menu of the columns (but the title), checked when shown; toggling one shows or hides it."""
        from PySide6.QtWidgets import QMenu

        menu = QMenu(self)
        for col in range(1, self.model.columnCount()):  # the title always stays
            action = menu.addAction(self.model.headerData(col, Qt.Orientation.Horizontal))
            action.setCheckable(True)
            action.setChecked(not self.view.isColumnHidden(col))
            action.toggled.connect(lambda shown, c=col: self._user_shows(c, shown))
        return menu

    def _user_shows(self, col: int, shown: bool) -> None:
        self._user_columns.add(col)  # the user's choice: fit_width leaves this column alone from now on
        if col in self._narrowed:
            self._narrowed.remove(col)
        self.view.setColumnHidden(col, not shown)

    # Set aside in this order when the title would keep less than TITLE_SHARE of a narrow list (at 1366 px the
    # dock showed "오기…"), shown again when there is room; the title's tooltip has the date and outlet.
    NARROW_ORDER = (DocumentListModel.OUTLET, DocumentListModel.DATE)
    TITLE_SHARE, TITLE_MIN = 0.4, 120

    def fit_width(self) -> None:
        if self._set_aside is not None:  # searching: the search has its own columns
            return
        width = self.view.viewport().width()
        header = self.view.horizontalHeader()
        candidates = [c for c in self.NARROW_ORDER if c not in self._user_columns
                      and (c in self._narrowed or not self.view.isColumnHidden(c))]
        for col in candidates:
            if col not in self._narrowed:
                self._widths[col] = header.sectionSize(col)
        others = sum(self._widths[c] if c in self._narrowed else header.sectionSize(c)
                     for c in range(1, self.model.columnCount()) if not self.view.isColumnHidden(c) or c in self._narrowed)
        narrowed = []
        for col in candidates:
            if width - others >= max(self.TITLE_MIN, width * self.TITLE_SHARE):
                break
            narrowed.append(col)
            others -= self._widths[col]
        for col in candidates:
            if self.view.isColumnHidden(col) != (col in narrowed):
                self.view.setColumnHidden(col, col in narrowed)
        self._narrowed = narrowed

    def _update_empty_note(self) -> None:
        model = self.model
        if model.rowCount():
            self.empty_note.hide()
            return
        if not (model.query or model.status or any(model.dates)):  # a project with no document yet
            self._show_empty_note(self.tr("No documents in this project yet.") + "\n" + self.tr(
                "File ▸ Import… (Ctrl+I) reads files, File ▸ Import folder… (Ctrl+Shift+I) a folder of pages; "
                "files dropped on the window are imported too."))
            return
        where = []
        if model.status:
            where.append(self.tr("with status “{0}”").format(status_text(model.status)))
        if any(model.dates):
            where.append(self.tr("published {0} – {1}").format(model.dates[0] or "…", model.dates[1] or "…"))
        if model.query:
            text = self.tr("No document contains “{0}”.").format(model.query)
            if where:
                text += " " + self.tr("(Only the documents {0} were searched.)").format(self.tr(" and ").join(where))
            text += "\n" + (self.tr("Exact spacing is on: the spaces of the query must be in the text.")
                            if model.exact_spacing else self.tr("Spaces and line breaks are ignored."))
            text += "\n" + self.tr("Clear the search box (⊗) to list every document.")
        else:
            text = self.tr("No document {0}.").format(self.tr(" and ").join(where))
            text += "\n" + self.tr("Choose “All statuses” or clear the dates to list every document.")
        self._show_empty_note(text)

    def _show_empty_note(self, text: str) -> None:
        self.empty_note.setText(text)
        self.empty_note.setGeometry(0, 0, self._viewport.width(), self._viewport.height())
        self.empty_note.show()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        if watched is self._viewport and event.type() == QEvent.Type.Resize:
            self.fit_width()
            self.empty_note.setGeometry(0, 0, self._viewport.width(), self._viewport.height())
            self._place_search_note()
            if self._set_aside is not None:
                self._fit_snippet()
        return super().eventFilter(watched, event)

    def use_session(self, session) -> None:
        """Date and outlet corrections go through the window's session, so Ctrl+Z undoes them."""
        self.model.session = session
        session.article_meta_changed.connect(self.model.article_meta_changed)

    def _edit_refused(self, message: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(self, self.tr("Not saved"), message)

    def shutdown(self) -> None:
        """The window is closing and its project will be closed: no more queries from pending signals."""
        self._search_timer.stop()
        self.searches.forget()
        for widget in (self.status_combo, self.search_box, self.date_from_box, self.date_to_box, self.view):
            widget.blockSignals(True)

    def apply_filter(self) -> None:
        """Show the filter of the boxes. A search the window's connection has no answer for is asked on a
        worker first (the list keeps showing the previous filter meanwhile, usable); its answer comes back
        here (_search_answered), and an answer to a query typed over since is dropped."""
        self._search_timer.stop()
        query = self.search_box.text().strip()
        exact = self.spacing_button.isChecked()
        if query and not self.model.project.pinned_search(query, exact):
            if (query, exact) != self._failed_search:
                self._failed_search = None
                self.searches.ask(query, exact)
                return
            # it failed (said once): the status and date boxes still apply, with the search last shown
            query, exact = self.model.query, self.model.exact_spacing
        self.searches.forget()  # this filter is shown now: an answer still coming is for an older one
        changed_query = query != self.model.query or (bool(query) and exact != self.model.exact_spacing)
        selected = self.selected_doc_ids()
        before = self.model.filter_args()
        self.model.set_filter(status=self.status_combo.currentData(), query=query, exact_spacing=exact,
                              dates=self.date_range())
        if selected and self.model.filter_args() != before:
            self.select_document(selected[0])  # still selected if the new filter lists it
        searching = bool(query)
        self.view.setColumnHidden(DocumentListModel.HITS, not searching)
        self.view.setColumnHidden(DocumentListModel.SNIPPET, not searching)
        self.fit_search_columns(searching)
        if changed_query:
            self.search_changed.emit(query, exact)

    def _search_answered(self, answer) -> None:
        from annotator.store.search_answers import search_literal

        box = self.search_box.text().strip()
        if (search_literal(box, answer.exact_spacing), answer.exact_spacing) != (
                answer.literal, self.spacing_button.isChecked()):
            return  # typed over before its timer fired: pinning it would unpin the search the list shows
        self._failed_search = None
        self.model.project.pin_search(answer)
        self.apply_filter()  # the boxes as they are now; their query is the answer's (else it was dropped)

    def _search_failed(self, message: str, query: str, exact: bool) -> None:
        from PySide6.QtWidgets import QMessageBox

        self._failed_search = (query, exact)  # not asked again until the box changes; a newer answer clears it
        QMessageBox.warning(self, self.tr("Search failed"), message)

    _failed_search: tuple[str, bool] | None = None

    def _show_searching(self, busy: bool) -> None:
        self.search_note.setVisible(busy)
        if busy:
            self._place_search_note()
            self.search_note.raise_()

    def _place_search_note(self) -> None:
        self.search_note.adjustSize()
        self.search_note.move(max(0, self._viewport.width() - self.search_note.width() - 4), 4)

    # Shown beside the title normally, set aside while a search shows hits and snippets: at 1366 px the dock had
    # room for the title or for all of them, and a search squeezed the title to one letter.
    SET_ASIDE_FOR_SEARCH = (DocumentListModel.DATE, DocumentListModel.OUTLET, DocumentListModel.STATUS,
                            DocumentListModel.ENTITIES)

    def fit_search_columns(self, searching: bool) -> None:
        """While searching: title, hits and snippet; the other columns come back as they were when it ends (a
        right-click on the header still shows any of them meanwhile)."""
        if searching and self._set_aside is None:
            self._set_aside = [c for c in self.SET_ASIDE_FOR_SEARCH if not self.view.isColumnHidden(c)]
            for col in self._set_aside:
                self.view.setColumnHidden(col, True)
            self._fit_snippet()
        elif not searching and self._set_aside is not None:
            for col in self._set_aside:
                self.view.setColumnHidden(col, False)
            self._set_aside = None
            self.fit_width()

    def _fit_snippet(self) -> None:
        """The snippet takes half of what the hits leave (a fixed 200 px left a 260 px list's titles "…")."""
        header = self.view.horizontalHeader()
        rest = self.view.viewport().width() - header.sectionSize(DocumentListModel.HITS)
        header.resizeSection(DocumentListModel.SNIPPET, max(80, rest // 2))

    def date_range(self) -> tuple[str | None, str | None]:
        """The period typed in the two date boxes; a box that is not a date is marked and ignored."""
        from annotator.core.article_meta import parse_date

        bounds = []
        for box in (self.date_from_box, self.date_to_box):
            text = box.text().strip()
            day = parse_date(text)[:10] if text else ""
            box.setStyleSheet("" if day or not text else "QLineEdit { border: 1px solid #c00000; }")
            bounds.append(day or None)
        return bounds[0], bounds[1]

    def set_date_range(self, date_from: str | None, date_to: str | None) -> None:
        self.date_from_box.setText(date_from or "")
        self.date_to_box.setText(date_to or "")
        self.apply_filter()

    def set_status_filter(self, status: str | None) -> None:
        index = self.status_combo.findData(status)
        self.status_combo.setCurrentIndex(max(index, 0))

    def set_queue_order(self, order: str) -> None:
        """Rank the list (and the queue) by order now; the open document stays selected."""
        index = self.order_combo.findData(order)
        if index >= 0 and index != self.order_combo.currentIndex():
            self.order_combo.setCurrentIndex(index)
        selected = self.selected_doc_ids()
        try:
            self.model.project.set_queue_order(order)
        except ProjectError as exc:
            self._edit_refused(str(exc))
            return
        self.model.reload()
        if selected:
            self.select_document(selected[0])

    def status_filter(self) -> str | None:
        return self.status_combo.currentData()

    def select_document(self, doc_id: int) -> None:
        """Highlight the document's row (without re-emitting document_activated) and scroll to it."""
        row = self.model.row_of(doc_id)
        selection = self.view.selectionModel()
        if row is None:
            selection.clearSelection()
            return
        index = self.model.index(row, 0)
        # The open document is the one selected row: a current index alone would leave older rows selected.
        flags = (QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        selection.setCurrentIndex(index, flags)
        self.view.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)

    def selected_doc_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return [d for d in (self.model.doc_id_at(r) for r in rows) if d is not None]

    def _on_clicked(self, index: QModelIndex) -> None:
        doc_id = self.model.doc_id_at(index.row())
        if doc_id is not None:
            self.document_activated.emit(doc_id)
