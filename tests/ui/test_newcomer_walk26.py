"""What a newcomer's walk through the window ran into (session 26): Tab brought a suggestion at the bottom of the
article half into view (its line cut by the viewport's edge), and nothing said which suggestion Tab had reached."""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from annotator.core.model import NewDocument
from annotator.core.suggestions import NewSuggestion
from tests.ui.mw_support import sample_path_db, sample_project, search, settings_dir, window  # noqa: F401 (fixtures)

NONE = Qt.KeyboardModifier.NoModifier


def press(view, key, text=""):
    for kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(view, QKeyEvent(kind, key, NONE, text))


def free_words(project, doc_id, every=250):
    """Two-syllable stretches of Hangul no entity of any layer touches, about `every` characters apart."""
    text = project.document(doc_id).text
    taken = [(s.start, s.end) for layer in project.layers() for s in project.spans(doc_id, layer.name)]
    found, last = [], -every
    for m in re.finditer(r"[가-힣]{2}", text):
        if m.start() - last >= every and not any(a < m.end() and m.start() < b for a, b in taken):
            found.append((m.start(), m.end()))
            last = m.start()
    return found


def suggested_window(window, qtbot, doc_id=1):
    project = window.project
    words = free_words(project, doc_id)
    project.write_suggestions({doc_id: [NewSuggestion(a, b, "ORG", "patterns", 0.9, "") for a, b in words]})
    window.resize(1366, 768)
    window.session.open_document(doc_id + 1)  # open another, then this one: its suggestions are read again
    window.session.open_document(doc_id)
    qtbot.waitUntil(lambda: len(window.editor.suggestion_review.pending.visible) == len(words), timeout=5_000)
    return words


def test_tab_shows_the_whole_line_of_each_suggestion_it_reaches(window, qtbot):
    """From a caret anywhere (centred, as after a click), Tab scrolls the next suggestion's line wholly into view
    (Qt's own ensureCursorVisible left it cut by 8 px where relation arcs had moved the lines down)."""
    words = suggested_window(window, qtbot)
    assert len(words) >= 4
    editor, view = window.editor, window.editor.view
    view.setFocus()
    cut = []
    for pos in range(0, len(editor.layer.text), 150):
        cursor = view.textCursor()
        cursor.setPosition(editor.layer.offsets.to_utf16(pos))
        view.setTextCursor(cursor)
        view.centerCursor()
        QApplication.processEvents()
        editor.suggestion_review._set_current(None)
        press(view, Qt.Key.Key_Tab)
        QApplication.processEvents()
        rect = view.cursorRect()
        if rect.top() < 0 or rect.bottom() > view.viewport().height():
            cut.append((pos, rect.top(), rect.bottom(), view.viewport().height()))
    assert cut == []


LINE = "중기부 차관이 강원 원주시를 찾았다"  # 중기부 ORG (0-3), 차관 TITLE (4-6), 강원 LOC (8-10)


def test_tab_scrolls_past_the_arc_rows_of_the_top_line(window, qtbot):
    """Every line carries relation arcs, so every block's first line starts below its arc rows: Qt's scroll
    counted from the line's own top and stopped short of the suggestion's line by up to those rows."""
    project = window.project
    text = "\n".join(f"{LINE} {i}" for i in range(80))
    doc_id = project.add_documents([NewDocument(text, title="arcs")]).imported[0]
    starts = [text.index(f"{LINE} {i}") for i in range(80)]
    for start in starts:
        org = project.add_span(doc_id, start, start + 3, "ORG")
        title = project.add_span(doc_id, start + 4, start + 6, "TITLE")
        place = project.add_span(doc_id, start + 8, start + 10, "LOC")
        project.add_relation(org.id, place.id, "located_in")
    project.write_suggestions({doc_id: [NewSuggestion(s + 11, s + 14, "LOC", "patterns", 0.9, "")
                                        for s in starts[5::3]]})
    window.resize(1366, 768)
    window.session.open_document(doc_id)
    editor, view = window.editor, window.editor.view
    qtbot.waitUntil(lambda: len(editor.suggestion_review.pending.visible) == len(starts[5::3]), timeout=5_000)
    view.setFocus()
    cut = []
    for _ in starts[5::3]:
        press(view, Qt.Key.Key_Tab)
        QApplication.processEvents()
        rect = view.cursorRect()
        if rect.top() < 0 or rect.bottom() > view.viewport().height():
            cut.append((editor.suggestion_review.current().start, rect.top(), rect.bottom()))
    assert cut == []


