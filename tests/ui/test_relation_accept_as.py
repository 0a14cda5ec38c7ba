"""A suggested relation accepted as another type the scheme allows between its ends: R on the current candidate
(the type menu a relation made by hand offers) or right-click ▸ Accept as. One undo step, committed at once; its
own type is remembered as rejected, so recomputing does not propose it again; undo brings the candidate back."""

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from annotator.store import AnnotationError
from tests.ui.test_relation_candidates_view import relation_editor, settle, stored

TEXT = "산업부는 세종에서 투자설명회를 개최했다."  # 산업부 ORG 0-3, 세종 LOC 5-7, 투자설명회 EVENT 10-15
NONE = Qt.KeyboardModifier.NoModifier


@pytest.fixture
def editor(qtbot, tmp_path):
    with relation_editor(qtbot, tmp_path, TEXT, ((0, 3, "ORG"), (5, 7, "LOC"), (10, 15, "EVENT"))) as widget:
        yield widget


def press_r(editor):
    for kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(editor.view, QKeyEvent(kind, Qt.Key.Key_R, NONE, "r"))


def hosts_current(editor):
    relations = editor.relation_review
    hosts = next(s for s in relations.visible if s.label == "hosts")
    relations.set_current(hosts.id)
    return hosts


def test_r_on_a_candidate_accepts_it_as_the_type_chosen(editor, tmp_path, qtbot):
    assert stored(tmp_path) == ([], ["hosts", "located_in"], [])
    offered = []

    def choose(_parent, options, head, tail, _where):
        offered.append(([o.name for o in options], head, tail))
        return "attends"

    editor.relation_chooser = choose
    hosts_current(editor)
    press_r(editor)
    assert offered == [(["hosts", "attends"], "ORG", "EVENT")]  # the types allowed between its ends
    assert stored(tmp_path) == (["attends"], ["located_in"], ["hosts"])  # committed at once
    assert [r.label for r in editor.layer.relations] == ["attends"]
    assert editor.session.undo_stack.count() == 1
    editor.relation_review.recompute()  # hosts is not proposed again
    settle(qtbot, editor)
    assert [s.label for s in editor.relation_review.visible] == ["located_in"]
    editor.session.undo_stack.undo()
    assert stored(tmp_path) == ([], ["hosts", "located_in"], [])
    assert editor.layer.relations == [] and len(editor.relation_review.visible) == 2
    editor.session.undo_stack.redo()
    assert stored(tmp_path) == (["attends"], ["located_in"], ["hosts"])


def test_cancelling_the_type_menu_decides_nothing(editor, tmp_path):
    editor.relation_chooser = lambda *_args: None
    hosts_current(editor)
    press_r(editor)
    assert stored(tmp_path) == ([], ["hosts", "located_in"], []) and editor.session.undo_stack.count() == 0
    assert editor.relation_review.current() is not None


def test_the_context_menu_accepts_as_another_type(editor, tmp_path):
    view = editor.view
    view.viewport().repaint()
    hosts = next(s for s in editor.relation_review.visible if s.label == "hosts")
    box = next(shape[2] for shape in view.overlay.candidate_shapes if shape[0] == hosts.id)
    menu = editor.build_context_menu(box.center().toPoint())
    submenu = next(a.menu() for a in menu.actions() if a.text() == "Accept as (R)")
    actions = {a.text(): a for a in submenu.actions()}
    assert not actions["주최 — hosts"].isEnabled()  # its own type: that is Enter
    actions["참석 — attends"].trigger()
    assert stored(tmp_path) == (["attends"], ["located_in"], ["hosts"])


def test_the_store_refuses_a_type_the_scheme_does_not_allow(editor, tmp_path):
    hosts = hosts_current(editor)
    with pytest.raises(AnnotationError, match="does not allow"):
        editor.session.project.accept_relation_suggestions([hosts.id], {hosts.id: "located_in"})
    assert stored(tmp_path) == ([], ["hosts", "located_in"], [])  # nothing of it kept
