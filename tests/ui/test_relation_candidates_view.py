"""Suggested relations in the real ArticleEditor: drawn as dashed candidate arcs apart from relations, filtered by
the score threshold, reached by Tab in text order with the entity suggestions, Enter accepts, Backspace rejects, a
click on the arc accepts; each decision one undo step committed at once (checked in a second connection); and the
candidates recomputed from the reviewer's entities when they change (accepting entity suggestions), without Kiwi."""

import subprocess
import sys
from contextlib import contextmanager

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QApplication

from annotator.core.model import NewDocument
from annotator.core.suggestions import NewSuggestion
from annotator.store import Project
from annotator.ui.article_view import ArticleEditor
from annotator.ui.session import Session

# 오기웅 0-3 PERSON, 중소벤처기업부 4-11 ORG, 차관 12-14 TITLE (own); 13일 16-19 a pending DATE suggestion;
# second line: 김철수 30-33 PERSON and 장관 34-36 TITLE as suggestions only.
TEXT = "오기웅 중소벤처기업부 차관은 13일 강원을 방문했다.\n김철수 장관이 참석했다."
NONE = Qt.KeyboardModifier.NoModifier


@contextmanager
def relation_editor(qtbot, tmp_path, text, own, suggestions=()):
    """An ArticleEditor on a project of one document with the reviewer's entities `own` (start, end, label) and
    pending entity suggestions, Suggest relations on and its first candidates computed."""
    project = Project.open(tmp_path / "p.db", reviewer="kim")
    project.add_documents([NewDocument(text, title="t")])
    for start, end, label in own:
        project.add_span(1, start, end, label)
    if suggestions:
        project.write_suggestions({1: list(suggestions)})
    session = Session(project)
    widget = ArticleEditor(session, use_morphology=False)
    qtbot.addWidget(widget)
    widget.resize(700, 400)
    widget.show()
    session.open_document(1)
    qtbot.waitExposed(widget)
    widget.relation_review.set_enabled(True)  # the switch (Suggestions menu) on: computed on the worker thread
    settle(qtbot, widget)
    try:
        yield widget
    finally:
        widget.relation_review.stop()
        # The undo steps go while the session is alive: a parentless Session collected in a cycle with its
        # commands makes QUndoStack's destructor delete them a second time (a segfault in the garbage collector).
        session.undo_stack.clear()
        project.close()


@pytest.fixture
def editor(qtbot, tmp_path):
    with relation_editor(qtbot, tmp_path, TEXT, ((0, 3, "PERSON"), (4, 11, "ORG"), (12, 14, "TITLE")),
                         (NewSuggestion(16, 19, "DATE", "patterns", 0.9), NewSuggestion(30, 33, "PERSON", "model", 0.7),
                          NewSuggestion(34, 36, "TITLE", "patterns", 0.95))) as widget:
        yield widget


def settle(qtbot, editor):
    """Until the worker thread has written the candidates and the view shows them."""
    qtbot.waitUntil(lambda: not editor.relation_review.recomputing(), timeout=10000)


def press(editor, key, mods=NONE):
    for kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(editor.view, QKeyEvent(kind, key, mods, ""))


def stored(tmp_path):
    """(relations, pending candidates, rejected candidates) by type, as another connection reads the file."""
    with Project.open(tmp_path / "p.db", "kim", read_only=True) as p:
        return (sorted(r.label for r in p.relations(1, "kim")), sorted(s.label for s in p.relation_suggestions(1)),
                sorted(label for _h, _t, label in p.rejected_relation_suggestions(1)))


def candidate_pieces(editor):
    editor.view.viewport().repaint()
    plan = editor.view.arc_layout.plan_of(editor.view.document().firstBlock())
    return [p for p in plan.pieces if p.candidate] if plan else []


def test_candidates_are_drawn_as_dashed_arcs_and_the_threshold_filters_them(editor, tmp_path):
    assert stored(tmp_path) == ([], ["belongs_to", "holds_title"], [])  # written for the open document
    pieces = candidate_pieces(editor)
    assert sorted(p.label for p in pieces) == ["소속?", "직위?"]  # the type's name and a question mark
    assert not editor.layer.relations  # not relations until accepted
    shapes = editor.view.overlay.candidate_shapes
    assert len(shapes) == 2 and editor.view.overlay.arc_shapes == []
    box = shapes[0][2]
    tip = editor.suggestion_review.tooltip(box.center().toPoint())
    assert "Suggested relation" in tip and "relation rules, score" in tip
    editor.suggestion_review.bar.threshold.setValue(0.8)  # belongs_to scores 0.75
    assert [p.label for p in candidate_pieces(editor)] == ["직위?"]
    assert "1 suggested relation (2 below the threshold)" in editor.suggestion_review.bar.count.text()  # and 김철수
    editor.relation_review.set_enabled(False)  # the switch off: none drawn, the bar says they are there
    assert candidate_pieces(editor) == []
    assert "2 suggested relations hidden" in editor.suggestion_review.bar.count.text()