def test_tab_says_which_suggestion_it_reached_and_what_the_keys_do(window, qtbot):
    words = suggested_window(window, qtbot)
    view, text = window.editor.view, window.editor.layer.text
    view.setFocus()
    cursor = view.textCursor()
    cursor.setPosition(0)
    view.setTextCursor(cursor)
    press(view, Qt.Key.Key_Tab)
    first = text[words[0][0]:words[0][1]]
    message = window.statusBar().currentMessage()
    assert f"Suggestion 1 of {len(words)}: ORG" in message and f"“{first}”" in message
    assert "patterns, score 0.90" in message and "Enter accepts, Backspace rejects" in message
    press(view, Qt.Key.Key_Tab)
    assert f"Suggestion 2 of {len(words)}" in window.statusBar().currentMessage()


def test_the_suggestion_bar_counts_one_suggestion_in_the_singular(window, qtbot):
    words = suggested_window(window, qtbot)
    bar = window.editor.suggestion_review.bar
    assert bar.count.text().startswith(f"{len(words)} suggestions")
    review = window.editor.suggestion_review
    review.reject([s.id for s in review.pending.visible[1:]], what="test")
    qtbot.waitUntil(lambda: len(review.pending.visible) == 1, timeout=2_000)
    assert bar.count.text().startswith("1 suggestion") and not bar.count.text().startswith("1 suggestions")


def _first(editor, label):
    return next(s for s in editor.layer.spans if s.label == label)


def test_a_relation_started_from_the_wrong_end_says_which_way_the_scheme_allows(window):
    editor = window.editor
    place, org = _first(editor, "LOC"), _first(editor, "ORG")
    before = len(editor.layer.relations)
    editor.finish_relation(place.id, org.id)
    message = window.statusBar().currentMessage()
    assert "no relation from LOC to ORG" in message and "from ORG to LOC it allows" in message
    assert "located_in" in message and f"select “{editor.layer.span_text(org)}” first, then press R" in message
    assert len(editor.layer.relations) == before  # nothing made


def test_a_pair_no_relation_links_points_to_the_label_scheme(window):
    editor, scheme = window.editor, window.session.scheme
    labels = sorted({s.label for s in editor.layer.spans})
    a, b = next((a, b) for a in labels for b in labels
                if a != b and not scheme.allowed_relations(a, b) and not scheme.allowed_relations(b, a))
    editor.finish_relation(_first(editor, a).id, _first(editor, b).id)
    message = window.statusBar().currentMessage()
    assert f"no relation between {a} and {b}" in message and "Edit ▸ Label scheme" in message


def test_r_says_the_tail_can_be_chosen_by_keyboard(window):
    editor, view = window.editor, window.editor.view
    head = _first(editor, "ORG")
    editor.select_span(head.id)
    view.setFocus()
    press(view, Qt.Key.Key_R, "r")
    assert "put the caret in it and press R or Enter" in window.statusBar().currentMessage()


def test_the_search_box_has_a_row_of_its_own_and_a_search_leaves_the_titles_readable(window, qtbot):
    window.resize(1366, 768)
    QApplication.processEvents()
    panel = window.documents
    assert panel.search_box.width() >= 150  # beside the status filter it was ~30 px at 1366 px
    for box in (panel.date_from_box, panel.date_to_box):
        assert box.width() >= box.fontMetrics().horizontalAdvance(box.placeholderText())
    search(qtbot, panel, "CWN")
    qtbot.waitUntil(lambda: panel.model.rowCount() >= 1, timeout=5_000)
    QApplication.processEvents()
    header = panel.view.horizontalHeader()
    from annotator.ui.document_list import DocumentListModel

    assert header.sectionSize(DocumentListModel.TITLE) >= 60  # it was squeezed to "…"
    assert not panel.empty_note.isVisible()


