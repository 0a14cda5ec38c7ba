"""A hand-out file opened on the reviewer's machine under another name asks once whether to work as the reviewer
it was handed out to (pre-filled), instead of silently starting a new reviewer in the file; the answer is kept
for that file. Opened through the real launch path (open_main_window) into a main window."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from annotator.core.model import NewDocument
from annotator.core.team import plan_assignment
from annotator.store import Project
from annotator.store.connection import read_assignment
from annotator.store.team import write_assignment
from annotator.ui.app import app_settings
from annotator.ui.launch import open_main_window
from annotator.ui.reviewer_dialog import SETTINGS_KEY, ReviewerDialog, file_reviewer
from tests.ui.mw_support import settings_dir  # noqa: F401 (fixture)


@pytest.fixture
def handout(tmp_path):
    """lee's hand-out of a two-document team project (kim and lee)."""
    team = tmp_path / "team.db"
    with Project.open(team, "lead") as project:
        project.add_documents([NewDocument(text=f"강원 원주시 규제자유특구 기사 {i}번.",
                                           title=f"기사 {i}") for i in range(4)])
        plan = plan_assignment(project.document_ids(), ["kim", "lee"], overlap=0.5, seed=1)
        files = write_assignment(project, plan, tmp_path / "out")
    lee = next(f for f in files if f.name.startswith("lee"))
    assert read_assignment(lee)["reviewer"] == "lee" and read_assignment(team) is None
    return lee, team


@pytest.fixture
def machine(settings_dir, monkeypatch):  # noqa: F811
    """The reviewer's machine: no ANNOTATOR_REVIEWER, the name they gave at their first launch."""
    monkeypatch.delenv("ANNOTATOR_REVIEWER")
    settings = app_settings()
    settings.setValue(SETTINGS_KEY, "jhlee")
    settings.sync()
    return []  # the prompts shown


def _answer(monkeypatch, shown, accept: bool, name: str | None = None):
    def fake_exec(dialog):
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        cancel = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        shown.append((dialog.name(), cancel.text(), ok.isEnabled()))
        if name is not None:
            dialog.name_box.setEditText(name)
        return QDialog.DialogCode.Accepted if accept else QDialog.DialogCode.Rejected

    monkeypatch.setattr(ReviewerDialog, "exec", fake_exec)


def _open(qtbot, path):
    window = open_main_window(path, settings=app_settings(), use_morphology=False)
    qtbot.addWidget(window)
    return window


def test_working_as_the_reviewer_it_was_handed_out_to(qtbot, handout, machine, monkeypatch):
    lee, _team = handout
    _answer(monkeypatch, machine, accept=True)
    window = _open(qtbot, lee)
    assert len(machine) == 1 and machine[0][0] == "lee"  # asked, pre-filled with lee
    assert machine[0][1] == "Work as jhlee"
    assert window.project.reviewer == "lee" and window.project.reviewers() == ["lee"]  # no new reviewer
    assert "lee" in window.reviewer_label.text()
    window.close()
    again = _open(qtbot, lee)  # asked once: the file remembers lee
    assert len(machine) == 1 and again.project.reviewer == "lee"
    again.close()
    assert app_settings().value(SETTINGS_KEY) == "jhlee"  # other projects: the machine's name as before


def test_declining_keeps_the_own_name_and_is_not_asked_again(qtbot, handout, machine, monkeypatch):
    lee, _team = handout
    _answer(monkeypatch, machine, accept=False)
    window = _open(qtbot, lee)
    assert len(machine) == 1 and window.project.reviewer == "jhlee"
    assert window.project.reviewers() == ["jhlee", "lee"]
    window.close()
    again = _open(qtbot, lee)
    assert len(machine) == 1 and again.project.reviewer == "jhlee"
    again.close()


def test_a_file_that_was_not_handed_out_does_not_ask(qtbot, handout, machine, monkeypatch, tmp_path):
    _lee, team = handout  # the team file holds only the lead
    _answer(monkeypatch, machine, accept=True)
    window = _open(qtbot, team)
    assert machine == [] and window.project.reviewer == "jhlee"
    window.close()


def test_the_first_launch_on_a_hand_out_offers_its_reviewer(qtbot, handout, settings_dir, monkeypatch):  # noqa: F811
    lee, _team = handout
    monkeypatch.delenv("ANNOTATOR_REVIEWER")
    shown = []
    _answer(monkeypatch, shown, accept=True)
    window = _open(qtbot, lee)
    assert len(shown) == 1 and shown[0][0] == "lee" and shown[0][1] == "Quit"
    assert window.project.reviewer == "lee" == app_settings().value(SETTINGS_KEY)
    window.close()


def test_the_environment_still_wins(qtbot, handout, settings_dir, monkeypatch):  # noqa: F811
    lee, _team = handout
    monkeypatch.setenv("ANNOTATOR_REVIEWER", "ci-bot")
    monkeypatch.setattr(ReviewerDialog, "exec", lambda self: (_ for _ in ()).throw(AssertionError("prompted")))
    window = _open(qtbot, lee)
    assert window.project.reviewer == "ci-bot"
    window.close()


def test_changing_the_reviewer_in_the_window_changes_the_files_choice(qtbot, handout, machine, monkeypatch):
    lee, _team = handout
    _answer(monkeypatch, machine, accept=True)
    window = _open(qtbot, lee)
    assert window.project.reviewer == "lee"
    _answer(monkeypatch, machine, accept=True, name="lee2")
    window.actions_by_name["reviewer"].trigger()
    assert window.project.reviewer == "lee2" and len(machine) == 2
    assert file_reviewer(app_settings(), lee) == "lee2"  # the next opening of the file asks no more
    window.close()
