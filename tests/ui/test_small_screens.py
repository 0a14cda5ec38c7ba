"""A 1024x600 laptop (hGW's walk): the article's bar of suggestion buttons does not squeeze the entity and
relation lists to a sliver, and the larger dialogs fit the screen they open on, buttons included."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, QSize, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from annotator.core.suggestions import NewSuggestion
from annotator.store import Project
from annotator.ui.main_window import dock_widths
from annotator.ui.screen_fit import FRAME, fit_to_screen
from tests.ui.mw_support import sample_path_db, sample_project, settings_dir, window  # noqa: F401 (fixtures)


def _suggest_on_open_document(window) -> None:
    """Pending suggestions of each label on the open document, some below the threshold, with a long count text."""
    doc_id = window.session.doc_id
    text = window.session.state.text
    taken = {i for s in window.session.state.spans for i in range(s.start, s.end)}
    free = [i for i in range(0, len(text) - 3) if not taken & set(range(i, i + 3)) and text[i:i + 3].strip()
            and "\n" not in text[i:i + 3]]
    starts = free[::40][:12]
    proposals = [NewSuggestion(start, start + 3, "ORG", "model", 0.3 + 0.05 * n) for n, start in enumerate(starts)]
    with Project.open(window.db_path, "kim") as other:
        other.write_suggestions({doc_id: proposals})
    window.session.reload_document()


def test_at_1024_wide_the_suggestion_bar_leaves_the_lists_their_width(window, qtbot):
    _suggest_on_open_document(window)
    bar = window.editor.suggestion_review.bar
    qtbot.waitUntil(bar.isVisible, timeout=3_000)
    assert bar.accept_all.isVisible()
    window.resize(1024, 600)
    window.fit_docks()
    qtbot.wait(50)
    left, right = dock_widths(1024)
    assert window.entities_dock.width() >= right - 12  # it was 98 px: a column and a half of the entity list
    assert window.documents_dock.width() >= left - 12, (window.documents_dock.width(), left)
    # every control of the bar still shown whole, over two rows if need be
    editor = window.editor
    for widget in (bar.threshold, bar.accept_all, bar.accept_above, bar.reject_all, editor.collapse_button):
        assert widget.isVisible() and widget.width() >= widget.sizeHint().width()
        assert editor.rect().contains(widget.mapTo(editor, widget.rect().bottomRight()))
    assert bar.count.width() >= bar.count.sizeHint().width()  # the count whole: it has a row's width to itself
    assert editor.view.height() > 300  # the second row costs one line of height, not the article


def test_the_bar_is_one_row_again_when_there_is_room(window, qtbot):
    _suggest_on_open_document(window)
    bar = window.editor.suggestion_review.bar
    collapse = window.editor.collapse_button

    def rows_apart() -> int:
        return abs(collapse.mapTo(window.editor, collapse.rect().center()).y()
                   - bar.count.mapTo(window.editor, bar.count.rect().center()).y())

    qtbot.waitUntil(lambda: bar.isVisible() and bar.reject_all.isVisible(), timeout=3_000)
    window.resize(1024, 600)
    window.fit_docks()
    qtbot.waitUntil(lambda: rows_apart() > 10, timeout=3_000)  # wrapped
    window.resize(1920, 1080)
    window.fit_docks()
    qtbot.waitUntil(lambda: rows_apart() <= 4, timeout=3_000)  # one row again, Hide boilerplate at its right end
    assert collapse.geometry().right() >= bar.width() - 8


@pytest.mark.parametrize("action", ["scheme", "entities", "merge", "agreement"])
def test_a_dialog_fits_the_screen_it_opens_on(window, qtbot, action):
    """On the test screen (800 px wide): the scheme and catalogue dialogs were 900 and 980 px wide."""
    screen = window.screen().availableGeometry()
    seen = {}

    def look() -> None:
        shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]
        if not shown:  # not shown yet
            QTimer.singleShot(50, look)
            return
        seen["geometry"] = shown[0].frameGeometry()
        shown[0].reject()

    QTimer.singleShot(0, look)
    window.actions_by_name[action].trigger()
    qtbot.waitUntil(lambda: "geometry" in seen, timeout=5_000)
    size = seen["geometry"].size()
    assert size.width() <= screen.width() and size.height() <= screen.height(), (seen, screen)


def test_a_size_wanted_is_cut_to_a_1024x600_screen_with_its_frame():
    laptop = QRect(0, 0, 1024, 600 - 40)  # less a task bar
    for wanted in ((720, 640), (960, 680), (980, 640), (900, 620), (560, 560)):
        fitted = fit_to_screen(QRect(QPoint(0, 0), QSize(*wanted)), laptop)
        assert laptop.contains(fitted.marginsAdded(FRAME))
        assert fitted.width() == min(wanted[0], 1024 - FRAME.left() - FRAME.right())
    assert fit_to_screen(QRect(0, 0, 560, 263), laptop).size() == QSize(560, 263)  # one that fits is left alone


def test_the_search_hint_cut_at_1024_wide_is_whole_in_its_tooltip(window, qtbot):
    window.resize(1024, 600)
    window.fit_docks()
    box = window.documents.search_box
    assert box.toolTip() == box.placeholderText() and box.placeholderText().startswith("Search text")
