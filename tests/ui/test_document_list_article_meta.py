"""The document list shows each article's own date and outlet, lets the reviewer correct them, and
filters by a publication period."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from annotator.core.model import NewDocument
from annotator.ui.document_list import DocumentListModel, DocumentListPanel
from tests.ui.mw_support import sample_path_db, sample_project  # noqa: F401 (fixtures)


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


def test_source_column_starts_hidden_and_the_header_menu_toggles_columns(qtbot, sample_project):
    panel = DocumentListPanel(sample_project)
    qtbot.addWidget(panel)
    assert panel.view.isColumnHidden(DocumentListModel.SOURCE)
    assert not panel.view.isColumnHidden(DocumentListModel.DATE)
    actions = {a.text(): a for a in panel.column_menu().actions()}
    assert "Title" not in actions and not actions["Source"].isChecked() and actions["Date"].isChecked()
    actions["Source"].setChecked(True)
    actions["Outlet"].setChecked(False)
    assert not panel.view.isColumnHidden(DocumentListModel.SOURCE)
    assert panel.view.isColumnHidden(DocumentListModel.OUTLET)
