"""Every key the main window advertises reaches one action and is in the F1 list, in English and in Korean: no
two actions share a shortcut and no shortcut is a menu bar mnemonic (a mnemonic is a window shortcut too; Alt+D
met "&Document" and Qt dropped both as "Ambiguous shortcut overload"). The keys are sent to the window as key
events."""

from __future__ import annotations

from collections import defaultdict

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QGroupBox, QLabel, QTabBar

from annotator.store import Project
from tests.ui.test_adjudication import stored_gold, team_db  # noqa: F401 (fixture)
from tests.ui.mw_support import settings_dir  # noqa: F401 (fixture)

ALT, CTRL = Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.ControlModifier


@pytest.fixture(params=["en", "ko"])
def lang_window(request, qtbot, settings_dir, team_db):  # noqa: F811
    """The main window on the two-reviewer sample, built with the English or the Korean translation."""
    from annotator.ui.app import app_settings, install_translator, load_fonts
    from annotator.ui.main_window import MainWindow

    app = QApplication.instance()
    translator = install_translator(app, request.param) if request.param != "en" else None
    assert request.param == "en" or translator is not None
    path, ids = team_db
    load_fonts()
    project = Project.open(path, "adj")
    win = MainWindow(project, db_path=path, settings=app_settings(), use_morphology=False)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    win.open_document(ids[-1])
    win.language = request.param
    try:
        yield win
    finally:
        win.close()
        project.close()
        if translator is not None:
            app.removeTranslator(translator)
            for extra in app.findChildren(type(translator)):  # Qt's own strings, installed with it
                app.removeTranslator(extra)


def _mnemonic(text: str) -> str:
    return QKeySequence.mnemonic(text).toString(QKeySequence.SequenceFormat.PortableText)


def key_bindings(win) -> dict[str, list[str]]:
    """Each key sequence the window reacts to without a menu open, and what binds it."""
    bound: dict[str, list[str]] = defaultdict(list)
    for action in set(win.findChildren(QAction)) | set(win.actions()):
        if action.menu() is not None and action in win.menuBar().actions():
            continue  # a menu bar entry: its mnemonic is counted below
        for seq in action.shortcuts():
            bound[seq.toString(QKeySequence.SequenceFormat.PortableText)].append(f"action {action.text()!r}")
    for shortcut in win.findChildren(QShortcut):
        for seq in shortcut.keys():
            bound[seq.toString(QKeySequence.SequenceFormat.PortableText)].append("shortcut")
    for entry in win.menuBar().actions():
        if _mnemonic(entry.text()):
            bound[_mnemonic(entry.text())].append(f"menu {entry.text()!r}")
    for button in win.findChildren(QAbstractButton):
        if _mnemonic(button.text()):
            bound[_mnemonic(button.text())].append(f"button {button.text()!r}")
    for box in win.findChildren(QGroupBox):
        if _mnemonic(box.title()):
            bound[_mnemonic(box.title())].append(f"group {box.title()!r}")
    for label in win.findChildren(QLabel):
        if label.buddy() is not None and _mnemonic(label.text()):
            bound[_mnemonic(label.text())].append(f"label {label.text()!r}")
    for bar in win.findChildren(QTabBar):
        for i in range(bar.count()):
            if _mnemonic(bar.tabText(i)):
                bound[_mnemonic(bar.tabText(i))].append(f"tab {bar.tabText(i)!r}")
    return bound


def test_no_key_is_bound_twice_in_either_language(lang_window):
    win = lang_window
    win.actions_by_name["adjudicate"].setChecked(True)  # the mode's keys and its side list are in the window
    bound = key_bindings(win)
    menus = [e.text() for e in win.menuBar().actions()]
    assert len(menus) >= 6 and all(_mnemonic(t).startswith("Alt+") for t in menus), menus
    assert "Alt+D" in bound and "Alt+A" in bound and "Alt+1" in bound  # the walk sees the mode's keys
    clashes = {k: v for k, v in bound.items() if len(v) > 1}
    assert not clashes, clashes


def test_alt_d_drops_the_gold_of_the_current_disagreement(lang_window):
    win = lang_window
    win.activateWindow()
    win.editor.view.setFocus()
    QTest.keyClick(win, Qt.Key.Key_J, CTRL | ALT)
    assert win.adjudicator.active
    QTest.keyClick(win, Qt.Key.Key_A, ALT)  # accept all agreed
    QTest.keyClick(win, Qt.Key.Key_Down, ALT)
    found = win.adjudicator.disagreement()
    layers = win.adjudicator.state.layers
    second = layers.index(next(n for n in layers if found.choices_of(n)))  # a reviewer who labelled there
    QTest.keyClick(win, getattr(Qt.Key, f"Key_{second + 1}"), ALT)
    here = [g for g in stored_gold(win) if g[0] < found.end and found.start < g[1]]
    assert here  # gold holds spans in the disagreement
    before = stored_gold(win)
    QTest.keyClick(win, Qt.Key.Key_D, ALT)
    assert stored_gold(win) == [g for g in before if g not in here]
    QTest.keyClick(win, Qt.Key.Key_Z, CTRL)  # one undo step
    assert stored_gold(win) == before


def test_f1_lists_every_key_of_the_window(lang_window):
    """Every action with a shortcut (the adjudication mode's too) and the article's C key are in the F1 list, in
    the window's language."""
    from PySide6.QtWidgets import QTextBrowser

    from annotator.ui.main_actions import _tr

    win = lang_window
    win.actions_by_name["adjudicate"].setChecked(True)
    win.activateWindow()
    win.editor.view.setFocus()
    QTest.keyClick(win, Qt.Key.Key_F1)
    browsers = [b for b in win.findChildren(QTextBrowser) if b.window() is not win and b.window().isVisible()]
    assert len(browsers) == 1
    cells = [line.strip() for line in browsers[0].toPlainText().splitlines()]
    listed = {(key, text) for key, text in zip(cells, cells[1:])}  # a row: its key cell, then its text cell
    actions = {a for a in set(win.findChildren(QAction)) | set(win.actions()) if a.shortcuts()}
    assert len(actions) > 30
    missing = []
    for action in actions:
        keys = " / ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts())
        if (keys, action.text().replace("&", "")) not in listed:
            missing.append((keys, action.text()))
    assert not missing, missing
    copy = _tr("copy the other layer's entity under the caret into your layer (adjudicating: take the "
               "reviewer's entity into gold)")
    assert ("C", copy) in listed
    assert (copy[0] == "c") == (win.language == "en")  # in Korean, the Korean text
