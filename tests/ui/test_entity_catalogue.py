"""Edit ▸ Canonical entities: file proposals, link a mention, merge, split; saved at once."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QInputDialog, QMessageBox

from annotator.ui.entity_catalogue import EntityCatalogueDialog
from annotator.ui.session import Session
from tests.ui.mw_support import sample_path_db, sample_project  # noqa: F401 (fixtures)


@pytest.fixture
def dialog(qtbot, sample_project):
    session = Session(sample_project)
    session.open_document(sample_project.document_ids()[0])  # 오기웅 중기부 차관 ...
    dlg = EntityCatalogueDialog(session)
    qtbot.addWidget(dlg)
    dlg.label_combo.setCurrentIndex(dlg.label_combo.findData("ORG"))
    return dlg


def _entity_item(dialog, name):
    return next(dialog.tree.topLevelItem(i) for i in range(dialog.tree.topLevelItemCount())
                if dialog.tree.topLevelItem(i).text(0) == name)


def _mention_row(dialog, text):
    return next(r for r in range(dialog.mentions.rowCount()) if dialog.mentions.item(r, 0).text() == text)


def test_mentions_show_their_proposed_canonical_name(dialog):
    row = _mention_row(dialog, "중기부")
    assert dialog.mentions.item(row, 1).text() == "중소벤처기업부"
    assert dialog.mentions.item(row, 2).text() == "약칭 목록"


def test_file_proposals_merge_split_and_link(dialog, sample_project, monkeypatch):
    shown = []
    for name in ("information", "warning"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(lambda *a, **k: shown.append(a[2])))
    dialog.adopt_proposals()
    ministry = _entity_item(dialog, "중소벤처기업부")
    assert [ministry.child(i).text(0) for i in range(ministry.childCount())] == ["중기부"]
    science = _entity_item(dialog, "과학기술정보통신부")
    # merge: select both, keep the current one
    dialog.tree.setCurrentItem(ministry)
    science.setSelected(True)
    ministry.setSelected(True)
    dialog.merge_selected()
    assert shown == []
    merged = {e.name: e.aliases for e in sample_project.entity_catalogue("ORG")}
    assert "과학기술정보통신부" not in merged and {"과기정통부", "과학기술정보통신부", "중기부"} <= set(merged["중소벤처기업부"])
    # ... that was wrong: split the science ministry's names off again
    ministry = _entity_item(dialog, "중소벤처기업부")
    dialog.tree.clearSelection()
    for i in range(ministry.childCount()):
        if ministry.child(i).text(0) in ("과기정통부", "과기부", "과학기술정보통신부"):
            ministry.child(i).setSelected(True)
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("과학기술정보통신부", True)))
    dialog.split_selected()
    after = {e.name: e.aliases for e in sample_project.entity_catalogue("ORG")}
    assert after["중소벤처기업부"] == ["중기부"] and "과기정통부" in after["과학기술정보통신부"]
    # link the outlet CWN mention to a new entity under another name
    dialog.mentions.setCurrentCell(_mention_row(dialog, "CWN"), 0)
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("CWN(체인지위드뉴스)", True)))
    dialog.new_entity_from_mention()
    row = _mention_row(dialog, "CWN")
    assert dialog.mentions.item(row, 1).text() == "CWN(체인지위드뉴스)" and dialog.mentions.item(row, 2).text() == "검토자 연결"
