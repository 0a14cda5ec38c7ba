"""File ▸ Hand out work… and File ▸ Merge project files…: the team commands (assign, merge) as dialogs.

    AssignDialog(parent, db_path, reviewer)        one project file per reviewer, with a shared overlap
    MergeDialog(parent, db_path, reviewer, on_merged=None)   reviewers' files into the open project

Both run their work on a worker thread with its own Project (annotator.ui.tasks) behind a cancellable progress
dialog. The merge is one transaction: a cancel leaves the project as it was. on_merged(ChangeRecord) tells the
window what the merge changed (documents added, scheme, documents whose layers changed).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox, QFileDialog, QFormLayout, QHBoxLayout,
    QHeaderView, QLabel, QLineEdit, QListWidget, QMessageBox, QPlainTextEdit, QPushButton, QSpinBox, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

from annotator.ui import tasks
from annotator.ui.screen_fit import resize_within_screen
from annotator.ui.wording import counted


def _tr(text: str) -> str:
    return QCoreApplication.translate("", text)


def _folder_row(edit: QLineEdit, browse: QPushButton) -> QWidget:
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(edit, 1)
    layout.addWidget(browse)
    return row


# hand out ---------------------------------------------------------------------------------------------
def default_handout_folder(db_path: Path) -> Path:
    """Beside the project, unless it is the app's own project in the hidden per-user data folder: then in the
    export folder (Documents/annotator-exports), where a reviewer's lead finds the files to send."""
    from annotator.paths import default_db_path, default_export_dir

    db_path = Path(db_path)
    if db_path.expanduser().resolve().parent == default_db_path().expanduser().resolve().parent:
        return default_export_dir() / f"{db_path.stem}-handout"
    return db_path.parent / f"{db_path.stem}-handout"


