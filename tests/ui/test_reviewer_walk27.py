"""What a reviewer's walk through the Korean window ran into (session 27): the status bar said "Search index
ready: 3 documents added" in English (the module asked for its strings in a context the translation does not
have, so every one of them stayed English)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtWidgets import QApplication

from tests.ui.mw_support import sample_path_db, sample_project, settings_dir, window  # noqa: F401 (fixtures)

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "i18n" / "annotator_ko.ts"


def _ts_contexts() -> dict[str, set[str]]:
    contexts = {}
    for context in ET.parse(TS).getroot().iter("context"):
        name = context.findtext("name") or ""
        contexts.setdefault(name, set()).update(m.findtext("source") for m in context.iter("message"))
    return contexts


def test_the_search_index_messages_are_korean_in_the_korean_window(qapp):
    from annotator.ui import search_indexing
    from annotator.ui.app import install_translator

    translator = install_translator(QApplication.instance(), "ko")
    try:
        assert search_indexing._tr("Search index ready: %1 added") == "검색 색인 완료: %1 추가"
        assert search_indexing._tr("%n documents") == "문서 %n개"
        assert search_indexing._tr("Indexing for search %1%").startswith("검색 색인")
    finally:
        QApplication.instance().removeTranslator(translator)


def test_every_module_translation_function_asks_in_a_context_the_translation_has():
    """A module's _tr must use the context lupdate files its strings under ("" for the _tr alias), or the
    strings silently stay English."""
    contexts = _ts_contexts()
    pattern = re.compile(r"def _tr\(text: str\) -> str:\s*\n\s*return QCoreApplication\.translate\(\"([^\"]*)\"")
    found = {}
    for path in sorted((ROOT / "annotator" / "ui").glob("*.py")):
        for context in pattern.findall(path.read_text(encoding="utf-8")):
            found[path.name] = context
    assert len(found) >= 10
    wrong = {name: ctx for name, ctx in found.items() if ctx not in contexts}
    assert not wrong, f"contexts not in {TS.name}: {wrong}"
    # and the strings of such a module are in that context
    source = (ROOT / "annotator" / "ui" / "search_indexing.py").read_text(encoding="utf-8")
    asked = set(re.findall(r'_tr\("([^"]+)"\)', source))
    assert asked and asked <= contexts[found["search_indexing.py"]]


def test_a_label_key_names_the_active_label_as_the_palette_does(window, qtbot):
    """With no selection and no entity selected, a label key sets the active label; the status bar said
    "현재 레이블: PERSON" beside a palette that says "2 인물"."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent

    view = window.editor.view
    view.setFocus()
    text = window.editor.layer.text
    taken = [(s.start, s.end) for s in window.project.spans(window.session.doc_id)]
    free = next(p for p in range(len(text)) if text[p] not in " \n" and not any(a <= p < b for a, b in taken))
    cursor = view.textCursor()
    cursor.setPosition(window.editor.layer.offsets.to_utf16(free))
    view.setTextCursor(cursor)
    window.editor.selected_span_id = None
    for kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(view, QKeyEvent(kind, Qt.Key.Key_2, Qt.KeyboardModifier.NoModifier, "2"))
    person = window.session.scheme.entity("PERSON")
    assert window.session.active_label == "PERSON"
    assert window.statusBar().currentMessage() == f"Active label: PERSON {person.display}"


def test_the_korean_edit_menu_names_what_undo_and_redo_undo_in_korean(window, qtbot):
    """편집 ▸ 실행 취소 said "실행 취소 label PERSON": the undo steps' own texts were English f-strings."""
    from annotator.ui.app import install_translator

    translator = install_translator(QApplication.instance(), "ko")
    try:
        session = window.session
        text = window.editor.layer.text
        taken = [(s.start, s.end) for s in window.project.spans(session.doc_id)]
        free = next(p for p in range(len(text) - 2) if "가" <= text[p] <= "힣" and "가" <= text[p + 1] <= "힣"
                    and not any(a < p + 2 and p < b for a, b in taken))
        span = session.add_span(free, free + 2, "PERSON")
        assert session.undo_stack.undoText() == "PERSON 레이블 지정"
        session.change_span_label(span.id, "ORG")
        assert session.undo_stack.undoText() == "ORG(으)로 레이블 변경"
        session.delete_span(span.id)
        assert session.undo_stack.undoText() == "ORG 개체 삭제"
        session.set_status("done")
        assert session.undo_stack.undoText() == "문서를 완료로 표시"
        session.undo_stack.undo()
        assert session.undo_stack.redoText() == "문서를 완료로 표시"
        # the menu item: its verb from the window's own translation (built in English here), then the step's text
        assert window.actions_by_name["undo"].text().endswith(" ORG 개체 삭제")
    finally:
        QApplication.instance().removeTranslator(translator)


