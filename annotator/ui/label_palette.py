"""The label palette toolbar: one coloured, checkable button per entity label showing its key and name."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QButtonGroup, QToolBar, QToolButton, QWidget

from annotator.core.scheme import LabelScheme


def translated_description(description: str) -> str:
    """A label description in the UI language: the shipped schemes' descriptions are in the translation
    (context "LabelDescription"); a user's own description comes back unchanged."""
    if not description:
        return description
    return QCoreApplication.translate("LabelDescription", description)


def readable_text_color(background: str) -> str:
    """Black or white, whichever reads better on the label colour."""
    c = QColor(background)
    luminance = 0.299 * c.red() + 0.587 * c.green() + 0.114 * c.blue()
    return "#111111" if luminance > 140 else "#ffffff"


class LabelPalette(QToolBar):
    """Clicking a button (or pressing its key in the article) makes that label the active one."""

    label_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("labelPalette")
        self.setWindowTitle(self.tr("Labels"))
        self.setMovable(True)
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self._buttons: dict[str, QToolButton] = {}

    def set_scheme(self, scheme: LabelScheme, active: str | None = None) -> None:
        for button in self._buttons.values():
            self._group.removeButton(button)
        self.clear()
        self._buttons.clear()
        for label in scheme.entities:
            button = QToolButton(self)
            button.setObjectName(f"label_{label.name}")
            button.setCheckable(True)
            name = label.display or label.name
            key = label.key.upper() if label.key else ""
            button.setText(f"{key} {name}" if key else name)
            tip = f"<b>{label.name}</b> {label.display}"
            if label.key:
                tip += " — " + self.tr("key %1").replace("%1", key)
            if label.description:
                tip += f"<br>{translated_description(label.description)}"
            button.setToolTip(tip)
            fg = readable_text_color(label.color)
            border = QColor(label.color).darker(140).name()
            button.setStyleSheet(
                f"QToolButton {{ background: {label.color}; color: {fg}; border: 1px solid {border};"
                " border-radius: 4px; padding: 2px 7px; margin: 1px; }"
                f"QToolButton:checked {{ border: 2px solid #1f2937; font-weight: bold; }}"
            )
            button.clicked.connect(lambda _checked=False, n=label.name: self._choose(n))
            self._group.addButton(button)
            self.addWidget(button)
            self._buttons[label.name] = button
        self.set_active(active)

    def set_active(self, name: str | None) -> None:
        """Reflect the active label without emitting label_chosen."""
        button = self._buttons.get(name or "")
        if button is not None:
            button.setChecked(True)
        else:
            checked = self._group.checkedButton()
            if checked is not None:
                self._group.setExclusive(False)
                checked.setChecked(False)
                self._group.setExclusive(True)

    def active(self) -> str | None:
        checked = self._group.checkedButton()
        return next((n for n, b in self._buttons.items() if b is checked), None)

    def button(self, name: str) -> QToolButton | None:
        return self._buttons.get(name)

    def _choose(self, name: str) -> None:
        self.set_active(name)
        self.label_chosen.emit(name)
