"""Reviewing suggestions in the real ArticleEditor: drawn apart (no fill, chip room, tooltip), Tab/Shift+Tab,
Enter, Backspace, a label key, a click on the chip, accept/reject all, the threshold; every decision one undo
step, committed at once (checked in a second connection to the file)."""

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QApplication

from annotator.core.model import NewDocument
from annotator.core.suggestions import NewSuggestion
from annotator.store import Project
from annotator.ui.article_view import ArticleEditor
from annotator.ui.session import Session

TEXT = "중기부는 강원에 특구를 지정했다.\n김철수 장관이 참석했다.\n120억 원을 지원한다."
PROPOSALS = [NewSuggestion(0, 3, "ORG", "dictionary", 0.9, "중기부 3/3"),
             NewSuggestion(5, 7, "LOC", "model", 0.55),
             NewSuggestion(19, 22, "PERSON", "model", 0.7),
             NewSuggestion(23, 25, "TITLE", "patterns", 0.95)]
NONE = Qt.KeyboardModifier.NoModifier


@pytest.fixture
def editor(qtbot, tmp_path):
    project = Project.open(tmp_path / "p.db", reviewer="kim")
    project.add_documents([NewDocument(TEXT, title="t"), NewDocument("다른 문서", title="u")])
    project.write_suggestions({1: PROPOSALS})
    session = Session(project)
    widget = ArticleEditor(session, use_morphology=False)
    qtbot.addWidget(widget)
    widget.resize(700, 400)
    widget.show()
    session.open_document(1)
    qtbot.waitExposed(widget)
    yield widget
    project.close()


def press(editor, key, text="", mods=NONE):
    for kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(editor.view, QKeyEvent(kind, key, mods, text))


def stored(tmp_path):
    """What the file holds, read by another connection: (own entities, pending suggestions, rejections)."""
    with Project.open(tmp_path / "p.db", "kim", read_only=True) as p:
        return ([(TEXT[s.start:s.end], s.label) for s in p.spans(1, "kim")],
                [TEXT[s.start:s.end] for s in p.suggestions(1)], p.rejected_suggestions(1))


def shown(editor):
    return [TEXT[s.start:s.end] for s in editor.suggestion_review.pending.visible]


def test_suggestions_are_shown_apart_from_labels(editor, qtbot):
    review = editor.suggestion_review
    assert shown(editor) == ["중기부", "강원", "김철수", "장관"]
    assert editor.layer.spans == [] and editor.layer.other_spans == []  # no label, no other layer
    block = editor.view.document().firstBlock()
    ranges = block.layout().formats()
    last = next(r for r in ranges if r.start == 2)  # 부 of 중기부: room for the chip, no fill
    assert last.format.fontLetterSpacing() == pytest.approx(editor.style.chip_widths["ORG"] + 6)
    assert last.format.background().style() == Qt.BrushStyle.NoBrush
    editor.view.viewport().repaint()
    assert [sid for sid, _ in review.chip_rects][:2] == [s.id for s in review.pending.visible[:2]]
    chip = review.chip_rects[0][1].center().toPoint()
    assert "dictionary, score 0.90" in review.tooltip(chip)
    assert editor.suggestion_review.bar.count.isVisible()


def test_tab_enter_backspace_and_a_label_key_each_one_undo_step(editor, tmp_path):
    review, undo = editor.suggestion_review, editor.session.undo_stack
    press(editor, Qt.Key.Key_Tab)
    assert TEXT[review.current().start:review.current().end] == "중기부"
    press(editor, Qt.Key.Key_Return)  # accept, and on to the next
    assert stored(tmp_path)[0] == [("중기부", "ORG")]
    assert TEXT[review.current().start:review.current().end] == "강원"
    press(editor, Qt.Key.Key_Backspace)  # reject
    own, pending, rejected = stored(tmp_path)
    assert "강원" not in pending and rejected == {(5, 7, "LOC")}
    assert TEXT[review.current().start:review.current().end] == "김철수"
    press(editor, Qt.Key.Key_Backtab, mods=Qt.KeyboardModifier.ShiftModifier)  # back around to the last one
    assert TEXT[review.current().start:review.current().end] == "장관"
    press(editor, Qt.Key.Key_Tab)
    press(editor, Qt.Key.Key_5, "5")  # accept as ZONE instead of PERSON
    assert stored(tmp_path)[0] == [("중기부", "ORG"), ("김철수", "ZONE")]
    assert [s.label for s in editor.layer.spans] == ["ORG", "ZONE"]
    assert undo.count() == 3
    undo.undo()
    assert stored(tmp_path)[0] == [("중기부", "ORG")] and "김철수" in shown(editor)
    undo.undo()
    own, pending, rejected = stored(tmp_path)
    assert "강원" in pending and rejected == set() and "강원" in shown(editor)
    undo.undo()
    assert stored(tmp_path)[0] == [] and shown(editor) == ["중기부", "강원", "김철수", "장관"]
    undo.redo()
    undo.redo()
    undo.redo()
    assert stored(tmp_path)[0] == [("중기부", "ORG"), ("김철수", "ZONE")]
    assert shown(editor) == ["장관"]
    assert editor.session.project.status(1) == "in_progress"


