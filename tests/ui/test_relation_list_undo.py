"""The relations list beside the article across undo and redo: the relation an undo (or redo) brings back is
selected and shown, in the list and in the article; a relation an undo takes away leaves nothing selected
(Qt's single selection would otherwise move onto the neighbouring row)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.mw_support import sample_path_db, sample_project, settings_dir, window  # noqa: F401 (fixtures)

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


def free_places(win, n: int) -> list[int]:
    """n starts of two-character stretches of text no entity touches."""
    doc_id = win.session.doc_id
    text, spans = win.project.document(doc_id).text, win.project.spans(doc_id, all_layers=True)
    out: list[int] = []
    for i in range(len(text) - 2):
        piece = text[i:i + 2]
        if (len(piece.strip()) == 2 and not any(s.start < i + 2 and s.end > i for s in spans)
                and all(i >= j + 3 for j in out)):
            out.append(i)
            if len(out) == n:
                return out
    raise AssertionError("the sample has no free text left")


def new_relation(win):
    person_at, org_at = free_places(win, 2)
    person = win.session.add_span(person_at, person_at + 2, "PERSON")
    org = win.session.add_span(org_at, org_at + 2, "ORG")
    relation = win.session.add_relation(person.id, org.id, "belongs_to")
    assert relation is not None
    return relation


def click_row(qtbot, table, relation_id: int) -> None:
    """A real click on the relation's row (sets Qt's current index, as a reviewer's click does)."""
    row = table.model_.row_of(relation_id)
    index = table.model_.index(row, 1)
    table.scrollTo(index)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center())


def key(qtbot, win, k, mods=Qt.KeyboardModifier.NoModifier) -> None:
    win.activateWindow()
    win.editor.view.setFocus()
    qtbot.keyClick(win.editor.view, k, mods)


def shown(table, relation_id: int) -> bool:
    """In sight in the list, which scrolled away from the top for it (the test scrolls to the top first)."""
    rect = table.visualRect(table.model_.index(table.model_.row_of(relation_id), 0))
    return table.viewport().rect().intersects(rect) and table.verticalScrollBar().value() > 0


def test_undoing_a_relation_delete_selects_and_shows_it_again(window, qtbot):
    table, editor = window.relation_list, window.editor
    relation = new_relation(window)
    assert table.rowCount() >= 3  # neighbours for Qt's selection to fall onto
    click_row(qtbot, table, relation.id)
    assert table.selected_id() == relation.id and editor.selected_relation_id == relation.id

    key(qtbot, window, Qt.Key.Key_Delete)
    assert relation not in window.project.relations(window.session.doc_id)
    assert table.model_.row_of(relation.id) is None
    assert table.selected_id() is None and editor.selected_relation_id is None  # no neighbour selected instead

    table.scrollToTop()
    key(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert relation in window.project.relations(window.session.doc_id)  # the same relation, the same id
    assert table.model_.row_of(relation.id) is not None
    assert table.selected_id() == relation.id and editor.selected_relation_id == relation.id
    assert shown(table, relation.id)
    assert editor._caret() == window.session.state.by_id[relation.head_id].start  # and shown in the article

    key(qtbot, window, Qt.Key.Key_Z, CTRL | SHIFT)  # redo the delete: gone again, nothing stale selected
    assert table.model_.row_of(relation.id) is None
    assert table.selected_id() is None and editor.selected_relation_id is None


def test_undoing_a_relation_add_leaves_nothing_selected_and_redo_selects_it(window, qtbot):
    table, editor = window.relation_list, window.editor
    relation = new_relation(window)
    click_row(qtbot, table, relation.id)
    assert table.selected_id() == relation.id

    key(qtbot, window, Qt.Key.Key_Z, CTRL)  # undo the add
    assert table.model_.row_of(relation.id) is None
    assert table.selected_id() is None and editor.selected_relation_id is None
    assert not table.selectionModel().currentIndex().isValid()  # no current row left behind either

    table.scrollToTop()
    key(qtbot, window, Qt.Key.Key_Z, CTRL | SHIFT)  # redo: the relation back, selected and shown
    assert table.selected_id() == relation.id and editor.selected_relation_id == relation.id
    assert shown(table, relation.id)


def test_a_relation_selected_elsewhere_stays_selected_when_another_comes_and_goes(window, qtbot):
    table = window.relation_list
    relation = new_relation(window)
    kept = table.row_ids()[0]
    click_row(qtbot, table, kept)
    window.session.delete_relation(relation.id)  # not the selected one
    assert table.selected_id() == kept
    window.session.undo_stack.undo()  # the relation back: the reviewer's selection moves to it
    assert table.selected_id() == relation.id


def select_in_article(qtbot, win, span) -> None:
    """A real click on the entity in the article (as a reviewer selects one to delete it)."""
    view = win.editor.view
    win.editor.select_span(span.id)  # scrolled into view first
    cursor = view.textCursor()
    cursor.setPosition(span.start + 1)
    rect = view.cursorRect(cursor)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert win.editor.selected_span_id == span.id


def test_undoing_an_entity_delete_selects_it_and_its_restored_relations(window, qtbot):
    table, editor, entities = window.relation_list, window.editor, window.entity_list
    person_at, org_at, title_at = free_places(window, 3)
    person = window.session.add_span(person_at, person_at + 2, "PERSON")
    org = window.session.add_span(org_at, org_at + 2, "ORG")
    title = window.session.add_span(title_at, title_at + 2, "TITLE")
    belongs = window.session.add_relation(person.id, org.id, "belongs_to")
    holds = window.session.add_relation(person.id, title.id, "holds_title")
    assert belongs is not None and holds is not None and table.rowCount() >= 4  # others to select by mistake
    click_row(qtbot, table, table.row_ids()[0])  # a relation of another entity selected before

    select_in_article(qtbot, window, person)
    key(qtbot, window, Qt.Key.Key_Delete)
    doc_id = window.session.doc_id
    assert person.id not in {s.id for s in window.project.spans(doc_id)}
    assert table.model_.row_of(belongs.id) is None and table.model_.row_of(holds.id) is None

    table.scrollToTop()
    key(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert {r.id for r in window.project.relations(doc_id)} >= {belongs.id, holds.id}  # the same ids back
    assert editor.selected_span_id == person.id and editor.selected_relation_id is None
    assert entities.selected_id() == person.id
    restored = sorted([belongs.id, holds.id], key=table.model_.row_of)
    assert table.selected_ids() == restored  # both, and nothing else
    assert shown(table, restored[0])

    key(qtbot, window, Qt.Key.Key_Z, CTRL | SHIFT)  # redo the delete: nothing stale left selected
    assert table.selected_ids() == [] and editor.selected_span_id is None
