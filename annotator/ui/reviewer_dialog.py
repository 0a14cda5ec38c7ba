"""Who is annotating: asked once at first launch, kept in QSettings, recorded with every annotation.

ANNOTATOR_REVIEWER in the environment wins and skips the prompt (tests, CI, shared lab machines). A project file
handed out to one reviewer (File ▸ Hand out work…) opened under another name asks once whether to work as the
reviewer it was handed out to; the answer is kept for that file.
"""

from __future__ import annotations

import getpass
import os
import uuid
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

SETTINGS_KEY = "reviewer/name"
FILE_CHOICE_KEY = "/reviewer"  # in the project file's settings group: the name chosen for that file


class ReviewerDialog(QDialog):
    """An editable list of the project's known reviewers; OK stays disabled while the name is empty."""

    def __init__(self, known: list[str], current: str = "", parent: QWidget | None = None, *,
                 first_run: bool = False, handed_to: str = "", own_name: str = ""):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Who is annotating?"))
        self.setObjectName("reviewerDialog")
        self.setMinimumWidth(440)  # room for the whole title on window managers that centre it
        text = self.tr("Your name is stored with every entity, relation and status you set.")
        if handed_to:
            text = self.tr("This project file was handed out to %1. Work as %1 in it? Your work then goes back "
                           "into their layer when the file is merged.").replace("%1", handed_to) + "\n" + text
        if first_run and handed_to:
            text += "\n" + self.tr("Quit closes the annotator: it cannot record work without a name.")
        elif first_run:
            text += "\n" + self.tr("It is filled in with your login name; change it if others share this "
                                   "account. Quit closes the annotator: it cannot record work without a name.")
        intro = QLabel(text, self)
        intro.setWordWrap(True)
        self.name_box = QComboBox(self)
        self.name_box.setEditable(True)
        self.name_box.addItems(known)
        self.name_box.setEditText(current)
        self.name_box.lineEdit().setPlaceholderText(self.tr("Your name"))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        if first_run:
            self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Quit"))
        elif handed_to and own_name:
            self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(
                self.tr("Work as %1").replace("%1", own_name))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.name_box.editTextChanged.connect(self._update_ok)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.name_box)
        layout.addWidget(self.buttons)
        self._update_ok()

    def name(self) -> str:
        return self.name_box.currentText().strip()

    def _update_ok(self, *_args) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.name()))


def login_name() -> str:
    """The operating system's user name, the first-run default ("" when it cannot be told)."""
    try:
        return getpass.getuser().strip()
    except (OSError, KeyError, ImportError):
        return ""
UID_KEY = "reviewer/uid"


def reviewer_uid(settings: QSettings) -> str:
    """This person's stable reviewer id: a UUID made at the first launch (ANNOTATOR_REVIEWER_ID overrides), so
    that merged project files keep two people of the same name apart."""
    env = os.environ.get("ANNOTATOR_REVIEWER_ID", "").strip()
    if env:
        return env
    value = str(settings.value(UID_KEY, "") or "").strip()
    if not value:
        value = str(uuid.uuid4())
        settings.setValue(UID_KEY, value)
        settings.sync()
    return value


def stored_reviewer(settings: QSettings) -> str:
    env = os.environ.get("ANNOTATOR_REVIEWER", "").strip()
    if env:
        return env
    return str(settings.value(SETTINGS_KEY, "") or "").strip()


def _file_key(db_path) -> str:
    from annotator.ui.main_window import project_settings_key  # the window's group for the same file

    return project_settings_key(Path(db_path).expanduser()) + FILE_CHOICE_KEY


def file_reviewer(settings: QSettings, db_path) -> str:
    """The name chosen for this project file when it asked (a hand-out), else ""."""
    return str(settings.value(_file_key(db_path), "") or "").strip()


def resolve_reviewer(settings: QSettings, known: list[str], parent: QWidget | None = None, *,
                     db_path=None, handed_out: bool = False) -> str | None:
    """The reviewer to work as: the environment, then the name chosen for this file, then QSettings, then a
    prompt. None if the first-run prompt is cancelled.

    A hand-out (handed_out) holding exactly one reviewer other than the current name was made for that
    reviewer: asked once, pre-filled with them, instead of silently starting a new reviewer in the file."""
    env = os.environ.get("ANNOTATOR_REVIEWER", "").strip()
    if env:
        return env
    if db_path is not None and file_reviewer(settings, db_path):
        return file_reviewer(settings, db_path)
    name = stored_reviewer(settings)
    others = sorted(set(known) - {name})
    handed_to = others[0] if handed_out and db_path is not None and len(others) == 1 else ""
    if name and not handed_to:
        return name
    dialog = ReviewerDialog(known, handed_to or login_name(), parent, first_run=not name, handed_to=handed_to,
                            own_name=name)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted and bool(dialog.name())
    if not name and not accepted:
        return None
    chosen = dialog.name() if accepted else name  # cancelled: work under the own name, as before
    if not name:
        settings.setValue(SETTINGS_KEY, chosen)
    if handed_to:
        settings.setValue(_file_key(db_path), chosen)  # asked once for this file
    settings.sync()
    return chosen


def change_reviewer(settings: QSettings, known: list[str], current: str, parent: QWidget | None = None, *,
                    db_path=None) -> str | None:
    """File ▸ Change reviewer…: the same prompt, pre-filled; returns the new name or None. A name chosen for
    this file (a hand-out) changes with it, or the next opening of the file would go back to it."""
    dialog = ReviewerDialog(known, current, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.name():
        return None
    settings.setValue(SETTINGS_KEY, dialog.name())
    if db_path is not None and file_reviewer(settings, db_path):
        settings.setValue(_file_key(db_path), dialog.name())
    settings.sync()
    return dialog.name()