def test_a_search_that_finds_nothing_says_so_and_how_to_get_the_list_back(window, qtbot):
    panel = window.documents
    search(qtbot, panel, "없는낱말없는낱말")
    assert panel.model.rowCount() == 0
    assert panel.empty_note.isVisible()
    note = panel.empty_note.text()
    assert "No document contains “없는낱말없는낱말”" in note and "Spaces and line breaks are ignored" in note
    assert "Clear the search box" in note
    panel.search_box.setText("")
    panel.apply_filter()
    assert panel.model.rowCount() == 3 and not panel.empty_note.isVisible()
    panel.set_status_filter("done")
    assert panel.model.rowCount() == 0 and panel.empty_note.isVisible()
    assert "No document with status “done”" in panel.empty_note.text()


def test_the_korean_window_names_the_suggestion_source_in_korean(window, qtbot):
    from annotator.ui.app import install_translator

    translator = install_translator(QApplication.instance(), "ko")
    try:
        words = suggested_window(window, qtbot)
        view = window.editor.view
        view.setFocus()
        cursor = view.textCursor()
        cursor.setPosition(0)
        view.setTextCursor(cursor)
        press(view, Qt.Key.Key_Tab)
        message = window.statusBar().currentMessage()
        assert message.startswith(f"제안 1/{len(words)}: ORG") and "(패턴, 점수 0.90)" in message
    finally:
        QApplication.instance().removeTranslator(translator)


def test_hand_out_puts_the_app_projects_files_where_they_can_be_found_and_says_what_comes_next(
        qtbot, tmp_path, monkeypatch, settings_dir):
    from PySide6.QtWidgets import QWidget

    from annotator.paths import default_export_dir
    from annotator.store import Project
    from annotator.ui import export_dialog
    from annotator.ui.team_dialogs import AssignDialog

    data = tmp_path / "data"
    data.mkdir()
    app_db = data / "project.annotator.db"
    monkeypatch.setenv("ANNOTATOR_DB", str(app_db))  # the app's own project, in the hidden data folder
    with Project.open(app_db, "lead") as project:
        project.add_documents([NewDocument(text=f"기사 {i} 강원 규제자유특구", title=f"{i}") for i in range(4)])
        ids = project.document_ids()
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = AssignDialog(parent, app_db, "lead", doc_ids=ids, unfinished_ids=ids)
    assert dialog.folder.text() == str(default_export_dir() / "project.annotator-handout")
    elsewhere = tmp_path / "team" / "team.db"  # a project the lead keeps in a folder of their own
    elsewhere.parent.mkdir()
    with Project.open(elsewhere, "lead") as project:
        project.add_documents([NewDocument(text="기사 강원 규제자유특구", title="1")])
    assert AssignDialog(parent, elsewhere, "lead", doc_ids=[1], unfinished_ids=[1]).folder.text() == str(
        tmp_path / "team" / "team-handout")

    offers = []
    monkeypatch.setattr(export_dialog, "offer_to_open_folder",
                        lambda parent, title, text, out, problems=(): offers.append(text))
    dialog.reviewers.setText("kim, lee")
    dialog.folder.setText(str(tmp_path / "handout"))
    dialog.hand_out_button.click()
    qtbot.waitUntil(lambda: bool(offers), timeout=60_000)
    assert "File ▸ Open project…" in offers[0] and "File ▸ Merge project files…" in offers[0]


