"""Reviewing machine suggestions in the article view (README-facing keys):

- Suggestions are drawn apart from labels: a dashed outline in the label's colour, no fill, and an outlined chip
  with the label. Hover one for its source and score.
- Tab / Shift+Tab moves to the next / previous suggestion. On the current one (thick outline), Enter accepts it,
  Backspace (or Delete) rejects it, and a label key accepts it with that label instead. A click on a suggestion's
  chip accepts it.
- The bar above the text: the score threshold (suggestions scored lower are hidden), "Accept all" (every pending
  suggestion of this document), "Accept ≥ X" (those at or above the threshold) and "Reject all".
- Each decision is one undo step (Ctrl+Z), committed at once. A rejected suggestion is never proposed again for the
  document; an accepted one is an entity of your layer like any other.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QObject, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QDoubleSpinBox, QLabel, QToolButton, QToolTip, QWidget

from annotator.core.pending_suggestions import PendingSuggestions, labelled_by
from annotator.core.layers import SUGGESTIONS_NAME
from annotator.store import ProjectError
from annotator.ui.flow_layout import FlowLayout
from annotator.ui.highlighter import CHIP_GAP
from annotator.ui.relation_review import text_position
from annotator.ui.wording import source_text
from annotator.ui.suggestion_undo import (
    AcceptSuggestionsCommand, RejectSuggestionsCommand, accepted_delta, rejected_delta,
)

if TYPE_CHECKING:
    from annotator.ui.article_view import ArticleEditor

_CTRL, _ALT, _SHIFT, _META = (Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier,
                              Qt.KeyboardModifier.ShiftModifier, Qt.KeyboardModifier.MetaModifier)
CURRENT_PEN = QColor("#1b1b1b")
# For the F1 help (main_actions.shortcut_rows), beside editing.EDITOR_KEYS.
SUGGESTION_KEYS = (
    (QT_TRANSLATE_NOOP("", "Tab / Shift+Tab"), QT_TRANSLATE_NOOP("", "next / previous suggestion (dashed)")),
    (QT_TRANSLATE_NOOP("", "Enter, or a click on its chip"), QT_TRANSLATE_NOOP("", "accept the current suggestion")),
    (QT_TRANSLATE_NOOP("", "Backspace / Delete"), QT_TRANSLATE_NOOP("", "reject the current suggestion")),
    (QT_TRANSLATE_NOOP("", "a label key"), QT_TRANSLATE_NOOP("", "accept the current suggestion with that label")),
    (QT_TRANSLATE_NOOP("", "Tab, then Enter / Backspace"),
     QT_TRANSLATE_NOOP("", "on a suggested relation (dashed arc): accept / reject it; a click on it accepts")),
    (QT_TRANSLATE_NOOP("", "R on a suggested relation"),
     QT_TRANSLATE_NOOP("", "accept it as another relation type (its own type is remembered as rejected)")),
)


class SuggestionReview(QObject):
    """The open document's pending suggestions in one article view: painting, keys, clicks and decisions."""

    changed = Signal()  # the shown suggestions changed (count, threshold, a decision, another document)
    current_changed = Signal(int)  # the current suggestion's id, -1 for none

    def __init__(self, editor: "ArticleEditor") -> None:
        super().__init__(editor)
        self.editor = editor
        self.session = editor.session
        self.pending = PendingSuggestions()
        self.current_id: int | None = None
        self.chip_rects: list[tuple[int, QRectF]] = []  # painted chips, for clicks and tooltips
        self.relations = editor.relation_review  # suggested relations: Tab, keys and clicks reach them too
        self.bar = SuggestionBar(self, editor)
        # Before the editor's own slot: the new document's suggestions are known when its text is formatted.
        self.session.document_changed.connect(self._document_opened)
        self.session.annotations_changed.connect(self._annotations_changed)
        self.session.scheme_changed.connect(self.reload)
        if self.session.doc_id is not None:
            self._document_opened(self.session.doc_id)

    # reading ----------------------------------------------------------------------------------------
    def _read(self) -> list:
        doc_id = self.session.doc_id
        if doc_id is None:
            return []
        try:
            return self.session.project.suggestions(doc_id, under_own=True)  # hidden here while they are under
        except ProjectError as exc:
            self.session.message.emit(str(exc))
            return []

    def _labelled(self):
        return labelled_by(self.session.state.spans_between)

    def _document_opened(self, doc_id: int) -> None:
        self.pending.load(doc_id, self._read(), self._labelled())  # the editor formats the new text after this
        self._set_current(None)
        self.changed.emit()

    def reload(self) -> None:
        """Read the open document's suggestions again (after a worker wrote them) and repaint what changed."""
        self._repaint(self.pending.load(self.session.doc_id, self._read(), self._labelled()))

    def _annotations_changed(self, doc_id: int, delta) -> None:
        if doc_id != self.session.doc_id or not (delta.added_spans or delta.removed_spans):
            return
        if any(s.layer == SUGGESTIONS_NAME for s in delta.added_spans + delta.removed_spans):
            self.reload()  # a decision or its undo: the store has the pending ones
        else:  # an own entity made or removed: suggestions under it hide or show again
            self._repaint(self.pending.load(doc_id, self.pending.all, self._labelled()))

    def set_threshold(self, threshold: float) -> None:
        self._repaint(self.pending.set_threshold(threshold, self._labelled()))

    def _repaint(self, ranges) -> None:
        if self.current_id is not None and self.current_id not in self.pending.by_id:
            self._set_current(None)
        if ranges:
            self.editor.view.forget_geometry(ranges)
            self.editor.highlighter.rehighlight_ranges(ranges)
            self.editor.view.arc_layout.refresh()
        self.editor.view.viewport().update()
        self.changed.emit()

    def current(self):
        return self.pending.by_id.get(self.current_id) if self.current_id is not None else None

    # decisions --------------------------------------------------------------------------------------
    def accept(self, ids: list[int], label: str | None = None, *, what: str = "") -> int:
        """Accept suggestions into the reviewer's layer (label: instead of their own); one undo step. Several
        at once skip those an own entity is in the way of."""
        doc_id = self.session.doc_id
        if doc_id is None or not ids:
            return 0
        try:
            taken, created = self.session.project.accept_suggestions(
                ids, {i: label for i in ids} if label else None, skip_clashes=len(ids) > 1)
        except ProjectError as exc:  # e.g. a run elsewhere replaced them: show what is pending now
            self.session.message.emit(self.tr("Not accepted: {0}").format(exc))
            self.reload()
            return 0
        if not taken:
            self.session.message.emit(self.tr("Nothing accepted: your entities are in the way"))
            return 0
        text = what or self.tr("accept {0} suggestions").format(len(taken))
        self.session.push_edit(AcceptSuggestionsCommand(self.session, doc_id, taken, created, text),
                               accepted_delta(taken, created))
        self.session.message.emit(self.tr("Accepted {0} “{1}”").format(created[0].label, self._text(created[0]))
                                  if len(taken) == 1 else self.tr("Accepted {0} suggestions").format(len(taken)))
        return len(taken)

    def reject(self, ids: list[int], *, what: str = "") -> int:
        doc_id = self.session.doc_id
        if doc_id is None or not ids:
            return 0
        try:
            rejected = self.session.project.reject_suggestions(ids)
        except ProjectError as exc:
            self.session.message.emit(self.tr("Not rejected: {0}").format(exc))
            self.reload()
            return 0
        text = what or self.tr("reject {0} suggestions").format(len(rejected))
        self.session.push_edit(RejectSuggestionsCommand(self.session, doc_id, rejected, text),
                               rejected_delta(rejected))
        self.session.message.emit(self.tr("Rejected {0} “{1}”").format(rejected[0].label, self._text(rejected[0]))
                                  if len(rejected) == 1 else self.tr("Rejected {0} suggestions").format(len(rejected)))
        return len(rejected)

    def _text(self, span) -> str:
        return self.session.state.text[span.start:span.end]

    def accept_current(self, label: str | None = None) -> bool:
        return self._decide_current(lambda s: self.accept(
            [s.id], label, what=self.tr("accept {0} suggestion").format(label or s.label)))

    def reject_current(self) -> bool:
        return self._decide_current(lambda s: self.reject([s.id], what=self.tr("reject {0} suggestion").format(s.label)))

    def _decide_current(self, decide) -> bool:
        current = self.current()
        if current is None:
            return False
        if decide(current):  # on to the next one, as Tab would
            self._go_to(self._stop_after((current.start, 0, current.id)))
        return True

    def _decide_relation(self, decide) -> bool:
        current = self.relations.current()
        if current is None:
            return False
        stop = (text_position(current), 1, current.id)
        if decide(current.id):
            self._go_to(self._stop_after(stop))
        return True

    def _stops(self) -> list[tuple[int, int, int]]:
        """Tab's stops in text order: (position, 0, id) of the shown entity suggestions, (position, 1, id) of the
        shown suggested relations (at one place the entity suggestion first)."""
        return sorted([(s.start, 0, s.id) for s in self.pending.visible] + self.relations.stops())

    def _stop_after(self, stop: tuple[int, int, int]) -> tuple[int, int, int] | None:
        """The next stop after a decided one (which is gone from the lists), not wrapping around."""
        stops = self._stops()
        i = bisect_right(stops, stop)
        return stops[i] if i < len(stops) else None

    def _go_to(self, stop: tuple[int, int, int] | None) -> None:
        if stop is None or stop[1] == 0:
            self.relations.set_current(None)
            self._set_current(stop[2] if stop else None, reveal=stop is not None)
        else:
            self._set_current(None)
            self.relations.set_current(stop[2], reveal=True)

    def accept_all(self) -> int:
        return self.accept(self.pending.ids_scoring_at_least(0.0), what=self.tr("accept all suggestions"))

    def accept_at_least(self, score: float) -> int:
        return self.accept(self.pending.ids_scoring_at_least(score),
                           what=self.tr("accept suggestions scored {0:.2f} or more").format(score))

    def undecided(self) -> list:
        """The pending ones not under an own entity (one there is decided: taken, or another label chosen),
        shown or below the threshold."""
        labelled = self._labelled()
        return [s for s in self.pending.all if not labelled(s.start, s.end)]

    def reject_all(self) -> int:
        return self.reject([s.id for s in self.undecided()], what=self.tr("reject all suggestions"))

    # navigation -------------------------------------------------------------------------------------
    def move(self, forward: bool = True) -> bool:
        """Tab / Shift+Tab: the next / previous stop after the current one (or the caret), wrapping around."""
        stops = self._stops()
        if not stops:
            self.session.message.emit(self.tr("No suggestions shown in this document"))
            return False
        current = self.current()
        relation = self.relations.current()
        if current is not None:
            here = (current.start, 0, current.id)
        elif relation is not None:
            here = (text_position(relation), 1, relation.id)
        else:
            here = None
        if forward:
            i = bisect_right(stops, here) if here else bisect_left(stops, (self.editor._caret(), -1, -1))
            found = stops[i] if i < len(stops) else stops[0]
        else:
            i = bisect_left(stops, here if here else (self.editor._caret(), -1, -1)) - 1
            found = stops[i] if i >= 0 else stops[-1]
        self._go_to(found)
        if found[1] == 0:  # say which one Tab reached and what the keys do (the thick outline alone is easy to miss)
            self.session.message.emit(self._current_text(found[2], stops))
        return True

    def _current_text(self, suggestion_id: int, stops: list[tuple[int, int, int]]) -> str:
        found = self.pending.by_id[suggestion_id]
        entity = self.session.scheme.entity(found.label)
        name = f"{found.label} {entity.display}" if entity is not None and entity.display else found.label
        number = [stop[2] for stop in stops if stop[1] == 0].index(suggestion_id) + 1
        return self.tr("Suggestion {0} of {1}: {2} “{3}” ({4}, score {5:.2f}). Enter accepts, Backspace rejects,"
                       " a label key accepts with that label").format(
            number, len(self.pending.visible), name, self.session.state.text[found.start:found.end],
            source_text(found.source), found.score)

    def _set_current(self, suggestion_id: int | None, *, reveal: bool = False) -> None:
        if suggestion_id is not None:  # a suggestion is current instead of an entity or a relation
            self.relations.set_current(None)
            self.editor._set_selected_span(None)
            self.editor._set_selected_relation(None)
            self.editor._clear_selection()
        changed = suggestion_id != self.current_id
        self.current_id = suggestion_id
        if reveal and suggestion_id is not None:
            self.editor.reveal_caret_at(self.pending.by_id[suggestion_id].start)
        if changed:
            self.current_changed.emit(-1 if suggestion_id is None else suggestion_id)
            self.editor.view.viewport().update()

    def entity_selected(self, span_id: int) -> None:
        if span_id != -1:
            self._set_current(None)
            self.relations.set_current(None)

    # keys and mouse (called by the text view before the editor's own handling) ------------------------
    def handle_key(self, event) -> bool:
        key, mods = event.key(), event.modifiers()
        plain = not mods & (_CTRL | _ALT | _META)
        if key == Qt.Key.Key_Backtab or (key == Qt.Key.Key_Tab and plain and mods & _SHIFT):
            return self.move(False) or bool(self.pending.visible)
        if key == Qt.Key.Key_Tab and plain:
            return self.move(True) or bool(self.pending.visible)
        if self.relations.current() is not None and plain and self.editor._selection_range() is None:
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.editor.relation_head_id is None:
                return self._decide_relation(self.relations.accept_one)
            if key in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete):
                return self._decide_relation(self.relations.reject_one)
            if self.editor._is_relation_key(event) and self.editor.relation_head_id is None:
                where = self.editor.view.mapToGlobal(self.editor.view.cursorRect().bottomLeft())
                return self._decide_relation(lambda cid: self.relations.accept_as_chosen(cid, where))
            if key == Qt.Key.Key_Escape:
                self.relations.set_current(None)
                return False
        if self.current() is None or not plain or self.editor._selection_range() is not None:
            return False
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.editor.relation_head_id is None:
            return self.accept_current()
        if key in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete):
            return self.reject_current()
        if key == Qt.Key.Key_Escape:
            self._set_current(None)
            return False  # the editor clears its own state too
        label = self.editor._label_for_key(event)
        if label is not None:
            return self.accept_current(label)
        return False

    def wants_key(self, event) -> bool:
        """Keys that must beat window shortcuts while a suggestion is current."""
        return ((self.current() is not None or self.relations.current() is not None)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter))

    def chip_at(self, point: QPointF) -> int | None:
        for suggestion_id, rect in self.chip_rects:
            if rect.contains(point):
                return suggestion_id
        return None

    def suggestion_at(self, point) -> int | None:
        """The suggestion whose chip or text is under point (viewport coordinates)."""
        chip = self.chip_at(QPointF(point))
        if chip is not None:
            return chip
        found = self.pending.at(self.editor.view.codepoint_at(point))
        return found.id if found is not None else None

    def handle_press(self, event) -> bool:
        """A click on a chip accepts its suggestion; a click on a suggestion's text makes it current."""
        if event.button() != Qt.MouseButton.LeftButton or self.editor.relation_head_id is not None:
            return False
        candidate = self.editor.view.overlay.candidate_at(event.position())
        if candidate is not None:  # a suggested relation's arc or label: accept it
            self._set_current(None)
            self.relations.set_current(candidate)
            self._decide_relation(self.relations.accept_one)
            return True
        self.relations.set_current(None)
        chip = self.chip_at(event.position())
        if chip is not None:
            self._set_current(chip)
            self.accept_current()
            return True
        found = self.pending.at(self.editor.view.codepoint_at(event.position().toPoint()))
        if found is not None:
            self._set_current(found.id)
        elif self.current_id is not None:
            self._set_current(None)
        return False

    def add_menu_actions(self, menu, point) -> None:
        """The context menu on a suggestion: accept, accept as another label, reject."""
        candidate = self.editor.view.overlay.candidate_at(QPointF(point))
        if candidate is not None:
            self._set_current(None)
            self.relations.set_current(candidate)
            menu.addAction(self.tr("Accept suggested relation (Enter)"),
                           lambda: self._decide_relation(self.relations.accept_one))
            other = menu.addMenu(self.tr("Accept as (R)"))
            own = self.relations.by_id[candidate].label
            for relation in self.relations.other_types(candidate):
                action = other.addAction(f"{relation.display} — {relation.name}" if relation.display else relation.name,
                                         lambda name=relation.name: self._decide_relation(
                                             lambda cid: self.relations.accept_one(cid, name)))
                action.setEnabled(relation.name != own)
            menu.addAction(self.tr("Reject suggested relation (Backspace)"),
                           lambda: self._decide_relation(self.relations.reject_one))
            menu.addSeparator()
            return
        found = self.pending.by_id.get(self.suggestion_at(point))
        if found is None:
            return
        self._set_current(found.id)
        text = self.session.state.text[found.start:found.end]
        menu.addAction(self.tr("Accept suggestion “{0}” as {1} (Enter)").format(text, found.label),
                       lambda: self.accept_current())
        other = menu.addMenu(self.tr("Accept as"))
        for entity in self.session.scheme.entities:
            action = other.addAction(f"{entity.name} {entity.display}".strip(),
                                     lambda name=entity.name: self.accept_current(name))
            action.setEnabled(entity.name != found.label)
        menu.addAction(self.tr("Reject suggestion (Backspace)"), lambda: self.reject_current())
        menu.addSeparator()

    def tooltip(self, point) -> str:
        candidate = self.editor.view.overlay.candidate_at(QPointF(point))
        if candidate is not None:
            return self.relations.tooltip(candidate)
        found = self.pending.by_id.get(self.suggestion_at(point))
        if found is None:
            return ""
        entity = self.session.scheme.entity(found.label)
        name = f"{found.label} {entity.display}" if entity is not None and entity.display else found.label
        detail = f" · {found.detail}" if found.detail else ""
        return self.tr("Suggested {0} · {1}, score {2:.2f}{3}\nEnter or a click on the chip accepts, Backspace"
                       " rejects, a label key accepts with that label").format(name, source_text(found.source), found.score,
                                                                               detail)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name); installed on the viewport
        if event.type() == QEvent.Type.ToolTip:
            text = self.tooltip(event.pos())
            if text:
                QToolTip.showText(event.globalPos(), text, watched)
                return True
        return False

    # painting (from the overlay, over the text) -------------------------------------------------------
    def paint(self, painter, visible) -> None:
        self.chip_rects = []
        if not self.pending.visible:
            return
        view, style = self.editor.view, self.editor.style
        ratio = view.viewport().devicePixelRatioF()
        painter.save()
        # Axis-aligned dashes are crisp without antialiasing, and stroking them antialiased dominated a repaint.
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for vb in visible:
            for s in self.pending.between(vb.start, vb.end):
                rects = view.fragments(s, vb)
                if not rects:
                    continue
                current = s.id == self.current_id
                color = CURRENT_PEN if current else style.color(s.label).darker(190)
                painter.setPen(QPen(color, 2 if current else 1, Qt.PenStyle.DashLine))
                for rect in rects:
                    painter.drawRect(rect.adjusted(-1, 0, 0, -1))
                if s.end <= vb.end:
                    last = rects[-1]
                    height = min(style.chip_height, last.height())
                    where = QPointF(last.right() + CHIP_GAP, last.center().y() - height / 2)
                    pixmap = view.overlay.chip(s.label, height, ratio, suggestion=color)
                    painter.drawPixmap(where, pixmap)
                    self.chip_rects.append((s.id, QRectF(where, pixmap.deviceIndependentSize())))
        painter.restore()


