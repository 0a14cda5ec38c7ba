"""File ▸ Export and File ▸ Report: choose what to write, run it on a worker thread, offer to open the folder.

    open_export_dialog(parent, db_path, reviewer, selected_doc_ids) -> ExportDialog
    open_report_dialog(parent, db_path, reviewer, out=None) -> Task | None

Both open their own Project on the worker thread (annotator.ui.tasks), so the window stays responsive.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLineEdit,
    QMessageBox, QPushButton, QRadioButton, QVBoxLayout, QWidget,
)

from annotator.io.formats import EXPORT, spec
from annotator.ui import tasks
from annotator.ui.wording import counted



_unowned: set[QDialog] = set()


def _tr(text: str) -> str:
    return QCoreApplication.translate("", text)


@dataclass(frozen=True, slots=True)
class ExportOptions:
    format: str
    out: Path
    status: str  # "done" or "all"
    doc_ids: tuple[int, ...] | None  # the selected documents, or None for every document in `status`
    include_boilerplate: bool
    layer: str | None = None  # --layer: None (gold where it exists, else every reviewer's), "all" or a name


def default_destination(fmt: str, when: datetime | None = None, folder: Path | None = None) -> Path:
    """In folder (else exports/ in a checkout, a user folder otherwise), with a time stamp so nothing is
    overwritten."""
    from annotator.io.exporters import OUTPUT_SUFFIX
    from annotator.paths import default_export_dir

    stamp = (when or datetime.now()).strftime("%Y%m%d-%H%M%S")
    return (folder or default_export_dir()) / f"{fmt}-{stamp}{OUTPUT_SUFFIX.get(fmt, '')}"


def _settings():
    from annotator.ui.app import app_settings

    return app_settings()


class ExportDialog(QDialog):
    def __init__(self, parent: QWidget | None, db_path: Path, reviewer: str, selected_doc_ids: list[int],
                 layers: list[str] = (), done_count: int | None = None):
        super().__init__(parent)
        from annotator.io.exporters import available_formats

        self.db_path, self.reviewer = Path(db_path), reviewer
        self.selected = tuple(selected_doc_ids)
        self.task: tasks.Task | None = None
        self._destination_edited = False
        self.setWindowTitle(_tr("Export"))
        self.format = QComboBox()
        for name in available_formats():
            self.format.addItem(_tr(spec(EXPORT, name).dialog_label), name)
        self.done_count = done_count  # this reviewer's done documents; None: not known
        # Whose done marks: a team's lead opening the merged project saw "Documents marked done (1)", their own.
        self.scope_done = QRadioButton(
            _tr("Documents %1 marked done").replace("%1", reviewer) if done_count is None else
            _tr("Documents %1 marked done (%2)").replace("%1", reviewer).replace("%2", str(done_count)))
        self.scope_all = QRadioButton(_tr("All documents"))
        self.scope_selected = QRadioButton(_tr("Selected documents (%1)").replace("%1", str(len(self.selected))))
        self.scope_selected.setEnabled(bool(self.selected))
        # With nothing marked done the "done" default wrote an empty file and called it a success.
        default = (self.scope_selected if len(self.selected) > 1
                   else self.scope_all if done_count == 0 else self.scope_done)
        default.setChecked(True)
        self.content_only = QRadioButton(_tr("Article content only"))
        self.whole_page = QRadioButton(_tr("Whole page (with boilerplate)"))
        self.content_only.setChecked(True)
        # Which annotation layers: asked only when there is more than one (one reviewer never sees it).
        self.layer = QComboBox()
        self.layer.addItem(_tr("Gold where it exists, else every reviewer's (duplicates once)"), None)
        self.layer.addItem(_tr("All layers"), "all")
        for name in layers:
            self.layer.addItem(name, name)
        self._groups = [QButtonGroup(self), QButtonGroup(self)]
        for button in (self.scope_done, self.scope_all, self.scope_selected):
            self._groups[0].addButton(button)
        for button in (self.content_only, self.whole_page):
            self._groups[1].addButton(button)
        self.destination = QLineEdit()
        self.destination.textEdited.connect(self._mark_edited)
        browse = QPushButton(_tr("Browse…"))
        browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.destination, 1)
        where.addWidget(browse)
        form = QFormLayout()
        form.addRow(_tr("Format:"), self.format)
        form.addRow(_tr("Documents:"), _column(self.scope_done, self.scope_all, self.scope_selected))
        form.addRow(_tr("Text:"), _column(self.content_only, self.whole_page))
        if len(layers) > 1:
            form.addRow(_tr("Labels of:"), self.layer)
        form.addRow(_tr("Save to:"), where)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = self.buttons.addButton(_tr("Export"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        # The last export's format and folder come back (QSettings).
        settings = _settings()
        last_format = settings.value("export/format")
        last_folder = settings.value("export/folder")
        self.folder = Path(str(last_folder)) if last_folder and Path(str(last_folder)).is_dir() else None
        if last_format is not None and self.format.findData(str(last_format)) >= 0:
            self.format.setCurrentIndex(self.format.findData(str(last_format)))
        self.format.currentIndexChanged.connect(self._format_changed)
        self._format_changed()
        self.resize(560, self.sizeHint().height())

    def _mark_edited(self) -> None:
        self._destination_edited = True

    def _format_changed(self) -> None:
        if not self._destination_edited and self.format.currentData():
            self.destination.setText(str(default_destination(self.format.currentData(), folder=self.folder)))

    def _browse(self) -> None:
        from annotator.io.exporters import OUTPUT_SUFFIX

        current = self.destination.text()
        if OUTPUT_SUFFIX.get(self.format.currentData(), "") == "":  # brat and spacy write a folder
            chosen = QFileDialog.getExistingDirectory(self, _tr("Export to the folder"), str(Path(current).parent))
        else:
            chosen, _ = QFileDialog.getSaveFileName(self, _tr("Export to"), current)
        if chosen:
            self.destination.setText(chosen)
            self._destination_edited = True

    def options(self) -> ExportOptions:
        selected = self.scope_selected.isChecked()
        return ExportOptions(
            format=self.format.currentData(),
            out=Path(self.destination.text().strip()).expanduser(),
            status="done" if self.scope_done.isChecked() else "all",
            doc_ids=self.selected if selected else None,
            include_boilerplate=self.whole_page.isChecked(),
            layer=self.layer.currentData(),
        )

    def start(self) -> None:
        """Validate, close the dialog and run the export behind a progress dialog."""
        opts = self.options()
        if not opts.format or not self.destination.text().strip():
            QMessageBox.warning(self, _tr("Export"), _tr("Choose a format and where to save it."))
            return
        if opts.status == "done" and opts.doc_ids is None and self.done_count == 0 and opts.layer != "gold":
            QMessageBox.warning(self, _tr("Export"), _tr(
                "No document is marked done yet, so this export would be empty. Choose All documents, or mark "
                "documents done first (Ctrl+Enter)."))
            return
        settings = _settings()
        settings.setValue("export/format", opts.format)
        settings.setValue("export/folder", str(opts.out.parent))
        self.accept()
        self.task = start_export(self.parentWidget(), self.db_path, self.reviewer, opts)


def _column(*widgets: QWidget) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget)
    return box


def start_export(parent: QWidget | None, db_path: Path, reviewer: str, opts: ExportOptions) -> tasks.Task:
    from annotator.ui.export_phases import TOKENISED_FORMATS

    # Said at once: the spaCy export first loads the Korean tokenizer (Kiwi), which takes seconds; Prodigy and
    # CoNLL look for the documents without kept tokens first (ui.export_phases).
    first = (_tr("Loading the Korean tokenizer…") if opts.format == "spacy"
             else _tr("Preparing the Korean tokens…") if opts.format in TOKENISED_FORMATS
             else _tr("Reading the documents…"))

    def work(progress, cancel):
        from annotator.store import Project
        from annotator.ui.export_phases import export_in_phases

        progress(0.0, first)
        with Project.open(db_path, reviewer) as project:
            return export_in_phases(project, opts, progress=progress, cancel=cancel)

    def done(report) -> None:
        if report.cancelled:
            QMessageBox.information(parent, _tr("Export"), _tr("The export was cancelled; nothing was written."))
            return
        text = (_tr("Exported %1, %2 and %3 to\n%4") if report.holds_relations else
                _tr("Exported %1 and %2 to\n%4\n(this format has no place for relations)"))
        text = (text
                .replace("%1", counted(report.documents, _tr("1 document"), _tr("%n documents")))
                .replace("%2", counted(report.spans, _tr("1 entity"), _tr("%n entities")))
                .replace("%3", counted(report.relations, _tr("1 relation"), _tr("%n relations")))
                .replace("%4", str(report.out)))
        offer_to_open_folder(parent, _tr("Export finished"), text, report.out, report.problems)

    return tasks.run_task(parent, _tr("Exporting"), work, on_done=done, label=first)


def folder_of(out: Path) -> Path:
    return out if out.is_dir() else out.parent


def offer_to_open_folder(parent, title: str, text: str, out: Path, problems=()) -> bool:
    """Tell the user where the file went and open its folder in the file manager if they want to."""
    box = QMessageBox(QMessageBox.Icon.Information, title, text + "\n\n" + _tr("Open the folder?"),
                      QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Close, parent)
    if problems:
        box.setIcon(QMessageBox.Icon.Warning)
        box.setDetailedText("\n".join(list(problems)[:1000]))
    if box.exec() != QMessageBox.StandardButton.Open:
        return False
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder_of(Path(out)))))


def open_export_dialog(parent: QWidget | None, db_path: Path, reviewer: str, selected_doc_ids: list[int],
                       layers: list[str] = (), done_count: int | None = None) -> ExportDialog:
    """File ▸ Export. The dialog is window-modal and returns at once; the export runs when the user accepts.
    layers: the project's annotation layers with entities, offered when there are several; done_count: how
    many documents the reviewer marked done (shown, and an export of none refused)."""
    dialog = ExportDialog(parent, db_path, reviewer, list(selected_doc_ids or []), list(layers), done_count)
    if parent is None:  # nothing else owns it: keep it alive until it closes
        _unowned.add(dialog)
        dialog.finished.connect(lambda _result: _unowned.discard(dialog))
    dialog.open()
    return dialog


def choose_report_path(parent: QWidget | None) -> Path | None:
    from annotator.paths import default_export_dir

    suggestion = default_export_dir() / f"report-{datetime.now():%Y%m%d-%H%M}.xlsx"
    chosen, _ = QFileDialog.getSaveFileName(parent, _tr("Save the Excel report"), str(suggestion),
                                            _tr("Excel workbook (*.xlsx)"))
    if not chosen:
        return None
    path = Path(chosen)
    return path if path.suffix.lower() == ".xlsx" else path.with_name(path.name + ".xlsx")


def open_report_dialog(parent: QWidget | None, db_path: Path, reviewer: str, out: Path | None = None,
                       period: tuple[str | None, str | None] = (None, None)) -> tasks.Task | None:
    """File ▸ Report: ask where to save (unless `out` is given), write the workbook on a worker thread.
    period: the publication days (first, last) the document list is filtered to; either may be None."""
    out = out or choose_report_path(parent)
    if out is None:
        return None

    def work(progress, cancel):
        from annotator.io.report import Period, write_report
        from annotator.store import Project

        with Project.open(db_path, reviewer) as project:
            return write_report(project, out=out, period=Period(*period), progress=progress, cancel=cancel)

    def done(summary) -> None:
        if summary.cancelled:
            QMessageBox.information(parent, _tr("Report"), _tr("The report was cancelled; nothing was written."))
            return
        text = (_tr("Wrote the report with %1, %2, %3 and %4 to\n%5")
                .replace("%1", counted(summary.documents, _tr("1 document"), _tr("%n documents")))
                .replace("%2", counted(summary.entities, _tr("1 entity"), _tr("%n entities")))
                .replace("%3", counted(summary.zones, _tr("1 zone"), _tr("%n zones")))
                .replace("%4", counted(summary.people, _tr("1 person"), _tr("%n people")))
                .replace("%5", str(summary.out)))
        offer_to_open_folder(parent, _tr("Report finished"), text, summary.out)

    return tasks.run_task(parent, _tr("Writing the report"), work, on_done=done)
