"""Settings ▸ Label scheme: edit entity labels and relation types, load presets, import/export JSON.

Rows remember the label name they were loaded with, so renaming a label is saved as a rename (its spans keep it)
and a removed label that is still used is deleted only after the reviewer confirms, told how many spans it has.
"""

from __future__ import annotations

import json

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView, QColorDialog, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QGroupBox, QHBoxLayout,
    QHeaderView, QLabel, QListWidget, QListWidgetItem, QMessageBox, QPushButton, QTableWidget, QTableWidgetItem,
    QVBoxLayout, QWidget,
)

from annotator.core.scheme import ENTITY_ROLES, RELATION_ROLES, EntityLabel, LabelScheme, RelationLabel, SchemeError
from annotator.paths import resource_path
from annotator.store import ProjectError
from annotator.core.colors import distinct_color
from annotator.ui.label_palette import readable_text_color, translated_description
from annotator.ui.screen_fit import resize_within_screen

ORIGINAL_ROLE = Qt.ItemDataRole.UserRole + 1  # the name the row was loaded with (None: a new label)
CURRENT_ROLE = Qt.ItemDataRole.UserRole + 2   # the name before the latest edit, to follow renames
COLOR_ROLE = Qt.ItemDataRole.UserRole + 3     # a relation's arc colour (not edited here, kept as loaded)
PATTERNS_ROLE = Qt.ItemDataRole.UserRole + 5  # an entity label's suggestion patterns as JSON (Patterns…)
ENTITY_COLUMNS = ("name", "display", "color", "key", "description", "role")
RELATION_COLUMNS = ("name", "display", "heads", "tails", "description", "role")
ROLE_COLUMN = 5  # a combo box: the part the label plays in the Excel report
DESCRIPTION_ROLE = Qt.ItemDataRole.UserRole + 4  # the stored (English) description behind a translated one


def preset_paths() -> dict[str, Path]:
    """Bundled schemes by name: resources/schemes/*.json (default first)."""
    folder = resource_path("schemes")
    files = sorted(folder.glob("*.json"), key=lambda p: (p.stem != "default", p.stem)) if folder.is_dir() else []
    return {p.stem: p for p in files}


def _split_names(text: str) -> list[str]:
    return [n.strip() for n in text.replace(";", ",").split(",") if n.strip()]


