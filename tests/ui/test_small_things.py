"""Issue 12's smaller items: line menu says what a line is and why, F1 lists the real keys, a new label gets a
colour of its own, the export dialog remembers, the boilerplate toggle reads its state, plural messages."""

from __future__ import annotations

from annotator.core.colors import _rgb, color_distance, distinct_color
from annotator.core.scheme import default_scheme
from annotator.ui.main_actions import shortcut_rows
from annotator.ui.wording import counted
from tests.ui.mw_support import sample_path_db, sample_project, settings_dir, window  # noqa: F401 (fixtures)


def test_new_label_colour_is_apart_from_every_existing_one():
    existing = [e.color for e in default_scheme().entities]
    new = distinct_color(existing)
    assert new not in existing
    nearest = min(color_distance(_rgb(new), _rgb(c)) for c in existing)
    assert nearest > min(color_distance(_rgb(a), _rgb(b)) for i, a in enumerate(existing) for b in existing[i + 1:])
    assert distinct_color(existing + [new]) != new


def test_line_menu_shows_class_and_reason(window):
    editor = window.editor
    layer = editor.layer
    line_no, segment = next((n, s) for n, s in layer.segments.items() if s.effective_kind == "boilerplate")
    lines = editor.line_class_lines(line_no)
    assert lines[0] == f"Line {line_no}: boilerplate"
    assert lines[1].startswith("Segmenter: ") and (segment.reason or "no reason recorded") in lines[1]
    window.session.set_line_override(line_no, "content")
    assert editor.line_class_lines(line_no) == [f"Line {line_no}: article text",
                                                "Marked by a reviewer (the segmenter said: boilerplate)"]
    start, _end = layer.line_range(line_no)
    point = editor.view.cursorRect(editor.view.textCursor()).center()
    menu = editor.build_context_menu(point)
    assert any(a.text().startswith("Line ") and not a.isEnabled() for a in menu.actions())


def test_f1_help_is_generated_from_the_bindings(window):
    rows = dict(shortcut_rows(window))
    assert "Q" in rows and "QUANTITY" in rows["Q"]  # the scheme's letter key
    assert "double-click" in rows and "Ctrl+Shift+← / Ctrl+Shift+→" in rows
    assert any("Ctrl+Return" in k for k in rows)  # the done-and-next action as bound
    assert any(k.startswith("F1") for k in rows)
    assert "suggestion" in rows["Tab / Shift+Tab"]  # the suggestion review's keys


def test_boilerplate_toggle_reads_its_state(window):
    button = window.editor.collapse_button
    assert button.isCheckable() and not button.isChecked() and "Hide boilerplate" in button.text()
    window.actions_by_name["collapse"].trigger()
    assert button.isChecked() and "hidden" in button.text()


def test_plural_messages():
    assert counted(1, "Imported 1 document,", "Imported %n documents,") == "Imported 1 document,"
    assert counted(3, "Imported 1 document,", "Imported %n documents,") == "Imported 3 documents,"


def test_export_dialog_remembers_format_and_folder(window, qtbot, tmp_path, monkeypatch):
    from annotator.ui import export_dialog

    monkeypatch.setattr(export_dialog, "start_export", lambda *a, **k: None)
    first = export_dialog.ExportDialog(window, window.db_path, "kim", [])
    qtbot.addWidget(first)
    first.format.setCurrentIndex(first.format.findData("csv"))
    first.destination.setText(str(tmp_path / "out.csv"))
    first.start()
    again = export_dialog.ExportDialog(window, window.db_path, "kim", [])
    qtbot.addWidget(again)
    assert again.format.currentData() == "csv"
    assert again.destination.text().startswith(str(tmp_path))


def test_document_list_keeps_its_selection_after_a_scheme_change(window):
    import copy

    doc_id = window.project.document_ids()[1]
    window.open_document(doc_id)
    scheme = copy.deepcopy(window.session.scheme)
    scheme.entities[0].display = scheme.entities[0].display + "!"
    window.session.save_scheme(scheme)
    assert window.documents.selected_doc_ids() == [doc_id]


def test_shipped_label_descriptions_are_all_marked_for_translation_and_translated(qtbot, monkeypatch):
    import json
    import xml.etree.ElementTree as ET
    from pathlib import Path

    from annotator.paths import resource_path
    from annotator.ui.label_palette import SHIPPED_DESCRIPTIONS

    found = []
    for name in ("default.json", "klue.json"):
        data = json.loads(Path(resource_path("schemes", name)).read_text(encoding="utf-8"))
        found += [e["description"] for e in data["entities"] + data["relations"] if e.get("description")]
    assert set(found) == set(SHIPPED_DESCRIPTIONS)
    ts = ET.parse(Path(__file__).parents[2] / "resources" / "i18n" / "annotator_ko.ts").getroot()
    described = {m.find("source").text: m.find("translation").text for c in ts if c.find("name").text == "LabelDescription"
                 for m in c.findall("message")}
    assert set(SHIPPED_DESCRIPTIONS) <= set(described) and all(described[d] for d in SHIPPED_DESCRIPTIONS)
    texts = [m.find("translation").text or "" for c in ts for m in c.findall("message")]
    assert not any("상용구" in t or "부가 요소" in t for t in texts)  # one term for boilerplate: 기사 외 영역
    assert sum("기사 외 영역" in t for t in texts) >= 8


def test_a_status_message_cut_at_the_window_edge_is_whole_on_hover(window):
    bar = window.statusBar()
    long_message = "Suggestions ready: all 7 of this document are below the score threshold " * 3
    bar.showMessage(long_message, 5000)
    assert bar.toolTip() == long_message
    bar.clearMessage()
    assert bar.toolTip() == ""  # no stale tooltip once the message is gone
