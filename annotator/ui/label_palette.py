"""The label palette toolbar: one coloured, checkable button per entity label showing its key and name."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QButtonGroup, QToolBar, QToolButton, QWidget

from annotator.core.scheme import LabelScheme


# The shipped schemes' descriptions (resources/schemes/*.json), so that lupdate extracts them; a test keeps
# this list equal to the files.
SHIPPED_DESCRIPTIONS = (
    QT_TRANSLATE_NOOP("LabelDescription", "Organisations: ministries, agencies, local governments, companies, technoparks (중소벤처기업부, 강원도, 원주의료기기테크노밸리)"),
    QT_TRANSLATE_NOOP("LabelDescription", "People by name (오기웅)"),
    QT_TRANSLATE_NOOP("LabelDescription", "Titles and positions (차관, 도지사, 부단체장)"),
    QT_TRANSLATE_NOOP("LabelDescription", "Regions, cities and places (강원, 원주시, 부산)"),
    QT_TRANSLATE_NOOP("LabelDescription", "Designated zones: 규제자유특구, 글로벌 혁신 특구, 연구개발특구"),
    QT_TRANSLATE_NOOP("LabelDescription", "Policies, programmes and projects (실증사업, 네거티브 규제 특례)"),
    QT_TRANSLATE_NOOP("LabelDescription", "Events and meetings (협의회, 설명회, 지정 심의)"),
    QT_TRANSLATE_NOOP("LabelDescription", "Industry fields (AI헬스케어, 이차전지, 수소)"),
    QT_TRANSLATE_NOOP("LabelDescription", "Dates and periods (13일, 2024년 3월, 지난해)"),
    QT_TRANSLATE_NOOP("LabelDescription", "Amounts of money (120억 원)"),
    QT_TRANSLATE_NOOP("LabelDescription", "Counts and figures (4개 시·도, 30개 기업)"),
    QT_TRANSLATE_NOOP("LabelDescription", "A person belongs to an organisation"),
    QT_TRANSLATE_NOOP("LabelDescription", "A person holds a title"),
    QT_TRANSLATE_NOOP("LabelDescription", "A zone, organisation or event lies in a region"),
    QT_TRANSLATE_NOOP("LabelDescription", "An organisation designates a zone"),
    QT_TRANSLATE_NOOP("LabelDescription", "A zone or organisation works in an industry field"),
    QT_TRANSLATE_NOOP("LabelDescription", "An organisation or person hosts an event"),
    QT_TRANSLATE_NOOP("LabelDescription", "A person or organisation attends an event"),
    QT_TRANSLATE_NOOP("LabelDescription", "An organisation runs a policy or programme"),
    QT_TRANSLATE_NOOP("LabelDescription", "An event, zone or policy has a date"),
    QT_TRANSLATE_NOOP("LabelDescription", "A policy or zone has an amount of money"),
    QT_TRANSLATE_NOOP("LabelDescription", "A zone, policy or event has a figure"),
    QT_TRANSLATE_NOOP("LabelDescription", "Person"),
    QT_TRANSLATE_NOOP("LabelDescription", "Location"),
    QT_TRANSLATE_NOOP("LabelDescription", "Organisation"),
    QT_TRANSLATE_NOOP("LabelDescription", "Date"),
    QT_TRANSLATE_NOOP("LabelDescription", "Time"),
    QT_TRANSLATE_NOOP("LabelDescription", "Quantity"),
)


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
