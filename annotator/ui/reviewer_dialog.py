"""Who is annotating: asked once at first launch, kept in QSettings, recorded with every annotation.

ANNOTATOR_REVIEWER in the environment wins and skips the prompt (tests, CI, shared lab machines).
"""

from __future__ import annotations

import getpass
import os
import uuid

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

SETTINGS_KEY = "reviewer/name"


class ReviewerDialog(QDialog):
    """An editable list of the project's known reviewers; OK stays disabled while the name is empty."""

    def __init__(self, known: list[str], current: str = "", parent: QWidget | None = None, *,
                 first_run: bool = False):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Who is annotating?"))
        self.setObjectName("reviewerDialog")
        self.setMinimumWidth(440)  # room for the whole title on window managers that centre it
        text = self.tr("Your name is stored with every entity, relation and status you set.")
        if first_run:
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


def resolve_reviewer(settings: QSettings, known: list[str], parent: QWidget | None = None) -> str | None:
    """The reviewer to work as: the environment, then QSettings, then a prompt. None if the prompt is cancelled."""
    name = stored_reviewer(settings)
    if name:
        return name
    dialog = ReviewerDialog(known, login_name(), parent, first_run=True)
    if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.name():
        return None
    settings.setValue(SETTINGS_KEY, dialog.name())
    settings.sync()
    return dialog.name()


def change_reviewer(settings: QSettings, known: list[str], current: str, parent: QWidget | None = None) -> str | None:
    """File ▸ Change reviewer…: the same prompt, pre-filled; returns the new name or None."""
    dialog = ReviewerDialog(known, current, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.name():
        return None
    settings.setValue(SETTINGS_KEY, dialog.name())
    settings.sync()
    return dialog.name()
