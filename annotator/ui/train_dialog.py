"""Tools ▸ Train model: which documents, user words and the model folder; then the run behind a progress dialog
(steps, evaluations, current score; Cancel keeps the best model so far) and the result as a per-label table."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QButtonGroup, QCheckBox, QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
    QMessageBox, QPushButton, QRadioButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from annotator.ui import tasks
from annotator.ui.screen_fit import resize_within_screen
from annotator.ui.wording import counted

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow


def _tr(text: str) -> str:
    # The empty context is what `pyside6-lupdate -tr-function-alias tr+=_tr` extracts module-level calls into.
    return QCoreApplication.translate("", text)


def warning_lines(summary: dict[str, Any]) -> list[str]:
    """The reasons there is too little to learn from, with the numbers, in the UI language."""
    from annotator.nlp.train import warning_facts

    texts = {
        "few_train": _tr("only %n documents to train on (at least %m are needed to learn much)"),
        "few_train_1": _tr("only 1 document to train on (at least %m are needed to learn much)"),
        "few_dev": _tr("only %n documents to evaluate on: the scores are not reliable (at least %m)"),
        "few_dev_1": _tr("only 1 document to evaluate on: the scores are not reliable (at least %m)"),
        "few_entities": _tr("only %n entities in all (at least %m are needed)"),
        "rare_labels": _tr("labels with fewer than %m examples: %l"),
    }
    lines = []
    for code, f in warning_facts(summary):
        text = texts.get(f"{code}_1") if f.get("n") == 1 else None
        lines.append((text or texts[code]).replace("%n", str(f.get("n", ""))).replace("%m", str(f["min"]))
                     .replace("%l", str(f.get("labels", ""))))
    return lines


class TrainDialog(QDialog):
    """Choose what to train on; the counts and warnings for each choice are shown before anything runs."""

    def __init__(self, window: "MainWindow", out_dir: Path) -> None:
        super().__init__(window)
        from annotator.nlp.train import training_summary

        self.setWindowTitle(self.tr("Train the entity model"))
        self.summaries = {scope: training_summary(window.project, scope)
                          for scope in ("mine", "anyone", "labelled", "gold")}
        texts = {
            "mine": self.tr("Documents I marked done"),
            "anyone": self.tr("Documents anyone marked done"),
            "labelled": self.tr("Every document with entities"),
            "gold": self.tr("Adjudicated documents (their gold layer)"),
        }
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Train on:"), self))
        self.scope_group = QButtonGroup(self)
        self.scope_buttons: dict[str, QRadioButton] = {}
        for scope, text in texts.items():
            s = self.summaries[scope]
            button = QRadioButton(f"{text} — {counted(s['documents'], _tr('1 document'), _tr('%n documents'))}, "
                                  f"{counted(s['entities'], _tr('1 entity'), _tr('%n entities'))}", self)
            button.setObjectName(f"scope_{scope}")
            button.setEnabled(s["documents"] > 0)
            self.scope_group.addButton(button)
            self.scope_buttons[scope] = button
            layout.addWidget(button)
        first = next((s for s in ("mine", "anyone", "labelled") if self.summaries[s]["documents"] > 0), "mine")
        self.scope_buttons[first].setChecked(True)
        self.user_words = QCheckBox(self.tr("Use the project's entity strings as user words of the tokenizer "
                                            "(as the CLI's --user-words)"), self)
        self.user_words.setChecked(True)
        layout.addWidget(self.user_words)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Model folder:"), self))
        self.folder = QLineEdit(str(out_dir), self)
        row.addWidget(self.folder, 1)
        browse = QPushButton(self.tr("Browse…"), self)
        browse.clicked.connect(self._browse)
        row.addWidget(browse)
        layout.addLayout(row)
        self.warning_label = QLabel(self)
        self.warning_label.setObjectName("trainWarnings")
        self.warning_label.setWordWrap(True)
        self.warning_label.setStyleSheet("color: #b45309;")
        layout.addWidget(self.warning_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.train_button = buttons.addButton(self.tr("Train"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        for button in self.scope_buttons.values():
            button.toggled.connect(self._update_warnings)
        self._update_warnings()

    def scope(self) -> str:
        return next(s for s, b in self.scope_buttons.items() if b.isChecked())

    def _update_warnings(self) -> None:
        summary = self.summaries[self.scope()]
        warnings = warning_lines(summary)
        self.warning_label.setText(
            (self.tr("Too little to learn from:") + "\n• " + "\n• ".join(warnings)) if warnings else "")
        self.train_button.setEnabled(summary["documents"] > 0 and summary["entities"] > 0)

    def accept(self) -> None:
        """Asked first when the folder holds an earlier model: the run replaces it, a cancelled one too (with its
        best model so far, which after a few steps is worth nothing)."""
        folder = Path(self.folder.text().strip()).expanduser()
        if (folder / "meta.json").is_file() and QMessageBox.question(
                self, self.tr("Replace the model?"),
                self.tr("%1 holds a model trained before. Training replaces it, also when it is cancelled. "
                        "Replace it? (Choose another model folder to keep it.)").replace("%1", str(folder)),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No) != QMessageBox.StandardButton.Yes:
            return
        super().accept()

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Folder for the trained model"), self.folder.text())
        if folder:
            self.folder.setText(folder)


_STEP = re.compile(r"step (\d+)(?: of at most (\d+))? · evaluation (\d+)"
                   r"(?: · dev F1 ([\d.]+) \(best ([\d.]+) at step (\d+)\))?")


def progress_text(message: str) -> str:
    """train_ner's progress line in the UI language (it writes English for the CLI)."""
    match = _STEP.fullmatch(message)
    if match is None:
        if message.startswith("loading"):
            return _tr("Loading the tokenizer and exporting the documents…")
        if message.startswith("initialising"):
            return _tr("Setting up the model and the tokenizer…")
        tokenised = re.fullmatch(r"tokenising (\d+)/(\d+) documents", message)  # the export's Kiwi phase
        if tokenised:
            from annotator.ui.export_phases import tokenising_text

            return tokenising_text(int(tokenised.group(1)), int(tokenised.group(2)))
        exported = re.fullmatch(r"(\d+)/(\d+) documents|(\d+) documents exported", message)
        if exported:
            done, total, all_done = exported.groups()
            return _tr("Exporting the documents: %1 of %2").replace("%1", done or all_done) \
                .replace("%2", total or all_done)
        return message
    step, most, evaluations, score, best, best_step = match.groups()
    text = (_tr("Step %1 of at most %2") if most else _tr("Step %1")).replace("%1", step).replace("%2", most or "")
    text += " · " + _tr("evaluation %1").replace("%1", evaluations)
    if score is not None:
        text += "\n" + _tr("dev F1 %1 (best %2 at step %3)").replace("%1", score).replace("%2", best) \
            .replace("%3", best_step)
    return text


