"""File ▸ Export and File ▸ Report dialogs: options, worker-thread export, and the offer to open the folder."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from annotator.paths import default_export_dir
from annotator.ui import export_dialog, tasks
from tests.io.export_sample import build_sample_project


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "p.db"
    project = build_sample_project(path, emoji=False)
    second = project.document_ids()[1]
    project.set_status(second, "in_progress")
    project.close()
    return path


@pytest.fixture
def finished(monkeypatch):
    calls = []
    monkeypatch.setattr(export_dialog, "offer_to_open_folder",
                        lambda parent, title, text, out, problems=(): calls.append((title, text, Path(out))))
    return calls


def make_dialog(qtbot, db, selected=()):
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = export_dialog.open_export_dialog(parent, db, "kim", list(selected))
    dialog.test_parent = parent  # qtbot holds widgets weakly; the parent must outlive the test body
    return dialog


def test_defaults_and_destination_follow_the_format(qtbot, db):
    dialog = make_dialog(qtbot, db)
    names = [dialog.format.itemData(i) for i in range(dialog.format.count())]
    assert {"prodigy", "doccano", "conll", "brat", "csv"} <= set(names)
    assert dialog.scope_done.isChecked() and not dialog.scope_selected.isEnabled()
    assert dialog.content_only.isChecked()
    dialog.format.setCurrentIndex(names.index("conll"))
    dest = Path(dialog.destination.text())
    assert dest.parent == default_export_dir() and dest.suffix == ".conll"
    dialog.format.setCurrentIndex(names.index("brat"))
    assert Path(dialog.destination.text()).suffix == ""
    dialog.destination.setText("/tmp/mine.out")
    dialog.destination.textEdited.emit("/tmp/mine.out")  # what typing does
    dialog.format.setCurrentIndex(names.index("csv"))
    assert dialog.destination.text() == "/tmp/mine.out"  # the user's choice is kept


def test_export_runs_in_the_background_and_offers_the_folder(qtbot, db, tmp_path, finished):
    dialog = make_dialog(qtbot, db)
    dialog.format.setCurrentIndex(dialog.format.findData("doccano"))
    dialog.scope_all.setChecked(True)
    dialog.whole_page.setChecked(True)
    out = tmp_path / "out" / "x.jsonl"
    dialog.destination.setText(str(out))
    opts = dialog.options()
    assert (opts.status, opts.doc_ids, opts.include_boilerplate) == ("all", None, True)
    dialog.export_button.click()
    qtbot.waitUntil(lambda: bool(finished), timeout=60_000)
    title, text, where = finished[0]
    assert where == out and "3 documents" in text and "180 entities" in text
    assert len(out.read_text(encoding="utf-8").splitlines()) == 3
    assert not dialog.isVisible()


def test_a_csv_export_says_its_format_has_no_place_for_relations(qtbot, db, tmp_path, finished):
    dialog = make_dialog(qtbot, db)
    dialog.format.setCurrentIndex(dialog.format.findData("csv"))
    dialog.scope_all.setChecked(True)
    dialog.destination.setText(str(tmp_path / "x.csv"))
    dialog.export_button.click()
    qtbot.waitUntil(lambda: bool(finished), timeout=60_000)
    title, text, where = finished[0]
    assert "180 entities" in text and "relation" in text and "0 relations" not in text
    assert text.endswith("(this format has no place for relations)")


def test_done_scope_skips_documents_in_progress(qtbot, db, tmp_path, finished):
    dialog = make_dialog(qtbot, db)
    dialog.format.setCurrentIndex(dialog.format.findData("doccano"))
    dialog.destination.setText(str(tmp_path / "done.jsonl"))
    dialog.export_button.click()
    qtbot.waitUntil(lambda: bool(finished), timeout=60_000)
    assert len((tmp_path / "done.jsonl").read_text(encoding="utf-8").splitlines()) == 2


def test_selected_documents_scope(qtbot, db, tmp_path, finished):
    dialog = make_dialog(qtbot, db, selected=[1, 2])
    assert dialog.scope_selected.isChecked() and "(2)" in dialog.scope_selected.text()
    dialog.format.setCurrentIndex(dialog.format.findData("doccano"))
    dialog.destination.setText(str(tmp_path / "sel.jsonl"))
    dialog.export_button.click()
    qtbot.waitUntil(lambda: bool(finished), timeout=60_000)
    ids = [json.loads(line)["id"] for line in (tmp_path / "sel.jsonl").read_text(encoding="utf-8").splitlines()]
    assert ids == [1, 2]  # selected documents go out whatever their status


def test_offer_to_open_folder_opens_it(qtbot, tmp_path, monkeypatch):
    opened = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: QMessageBox.StandardButton.Open)
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    out = tmp_path / "x.jsonl"
    out.write_text("{}", encoding="utf-8")
    assert export_dialog.offer_to_open_folder(None, "Done", "text", out)
    assert opened == [str(tmp_path)]
    monkeypatch.setattr(QMessageBox, "exec", lambda self: QMessageBox.StandardButton.Close)
    assert not export_dialog.offer_to_open_folder(None, "Done", "text", out)
    assert len(opened) == 1


def test_report_dialog_writes_the_workbook(qtbot, db, tmp_path, finished):
    out = tmp_path / "r.xlsx"
    task = export_dialog.open_report_dialog(None, db, "kim", out=out)
    assert isinstance(task, tasks.Task)
    qtbot.waitUntil(lambda: bool(finished), timeout=60_000)
    assert out.exists() and "180 entities" in finished[0][1]


def test_report_dialog_cancelled_file_choice_does_nothing(qtbot, db, monkeypatch):
    monkeypatch.setattr(export_dialog, "choose_report_path", lambda parent: None)
    assert export_dialog.open_report_dialog(None, db, "kim") is None


def test_the_layer_choice_is_offered_only_with_several_layers_and_reaches_the_export(qtbot, db, tmp_path, finished):
    from annotator.store import Project

    single = make_dialog(qtbot, db)
    assert single.layer.isHidden() or single.layer.parent() is None  # one reviewer: no question asked
    with Project.open(db, "lee") as lee:
        first = lee.document_ids()[0]
        lee.add_span(first, 0, 1, "ORG")
        layers = [layer.name for layer in lee.layers_with_entities()]
    assert len(layers) >= 2
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = export_dialog.open_export_dialog(parent, db, "kim", [], layers)
    dialog.test_parent = parent
    assert dialog.layer.parent() is not None and dialog.layer.count() == 2 + len(layers)
    dialog.layer.setCurrentIndex(dialog.layer.findData(layers[0]))
    dialog.format.setCurrentIndex(dialog.format.findData("doccano"))
    dialog.scope_all.setChecked(True)
    out = tmp_path / "layer.jsonl"
    dialog.destination.setText(str(out))
    assert dialog.options().layer == layers[0]
    dialog.export_button.click()
    qtbot.waitUntil(lambda: bool(finished), timeout=60_000)
    with Project.open(db, "kim") as kim:
        expected = sum(len(kim.spans(d, layers[0])) for d in kim.document_ids())
    assert f"{expected} entities" in finished[0][1]


def test_the_progress_lines_of_the_qt_free_layers_speak_the_ui_language(qapp):
    """The report writer's lines are Korean, as the workbook is: the English window's progress dialog showed them;
    the merge, hand-out and back-fill lines are English: the Korean window showed those."""
    from PySide6.QtWidgets import QApplication

    from annotator.ui.app import install_translator
    from annotator.ui.progress_lines import progress_line

    assert progress_line("보고서 작성 40/300") == "Writing the report: 40 of 300 documents"
    assert progress_line("검토자 간 일치도 계산") == "Computing the agreement between the reviewers…"
    assert progress_line("보고서 저장") == "Saving the report…"
    assert progress_line("2/3 files merged") == "Merging the files: 2 of 3"
    assert progress_line("something else 1/2") == "something else 1/2"
    english = ["2/3 files read", "files staged", "2/3 files merged", "indexed 10/300 documents",
               "1/4 reviewer files", "read the date and outlet of 2/6 documents", "12 documents imported",
               "a.jsonl: read"]
    translator = install_translator(QApplication.instance(), "ko")
    try:
        assert progress_line("보고서 작성 40/300") == "보고서 작성 40/300"
        korean = [progress_line(line) for line in english]
    finally:
        QApplication.instance().removeTranslator(translator)
    for line, said in zip(english, korean):
        assert said != line and re.search("[가-힣]", said), (line, said)
