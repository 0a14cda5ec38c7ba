"""Adjudication mode of the article view: keys (sent as key events), the side list, the reviewer bars, undo, and
every action committed to the project at once."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from annotator.store import Project
from annotator.ui.adjudication_panel import reviewer_color
from annotator.ui.adjudication_sample import build_two_reviewer_sample
from tests.ui.mw_support import extra_documents, settings_dir  # noqa: F401 (fixtures)

ALT, CTRL = Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def team_db(tmp_path):
    path = tmp_path / "team.db"
    ids = build_two_reviewer_sample(path)
    return path, ids


@pytest.fixture
def adj_window(qtbot, settings_dir, team_db):  # noqa: F811
    from annotator.ui.app import app_settings, load_fonts
    from annotator.ui.main_window import MainWindow

    path, ids = team_db
    load_fonts()
    project = Project.open(path, "adj")
    win = MainWindow(project, db_path=path, settings=app_settings(), use_morphology=False)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    win.open_document(ids[-1])
    yield win
    win.close()
    project.close()


def key(qtbot, win, k, mods=Qt.KeyboardModifier.NoModifier):
    win.activateWindow()
    win.editor.view.setFocus()
    qtbot.keyClick(win.editor.view, k, mods)


def stored_gold(win):
    """What another connection reads: committed, not only shown."""
    with Project.open(win.db_path, "reader", read_only=True) as reader:
        return sorted((s.start, s.end, s.label) for s in reader.spans(win.session.doc_id, "gold"))


def test_adjudicate_is_offered_only_with_two_reviewer_layers(adj_window):
    win = adj_window
    assert win.actions_by_name["adjudicate"].isEnabled()
    assert not win.actions_by_name["adj_agreed"].isEnabled()  # the mode's keys wait for the mode
    lone = win.project.add_documents(extra_documents(1)).imported[0]
    win.project.add_span(lone, 0, 2, "ORG")  # adj's layer alone
    win.documents.model.reload()
    win.open_document(lone)
    assert not win.actions_by_name["adjudicate"].isEnabled()


def test_keys_build_gold_committed_at_once_and_undoable(adj_window, qtbot):
    win = adj_window
    key(qtbot, win, Qt.Key.Key_J, CTRL | ALT)
    assert win.adjudicator.active and win.adjudication_dock.isVisible()
    state = win.adjudicator.state
    assert state.layers == ("kim", "lee") and state.comparison.agreed and state.comparison.disagreements
    assert win.session.state.edit_layer == "gold" and win.session.state.spans == []

    key(qtbot, win, Qt.Key.Key_A, ALT)  # accept all agreed
    agreed = sorted(c.key for c in state.comparison.agreed)
    assert stored_gold(win) == agreed == sorted((s.start, s.end, s.label) for s in win.session.state.spans)
    assert win.project.gold_status(win.session.doc_id) == "in_progress"

    key(qtbot, win, Qt.Key.Key_Down, ALT)  # the first disagreement after the caret
    found = win.adjudicator.disagreement()
    assert found is win.adjudicator.state.comparison.disagreements[win.adjudicator.current]
    lee = found.choices_of("lee")
    key(qtbot, win, Qt.Key.Key_2, ALT)  # lee's choice (or, lee silent, nothing: the gold there is dropped)
    expected = sorted(agreed + [c.key for c in lee])
    assert stored_gold(win) == expected
    top = win.adjudication_dock.widget().tree.topLevelItem(win.adjudicator.current)
    assert top.text(0).endswith("gold: " + ", ".join(c.label for c in lee) if lee else "taken: nothing")

    key(qtbot, win, Qt.Key.Key_Z, CTRL)  # undo the choice
    assert stored_gold(win) == agreed
    key(qtbot, win, Qt.Key.Key_Z, CTRL)  # undo accept agreed
    assert stored_gold(win) == [] and win.session.state.spans == []
    key(qtbot, win, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)  # redo: the same entities back
    assert stored_gold(win) == agreed


def test_take_span_at_caret_drop_and_take_whole_version(adj_window, qtbot):
    win = adj_window
    win.actions_by_name["adjudicate"].setChecked(True)
    found = win.adjudicator.state.comparison.disagreements[0]
    win.editor._move_caret(found.start)
    kim = win.session.state.other_span_at(found.start)  # where reviewers overlap: the first (Alt+N chooses)
    key(qtbot, win, Qt.Key.Key_C)  # take the reviewer entity under the caret
    assert (kim.start, kim.end, kim.label) in stored_gold(win)
    gold_span = win.session.state.span_at(kim.start)
    win.editor.select_span(gold_span.id)
    key(qtbot, win, Qt.Key.Key_Delete)  # drop it
    assert (kim.start, kim.end, kim.label) not in stored_gold(win)

    key(qtbot, win, Qt.Key.Key_1, CTRL | ALT)  # kim's whole version
    with Project.open(win.db_path, "reader", read_only=True) as reader:
        kim_layer = sorted((s.start, s.end, s.label) for s in reader.spans(win.session.doc_id, "kim"))
        kim_relations = len(reader.relations(win.session.doc_id, "kim"))
        assert len(reader.relations(win.session.doc_id, "gold")) == kim_relations > 0
    assert stored_gold(win) == kim_layer
    assert win.adjudicator.state.comparison.disagreements  # the comparison itself does not change

    doc_id = win.session.doc_id
    key(qtbot, win, Qt.Key.Key_Return, CTRL | ALT)  # mark adjudicated, open the next document to adjudicate
    assert win.project.gold_status(doc_id) == "adjudicated"
    worst = win.project.documents_to_adjudicate()
    assert win.session.doc_id == worst[0][0] != doc_id and worst[0][1] >= worst[-1][1]
    assert win.adjudicator.active and win.session.state.edit_layer == "gold"
    key(qtbot, win, Qt.Key.Key_Z, CTRL)  # undo shows the document it changed
    assert win.project.gold_status(doc_id) == "in_progress" and win.session.doc_id == doc_id
    assert "Project: 0 adjudicated, 3 to go." in win.adjudication_dock.widget().status_label.text()
    win.adjudication_dock.widget().done_button.click()
    assert "Gold: adjudicated" in win.adjudication_dock.widget().status_label.text()
    assert "Project: 1 adjudicated, 2 to go." in win.adjudication_dock.widget().status_label.text()


def test_label_keys_edit_gold_and_leaving_the_mode_edits_the_own_layer_again(adj_window, qtbot):
    win = adj_window
    win.actions_by_name["adjudicate"].setChecked(True)
    text = win.session.state.text
    taken = win.adjudicator.state.reviewer_spans
    free = next(i for i in range(len(text) - 2) if not any(c.isspace() for c in text[i:i + 2])
                and all(s.end <= i or s.start >= i + 2 for s in taken))
    win.editor._set_selection(free, free + 2)
    key(qtbot, win, Qt.Key.Key_4)  # LOC: the adjudicator's own gold entity
    assert (free, free + 2, "LOC") in stored_gold(win)
    win.actions_by_name["adjudicate"].setChecked(False)
    assert win.session.state.edit_layer == "adj" and not win.adjudication_dock.isVisible()
    assert not win.actions_by_name["adj_agreed"].isEnabled()


def test_the_caret_makes_a_disagreement_current(adj_window, qtbot):
    win = adj_window
    win.actions_by_name["adjudicate"].setChecked(True)
    items = win.adjudicator.state.comparison.disagreements
    win.editor._move_caret(items[2].start)
    assert win.adjudicator.current == 2
    assert win.adjudication_dock.widget().tree.currentItem() is win.adjudication_dock.widget()._tops[2]


def test_reviewer_bars_are_painted_under_disagreements(adj_window, qtbot):
    win = adj_window
    win.actions_by_name["adjudicate"].setChecked(True)
    found = win.adjudicator.state.comparison.disagreements[0]
    win.editor._move_caret(found.start)
    qtbot.wait(50)
    image = win.editor.view.viewport().grab().toImage()
    colours = {image.pixelColor(x, y).name() for x in range(0, image.width(), 2) for y in range(image.height())}
    layers = win.adjudicator.state.layers
    painted = {c.layers[0] for d in win.adjudicator.state.comparison.disagreements for c in d.choices}
    for layer in painted:
        assert reviewer_color(layers.index(layer)).name() in colours


def test_side_list_takes_a_choice_and_a_relation_on_activation(adj_window, qtbot):
    win = adj_window
    win.actions_by_name["adjudicate"].setChecked(True)
    panel = win.adjudication_dock.widget()
    tree = panel.tree
    key(qtbot, win, Qt.Key.Key_A, ALT)
    choice = tree.topLevelItem(0).child(0)
    label = choice.text(1)
    tree.setCurrentItem(choice)
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Return)  # Enter on a reviewer's line: their choice
    qtbot.waitUntil(lambda: "gold: " + label in tree.topLevelItem(0).text(0))
    state = win.adjudicator.state
    wanted = state.comparison.relation_disagreements[0]
    by_key = {(s.start, s.end, s.label): s.id for s in state.reviewer_spans if s.layer == wanted.layers[0]}
    win.adjudicator.take_spans([by_key[wanted.head], by_key[wanted.tail]])  # its relation comes along
    gold_key = {(g.start, g.end, g.label): g.id for g in win.adjudicator.state.gold}
    made = next(r for r in win.adjudicator.state.gold_relations
                if (r.head_id, r.tail_id, r.label) == (gold_key[wanted.head], gold_key[wanted.tail], wanted.label))
    win.session.delete_relation(made.id)
    relations = panel.tree.topLevelItem(panel.tree.topLevelItemCount() - 1)
    assert relations.text(0).startswith("Relations not every reviewer made")
    row = next(relations.child(i) for i in range(relations.childCount())
               if relations.child(i).data(0, Qt.ItemDataRole.UserRole) == ("relation", wanted.relation_ids[0]))
    assert not row.text(2).endswith("✓")
    tree.setCurrentItem(row)
    qtbot.keyClick(tree, Qt.Key.Key_Return)  # Enter on the relation: into gold
    qtbot.waitUntil(lambda: any((r.head_id, r.tail_id, r.label) == (gold_key[wanted.head], gold_key[wanted.tail],
                                                                    wanted.label)
                                for r in win.project.relations(win.session.doc_id, "gold")))


def test_editing_a_gold_entity_with_label_keys_is_undoable(adj_window, qtbot):
    win = adj_window
    win.actions_by_name["adjudicate"].setChecked(True)
    key(qtbot, win, Qt.Key.Key_A, ALT)
    span = next(s for s in win.session.state.spans if s.id not in win.session.state.relations_of)
    win.editor.select_span(span.id)
    new_label = "EVENT" if span.label != "EVENT" else "ORG"
    key(qtbot, win, Qt.Key.Key_7 if new_label == "EVENT" else Qt.Key.Key_1)  # 7 EVENT, 1 ORG
    assert (span.start, span.end, new_label) in stored_gold(win)
    assert win.session.state.by_id[span.id].layer == "gold"
    key(qtbot, win, Qt.Key.Key_Z, CTRL)
    assert (span.start, span.end, span.label) in stored_gold(win)


def test_train_dialog_offers_the_adjudicated_documents(adj_window, tmp_path):
    from annotator.ui.train_dialog import TrainDialog

    win = adj_window
    assert not TrainDialog(win, tmp_path / "m").scope_buttons["gold"].isEnabled()
    win.project.take_layer(win.session.doc_id, "kim")
    win.project.set_gold_status(win.session.doc_id, "adjudicated")
    button = TrainDialog(win, tmp_path / "m").scope_buttons["gold"]
    kim = len(win.project.spans(win.session.doc_id, "kim"))
    assert button.isEnabled() and f"1 document, {kim} entities" in button.text()


def test_the_status_line_counts_gold_entities_in_words(adj_window, qtbot):
    win = adj_window
    key(qtbot, win, Qt.Key.Key_J, CTRL | ALT)
    label = win.adjudication_dock.widget().status_label
    assert "Gold: not started — 0 entities." in label.text()
    key(qtbot, win, Qt.Key.Key_Down, ALT)
    key(qtbot, win, Qt.Key.Key_1, ALT)  # kim's choice of the first disagreement: one gold entity
    assert len(win.adjudicator.state.gold) == 1
    assert "Gold: in progress — 1 entity." in label.text()  # not "1 entities"
    assert "(14 undecided)" in label.text()
