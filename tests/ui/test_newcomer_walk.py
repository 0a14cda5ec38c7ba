"""What a newcomer's walk through the window ran into (session 24): the F1 list ran off a 768 px screen, a folder of
pages could not be imported from the menu, an export of "done" documents with none done wrote an empty file as a
success, a search squeezed the document titles to one letter, and the index's message hid the import's summary."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from annotator.ui import tasks
from annotator.ui.document_list import DocumentListModel
from tests.ui.mw_support import sample_path_db, sample_project, search, settings_dir, window  # noqa: F401 (fixtures)


def test_f1_help_fits_the_screen_scrolls_and_stays_open(window, qtbot):
    from PySide6.QtWidgets import QTextBrowser

    from annotator.ui.main_actions import shortcut_rows

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    # A modal box (as the F1 list was) would block here: close it so the test fails instead of hanging.
    QTimer.singleShot(2000, lambda: QApplication.activeModalWidget() and QApplication.activeModalWidget().close())
    window.actions_by_name["keys"].trigger()  # F1: returns at once, the dialog stays open beside the work
    dialog = window.findChild(QTextBrowser).window()
    qtbot.waitExposed(dialog)
    screen = window.screen().availableGeometry()
    assert dialog.frameGeometry().height() <= screen.height() and dialog.width() <= screen.width()
    browser = dialog.findChild(QTextBrowser)
    text = browser.toPlainText()
    rows = shortcut_rows(window)
    assert len(rows) > 40 and all(keys.replace("&amp;", "&").split(" ")[0] in text for keys, _ in rows)
    assert text.count("Hangul mode") == 1  # said once, not on each of the eleven label keys
    assert browser.verticalScrollBar().maximum() > 0  # more rows than fit: the view scrolls, the box stays put
    dialog.close()


def test_import_folder_walks_subfolders(window, qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    folder = tmp_path / "pages"
    (folder / "day2").mkdir(parents=True)
    (folder / "a.txt").write_text("첫 기사 제목\n\n강원 원주시가 규제자유특구로 지정됐다.\n", encoding="utf-8")
    (folder / "day2" / "b.txt").write_text("둘째 기사 제목\n\n충북 오송 바이오 특구 소식이다.\n", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
    assert "import_folder" in window.actions_by_name
    assert any(a is window.actions_by_name["import_folder"] for a in window.menuBar().actions()[0].menu().actions())
    window.actions_by_name["import_folder"].trigger()
    qtbot.waitUntil(lambda: not tasks._running, timeout=30_000)
    qtbot.waitUntil(lambda: window.documents.model.rowCount() == 5, timeout=5_000)
    texts = [window.project.document(d).text for d in window.project.document_ids()]
    assert any("첫 기사 제목" in t for t in texts) and any("둘째 기사 제목" in t for t in texts)


def test_export_with_nothing_done_defaults_to_all_and_refuses_an_empty_file(window, qtbot, tmp_path, monkeypatch):
    from annotator.ui import main_actions

    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    assert window.project.status_counts()["done"] == 0
    main_actions.open_export(window)
    dialog = next(w for w in window.findChildren(main_actions.export_dialog.ExportDialog) if w.isVisible())
    assert dialog.scope_all.isChecked() and dialog.scope_done.text().endswith("(0)")
    dialog.scope_done.setChecked(True)
    out = tmp_path / "empty.jsonl"
    dialog.destination.setText(str(out))
    dialog.start()
    assert warned and "marked done" in warned[0] and dialog.isVisible() and dialog.task is None
    assert not out.exists()
    dialog.reject()


def test_search_leaves_the_titles_readable(window, qtbot):
    from PySide6.QtCore import Qt

    docs = window.documents
    window.resize(1366, 768)
    window.resizeDocks([window.documents_dock], [360], Qt.Orientation.Horizontal)  # as the walk's window had it
    qtbot.wait(50)
    header = docs.view.horizontalHeader()
    shown_before = [c for c in range(docs.model.columnCount()) if not header.isSectionHidden(c)]
    search(qtbot, docs, "특구")
    assert docs.model.rowCount() > 0
    assert not header.isSectionHidden(DocumentListModel.SNIPPET) and not header.isSectionHidden(DocumentListModel.HITS)
    assert header.sectionSize(DocumentListModel.TITLE) >= 100  # was squeezed to a letter ("오…")
    assert header.length() <= docs.view.viewport().width() + 1  # nothing pushed out of view
    docs.search_box.setText("")
    docs.apply_filter()
    assert [c for c in range(docs.model.columnCount()) if not header.isSectionHidden(c)] == shown_before


def test_import_summary_is_not_replaced_by_the_index_message(window, qtbot, tmp_path):
    from annotator.ui.main_actions import run_import

    page = tmp_path / "new.txt"
    page.write_text("새 기사\n\n전북 특별자치도 바이오 특구 지정 소식이다.\n", encoding="utf-8")
    run_import(window, [page])
    qtbot.waitUntil(lambda: not tasks._running, timeout=30_000)
    qtbot.waitUntil(lambda: window.project.index_status() == (4, 4), timeout=10_000)
    qtbot.waitUntil(lambda: window.indexer.task is None and window.indexer.label.isHidden(), timeout=10_000)
    assert "Imported 1 document" in window.statusBar().currentMessage()


def test_agreement_offers_no_empty_layer_of_a_passing_login(window, qtbot):
    from annotator.store import Project
    from annotator.ui.agreement_dialog import open_agreement_dialog

    with Project.open(window.db_path, "root"):  # what `annotator stats --db P` run as root leaves behind
        pass
    assert "root" in [layer.name for layer in window.project.layers()]
    dialog = open_agreement_dialog(window)
    offered = [dialog.layers.item(i).data(0x0100) for i in range(dialog.layers.count())]
    assert "root" not in offered and "kim" in offered and any(n.startswith("import:") for n in offered)
    dialog.close()


def test_every_format_name_of_the_dialogs_is_translated():
    """The Korean export dialog showed "Prodigy JSONL (tokens, spans, relations)": lupdate never saw io.formats."""
    import xml.etree.ElementTree as ET
    from pathlib import Path

    from annotator.io.formats import FORMATS
    from annotator.ui.wording import FORMAT_DIALOG_LABELS

    assert {f.dialog_label for f in FORMATS} | {"Documents", "All files"} == set(FORMAT_DIALOG_LABELS)
    ts = ET.parse(Path(__file__).parents[2] / "resources" / "i18n" / "annotator_ko.ts").getroot()
    translated = {m.find("source").text: m.find("translation").text for c in ts if not c.find("name").text
                  for m in c.findall("message")}
    assert all(translated.get(label) for label in FORMAT_DIALOG_LABELS)


def test_import_dialogs_open_where_the_last_import_came_from(window, tmp_path, monkeypatch):
    from pathlib import Path

    from PySide6.QtWidgets import QFileDialog

    seen = []
    def chosen(parent, title, folder, *rest):
        seen.append(folder)
        return ([], "") if rest else ""  # nothing chosen: getOpenFileNames passes a filter, the folder one not

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", chosen)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", chosen)
    window.actions_by_name["import"].trigger()
    assert seen[-1] == str(Path.home())  # not the folder the app happened to be started in
    (tmp_path / "pages").mkdir()
    window.settings.setValue("import/folder", str(tmp_path / "pages"))
    window.actions_by_name["import_folder"].trigger()
    window.actions_by_name["import"].trigger()
    assert seen[-2:] == [str(tmp_path / "pages")] * 2


def test_a_folder_of_unreadable_files_says_what_was_left_out(window, qtbot, tmp_path, monkeypatch):
    from annotator.ui.main_actions import run_import

    folder = tmp_path / "scans"
    folder.mkdir()
    (folder / "page1.pdf").write_bytes(b"%PDF-1.4")
    (folder / "notes.docx").write_bytes(b"PK")
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append((box.text(), box.detailedText())))
    run_import(window, [folder])  # said "Imported 0 documents" in the status bar and nothing else
    qtbot.waitUntil(lambda: bool(shown), timeout=30_000)
    text, details = shown[0]
    assert "Imported 0 documents" in text and "2 files left out" in text
    assert "page1.pdf" in details and "notes.docx" in details