def test_a_click_on_the_chip_accepts(editor, tmp_path):
    review = editor.suggestion_review
    editor.view.viewport().repaint()
    target = next(rect for sid, rect in review.chip_rects if TEXT[review.pending.by_id[sid].start:
                                                                 review.pending.by_id[sid].end] == "장관")
    viewport = editor.view.viewport()
    point = target.center()
    for kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease):
        buttons = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseButtonRelease else Qt.MouseButton.LeftButton
        QApplication.sendEvent(viewport, QMouseEvent(kind, point, QPointF(viewport.mapToGlobal(point.toPoint())),
                                                     Qt.MouseButton.LeftButton, buttons, NONE))
    assert stored(tmp_path)[0] == [("장관", "TITLE")]
    assert editor.session.undo_stack.count() == 1


def test_threshold_filters_and_accept_above_and_reject_all(editor, tmp_path):
    review, bar = editor.suggestion_review, editor.suggestion_review.bar
    bar.threshold.setValue(0.7)
    assert shown(editor) == ["중기부", "김철수", "장관"]
    assert "1 below the threshold" in bar.count.text()
    bar.threshold.setValue(0.9)
    bar.accept_above.click()
    assert stored(tmp_path)[0] == [("중기부", "ORG"), ("장관", "TITLE")]
    bar.threshold.setValue(0.0)
    bar.reject_all.click()
    own, pending, rejected = stored(tmp_path)
    assert pending == [] and rejected == {(5, 7, "LOC"), (19, 22, "PERSON")}
    assert not bar.count.isVisible() and not bar.reject_all.isVisible()  # only Hide boilerplate is left
    editor.session.undo_stack.undo()
    assert shown(editor) == ["강원", "김철수"]
    bar.accept_all.click()
    assert [t for t, _ in stored(tmp_path)[0]] == ["중기부", "강원", "김철수", "장관"]
    assert editor.session.undo_stack.count() == 2  # accept above, accept all (the undone reject-all is gone)


def test_an_own_label_hides_the_suggestion_under_it_and_accept_all_skips_it(editor, tmp_path):
    editor.session.add_span(19, 21, "PERSON")  # part of 김철수
    assert "김철수" not in shown(editor)
    assert editor.suggestion_review.accept_all() == 3
    assert stored(tmp_path)[1] == []  # kim has decided them all: 김철수 lies under kim's own entity
    with Project.open(tmp_path / "p.db", "lee", read_only=True) as p:  # the file keeps them for the others
        assert [TEXT[s.start:s.end] for s in p.suggestions(1, everyone=True)] == ["중기부", "강원", "김철수", "장관"]
    editor.session.undo_stack.undo()
    editor.session.undo_stack.undo()
    assert "김철수" in shown(editor)


def test_another_document_has_its_own_suggestions(editor):
    editor.session.open_document(2)
    assert shown(editor) == [] and editor.suggestion_review.current() is None
    assert not editor.suggestion_review.bar.count.isVisible()
    event = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Tab, NONE, "")
    assert editor.suggestion_review.handle_key(event) is False  # Tab keeps its usual meaning
    editor.session.open_document(1)
    assert len(shown(editor)) == 4


def test_the_context_menu_accepts_as_another_label_or_rejects(editor, tmp_path):
    review = editor.suggestion_review
    editor.view.viewport().repaint()
    chip = next(rect for sid, rect in review.chip_rects if review.pending.by_id[sid].label == "LOC")
    menu = editor.build_context_menu(chip.center().toPoint())
    texts = [a.text() for a in menu.actions()]
    assert any(t.startswith("Accept suggestion “강원” as LOC") for t in texts)
    accept_as = next(a.menu() for a in menu.actions() if a.menu() is not None and a.text() == "Accept as")
    next(a for a in accept_as.actions() if a.text().startswith("ZONE ")).trigger()
    assert stored(tmp_path)[0] == [("강원", "ZONE")]
    editor.view.viewport().repaint()
    chip = next(rect for sid, rect in review.chip_rects if review.pending.by_id[sid].label == "ORG")
    menu = editor.build_context_menu(chip.center().toPoint())
    next(a for a in menu.actions() if a.text().startswith("Reject suggestion")).trigger()
    assert stored(tmp_path)[2] == {(0, 3, "ORG")}


def test_a_run_elsewhere_replacing_the_suggestions_is_noticed(editor, tmp_path, qtbot):
    review = editor.suggestion_review
    stale = review.pending.visible[0]
    with Project.open(tmp_path / "p.db", "kim") as other:  # e.g. `annotator suggest --db` meanwhile
        other.write_suggestions({1: PROPOSALS[1:]})
    with qtbot.waitSignal(editor.session.message) as message:
        assert review.accept([stale.id]) == 0
    assert "not pending" in message.args[0]
    assert shown(editor) == ["강원", "김철수", "장관"]  # read again
    assert editor.session.undo_stack.count() == 0