def test_the_agreement_dialog_names_labels_as_the_palette_does(window, qtbot):
    """Tools ▸ Agreement… listed DATE, EVENT, ... beside a palette and a report that say 날짜, 행사·회의."""
    from annotator.ui.agreement_dialog import open_agreement_dialog

    project = window.project
    ids = project.document_ids()
    me = project.reviewer
    project.set_status(ids[0], "done")
    project.set_reviewer("lee")
    project.set_status(ids[0], "done")
    project.set_reviewer(me)
    dialog = open_agreement_dialog(window)
    try:
        display = {e.name: e.display for e in project.scheme().entities}
        combo = [dialog.label.itemText(i) for i in range(dialog.label.count())]
        assert combo[1:] == [f"{name} {shown}" for name, shown in display.items()]
        assert dialog.label.itemData(1) == next(iter(display))  # what is computed is still the label's name
        dialog.compute()
        qtbot.waitUntil(lambda: dialog.data is not None, timeout=60_000)
        shown = {dialog.figures.item(r, 1).text() for r in range(dialog.figures.rowCount())}
        named = {f"{name} {display[name]}" for name in dialog.data["pairs"][0]["exact"]["per_label"]}
        assert named and named <= shown
    finally:
        dialog.close()


def test_undo_and_redo_say_what_they_did(window, qtbot):
    """Ctrl+Z took a relation away with nothing said; the status bar now names the step."""
    session = window.session
    text = window.editor.layer.text
    taken = [(s.start, s.end) for s in window.project.spans(session.doc_id)]
    free = next(p for p in range(len(text) - 2) if "가" <= text[p] <= "힣" and "가" <= text[p + 1] <= "힣"
                and not any(a < p + 2 and p < b for a, b in taken))
    session.add_span(free, free + 2, "ORG")
    window.actions_by_name["undo"].trigger()
    assert window.statusBar().currentMessage() == "Undone: label ORG"
    assert not any(s.start == free for s in window.project.spans(session.doc_id))
    window.actions_by_name["redo"].trigger()
    assert window.statusBar().currentMessage() == "Redone: label ORG"
    assert any(s.start == free for s in window.project.spans(session.doc_id))


def _segmenter_reasons() -> set[str]:
    """Every reason the segmenter gives on the repository's pages (samples, test fixtures, the dev set)."""
    from annotator.core.boilerplate import segment_text

    reasons = set()
    pages = [p for p in (ROOT / "annotator" / "resources" / "samples").glob("*.txt")]
    pages += sorted((ROOT / "tests").rglob("*.txt"))[:300] + sorted((ROOT / "scripts" / "segment_devset").rglob("*.txt"))
    for page in pages:
        reasons.update(s.reason for s in segment_text(page.read_text(encoding="utf-8", errors="replace")))
    return reasons


def test_the_segmenters_reasons_are_korean_in_the_korean_window(qapp):
    """Right-click on a line said "자동 분류 이유: date/time line (0.05)"."""
    from annotator.ui.app import install_translator
    from annotator.ui.segment_reasons import reason_text

    reasons = _segmenter_reasons()
    assert len(reasons) >= 25 and "date/time line" in reasons
    assert any(" (" in r for r in reasons)  # a role with its note: "headline (repeated on the page)"
    translator = install_translator(QApplication.instance(), "ko")
    try:
        untranslated = {r: reason_text(r) for r in reasons if re.search(r"[A-Za-z]{3,}", reason_text(r).replace(
            "<title>", "").replace("<header>", "").replace("URL", ""))}
        assert not untranslated
        assert reason_text("date/time line") == "날짜·시각 줄"
        assert reason_text("headline (repeats the page <title>)") == "제목 (페이지 <title>과 같음)"
        assert reason_text("recurs in 3 of 40 pages of this source") == "이 출처의 페이지 40개 중 3개에 반복"
        assert reason_text("inside <nav>") == "<nav> 안"
        assert reason_text("a reason nobody wrote yet") == "a reason nobody wrote yet"  # shown as it is
    finally:
        QApplication.instance().removeTranslator(translator)
    assert reason_text("date/time line") == "date/time line"  # English window: the segmenter's own words
