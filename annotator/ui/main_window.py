"""The reviewer's main window: document list (left), article (centre), entities and relations (right), label
palette (toolbar) and a status bar with reviewer, position, done count and a saved indicator.

Window layout, the last document of each project and the active label persist through QSettings.
Keys handled here (the article view leaves them alone): N / P next and previous document, Ctrl+Enter done and
next, Ctrl+Shift+Enter skip and next, Ctrl+Z / Ctrl+Shift+Z undo and redo, Ctrl+F search.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QEvent, QRect, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QTabBar, QWidget

from annotator.core.clock import now
from annotator.store import Project, ProjectError
from annotator.ui.annotation_lists import EntityList, RelationList
from annotator.ui.document_list import DocumentListPanel, status_text
from annotator.ui.label_palette import LabelPalette
from annotator.ui.screen_fit import fit_to_screen
from annotator.ui.session import Session


def project_settings_key(db_path: Path) -> str:
    """A QSettings group per project file (paths contain separators QSettings would treat as groups)."""
    return "projects/" + hashlib.sha1(str(Path(db_path).resolve()).encode("utf-8")).hexdigest()[:16]


DEFAULT_SIZE = QSize(1480, 900)


def dock_widths(window_width: int) -> tuple[int, int]:
    """(document list, entities and relations) widths for a window this wide: the article keeps about half."""
    return (max(240, min(470, int(window_width * 0.24))), max(300, min(600, int(window_width * 0.29))))


class MainWindow(QMainWindow):
    def __init__(self, project: Project, *, db_path: Path | None = None, settings: QSettings | None = None,
                 use_morphology: bool = True, parent: QWidget | None = None):
        """use_morphology=False skips the Kiwi child process (morpheme snapping falls back to heuristics)."""
        super().__init__(parent)
        from annotator.ui.app import app_settings
        from annotator.ui.article_view import ArticleEditor

        self.project = project
        self.db_path = Path(db_path or project.path)
        self.settings = settings if settings is not None else app_settings()
        self.setObjectName("mainWindow")
        self.session = Session(project, self)
        self.editor = ArticleEditor(self.session, self, use_morphology=use_morphology)
        self.editor.setObjectName("articleEditor")
        self.setCentralWidget(self.editor)

        self.documents = DocumentListPanel(project, self)
        self.documents.use_session(self.session)
        self.entity_list = EntityList(self.session.state, self)
        self.relation_list = RelationList(self.session.state, self)
        self.documents_dock = self._dock("documentsDock", self.tr("Documents"), self.documents,
                                         Qt.DockWidgetArea.LeftDockWidgetArea)
        self.entities_dock = self._dock("entitiesDock", self.tr("Entities"), self.entity_list,
                                        Qt.DockWidgetArea.RightDockWidgetArea)
        from annotator.ui.relation_suggestions import RelationSuggestionList, relations_panel

        self.relation_suggestions = RelationSuggestionList(self.editor.relation_review, self)
        self.relations_dock = self._dock("relationsDock", self.tr("Relations"),
                                         relations_panel(self.relation_list, self.relation_suggestions, self),
                                         Qt.DockWidgetArea.RightDockWidgetArea)
        self.splitDockWidget(self.entities_dock, self.relations_dock, Qt.Orientation.Vertical)
        self._docks_fitted = False  # the dock widths follow the window's until shown (or restored from QSettings)
        self.fit_docks()

        self.palette = LabelPalette(self)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.palette)
        self.palette.set_scheme(self.session.scheme, self.session.active_label)

        self.reviewer_label = QLabel(self)
        self.position_label = QLabel(self)
        self.done_label = QLabel(self)
        self.saved_label = QLabel(self)
        for name, label in (("reviewerLabel", self.reviewer_label), ("positionLabel", self.position_label),
                            ("doneLabel", self.done_label), ("savedLabel", self.saved_label)):
            label.setObjectName(name)
            label.setContentsMargins(6, 0, 6, 0)
            self.statusBar().addPermanentWidget(label)
        # a message longer than the room beside the permanent labels is cut at the window's edge: whole on hover
        bar = self.statusBar()
        bar.messageChanged.connect(lambda text: bar.setToolTip(text))  # connecting setToolTip itself: libpyside warns
        from annotator.ui.search_indexing import BackgroundIndexer

        self.indexer = BackgroundIndexer(self, self.db_path, project.reviewer)
        from annotator.ui.background_suggestions import BackgroundSuggestions

        self.background_suggestions = BackgroundSuggestions(self)

        from annotator.ui.main_actions import build_menus

        self.actions_by_name = build_menus(self)
        from annotator.ui.adjudication import install as install_adjudication

        self.adjudicator = install_adjudication(self)
        from annotator.ui.background_suggestions import add_menu

        self.actions_by_name.update(add_menu(self))
        self.editor.collapse_button.toggled.connect(self.actions_by_name["collapse"].setChecked)
        # Hide boilerplate lines is a way of reading, kept from one session to the next as the arcs mode is
        if str(self.settings.value("view/hide_boilerplate", "false")).lower() in ("true", "1"):
            self.editor.set_collapse_boilerplate(True)
        self.editor.collapse_button.toggled.connect(lambda on: self.settings.setValue("view/hide_boilerplate", bool(on)))
        from annotator.ui.file_drops import FileDrops

        self.file_drops = FileDrops(self)  # files dropped on the window import as File ▸ Import does
        self._connect()
        self._update_title()
        self.update_status_bar()
        self._set_saved_text(self.tr("all changes saved"))

    def fit_docks(self) -> None:
        """Dock widths in proportion to the window's: at 1366 px the fixed 470 + 330 left the entity texts and the
        adjudication tabs cut off; at 1920 px the article had room to spare."""
        width = self.width() if self.isVisible() or self.width() > 640 else DEFAULT_SIZE.width()
        left, right = dock_widths(width)
        self.resizeDocks([self.documents_dock, self.entities_dock], [left, right], Qt.Orientation.Horizontal)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if not self._docks_fitted:  # after the geometry set around show() (restore_layout, a screenshot's size)
            self._docks_fitted = True
            QTimer.singleShot(0, self.fit_docks)

    def tune_dock_tabs(self) -> None:
        """Tabbed docks (Entities | Adjudication) show whole titles and scroll instead of eliding them; the
        full title is each tab's tooltip too."""
        for bar in self.findChildren(QTabBar, options=Qt.FindChildOption.FindDirectChildrenOnly):
            bar.setElideMode(Qt.TextElideMode.ElideNone)
            bar.setUsesScrollButtons(True)
            bar.setExpanding(False)
            for index in range(bar.count()):
                bar.setTabToolTip(index, bar.tabText(index))

    def _dock(self, name: str, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(area, dock)
        return dock

    def _connect(self) -> None:
        s = self.session
        s.document_changed.connect(self._on_document_changed)
        s.annotations_changed.connect(self._on_annotations_changed)
        s.status_changed.connect(self._on_status_changed)
        s.scheme_changed.connect(self._on_scheme_changed)
        s.message.connect(lambda text: self.statusBar().showMessage(text, 6000))
        # A message is about the last action: the next click in the article makes it stale.
        self.editor.view.viewport().installEventFilter(self)
        s.saved.connect(self._on_saved)
        s.active_label_changed.connect(self._on_active_label_changed)
        s.layers_shown_changed.connect(self._on_layers_shown_changed)
        self.palette.label_chosen.connect(s.set_active_label)
        self.documents.document_activated.connect(self.open_document)
        self.documents.search_changed.connect(self.editor.highlight_search)
        self.documents.search_changed.connect(self.indexer.note_search)  # a damaged index found: rebuilt
        self.editor.span_selected.connect(self.entity_list.select_id)
        self.editor.relation_selected.connect(self.relation_list.select_id)
        self.entity_list.item_clicked.connect(self.editor.select_span)
        self.relation_list.item_clicked.connect(self.editor.select_relation)
        s.entity_restored.connect(self._on_entity_restored)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.MouseButtonPress and watched is self.editor.view.viewport():
            self.statusBar().clearMessage()
        return super().eventFilter(watched, event)

    # documents --------------------------------------------------------------------------------------
    def open_document(self, doc_id: int) -> bool:
        try:
            self.session.open_document(doc_id)
        except ProjectError as exc:
            self.statusBar().showMessage(str(exc), 8000)
            return False
        return True

    def next_document(self) -> bool:
        return self._step(1)

    def previous_document(self) -> bool:
        return self._step(-1)

    def _step(self, step: int) -> bool:
        target = self.documents.model.neighbour(self.session.doc_id, step)
        if target is None:
            self.statusBar().showMessage(
                self.tr("This is the last document of the list.") if step > 0
                else self.tr("This is the first document of the list."), 5000)
            return False
        return self.open_document(target)

    def mark_done_and_next(self) -> None:
        self._status_and_next("done")

    def skip_and_next(self) -> None:
        self._status_and_next("skipped")

    def _status_and_next(self, status: str) -> None:
        """The review queue: mark the open document, then open the next one of the list (its filter and
        order) that is neither done nor skipped for this reviewer, wrapping round; say so when none is left."""
        if self.session.doc_id is None:
            return
        self.session.set_status(status)
        filter_args = self.documents.model.filter_args()
        target = self.project.next_open_document(self.session.doc_id, **filter_args)
        if target is not None:
            self.open_document(target)
            return
        counts = self.project.filtered_status_counts(**filter_args)
        self.statusBar().showMessage(
            self.tr("No document left to review in this list: %1 done, %2 skipped, %3 in total.")
            .replace("%1", str(counts["done"])).replace("%2", str(counts["skipped"]))
            .replace("%3", str(sum(counts.values()))), 15000)

    def set_current_status(self, status: str) -> None:
        self.session.set_status(status)

    def open_initial_document(self) -> None:
        """The project's last open document, else the first of the list."""
        last = self.settings.value(project_settings_key(self.db_path) + "/last_document")
        try:
            if last is not None and self.open_document(int(last)):
                return
        except (TypeError, ValueError):
            pass
        first = self.documents.model.neighbour(None, 1)
        if first is not None:
            self.open_document(first)

    # session signals --------------------------------------------------------------------------------
    def _on_entity_restored(self, span_id: int, relation_ids: list) -> None:
        """An undone entity delete: the entity selected in the article (and the entity list), then its relations
        in the relation list (selecting the entity clears a relation selected before)."""
        self.editor.select_span(span_id)
        self.relation_list.select_ids(relation_ids)

    def _on_document_changed(self, doc_id: int) -> None:
        self.statusBar().clearMessage()  # messages were about the document before
        # Remembered at once, not only on close: a restart after a crash reopens this document too.
        self.settings.setValue(project_settings_key(self.db_path) + "/last_document", doc_id)
        self.documents.select_document(doc_id)
        self._reset_annotation_lists()
        self._update_title()
        self.update_status_bar()

    def _on_annotations_changed(self, doc_id: int, delta) -> None:
        """An edit (already in the session's state): every view patches itself from the delta, no query."""
        if doc_id == self.session.doc_id:
            self.entity_list.apply(delta)
            self.relation_list.apply(delta)
            self._update_dock_titles()
            state = self.session.state
            self.documents.model.set_row(doc_id, len(state.spans) + len(state.other_spans), now())
        else:  # another document (label all occurrences): its row is read again when painted
            self.documents.model.refresh_document(doc_id)

    def _on_status_changed(self, doc_id: int, status: str) -> None:
        if self.documents.status_filter() is None:
            self.documents.model.refresh_document(doc_id)
        else:  # the document may enter or leave the filtered list
            self.documents.model.reload()
            if self.session.doc_id is not None:
                self.documents.select_document(self.session.doc_id)
        self.update_status_bar()

    def _on_scheme_changed(self) -> None:
        self.palette.set_scheme(self.session.scheme, self.session.active_label)
        self._reset_annotation_lists()
        self.documents.model.reload()
        if self.session.doc_id is not None:  # the reload dropped the selection
            self.documents.select_document(self.session.doc_id)

    def _on_layers_shown_changed(self, on: bool) -> None:
        self._reset_annotation_lists()
        self.settings.setValue("view/other_layers", on)

    def _on_active_label_changed(self, name: str) -> None:
        self.palette.set_active(name or None)
        if name:
            self.settings.setValue("session/active_label", name)

    def _on_saved(self) -> None:
        # Only the indicator: position and counts change with documents and statuses, which update them.
        self._set_saved_text(self.tr("saved %1").replace("%1", datetime.now().strftime("%H:%M:%S")))

    def _set_saved_text(self, text: str) -> None:
        self.saved_label.setText("✓ " + text)

    def _reset_annotation_lists(self) -> None:
        self.entity_list.show_state(self.session.scheme)
        self.relation_list.show_state(self.session.scheme)
        self._update_dock_titles()

    def _update_dock_titles(self) -> None:
        state = self.session.state
        for dock, mine, others in ((self.entities_dock, state.spans, state.other_spans),
                                   (self.relations_dock, state.relations, state.other_relations)):
            title = self.tr("Entities (%1)") if dock is self.entities_dock else self.tr("Relations (%1)")
            own = self.tr("%1 mine, %2 in other layers") if self.session.gold is None else self.tr(
                "%1 gold, %2 in reviewer layers")  # adjudicating: the gold layer is the one edited
            count = str(len(mine)) if not others else own.replace("%1", str(len(mine))).replace("%2", str(len(others)))
            dock.setWindowTitle(title.replace("%1", count))
        self.tune_dock_tabs()  # a tab's tooltip follows its title

    def apply_changes(self, record) -> None:
        """Apply what a worker job changed (core.delta.ChangeRecord): new labels reach the palette and the
        session's scheme at once, new documents the list, changed documents the open view."""
        if record.scheme_changed:
            self.session.scheme_updated()
        if record.documents_added or record.scheme_changed:
            self.documents.model.reload()
            if self.session.doc_id is not None:
                self.documents.select_document(self.session.doc_id)
        if self.session.doc_id is not None and self.session.doc_id in record.documents_changed:
            self.session.reload_document()
        self.update_status_bar()

    # status bar and title ---------------------------------------------------------------------------
    def update_status_bar(self) -> None:
        self.reviewer_label.setText(self.tr("Reviewer: %1").replace("%1", self.project.reviewer))
        model = self.documents.model
        total = model.rowCount()
        doc_id = self.session.doc_id
        row = model.row_of(doc_id) if doc_id is not None else None
        self.position_label.setText(f"{row + 1 if row is not None else '–'} / {total}")
        counts = self.project.status_counts()
        self.done_label.setText(
            self.tr("%1 of %2 done").replace("%1", str(counts["done"])).replace("%2", str(sum(counts.values()))))
        if doc_id is not None:
            self.position_label.setToolTip(status_text(self.project.status(doc_id)))

    def _update_title(self) -> None:
        document = self.session.document
        title = document.title if document is not None else ""
        parts = [p for p in (title, self.db_path.name) if p]
        self.setWindowTitle(" — ".join(parts))

    # reviewer ---------------------------------------------------------------------------------------
    def set_reviewer(self, name: str) -> None:
        self.project.set_reviewer(name)
        # Another reviewer edits another layer: the open document is shown from their side, and the undo
        # history (the previous reviewer's edits) is not theirs to undo.
        self.session.undo_stack.clear()
        self.background_suggestions.reviewer_changed()  # its worker pre-annotated as the previous reviewer
        self.session.reload_document()
        self.documents.model.reload()
        if self.session.doc_id is not None:
            self.documents.select_document(self.session.doc_id)
        self.update_status_bar()

    # persistence ------------------------------------------------------------------------------------
    def restore_layout(self) -> None:
        geometry = self.settings.value("window/geometry")
        state = self.settings.value("window/state")
        restored = geometry is not None and self.restoreGeometry(geometry)
        if not restored:
            self.resize(DEFAULT_SIZE)
        if not (self.windowState() & (Qt.WindowState.WindowMaximized | Qt.WindowState.WindowFullScreen)):
            self.setGeometry(fit_to_screen(self.geometry(), self._available_geometry(), centre=not restored))
        if state is not None and self.restoreState(state):
            self._docks_fitted = True  # the user's own dock widths
        active = self.settings.value("session/active_label")
        if active and self.session.scheme.entity(str(active)) is not None:
            self.session.set_active_label(str(active))
            self.palette.set_active(str(active))
        shown = self.settings.value("view/other_layers")
        if shown is not None:
            on = shown not in (False, "false", "0", 0)
            self.session.set_show_other_layers(on)
            self.actions_by_name["other_layers"].setChecked(on)
        status_filter = self.settings.value(project_settings_key(self.db_path) + "/status_filter")
        if status_filter:
            self.documents.set_status_filter(str(status_filter))

    def _available_geometry(self) -> QRect:
        screen = self.screen() or QGuiApplication.primaryScreen()
        return screen.availableGeometry() if screen is not None else QRect()

    def save_layout(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        group = project_settings_key(self.db_path)
        if self.session.doc_id is not None:
            self.settings.setValue(group + "/last_document", self.session.doc_id)
        self.settings.setValue(group + "/status_filter", self.documents.status_filter() or "")
        if self.session.active_label:
            self.settings.setValue("session/active_label", self.session.active_label)
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        from annotator.ui.tasks import stop_to_close

        if not stop_to_close(self):  # an import, export or training still running, kept going
            event.ignore()
            return
        self.indexer.cancel()
        self.background_suggestions.stop()
        self.editor.relation_review.stop()  # no recomputing into a closing project
        self.save_layout()
        self.documents.shutdown()
        super().closeEvent(event)
