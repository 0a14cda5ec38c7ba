"""Every panel usable at 1366x768 and 1920x1080: dock widths follow the window's, a narrow document list sets
the outlet and date aside for the title, elided texts are whole in tooltips, tabbed docks scroll."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTabBar

from annotator.ui.document_list import DocumentListModel
from annotator.ui.main_window import dock_widths
from tests.ui.mw_support import sample_path_db, sample_project, settings_dir, window  # noqa: F401 (fixtures)


@pytest.mark.parametrize("width", [1366, 1920])
def test_the_docks_leave_the_article_about_half_the_window(window, qtbot, width):
    window.resize(width, 700)
    window.fit_docks()
    qtbot.wait(50)
    left, right = dock_widths(width)
    assert abs(window.documents_dock.width() - left) <= 12 and abs(window.entities_dock.width() - right) <= 12
    assert window.editor.width() >= width * 0.4
    entities = window.entity_list.horizontalHeader()
    assert entities.sectionSize(0) >= 150  # the entity texts have room (they were cut at 1366 px)


def test_a_narrow_list_sets_outlet_then_date_aside_and_brings_them_back(window, qtbot):
    docs = window.documents
    header = docs.view.horizontalHeader()

    def hidden() -> set[int]:
        return {c for c in (DocumentListModel.DATE, DocumentListModel.OUTLET) if header.isSectionHidden(c)}

    window.resize(1366, 768)
    for width, expected in ((300, {DocumentListModel.DATE, DocumentListModel.OUTLET}),
                            (400, {DocumentListModel.OUTLET}), (560, set())):
        window.resizeDocks([window.documents_dock], [width], Qt.Orientation.Horizontal)
        qtbot.waitUntil(lambda: hidden() == expected, timeout=3_000)
        assert header.sectionSize(DocumentListModel.TITLE) >= min(docs.TITLE_MIN,
                                                                   docs.view.viewport().width() * docs.TITLE_SHARE) - 1
    # the title's tooltip has what the set-aside columns showed
    row = next(r for r in range(docs.model.rowCount())
               if docs.model.index(r, DocumentListModel.DATE).data())
    tip = docs.model.index(row, DocumentListModel.TITLE).data(Qt.ItemDataRole.ToolTipRole)
    assert docs.model.index(row, DocumentListModel.DATE).data() in tip
    # a column the user shows from the header menu stays shown
    window.resizeDocks([window.documents_dock], [300], Qt.Orientation.Horizontal)
    qtbot.waitUntil(lambda: DocumentListModel.OUTLET in hidden(), timeout=3_000)
    menu = docs.column_menu()
    outlet = next(a for a in menu.actions() if a.text() == docs.model.headerData(DocumentListModel.OUTLET,
                                                                                  Qt.Orientation.Horizontal))
    outlet.setChecked(True)
    window.resizeDocks([window.documents_dock], [290], Qt.Orientation.Horizontal)
    qtbot.wait(100)
    assert not header.isSectionHidden(DocumentListModel.OUTLET)


def test_cut_texts_are_whole_in_their_tooltips(window):
    state = window.session.state
    longest = max(state.spans, key=lambda s: s.end - s.start)
    text = " ".join(state.text[longest.start:longest.end].split())
    model = window.entity_list.model_
    row = model.row_of(longest.id)
    assert text in model.index(row, 0).data(Qt.ItemDataRole.ToolTipRole)
    relations = window.relation_list.model_
    if relations.rowCount():
        rel = relations.rows[0]
        head = next(s for s in state.spans + state.other_spans if s.id == rel.head_id)
        tip = relations.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
        assert " ".join(state.text[head.start:head.end].split()) in tip


def test_tabbed_docks_show_whole_titles(window, qtbot):
    window.tabifyDockWidget(window.entities_dock, window.relations_dock)
    window.resize(1366, 768)
    window._update_dock_titles()
    qtbot.wait(50)
    bars = [bar for bar in window.findChildren(QTabBar) if bar.parent() is window and bar.count()]
    assert bars
    for bar in bars:
        assert bar.elideMode() == Qt.TextElideMode.ElideNone and bar.usesScrollButtons()
        assert [bar.tabToolTip(i) for i in range(bar.count())] == [bar.tabText(i) for i in range(bar.count())]
