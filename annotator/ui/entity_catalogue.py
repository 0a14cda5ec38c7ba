"""Edit ▸ Canonical entities: the catalogue of entities per label with their aliases, and the mentions
of the open document with the canonical name each gets.

The reviewer confirms or corrects what annotator.core.canonical proposes: file the proposals in the
catalogue, link a mention to an entity (or to a new one), merge two entities, split names off one,
rename, add or remove an alias. Every action is saved at once; the report and the exports follow.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QGridLayout, QGroupBox, QHBoxLayout, QHeaderView,
    QInputDialog, QLabel, QMessageBox, QPushButton, QTableWidget, QTableWidgetItem, QTreeWidget, QTreeWidgetItem,
    QVBoxLayout, QWidget,
)

from annotator.core.canonical import RULE_NAMES, norm
from annotator.store import ProjectError
from annotator.ui.screen_fit import resize_within_screen

ENTITY_ROLE = Qt.ItemDataRole.UserRole + 1  # entity id on a top-level row
ALIAS_ROLE = Qt.ItemDataRole.UserRole + 2  # alias text on a child row
SPAN_ROLE = Qt.ItemDataRole.UserRole + 3


class EntityCatalogueDialog(QDialog):
    def __init__(self, session, parent: QWidget | None = None, *, db_path=None):
        super().__init__(parent)
        self.session = session
        self.project = session.project
        self.db_path = db_path
        self.setObjectName("entityCatalogueDialog")
        self.setWindowTitle(self.tr("Canonical entities"))
        resize_within_screen(self, 980, 640)

        self.label_combo = QComboBox(self)
        for e in self.project.scheme().entities:
            self.label_combo.addItem(f"{e.display or e.name} ({e.name})", e.name)
        self.label_combo.currentIndexChanged.connect(lambda _i: self.reload())
        adopt = QPushButton(self.tr("File the proposals"), self)
        adopt.setToolTip(self.tr("Add every automatically proposed name (abbreviations, short forms) to the "
                                 "catalogue, where you can correct it"))
        adopt.clicked.connect(self.adopt_proposals)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Label:"), self))
        top.addWidget(self.label_combo)
        top.addStretch(1)
        top.addWidget(adopt)

        self.tree = QTreeWidget(self)
        self.tree.setObjectName("entityTree")
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels([self.tr("Entity / alias"), self.tr("Linked mentions")])
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        buttons = QGridLayout()
        for i, (text, slot) in enumerate((
            (self.tr("Merge"), self.merge_selected), (self.tr("Split off…"), self.split_selected),
            (self.tr("Rename…"), self.rename_selected), (self.tr("Add alias…"), self.add_alias),
            (self.tr("Remove alias"), self.remove_alias), (self.tr("Delete"), self.delete_selected),
        )):
            button = QPushButton(text, self)
            button.clicked.connect(slot)
            buttons.addWidget(button, i // 3, i % 3)
        catalogue_box = QGroupBox(self.tr("Catalogue"), self)
        box_layout = QVBoxLayout(catalogue_box)
        box_layout.addWidget(self.tree)
        box_layout.addLayout(buttons)

        self.mentions = QTableWidget(0, 3, self)
        self.mentions.setObjectName("mentionTable")
        self.mentions.setHorizontalHeaderLabels([self.tr("Mention"), self.tr("Canonical name"), self.tr("Why")])
        self.mentions.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.mentions.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.mentions.verticalHeader().setVisible(False)
        self.mentions.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        link = QPushButton(self.tr("Link to the selected entity"), self)
        link.clicked.connect(self.link_selected_mention)
        new = QPushButton(self.tr("New entity from mention…"), self)
        new.clicked.connect(self.new_entity_from_mention)
        unlink = QPushButton(self.tr("Unlink"), self)
        unlink.clicked.connect(self.unlink_selected_mention)
        mention_buttons = QHBoxLayout()
        for button in (link, new, unlink):
            mention_buttons.addWidget(button)
        mention_box = QGroupBox(self.tr("Mentions in the open document"), self)
        mention_layout = QVBoxLayout(mention_box)
        mention_layout.addWidget(self.mentions)
        mention_layout.addLayout(mention_buttons)

        panes = QHBoxLayout()
        panes.addWidget(catalogue_box, 1)
        panes.addWidget(mention_box, 1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(panes, 1)
        layout.addWidget(close)
        self.reload()

    # reading ----------------------------------------------------------------------------------------
    def label(self) -> str:
        return self.label_combo.currentData()

    def reload(self) -> None:
        self.tree.clear()
        for entity in self.project.entity_catalogue(self.label()):
            item = QTreeWidgetItem([entity.name, str(entity.mentions)])
            item.setData(0, ENTITY_ROLE, entity.id)
            for alias in entity.aliases:
                child = QTreeWidgetItem([alias, ""])
                child.setData(0, ALIAS_ROLE, alias)
                child.setData(0, ENTITY_ROLE, entity.id)
                item.addChild(child)
            self.tree.addTopLevelItem(item)
            item.setExpanded(True)
        self._reload_mentions()

    def _reload_mentions(self) -> None:
        self.mentions.setRowCount(0)
        doc = self.session.document
        if doc is None:
            return
        spans = [sp for sp in self.project.spans(doc.id) if sp.label == self.label()]
        names = self.project.canonical_names(doc.id, doc.text, spans)
        for sp in spans:
            row = self.mentions.rowCount()
            self.mentions.insertRow(row)
            proposal = names[sp.id]
            cells = [norm(doc.text[sp.start:sp.end]), proposal.name, RULE_NAMES.get(proposal.rule, proposal.rule)]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(SPAN_ROLE, sp.id)
                self.mentions.setItem(row, col, item)

    def selected_entities(self) -> list[int]:
        return [i.data(0, ENTITY_ROLE) for i in self.tree.selectedItems() if i.parent() is None]

    def selected_aliases(self) -> tuple[int | None, list[str]]:
        children = [i for i in self.tree.selectedItems() if i.parent() is not None]
        owners = {i.data(0, ENTITY_ROLE) for i in children}
        if len(owners) != 1:
            return None, []
        return owners.pop(), [i.data(0, ALIAS_ROLE) for i in children]

    def _current_entity(self) -> int | None:
        item = self.tree.currentItem()
        return item.data(0, ENTITY_ROLE) if item is not None else None

    def _selected_span(self) -> int | None:
        row = self.mentions.currentRow()
        return self.mentions.item(row, 0).data(SPAN_ROLE) if row >= 0 else None

    # actions ----------------------------------------------------------------------------------------
    def _run(self, action) -> bool:
        try:
            action()
        except ProjectError as exc:
            QMessageBox.warning(self, self.tr("Not saved"), str(exc))
            return False
        self.reload()
        return True

    def adopt_proposals(self) -> None:
        label = self.label()
        if self.db_path is None:  # no file to open on a worker (tests, embedded use): run here
            self._run(lambda: self.project.adopt_proposals(label))
            return
        from annotator.ui import tasks

        db_path, reviewer = self.db_path, self.project.reviewer

        def work(progress, cancel):
            from annotator.store import Project

            with Project.open(db_path, reviewer) as project:
                return project.adopt_proposals(label, progress=progress, cancel=cancel)

        tasks.run_task(self, self.tr("Filing the proposals"), work, on_done=lambda _added: self.reload())

    def merge_selected(self) -> None:
        ids = self.selected_entities()
        if len(ids) < 2:
            QMessageBox.information(self, self.tr("Merge"), self.tr("Select two or more entities to merge."))
            return
        keep = self._current_entity() if self._current_entity() in ids else ids[0]
        self._run(lambda: [self.project.merge_entities(keep, other) for other in ids if other != keep])

    def split_selected(self) -> None:
        entity_id, aliases = self.selected_aliases()
        if entity_id is None:
            QMessageBox.information(self, self.tr("Split"), self.tr("Select the aliases of one entity to split off."))
            return
        name, ok = QInputDialog.getText(self, self.tr("Split off"), self.tr("Name of the other entity:"), text=aliases[0])
        if ok and name.strip():
            self._run(lambda: self.project.split_entity(entity_id, aliases, name))

    def rename_selected(self) -> None:
        ids = self.selected_entities()
        if len(ids) != 1:
            return
        item = self.tree.selectedItems()[0]
        name, ok = QInputDialog.getText(self, self.tr("Rename"), self.tr("Canonical name:"), text=item.text(0))
        if ok and name.strip():
            self._run(lambda: self.project.rename_entity(ids[0], name))

    def add_alias(self) -> None:
        entity_id = self._current_entity()
        if entity_id is None:
            return
        alias, ok = QInputDialog.getText(self, self.tr("Add alias"), self.tr("Another name of this entity:"))
        if ok and alias.strip():
            self._run(lambda: self.project.add_alias(entity_id, alias))

    def remove_alias(self) -> None:
        entity_id, aliases = self.selected_aliases()
        if entity_id is not None:
            self._run(lambda: [self.project.remove_alias(entity_id, a) for a in aliases])

    def delete_selected(self) -> None:
        ids = self.selected_entities()
        if ids:
            self._run(lambda: [self.project.delete_entity(i) for i in ids])

    def link_selected_mention(self) -> None:
        span_id, entity_id = self._selected_span(), self._current_entity()
        if span_id is None or entity_id is None:
            QMessageBox.information(self, self.tr("Link"), self.tr("Select a mention and an entity."))
            return
        self._run(lambda: self.project.link_span(span_id, entity_id))

    def new_entity_from_mention(self) -> None:
        span_id = self._selected_span()
        if span_id is None:
            return
        row = self.mentions.currentRow()
        name, ok = QInputDialog.getText(self, self.tr("New entity"), self.tr("Canonical name:"),
                                        text=self.mentions.item(row, 1).text())
        if ok and name.strip():
            self._run(lambda: self.project.link_span(span_id, self.project.create_entity(self.label(), name)))

    def unlink_selected_mention(self) -> None:
        span_id = self._selected_span()
        if span_id is not None:
            self._run(lambda: self.project.unlink_span(span_id))