class AssignDialog(QDialog):
    """Reviewers, overlap, seed, which documents and the output folder; a live preview of the shares."""

    def __init__(self, parent: QWidget | None, db_path: Path, reviewer: str, *, doc_ids: list[int],
                 unfinished_ids: list[int]):
        super().__init__(parent)
        self.db_path, self.reviewer = Path(db_path), reviewer
        self.all_ids, self.unfinished_ids = list(doc_ids), list(unfinished_ids)
        self.task: tasks.Task | None = None
        self.written: list[Path] = []
        self.setWindowTitle(_tr("Hand out work"))
        self.reviewers = QLineEdit()
        self.reviewers.setPlaceholderText(_tr("kim, lee, park"))
        self.overlap = QDoubleSpinBox()
        self.overlap.setRange(0, 100)
        self.overlap.setDecimals(0)
        self.overlap.setSuffix(" %")
        self.overlap.setValue(20)
        self.overlap.setToolTip(_tr("The share of the documents every reviewer gets: agreement is measured on it"))
        self.seed = QSpinBox()
        self.seed.setRange(0, 2**31 - 1)
        self.seed.setToolTip(_tr("The same seed hands out the same documents again"))
        self.which = QComboBox()
        self.which.addItem(_tr("All documents (%1)").replace("%1", str(len(self.all_ids))), "all")
        self.which.addItem(_tr("Documents nobody has marked done (%1)").replace("%1", str(len(self.unfinished_ids))),
                           "new")
        self.folder = QLineEdit(str(default_handout_folder(self.db_path)))
        browse = QPushButton(_tr("Browse…"))
        browse.clicked.connect(self._browse)
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        self.preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form = QFormLayout()
        form.addRow(_tr("Reviewers:"), self.reviewers)
        form.addRow(_tr("Shared by everyone:"), self.overlap)
        form.addRow(_tr("Seed:"), self.seed)
        form.addRow(_tr("Documents:"), self.which)
        form.addRow(_tr("Write the files to:"), _folder_row(self.folder, browse))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.hand_out_button = self.buttons.addButton(_tr("Hand out"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.preview)
        layout.addWidget(self.buttons)
        for signal in (self.reviewers.textChanged, self.overlap.valueChanged, self.seed.valueChanged,
                       self.which.currentIndexChanged):
            signal.connect(self._update_preview)
        self._update_preview()
        self.resize(560, self.sizeHint().height())

    def names(self) -> list[str]:
        return [n.strip() for n in self.reviewers.text().replace(";", ",").split(",") if n.strip()]

    def plan(self):
        """The plan for the current choices (core.team.plan_assignment); ValueError when they are not valid."""
        from annotator.core.team import plan_assignment

        ids = self.all_ids if self.which.currentData() == "all" else self.unfinished_ids
        return plan_assignment(ids, self.names(), overlap=self.overlap.value() / 100, seed=self.seed.value())

    def _update_preview(self) -> None:
        try:
            plan = self.plan()
        except ValueError as exc:
            self.preview.setText(str(exc) if self.names() else _tr("Name the reviewers, separated by commas."))
            self.hand_out_button.setEnabled(False)
            return
        shares = ", ".join(f"{name} {len(plan.documents_of(name))}" for name in plan.reviewers)
        self.preview.setText(_tr("%1 shared by everyone; documents per reviewer: %2")
                             .replace("%1", counted(len(plan.shared), _tr("1 document"), _tr("%n documents")))
                             .replace("%2", shares))
        self.hand_out_button.setEnabled(True)

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, _tr("Write the reviewer files to"), self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def start(self) -> None:
        try:
            plan = self.plan()
        except ValueError as exc:
            QMessageBox.warning(self, _tr("Hand out work"), str(exc))
            return
        out = Path(self.folder.text().strip()).expanduser()
        if not self.folder.text().strip():
            QMessageBox.warning(self, _tr("Hand out work"), _tr("Choose the folder for the reviewer files."))
            return
        from annotator.store.team import assignment_file

        existing = [path for path in (assignment_file(out, n) for n in plan.reviewers) if path.exists()]
        if existing and QMessageBox.question(
                self, _tr("Hand out work"), _tr("%1 exist already in %2. Replace them?")
                .replace("%1", ", ".join(p.name for p in existing)).replace("%2", str(out))
        ) != QMessageBox.StandardButton.Yes:
            return
        self.accept()
        db_path, reviewer, parent = self.db_path, self.reviewer, self.parentWidget()

        def work(progress, cancel):
            from annotator.store import Project
            from annotator.store.team import handout_carries, write_assignment

            with Project.open(db_path, reviewer) as project:
                paths = write_assignment(project, plan, out, progress=progress)
            # read back from each file, as `annotator assign` does: what the reviewer gets to decide besides
            return [(path, handout_carries(path, name)) for name, path in zip(plan.reviewers, paths)]

        def done(written) -> None:
            from annotator.ui.export_dialog import offer_to_open_folder

            self.written = [path for path, _carries in written]
            lines = [f"{name}: {counted(len(plan.documents_of(name)), _tr('1 document'), _tr('%n documents'))}"
                     f"{carried_text(carries)} → {path.name}" for name, (path, carries) in zip(plan.reviewers, written)]
            text = _tr("Wrote one project file per reviewer to\n%1\n\n%2").replace("%1", str(out)).replace(
                "%2", "\n".join(lines))
            text += "\n\n" + _tr("Send each reviewer their file. They open it with File ▸ Open project…, label,"
                                  " mark each finished document done (Ctrl+Enter) and send it back; File ▸ Merge"
                                  " project files… then brings their work into this project.")
            offer_to_open_folder(parent, _tr("Work handed out"), text, out)

        # A file is written whole or not at all (renamed from .part), so the work is not cancellable midway.
        self.task = tasks.run_task(parent, _tr("Handing out work"), work, on_done=done, cancellable=False)


def carried_text(carries: dict[str, int]) -> str:
    """" (with 3 machine suggestions and 2 predicted relations)" after a reviewer's documents, as `annotator
    assign` says it; "" when their file carries neither."""
    parts = [counted(n, one, many) for n, one, many in (
        (carries.get("suggestions", 0), _tr("1 machine suggestion"), _tr("%n machine suggestions")),
        (carries.get("predicted_relations", 0), _tr("1 predicted relation"), _tr("%n predicted relations"))) if n]
    if not parts:
        return ""
    return " " + _tr("(with %1)").replace("%1", _tr("%1 and %2").replace("%1", parts[0]).replace("%2", parts[1])
                                          if len(parts) == 2 else parts[0])


def open_assign_dialog(window) -> AssignDialog:
    from annotator.store.team import documents_nobody_finished

    dialog = AssignDialog(window, window.db_path, window.project.reviewer, doc_ids=window.project.document_ids(),
                          unfinished_ids=documents_nobody_finished(window.project))
    dialog.open()
    return dialog


# merge ------------------------------------------------------------------------------------------------
AS_THEMSELVES = None


class MergeDialog(QDialog):
    """Choose reviewers' project files, say who is who, merge, and read the merge report."""

    def __init__(self, parent: QWidget | None, db_path: Path, reviewer: str, *, team_reviewers: list[str],
                 on_merged=None, background=None):
        super().__init__(parent)
        self.db_path, self.reviewer = Path(db_path), reviewer
        self.team_reviewers = list(team_reviewers)
        self.on_merged = on_merged
        # ui.background_hold.BackgroundHold: the window's background writers, held still while the merge runs
        self.background = background
        self.waiting = False  # for them to pause, before the merge starts
        self.task: tasks.Task | None = None
        self.report = None
        self.setWindowTitle(_tr("Merge project files"))
        intro = QLabel(_tr("Reviewers' project files are merged into this project in one step: documents are "
                           "matched by their text, each reviewer's labels are taken from where they are newer, "
                           "and the files themselves are only read."))
        intro.setWordWrap(True)
        target = QLabel(_tr("Merging into the open project: %1").replace("%1", str(self.db_path)))
        target.setObjectName("mergeTarget")
        target.setWordWrap(True)
        target.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Why a chosen file is not listed (the open project itself, a file listed already): never silently.
        self.note = QLabel()
        self.note.setObjectName("mergeNote")
        self.note.setWordWrap(True)
        self.note.hide()
        self.sources = QListWidget()
        self.sources.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        add = QPushButton(_tr("Add files…"))
        add.clicked.connect(self._choose_files)
        remove = QPushButton(_tr("Remove"))
        remove.clicked.connect(self._remove_selected)
        file_buttons = QHBoxLayout()
        file_buttons.addWidget(add)
        file_buttons.addWidget(remove)
        file_buttons.addStretch(1)
        self.people = QTableWidget(0, 4)
        self.people.setHorizontalHeaderLabels([_tr("File"), _tr("Reviewer"), _tr("Id"), _tr("Merge as")])
        self.people.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.people.verticalHeader().hide()
        self.people.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.result_view = QPlainTextEdit()
        self.result_view.setReadOnly(True)
        self.result_view.setPlaceholderText(_tr("The merge report appears here."))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.merge_button = self.buttons.addButton(_tr("Merge"), QDialogButtonBox.ButtonRole.ActionRole)
        self.merge_button.clicked.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(target)
        layout.addWidget(QLabel(_tr("Files to merge:")))
        layout.addWidget(self.sources, 1)
        layout.addLayout(file_buttons)
        layout.addWidget(self.note)
        layout.addWidget(QLabel(_tr("Reviewers (one person on two machines: merge one as the other):")))
        layout.addWidget(self.people, 1)
        layout.addWidget(QLabel(_tr("Merge report:")))
        layout.addWidget(self.result_view, 2)
        layout.addWidget(self.buttons)
        self._update_buttons()
        resize_within_screen(self, 720, 640)

    # sources and reviewers -------------------------------------------------------------------------
    def _choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self, _tr("Reviewers' project files"), str(self.db_path.parent),
            _tr("Annotator projects (*.db *.annotator.db *.sqlite);;All files (*)"))
        self.add_sources([Path(p) for p in paths])

    def source_paths(self) -> list[Path]:
        return [Path(self.sources.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.sources.count())]

    def add_sources(self, paths: list[Path]) -> None:
        known = {p.resolve() for p in self.source_paths()}
        notes = []
        for path in paths:
            path = Path(path)
            if path.resolve() == self.db_path.resolve():
                notes.append(_tr("%1 is the open project: the files are merged into it, so it is not one of "
                                 "them.").replace("%1", path.name))
                continue
            if path.resolve() in known:
                notes.append(_tr("%1 is listed already.").replace("%1", path.name))
                continue
            self.sources.addItem(path.name)
            item = self.sources.item(self.sources.count() - 1)
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            item.setToolTip(str(path))
            known.add(path.resolve())
        self.note.setText("\n".join(notes))
        self.note.setVisible(bool(notes))
        self._fill_people()

    def _remove_selected(self) -> None:
        for item in self.sources.selectedItems():
            self.sources.takeItem(self.sources.row(item))
        self._fill_people()

    def _fill_people(self) -> None:
        """One row per reviewer of each file; "merge as" offers this project's reviewers and those of the files
        above (merged first)."""
        from annotator.store.team import source_reviewers

        kept = self.reviewer_map()
        self.people.setRowCount(0)
        earlier = list(self.team_reviewers)
        for path in self.source_paths():
            found = source_reviewers(path)
            for name, uid in found:
                row = self.people.rowCount()
                self.people.insertRow(row)
                self.people.setItem(row, 0, QTableWidgetItem(path.name))
                self.people.setItem(row, 1, QTableWidgetItem(name))
                self.people.setItem(row, 2, QTableWidgetItem((uid or "")[:8]))
                self.people.item(row, 2).setToolTip(uid or _tr("no stable id (made before reviewer ids)"))
                choice = QComboBox()
                choice.addItem(_tr("themselves"), AS_THEMSELVES)
                for other in dict.fromkeys(earlier):  # the same name too: one person, two ids
                    choice.addItem(other, other)
                key = uid or name
                if key in kept and choice.findData(kept[key]) >= 0:
                    choice.setCurrentIndex(choice.findData(kept[key]))
                choice.setProperty("reviewer_key", key)
                self.people.setCellWidget(row, 3, choice)
            earlier += [name for name, _ in found]
        self._update_buttons()

    def reviewer_map(self) -> dict[str, str]:
        """FROM (stable id, else name) → TO (a name) for store.team.merge_projects."""
        out = {}
        for row in range(self.people.rowCount()):
            choice = self.people.cellWidget(row, 3)
            if choice is not None and choice.currentData() is not AS_THEMSELVES:
                out[str(choice.property("reviewer_key"))] = choice.currentData()
        return out

    def _update_buttons(self) -> None:
        self.merge_button.setEnabled(self.sources.count() > 0 and self.task is None and not self.waiting)

    def reject(self) -> None:
        if self.waiting:  # closed before the merge began: the background goes on, nothing was merged
            self.waiting = False
            self._release_background()
            self._update_buttons()
        super().reject()

    def _release_background(self) -> None:
        if self.background is not None:
            self.background.release()

    # the merge -------------------------------------------------------------------------------------
    def start(self) -> None:
        """Merge, once the window's background writers have paused (no suggestion or index write may land
        between what the merge reads of this project and what it writes); they go on after it."""
        if not self.source_paths() or self.task is not None or self.waiting:
            return
        if self.background is None:
            self._merge()
            return
        self.waiting = True
        self._update_buttons()
        self.result_view.setPlainText(_tr("Waiting for the background suggestions and search indexing to pause…"))

        def idle() -> None:
            if self.waiting:  # not closed meanwhile
                self.waiting = False
                self._merge()

        self.background.hold(idle)

    def _merge(self) -> None:
        sources, mapping = self.source_paths(), self.reviewer_map()
        db_path, reviewer = self.db_path, self.reviewer

        def work(progress, cancel):
            from annotator.store import Project
            from annotator.store.team import merge_projects

            with Project.open(db_path, reviewer) as project:
                # The window's indexer adds the new documents to the search index afterwards, in the background.
                return merge_projects(project, sources, reviewer_map=mapping, progress=progress, cancel=cancel,
                                      index=False)

        def done(report) -> None:
            self.task = None
            self.report = report
            text = merge_report_text(report)
            self._release_background()  # first: the window's follow-up (on_merged) starts the indexer
            self._update_buttons()
            if not report.cancelled and self.on_merged is not None:
                from annotator.core.delta import ChangeRecord

                # What the merge did to the open document (the window says: ui.team_dialogs.open_merge_dialog)
                said = self.on_merged(ChangeRecord(documents_added=report.documents_added,
                                                   scheme_changed=report.scheme_changed,
                                                   documents_changed=tuple(sorted(report.changed_documents))))
                if said:
                    text += "\n\n" + said
            self.result_view.setPlainText(text)

        def failed(message: str) -> None:
            self.task = None
            self._release_background()
            self.result_view.setPlainText(_tr("The merge failed; the project is as it was.") + "\n\n" + message)
            self._update_buttons()

        self.result_view.clear()
        self.task = tasks.run_task(self, _tr("Merging"), work, on_done=done, on_error=failed,
                                   label=_tr("Reading the files…"))
        self._update_buttons()


