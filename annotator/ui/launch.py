"""Opening a project in a main window: reviewer prompt, first-run samples, window bookkeeping, event loop."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox

from annotator.store import Project, ProjectError
from annotator.store.errors import DatabaseError

open_windows: list = []  # top-level windows stay referenced while shown


def _tr(text: str) -> str:
    # The empty context is what `pyside6-lupdate -tr-function-alias tr+=_tr` extracts module-level calls into.
    return QCoreApplication.translate("", text)


def known_reviewers(db_path: Path) -> list[str]:
    """Reviewer names already in a project, read without opening it for writing (for the name prompt)."""
    from annotator.store.connection import read_reviewers

    return read_reviewers(db_path)


def open_main_window(db_path: Path, *, settings=None, parent_for_prompt=None, import_samples: bool = False,
                     use_morphology: bool | None = None):
    """Ask for the reviewer if needed, open the project and show a MainWindow on it. None if the prompt was
    cancelled; ProjectError if the file cannot be opened. use_morphology defaults to on unless
    ANNOTATOR_MORPHOLOGY=0 (no Kiwi child process: snapping uses the particle heuristics)."""
    from annotator.ui.app import app_settings
    from annotator.ui.first_run import import_bundled_samples
    from annotator.ui.main_window import MainWindow
    from annotator.ui.reviewer_dialog import resolve_reviewer, reviewer_uid

    settings = settings if settings is not None else app_settings()
    db_path = Path(db_path).expanduser()
    from annotator.store.connection import read_assignment

    reviewer = resolve_reviewer(settings, known_reviewers(db_path), parent_for_prompt, db_path=db_path,
                                handed_out=read_assignment(db_path) is not None)
    if reviewer is None:
        return None
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # under a file, a read-only disk, no right to write there: said as the store says it
        raise ProjectError(f"{db_path}: its folder cannot be made ({exc.strerror or exc}: {exc.filename or ''}); "
                           "nothing was written") from None
    # an older project's one-time back-fill of dates and outlets runs below, on a worker with progress
    project = Project.open(db_path, reviewer, reviewer_uid=reviewer_uid(settings), backfill=False)
    if import_samples and project.count_documents() == 0:
        import_bundled_samples(project)
    if use_morphology is None:
        use_morphology = os.environ.get("ANNOTATOR_MORPHOLOGY", "1") != "0"
    window = MainWindow(project, db_path=db_path, settings=settings, use_morphology=use_morphology)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # closing frees the window and its project
    window.restore_layout()
    window.show()
    window.open_initial_document()
    if project.article_meta_pending():
        backfill_article_meta(window)
    if window.indexer.pending(project) or project.probe_search_index() is not None:
        window.indexer.start()  # documents an earlier import left unindexed (an interrupted run resumes), or a
        # damaged index (~2 ms to find out on 10k documents) to rebuild
    open_windows.append(window)
    window.destroyed.connect(lambda *_: open_windows.remove(window) if window in open_windows else None)
    window.destroyed.connect(project.close)
    return window


def backfill_article_meta(window):
    """Read the date and outlet of the documents an older version imported without them, once, on a worker
    behind a cancellable progress dialog; a cancelled run goes on the next time the project is opened."""
    from annotator.ui import tasks

    db_path, reviewer = window.db_path, window.project.reviewer

    def work(progress, cancel):
        with Project.open(db_path, reviewer, backfill=False) as project:
            return project.backfill_article_meta(progress=progress, cancel=cancel)

    def done(run) -> None:
        window.documents.model.reload()
        if run.cancelled:
            text = _tr("Stopped after %1 of %2 older documents; the rest are read the next time this project opens")
            window.statusBar().showMessage(text.replace("%1", str(run.read)).replace("%2", str(run.total)), 10000)
        else:
            window.statusBar().showMessage(
                _tr("Read the date and outlet of %1 older documents (%2 dated)").replace("%1", str(run.read))
                .replace("%2", str(run.dated)), 10000)

    return tasks.run_task(window, _tr("Reading article dates"), work, on_done=done,
                          label=_tr("Reading the date and outlet of documents imported by an older version…"))


def install_database_error_hook(db_path: Path) -> None:
    """A database error escaping a Qt slot (a damaged file read later, a full disk) is shown as a clear
    message instead of a traceback that dumps what SQLite was reading; other errors keep the default hook."""
    previous = sys.excepthook

    def hook(kind, exc, tb) -> None:
        if isinstance(exc, (DatabaseError, ProjectError)):
            from annotator.store.connection import database_error_message

            message = database_error_message(db_path, exc) if isinstance(exc, DatabaseError) else str(exc)
            print(f"annotator: error: {message}", file=sys.stderr)
            QMessageBox.critical(None, "annotator", message)
            return
        previous(kind, exc, tb)

    sys.excepthook = hook


def run_app(db_path: Path, *, import_samples: bool = False) -> int:
    """Create the application, open `db_path` and run the event loop; 1 if nothing could be opened."""
    from annotator.ui.app import create_application

    app = create_application()
    install_database_error_hook(db_path)
    try:
        window = open_main_window(db_path, import_samples=import_samples)
    except ProjectError as exc:
        QMessageBox.critical(None, "annotator", str(exc))
        print(f"annotator: error: {exc}", file=sys.stderr)
        return 1
    if window is None:
        return 1
    return int(app.exec())
