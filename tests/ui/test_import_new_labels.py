"""File ▸ Import of a labelled file whose labels the scheme lacks (hGW's walk): the app had no --add-labels, so
those spans were skipped with advice only the command line could follow, and importing the file again skips its
documents as duplicates: they were lost to the project. File ▸ "Import adds labels the scheme lacks" (remembered)
keeps them; with it off, the finished import says where the switch is."""

from __future__ import annotations

import json

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from annotator.store import Project
from tests.ui.mw_support import sample_path_db, sample_project, settings_dir, window  # noqa: F401 (fixtures)


def _labelled_file(tmp_path):
    path = tmp_path / "other_scheme.jsonl"
    records = [{"text": "한국과학기술원이 대전에서 드론 실증을 한다.", "title": "카이스트", "label": [[0, 7, "UNIV"], [9, 11, "LOC"]]},
               {"text": "충남대학교도 참여한다.", "title": "충남대", "label": [[0, 5, "UNIV"]]}]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    return path


def _import_and_read_box(window, qtbot, path) -> str:
    from annotator.ui import tasks
    from annotator.ui.main_actions import run_import

    seen = {}

    def close_box() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen["text"] = box.text() + "\n" + box.informativeText()
            box.accept()
        elif not tasks._running and "done" in seen:
            return
        QTimer.singleShot(50, close_box)

    QTimer.singleShot(50, close_box)
    run_import(window, [path])
    qtbot.waitUntil(lambda: not tasks._running, timeout=30_000)
    qtbot.wait(100)
    seen["done"] = True
    return seen.get("text", window.statusBar().currentMessage())


def _univ_spans(db_path) -> list[str]:
    with Project.open(db_path, "kim", read_only=True) as project:
        return [project.document(d).text[s.start:s.end] for d in project.document_ids()
                for s in project.spans(d) if s.label == "UNIV"]


def test_with_the_switch_on_the_labels_are_added_and_their_spans_kept(window, qtbot, tmp_path):
    action = window.actions_by_name["import_add_labels"]
    assert not action.isChecked()  # as on the command line: off until asked for
    action.trigger()
    said = _import_and_read_box(window, qtbot, _labelled_file(tmp_path))
    assert sorted(_univ_spans(window.db_path)) == ["충남대학교", "한국과학기술원"]
    assert window.session.scheme.entity("UNIV") is not None  # the window's scheme follows (palette, keys)
    assert "UNIV" in said
    assert window.settings.value("import/add_labels") in (True, "true")


def test_with_it_off_the_spans_are_named_and_the_switch_with_them(window, qtbot, tmp_path):
    said = _import_and_read_box(window, qtbot, _labelled_file(tmp_path))
    assert _univ_spans(window.db_path) == []
    assert "unknown label 'UNIV'" in said
    assert "File ▸ Import adds labels the scheme lacks" in said


def test_the_korean_hint_names_the_menu_item_as_the_menu_shows_it(qtbot):
    from PySide6.QtGui import QAction

    from annotator.ui.main_actions import _menu_text

    assert _menu_text(QAction("가져올 때 체계에 없는 레이블 추가(&A)")) == "가져올 때 체계에 없는 레이블 추가"
    assert _menu_text(QAction("Import &adds labels the scheme lacks")) == "Import adds labels the scheme lacks"
