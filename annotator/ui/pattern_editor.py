"""The pattern editor of the scheme dialog: one entity label's suggestion patterns, checked as they are typed.

A pattern is a regex over a line, a sequence of Kiwi token constraints or a word list (the format is in
annotator.core.label_patterns, which also checks it: the same check the scheme runs when it loads, so what
this editor accepts, the scheme accepts). "Test on this text" shows what the selected pattern proposes in a
text of the reviewer's choice (the open document's by default), marked in the text and listed: exactly what
the suggestion engine would propose with it. Regexes are tried at once; token patterns and word lists need
Kiwi (for morphemes, for word boundaries), which runs on a worker thread (the UI never waits for it).
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QFontDatabase, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel,
    QLineEdit, QListWidget, QListWidgetItem, QPlainTextEdit, QPushButton, QSplitter, QTextEdit, QVBoxLayout,
    QWidget,
)

from annotator.core.label_patterns import DEFAULT_SCORE, PatternError, compile_pattern
from annotator.core.offsets import to_utf16
from annotator.ui.screen_fit import resize_within_screen

REGEX, TOKENS, WORDS = "regex", "tokens", "words"
PREVIEW_DELAY_MS = 200  # the preview follows typing after this pause
PREVIEW_CHARS = 20000  # a longer test text is cut: the preview is for trying a pattern, not for a batch
_ERROR_COLOR = "#b00020"
_MATCH_COLOR = "#ffe08a"
_alive: set = set()  # preview threads still running (a dialog closed meanwhile does not own them)
_TOKENS_EXAMPLE = [{"tag": "SN"}, {"text": ["개", "곳"], "gap": False}, {"tag": ["NNG", "NNP"], "op": "+", "gap": True}]


def _tr(text: str) -> str:
    return QCoreApplication.translate("", text)  # context "": lupdate reads _tr as tr without a class


_JSON_ERROR = "_json_error"  # a token list that is not JSON yet: kept in the entry while it is typed


def pattern_problem(label: str, entry: dict[str, Any], others: list[dict[str, Any]]) -> str | None:
    """Why entry cannot be used (the scheme's own check, plus an id another pattern of the label has), or None."""
    if _JSON_ERROR in entry:
        return _tr("The tokens are not valid JSON: %1").replace("%1", str(entry[_JSON_ERROR]))
    try:
        compile_pattern(label, {**entry, "enabled": True})
    except PatternError as exc:  # the two a reviewer typing a regex meets, in the UI language; the others as said
        if exc.reason == "invalid regex":
            return _tr("This is not a valid regular expression: %1").replace("%1", exc.detail)
        if exc.reason == "empty match":
            return _tr("This pattern matches the empty string: it would propose empty entities")
        return str(exc)
    if any(o.get("id") == entry.get("id") for o in others):
        return _tr("The pattern id %1 appears twice in this label").replace("%1", str(entry.get("id")))
    return None


def _kind(entry: dict[str, Any]) -> str:
    return TOKENS if TOKENS in entry else WORDS if WORDS in entry else REGEX


def _body(entry: dict[str, Any]) -> str:
    """The pattern as the body field shows it: the regex, the token list as JSON, a word a line."""
    kind = _kind(entry)
    value = entry.get(kind, "")
    if kind == WORDS and isinstance(value, list):
        return "\n".join(str(w) for w in value)
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _summary(entry: dict[str, Any]) -> str:
    body = _body(entry).replace("\n", ", ")
    return f"{entry.get('id', '?')}  ·  {_kind(entry)}  ·  {body[:60]}{'…' if len(body) > 60 else ''}"


class PatternEditor(QDialog):
    """Edit the patterns of `label`; patterns() is the list to store once the dialog is accepted."""

    def __init__(self, label: str, patterns: list[dict[str, Any]], sample_text: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = label
        self.setObjectName("patternEditor")
        self.setWindowTitle(self.tr("Suggestion patterns of %1").replace("%1", label))
        resize_within_screen(self, 960, 640)
        self._entries: list[dict[str, Any]] = [dict(p) for p in patterns if isinstance(p, dict)]
        self._filling = False
        self._generation = 0  # a preview result older than the latest request is dropped
        self._tasks: set = set()
        self.preview_matches: list[tuple[int, int]] = []

        self.pattern_list = QListWidget(self)
        self.pattern_list.setObjectName("patternList")
        self.pattern_list.currentRowChanged.connect(self._show_entry)
        add_regex = QPushButton(self.tr("Add regex"), self)
        add_tokens = QPushButton(self.tr("Add token pattern"), self)
        add_words = QPushButton(self.tr("Add word list"), self)
        self.delete_button = QPushButton(self.tr("Delete"), self)
        add_regex.clicked.connect(lambda: self.add_pattern(REGEX))
        add_tokens.clicked.connect(lambda: self.add_pattern(TOKENS))
        add_words.clicked.connect(lambda: self.add_pattern(WORDS))
        self.delete_button.clicked.connect(self.delete_current)
        list_buttons = QHBoxLayout()
        for button in (add_regex, add_tokens, add_words, self.delete_button):
            list_buttons.addWidget(button)
        list_box = QGroupBox(self.tr("Patterns"), self)
        list_layout = QVBoxLayout(list_box)
        list_layout.addWidget(self.pattern_list)
        list_layout.addLayout(list_buttons)

        self.id_edit = QLineEdit(self)
        self.kind_combo = QComboBox(self)
        self.kind_combo.addItem(self.tr("Regular expression over a line"), REGEX)
        self.kind_combo.addItem(self.tr("Kiwi token sequence (JSON list)"), TOKENS)
        self.kind_combo.addItem(self.tr("Word list (one a line)"), WORDS)
        self.body_edit = QPlainTextEdit(self)
        self.body_edit.setObjectName("patternBody")
        self.body_edit.setPlaceholderText(self.tr("(?P<ent>\\d+개)  — the group named ent is the entity"))
        self.body_edit.setTabChangesFocus(True)
        self.requires_edit = QLineEdit(self)
        self.requires_edit.setPlaceholderText(self.tr("token patterns: only lines matching this regex are analysed"))
        self.score_spin = QDoubleSpinBox(self)
        self.score_spin.setRange(0.01, 1.0)
        self.score_spin.setSingleStep(0.05)
        self.score_spin.setDecimals(2)
        self.score_spin.setToolTip(self.tr("How often a reviewer accepts what this pattern proposes"))
        self.enabled_check = QCheckBox(self.tr("Enabled"), self)
        self.description_edit = QLineEdit(self)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("patternError")
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form = QFormLayout()
        form.addRow(self.tr("Id"), self.id_edit)
        form.addRow(self.tr("Kind"), self.kind_combo)
        form.addRow(self.tr("Pattern"), self.body_edit)
        form.addRow(self.tr("Requires"), self.requires_edit)
        form.addRow(self.tr("Score"), self.score_spin)
        form.addRow("", self.enabled_check)
        form.addRow(self.tr("Description"), self.description_edit)
        form.addRow(self.error_label)
        self.form_box = QGroupBox(self.tr("Selected pattern"), self)
        self.form_box.setLayout(form)

        self.test_edit = QPlainTextEdit(self)
        self.test_edit.setObjectName("patternTestText")
        self.test_edit.setPlainText(sample_text[:PREVIEW_CHARS])
        self.test_edit.setPlaceholderText(self.tr("Type or paste a text to try the pattern on"))
        self.match_list = QListWidget(self)
        self.match_list.setObjectName("patternMatches")
        self.preview_status = QLabel(self)
        test_box = QGroupBox(self.tr("Test on this text"), self)
        test_layout = QVBoxLayout(test_box)
        test_layout.addWidget(self.test_edit, 3)
        test_layout.addWidget(self.preview_status)
        test_layout.addWidget(self.match_list, 1)

        right = QSplitter(Qt.Orientation.Vertical, self)
        right.addWidget(self.form_box)
        right.addWidget(test_box)
        top = QSplitter(Qt.Orientation.Horizontal, self)
        top.addWidget(list_box)
        top.addWidget(right)
        top.setStretchFactor(1, 2)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(top)
        layout.addWidget(self.buttons)

        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self.refresh_preview)
        for signal in (self.id_edit.textChanged, self.requires_edit.textChanged, self.description_edit.textChanged,
                       self.body_edit.textChanged, self.score_spin.valueChanged, self.enabled_check.toggled,
                       self.kind_combo.currentIndexChanged):
            signal.connect(self._form_edited)
        # A fixed-pitch font for regexes: Korean UI fonts draw the backslash as ₩.
        fixed = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        for widget in (self.body_edit, self.requires_edit, self.pattern_list):
            widget.setFont(fixed)
        self.test_edit.textChanged.connect(self._preview_timer.start)

        for entry in self._entries:
            self.pattern_list.addItem(QListWidgetItem(_summary(entry)))
        self._revalidate()
        self.pattern_list.setCurrentRow(0 if self._entries else -1)
        self._show_entry(self.pattern_list.currentRow())

    # the list ---------------------------------------------------------------------------------------
    def patterns(self) -> list[dict[str, Any]]:
        return [dict(e) for e in self._entries]

    def problems(self) -> dict[int, str]:
        """Row -> why that pattern cannot be used."""
        found = {}
        for row, entry in enumerate(self._entries):
            others = self._entries[:row] + self._entries[row + 1:]
            problem = pattern_problem(self.label, entry, others)
            if problem:
                found[row] = problem
        return found

    def add_pattern(self, kind: str) -> int:
        used = {e.get("id") for e in self._entries}
        number = next(n for n in range(1, len(used) + 2) if f"{self.label.lower()}-{n}" not in used)
        entry: dict[str, Any] = {"id": f"{self.label.lower()}-{number}"}
        entry[kind] = {REGEX: "", TOKENS: list(_TOKENS_EXAMPLE), WORDS: []}[kind]
        self._entries.append(entry)
        self.pattern_list.addItem(QListWidgetItem(_summary(entry)))
        self._revalidate()
        self.pattern_list.setCurrentRow(len(self._entries) - 1)
        self.body_edit.setFocus()
        return len(self._entries) - 1

    def delete_current(self) -> None:
        row = self.pattern_list.currentRow()
        if row < 0:
            return
        del self._entries[row]
        self.pattern_list.takeItem(row)
        self._revalidate()
        self._show_entry(self.pattern_list.currentRow())

    # the form ---------------------------------------------------------------------------------------
    def _show_entry(self, row: int) -> None:
        self.form_box.setEnabled(0 <= row < len(self._entries))
        self.delete_button.setEnabled(0 <= row < len(self._entries))
        entry = self._entries[row] if 0 <= row < len(self._entries) else {}
        self._filling = True
        try:
            self.id_edit.setText(str(entry.get("id", "")))
            kind = _kind(entry)
            self.kind_combo.setCurrentIndex(self.kind_combo.findData(kind))
            self.body_edit.setPlainText(_body(entry))
            self.requires_edit.setText(str(entry.get("requires", "")))
            score = entry.get("score", DEFAULT_SCORE)
            self.score_spin.setValue(float(score) if isinstance(score, (int, float)) else DEFAULT_SCORE)
            self.enabled_check.setChecked(entry.get("enabled", True) is not False)
            self.description_edit.setText(str(entry.get("description", "")))
        finally:
            self._filling = False
        self._show_problem(row)
        self.refresh_preview()

    def _form_edited(self, *_args) -> None:
        row = self.pattern_list.currentRow()
        if self._filling or not 0 <= row < len(self._entries):
            return
        self._entries[row] = self._entry_from_form(self._entries[row])
        self.pattern_list.item(row).setText(_summary(self._entries[row]))
        self._revalidate()
        self._preview_timer.start()

    def _entry_from_form(self, before: dict[str, Any]) -> dict[str, Any]:
        """The pattern as the form says; keys the form leaves at their defaults are left out, as on load."""
        entry: dict[str, Any] = {"id": self.id_edit.text().strip()}
        description = self.description_edit.text().strip()
        if description:
            entry["description"] = description
        kind = self.kind_combo.currentData()
        body = self.body_edit.toPlainText()
        if kind == REGEX:
            entry[REGEX] = body
        elif kind == WORDS:
            entry[WORDS] = [line.strip() for line in body.splitlines() if line.strip()]
        else:
            try:
                entry[TOKENS] = json.loads(body) if body.strip() else []
            except ValueError as exc:
                entry[TOKENS] = body  # kept as typed; pattern_problem says it is not a list
                entry[_JSON_ERROR] = str(exc)
            requires = self.requires_edit.text()
            if requires.strip():
                entry["requires"] = requires
        score = round(self.score_spin.value(), 2)
        if "score" in before or score != DEFAULT_SCORE:
            entry["score"] = score
        if not self.enabled_check.isChecked():
            entry["enabled"] = False
        elif "enabled" in before:
            entry["enabled"] = True
        return entry

    def _revalidate(self) -> None:
        problems = self.problems()
        for row in range(self.pattern_list.count()):
            item = self.pattern_list.item(row)
            item.setForeground(QBrush(QColor(_ERROR_COLOR)) if row in problems else QBrush())
            item.setToolTip(problems.get(row, ""))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problems)
        self._show_problem(self.pattern_list.currentRow(), problems)

    def _show_problem(self, row: int, problems: dict[int, str] | None = None) -> None:
        problem = (self.problems() if problems is None else problems).get(row)
        self.error_label.setText(problem or (self.tr("The pattern is valid.") if row >= 0 else ""))
        self.error_label.setStyleSheet(f"color: {_ERROR_COLOR};" if problem else "")

    def accept(self) -> None:
        if self.problems():
            return  # the OK button is disabled then; Enter in a field must not close the dialog either
        super().accept()

    # the preview ------------------------------------------------------------------------------------
    def refresh_preview(self) -> None:
        """Show what the selected pattern proposes in the test text (regexes at once, token patterns when
        Kiwi on a worker thread has analysed the text)."""
        self._generation += 1
        row = self.pattern_list.currentRow()
        text = self.test_edit.toPlainText()
        entry = self._entries[row] if 0 <= row < len(self._entries) else None
        if entry is None or _JSON_ERROR in entry or not text.strip():
            self._show_matches([], text, "")
            return
        try:
            compiled = compile_pattern(self.label, {**entry, "enabled": True})
        except PatternError:
            self._show_matches([], text, self.tr("Fix the pattern to see its matches."))
            return
        from annotator.nlp.suggest.patterns import PatternSource

        source = PatternSource([compiled])
        if compiled.regex is not None:  # no Kiwi needed
            self._show_matches(_spans(source, text), text, "")
            return
        generation = self._generation
        self.preview_status.setText(self.tr("Analysing with Kiwi…"))
        from annotator.ui.tasks import Task

        # No parent: closing the dialog must not destroy a running thread; _alive keeps it until it ends.
        task = Task(lambda _progress, _cancel: (generation, text, _spans(source, text)))
        _alive.add(task)
        self._tasks.add(task)
        task.succeeded.connect(self._preview_ready)
        task.failed.connect(self.preview_status.setText)
        task.finished.connect(lambda task=task: (_alive.discard(task), self._tasks.discard(task)))
        task.start()

    def _preview_ready(self, result) -> None:
        generation, text, spans = result
        if generation == self._generation:
            self._show_matches(spans, text, "")

    def _show_matches(self, spans: list[tuple[int, int]], text: str, note: str) -> None:
        self.preview_matches = spans
        self.match_list.clear()
        selections = []
        for start, end in spans:
            self.match_list.addItem(QListWidgetItem(f"{text[start:end]}    [{start}–{end}]"))
            selection = QTextEdit.ExtraSelection()
            fmt = QTextCharFormat()
            fmt.setBackground(QBrush(QColor(_MATCH_COLOR)))
            selection.format = fmt
            cursor = QTextCursor(self.test_edit.document())
            cursor.setPosition(to_utf16(text, start))
            cursor.setPosition(to_utf16(text, end), QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            selections.append(selection)
        self.test_edit.setExtraSelections(selections)
        if note:
            self.preview_status.setText(note)
        elif text.strip():
            self.preview_status.setText(self.tr("%n match(es)", "", len(spans)))
        else:
            self.preview_status.setText("")

    def wait_for_preview(self, timeout_ms: int = 30000) -> None:
        """Block until the preview's worker threads are done (for tests and screenshots)."""
        for task in list(self._tasks):
            task.wait(timeout_ms)


def _spans(source, text: str) -> list[tuple[int, int]]:
    return sorted({(s.start, s.end) for s in source.suggest(text)})
