"""Menus and window-level actions of the main window (File, Edit, Document, View, Tools, Help)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QFileDialog, QMessageBox, QTextBrowser, QVBoxLayout

from annotator.store import Project, ProjectError
from annotator.ui import export_dialog, tasks
from annotator.ui.wording import counted

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
    actions["import_folder"] = _action(window, _tr("Import &folder…"), lambda: import_folder(window),
                                       ["Ctrl+Shift+I"])
    # the app's --add-labels: without it a labelled file's unknown labels were lost to the project (a second
    # import skips its documents as duplicates)
    actions["import_add_labels"] = _action(window, _tr("Import &adds labels the scheme lacks"), lambda on: (
        window.settings.setValue("import/add_labels", bool(on))), checkable=True)
    actions["import_add_labels"].setChecked(_adds_labels(window))
    actions["export"] = _action(window, _tr("&Export…"), lambda: open_export(window), ["Ctrl+E"])
    actions["report"] = _action(window, _tr("Excel &report…"), lambda: open_report(window))
    actions["assign"] = _action(window, _tr("&Hand out work…"), lambda: hand_out_work(window))
    actions["merge"] = _action(window, _tr("&Merge project files…"), lambda: merge_files(window))
    actions["reviewer"] = _action(window, _tr("Change &reviewer…"), lambda: change_reviewer(window))
    actions["quit"] = _action(window, _tr("&Quit"), window.close, ["Ctrl+Q"])
    for key in ("open_project", "import", "import_folder", "import_add_labels", "export", "report", None, "assign", "merge", None, "reviewer", None, "quit"):
        file_menu.addSeparator() if key is None else file_menu.addAction(actions[key])
    from annotator.ui.recent_projects import install as install_recent

    window.recent_menu = install_recent(window, file_menu, actions["import"])

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
    stack = window.session.undo_stack  # say what a key press undid: the article alone does not always show it
    undo.triggered.connect(lambda: stack.canRedo() and window.statusBar().showMessage(
        _tr("Undone: %1").replace("%1", stack.redoText()), 5000))
    redo.triggered.connect(lambda: stack.canUndo() and window.statusBar().showMessage(
        _tr("Redone: %1").replace("%1", stack.undoText()), 5000))
    edit_menu.addSeparator()
    actions["find"] = _action(window, _tr("&Find in documents"), lambda: focus_search(window), ["Ctrl+F"])
    actions["scheme"] = _action(window, _tr("&Label scheme…"), lambda: edit_scheme(window))
    actions["entities"] = _action(window, _tr("&Canonical entities…"), lambda: edit_entities(window))
    edit_menu.addAction(actions["find"])
    edit_menu.addAction(actions["scheme"])
    edit_menu.addAction(actions["entities"])

    # Alt+O, not Alt+D: a menu bar mnemonic is a window shortcut, and Alt+D drops gold in adjudication
    doc_menu = bar.addMenu(_tr("D&ocument"))
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
    window.view_menu = view_menu  # modes add themselves here (ui/adjudication.py)
    actions["collapse"] = _action(window, _tr("&Hide boilerplate lines"), window.editor.set_collapse_boilerplate,
                                  ["Ctrl+B"], checkable=True)
    view_menu.addAction(actions["collapse"])
    actions["other_layers"] = _action(window, _tr("Show &other layers' labels"), window.session.set_show_other_layers,
                                      checkable=True)
    actions["other_layers"].setChecked(window.session.state.show_others)
    view_menu.addAction(actions["other_layers"])
    arcs_menu = view_menu.addMenu(_tr("Relation &arcs"))
    arc_group = QActionGroup(window)
    current = str(window.settings.value("view/arcs", "all"))
    for mode, text in (("all", _tr("&All relations")), ("selected", _tr("Only for the &selected entity")),
                       ("none", _tr("&None (the Relations list still has them all)"))):
        action = _action(window, text, lambda _c=False, m=mode: set_arc_mode(window, m), checkable=True)
        action.setChecked(mode == current)
        arc_group.addAction(action)
        arcs_menu.addAction(action)
        actions[f"arcs_{mode}"] = action
    if current in ("selected", "none"):
        window.editor.set_arc_mode(current)
    view_menu.addSeparator()
    for dock in (window.documents_dock, window.entities_dock, window.relations_dock):
        view_menu.addAction(dock.toggleViewAction())
    view_menu.addAction(window.palette.toggleViewAction())

    tools_menu = bar.addMenu(_tr("&Tools"))
    actions["train"] = _action(window, _tr("&Train model…"), lambda: train_model(window))
    tools_menu.addAction(actions["train"])
    actions["agreement"] = _action(window, _tr("&Agreement…"), lambda: show_agreement(window))
    tools_menu.addAction(actions["agreement"])

    help_menu = bar.addMenu(_tr("&Help"))
    actions["keys"] = _action(window, _tr("&Keyboard shortcuts"), lambda: show_shortcuts(window), ["F1"])
    help_menu.addAction(actions["keys"])
    return actions


# slots ----------------------------------------------------------------------------------------------
def set_arc_mode(window: "MainWindow", mode: str) -> None:
    window.editor.set_arc_mode(mode)
    window.settings.setValue("view/arcs", mode)


def focus_search(window: "MainWindow") -> None:
    window.documents_dock.show()
    window.documents.search_box.setFocus()
    window.documents.search_box.selectAll()


def edit_scheme(window: "MainWindow") -> None:
    from annotator.ui.scheme_dialog import SchemeDialog

    SchemeDialog(window.session, window).exec()


def edit_entities(window: "MainWindow") -> None:
    from annotator.ui.entity_catalogue import EntityCatalogueDialog

    EntityCatalogueDialog(window.session, window, db_path=window.db_path).exec()


def change_reviewer(window: "MainWindow") -> None:
    from annotator.ui.reviewer_dialog import change_reviewer as ask

    name = ask(window.settings, window.project.reviewers(), window.project.reviewer, window, db_path=window.db_path)
    if name:
        window.set_reviewer(name)


def open_project(window: "MainWindow") -> None:
    path, _ = QFileDialog.getSaveFileName(
        window, _tr("Open or create a project"), str(window.db_path.parent),
        _tr("Annotator projects (*.db *.annotator.db *.sqlite);;All files (*)"),
        options=QFileDialog.Option.DontConfirmOverwrite)
    if not path:
        return
    if not Path(path).exists() and not Path(path).suffix:  # a new name typed bare: the filter would hide the file
        path = path + ".annotator.db"
    open_project_path(window, Path(path))


def open_project_path(window: "MainWindow", path: Path) -> None:
    """Open (or create) the project at path in a new window and close this one (Open project…, Recent projects)."""
    if Path(path).resolve() == window.db_path.resolve():
        window.statusBar().showMessage(_tr("%1 is the open project already.").replace("%1", window.db_path.name), 8000)
        return
    from annotator.ui.launch import open_main_window

    try:
        new_window = open_main_window(Path(path), settings=window.settings, parent_for_prompt=window)
    except ProjectError as exc:
        QMessageBox.warning(window, _tr("Cannot open project"), str(exc))
        return
    if new_window is not None:
        # Every label was committed when it was made: closing the old window loses nothing, and says so. Its
        # import or export still running, the user may keep it open (MainWindow.closeEvent asks).
        text = (_tr("Opened %1. %2 is closed; every label in it is saved.") if window.close()
                else _tr("Opened %1. %2 stays open beside it until its work is done."))
        new_window.statusBar().showMessage(
            text.replace("%1", new_window.db_path.name).replace("%2", window.db_path.name), 15000)


def _reload_after_import(window: "MainWindow", result) -> None:
    report, record = result if isinstance(result, tuple) else (result, None)
    if record is not None:
        window.apply_changes(record)
    else:  # cancelled or failed before the record was made: the list may still have grown
        window.documents.model.reload()
    if window.session.doc_id is None:
        window.open_initial_document()
    window.update_status_bar()
    imported = report.imported if isinstance(report.imported, int) else len(report.imported)
    problems = list(getattr(report, "problems", []) or [])
    duplicates = getattr(report, "duplicates", []) or []
    left_out = list(getattr(report, "left_out", []) or [])  # files of a folder that no importer reads
    text = " ".join((
        counted(imported, _tr("Imported 1 document,"), _tr("Imported %n documents,")),
        counted(len(duplicates), _tr("1 duplicate skipped,"), _tr("%n duplicates skipped,")),
        counted(len(problems), _tr("1 problem."), _tr("%n problems."))))
    relabelled = getattr(report, "stored_labelled", []) or []  # documents stored before that took a copy's labels
    if relabelled:
        text += " " + counted(len(relabelled), _tr("Labels added to 1 document stored before (its file's import layer)."),
                              _tr("Labels added to %n documents stored before (each into its file's import layer)."))
    suggested = getattr(report, "suggestions", 0) or 0  # a Label Studio file's predictions, in the review
    if suggested:
        text += " " + counted(suggested, _tr("1 suggestion from the files' predictions (review them: Tab)."),
                              _tr("%n suggestions from the files' predictions (review them: Tab)."))
    predicted_relations = getattr(report, "predicted_relations", 0) or 0
    if predicted_relations:
        text += " " + counted(predicted_relations,
                              _tr("1 predicted relation kept (offered once both ends are labels)."),
                              _tr("%n predicted relations kept (offered once both ends are labels)."))
    added = getattr(report, "labels_added", []) or []
    if added:
        text += " " + _tr("Labels added to the scheme: %1.").replace("%1", ", ".join(added))
    if any(": unknown label " in p for p in problems) and not _adds_labels(window):
        text += " " + _tr("Spans with labels the scheme lacks were skipped: to keep them, turn on File ▸ %1 (or add "
                          "the labels in Edit ▸ Label scheme) before importing a file that the project does not hold "
                          "yet.").replace("%1", _menu_text(window.actions_by_name["import_add_labels"]))
    if left_out:
        text += " " + counted(len(left_out), _tr("1 file left out (no importer reads its suffix)."),
                              _tr("%n files left out (no importer reads their suffix)."))
    if getattr(report, "cancelled", False):  # the counts alone read as a finished import
        text = _tr("Import cancelled: the documents counted are stored whole; the rest was not imported (import the "
                   "same files again for it: what is stored is skipped as duplicates).") + " " + text
    stopped = getattr(report, "stopped", "")
    if stopped:  # disk full, locked: what was stored is listed; say why the rest was not
        text = stopped + "\n\n" + text
    if problems or stopped or (left_out and not imported):
        box = QMessageBox(QMessageBox.Icon.Warning, _tr("Import stopped") if stopped else _tr("Import finished"),
                          text, QMessageBox.StandardButton.Ok, window)
        box.setDetailedText("\n".join(problems[:1000] + [_tr("left out: %1").replace("%1", f)
                                                          for f in left_out[:1000]]))
        if problems:  # the first ones in sight, each with its file and line; every one in the details
            shown = problems[:3] + ([counted(len(problems) - 3, _tr("… and 1 more problem (see the details)"),
                                             _tr("… and %n more problems (see the details)"))]
                                    if len(problems) > 3 else [])
            box.setInformativeText("\n".join(shown))
        box.exec()
    else:
        window.statusBar().showMessage(text, 10000)


def import_files(window: "MainWindow") -> None:
    from annotator.io.formats import import_dialog_filter

    paths, _ = QFileDialog.getOpenFileNames(window, _tr("Import documents"), _last_import_folder(window),
                                            import_dialog_filter(_tr))
    if paths:
        import_chosen(window, [Path(p) for p in paths])


def import_folder(window: "MainWindow") -> None:
    """A folder of pages, walked recursively as `annotator import FOLDER` does (the file dialog picks files only)."""
    folder = QFileDialog.getExistingDirectory(window, _tr("Import a folder of documents"), _last_import_folder(window))
    if folder:
        import_chosen(window, [Path(folder)])


def import_chosen(window: "MainWindow", paths: list[Path]) -> None:
    """Import files and folders the user chose (the dialogs, a drop on the window); the next dialog opens where
    they came from."""
    if paths:
        window.settings.setValue("import/folder", str(Path(paths[0]).parent))
        run_import(window, paths)


def _last_import_folder(window: "MainWindow") -> str:
    """Where the last import came from (the dialogs opened in the app's working folder, wherever it was started),
    else the home folder."""
    last = window.settings.value("import/folder")
    return str(last) if last and Path(str(last)).is_dir() else str(Path.home())


def _menu_text(action: QAction) -> str:
    """An action's text as the menu shows it: "Import adds …", not "Import &adds …" nor Korean's "…(&A)"."""
    return re.sub(r"\(&\w\)|&", "", action.text())


def _adds_labels(window: "MainWindow") -> bool:
    return str(window.settings.value("import/add_labels", "false")).lower() in ("true", "1")


def run_import(window: "MainWindow", paths: list[Path]) -> None:
    """Import on a worker thread with its own Project connection; the list reloads when it finishes."""
    db_path, reviewer, add_labels = window.db_path, window.project.reviewer, _adds_labels(window)

    def work(progress, cancel):
        from annotator.io.importers import ImportStopped, import_paths

        from annotator.core.delta import ChangeRecord

        with Project.open(db_path, reviewer) as project:
            scheme_before = project.scheme()
            try:
                report = import_paths(project, paths, progress=progress, cancel=cancel, add_labels=add_labels)
            except ImportStopped as exc:  # the documents stored before it stopped are listed too
                report = exc.report
            added = report.imported if isinstance(report.imported, int) else len(report.imported)
            return report, ChangeRecord(documents_added=added, scheme_changed=project.scheme() != scheme_before,
                                        documents_changed=tuple(report.stored_labelled))

    def done(result) -> None:
        _reload_after_import(window, result)
        window.indexer.start()  # the documents are listed and usable now; the search index follows

    tasks.run_task(window, _tr("Importing"), work, on_done=done)


def open_export(window: "MainWindow") -> None:
    export_dialog.open_export_dialog(window, window.db_path, window.project.reviewer,
                                     window.documents.selected_doc_ids(),
                                     [layer.name for layer in window.project.layers_with_entities()],
                                     done_count=window.project.status_counts()["done"])


def open_report(window: "MainWindow") -> None:
    # the report covers the period the document list is filtered to (all articles when none is set)
    export_dialog.open_report_dialog(window, window.db_path, window.project.reviewer,
                                     period=window.documents.date_range())


def hand_out_work(window: "MainWindow") -> None:
    from annotator.ui.team_dialogs import open_assign_dialog

    open_assign_dialog(window)


def merge_files(window: "MainWindow") -> None:
    from annotator.ui.team_dialogs import open_merge_dialog

    open_merge_dialog(window)


def show_agreement(window: "MainWindow") -> None:
    from annotator.ui.agreement_dialog import open_agreement_dialog

    open_agreement_dialog(window)


def train_model(window: "MainWindow") -> None:
    from annotator.ui.train_dialog import train_model as run

    run(window)


def shortcut_rows(window: "MainWindow") -> list[tuple[str, str]]:
    """F1 help, generated: the scheme's label keys, the article's keys (editing.EDITOR_KEYS) and every
    window action that has a shortcut, as it is bound now."""
    from html import escape

    from annotator.ui.editing import EDITOR_KEYS

    rows = []
    for entity in window.session.scheme.entities:
        if entity.key:
            name = f"{entity.name} {entity.display}".strip()
            rows.append((entity.key.upper() if entity.key.isalpha() else entity.key,
                         _tr("label the selection %1").replace("%1", name)))
    if rows:  # said once, not on every label key
        rows.append((_tr("label keys"), _tr("on a selected entity: relabel it; keys work by physical key, also in "
                                             "Hangul mode")))
    from annotator.ui.suggestion_review import SUGGESTION_KEYS

    rows += [(_tr(keys), _tr(text)) for keys, text in EDITOR_KEYS + SUGGESTION_KEYS]
    named = list(window.actions_by_name.values())
    # then any other action of the window with a key (one a mode or panel added), so the list cannot miss one
    others = [a for a in window.findChildren(QAction) if a not in named and a.shortcuts()]
    for action in dict.fromkeys(named + others):
        shortcuts = [s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts()]
        if shortcuts:
            rows.append((" / ".join(shortcuts), action.text().replace("&", "")))
    return [(escape(k), escape(v)) for k, v in rows]


def shortcuts_dialog(window: "MainWindow") -> QDialog:
    """The F1 list in a scrolling view that fits the screen (a message box of ~60 rows ran off a laptop screen,
    its OK button with it), left open beside the work."""
    rows = shortcut_rows(window)
    dialog = QDialog(window)
    dialog.setWindowTitle(_tr("Keyboard shortcuts"))
    browser = QTextBrowser(dialog)
    browser.setHtml("<table cellspacing=2>" + "".join(
        f"<tr><td style='white-space:nowrap'><b>{k}</b>&nbsp;&nbsp;</td><td>{v}</td></tr>" for k, v in rows)
        + "</table>")
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    buttons.rejected.connect(dialog.close)
    layout = QVBoxLayout(dialog)
    layout.addWidget(browser)
    layout.addWidget(buttons)
    screen = (window.screen() or QApplication.primaryScreen()).availableGeometry()
    browser.document().setTextWidth(min(760, screen.width() * 0.9) - 40)
    wanted = int(browser.document().size().height()) + buttons.sizeHint().height() + 60
    dialog.resize(int(min(760, screen.width() * 0.9)), int(min(wanted, screen.height() * 0.85)))
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    return dialog


def show_shortcuts(window: "MainWindow") -> None:
    dialog = shortcuts_dialog(window)
    dialog.show()
    dialog.raise_()
