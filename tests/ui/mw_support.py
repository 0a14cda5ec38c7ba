"""Fixtures for the main-window tests: QSettings in a temp dir, a project built from the bundled labelled samples,
and a shown MainWindow on it. Imported with `from mw_support import *` so pytest sees the fixtures."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

from annotator.core.model import NewDocument
from annotator.store import Project
from annotator.ui.first_run import read_doccano_samples, sample_path

SAMPLE_DOCS = 3
SAMPLE_SPANS = 180
SAMPLE_RELATIONS = 53


@pytest.fixture
def settings_dir(tmp_path, monkeypatch):
    """QSettings (INI) redirected into tmp; reviewer fixed by the environment; English UI."""
    folder = tmp_path / "settings"
    folder.mkdir()
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    monkeypatch.setenv("ANNOTATOR_REVIEWER", "kim")
    monkeypatch.setenv("ANNOTATOR_LANG", "en")
    monkeypatch.setenv("ANNOTATOR_MORPHOLOGY", "0")  # no Kiwi child process in these tests
    monkeypatch.setenv("ANNOTATOR_BACKGROUND_SUGGESTIONS", "0")  # no pre-annotation worker (its own tests turn it on)
    return folder


def extra_documents(n: int, start: int = 0) -> list[NewDocument]:
    return [
        NewDocument(text=f"문서 {i} 제목\n강원 원주시 규제자유특구 기사 {i}번 본문입니다.\n", title=f"문서 {i}",
                    source="synthetic")
        for i in range(start, start + n)
    ]


@pytest.fixture
def sample_path_db(tmp_path):
    path = tmp_path / "samples.db"
    with Project.open(path, "kim") as project:
        project.add_documents(read_doccano_samples(sample_path()))
        for doc_id in project.document_ids():  # kim took the imported labels into her own layer
            project.copy_spans([s.id for s in project.spans(doc_id)])
    return path


@pytest.fixture
def sample_project(sample_path_db):
    project = Project.open(sample_path_db, "kim")
    yield project
    project.close()


@pytest.fixture
def window(qtbot, settings_dir, sample_project, sample_path_db):
    from annotator.ui.app import app_settings, load_fonts
    from annotator.ui.main_window import MainWindow

    load_fonts()
    win = MainWindow(sample_project, db_path=sample_path_db, settings=app_settings(), use_morphology=False)
    qtbot.addWidget(win)
    win.restore_layout()
    win.show()
    qtbot.waitExposed(win)
    win.open_initial_document()
    return win


@pytest.fixture
def suggesting_window(qtbot, settings_dir, sample_path_db, monkeypatch):
    """The main window on the samples and six more documents, with background pre-annotation on (dictionary and
    patterns: the spaCy model has its own tests)."""
    from annotator.ui.app import app_settings

    monkeypatch.setenv("ANNOTATOR_BACKGROUND_SUGGESTIONS", "1")
    settings = app_settings()
    settings.setValue("suggestions/sources", "dictionary,patterns")
    with Project.open(sample_path_db, "kim") as p:
        p.add_documents(extra_documents(6))
    yield from shown_window(qtbot, sample_path_db, settings)


def shown_window(qtbot, db_path, settings):
    """A fixture's body: the main window on db_path as kim, shown; closed with its project after the test."""
    from annotator.ui.main_window import MainWindow

    project = Project.open(db_path, "kim")
    win = MainWindow(project, db_path=db_path, settings=settings, use_morphology=False)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()
    project.close()


def search(qtbot, panel, text: str) -> None:
    """Type text into the document list's search box and wait for the list to show its answer (searches run on
    a worker)."""
    panel.search_box.setText(text)
    panel.apply_filter()
    qtbot.waitUntil(lambda: panel.model.query == text.strip() and not panel.searches.busy, timeout=10_000)
