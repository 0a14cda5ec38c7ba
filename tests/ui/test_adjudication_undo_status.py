"""Undo in adjudication mode and the document's gold status: undoing the edit that started the gold puts the
document back to "new" (in the project and in the side panel's status line), redo starts it again, and undoing
a later edit leaves it in progress."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.store import Project
from tests.ui.mw_support import settings_dir  # noqa: F401 (fixture)
from tests.ui.test_adjudication import ALT, CTRL, adj_window, key, stored_gold, team_db  # noqa: F401 (fixtures)

SHIFT = Qt.KeyboardModifier.ShiftModifier


def stored_status(win) -> str:
    """What another connection reads."""
    with Project.open(win.db_path, "reader", read_only=True) as reader:
        return reader.gold_status(win.session.doc_id)


def status_line(win) -> str:
    return win.adjudication_dock.widget().status_label.text()


def test_undoing_the_first_gold_edit_puts_the_document_back_to_new(adj_window, qtbot):
    win = adj_window
    win.actions_by_name["adjudicate"].setChecked(True)
    doc_id = win.session.doc_id
    assert stored_status(win) == "new" and status_line(win).startswith("Gold: not started")

    key(qtbot, win, Qt.Key.Key_A, ALT)  # accept all agreed: the first gold edit
    agreed = stored_gold(win)
    assert agreed and stored_status(win) == "in_progress"
    assert status_line(win).startswith("Gold: in progress")
    key(qtbot, win, Qt.Key.Key_1, CTRL | ALT)  # kim's whole version: a later edit
    assert stored_gold(win) != agreed

    key(qtbot, win, Qt.Key.Key_Z, CTRL)  # undo the later edit: still in progress
    assert stored_gold(win) == agreed and stored_status(win) == "in_progress"
    assert status_line(win).startswith("Gold: in progress")

    key(qtbot, win, Qt.Key.Key_Z, CTRL)  # undo the edit that started the gold
    assert stored_gold(win) == [] and win.session.state.spans == []
    assert stored_status(win) == "new" == win.project.gold_status(doc_id)
    assert win.project.gold_status_counts()["in_progress"] == 0
    assert status_line(win).startswith("Gold: not started — 0 entities")

    key(qtbot, win, Qt.Key.Key_Z, CTRL | SHIFT)  # redo: started again
    assert stored_gold(win) == agreed and stored_status(win) == "in_progress"
    assert status_line(win).startswith("Gold: in progress")


def test_undoing_an_own_gold_entity_on_an_adjudicated_document_keeps_it_adjudicated(adj_window, qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    win = adj_window
    win.actions_by_name["adjudicate"].setChecked(True)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: QMessageBox.StandardButton.Yes)  # undecided ones left: yes
    assert win.adjudicator.toggle_adjudicated()  # decided before any gold edit (a decision: no entity)
    found = win.adjudicator.state.comparison.disagreements[0]
    assert win.adjudicator.add_span(found.start, found.end, "ORG") is not None
    assert stored_status(win) == "adjudicated"
    key(qtbot, win, Qt.Key.Key_Z, CTRL)  # undo the entity: the status was not its doing
    assert stored_gold(win) == [] and stored_status(win) == "adjudicated"
    assert status_line(win).startswith("Gold: adjudicated")
