"""The adjudication side list (who labelled what, per disagreement, and what gold holds) and the reviewer
bars painted under the text of each disagreement: one colour per reviewer, stacked."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QRectF, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QPen
from PySide6.QtWidgets import (
    QHBoxLayout, QLabel, QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget,
)

from annotator.core.adjudication import decided_nothing, gold_state
from annotator.store import ProjectError
from annotator.ui.wording import counted

if TYPE_CHECKING:
    from annotator.ui.adjudication import Adjudicator
    from annotator.ui.article_view import ArticleEditor

# Strong colours, apart from the pastel label colours: reviewer 1, 2, ...
REVIEWER_COLORS = ("#e4572e", "#2e86ab", "#8e44ad", "#17a398", "#f29e4c", "#5c6b73", "#c2185b", "#6a994e",
                   "#3d348b")
BAR_HEIGHT = 2.0
CURRENT_PEN = QColor("#222222")
SPAN_ROLE = Qt.ItemDataRole.UserRole


def reviewer_color(index: int) -> QColor:
    return QColor(REVIEWER_COLORS[index % len(REVIEWER_COLORS)])


def _tr(text: str) -> str:
    return QCoreApplication.translate("", text)


class ReviewerBars:
    """Paints, under each disagreement's text, a bar per reviewer over what they labelled, and a thin frame
    round the current disagreement."""

    def __init__(self, adjudicator: "Adjudicator", view) -> None:
        self.adjudicator = adjudicator
        self.view = view

    def paint(self, painter, visible) -> None:
        state = self.adjudicator.state
        if state is None or not state.comparison.disagreements:
            return
        order = {name: i for i, name in enumerate(state.layers)}
        current = self.adjudicator.current
        for index, found in enumerate(state.comparison.disagreements):
            for vb in visible:
                if found.end <= vb.start or found.start >= vb.end + 1:
                    continue
                for choice in found.choices:
                    for rect in self._ranges(vb, choice.start, choice.end):
                        for layer in choice.layers:
                            i = order[layer]
                            # below the glyphs: the first at the line's bottom, later ones in the leading
                            # above the next line
                            bar = QRectF(rect.left(), rect.bottom() - BAR_HEIGHT + (BAR_HEIGHT + 0.5) * i,
                                         rect.width(), BAR_HEIGHT)
                            painter.fillRect(bar, reviewer_color(i))
                if index == current:
                    painter.setPen(QPen(CURRENT_PEN, 1.0, Qt.PenStyle.DashLine))
                    painter.setBrush(Qt.BrushStyle.NoBrush)
                    for rect in self._ranges(vb, found.start, found.end):
                        painter.drawRect(rect.adjusted(-1, 0, 1, 0))

    def _ranges(self, vb, start: int, end: int) -> list[QRectF]:
        """Rectangles of text [start, end) on each wrapped line of one visible block."""
        to16 = self.view.editor.layer.offsets.to_utf16
        pos16 = vb.block.position()
        a = to16(max(start, vb.start)) - pos16
        b = to16(min(end, vb.end)) - pos16
        layout = vb.block.layout()
        out = []
        for i in range(layout.lineCount()):
            line = layout.lineAt(i)
            lo, hi = max(a, line.textStart()), min(b, line.textStart() + line.textLength())
            if lo >= hi:
                continue
            x1, x2 = line.cursorToX(lo)[0], line.cursorToX(hi)[0]
            out.append(QRectF(vb.rect.left() + x1, vb.rect.top() + line.y(), max(1.0, x2 - x1), line.height()))
        return out


class AdjudicationPanel(QWidget):
    """Reviewers (colour, key, take-whole-version button), the gold status and the list of disagreements."""

    def __init__(self, adjudicator: "Adjudicator", editor: "ArticleEditor", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.adjudicator = adjudicator
        self.editor = editor
        self.status_label = QLabel(self)
        self.status_label.setObjectName("goldStatus")
        self.status_label.setWordWrap(True)
        self.reviewers_box = QVBoxLayout()
        self.agreed_button = QPushButton(_tr("Accept all agreed (Alt+A)"), self)
        self.agreed_button.setObjectName("acceptAgreed")
        self.agreed_button.clicked.connect(adjudicator.accept_agreed)
        self.done_button = QPushButton(self)
        self.done_button.setObjectName("markAdjudicated")
        self.done_button.clicked.connect(adjudicator.toggle_adjudicated)
        buttons = QHBoxLayout()
        buttons.addWidget(self.agreed_button)
        buttons.addWidget(self.done_button)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("disagreements")
        self.tree.setHeaderLabels([_tr("Reviewer"), _tr("Label"), _tr("Text")])
        self.tree.setRootIsDecorated(True)
        self.tree.itemClicked.connect(self._clicked)
        self.tree.itemActivated.connect(self._activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.status_label)
        layout.addLayout(self.reviewers_box)
        layout.addLayout(buttons)
        layout.addWidget(self.tree, 1)
        self._reviewer_widgets: list[QWidget] = []
        self._reviewer_layers: tuple[str, ...] = ()
        self._progress = ""
        adjudicator.progress_changed.connect(self._update_progress)
        self._tops: list[QTreeWidgetItem] = []
        self._choice_items: list[tuple[QTreeWidgetItem, tuple]] = []
        self._relation_items: list[tuple[QTreeWidgetItem, object]] = []
        adjudicator.compared.connect(self.rebuild)
        adjudicator.changed.connect(self.refresh)
        self.rebuild()

    def _update_progress(self) -> None:
        """The project line (0.4 s on 10,000 documents with 190,000 entities: computed when a document opens
        or a gold status changes, not on every edit)."""
        project = self.adjudicator.session.project
        try:
            waiting = len(project.documents_to_adjudicate())
            done = project.gold_status_counts()["adjudicated"]
        except ProjectError:
            return
        self._progress = _tr("Project: %1 adjudicated, %2 to go.").replace("%1", str(done)).replace("%2", str(waiting))

    def rebuild(self) -> None:
        """A new comparison: the reviewer rows and the list, built once per document (then updated in place:
        setFirstColumnSpanned alone costs a millisecond an item)."""
        state = self.adjudicator.state
        layers = state.layers if state is not None else ()
        if layers != self._reviewer_layers:
            for widget in self._reviewer_widgets:
                self.reviewers_box.removeWidget(widget)
                widget.deleteLater()
            self._reviewer_widgets = []
            for i, layer in enumerate(layers):
                self._add_reviewer_row(i, layer)
            self._reviewer_layers = layers
        self.tree.setUpdatesEnabled(False)
        self.tree.clear()
        self._tops, self._choice_items, self._relation_items = [], [], []
        if state is not None:
            text = self.editor.layer.text
            tops = []
            for index, found in enumerate(state.comparison.disagreements):
                top = QTreeWidgetItem([""])
                top.setData(0, SPAN_ROLE, ("disagreement", index))
                for choice in found.choices:
                    who = ", ".join(f"{state.layers.index(n) + 1} {n}" for n in choice.layers)
                    item = self._add_choice(top, index, choice.layers[0], who, choice.label,
                                            text[choice.start:choice.end])
                    self._choice_items.append((item, choice.key))
                for layer in found.silent:
                    self._add_choice(top, index, layer, f"{state.layers.index(layer) + 1} {layer}",
                                     _tr("(nothing)"), "")
                tops.append(top)
            self.tree.addTopLevelItems(tops)
            self._tops = tops
            self._add_relations(state, text)
            for i in range(self.tree.topLevelItemCount()):
                self.tree.topLevelItem(i).setFirstColumnSpanned(True)
            self.tree.expandAll()
        self.tree.setUpdatesEnabled(True)
        self.refresh()
        for column in range(2):
            self.tree.resizeColumnToContents(column)

    def refresh(self) -> None:
        """Gold, its status or the current disagreement changed: texts and marks updated in place."""
        state = self.adjudicator.state
        if state is None:
            self.status_label.setText(_tr("Open a document labelled by two or more reviewers."))
            self.done_button.setText(_tr("Mark adjudicated"))
            return
        comparison, gold = state.comparison, state.gold
        in_gold = {(g.start, g.end, g.label) for g in gold}
        text = self.editor.layer.text
        undecided = 0
        for found, top in zip(comparison.disagreements, self._tops):
            taken = gold_state(found, gold)
            decided = bool(taken) or decided_nothing(found, state.nothing)
            undecided += not decided
            verdict = (_tr("gold: %1").replace("%1", ", ".join(g.label for g in taken)) if taken
                       else _tr("taken: nothing") if decided else _tr("undecided"))
            top.setText(0, f"{text[found.start:found.end].replace(chr(10), ' ')}  —  {verdict}")
            top.setToolTip(0, top.text(0))  # the whole text where a narrow dock elides it
            font = top.font(0)
            font.setBold(not decided)
            top.setFont(0, font)
        for item, key in self._choice_items:
            item.setText(2, text[key[0]:key[1]] + ("  ✓" if key in in_gold else ""))
            item.setToolTip(2, item.text(2))
        gold_key = {g.id: (g.start, g.end, g.label) for g in gold}
        held = {(gold_key.get(r.head_id), gold_key.get(r.tail_id), r.label) for r in state.gold_relations}
        for item, choice in self._relation_items:
            head, tail = text[choice.head[0]:choice.head[1]], text[choice.tail[0]:choice.tail[1]]
            item.setText(2, f"{head} → {tail}" + ("  ✓" if choice.key in held else ""))
            item.setToolTip(2, item.text(2))
        current = self.adjudicator.current
        if current is not None and current < len(self._tops):
            self.tree.setCurrentItem(self._tops[current])
            self.tree.scrollToItem(self._tops[current])
        status = {"new": _tr("not started"), "in_progress": _tr("in progress"),
                  "adjudicated": _tr("adjudicated")}[state.status]
        entities = counted(len(gold), _tr("1 entity"), _tr("%n entities"))  # not "1 entities"
        line = (_tr("Gold: %1 — %2. Agreed: %3 (%4 in gold). Disagreements: %5 (%6 undecided).")
                .replace("%1", status).replace("%2", entities).replace("%3", str(len(comparison.agreed)))
                .replace("%4", str(sum(1 for c in comparison.agreed if c.key in in_gold)))
                .replace("%5", str(len(comparison.disagreements))).replace("%6", str(undecided)))
        line += " " + self._progress
        if len(state.layers) < 2:
            line += " " + _tr("(fewer than two reviewer layers)")
        self.status_label.setText(line)
        self.done_button.setText(_tr("Back to in progress") if state.status == "adjudicated"
                                 else _tr("Mark adjudicated"))

    def _add_relations(self, state, text: str) -> None:
        """Relations not every reviewer made, with who made them (whether gold has them: refresh)."""
        choices = state.comparison.relation_disagreements
        if not choices:
            return
        top = QTreeWidgetItem([_tr("Relations not every reviewer made (%1)").replace("%1", str(len(choices)))])
        for choice in choices:
            who = ", ".join(f"{state.layers.index(n) + 1} {n}" for n in choice.layers)
            child = QTreeWidgetItem([who, choice.label, ""])
            child.setData(0, SPAN_ROLE, ("relation", choice.relation_ids[0]))
            child.setForeground(0, QBrush(reviewer_color(state.layers.index(choice.layers[0]))))
            top.addChild(child)
            self._relation_items.append((child, choice))
        self.tree.addTopLevelItem(top)

    def _add_choice(self, top: QTreeWidgetItem, index: int, layer: str, who: str, label: str,
                    text: str) -> QTreeWidgetItem:
        child = QTreeWidgetItem([who, label, text])
        child.setData(0, SPAN_ROLE, ("choice", index, layer))
        child.setForeground(0, QBrush(reviewer_color(self.adjudicator.state.layers.index(layer))))
        top.addChild(child)
        return child

    def _add_reviewer_row(self, index: int, layer: str) -> None:
        row = QWidget(self)
        box = QHBoxLayout(row)
        box.setContentsMargins(0, 0, 0, 0)
        swatch = QLabel(row)
        swatch.setFixedSize(14, 14)
        swatch.setStyleSheet(f"background: {reviewer_color(index).name()}; border-radius: 2px;")
        name = QLabel(_tr("%1  %2 — choice here: Alt+%1").replace("%1", str(index + 1)).replace("%2", layer), row)
        take = QPushButton(_tr("Take all (Ctrl+Alt+%1)").replace("%1", str(index + 1)), row)
        take.setToolTip(_tr("Gold becomes this reviewer's version of the whole document"))
        take.setObjectName(f"takeLayer{index + 1}")
        take.clicked.connect(lambda _c=False, i=index: self.adjudicator.take_layer(i))
        box.addWidget(swatch)
        box.addWidget(name, 1)
        box.addWidget(take)
        self.reviewers_box.addWidget(row)
        self._reviewer_widgets.append(row)

    def _target(self, item: QTreeWidgetItem):
        data = item.data(0, SPAN_ROLE)
        state = self.adjudicator.state
        if not data or state is None or data[0] == "relation":
            return data, None
        return data, state.comparison.disagreements[data[1]]

    def _clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        data, found = self._target(item)
        if found is None:
            return
        self.adjudicator.current = data[1]
        self.editor._move_caret(found.start)
        self.editor.view.viewport().update()

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        """Double-click or Enter on a reviewer's line takes their choice (or their relation). After the signal
        returns: the action rebuilds the list, and the item must outlive its own signal."""
        data, found = self._target(item)
        if data and data[0] == "relation":
            QTimer.singleShot(0, lambda: self.adjudicator.take_relation(data[1]))
            return
        if found is None or data[0] != "choice":
            return
        self.adjudicator.current = data[1]
        index = self.adjudicator.state.layers.index(data[2])
        QTimer.singleShot(0, lambda: self.adjudicator.take_choice(index, found.start))