class SuggestionBar(QWidget):
    """Above the text: how many suggestions are pending, the score threshold and the accept/reject-all buttons
    (hidden while the document has none), then the article's own controls (add_trailing). One row on a wide window,
    wrapped onto more on a narrow one: as one row it set the article's minimum width."""

    def __init__(self, review: SuggestionReview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("suggestionBar")
        self.review = review
        self.count = QLabel(self)
        self.threshold = QDoubleSpinBox(self)
        self.threshold.setObjectName("suggestionThreshold")
        self.threshold.setRange(0.0, 1.0)
        self.threshold.setSingleStep(0.05)
        self.threshold.setDecimals(2)
        self.threshold.setPrefix(self.tr("score ≥ "))
        self.threshold.setToolTip(self.tr("Hide suggestions scored below this"))
        self.threshold.valueChanged.connect(review.set_threshold)
        self.threshold.valueChanged.connect(review.relations.set_threshold)
        self.accept_all = self._button("acceptAllSuggestions", self.tr("Accept all"), review.accept_all,
                                       self.tr("Accept every pending suggestion of this document (one undo step)"))
        self.accept_above = self._button("acceptSuggestionsAbove", "", self._accept_above,
                                         self.tr("Accept the suggestions scored at or above the threshold"))
        self.reject_all = self._button("rejectAllSuggestions", self.tr("Reject all"), review.reject_all,
                                       self.tr("Reject every pending suggestion of this document (one undo step)"))
        self.count.setMinimumWidth(self.count.fontMetrics().horizontalAdvance("0") * 12)  # cut, whole in its tooltip
        layout = FlowLayout(self, spacing=4)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.count, self.threshold, self.accept_all, self.accept_above, self.reject_all):
            layout.addWidget(widget)
        review.changed.connect(self.update_counts)
        review.relations.changed.connect(self.update_counts)
        self.threshold.valueChanged.connect(self.update_counts)
        self.update_counts()

    def add_trailing(self, widget: QWidget) -> None:
        """A control of the article itself (Hide boilerplate), at the right end of the bar's last row."""
        widget.setParent(self)
        self.layout().addWidget(widget)
        self.layout().setAlignment(widget, Qt.AlignmentFlag.AlignRight)

    def _button(self, name: str, text: str, slot, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setObjectName(name)
        button.setText(text)
        button.setToolTip(tip)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def _accept_above(self) -> None:
        self.review.accept_at_least(self.threshold.value())

    def update_counts(self) -> None:
        pending, relations = self.review.pending, self.review.relations
        hidden = pending.hidden_below_threshold() + relations.hidden_below_threshold()
        text = self.tr("1 suggestion") if len(pending) == 1 else self.tr("{0} suggestions").format(len(pending))
        if relations.visible:
            text += (self.tr(" · 1 suggested relation") if len(relations.visible) == 1 else
                     self.tr(" · {0} suggested relations").format(len(relations.visible)))
        if hidden:
            text += self.tr(" ({0} below the threshold)").format(hidden)
        if relations.hidden_by_switch():
            text += self.tr(" · {0} suggested relations hidden (Suggestions menu)").format(relations.hidden_by_switch())
        self.count.setText(text)
        self.count.setToolTip(text)
        self.accept_above.setText(self.tr("Accept ≥ {0:.2f}").format(self.threshold.value()))
        has_entities = bool(self.review.undecided()) if pending.all else False
        for button in (self.accept_all, self.accept_above, self.reject_all):
            button.setVisible(has_entities)
        for widget in (self.count, self.threshold):
            widget.setVisible(has_entities or bool(relations.all))
