"""Relation suggestions of the open document in the Relations dock, under the relation list: candidates between
your own entities (the app computes them while Suggestions ▸ Suggest relations is on; `annotator suggest --db P
--sources relations` writes them too), each marked as suggested with its type, score and source, the same ones the
article view draws as dashed arcs (relation_review.py). Enter accepts the current one (a relation of your layer),
Backspace or Delete rejects it (never proposed again for the document), and the buttons under the list accept or
reject them all; each decision is one undo step, committed at once."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QToolButton, QVBoxLayout, QWidget

from annotator.core.delta import AnnotationDelta
from annotator.core.model import Relation
from annotator.core.suggestions import StoredRelationSuggestion
from annotator.ui.undo import EditCommand

_ID = Qt.ItemDataRole.UserRole


class AcceptRelationSuggestionsCommand(EditCommand):
    """Candidates made relations of the reviewer's layer (labels: by candidate id, a type instead of its own);
    refresh: the review reads the store again (the delta carries relations, which the other views follow, but
    not the candidates)."""

    def __init__(self, session, doc_id: int, taken: list[StoredRelationSuggestion], created: list[Relation],
                 text: str, refresh, labels: dict[int, str] | None = None) -> None:
        super().__init__(session, doc_id, text)
        self.taken, self.created, self.refresh, self.labels = taken, created, refresh, labels or {}

    def apply(self) -> AnnotationDelta:
        made = {(r.head_id, r.tail_id, r.label): r.id for r in self.created}
        ids = {t.id: made[key] for t in self.taken
               if (key := (t.head_id, t.tail_id, self.labels.get(t.id, t.label))) in made}
        self.taken, self.created = self.session.project.accept_relation_suggestions(
            [t.id for t in self.taken], self.labels, relation_ids=ids)
        self.refresh()
        return AnnotationDelta(added_relations=tuple(self.created))

    def revert(self) -> AnnotationDelta:
        self.session.project.undo_accept_relations(self.taken, self.created)
        self.refresh()
        return AnnotationDelta(removed_relations=tuple(self.created))


class RejectRelationSuggestionsCommand(EditCommand):
    def __init__(self, session, doc_id: int, rejected: list[StoredRelationSuggestion], text: str, refresh) -> None:
        super().__init__(session, doc_id, text)
        self.rejected, self.refresh = rejected, refresh

    def apply(self) -> AnnotationDelta:
        self.rejected = self.session.project.reject_relation_suggestions([s.id for s in self.rejected])
        self.refresh()
        return AnnotationDelta()

    def revert(self) -> AnnotationDelta:
        self.session.project.undo_reject_relations(self.rejected)
        self.refresh()
        return AnnotationDelta()


class RelationSuggestionList(QListWidget):
    """The open document's shown relation candidates (the review's: switch on, at or above the threshold); hidden,
    with its heading and buttons, while there are none."""

    def __init__(self, review, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("relationSuggestionList")
        self.review = review
        self.session = review.session
        self.heading = QLabel(self.tr("Suggested relations (Enter accepts, Backspace rejects)"), parent)
        self.heading.setObjectName("relationSuggestionHeading")
        self.buttons = QWidget(parent)
        row = QHBoxLayout(self.buttons)
        row.setContentsMargins(0, 0, 0, 0)
        for name, text, tip, slot in (
                ("acceptAllRelationSuggestions", self.tr("Accept all"),
                 self.tr("Accept every suggested relation shown for this document (one undo step)"), review.accept_all),
                ("rejectAllRelationSuggestions", self.tr("Reject all"),
                 self.tr("Reject every suggested relation shown for this document (one undo step)"), review.reject_all)):
            button = QToolButton(self.buttons)
            button.setObjectName(name)
            button.setText(text)
            button.setToolTip(tip)
            button.clicked.connect(lambda _checked=False, run=slot: run())
            row.addWidget(button)
        row.addStretch(1)
        review.changed.connect(self.reload)
        review.current_changed.connect(self._follow_current)
        self.currentItemChanged.connect(self._current_item_changed)
        self.reload()

    @property
    def items(self) -> dict[int, StoredRelationSuggestion]:
        return self.review.by_id

    def reload(self) -> None:
        keep = self.current_id()
        found = self.review.visible
        text = self.session.state.text if self.session.doc_id is not None else ""
        self.blockSignals(True)
        self.clear()
        for s in found:
            item = QListWidgetItem(self.tr("suggested · {0} → {1} · {2} · {3:.2f}").format(
                text[s.head[0]:s.head[1]], text[s.tail[0]:s.tail[1]], self._relation_name(s.label), s.score))
            item.setData(_ID, s.id)
            font = item.font()
            font.setItalic(True)
            item.setFont(font)
            item.setToolTip(self.review.tooltip(s.id))
            self.addItem(item)
            if s.id in (keep, self.review.current_id):
                self.setCurrentItem(item)
        if self.currentItem() is None and self.count():
            self.setCurrentRow(0)
        self.blockSignals(False)
        for widget in (self, self.heading, self.buttons):
            widget.setVisible(bool(found))

    def _follow_current(self, candidate_id: int) -> None:
        for row in range(self.count()):
            if self.item(row).data(_ID) == candidate_id:
                self.blockSignals(True)
                self.setCurrentRow(row)
                self.blockSignals(False)
                return

    def _current_item_changed(self, item, _previous) -> None:
        """Choosing one in the list makes it the article view's current one (its arc drawn thick)."""
        if item is not None and self.hasFocus():
            self.review.set_current(item.data(_ID), reveal=True)

    def _relation_name(self, label: str) -> str:
        relation = self.session.scheme.relation(label)
        return f"{relation.display} {label}" if relation is not None and relation.display else label

    def current_id(self) -> int | None:
        item = self.currentItem()
        return item.data(_ID) if item is not None else None

    def _decide(self, decide) -> bool:
        sid = self.current_id()
        if sid is None:
            return False
        row = self.currentRow()
        decide(sid)
        self.setCurrentRow(min(row, self.count() - 1))
        return True

    def accept_current(self) -> bool:
        return self._decide(self.review.accept_one)

    def reject_current(self) -> bool:
        return self._decide(self.review.reject_one)

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        plain = not event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
                                         | Qt.KeyboardModifier.MetaModifier)
        key = event.key()
        if plain and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.accept_current():
            return
        if plain and key in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete) and self.reject_current():
            return
        super().keyPressEvent(event)


def relations_panel(relation_list: QWidget, suggestions: RelationSuggestionList, parent: QWidget) -> QWidget:
    """The Relations dock's widget: the relation list, and the suggested relations under it."""
    panel = QWidget(parent)
    layout = QVBoxLayout(panel)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(relation_list, 3)
    layout.addWidget(suggestions.heading)
    layout.addWidget(suggestions, 1)
    layout.addWidget(suggestions.buttons)
    return panel
