"""The document list shows each article's own date and outlet, lets the reviewer correct them, and
filters by a publication period."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from annotator.core.model import NewDocument
from annotator.store import Project
from annotator.ui.document_list import DocumentListModel, DocumentListPanel
from tests.ui.mw_support import sample_path_db, sample_project, settings_dir, window  # noqa: F401 (fixtures)


def test_date_and_outlet_shown_after_the_title_with_their_source(qtbot, sample_project):
    panel = DocumentListPanel(sample_project)
    qtbot.addWidget(panel)
    model = panel.model
    first = model.index(0, DocumentListModel.DATE)
    assert model.data(first) == "2024-03-13"  # from "기사승인 : 2024-03-13 16:33:39"
    assert model.data(model.index(0, DocumentListModel.OUTLET)) == "CWN"
    assert "기사승인" in model.data(first, Qt.ItemDataRole.ToolTipRole)
    assert model.data(model.index(1, DocumentListModel.DATE)) == ""  # the undated sample stays empty
    header = panel.view.horizontalHeader()
    assert [header.logicalIndex(i) for i in range(3)] == [DocumentListModel.TITLE, DocumentListModel.DATE,
                                                         DocumentListModel.OUTLET]
    assert model.flags(first) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(model.index(0, DocumentListModel.TITLE)) & Qt.ItemFlag.ItemIsEditable


def test_reviewer_corrects_the_date_and_outlet(qtbot, sample_project, monkeypatch):
    panel = DocumentListPanel(sample_project)
    qtbot.addWidget(panel)
    model = panel.model
    doc_id = model.doc_id_at(1)
    assert model.setData(model.index(1, DocumentListModel.DATE), "2021.7.1")
    assert model.setData(model.index(1, DocumentListModel.OUTLET), "중소벤처기업부 보도자료")
    info = sample_project.article_info(doc_id)
    assert (info.published, info.published_source, info.outlet) == ("2021-07-01", "reviewer", "중소벤처기업부 보도자료")
    assert model.data(model.index(1, DocumentListModel.DATE)) == "2021-07-01"
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(args[2]))
    assert not model.setData(model.index(1, DocumentListModel.DATE), "지난주")
    assert warnings and "not a date" in warnings[0]
    assert sample_project.article_info(doc_id).published == "2021-07-01"  # unchanged


def test_period_filter(qtbot, sample_project):
    sample_project.add_documents([NewDocument("입력 2024.05.02 09:00\n본문", title="5월 기사")])
    panel = DocumentListPanel(sample_project)
    qtbot.addWidget(panel)
    assert panel.model.rowCount() == 4
    panel.set_date_range("2024-04-01", None)
    assert panel.model.rowCount() == 1 and panel.model.data(panel.model.index(0, 0)) == "5월 기사"
    panel.set_date_range(None, "2024-03-31")
    assert panel.model.rowCount() == 1 and panel.model.data(panel.model.index(0, DocumentListModel.OUTLET)) == "CWN"
    assert panel.model.neighbour(None, 1) == panel.model.doc_id_at(0)
    panel.set_date_range("not a day", None)  # marked, ignored
    assert "c00000" in panel.date_from_box.styleSheet() and panel.model.rowCount() == 4


def test_source_and_last_edit_start_hidden_and_the_header_menu_toggles_columns(qtbot, sample_project):
    panel = DocumentListPanel(sample_project)
    qtbot.addWidget(panel)
    assert panel.view.isColumnHidden(DocumentListModel.SOURCE)
    assert panel.view.isColumnHidden(DocumentListModel.UPDATED)
    assert not panel.view.isColumnHidden(DocumentListModel.DATE)
    actions = {a.text(): a for a in panel.column_menu().actions()}
    assert "Title" not in actions and not actions["Source"].isChecked() and actions["Date"].isChecked()
    assert not actions["Last edit"].isChecked()
    actions["Source"].setChecked(True)
    actions["Last edit"].setChecked(True)
    actions["Outlet"].setChecked(False)
    assert not panel.view.isColumnHidden(DocumentListModel.SOURCE)
    assert not panel.view.isColumnHidden(DocumentListModel.UPDATED)
    assert panel.view.isColumnHidden(DocumentListModel.OUTLET)


def test_the_title_keeps_room_in_the_default_dock_width(qtbot, sample_project):
    panel = DocumentListPanel(sample_project)
    qtbot.addWidget(panel)
    panel.resize(370, 400)  # the documents dock of a 1366 px window
    panel.show()
    qtbot.waitExposed(panel)
    title = panel.view.columnWidth(DocumentListModel.TITLE)
    assert title >= panel.view.fontMetrics().horizontalAdvance("가" * 5)


def test_date_and_outlet_corrections_are_undone_and_redone(qtbot, window, sample_project):
    """In the window the corrections are undo steps: Ctrl+Z puts back the value and where it came from,
    each undo is committed at once, and the open document stays open."""
    model = window.documents.model
    open_doc = window.session.doc_id
    row = 1
    doc_id = model.doc_id_at(row)
    before = sample_project.article_info(doc_id)
    first = model.doc_id_at(0)
    assert model.setData(model.index(row, DocumentListModel.DATE), "2021.7.1")
    assert model.setData(model.index(0, DocumentListModel.OUTLET), "연합뉴스")
    assert sample_project.article_info(first).outlet == "연합뉴스"
    undo = window.actions_by_name["undo"]
    assert undo.isEnabled()
    undo.trigger()  # the outlet of the first row
    assert model.data(model.index(0, DocumentListModel.OUTLET)) == "CWN"
    assert sample_project.article_info(first).outlet_source != "reviewer"  # where it came from is back too
    undo.trigger()  # the date
    assert sample_project.article_info(doc_id) == before
    assert model.data(model.index(row, DocumentListModel.DATE)) == before.published[:10]
    assert window.session.doc_id == open_doc
    window.actions_by_name["redo"].trigger()
    assert model.data(model.index(row, DocumentListModel.DATE)) == "2021-07-01"
    with Project.open(sample_project.path, "lee") as other:  # committed: another connection sees it
        assert other.article_info(doc_id).published == "2021-07-01"


def test_undoing_a_date_under_a_period_filter_brings_the_row_back(qtbot, window, sample_project):
    panel = window.documents
    model = panel.model
    panel.set_date_range("2024-03-01", "2024-03-31")
    assert model.rowCount() == 1
    assert model.setData(model.index(0, DocumentListModel.DATE), "2023-01-05")
    assert model.rowCount() == 0  # out of the period now
    window.actions_by_name["undo"].trigger()
    assert model.rowCount() == 1 and model.data(model.index(0, DocumentListModel.DATE)) == "2024-03-13"


def test_a_refused_date_is_no_undo_step(qtbot, window, monkeypatch):
    model = window.documents.model
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: None)
    count = window.session.undo_stack.count()
    assert not model.setData(model.index(1, DocumentListModel.DATE), "지난주")
    assert window.session.undo_stack.count() == count
