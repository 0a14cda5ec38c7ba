"""The pattern editor of the scheme dialog: list, add, edit, delete, checked on entry, tried on a text."""

from __future__ import annotations

import json

import pytest
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from annotator.core.scheme import default_scheme
from annotator.ui.pattern_editor import PatternEditor
from annotator.ui.scheme_dialog import SchemeDialog
from annotator.ui.session import Session
from tests.ui.mw_support import sample_path_db, sample_project, settings_dir, window  # noqa: F401 (fixtures)

TEXT = "중기부는 2024년 7월 26일 발표했다.\n지난해 12월부터 12개 지자체가 3곳에서 120억 원을"


@pytest.fixture
def editor(qtbot):
    dlg = PatternEditor("DATE", default_scheme().entity("DATE").patterns, TEXT)
    qtbot.addWidget(dlg)
    return dlg


def _ok(dlg):
    return dlg.buttons.button(QDialogButtonBox.StandardButton.Ok)


def _ids(dlg):
    return [p["id"] for p in dlg.patterns()]


def test_it_lists_the_label_patterns_and_keeps_them_unchanged(editor):
    stored = default_scheme().entity("DATE").patterns
    assert editor.pattern_list.count() == len(stored) >= 5
    assert editor.pattern_list.item(0).text().startswith("date-full")
    assert editor.patterns() == stored and _ok(editor).isEnabled()


def test_a_bad_regex_is_refused_as_it_is_typed_and_accepted_once_fixed(editor):
    row = editor.add_pattern("regex")
    editor.body_edit.setPlainText("(?P<ent>\\d+(일")
    assert "not a valid regular expression" in editor.error_label.text()
    assert not _ok(editor).isEnabled()
    assert editor.pattern_list.item(row).toolTip() == editor.error_label.text()
    editor.accept()
    assert editor.result() != QDialog.DialogCode.Accepted  # Enter does not close it either
    editor.body_edit.setPlainText("(?P<ent>\\d+)일째")
    assert editor.error_label.text() == "The pattern is valid." and _ok(editor).isEnabled()
    assert editor.patterns()[row] == {"id": "date-1", "regex": "(?P<ent>\\d+)일째"}


@pytest.mark.parametrize("body, message", [("\\d*", "matches the empty string"), ("", "non-empty string")])
def test_other_refusals_name_the_problem(editor, body, message):
    editor.add_pattern("regex")
    editor.body_edit.setPlainText(body)
    assert message in editor.error_label.text() and not _ok(editor).isEnabled()


def test_a_repeated_id_is_refused(editor):
    editor.add_pattern("regex")
    editor.body_edit.setPlainText("\\d+일째")
    editor.id_edit.setText("date-full")
    assert "appears twice" in editor.error_label.text() and not _ok(editor).isEnabled()


def test_editing_score_enabled_and_description(editor):
    editor.pattern_list.setCurrentRow(1)
    editor.score_spin.setValue(0.55)
    editor.enabled_check.setChecked(False)
    editor.description_edit.setText("year and month")
    edited = editor.patterns()[1]
    assert (edited["score"], edited["enabled"], edited["description"]) == (0.55, False, "year and month")
    assert editor.patterns()[0] == default_scheme().entity("DATE").patterns[0]


def test_delete(editor):
    before = _ids(editor)
    editor.pattern_list.setCurrentRow(2)
    editor.delete_current()
    assert _ids(editor) == before[:2] + before[3:]


def test_token_patterns_are_checked_as_json_and_as_patterns(editor):
    row = editor.add_pattern("tokens")
    assert editor.error_label.text() == "The pattern is valid."  # the example it starts with
    editor.body_edit.setPlainText('[{"tag": "SN"}, ')
    assert "not valid JSON" in editor.error_label.text() and not _ok(editor).isEnabled()
    editor.body_edit.setPlainText('[{"tag": "SN", "op": "!"}]')
    assert "op must be" in editor.error_label.text()
    editor.body_edit.setPlainText('[{"tag": "SN"}, {"text": "일", "gap": false}]')
    editor.requires_edit.setText("\\d일")
    assert _ok(editor).isEnabled()
    assert editor.patterns()[row]["tokens"] == [{"tag": "SN"}, {"text": "일", "gap": False}]
    assert editor.patterns()[row]["requires"] == "\\d일"


def _matches(dlg):
    text = dlg.test_edit.toPlainText()
    return [text[a:b] for a, b in dlg.preview_matches]


def test_the_preview_shows_what_the_selected_regex_proposes(editor, qtbot):
    editor.pattern_list.setCurrentRow(0)  # date-full
    assert _matches(editor) == ["2024년 7월 26일"]
    assert len(editor.test_edit.extraSelections()) == 1 and editor.match_list.count() == 1
    editor.pattern_list.setCurrentRow(1)  # date-year-month
    assert _matches(editor) == ["2024년 7월", "지난해 12월"]
    editor.test_edit.setPlainText("올해 3월과 내년 1월")  # the preview follows the text after a pause
    qtbot.waitUntil(lambda: _matches(editor) == ["올해 3월", "내년 1월"], timeout=3000)
    editor.body_edit.setPlainText("(")
    qtbot.waitUntil(lambda: editor.preview_matches == [], timeout=3000)


def test_the_preview_of_a_token_pattern_runs_kiwi_on_a_worker(qtbot):
    dlg = PatternEditor("QUANTITY", default_scheme().entity("QUANTITY").patterns, TEXT)
    qtbot.addWidget(dlg)
    dlg.pattern_list.setCurrentRow(1)  # quantity-counted-noun
    qtbot.waitUntil(lambda: _matches(dlg) == ["12개 지자체"], timeout=30000)
    assert "1 match" in dlg.preview_status.text()


