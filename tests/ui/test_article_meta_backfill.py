"""An older project's one-time back-fill of dates and outlets runs in the app on a worker behind a progress
dialog (tasks.run_task), and the document list shows the dates when it finishes."""

from __future__ import annotations

from PySide6.QtWidgets import QProgressDialog

from annotator.store import doc_meta
from annotator.ui import tasks
from annotator.ui.document_list import DocumentListModel
from annotator.ui.launch import open_main_window
from tests.store.test_article_meta_backfill import older_project
from tests.ui.mw_support import settings_dir  # noqa: F401 (fixture)


def test_the_app_backfills_on_a_worker_with_progress(qtbot, tmp_path, settings_dir, monkeypatch):
    monkeypatch.setattr(doc_meta, "BACKFILL_CHUNK", 2)
    path = older_project(tmp_path / "old.db", 6)
    started = []
    real_run_task = tasks.run_task

    def watched(*args, **kwargs):
        task = real_run_task(*args, **kwargs)
        started.append(task)
        return task

    monkeypatch.setattr(tasks, "run_task", watched)
    window = open_main_window(path, use_morphology=False)
    qtbot.addWidget(window)
    messages = []
    window.statusBar().messageChanged.connect(messages.append)
    assert started and isinstance(started[0].dialog, QProgressDialog)
    qtbot.waitUntil(lambda: started[0].isFinished(), timeout=30000)
    qtbot.waitUntil(lambda: any("older documents" in m for m in messages), timeout=10000)
    assert "Read the date and outlet of 7 older documents (6 dated)" in messages
    model = window.documents.model
    assert model.data(model.index(0, DocumentListModel.DATE)) == "2024-01-02"
    assert window.project.article_meta_pending() == 0
    window.close()
