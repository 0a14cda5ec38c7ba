"""The main window: docks, palette, entity/relation lists, search, status bar, undo keys and QSettings."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget

from annotator.ui.app import app_settings
from annotator.ui.main_window import MainWindow
from tests.ui.mw_support import (  # noqa: F401 (fixtures)
    SAMPLE_DOCS, sample_path_db, sample_project, settings_dir, window,
)


def test_layout_has_document_list_article_and_both_annotation_docks(window):
    docks = {d.objectName(): d for d in window.findChildren(QDockWidget)}
    assert set(docks) == {"documentsDock", "entitiesDock", "relationsDock", "adjudicationDock"}
    assert not docks.pop("adjudicationDock").isVisible()  # shown in the adjudication mode only
    assert window.dockWidgetArea(docks["documentsDock"]) == Qt.DockWidgetArea.LeftDockWidgetArea
    assert window.dockWidgetArea(docks["entitiesDock"]) == Qt.DockWidgetArea.RightDockWidgetArea
    assert window.dockWidgetArea(docks["relationsDock"]) == Qt.DockWidgetArea.RightDockWidgetArea
    assert all(d.isVisible() for d in docks.values())
    assert window.centralWidget() is window.editor
    assert window.documents.model.rowCount() == SAMPLE_DOCS


def test_palette_has_a_coloured_button_per_label_with_key_name_and_description(window):
    scheme = window.session.scheme
    org = scheme.entity("ORG")
    button = window.palette.button("ORG")
    assert button.text() == f"{org.key} {org.display}"
    assert org.description in button.toolTip()
    assert org.color in button.styleSheet()
    assert len([e for e in scheme.entities if window.palette.button(e.name)]) == len(scheme.entities)
    window.palette.button("PERSON").click()
    assert window.session.active_label == "PERSON"
    window.session.set_active_label("DATE")  # e.g. a label key pressed in the article
    assert window.palette.active() == "DATE"


def test_entity_and_relation_docks_list_the_open_document_and_select_on_click(window, qtbot):
    project, doc_id = window.project, window.session.doc_id
    # kim's layer (the imported copies it holds are not listed twice)
    spans, relations = project.spans(doc_id, "kim"), project.relations(doc_id)
    relations = [r for r in relations if r.layer == "kim"]
    assert window.entity_list.row_ids() == [s.id for s in spans]
    assert window.relation_list.row_ids() == [r.id for r in relations]
    text = project.document(doc_id).text
    model = window.entity_list.model()
    assert model.data(model.index(0, 0)) == text[spans[0].start:spans[0].end]
    assert model.data(model.index(0, 1)) == spans[0].label
    target = spans[5]
    with qtbot.waitSignal(window.entity_list.item_clicked) as clicked:
        window.entity_list.clicked.emit(model.index(5, 0))
    assert clicked.args == [target.id]
    assert window.editor.selected_span_id == target.id  # scrolled to and selected in the article
    window.relation_list.clicked.emit(window.relation_list.model().index(1, 0))
    assert window.editor.selected_relation_id == relations[1].id
    window.editor.span_selected.emit(spans[2].id)  # a click in the article selects the row
    assert window.entity_list.selected_id() == spans[2].id


def test_an_edit_updates_the_lists_and_the_saved_indicator(window):
    doc_id = window.session.doc_id
    before = window.entity_list.rowCount()
    listed = window.documents.model.data(window.documents.model.index(window.documents.model.row_of(doc_id), 3))
    text = window.project.document(doc_id).text
    free = next(i for i in range(len(text) - 2)
                if text[i:i + 2].strip() and len(text[i:i + 2].strip()) == 2
                and not any(s.start < i + 2 and s.end > i for s in window.project.spans(doc_id)))
    window.saved_label.setText("")
    assert window.session.add_span(free, free + 2, "ORG") is not None
    assert window.entity_list.rowCount() == before + 1
    assert "saved" in window.saved_label.text()
    row = window.documents.model.row_of(doc_id)
    assert window.documents.model.data(window.documents.model.index(row, 3)) == listed + 1


def test_search_filters_the_list_and_highlights_in_the_article(window, qtbot):
    calls = []
    window.documents.search_changed.connect(lambda query, exact: calls.append((query, exact)))
    with qtbot.waitSignal(window.documents.search_changed, timeout=10_000):
        window.documents.search_box.setText("글로벌 혁신")
    assert calls == [("글로벌 혁신", False)]
    assert window.documents.model.rowCount() == len(window.project.search("글로벌 혁신")) >= 1
    window.open_document(window.documents.model.doc_id_at(0))
    assert window.editor.search_hit_count() >= 1  # hits highlighted in the open article


def test_status_bar_shows_reviewer_position_done_count_and_saved(window):
    assert window.reviewer_label.text() == "Reviewer: kim"
    assert window.position_label.text() == f"1 / {SAMPLE_DOCS}"
    assert window.done_label.text() == f"0 of {SAMPLE_DOCS} done"
    assert window.saved_label.text().startswith("✓")


def test_undo_and_redo_keys_work_from_the_window(window, qtbot):
    doc_id = window.session.doc_id
    text = window.project.document(doc_id).text
    free = next(i for i in range(len(text) - 2)
                if text[i:i + 2].strip() and len(text[i:i + 2].strip()) == 2
                and not any(s.start < i + 2 and s.end > i for s in window.project.spans(doc_id)))
    count = len(window.project.spans(doc_id))
    window.session.add_span(free, free + 2, "LOC")
    text_view = window.editor.focusProxy() or window.editor
    window.activateWindow()
    text_view.setFocus()
    qtbot.keyClick(text_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(window.project.spans(doc_id)) == count
    qtbot.keyClick(text_view, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert len(window.project.spans(doc_id)) == count + 1


def test_layout_last_document_and_active_label_persist(window, qtbot, sample_project, sample_path_db):
    last = window.project.document_ids()[2]
    window.open_document(last)
    window.session.set_active_label("ZONE")
    window.entities_dock.hide()
    window.resize(701, 502)
    window.close()
    again = MainWindow(sample_project, db_path=sample_path_db, settings=app_settings(), use_morphology=False)
    qtbot.addWidget(again)
    again.restore_layout()
    again.show()
    again.open_initial_document()
    assert again.session.doc_id == last
    assert again.session.active_label == "ZONE"
    assert again.palette.active() == "ZONE"
    assert not again.entities_dock.isVisible()
    assert (again.width(), again.height()) == (701, 502)


def test_korean_translation_is_chosen_by_language_with_english_fallback(qtbot, monkeypatch):
    from PySide6.QtCore import QCoreApplication, QLocale
    from PySide6.QtWidgets import QApplication

    from annotator.ui.app import install_translator, ui_language

    monkeypatch.delenv("ANNOTATOR_LANG", raising=False)
    assert ui_language(QLocale(QLocale.Language.Korean, QLocale.Country.SouthKorea)) == "ko"
    assert ui_language(QLocale(QLocale.Language.German)) == "en"
    monkeypatch.setenv("ANNOTATOR_LANG", "ko")
    assert ui_language(QLocale(QLocale.Language.German)) == "ko"
    app = QApplication.instance()
    assert install_translator(app, "en") is None
    translator = install_translator(app, "ko")
    try:
        assert translator is not None
        assert QCoreApplication.translate("MainWindow", "Documents") == "문서"
        assert QCoreApplication.translate("", "&Next document") == "다음 문서(&N)"
        assert QCoreApplication.translate("Status", "done") == "완료"
        assert QCoreApplication.translate("SuggestionBar", "Accept all") == "모두 수락"
        assert QCoreApplication.translate("", "&Suggestions") == "제안(&S)"  # the background module's _tr
        assert QCoreApplication.translate("EntityTableModel", "Offsets") == "위치"  # dynamic headers
    finally:
        from PySide6.QtCore import QTranslator

        for installed in app.findChildren(QTranslator):
            app.removeTranslator(installed)
    assert QCoreApplication.translate("MainWindow", "Documents") == "Documents"


def test_bundled_font_is_loaded_for_hangul(qtbot):
    from annotator.ui.app import load_fonts

    assert any("Nanum" in family for family in load_fonts())


def test_a_label_key_in_the_article_labels_the_selection_and_lists_it(window, qtbot):
    from PySide6.QtGui import QTextCursor

    doc_id = window.session.doc_id
    text = window.project.document(doc_id).text
    spans = window.project.spans(doc_id)
    start = next(i for i in range(len(text) - 4) if text[i:i + 4].isalnum()
                 and not any(s.start < i + 4 and s.end > i for s in spans))
    view = window.editor.focusProxy()
    cursor = view.textCursor()
    cursor.setPosition(start)  # the sample has no astral characters: UTF-16 position == code point
    cursor.setPosition(start + 4, QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    window.activateWindow()
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_4)  # LOC in the default scheme
    added = [s for s in window.project.spans(doc_id) if s.start == start]
    assert len(added) == 1 and added[0].label == "LOC" and added[0].end <= start + 4
    assert added[0].id in window.entity_list.row_ids()


def test_after_an_import_the_list_reloads_and_reports(window, tmp_path, sample_path_db):
    from annotator.io.importers import import_paths
    from annotator.store import Project
    from annotator.ui.main_actions import _reload_after_import

    folder = tmp_path / "incoming"
    folder.mkdir()
    (folder / "a.txt").write_text("새 기사 제목\n\n강원 원주시가 규제자유특구로 지정됐다.\n", encoding="utf-8")
    (folder / "b.txt").write_text("두 번째 기사\n\n부산시가 글로벌 혁신 특구를 추진한다.\n", encoding="utf-8")
    with Project.open(sample_path_db, "kim") as other:  # the worker thread's own connection
        report = import_paths(other, [folder])
    assert report.imported == 2
    _reload_after_import(window, report)
    assert window.documents.model.rowCount() == 5
    assert window.position_label.text().endswith("/ 5")
    assert "Imported 2 documents" in window.statusBar().currentMessage()


def test_a_cancelled_import_says_it_was_cancelled_and_what_became_of_the_rest(window, tmp_path, sample_path_db):
    """The status bar said "Imported 768 documents, 0 duplicates skipped, 0 problems." after a Cancel, as after
    a finished import."""
    from annotator.io.importers import import_paths
    from annotator.store import Project
    from PySide6.QtWidgets import QApplication

    from annotator.ui.app import install_translator
    from annotator.ui.main_actions import _reload_after_import

    (tmp_path / "a.txt").write_text("새 기사 제목\n\n강원 원주시가 규제자유특구로 지정됐다.\n", encoding="utf-8")
    with Project.open(sample_path_db, "kim") as other:
        report = import_paths(other, [tmp_path / "a.txt"], cancel=lambda: True)
    assert report.cancelled and report.imported == 0
    _reload_after_import(window, report)
    message = window.statusBar().currentMessage()
    assert message.startswith("Import cancelled:") and "the rest was not imported" in message
    assert "Imported 0 documents" in message
    translator = install_translator(QApplication.instance(), "ko")
    try:
        _reload_after_import(window, report)
        assert window.statusBar().currentMessage().startswith("가져오기 취소됨:")
    finally:
        QApplication.instance().removeTranslator(translator)


def test_the_import_box_names_the_first_problems_with_file_and_line(window, tmp_path, sample_path_db, monkeypatch):
    """The box said "2 problems." and nothing more: which file and line took a click on Show Details."""
    import json

    from PySide6.QtWidgets import QMessageBox

    from annotator.io.importers import import_paths
    from annotator.store import Project
    from annotator.ui.main_actions import _reload_after_import

    path = tmp_path / "mixed.jsonl"
    good = [json.dumps({"text": f"기사 {i} 본문입니다."}, ensure_ascii=False) for i in range(3)]
    path.write_text("\n".join([good[0], "{broken", good[1], '{"notext": 1}', "[", "{", good[2]]), encoding="utf-8")
    with Project.open(sample_path_db, "kim") as other:
        report = import_paths(other, [path])
    assert len(report.problems) == 4
    boxes = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: boxes.append(box) or 0)
    _reload_after_import(window, report)
    (box,) = boxes
    lines = box.informativeText().split("\n")
    assert lines[0].startswith(f"{path}:2: ") and lines[1].startswith(f"{path}:4: ") and lines[2].startswith(f"{path}:5: ")
    assert lines[3] == "… and 1 more problem (see the details)"
    assert box.detailedText().count(str(path)) == 4


def test_the_import_progress_speaks_the_ui_language(window, qtbot, tmp_path, monkeypatch):
    """The progress dialog of the Korean window said "768 documents imported" and "big.jsonl: read"."""
    import threading

    from PySide6.QtWidgets import QApplication

    import annotator.io.importers as importers
    from annotator.io.importers import ImportReport
    from annotator.ui import tasks
    from annotator.ui.app import install_translator
    from annotator.ui.main_actions import run_import
    from annotator.ui.progress_lines import progress_line as import_progress_text

    assert import_progress_text("128 documents imported") == "128 documents imported"
    assert import_progress_text("1 documents imported") == "1 document imported"
    assert import_progress_text("a.jsonl: read") == "Read a.jsonl"
    release = threading.Event()

    def importing(project, paths, progress, cancel, **options):  # the runner's own lines, then it waits for the test
        progress(0.5, "128 documents imported")
        release.wait(10)
        return ImportReport()

    monkeypatch.setattr(importers, "import_paths", importing)
    translator = install_translator(QApplication.instance(), "ko")
    try:
        assert import_progress_text("a.jsonl: read") == "a.jsonl 읽음"
        run_import(window, [tmp_path])
        (task,) = tasks.running_under(window)
        qtbot.waitUntil(lambda: task.dialog.labelText() == "문서 128개 가져옴", timeout=10_000)
        release.set()
        qtbot.waitUntil(lambda: not tasks.running_under(window), timeout=10_000)
    finally:
        release.set()
        QApplication.instance().removeTranslator(translator)