def test_offsets_in_the_preview_are_code_points_beyond_the_basic_plane(qtbot):
    dlg = PatternEditor("DATE", default_scheme().entity("DATE").patterns, "😀😀 2024년 7월 26일")
    qtbot.addWidget(dlg)
    (selection,) = dlg.test_edit.extraSelections()
    assert selection.cursor.selectedText() == "2024년 7월 26일"


def test_the_scheme_dialog_saves_edited_patterns(qtbot, sample_project, monkeypatch):
    session = Session(sample_project)
    dialog = SchemeDialog(session)
    qtbot.addWidget(dialog)
    row = next(r for r in range(dialog.entity_table.rowCount()) if dialog.entity_table.item(r, 0).text() == "EVENT")
    before = dialog.patterns_of(row)  # the default scheme's EVENT patterns
    assert before == default_scheme().entity("EVENT").patterns and before
    editor = dialog.pattern_editor(row)
    editor.add_pattern("regex")
    editor.body_edit.setPlainText("제\\d+회 [가-힣]+(?:포럼|박람회)")
    monkeypatch.setattr(PatternEditor, "exec", lambda self: QDialog.DialogCode.Accepted)  # the reviewer's OK
    monkeypatch.setattr(dialog, "pattern_editor", lambda r: editor if r == row else None)
    dialog.entity_table.setCurrentCell(row, 0)
    dialog._edit_patterns()
    assert f"{len(before) + 1} suggestion pattern" in dialog.entity_table.item(row, 0).toolTip()
    assert dialog.apply()
    stored = sample_project.scheme().entity("EVENT").patterns
    assert stored == [*before, {"id": "event-1", "regex": "제\\d+회 [가-힣]+(?:포럼|박람회)"}]
    assert dialog.patterns_of(row) == stored


def test_cancel_leaves_the_patterns_as_they_were(qtbot, sample_project, monkeypatch):
    dialog = SchemeDialog(Session(sample_project))
    qtbot.addWidget(dialog)
    row = next(r for r in range(dialog.entity_table.rowCount()) if dialog.entity_table.item(r, 0).text() == "DATE")
    before = dialog.patterns_of(row)
    editor = dialog.pattern_editor(row)
    editor.delete_current()
    monkeypatch.setattr(PatternEditor, "exec", lambda self: QDialog.DialogCode.Rejected)
    monkeypatch.setattr(dialog, "pattern_editor", lambda r: editor)
    dialog.entity_table.setCurrentCell(row, 0)
    dialog._edit_patterns()
    assert dialog.patterns_of(row) == before == json.loads(json.dumps(default_scheme().entity("DATE").patterns))


def test_a_word_list_one_a_line(qtbot):
    dlg = PatternEditor("ORG", default_scheme().entity("ORG").patterns, "중기부는 특허청과 함께 중소벤처기업부 장관")
    qtbot.addWidget(dlg)
    assert "중소벤처기업부" in dlg.body_edit.toPlainText().split("\n")  # the shipped list, a word a line
    qtbot.waitUntil(lambda: _matches(dlg) == ["중기부", "특허청", "중소벤처기업부"], timeout=30000)
    row = dlg.add_pattern("words")
    dlg.body_edit.setPlainText("연구개발특구진흥재단\n\n  특구재단 \n")
    assert dlg.patterns()[row]["words"] == ["연구개발특구진흥재단", "특구재단"] and _ok(dlg).isEnabled()
    dlg.body_edit.setPlainText("특구재단\n단")
    assert "shorter than 2 characters" in dlg.error_label.text() and not _ok(dlg).isEnabled()


def test_closing_the_editor_while_kiwi_runs_is_safe(qtbot):
    from PySide6.QtWidgets import QApplication

    from annotator.ui import pattern_editor

    dlg = PatternEditor("QUANTITY", default_scheme().entity("QUANTITY").patterns, TEXT * 20)
    dlg.pattern_list.setCurrentRow(1)  # a token pattern: the preview starts a worker thread
    dlg.deleteLater()
    QApplication.processEvents()
    qtbot.waitUntil(lambda: not pattern_editor._alive, timeout=30000)  # it finished on its own


def test_a_bad_regex_is_said_in_the_ui_language(editor):
    """The Korean editor said "label 'DATE', pattern 'date-1': regex is not a valid regular expression: …"."""
    from PySide6.QtWidgets import QApplication

    from annotator.ui.app import install_translator

    translator = install_translator(QApplication.instance(), "ko")
    try:
        row = editor.add_pattern("regex")
        editor.body_edit.setPlainText("(?P<ent>\\d+(일")
        invalid = editor.error_label.text()
        editor.body_edit.setPlainText("\\d*")
        empty = editor.error_label.text()
        editor.id_edit.setText(editor.patterns()[0]["id"])
        editor.body_edit.setPlainText("\\d+일째")
        twice = editor.error_label.text()
    finally:
        QApplication.instance().removeTranslator(translator)
    assert invalid.startswith("올바른 정규식이 아닙니다: ") and "missing )" in invalid  # the engine's own words
    assert empty.startswith("이 패턴은 빈 문자열과 일치합니다")
    assert twice.startswith("패턴 ID ") and "두 번" in twice
    assert not _ok(editor).isEnabled() and row >= 0
