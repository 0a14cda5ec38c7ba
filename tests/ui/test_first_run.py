"""First run: a new default project gets the bundled labelled samples; the reviewer is asked once."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog

from annotator.ui.launch import open_main_window
from annotator.store import Project
from annotator.ui.app import app_settings
from annotator.ui.first_run import import_bundled_samples, read_doccano_samples, sample_path
from annotator.ui.reviewer_dialog import SETTINGS_KEY, ReviewerDialog, resolve_reviewer
from tests.ui.mw_support import SAMPLE_DOCS, SAMPLE_RELATIONS, SAMPLE_SPANS, settings_dir  # noqa: F401


def test_the_sample_reader_keeps_every_entity_and_relation():
    docs = list(read_doccano_samples(sample_path()))
    assert len(docs) == SAMPLE_DOCS
    assert sum(len(d.spans) for d in docs) == SAMPLE_SPANS
    assert sum(len(d.relations) for d in docs) == SAMPLE_RELATIONS
    assert all(d.title and d.segments for d in docs)
    assert any(s.kind == "boilerplate" for s in docs[0].segments)


def test_import_bundled_samples_into_an_empty_project(tmp_path):
    with Project.open(tmp_path / "p.db", "kim") as project:
        assert import_bundled_samples(project) == SAMPLE_DOCS
        stats = project.stats()
        assert (stats["documents"], stats["spans"], stats["relations"]) == (SAMPLE_DOCS, SAMPLE_SPANS,
                                                                            SAMPLE_RELATIONS)


def test_first_window_shows_a_labelled_article(qtbot, tmp_path, settings_dir):
    db = tmp_path / "new" / "project.db"
    window = open_main_window(db, import_samples=True)
    qtbot.addWidget(window)
    assert window.project.count_documents() == SAMPLE_DOCS
    assert window.session.doc_id == window.project.document_ids()[0]
    assert window.entity_list.rowCount() > 0 and window.relation_list.rowCount() > 0
    window.close()
    # opening the same project again does not import the samples twice
    again = open_main_window(db, import_samples=True)
    qtbot.addWidget(again)
    assert again.project.count_documents() == SAMPLE_DOCS
    again.close()


def test_reviewer_is_asked_once_and_remembered(qtbot, tmp_path, settings_dir, monkeypatch):
    monkeypatch.delenv("ANNOTATOR_REVIEWER")
    shown = []

    def fake_exec(self):
        shown.append(self)
        self.name_box.setEditText("  박지민 ")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ReviewerDialog, "exec", fake_exec)
    window = open_main_window(tmp_path / "p.db")
    qtbot.addWidget(window)
    assert len(shown) == 1
    assert window.project.reviewer == "박지민"
    assert window.reviewer_label.text() == "Reviewer: 박지민"
    assert app_settings().value(SETTINGS_KEY) == "박지민"
    assert resolve_reviewer(app_settings(), []) == "박지민"
    assert len(shown) == 1  # not asked again
    window.close()


def test_cancelled_prompt_opens_nothing(tmp_path, settings_dir, monkeypatch):
    monkeypatch.delenv("ANNOTATOR_REVIEWER")
    monkeypatch.setattr(ReviewerDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    assert open_main_window(tmp_path / "p.db") is None
    assert not (tmp_path / "p.db").exists()


def test_environment_reviewer_skips_the_prompt(settings_dir, monkeypatch):
    monkeypatch.setenv("ANNOTATOR_REVIEWER", "ci-bot")
    monkeypatch.setattr(ReviewerDialog, "exec", lambda self: (_ for _ in ()).throw(AssertionError("prompted")))
    assert resolve_reviewer(app_settings(), []) == "ci-bot"


def test_ok_is_disabled_for_an_empty_name(qtbot):
    dialog = ReviewerDialog(["kim", "lee"])
    qtbot.addWidget(dialog)
    ok = dialog.buttons.buttons()[0]
    assert dialog.name_box.count() == 2
    assert not ok.isEnabled()
    dialog.name_box.setEditText("lee")
    assert ok.isEnabled() and dialog.name() == "lee"