def merge_report_text(report) -> str:
    """What a merge did, for people (store.team.MergeReport)."""
    if report.cancelled:
        return _tr("The merge was cancelled; the project is as it was.")
    docs = lambda n: counted(n, _tr("1 document"), _tr("%n documents"))  # noqa: E731
    lines = [
        _tr("Merged %1.").replace("%1", counted(len(report.sources), _tr("1 file"), _tr("%n files"))),
        _tr("Documents: %1 added, %2 matched by their text.").replace("%1", docs(report.documents_added))
        .replace("%2", docs(report.documents_matched)),
        _tr("Layers of documents: %1 updated, %2 unchanged, %3 kept because they are newer here.")
        .replace("%1", str(report.layers_updated)).replace("%2", str(report.layers_unchanged))
        .replace("%3", str(report.layers_kept_newer)),
        _tr("Written: %1, %2, %3.")
        .replace("%1", counted(report.spans_written, _tr("1 entity"), _tr("%n entities")))
        .replace("%2", counted(report.relations_written, _tr("1 relation"), _tr("%n relations")))
        .replace("%3", counted(report.statuses_written, _tr("1 status"), _tr("%n statuses"))),
    ]
    if (report.suggestion_documents or report.rejections_written or report.relation_suggestions_written
            or report.predicted_relations_written):
        lines.append(_tr("Suggestions (not labels): %1 from newer runs on %2, %3, %4 with reviewers' layers, %5 of "
                         "imported files' models.")
                     .replace("%1", counted(report.suggestions_written, _tr("1 suggestion"), _tr("%n suggestions")))
                     .replace("%2", docs(report.suggestion_documents))
                     .replace("%3", counted(report.rejections_written, _tr("1 rejection"), _tr("%n rejections")))
                     .replace("%4", counted(report.relation_suggestions_written, _tr("1 suggested relation"),
                                            _tr("%n suggested relations")))
                     .replace("%5", counted(report.predicted_relations_written, _tr("1 predicted relation"),
                                            _tr("%n predicted relations"))))
    if report.reviewers_added:
        lines.append(_tr("Reviewers added: %1").replace("%1", ", ".join(report.reviewers_added)))
    if report.scheme_notes:
        lines += ["", _tr("Label scheme differences (this project's definitions win; missing labels are added; "
                          "relation rules are united):")] + [f"  • {note}" for note in report.scheme_notes]
    else:
        lines.append(_tr("The label schemes agree."))
    if report.left_out:
        lines += ["", _tr("Not merged:")] + [f"  • {note}" for note in report.left_out]
    return "\n".join(lines)


