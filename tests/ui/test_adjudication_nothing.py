"""Taking "nothing" in adjudication is a decision like any other: committed, one undo step, shown as decided
("taken: nothing") and counted; marking a document adjudicated with undecided disagreements asks first. Keys are
sent to the window."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from tests.ui.mw_support import settings_dir  # noqa: F401 (fixture)
from tests.ui.test_adjudication import ALT, CTRL, adj_window, stored_gold, team_db  # noqa: F401 (fixtures)


def stored_nothing(win):
    with sqlite3.connect(win.db_path) as conn:  # another connection: committed
        return conn.execute('SELECT start, "end" FROM gold_nothing WHERE doc_id = ?', (win.session.doc_id,)).fetchall()


def press(win, key, mods=Qt.KeyboardModifier.NoModifier):
    win.activateWindow()
    win.editor.view.setFocus()
    QTest.keyClick(win, key, mods)


def undecided_count(win) -> int:
    text = win.adjudication_dock.widget().status_label.text()
    return int(text.split(" undecided)")[0].rsplit("(", 1)[1])


def to_a_disagreement_with_a_silent_reviewer(win):
    for _ in win.adjudicator.state.comparison.disagreements:
        press(win, Qt.Key.Key_Down, ALT)
        found = win.adjudicator.disagreement()
        if found.silent:
            return found
    raise AssertionError("the sample has a disagreement where one reviewer labelled nothing")


def test_taking_nothing_is_recorded_undoable_shown_and_counted(adj_window):
    win = adj_window
    press(win, Qt.Key.Key_J, CTRL | ALT)
    press(win, Qt.Key.Key_A, ALT)  # accept all agreed
    gold = stored_gold(win)
    found = to_a_disagreement_with_a_silent_reviewer(win)
    silent = win.adjudicator.state.layers.index(found.silent[0])
    panel = win.adjudication_dock.widget()
    top = panel.tree.topLevelItem(win.adjudicator.current)
    assert top.text(0).endswith("undecided") and top.font(0).bold()
    undecided, steps = undecided_count(win), win.session.undo_stack.count()

    press(win, getattr(Qt.Key, f"Key_{silent + 1}"), ALT)  # the reviewer who labelled nothing here
    assert stored_nothing(win) == [(found.start, found.end)] and stored_gold(win) == gold
    assert top.text(0).endswith("taken: nothing") and not top.font(0).bold()
    assert undecided_count(win) == undecided - 1 == len(win.adjudicator.undecided())
    assert win.session.undo_stack.count() == steps + 1

    press(win, Qt.Key.Key_Z, CTRL)
    assert stored_nothing(win) == [] and top.text(0).endswith("undecided") and top.font(0).bold()
    assert undecided_count(win) == undecided
    press(win, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)  # redo
    assert stored_nothing(win) == [(found.start, found.end)] and top.text(0).endswith("taken: nothing")

    # a reviewer's entity taken there replaces the decision; Alt+D decides nothing again and drops it
    other = next(i for i, name in enumerate(win.adjudicator.state.layers) if found.choices_of(name))
    press(win, getattr(Qt.Key, f"Key_{other + 1}"), ALT)
    assert stored_nothing(win) == [] and stored_gold(win) != gold and "gold: " in top.text(0)
    press(win, Qt.Key.Key_D, ALT)
    assert stored_nothing(win) == [(found.start, found.end)] and stored_gold(win) == gold
    assert top.text(0).endswith("taken: nothing")


def test_marking_adjudicated_with_undecided_disagreements_asks_first(adj_window, monkeypatch):
    win = adj_window
    press(win, Qt.Key.Key_J, CTRL | ALT)
    doc_id = win.session.doc_id
    left = len(win.adjudicator.undecided())
    assert left > 1
    asked, answer = [], [QMessageBox.StandardButton.No]
    monkeypatch.setattr(QMessageBox, "exec", lambda box: asked.append(box.text()) or answer[0])

    press(win, Qt.Key.Key_Return, CTRL | ALT)  # No: nothing changes
    assert len(asked) == 1 and f"{left} disagreements are still undecided" in asked[0]
    assert win.project.gold_status(doc_id) == "new" and win.session.doc_id == doc_id
    assert win.session.undo_stack.count() == 0

    answer[0] = QMessageBox.StandardButton.Yes
    press(win, Qt.Key.Key_Return, CTRL | ALT)  # Yes: adjudicated, and the next document opens
    assert len(asked) == 2 and win.project.gold_status(doc_id) == "adjudicated" and win.session.doc_id != doc_id

    win.open_document(doc_id)
    win.adjudication_dock.widget().done_button.click()  # back to in progress: no question
    assert len(asked) == 2 and win.project.gold_status(doc_id) == "in_progress"
    press(win, Qt.Key.Key_1, CTRL | ALT)  # a whole version decides every disagreement: no question
    assert win.adjudicator.undecided() == []
    win.adjudication_dock.widget().done_button.click()
    assert len(asked) == 2 and win.project.gold_status(doc_id) == "adjudicated"