def result_table(result: dict[str, Any], parent: QWidget | None = None) -> QTableWidget:
    """Per-label precision, recall, F1 and support on the dev split, and the overall figures last."""
    rows = [(label, v["p"], v["r"], v["f"], v.get("support", 0)) for label, v in result.get("per_label", {}).items()]
    rows.append((_tr("overall"), result.get("ents_p", 0.0), result.get("ents_r", 0.0),
                 result.get("ents_f", 0.0), result.get("support", 0)))
    table = QTableWidget(len(rows), 5, parent)
    table.setObjectName("trainResult")
    table.setHorizontalHeaderLabels(["", "P", "R", "F1", _tr("support")])
    for r, (label, p, rec, f, support) in enumerate(rows):
        cells = [label, f"{p:.3f}", f"{rec:.3f}", f"{f:.3f}", str(support)]
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if c:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if r == len(rows) - 1:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            table.setItem(r, c, item)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    return table


def result_text(result: dict[str, Any]) -> str:
    stopped = result.get("stopped")
    steps, best = result.get("steps", 0), result.get("best_step")
    if not result.get("model_dir"):
        return _tr("Training stopped (%1) before its first evaluation: no model was saved.").replace("%1", str(stopped))
    reason = {
        "finished": _tr("Training finished after %1 steps."),
        "cancelled": _tr("Cancelled at step %1: the best model so far was kept."),
        "time limit": _tr("Stopped at the time limit at step %1: the best model so far was kept."),
    }.get(stopped, _tr("Stopped at step %1.")).replace("%1", str(steps))
    export = result.get("export", {})
    lines = [reason,
             _tr("Best dev score at step %1. Trained on %2 documents, evaluated on %3.")
             .replace("%1", str(best)).replace("%2", str(export.get("train_documents", "?")))
             .replace("%3", str(export.get("dev_documents", "?"))),
             _tr("Saved to %1.").replace("%1", str(result["model_dir"]))]
    return "\n".join(lines)


def show_result(window: "MainWindow", result: dict[str, Any]) -> QDialog:
    dialog = QDialog(window)
    dialog.setObjectName("trainResultDialog")
    dialog.setWindowTitle(_tr("Training result"))
    layout = QVBoxLayout(dialog)
    summary = QLabel(result_text(result), dialog)
    summary.setWordWrap(True)
    layout.addWidget(summary)
    warnings = warning_lines(result["summary"]) if result.get("summary") else result.get("warnings", [])
    if warnings:
        warn = QLabel(_tr("Too little to learn from:") + "\n• " + "\n• ".join(warnings), dialog)
        warn.setWordWrap(True)
        warn.setStyleSheet("color: #b45309;")
        layout.addWidget(warn)
    if result.get("model_dir"):
        layout.addWidget(result_table(result, dialog))
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    buttons.rejected.connect(dialog.accept)
    layout.addWidget(buttons)
    resize_within_screen(dialog, 560, 560)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog


def train_model(window: "MainWindow", out_dir: Path | None = None, *, ask: bool = True):
    """The whole flow; returns the running Task (None when the user cancelled the choice)."""
    from annotator.paths import default_export_dir

    dialog = TrainDialog(window, out_dir or Path(default_export_dir()) / "ner-model")
    if ask and dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    scope, user_words, out = dialog.scope(), dialog.user_words.isChecked(), Path(dialog.folder.text())
    db_path, reviewer = window.db_path, window.project.reviewer

    def work(progress, cancel):
        from annotator.nlp.train import train_ner

        return train_ner(db_path, out_dir=out, progress=lambda f, m: progress(f, progress_text(m)), cancel=cancel,
                         reviewer=reviewer, scope=scope, user_words=user_words)

    window.last_training = None

    def done(result) -> None:
        window.last_training = result
        window.last_training_dialog = show_result(window, result if isinstance(result, dict) else {})

    return tasks.run_task(window, _tr("Training the entity model"), work, on_done=done,
                          label=_tr("Loading the tokenizer and exporting the documents…"))