def open_merge_dialog(window) -> MergeDialog:
    def merged(record) -> str:
        """Bring the window to the merged project; what happened to the open document, for the report."""
        session = window.session
        # The undo history names span ids the merge may have replaced: it goes if it holds a changed document.
        forgot = session.forget_history_of(record.documents_changed)
        window.apply_changes(record)  # the open document is read again if the merge changed it
        window.indexer.start()  # the added documents join the search index in the background
        lines = [_tr("Every label made here before the merge was saved first; a layer is replaced only where a "
                     "file holds a newer version of it.")]
        if session.document is not None:
            said = (_tr("The open document “%1” was changed by the merge: it is shown as merged now.")
                    if session.doc_id in record.documents_changed
                    else _tr("The open document “%1” was not changed by the merge."))
            lines.append(said.replace("%1", session.document.title or str(session.doc_id)))
        if forgot:
            lines.append(_tr("The undo history was cleared: it held edits of documents the merge changed."))
        return "\n".join(lines)

    from annotator.ui.background_hold import window_hold

    dialog = MergeDialog(window, window.db_path, window.project.reviewer, team_reviewers=window.project.reviewers(),
                         on_merged=merged, background=window_hold(window))
    dialog.open()  # window-modal: no label is written to the project while its files are merged into it
    return dialog