def test_with_other_layers_the_entity_list_keeps_its_texts_readable_at_1366_px(qtbot, settings_dir, sample_path_db):
    from annotator.store import Project
    from annotator.ui.annotation_lists import EntityTableModel
    from annotator.ui.app import app_settings, load_fonts
    from annotator.ui.main_window import MainWindow

    with Project.open(sample_path_db, "lee") as lee:  # a second reviewer's layer: the Layer column appears
        spans = lee.spans(1, "kim")
        copied, _relations = lee.copy_spans([s.id for s in spans[:10]])
        lee.delete_span(copied[0].id)
        lee.add_span(1, spans[0].start, spans[0].end, "PERSON" if spans[0].label != "PERSON" else "ORG")
    load_fonts()
    project = Project.open(sample_path_db, "kim")
    try:
        win = MainWindow(project, db_path=sample_path_db, settings=app_settings(), use_morphology=False)
        qtbot.addWidget(win)
        win.restore_layout()
        win.resize(1366, 768)
        win.show()
        qtbot.waitExposed(win)
        win.session.open_document(1)
        QApplication.processEvents()
        entities = win.entity_list
        assert entities.model_.state.other_spans
        win.resizeDocks([win.entities_dock], [290], Qt.Orientation.Horizontal)  # as the walk's window had it
        qtbot.waitUntil(lambda: entities.viewport().width() < 300, timeout=3_000)
        QApplication.processEvents()
        text = entities.columnWidth(EntityTableModel.TEXT)
        assert text >= 0.4 * entities.viewport().width() - 1  # it was ~35 of ~270 px
        assert not entities.isColumnHidden(EntityTableModel.LAYER) or entities.isColumnHidden(EntityTableModel.OFFSETS)
        row = entities.model_.index(0, EntityTableModel.TEXT)
        span = entities.model_.rows[0]
        assert f"{span.start}–{span.end}" in entities.model_.data(row, Qt.ItemDataRole.ToolTipRole)
        win.resizeDocks([win.entities_dock], [700], Qt.Orientation.Horizontal)  # a wide screen's dock
        qtbot.waitUntil(lambda: not entities.isColumnHidden(EntityTableModel.OFFSETS), timeout=3_000)
        assert not entities.isColumnHidden(EntityTableModel.LAYER)  # room again: both back
        win.close()
    finally:
        project.close()


def test_every_menu_path_the_readme_names_is_in_the_window(window):
    """The README sent a newcomer to "Settings ▸ Label scheme": there is no Settings menu (it is Edit ▸)."""
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    menus = {}
    for action in window.menuBar().actions():
        if action.menu() is not None:
            items = [a.text().replace("&", "").rstrip("…").strip() for a in action.menu().actions() if a.text()]
            menus[action.text().replace("&", "")] = [t for t in items if t]
    paths = re.findall(r"\b([A-Z][a-z]+) ▸ \*?([A-Za-z][^,.;:()*▸]*)", readme)
    assert len(paths) >= 15
    wrong = []
    for menu, phrase in paths:
        phrase = " ".join(phrase.replace("…", "").split())
        said = phrase.lower()
        if menu not in menus or not any(said.startswith(item.lower()) or item.lower().startswith(said)
                                        for item in menus[menu]):
            wrong.append(f"{menu} ▸ {phrase}")
    assert wrong == []


def test_the_export_dialog_says_whose_done_documents_it_means(qtbot, tmp_path, settings_dir):
    from PySide6.QtWidgets import QWidget

    from annotator.store import Project
    from annotator.ui.export_dialog import ExportDialog

    db = tmp_path / "team.db"
    with Project.open(db, "lead") as project:
        project.add_documents([NewDocument(text="강원 규제자유특구 지정", title="1")])
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = ExportDialog(parent, db, "lead", [], [], 0)
    assert dialog.scope_done.text() == "Documents lead marked done (0)"


def test_the_scroll_bar_reaches_the_last_line_when_every_line_carries_arcs(window, qtbot):
    project = window.project
    text = "\n".join(f"{LINE} {i}" for i in range(80))
    doc_id = project.add_documents([NewDocument(text, title="arcs")]).imported[0]
    for i in range(80):
        start = text.index(f"{LINE} {i}")
        org = project.add_span(doc_id, start, start + 3, "ORG")
        place = project.add_span(doc_id, start + 8, start + 10, "LOC")
        project.add_relation(org.id, place.id, "located_in")
    window.resize(1366, 768)
    window.session.open_document(doc_id)
    view = window.editor.view
    QApplication.processEvents()
    bar = view.verticalScrollBar()
    for _ in range(3):  # to the end as a user drags the bar there (blocks there are planned when painted)
        bar.setValue(bar.maximum())
        view.viewport().repaint()
        QApplication.processEvents()
    last = view.document().lastBlock()
    bottom = view.blockBoundingGeometry(last).translated(view.contentOffset()).bottom()
    assert bottom <= view.viewport().height() + 1
