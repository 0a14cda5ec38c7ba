"""The status bar's notes of labelling (an overlap refused, an entity deleted with its relations, label all
occurrences) were English f-strings: the Korean window said "Not labelled: overlaps the ORG entity at …" and
"Deleted the ORG entity and 3 relation(s)"."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtWidgets import QApplication

from tests.ui.mw_support import sample_path_db, sample_project, settings_dir, window  # noqa: F401 (fixtures)

UI = Path(__file__).resolve().parents[2] / "annotator" / "ui"


def _messages(window) -> list[str]:
    seen: list[str] = []
    window.session.message.connect(seen.append)
    return seen


def _overlap_and_delete(window) -> list[str]:
    seen = _messages(window)
    project, doc_id = window.project, window.session.doc_id
    related = {r.head_id for r in project.relations(doc_id)}
    span = next(s for s in project.spans(doc_id) if s.id in related and s.end - s.start >= 2)
    assert window.session.add_span(span.start, span.end, "LOC") is None  # overlaps: refused
    window.session.delete_span(span.id)
    return seen


def test_the_labelling_notes_speak_the_ui_language(window):
    from annotator.ui.app import install_translator

    translator = install_translator(QApplication.instance(), "ko")
    try:
        refused, deleted = _overlap_and_delete(window)
    finally:
        QApplication.instance().removeTranslator(translator)
    assert refused.startswith("레이블을 붙이지 않았습니다:") and "겹칩니다" in refused
    assert "overlap" not in refused and "entity" not in refused
    assert re.fullmatch(r"\w+ 개체와 관계 \d+개를 삭제했습니다", deleted), deleted


def test_in_english_they_say_what_they_said(window):
    refused, deleted = _overlap_and_delete(window)
    assert refused.startswith("Not labelled: it overlaps the ") and "entities cannot overlap" in refused
    assert re.fullmatch(r"Deleted the \w+ entity and (1 relation|\d+ relations)", deleted), deleted


def test_no_status_note_of_the_session_is_an_untranslated_literal():
    for name in ("session.py", "undo.py"):
        source = (UI / name).read_text(encoding="utf-8")
        assert not re.findall(r'message\.emit\(f?"', source), name