class AllowedLabelsDialog(QDialog):
    """Tick the entity labels a relation type accepts as head and as tail (none ticked: any label)."""

    def __init__(self, entity_names: list[str], heads: list[str], tails: list[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Allowed head and tail labels"))
        self.head_list, self.tail_list = QListWidget(self), QListWidget(self)
        for widget, chosen in ((self.head_list, heads), (self.tail_list, tails)):
            for name in entity_names:
                item = QListWidgetItem(name, widget)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if name in chosen else Qt.CheckState.Unchecked)
        columns = QHBoxLayout()
        for title, widget in ((self.tr("Head"), self.head_list), (self.tr("Tail"), self.tail_list)):
            box = QGroupBox(title, self)
            QVBoxLayout(box).addWidget(widget)
            columns.addWidget(box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addWidget(buttons)

    @staticmethod
    def _checked(widget: QListWidget) -> list[str]:
        return [widget.item(i).text() for i in range(widget.count())
                if widget.item(i).checkState() == Qt.CheckState.Checked]

    def heads(self) -> list[str]:
        return self._checked(self.head_list)

    def tails(self) -> list[str]:
        return self._checked(self.tail_list)


class SchemeDialog(QDialog):
    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.project = session.project
        self.setObjectName("schemeDialog")
        self.setWindowTitle(self.tr("Label scheme"))
        resize_within_screen(self, 900, 620)
        self._scheme_name = "scheme"
        self._loaded_entities: list[str] = []
        self._loaded_relations: list[str] = []

        self.preset_combo = QComboBox(self)
        self.preset_combo.addItem(self.tr("Load a preset…"), None)
        for name, path in preset_paths().items():
            self.preset_combo.addItem(name, str(path))
        self.preset_combo.activated.connect(self._load_preset)
        import_button = QPushButton(self.tr("Import JSON…"), self)
        export_button = QPushButton(self.tr("Export JSON…"), self)
        import_button.clicked.connect(self._import_json)
        export_button.clicked.connect(self._export_json)
        top = QHBoxLayout()
        top.addWidget(self.preset_combo)
        top.addStretch(1)
        top.addWidget(import_button)
        top.addWidget(export_button)

        self.entity_table = self._table([self.tr("Name"), self.tr("Korean name"), self.tr("Colour"), self.tr("Key"),
                                         self.tr("Description"), self.tr("Report role")], stretch=4)
        self.entity_table.setObjectName("entityTable")
        self.relation_table = self._table([self.tr("Name"), self.tr("Korean name"), self.tr("Heads"), self.tr("Tails"),
                                           self.tr("Description"), self.tr("Report role")], stretch=4)
        self.relation_table.setObjectName("relationTable")
        self.entity_table.itemChanged.connect(self._entity_item_changed)

        entity_box = self._box(self.tr("Entity labels"), self.entity_table, [
            (self.tr("Add label"), self.add_entity_row), (self.tr("Colour…"), self._pick_color),
            (self.tr("Patterns…"), self._edit_patterns),
            (self.tr("Remove"), lambda: self._remove_row(self.entity_table))])
        relation_box = self._box(self.tr("Relation types"), self.relation_table, [
            (self.tr("Add relation"), self.add_relation_row), (self.tr("Allowed labels…"), self._pick_allowed),
            (self.tr("Remove"), lambda: self._remove_row(self.relation_table))])
        hint = QLabel(self.tr("Renaming a label keeps its spans. Keys are single characters such as 1–9 and 0."), self)
        hint.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(entity_box, 3)
        layout.addWidget(relation_box, 2)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)
        self.load_scheme(self.project.scheme(), keep_identity=True)

    # building ---------------------------------------------------------------------------------------
    def _table(self, headers: list[str], stretch: int) -> QTableWidget:
        table = QTableWidget(0, len(headers), self)
        table.setHorizontalHeaderLabels(headers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        return table

    def _box(self, title: str, table: QTableWidget, actions) -> QGroupBox:
        box = QGroupBox(title, self)
        buttons = QHBoxLayout()
        for text, slot in actions:
            button = QPushButton(text, box)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(box)
        layout.addWidget(table)
        layout.addLayout(buttons)
        return box

    def load_scheme(self, scheme: LabelScheme, *, keep_identity: bool = False) -> None:
        """Fill the tables. keep_identity marks rows as the stored labels (the dialog's starting point); a preset
        or an imported file keeps the identity of labels whose names the project already has."""
        if keep_identity:
            self._loaded_entities = [e.name for e in scheme.entities]
            self._loaded_relations = [r.name for r in scheme.relations]
        self._scheme_name = scheme.name
        self.entity_table.blockSignals(True)
        self.entity_table.setRowCount(0)
        for label in scheme.entities:
            original = label.name if label.name in self._loaded_entities else None
            row = self._append_row(self.entity_table, [label.name, label.display, label.color, label.key,
                                                       translated_description(label.description), label.role],
                                   original)
            self._keep_description(self.entity_table, label.description)
            self._set_patterns(row, label.patterns)
        self.entity_table.blockSignals(False)
        self.relation_table.setRowCount(0)
        for rel in scheme.relations:
            original = rel.name if rel.name in self._loaded_relations else None
            self._append_row(self.relation_table, [rel.name, rel.display, ", ".join(rel.heads), ", ".join(rel.tails),
                                                   translated_description(rel.description), rel.role], original)
            self._keep_description(self.relation_table, rel.description)
            self.relation_table.item(self.relation_table.rowCount() - 1, 0).setData(COLOR_ROLE, rel.color)

    @staticmethod
    def _keep_description(table: QTableWidget, stored: str) -> None:
        table.item(table.rowCount() - 1, 4).setData(DESCRIPTION_ROLE, stored)

    @staticmethod
    def _description(table: QTableWidget, row: int) -> str:
        """The description to save: the stored one while its translation is shown unchanged."""
        item = table.item(row, 4)
        stored = item.data(DESCRIPTION_ROLE)
        text = item.text().strip()
        if stored is not None and text == translated_description(stored).strip():
            return stored
        return text

    def _append_row(self, table: QTableWidget, values: list[str], original: str | None) -> int:
        row = table.rowCount()
        table.insertRow(row)
        for col, value in enumerate(values[:ROLE_COLUMN]):
            table.setItem(row, col, QTableWidgetItem(value))
        table.setItem(row, ROLE_COLUMN, QTableWidgetItem(""))
        roles = ENTITY_ROLES if table is self.entity_table else RELATION_ROLES
        combo = QComboBox(table)
        combo.addItem(self.tr("(none)"), "")
        for role, korean in roles.items():
            combo.addItem(f"{korean} ({role})", role)
        role = values[ROLE_COLUMN] if len(values) > ROLE_COLUMN else ""
        combo.setCurrentIndex(max(combo.findData(role), 0))
        combo.setToolTip(self.tr("What this label is in the Excel report: the zone, its region, field, ..."))
        table.setCellWidget(row, ROLE_COLUMN, combo)
        # wide enough for the longest choice ("기관 (organisation)"): a column sized to its empty items cut it
        table.setColumnWidth(ROLE_COLUMN, max(table.columnWidth(ROLE_COLUMN), combo.sizeHint().width()))
        first = table.item(row, 0)
        first.setData(ORIGINAL_ROLE, original)
        if table is self.entity_table:
            first.setData(CURRENT_ROLE, values[0])
            self._paint_color(row)
        return row

    def _paint_color(self, row: int) -> None:
        item = self.entity_table.item(row, 2)
        color = QColor(item.text().strip())
        if color.isValid():
            item.setBackground(QBrush(color))
            item.setForeground(QBrush(QColor(readable_text_color(color.name()))))

    # editing ----------------------------------------------------------------------------------------
    def add_entity_row(self) -> int:
        row = self.entity_table.rowCount()
        used = {self.entity_table.item(r, 0).text() for r in range(row)}
        name = next(f"LABEL{i}" for i in range(1, row + 2) if f"LABEL{i}" not in used)
        self.entity_table.blockSignals(True)
        colors = [self.entity_table.item(r, 2).text() for r in range(row)]
        self._append_row(self.entity_table, [name, "", distinct_color(colors), "", ""], None)
        self.entity_table.blockSignals(False)
        self.entity_table.setCurrentCell(row, 0)
        return row

    def add_relation_row(self) -> int:
        row = self.relation_table.rowCount()
        self._append_row(self.relation_table, [f"relation_{row + 1}", "", "", "", ""], None)
        self.relation_table.setCurrentCell(row, 0)
        return row

    def _remove_row(self, table: QTableWidget) -> None:
        row = table.currentRow()
        if row < 0:
            return
        if table is self.entity_table:
            self._rename_in_relations(table.item(row, 0).text(), None)
        table.removeRow(row)

    def _entity_item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() == 2:
            self._paint_color(item.row())
        elif item.column() == 0:
            first = self.entity_table.item(item.row(), 0)
            before, after = first.data(CURRENT_ROLE), item.text().strip()
            if before and before != after:
                self._rename_in_relations(before, after)
            first.setData(CURRENT_ROLE, after)

    def _rename_in_relations(self, old: str, new: str | None) -> None:
        """Keep relation heads/tails pointing at a renamed entity label (or drop a removed one)."""
        for row in range(self.relation_table.rowCount()):
            for col in (2, 3):
                item = self.relation_table.item(row, col)
                names = _split_names(item.text())
                if old in names:
                    replaced = [new if n == old else n for n in names if n != old or new]
                    item.setText(", ".join(replaced))

    def _pick_color(self) -> None:
        row = self.entity_table.currentRow()
        if row < 0:
            return
        item = self.entity_table.item(row, 2)
        color = QColorDialog.getColor(QColor(item.text()), self, self.tr("Label colour"))
        if color.isValid():
            item.setText(color.name())

    def _set_patterns(self, row: int, patterns: list) -> None:
        """Suggestion patterns ride along with their label's row; the name cell says how many there are."""
        item = self.entity_table.item(row, 0)
        item.setData(PATTERNS_ROLE, json.dumps(patterns, ensure_ascii=False))
        item.setToolTip(self.tr("%n suggestion pattern(s)", "", len(patterns)) if patterns else "")

    def patterns_of(self, row: int) -> list:
        return json.loads(self.entity_table.item(row, 0).data(PATTERNS_ROLE) or "[]")

    def pattern_editor(self, row: int):
        """The pattern editor for the label in row, on the open document's text (or empty)."""
        from annotator.ui.pattern_editor import PatternEditor

        document = getattr(self.session, "document", None)
        sample = document.text if document is not None else ""
        label = self.entity_table.item(row, 0).text().strip()
        return PatternEditor(label, self.patterns_of(row), sample, self)

    def _edit_patterns(self) -> None:
        row = self.entity_table.currentRow()
        if row < 0:
            return
        editor = self.pattern_editor(row)
        if editor.exec() == QDialog.DialogCode.Accepted:
            self._set_patterns(row, editor.patterns())

    def _pick_allowed(self) -> None:
        row = self.relation_table.currentRow()
        if row < 0:
            return
        names = [self.entity_table.item(r, 0).text().strip() for r in range(self.entity_table.rowCount())]
        heads = _split_names(self.relation_table.item(row, 2).text())
        tails = _split_names(self.relation_table.item(row, 3).text())
        chooser = AllowedLabelsDialog(names, heads, tails, self)
        if chooser.exec() == QDialog.DialogCode.Accepted:
            self.relation_table.item(row, 2).setText(", ".join(chooser.heads()))
            self.relation_table.item(row, 3).setText(", ".join(chooser.tails()))

    # presets, import, export ------------------------------------------------------------------------
    def _load_preset(self, index: int) -> None:
        path = self.preset_combo.itemData(index)
        self.preset_combo.setCurrentIndex(0)
        if path:
            self.load_file(Path(path))

    def load_file(self, path: Path) -> bool:
        try:
            self.load_scheme(LabelScheme.load(path))
        except SchemeError as exc:
            QMessageBox.warning(self, self.tr("Cannot load scheme"), str(exc))
            return False
        return True

    def _import_json(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import label scheme"), "", self.tr("JSON (*.json)"))
        if path:
            self.load_file(Path(path))

    def _export_json(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export label scheme"), f"{self._scheme_name}.json",
                                              self.tr("JSON (*.json)"))
        if path:
            self.export_file(Path(path))

    def export_file(self, path: Path) -> bool:
        try:
            scheme = self.scheme()
            scheme.validate()
            scheme.save(path)
        except (SchemeError, OSError) as exc:
            QMessageBox.warning(self, self.tr("Cannot export scheme"), str(exc))
            return False
        return True

    # result -----------------------------------------------------------------------------------------
    def scheme(self) -> LabelScheme:
        """The scheme as currently edited (not validated)."""
        t, r = self.entity_table, self.relation_table
        entities = [EntityLabel(*(t.item(row, c).text().strip() for c in range(4)), self._description(t, row),
                                role=self._role(t, row),
                                patterns=self.patterns_of(row))
                    for row in range(t.rowCount())]
        relations = []
        for row in range(r.rowCount()):
            text = [r.item(row, c).text().strip() for c in range(4)] + [self._description(r, row)]
            color = r.item(row, 0).data(COLOR_ROLE) or "#555555"
            relations.append(RelationLabel(text[0], text[1], _split_names(text[2]), _split_names(text[3]), text[4],
                                           color, self._role(r, row)))
        return LabelScheme(name=self._scheme_name, entities=entities, relations=relations)

    @staticmethod
    def _role(table: QTableWidget, row: int) -> str:
        combo = table.cellWidget(row, ROLE_COLUMN)
        return combo.currentData() or "" if isinstance(combo, QComboBox) else ""

    def set_role(self, table: QTableWidget, row: int, role: str) -> None:
        combo = table.cellWidget(row, ROLE_COLUMN)
        combo.setCurrentIndex(max(combo.findData(role), 0))

    def renames(self) -> tuple[dict[str, str], dict[str, str]]:
        def collect(table: QTableWidget) -> dict[str, str]:
            found = {}
            for row in range(table.rowCount()):
                item = table.item(row, 0)
                original, name = item.data(ORIGINAL_ROLE), item.text().strip()
                if original and original != name:
                    found[original] = name
            return found

        return collect(self.entity_table), collect(self.relation_table)

    def removed_labels(self) -> tuple[list[str], list[str]]:
        def kept(table: QTableWidget) -> set[str]:
            return {table.item(row, 0).data(ORIGINAL_ROLE) for row in range(table.rowCount())} - {None}

        return ([n for n in self._loaded_entities if n not in kept(self.entity_table)],
                [n for n in self._loaded_relations if n not in kept(self.relation_table)])

    def apply(self) -> bool:
        """Validate, ask before deleting used labels, and save through the session. False if nothing was saved."""
        scheme = self.scheme()
        try:
            scheme.validate()
        except SchemeError as exc:
            QMessageBox.warning(self, self.tr("Invalid label scheme"), str(exc))
            return False
        entity_renames, relation_renames = self.renames()
        removed_entities, removed_relations = self.removed_labels()
        used = [(n, self.project.label_usage(n, kind="entity"), self.tr("spans")) for n in removed_entities]
        used += [(n, self.project.label_usage(n, kind="relation"), self.tr("relations")) for n in removed_relations]
        used = [u for u in used if u[1]]
        if used:
            lines = "\n".join(f"• {name}: {count} {what}" for name, count, what in used)
            answer = QMessageBox.question(
                self, self.tr("Delete labels in use?"),
                self.tr("These labels are in use and will be deleted together with their annotations:")
                + f"\n\n{lines}\n\n" + self.tr("Delete them?"),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return False
        try:
            self.session.save_scheme(scheme, renames=entity_renames, relation_renames=relation_renames,
                                     delete_used=bool(used))
        except (ProjectError, SchemeError) as exc:
            QMessageBox.warning(self, self.tr("Cannot save label scheme"), str(exc))
            return False
        return True

    def accept(self) -> None:
        if self.apply():
            super().accept()
