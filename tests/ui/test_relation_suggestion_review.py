"""Relation suggestions in the real main window's Relations dock: written by the relations source between the
reviewer's own entities, marked as suggested, Enter accepts (a relation of the layer, in the relation list and the
file), Backspace rejects (remembered in the file); each an undo step (Ctrl+Z brings the candidate back)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from annotator.core.model import NewDocument
from annotator.nlp.preannotate import preannotate, project_suggester
from annotator.store import Project
from tests.ui.mw_support import sample_path_db, sample_project, settings_dir, window  # noqa: F401 (fixtures)

TEXT = "오기웅 중소벤처기업부 차관은 13일 강원을 방문했다."
NONE = Qt.KeyboardModifier.NoModifier


def press(widget, key):
    for kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, key, NONE, ""))


def _open_with_candidates(window):
    project = window.project
    doc_id = project.add_documents([NewDocument(TEXT, title="relations")]).imported[0]
    for start, end, label in ((0, 3, "PERSON"), (4, 11, "ORG"), (12, 14, "TITLE")):
        project.add_span(doc_id, start, end, label)
    built = project_suggester(project, sources="relations", calibrate=False)
    _done, written = preannotate(project, built.suggester, [doc_id])
    assert written.relations.by_label == {"belongs_to": 1, "holds_title": 1}
    window.actions_by_name["suggest_relations"].setChecked(True)  # Suggestions ▸ Suggest relations (off by default)
    window.session.open_document(doc_id)
    review = window.editor.relation_review
    review.recompute()  # the opening's own request now (not 200 ms later, amid the test's decisions)
    from PySide6.QtWidgets import QApplication

    while review.recomputing():  # the worker thread has written and the window shows them
        QApplication.processEvents()
    return doc_id


def _stored(path, doc_id):
    with Project.open(path, "kim", read_only=True) as p:
        return ({r.label for r in p.relations(doc_id, p.layer_name)}, {s.label for s in p.relation_suggestions(doc_id)},
                {label for _h, _t, label in p.rejected_relation_suggestions(doc_id)})


def test_enter_accepts_backspace_rejects_and_undo_restores(window, sample_path_db, qtbot):
    doc_id = _open_with_candidates(window)
    listing = window.relation_suggestions
    assert listing.isVisible() and listing.heading.isVisible()
    assert [listing.item(i).text() for i in range(listing.count())] == [
        "suggested · 오기웅 → 중소벤처기업부 · 소속 belongs_to · 0.75", "suggested · 오기웅 → 차관 · 직위 holds_title · 0.85"]
    assert listing.item(0).font().italic() and "Backspace rejects" in listing.item(0).toolTip()
    assert window.relation_list.rowCount() == 0  # not relations until accepted

    listing.setFocus()
    listing.setCurrentRow(1)
    press(listing, Qt.Key.Key_Return)
    assert _stored(sample_path_db, doc_id) == ({"holds_title"}, {"belongs_to"}, set())  # committed at once
    assert window.relation_list.rowCount() == 1 and listing.count() == 1

    press(listing, Qt.Key.Key_Backspace)  # the current one now: belongs_to
    assert _stored(sample_path_db, doc_id) == ({"holds_title"}, set(), {"belongs_to"})
    assert listing.count() == 0 and not listing.isVisible()

    window.session.undo_stack.undo()  # the rejection
    assert _stored(sample_path_db, doc_id) == ({"holds_title"}, {"belongs_to"}, set())
    window.session.undo_stack.undo()  # the accept
    assert _stored(sample_path_db, doc_id) == (set(), {"belongs_to", "holds_title"}, set())
    assert window.relation_list.rowCount() == 0 and listing.count() == 2
    window.session.undo_stack.redo()
    assert _stored(sample_path_db, doc_id) == ({"holds_title"}, {"belongs_to"}, set())
    assert window.relation_list.rowCount() == 1


def test_deleting_an_entity_drops_its_candidates_from_the_list(window, sample_path_db, qtbot):
    doc_id = _open_with_candidates(window)
    listing = window.relation_suggestions
    title = next(s for s in window.session.state.spans if s.label == "TITLE")
    window.session.delete_span(title.id)
    assert [listing.item(i).text() for i in range(listing.count())] == [
        "suggested · 오기웅 → 중소벤처기업부 · 소속 belongs_to · 0.75"]
    window.session.undo_stack.undo()  # the entity is back, and its candidate is computed again
    qtbot.waitUntil(lambda: listing.count() == 2, timeout=5000)
    assert _stored(sample_path_db, doc_id)[1] == {"belongs_to", "holds_title"}


def test_the_menu_accepts_or_rejects_all_and_the_switch_is_remembered(window, sample_path_db):
    doc_id = _open_with_candidates(window)
    assert window.settings.value("suggestions/relations") in (True, "true")
    window.actions_by_name["suggestions_accept_relations"].trigger()
    assert _stored(sample_path_db, doc_id) == ({"belongs_to", "holds_title"}, set(), set())
    assert window.relation_list.rowCount() == 2 and not window.relation_suggestions.isVisible()
    window.session.undo_stack.undo()  # one step for all
    window.actions_by_name["suggestions_reject_relations"].trigger()
    assert _stored(sample_path_db, doc_id) == (set(), set(), {"belongs_to", "holds_title"})
    window.session.undo_stack.undo()
    window.actions_by_name["suggest_relations"].setChecked(False)  # off: none shown, none computed
    assert not window.relation_suggestions.isVisible() and window.editor.relation_review.visible == []
    assert _stored(sample_path_db, doc_id)[1] == {"belongs_to", "holds_title"}  # undecided, kept in the file
    from annotator.ui.main_actions import shortcut_rows

    assert any("suggested relation" in text for _keys, text in shortcut_rows(window))
