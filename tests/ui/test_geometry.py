"""The window opens inside the available screen area, restores its geometry and docks, and every control stays
reachable at 1280x720."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QAbstractScrollArea, QWidget

from annotator.ui.app import app_settings
from annotator.ui.main_window import MainWindow
from annotator.ui.screen_fit import FRAME, fit_to_screen
from tests.ui.mw_support import sample_path_db, sample_project, settings_dir, window  # noqa: F401 (fixtures)

LAPTOP = QRect(0, 0, 1366, 768 - 40)  # a 1366x768 screen less a 40 px task bar


def test_fit_rule_shrinks_and_moves_inside_with_room_for_the_frame():
    fitted = fit_to_screen(QRect(0, 0, 1480, 900), LAPTOP, centre=True)
    assert LAPTOP.contains(fitted.marginsAdded(FRAME))
    assert fitted.width() == 1366 - FRAME.left() - FRAME.right()
    off = fit_to_screen(QRect(1200, 600, 800, 500), LAPTOP)  # saved on a larger monitor's right half
    assert LAPTOP.contains(off.marginsAdded(FRAME)) and off.size().toTuple() == (800, 500)
    small = QRect(100, 120, 700, 500)
    assert fit_to_screen(small, LAPTOP) == small  # a window that fits stays where it was
    second = QRect(1366, 0, 1920, 1080)  # a second screen to the right
    assert second.contains(fit_to_screen(QRect(1400, 50, 1480, 900), second).marginsAdded(FRAME))


def test_first_start_opens_within_the_available_screen(window):
    available = window.screen().availableGeometry()
    assert available.contains(window.geometry().marginsAdded(FRAME))


def test_geometry_and_docks_restored_and_clamped(window, qtbot, sample_project, sample_path_db):
    window.resize(640, 480)
    window.move(30, 60)
    window.relations_dock.hide()
    window.close()
    again = MainWindow(sample_project, db_path=sample_path_db, settings=app_settings(), use_morphology=False)
    qtbot.addWidget(again)
    again.restore_layout()
    again.show()
    assert again.size().toTuple() == (640, 480)
    assert not again.relations_dock.isVisible() and again.entities_dock.isVisible()


def _reachable(widget: QWidget, window) -> bool:
    """Inside the window, or inside a scroll area that can scroll to it."""
    top_left = widget.mapTo(window, widget.rect().topLeft())
    rect = QRect(top_left, widget.size())
    if window.rect().contains(rect.center()):
        return True
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def test_every_control_reachable_at_1280x720(window, qtbot):
    window.resize(1280, 720)
    qtbot.wait(50)
    assert window.size().toTuple() == (1280, 720)  # nothing's minimum size forces the window larger
    assert window.minimumSizeHint().width() <= 1280 and window.minimumSizeHint().height() <= 720
    status = window.statusBar()
    assert window.rect().contains(QRect(status.mapTo(window, status.rect().topLeft()), status.size()))
    for label in (window.reviewer_label, window.position_label, window.done_label, window.saved_label):
        assert label.isVisible() and _reachable(label, window)
    header = window.entity_list.horizontalHeader()
    viewport = window.entity_list.viewport().width()
    last = header.count() - 1
    fits = header.sectionPosition(last) + header.sectionSize(last) <= viewport + 1
    assert fits or window.entity_list.horizontalScrollBar().maximum() > 0
    for dock in (window.documents_dock, window.entities_dock, window.relations_dock):
        assert dock.isVisible() and dock.width() >= 150 and dock.height() >= 100
    assert window.editor.view.width() >= 400
