"""Relation suggestions of the open document in the Relations dock, under the relation list: candidates between
your own entities (`annotator suggest --db P --sources relations` writes them), each marked as suggested with its
type, score and source. Enter accepts the current one (a relation of your layer), Backspace or Delete rejects it
(never proposed again for the document); each decision is one undo step, committed at once."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from annotator.core.delta import AnnotationDelta
from annotator.core.model import Relation
from annotator.core.suggestions import StoredRelationSuggestion
from annotator.store import ProjectError
from annotator.ui.undo import EditCommand

_ID = Qt.ItemDataRole.UserRole


class AcceptRelationSuggestionsCommand(EditCommand):
    """Candidates made relations of the reviewer's layer; refresh: the list reads the store again (the delta
    carries relations, which the other views follow, but not the candidates)."""

    def __init__(self, session, doc_id: int, taken: list[StoredRelationSuggestion], created: list[Relation],
                 text: str, refresh) -> None:
        super().__init__(session, doc_id, text)
        self.taken, self.created, self.refresh = taken, created, refresh

    def apply(self) -> AnnotationDelta:
        ids = {t.id: c.id for t, c in zip(self.taken, self.created)}
        self.taken, self.created = self.session.project.accept_relation_suggestions(
            [t.id for t in self.taken], relation_ids=ids)
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
    """The open document's pending relation candidates; hidden (with its heading) while there are none."""

    def __init__(self, session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("relationSuggestionList")
        self.session = session
        self.items: dict[int, StoredRelationSuggestion] = {}
        self.heading = QLabel(self.tr("Suggested relations (Enter accepts, Backspace rejects)"), parent)
        self.heading.setObjectName("relationSuggestionHeading")
        session.document_changed.connect(lambda _doc_id: self.reload())
        session.annotations_changed.connect(self._annotations_changed)
        self.reload()

    def _annotations_changed(self, doc_id: int, delta) -> None:
        """An entity of a candidate deleted, relabelled or resized: the store dropped or changed it. Other edits
        read nothing (the views follow deltas); decisions and their undo refresh the list themselves."""
        if doc_id != self.session.doc_id or not self.items:
            return
        ends = {i for s in self.items.values() for i in (s.head_id, s.tail_id)}
        if any(span.id in ends for span in delta.removed_spans):
            self.reload()

    def reload(self) -> None:
        doc_id = self.session.doc_id
        keep = self.current_id()
        try:
            found = self.session.project.relation_suggestions(doc_id) if doc_id is not None else []
        except ProjectError as exc:
            self.session.message.emit(str(exc))
            found = []
        self.items = {s.id: s for s in found}
        self.clear()
        text = self.session.state.text if doc_id is not None else ""
        for s in found:
            item = QListWidgetItem(self.tr("suggested · {0} → {1} · {2} · {3:.2f}").format(
                text[s.head[0]:s.head[1]], text[s.tail[0]:s.tail[1]], self._relation_name(s.label), s.score))
            item.setData(_ID, s.id)
            font = item.font()
            font.setItalic(True)
            item.setFont(font)
            item.setToolTip(self.tr("Suggested {0} from {1} {2} to {3} {4} by {5}, score {6:.2f}{7}\nEnter accepts,"
                                    " Backspace rejects").format(
                s.label, s.head[2], text[s.head[0]:s.head[1]], s.tail[2], text[s.tail[0]:s.tail[1]], s.source,
                s.score, f" · {s.detail}" if s.detail else ""))
            self.addItem(item)
            if s.id == keep:
                self.setCurrentItem(item)
        if self.currentItem() is None and self.count():
            self.setCurrentRow(0)
        self.setVisible(bool(found))
        self.heading.setVisible(bool(found))

    def _relation_name(self, label: str) -> str:
        relation = self.session.scheme.relation(label)
        return f"{relation.display} {label}" if relation is not None and relation.display else label

    def current_id(self) -> int | None:
        item = self.currentItem()
        return item.data(_ID) if item is not None else None

    def accept_current(self) -> bool:
        sid, doc_id = self.current_id(), self.session.doc_id
        if sid is None or doc_id is None:
            return False
        row = self.currentRow()
        try:
            taken, created = self.session.project.accept_relation_suggestions([sid])
        except ProjectError as exc:
            self.session.message.emit(self.tr("Not accepted: {0}").format(exc))
            self.reload()
            return True
        label = taken[0].label
        self.reload()
        self.session.push_edit(AcceptRelationSuggestionsCommand(
            self.session, doc_id, taken, created, self.tr("accept {0} suggestion").format(label), self.reload),
            AnnotationDelta(added_relations=tuple(created)))
        self.session.message.emit(self.tr("Accepted the suggested {0} relation").format(label))
        self.setCurrentRow(min(row, self.count() - 1))
        return True

    def reject_current(self) -> bool:
        sid, doc_id = self.current_id(), self.session.doc_id
        if sid is None or doc_id is None:
            return False
        row = self.currentRow()
        try:
            rejected = self.session.project.reject_relation_suggestions([sid])
        except ProjectError as exc:
            self.session.message.emit(self.tr("Not rejected: {0}").format(exc))
            self.reload()
            return True
        label = rejected[0].label
        self.reload()
        self.session.push_edit(RejectRelationSuggestionsCommand(
            self.session, doc_id, rejected, self.tr("reject {0} suggestion").format(label), self.reload),
            AnnotationDelta())
        self.session.message.emit(self.tr("Rejected the suggested {0} relation").format(label))
        self.setCurrentRow(min(row, self.count() - 1))
        return True

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
    return panel
