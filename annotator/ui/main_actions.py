"""Menus and window-level actions of the main window (File, Edit, Document, View, Tools, Help)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMessageBox

from annotator.store import Project, ProjectError
from annotator.ui import export_dialog, tasks

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow


def _tr(text: str) -> str:
    # The empty context is what `pyside6-lupdate -tr-function-alias tr+=_tr` extracts module-level calls into.
    return QCoreApplication.translate("", text)


def _action(window: "MainWindow", text: str, slot, shortcuts=(), *, checkable: bool = False) -> QAction:
    action = QAction(text, window)
    if shortcuts:
        action.setShortcuts([QKeySequence(s) for s in shortcuts])
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.setCheckable(checkable)
    action.triggered.connect(slot)
    window.addAction(action)  # shortcuts work even when the menu bar is hidden
    return action


def build_menus(window: "MainWindow") -> dict[str, QAction]:
    actions: dict[str, QAction] = {}
    bar = window.menuBar()

    file_menu = bar.addMenu(_tr("&File"))
    actions["open_project"] = _action(window, _tr("&Open project…"), lambda: open_project(window), ["Ctrl+O"])
    actions["import"] = _action(window, _tr("&Import…"), lambda: import_files(window), ["Ctrl+I"])
    actions["export"] = _action(window, _tr("&Export…"), lambda: open_export(window), ["Ctrl+E"])
    actions["report"] = _action(window, _tr("Excel &report…"), lambda: open_report(window))
    actions["reviewer"] = _action(window, _tr("Change &reviewer…"), lambda: change_reviewer(window))
    actions["quit"] = _action(window, _tr("&Quit"), window.close, ["Ctrl+Q"])
    for key in ("open_project", "import", "export", "report", None, "reviewer", None, "quit"):
        file_menu.addSeparator() if key is None else file_menu.addAction(actions[key])

    edit_menu = bar.addMenu(_tr("&Edit"))
    undo = window.session.undo_stack.createUndoAction(window, _tr("&Undo"))
    undo.setShortcuts([QKeySequence("Ctrl+Z")])
    redo = window.session.undo_stack.createRedoAction(window, _tr("&Redo"))
    redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    for action in (undo, redo):
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        window.addAction(action)
        edit_menu.addAction(action)
    actions["undo"], actions["redo"] = undo, redo
    edit_menu.addSeparator()
    actions["find"] = _action(window, _tr("&Find in documents"), lambda: focus_search(window), ["Ctrl+F"])
    actions["scheme"] = _action(window, _tr("&Label scheme…"), lambda: edit_scheme(window))
    edit_menu.addAction(actions["find"])
    edit_menu.addAction(actions["scheme"])

    doc_menu = bar.addMenu(_tr("&Document"))
    actions["next"] = _action(window, _tr("&Next document"), window.next_document, ["N"])
    actions["previous"] = _action(window, _tr("&Previous document"), window.previous_document, ["P"])
    actions["done"] = _action(window, _tr("Mark &done and open next"), window.mark_done_and_next,
                              ["Ctrl+Return", "Ctrl+Enter"])
    actions["skip"] = _action(window, _tr("&Skip and open next"), window.skip_and_next,
                              ["Ctrl+Shift+Return", "Ctrl+Shift+Enter"])
    for key in ("next", "previous", None, "done", "skip"):
        doc_menu.addSeparator() if key is None else doc_menu.addAction(actions[key])
    status_menu = doc_menu.addMenu(_tr("Set &status"))
    from annotator.ui.document_list import status_text

    for status in ("new", "in_progress", "done", "skipped"):
        action = _action(window, status_text(status), lambda _c=False, s=status: window.set_current_status(s))
        status_menu.addAction(action)
        actions[f"status_{status}"] = action

    view_menu = bar.addMenu(_tr("&View"))
    actions["collapse"] = _action(window, _tr("&Collapse boilerplate"), window.editor.set_collapse_boilerplate,
                                  ["Ctrl+B"], checkable=True)
    view_menu.addAction(actions["collapse"])
    view_menu.addSeparator()
    for dock in (window.documents_dock, window.entities_dock, window.relations_dock):
        view_menu.addAction(dock.toggleViewAction())
    view_menu.addAction(window.palette.toggleViewAction())

    tools_menu = bar.addMenu(_tr("&Tools"))
    actions["train"] = _action(window, _tr("&Train model…"), lambda: train_model(window))
    tools_menu.addAction(actions["train"])

    help_menu = bar.addMenu(_tr("&Help"))
    actions["keys"] = _action(window, _tr("&Keyboard shortcuts"), lambda: show_shortcuts(window), ["F1"])
    help_menu.addAction(actions["keys"])
    return actions


# slots ----------------------------------------------------------------------------------------------
def focus_search(window: "MainWindow") -> None:
    window.documents_dock.show()
    window.documents.search_box.setFocus()
    window.documents.search_box.selectAll()


def edit_scheme(window: "MainWindow") -> None:
    from annotator.ui.scheme_dialog import SchemeDialog

    SchemeDialog(window.session, window).exec()


def change_reviewer(window: "MainWindow") -> None:
    from annotator.ui.reviewer_dialog import change_reviewer as ask

    name = ask(window.settings, window.project.reviewers(), window.project.reviewer, window)
    if name:
        window.set_reviewer(name)


def open_project(window: "MainWindow") -> None:
    path, _ = QFileDialog.getSaveFileName(
        window, _tr("Open or create a project"), str(window.db_path.parent),
        _tr("Annotator projects (*.db *.annotator.db *.sqlite);;All files (*)"),
        options=QFileDialog.Option.DontConfirmOverwrite)
    if not path:
        return
    from annotator.ui.launch import open_main_window

    try:
        new_window = open_main_window(Path(path), settings=window.settings, parent_for_prompt=window)
    except ProjectError as exc:
        QMessageBox.warning(window, _tr("Cannot open project"), str(exc))
        return
    if new_window is not None:
        window.close()


def _reload_after_import(window: "MainWindow", result) -> None:
    report, record = result if isinstance(result, tuple) else (result, None)
    if record is not None:
        window.apply_changes(record)
    else:  # cancelled or failed before the record was made: the list may still have grown
        window.documents.model.reload()
        window.update_status_bar()
    imported = report.imported if isinstance(report.imported, int) else len(report.imported)
    problems = list(getattr(report, "problems", []) or [])
    duplicates = getattr(report, "duplicates", []) or []
    text = _tr("Imported %1 documents, %2 duplicates skipped, %3 problems.")
    text = text.replace("%1", str(imported)).replace("%2", str(len(duplicates))).replace("%3", str(len(problems)))
    if problems:
        box = QMessageBox(QMessageBox.Icon.Warning, _tr("Import finished"), text, QMessageBox.StandardButton.Ok,
                          window)
        box.setDetailedText("\n".join(problems[:1000]))
        box.exec()
    else:
        window.statusBar().showMessage(text, 10000)
    if window.session.doc_id is None:
        window.open_initial_document()


def import_files(window: "MainWindow") -> None:
    from annotator.io.formats import import_dialog_filter

    paths, _ = QFileDialog.getOpenFileNames(window, _tr("Import documents"), "", import_dialog_filter(_tr))
    if paths:
        run_import(window, [Path(p) for p in paths])


def run_import(window: "MainWindow", paths: list[Path]) -> None:
    """Import on a worker thread with its own Project connection; the list reloads when it finishes."""
    db_path, reviewer = window.db_path, window.project.reviewer

    def work(progress, cancel):
        from annotator.io.importers import import_paths

        from annotator.core.delta import ChangeRecord

        with Project.open(db_path, reviewer) as project:
            scheme_before = project.scheme()
            report = import_paths(project, paths, progress=progress, cancel=cancel)
            added = report.imported if isinstance(report.imported, int) else len(report.imported)
            return report, ChangeRecord(documents_added=added, scheme_changed=project.scheme() != scheme_before)

    def done(result) -> None:
        _reload_after_import(window, result)
        window.indexer.start()  # the documents are listed and usable now; the search index follows

    tasks.run_task(window, _tr("Importing"), work, on_done=done)


def open_export(window: "MainWindow") -> None:
    export_dialog.open_export_dialog(window, window.db_path, window.project.reviewer,
                                     window.documents.selected_doc_ids())


def open_report(window: "MainWindow") -> None:
    export_dialog.open_report_dialog(window, window.db_path, window.project.reviewer)


def train_model(window: "MainWindow") -> None:
    from annotator.paths import default_export_dir

    out_dir = QFileDialog.getExistingDirectory(window, _tr("Folder for the trained model"),
                                               str(default_export_dir()))
    if not out_dir:
        return
    db_path, reviewer = window.db_path, window.project.reviewer

    def work(progress, cancel):
        from annotator.nlp.train import train_ner

        return train_ner(db_path, out_dir=Path(out_dir), progress=progress, cancel=cancel, reviewer=reviewer)

    def done(result) -> None:
        result = result if isinstance(result, dict) else {}
        summary = "\n".join(f"{k}: {v}" for k, v in result.items() if isinstance(v, (str, int, float)))
        QMessageBox.information(window, _tr("Training finished"),
                                _tr("The model was saved to %1.").replace("%1", str(out_dir)) + "\n\n" + summary)

    tasks.run_task(window, _tr("Training the entity model"), work, on_done=done)


def show_shortcuts(window: "MainWindow") -> None:
    rows = [
        ("1–9, 0", _tr("label the selection with that label (or relabel the selected entity)")),
        (_tr("drag"), _tr("select text; boundaries snap to morphemes")),
        ("Alt / Ctrl + " + _tr("drag"), _tr("exact selection without snapping")),
        ("Shift+←/→", _tr("extend the selection by a morpheme")),
        ("R", _tr("start a relation from the selected entity")),
        ("Delete", _tr("delete the selected entity or relation")),
        ("N / P", _tr("next / previous document")),
        ("Ctrl+Enter", _tr("mark done and open the next document")),
        ("Ctrl+Shift+Enter", _tr("skip and open the next document")),
        ("Ctrl+Z / Ctrl+Shift+Z", _tr("undo / redo")),
        ("Ctrl+F", _tr("search the documents")),
        ("Ctrl+B", _tr("collapse boilerplate lines")),
    ]
    html = "<table>" + "".join(f"<tr><td><b>{k}</b>&nbsp;&nbsp;</td><td>{v}</td></tr>" for k, v in rows) + "</table>"
    QMessageBox.information(window, _tr("Keyboard shortcuts"), html)
