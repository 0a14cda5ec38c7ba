"""Status workflow: new → in progress on the first edit → done with Ctrl+Enter (opens the next); skip; N/P."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.mw_support import (  # noqa: F401 (fixtures)
    SAMPLE_DOCS, extra_documents, sample_path_db, sample_project, settings_dir, window,
)

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def _press(qtbot, window, key, modifiers=Qt.KeyboardModifier.NoModifier):
    """A key pressed while the article text has the focus (the editor's focus proxy)."""
    target = window.editor.focusProxy() or window.editor
    window.activateWindow()
    target.setFocus()
    qtbot.keyClick(target, key, modifiers)


def _free_offset(project, doc_id, width=2):
    text = project.document(doc_id).text
    spans = project.spans(doc_id)
    return next(i for i in range(len(text) - width)
                if len(text[i:i + width].strip()) == width and not any(s.start < i + width and s.end > i for s in spans))


def test_first_edit_moves_new_to_in_progress(window):
    doc_id = window.session.doc_id
    assert window.project.status(doc_id) == "new"
    start = _free_offset(window.project, doc_id)
    window.session.add_span(start, start + 2, "ORG")
    assert window.project.status(doc_id) == "in_progress"
    row = window.documents.model.row_of(doc_id)
    assert window.documents.model.data(window.documents.model.index(row, 2)) == "in progress"


def test_ctrl_enter_marks_done_and_opens_the_next(window, qtbot):
    ids = window.project.document_ids()
    assert window.session.doc_id == ids[0]
    _press(qtbot, window, Qt.Key.Key_Return, CTRL)
    assert window.project.status(ids[0]) == "done"
    assert window.session.doc_id == ids[1]
    assert window.position_label.text() == f"2 / {SAMPLE_DOCS}"
    assert window.done_label.text() == f"1 of {SAMPLE_DOCS} done"
    # the status change is an undo step like any edit
    _press(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert window.project.status(ids[0]) == "new"
    assert window.session.doc_id == ids[0]  # the undo shows the document it changed
    assert window.done_label.text() == f"0 of {SAMPLE_DOCS} done"
    assert window.documents.model.data(window.documents.model.index(0, 2)) == "new"


def test_skip_marks_skipped_and_opens_the_next(window, qtbot):
    ids = window.project.document_ids()
    _press(qtbot, window, Qt.Key.Key_Return, CTRL | SHIFT)
    assert window.project.status(ids[0]) == "skipped"
    assert window.session.doc_id == ids[1]


def test_n_and_p_move_through_the_list(window, qtbot):
    ids = window.project.document_ids()
    _press(qtbot, window, Qt.Key.Key_N)
    assert window.session.doc_id == ids[1]
    _press(qtbot, window, Qt.Key.Key_N)
    _press(qtbot, window, Qt.Key.Key_N)  # already at the last one: stays
    assert window.session.doc_id == ids[2]
    assert window.position_label.text() == f"3 / {SAMPLE_DOCS}"
    _press(qtbot, window, Qt.Key.Key_P)
    assert window.session.doc_id == ids[1]
    assert window.documents.model.doc_id_at(window.documents.view.currentIndex().row()) == ids[1]


def test_navigation_follows_the_status_filter(window, qtbot):
    window.project.add_documents(extra_documents(3))
    ids = window.project.document_ids()
    window.project.set_status(ids[1], "done")
    window.project.set_status(ids[3], "done")
    window.documents.set_status_filter("new")
    assert window.documents.model.rowCount() == len(ids) - 2
    window.open_document(ids[0])
    _press(qtbot, window, Qt.Key.Key_Return, CTRL)  # done → the next *new* one, skipping ids[1]
    assert window.session.doc_id == ids[2]
    assert window.documents.model.rowCount() == len(ids) - 3
    assert window.position_label.text() == f"1 / {len(ids) - 3}"
    _press(qtbot, window, Qt.Key.Key_N)
    assert window.session.doc_id == ids[4]


def test_n_typed_into_the_search_box_is_text_not_navigation(window, qtbot):
    doc_id = window.session.doc_id
    window.activateWindow()
    window.documents.search_box.setFocus()
    qtbot.keyClick(window.documents.search_box, Qt.Key.Key_N)
    assert window.documents.search_box.text() == "n"
    assert window.session.doc_id == doc_id