def test_tab_reaches_candidates_in_text_order_enter_accepts_backspace_rejects(editor, tmp_path):
    review, relations = editor.suggestion_review, editor.relation_review
    editor._move_caret(0)
    press(editor, Qt.Key.Key_Tab)  # both candidates start at 오기웅 (0): first the belongs_to (lower id)
    first = relations.current()
    assert first is not None and review.current() is None
    press(editor, Qt.Key.Key_Return)
    assert stored(tmp_path)[0] == [first.label]  # committed at once
    assert [r.label for r in editor.layer.relations] == [first.label]  # a relation of the layer: a solid arc
    second = relations.current()  # on to the next one, as Tab would
    assert second is not None and second.label != first.label
    press(editor, Qt.Key.Key_Backspace)
    assert stored(tmp_path) == ([first.label], [], [second.label])
    assert review.current() is not None and editor.layer.text[review.current().start:review.current().end] == "13일"
    press(editor, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)  # back: no candidate left before it
    assert relations.current() is None and review.current() is not None
    assert editor.session.undo_stack.count() == 2
    editor.session.undo_stack.undo()  # the rejection
    assert stored(tmp_path) == ([first.label], [second.label], [])
    editor.session.undo_stack.undo()  # the accept
    assert stored(tmp_path) == ([], ["belongs_to", "holds_title"], [])
    assert editor.layer.relations == [] and len(relations.visible) == 2


def test_a_click_on_the_arc_accepts_it(editor, tmp_path):
    candidate_pieces(editor)
    cid, _stroke, box = next(s for s in editor.view.overlay.candidate_shapes
                             if editor.relation_review.by_id[s[0]].label == "holds_title")
    viewport = editor.view.viewport()
    point = box.center()
    for kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease):
        buttons = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseButtonRelease else Qt.MouseButton.LeftButton
        QApplication.sendEvent(viewport, QMouseEvent(kind, point, QPointF(viewport.mapToGlobal(point.toPoint())),
                                                     Qt.MouseButton.LeftButton, buttons, NONE))
    assert stored(tmp_path) == (["holds_title"], ["belongs_to"], [])
    assert editor.session.undo_stack.count() == 1 and cid not in editor.relation_review.by_id


def test_accepting_entity_suggestions_brings_fresh_candidates(editor, tmp_path, qtbot):
    review = editor.suggestion_review
    assert review.accept_all() == 3  # 13일, 김철수, 장관 become own entities
    qtbot.waitUntil(lambda: "holds_title" in [s.label for s in editor.relation_review.visible
                                              if s.head[0] == 30], timeout=5000)
    assert stored(tmp_path)[1] == ["belongs_to", "holds_title", "holds_title"]
    editor.session.undo_stack.undo()  # the entities go again, and their candidate with them
    qtbot.waitUntil(lambda: len(editor.relation_review.visible) == 2, timeout=5000)
    assert stored(tmp_path)[1] == ["belongs_to", "holds_title"]


def test_accept_all_and_reject_all_are_one_undo_step_each(editor, tmp_path, qtbot):
    relations = editor.relation_review
    assert relations.accept_all() == 2
    assert stored(tmp_path) == (["belongs_to", "holds_title"], [], [])
    editor.session.undo_stack.undo()
    assert stored(tmp_path) == ([], ["belongs_to", "holds_title"], [])
    assert relations.reject_all() == 2
    assert stored(tmp_path) == ([], [], ["belongs_to", "holds_title"])
    relations.recompute()  # rejected ones are never proposed again for the document
    settle(qtbot, editor)
    assert stored(tmp_path)[1] == [] and relations.visible == []
    editor.session.undo_stack.undo()
    assert stored(tmp_path) == ([], ["belongs_to", "holds_title"], [])


def test_computing_candidates_needs_no_kiwi():
    code = ("import sys\n"
            "from annotator.core.model import Span\n"
            "from annotator.core.scheme import default_scheme\n"
            "from annotator.nlp.preannotate import own_relation_candidates\n"
            f"text = {TEXT!r}\n"
            "spans = [Span(1, 1, 0, 3, 'PERSON'), Span(2, 1, 4, 11, 'ORG'), Span(3, 1, 12, 14, 'TITLE')]\n"
            "found = own_relation_candidates(default_scheme(), text, spans, ['content', 'content'])\n"
            "assert [(c.head_id, c.tail_id, c.label) for c in found] == [(1, 2, 'belongs_to'), (1, 3, 'holds_title')], found\n"
            "assert 'kiwipiepy' not in sys.modules\n")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_context_menu_on_a_candidate_accepts_or_rejects_it(editor, tmp_path):
    candidate_pieces(editor)
    box = next(s[2] for s in editor.view.overlay.candidate_shapes
               if editor.relation_review.by_id[s[0]].label == "belongs_to")
    menu = editor.build_context_menu(box.center().toPoint())
    next(a for a in menu.actions() if a.text() == "Reject suggested relation (Backspace)").trigger()
    assert stored(tmp_path) == ([], ["holds_title"], ["belongs_to"])
    candidate_pieces(editor)
    box = editor.view.overlay.candidate_shapes[0][2]
    menu = editor.build_context_menu(box.center().toPoint())
    next(a for a in menu.actions() if a.text() == "Accept suggested relation (Enter)").trigger()
    assert stored(tmp_path) == (["holds_title"], [], ["belongs_to"])


def test_tab_to_a_candidate_leaves_the_selected_entity_so_backspace_rejects_the_candidate(editor, tmp_path):
    person = next(s for s in editor.layer.spans if s.label == "PERSON")
    editor.select_span(person.id)
    editor._move_caret(0)
    press(editor, Qt.Key.Key_Tab)
    assert editor.selected_span_id is None and editor.relation_review.current() is not None
    press(editor, Qt.Key.Key_Backspace)
    assert len(stored(tmp_path)[2]) == 1 and person.id in editor.layer.by_id  # the entity stays
