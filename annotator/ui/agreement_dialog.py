"""Tools ▸ Agreement…: how far reviewers (or any layers) agree, per label and pair, and per document.

    AgreementDialog(parent, db_path, reviewer, layers, open_document=None)

The figures are core.agreement's (the same as `annotator agreement`), computed on a worker thread with its own
Project behind a cancellable progress dialog. The documents are listed worst first; a double-click opens one in
the window (open_document(doc_id)), so the adjudicator starts with the largest disagreement.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel, QListWidget,
    QListWidgetItem, QSplitter, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from annotator.ui import tasks
from annotator.ui.screen_fit import resize_within_screen

ALL_LABELS = None


def _tr(text: str) -> str:
    return QCoreApplication.translate("", text)


def _figure(value) -> str:
    if value is None:
        return "–"
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def _kind_names() -> dict[str, str]:
    return {"import": _tr("imported"), "suggestions": _tr("suggestions"), "gold": _tr("gold")}


class _NumberItem(QTableWidgetItem):
    """A figure, right-aligned; a fraction shows three decimals, a missing one a dash."""

    def __init__(self, value):
        super().__init__(_figure(value))
        self.value = value
        self.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class AgreementDialog(QDialog):
    FIGURE_COLUMNS = 9

    def __init__(self, parent: QWidget | None, db_path: Path, reviewer: str, layers: list[tuple[str, str]],
                 labels: list[str], *, open_document=None, chosen: set[str] | None = None,
                 display: dict[str, str] | None = None):
        """layers: (name, kind) of the project's layers; `chosen` are ticked at first (default: the reviewers');
        display: a label's display name, shown after it ("DATE 날짜", as the palette names it)."""
        super().__init__(parent)
        self.display = dict(display or {})
        self.db_path, self.reviewer = Path(db_path), reviewer
        self.open_document = open_document
        self.task: tasks.Task | None = None
        self.data: dict | None = None
        self.setWindowTitle(_tr("Agreement"))
        self.layers = QListWidget()
        self.layers.setMaximumHeight(110)
        kinds = _kind_names()
        for name, kind in layers:
            item = QListWidgetItem(name if kind == "reviewer" else f"{name} ({kinds.get(kind, kind)})")
            item.setData(Qt.ItemDataRole.UserRole, name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            ticked = name in chosen if chosen is not None else kind == "reviewer"
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
            self.layers.addItem(item)
        self.label = QComboBox()
        self.label.addItem(_tr("All labels"), ALL_LABELS)
        for name in labels:
            self.label.addItem(self._label_text(name), name)
        choose = QHBoxLayout()
        choose.addWidget(QLabel(_tr("Compare:")))
        choose.addWidget(self.layers, 1)
        labels_column = QVBoxLayout()
        labels_column.addWidget(QLabel(_tr("Label:")))
        labels_column.addWidget(self.label)
        labels_column.addStretch(1)
        choose.addLayout(labels_column)
        self.summary = QLabel(_tr("Press Compute."))
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.figures = QTableWidget(0, self.FIGURE_COLUMNS)
        self.figures.setHorizontalHeaderLabels([
            _tr("Pair"), _tr("Label"), _tr("Exact F1"), _tr("Overlap F1"), _tr("Cohen's κ"), _tr("Krippendorff's α"),
            _tr("Relation F1"), _tr("Entities (left / right)"), _tr("Matched exactly")])
        self.figures.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.figures.horizontalHeader().setStretchLastSection(True)
        self.figures.verticalHeader().hide()
        self.figures.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.figures.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.documents = QTableWidget(0, 3)
        self.documents.setHorizontalHeaderLabels([_tr("Disagreement"), _tr("Document"), _tr("Entities per layer")])
        self.documents.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.documents.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.documents.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.documents.verticalHeader().hide()
        self.documents.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.documents.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.documents.setToolTip(_tr("Double-click a document to open it"))
        self.documents.cellDoubleClicked.connect(self._open_row)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(QLabel(_tr("Documents, most disagreement first (double-click to open):")))
        lower_layout.addWidget(self.documents)
        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addWidget(self.summary)
        upper_layout.addWidget(self.figures)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(upper)
        split.addWidget(lower)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.compute_button = self.buttons.addButton(_tr("Compute"), QDialogButtonBox.ButtonRole.ActionRole)
        self.compute_button.clicked.connect(self.compute)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(choose)
        layout.addWidget(split, 1)
        layout.addWidget(self.buttons)
        resize_within_screen(self, 960, 680)

    def _label_text(self, name: str) -> str:
        display = self.display.get(name)
        return f"{name} {display}" if display else name

    def chosen_layers(self) -> list[str]:
        return [self.layers.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.layers.count())
                if self.layers.item(i).checkState() == Qt.CheckState.Checked]

    # computing ------------------------------------------------------------------------------------
    def compute(self) -> None:
        if self.task is not None:
            return
        names, label = self.chosen_layers(), self.label.currentData()
        if len(names) < 2:
            self.summary.setText(_tr("Choose two or more layers to compare."))
            return
        db_path, reviewer = self.db_path, self.reviewer

        def work(progress, cancel):
            from annotator.core.agreement import compute_agreement
            from annotator.store import Project
            from annotator.store.agreement_queries import agreement_documents, agreement_layers

            def reading(fraction: float, _message: str) -> None:
                progress(0.9 * fraction, _tr("Reading the documents…"))

            with Project.open(db_path, reviewer, read_only=True) as project:
                chosen = agreement_layers(project, layers=names)
                report = compute_agreement(agreement_documents(project, chosen, progress=reading, cancel=cancel),
                                           labels=[label] if label else None)
            return None if cancel() else report.to_dict()

        def done(data) -> None:
            self.task = None
            self.compute_button.setEnabled(True)
            if data is None:
                self.summary.setText(_tr("Cancelled; press Compute to start again."))
                return
            self.show_figures(data)

        def failed(message: str) -> None:
            self.task = None
            self.compute_button.setEnabled(True)
            self.summary.setText(message)

        self.compute_button.setEnabled(False)
        self.task = tasks.run_task(self, _tr("Computing agreement"), work, on_done=done, on_error=failed,
                                   label=_tr("Reading the documents…"))

    # showing --------------------------------------------------------------------------------------
    def show_figures(self, data: dict) -> None:
        """Fill the tables from core.agreement.AgreementReport.to_dict()."""
        self.data = data
        if data["documents"] == 0:
            self.summary.setText(_tr("No document is covered by two or more of these layers yet (a reviewer's layer "
                                     "covers the documents the reviewer marked done)."))
        else:
            self.summary.setText(
                _tr("%1 documents, %2 characters compared (the unit: every non-whitespace character). "
                    "Krippendorff's α over all layers: %3.")
                .replace("%1", str(data["documents"])).replace("%2", f"{data['units']:,}")
                .replace("%3", _figure(data["krippendorff_alpha"])))
        self.figures.setSortingEnabled(False)
        self.figures.setRowCount(0)
        alpha = data["krippendorff_alpha_per_label"]
        for pair in data["pairs"]:
            name = f"{pair['left']} × {pair['right']}"
            exact, overlap = pair["exact"], pair["overlap"]
            rows = [(_tr("All labels"), exact["f1"], overlap["f1"], pair["cohen_kappa"], data["krippendorff_alpha"],
                     pair["relations"]["f1"], f"{exact['left']} / {exact['right']}", exact["matched"], True)]
            for label, figures in exact["per_label"].items():
                rows.append((label, figures["f1"], overlap["per_label"][label]["f1"],
                             pair["cohen_kappa_per_label"].get(label), alpha.get(label), None,
                             f"{figures['left']} / {figures['right']}", figures["matched"], False))
            for label, e_f1, o_f1, kappa, a, rel_f1, counts, matched, overall in rows:
                row = self.figures.rowCount()
                self.figures.insertRow(row)
                shown = label if overall else self._label_text(label)
                cells = [QTableWidgetItem(name), QTableWidgetItem(shown), _NumberItem(e_f1), _NumberItem(o_f1),
                         _NumberItem(kappa), _NumberItem(a), _NumberItem(rel_f1), _NumberItem(counts),
                         _NumberItem(matched)]
                for column, cell in enumerate(cells):
                    if overall:
                        font = cell.font()
                        font.setBold(True)
                        cell.setFont(font)
                    self.figures.setItem(row, column, cell)
        self.documents.setRowCount(0)
        for doc in data["per_document"]:
            row = self.documents.rowCount()
            self.documents.insertRow(row)
            score = _NumberItem(doc["disagreement"])
            score.setData(Qt.ItemDataRole.UserRole, doc["doc_id"])
            title = QTableWidgetItem(f"#{doc['doc_id']}  {doc['title']}")
            title.setData(Qt.ItemDataRole.UserRole, doc["doc_id"])
            spans = QTableWidgetItem("  ".join(f"{k} {v}" for k, v in doc["spans"].items()))
            for column, cell in enumerate((score, title, spans)):
                self.documents.setItem(row, column, cell)

    def document_at(self, row: int) -> int | None:
        item = self.documents.item(row, 1)
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))

    def _open_row(self, row: int, _column: int) -> None:
        doc_id = self.document_at(row)
        if doc_id is not None and self.open_document is not None:
            self.open_document(doc_id)


def _owner(project, layer_name: str) -> str:
    return next((layer.reviewer for layer in project.layers() if layer.name == layer_name), layer_name)


def open_agreement_dialog(window) -> AgreementDialog:
    from annotator.store.agreement_queries import agreement_layers

    project = window.project
    # chosen at first: the reviewers who finished something (a reviewer's layer covers what they marked done)
    finished = {name for _, name, _ in agreement_layers(project)
                if project.status_counts(_owner(project, name)).get("done", 0)}
    # Only layers with something to compare: any command run under another login name (`annotator stats` as
    # root) leaves that name behind as an empty reviewer layer, which was offered here.
    holding = {layer.name for layer in project.layers_with_entities()} | finished
    layers = [(layer.name, layer.kind) for layer in project.layers() if layer.name in holding]
    entities = project.scheme().entities
    dialog = AgreementDialog(window, window.db_path, project.reviewer, layers, [e.name for e in entities],
                             open_document=window.open_document, chosen=finished,
                             display={e.name: e.display for e in entities if e.display})
    dialog.show()  # not modal: it stays open beside the document it opens
    if len(finished) >= 2:
        dialog.compute()
    return dialog
