"""File ▸ Merge holds the window's background writers still: the pre-annotation worker and the search indexer
have stopped before the merge reads the project, none starts while it runs, and both go on after it (the requests
made meanwhile too)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QWidget

from annotator.core.model import NewDocument
from annotator.store import Project
from annotator.store import team as team_module
from annotator.ui.background_hold import BackgroundHold
from annotator.ui.team_dialogs import MergeDialog, open_merge_dialog
from tests.ui.mw_support import sample_path_db, settings_dir, suggesting_window  # noqa: F401 (fixtures)

NEW_TEXTS = [f"검토자 파일의 새 기사 {i}번: 충청북도 규제자유특구가 지정됐다." for i in range(4)]


@pytest.fixture
def window(suggesting_window):
    return suggesting_window


def _reviewer_file(tmp_path):
    path = tmp_path / "lee.annotator.db"
    with Project.open(path, "lee") as project:
        project.add_documents([NewDocument(text=t, title=f"새 기사 {i}") for i, t in enumerate(NEW_TEXTS)])
        for doc_id in project.document_ids():
            project.add_span(doc_id, NEW_TEXTS[0].index("충청북도"), NEW_TEXTS[0].index("충청북도") + 4, "LOC")
    return path


def test_the_merge_runs_with_the_background_writers_stopped(window, qtbot, tmp_path, monkeypatch):
    project, background, indexer = window.project, window.background_suggestions, window.indexer
    doc = project.document_ids()[3]
    with qtbot.waitSignal(background.ready, timeout=60000, check_params_cb=lambda d, n: d == doc):
        window.open_document(doc)  # the worker runs, its queue ahead of it
    assert background.worker is not None
    seen = []
    real = team_module.merge_projects

    def watched(*args, **kwargs):  # on the merge's thread: what is alive while it reads and writes
        seen.append(("start", background.worker is None, background.paused, indexer.task is None, indexer.paused))
        report = real(*args, **kwargs)
        seen.append(("end", background.worker is None, background.paused, indexer.task is None, indexer.paused))
        return report

    monkeypatch.setattr(team_module, "merge_projects", watched)
    dialog = open_merge_dialog(window)
    dialog.add_sources([_reviewer_file(tmp_path)])
    later = project.document_ids()[5]
    dialog.merge_button.click()
    background.request([later], force=True)  # asked for meanwhile (the hold has begun): kept for after
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=120000)
    assert "Documents: 4 documents added" in dialog.result_view.toPlainText()
    assert seen == [("start", True, True, True, True), ("end", True, True, True, True)]
    assert not background.paused and not indexer.paused
    # both go on: the request made during the merge is served, the merged documents are indexed
    qtbot.waitUntil(lambda: later in project.suggested_among([later]) and background.worker is not None,
                    timeout=60000)
    qtbot.waitUntil(lambda: indexer.task is None and project.index_status()[0] == project.index_status()[1],
                    timeout=60000)


class _Writer:
    """A background writer that stops when the test says so."""

    def __init__(self, events):
        self.events, self.on_idle = events, None

    def pause(self, on_idle):
        self.events.append("pause")
        self.on_idle = on_idle

    def resume(self):
        self.events.append("resume")


def _team(tmp_path):
    path = tmp_path / "team.db"
    with Project.open(path, "adjudicator"):
        pass
    return path


def test_the_merge_waits_for_every_writer_and_releases_them_before_the_window_follows(qtbot, tmp_path):
    events = []
    writers = [_Writer(events), _Writer(events)]
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = MergeDialog(parent, _team(tmp_path), "adjudicator", team_reviewers=["adjudicator"],
                         on_merged=lambda record: events.append("merged") or "", background=BackgroundHold(writers))
    dialog.add_sources([_reviewer_file(tmp_path)])
    dialog.merge_button.click()
    assert events == ["pause", "pause"] and dialog.waiting and dialog.task is None
    assert not dialog.merge_button.isEnabled() and "Waiting for the background" in dialog.result_view.toPlainText()
    writers[1].on_idle()
    assert dialog.task is None  # one writer still busy: no merge yet
    writers[0].on_idle()
    writers[0].on_idle()  # a second call changes nothing
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=60000)
    assert events == ["pause", "pause", "resume", "resume", "merged"]


def test_closing_the_dialog_while_it_waits_merges_nothing(qtbot, tmp_path):
    events = []
    writer = _Writer(events)
    parent = QWidget()
    qtbot.addWidget(parent)
    team = _team(tmp_path)
    dialog = MergeDialog(parent, team, "adjudicator", team_reviewers=["adjudicator"],
                         background=BackgroundHold([writer]))
    dialog.add_sources([_reviewer_file(tmp_path)])
    dialog.merge_button.click()
    dialog.reject()
    assert events == ["pause", "resume"]
    writer.on_idle()  # the writer stops late: the merge does not begin
    assert dialog.task is None and dialog.report is None
    with Project.open(team, "adjudicator") as project:
        assert project.count_documents() == 0
