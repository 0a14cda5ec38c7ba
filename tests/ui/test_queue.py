"""The review queue: Ctrl+Enter / Ctrl+Shift+Enter move to the next document not done or skipped for this
reviewer, in the list's filter and order, wrapping round; one row selected; the open document survives a restart."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.ui.app import app_settings
from annotator.ui.main_window import MainWindow
from tests.ui.mw_support import (  # noqa: F401 (fixtures)
    extra_documents, sample_path_db, sample_project, search, settings_dir, window,
)


def _grow(window, n=5):
    window.project.add_documents(extra_documents(n))
    window.documents.model.reload()
    return window.project.document_ids()


def selected_rows(window):
    return sorted({i.row() for i in window.documents.view.selectionModel().selectedRows()})


def done_key(window, qtbot, *, skip=False):
    mods = Qt.KeyboardModifier.ControlModifier | (Qt.KeyboardModifier.ShiftModifier if skip else
                                                  Qt.KeyboardModifier.NoModifier)
    window.activateWindow()
    window.editor.view.setFocus()
    qtbot.keyClick(window.editor.view, Qt.Key.Key_Return, mods)


def test_done_on_the_last_row_wraps_to_the_first_open_document(window, qtbot):
    ids = _grow(window)
    window.open_document(ids[-1])
    done_key(window, qtbot)
    assert window.project.status(ids[-1]) == "done"
    assert window.session.doc_id == ids[0]
    assert selected_rows(window) == [0]


def test_done_skips_documents_already_done_or_skipped(window, qtbot):
    ids = _grow(window)
    window.session.set_status("done", ids[1])
    window.session.set_status("skipped", ids[2])
    window.open_document(ids[0])
    done_key(window, qtbot)
    assert window.session.doc_id == ids[3]
    done_key(window, qtbot, skip=True)
    assert window.project.status(ids[3]) == "skipped"
    assert window.session.doc_id == ids[4]


def test_previous_then_done_leaves_one_row_selected(window, qtbot):
    ids = _grow(window)
    window.open_document(ids[3])
    window.activateWindow()
    window.editor.view.setFocus()
    qtbot.keyClick(window.editor.view, Qt.Key.Key_P)
    assert window.session.doc_id == ids[2]
    done_key(window, qtbot)
    assert window.session.doc_id == ids[3]
    assert selected_rows(window) == [3]


def test_queue_follows_the_search_filter(window, qtbot):
    ids = _grow(window, 6)
    search(qtbot, window.documents, "문서")  # the extra documents only
    extra = ids[3:]
    window.open_document(extra[-1])
    done_key(window, qtbot)
    assert window.session.doc_id == extra[0]  # wrapped within the filtered list, not to a sample


def test_none_left_says_so_with_counts(window, qtbot):
    ids = window.project.document_ids()
    for doc_id in ids[:-1]:
        window.session.set_status("skipped" if doc_id == ids[0] else "done", doc_id)
    window.open_document(ids[-1])
    done_key(window, qtbot)
    message = window.statusBar().currentMessage()
    assert window.session.doc_id == ids[-1]
    assert "No document left" in message
    assert f"{len(ids) - 1} done, 1 skipped, {len(ids)} in total" in message


def test_restart_reopens_the_open_document_even_without_a_clean_close(window, qtbot, sample_project, sample_path_db):
    ids = window.project.document_ids()
    window.open_document(ids[1])
    # no close(): as after a crash, only what was written as it happened is there
    again = MainWindow(sample_project, db_path=sample_path_db, settings=app_settings(), use_morphology=False)
    qtbot.addWidget(again)
    again.open_initial_document()
    assert again.session.doc_id == ids[1]


def test_n_and_p_work_in_hangul_mode(window, qtbot):
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    ids = _grow(window, 2)
    window.open_document(ids[1])
    window.activateWindow()
    window.editor.view.setFocus()
    for key, text, expected in ((Qt.Key.Key_N, "ㅜ", ids[2]), (Qt.Key.Key_P, "ㅔ", ids[1])):
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(window.editor.view, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text))
        assert window.session.doc_id == expected


def test_queue_ordered_by_open_decisions(window, qtbot):
    from annotator.core.suggestions import NewSuggestion

    ids = _grow(window, 4)
    busy, busier = ids[-1], ids[-2]
    window.project.write_suggestions({busy: [NewSuggestion(0, 2, "ORG", "model", 0.5)],
                                      busier: [NewSuggestion(0, 2, "ORG", "model", 0.5),
                                               NewSuggestion(5, 7, "LOC", "model", 0.6)]})
    panel = window.documents
    index = panel.order_combo.findData("decisions")
    panel.order_combo.setCurrentIndex(index)
    panel.order_combo.activated.emit(index)  # as a user's choice does
    assert [panel.model.doc_id_at(r) for r in range(2)] == [busier, busy]
    window.open_document(busier)
    window.mark_done_and_next()
    assert window.session.doc_id == busy  # the queue follows the order
    panel.set_queue_order("list")
    assert panel.model.doc_id_at(0) == ids[0]
    row = panel.model.row_of(busier)
    tip = panel.model.data(panel.model.index(row, panel.model.ENTITIES), Qt.ItemDataRole.ToolTipRole)
    assert "2 suggestions to decide on" in tip
