"""Mouse, keyboard and context-menu editing for ArticleEditor (mixed into it; see article_view's docstring)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QPoint, QPointF, Qt
from PySide6.QtGui import QCursor, QTextCursor
from PySide6.QtWidgets import QMenu

from annotator.core.keymap import key_candidates, physical_key
from annotator.core.scheme import RelationLabel
from annotator.ui.segment_reasons import reason_text
from annotator.ui import morphology

ARROWS = (Qt.Key.Key_Left, Qt.Key.Key_Right)
_CTRL, _ALT, _SHIFT, _META = (Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier,
                              Qt.KeyboardModifier.ShiftModifier, Qt.KeyboardModifier.MetaModifier)


def choose_relation_menu(parent, options: list[RelationLabel], head: str, tail: str, where: QPoint) -> str | None:
    """Popup listing the relation types allowed from head to tail; returns the chosen name."""
    menu = QMenu(parent)
    for rel in options:
        text = f"{rel.display} — {rel.name}" if rel.display else rel.name
        action = menu.addAction(f"{text}   ({head} → {tail})")
        action.setData(rel.name)
        if rel.description:
            action.setToolTip(rel.description)
    chosen = menu.exec(where)
    menu.deleteLater()
    return chosen.data() if chosen is not None else None


# The article's own keys and gestures, as handle_key / the mouse handlers below implement them; F1 help lists
# these with the scheme's label keys and the window's action shortcuts (main_actions.show_shortcuts).
EDITOR_KEYS = (
    (QT_TRANSLATE_NOOP("", "drag"),
     QT_TRANSLATE_NOOP("", "select text; boundaries snap to morphemes")),
    (QT_TRANSLATE_NOOP("", "Alt / Ctrl + drag"),
     QT_TRANSLATE_NOOP("", "exact selection without snapping")),
    (QT_TRANSLATE_NOOP("", "double-click"),
     QT_TRANSLATE_NOOP("", "label the noun part of the word with the active label")),
    (QT_TRANSLATE_NOOP("", "Shift+← / Shift+→"),
     QT_TRANSLATE_NOOP("", "extend the selection by one morpheme")),
    (QT_TRANSLATE_NOOP("", "Ctrl+Shift+← / Ctrl+Shift+→"),
     QT_TRANSLATE_NOOP("", "move the selected entity's end by one character")),
    (QT_TRANSLATE_NOOP("", "Alt+Shift+← / Alt+Shift+→"),
     QT_TRANSLATE_NOOP("", "move the selected entity's start by one character")),
    (QT_TRANSLATE_NOOP("", "R"),
     QT_TRANSLATE_NOOP("", "start a relation from the selected entity (then click the tail, or R / Enter on it)")),
    (QT_TRANSLATE_NOOP("", "C"),
     QT_TRANSLATE_NOOP("", "copy the other layer's entity under the caret into your layer (adjudicating: take the "
                           "reviewer's entity into gold)")),
    (QT_TRANSLATE_NOOP("", "drag from entity to entity"),
     QT_TRANSLATE_NOOP("", "create a relation")),
    (QT_TRANSLATE_NOOP("", "Delete / Backspace"),
     QT_TRANSLATE_NOOP("", "delete the selected entity or relation")),
    (QT_TRANSLATE_NOOP("", "Escape"),
     QT_TRANSLATE_NOOP("", "cancel the relation or the selection")),
)


class EditingMixin:
    """Needs: session, layer, view, style, the selection attributes and helpers of ArticleEditor."""

    def _init_editing(self) -> None:
        self.relation_chooser = choose_relation_menu  # replaceable (tests)
        self._press_span = None
        self._press_exact = False
        self._ignore_release = False

    # helpers ----------------------------------------------------------------------------------------
    def _ready(self, start: int, end: int) -> bool:
        m = self.morphology
        return m is not None and m.ready and m.covers(self.layer.text, start, end, analyser=self.session.analyser)

    def _selection_range(self) -> tuple[int, int] | None:
        cursor = self.view.textCursor()
        if not cursor.hasSelection():
            return None
        return self.layer.offsets.range_to_codepoint(cursor.selectionStart(), cursor.selectionEnd())

    def _set_selection(self, start: int, end: int) -> None:
        to16 = self.layer.offsets.to_utf16
        cursor = self.view.textCursor()
        cursor.setPosition(to16(start))
        cursor.setPosition(to16(end), QTextCursor.MoveMode.KeepAnchor)
        self.view.setTextCursor(cursor)

    def _clear_selection(self) -> None:
        cursor = self.view.textCursor()
        cursor.clearSelection()
        self.view.setTextCursor(cursor)

    def _trim(self, start: int, end: int) -> tuple[int, int]:
        text = self.layer.text
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return start, end

    def _label_range(self, start: int, end: int, label: str) -> bool:
        start, end = self._trim(start, end)
        if start >= end:
            return False
        span = self.session.add_span(start, end, label)
        if span is None:
            return False
        self._clear_selection()
        self._set_selected_span(span.id)
        return True

    # keyboard ---------------------------------------------------------------------------------------
    def _label_for_key(self, event) -> str | None:
        # By physical key first, so a Korean IME in Hangul mode (Q types "ㅂ") still labels.
        mods = event.modifiers()
        if mods & (_CTRL | _ALT | _META) or (not event.text() and event.key() == Qt.Key.Key_unknown):
            return None
        scheme = self.session.scheme
        for candidate in key_candidates(event.key(), event.text(), shift=bool(mods & _SHIFT)):
            label = scheme.entity_for_key(candidate)
            if label is not None:
                return label.name
        return None

    @staticmethod
    def _is_relation_key(event) -> bool:
        if event.modifiers() & (_CTRL | _ALT | _META):
            return False
        return physical_key(event.key(), event.text()) == "r"

    def wants_key(self, event) -> bool:
        key, mods = event.key(), event.modifiers()
        if self._label_for_key(event) is not None:
            return True
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace, Qt.Key.Key_Escape):
            return True
        if self._is_relation_key(event) or (key == Qt.Key.Key_C and not mods & (_CTRL | _ALT | _META)):
            return True
        return key in ARROWS and bool(mods & _SHIFT)

    def handle_key(self, event) -> bool:
        key, mods = event.key(), event.modifiers()
        plain = not mods & (_CTRL | _ALT | _META)
        if key == Qt.Key.Key_Escape:
            self.relation_head_id = None
            self._clear_selection()
            self._set_selected_span(None)
            self._set_selected_relation(None)
            return True
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            if self.selected_relation_id is not None:
                self.session.delete_relation(self.selected_relation_id)
            elif self.selected_span_id is not None:
                self.session.delete_span(self.selected_span_id)
            return True
        if self._is_relation_key(event) or (
                plain and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.relation_head_id is not None):
            self._relation_key()
            return True
        label = self._label_for_key(event)
        if label is not None:
            self._apply_label_key(label)
            return True
        if plain and key == Qt.Key.Key_C:
            self.copy_other_span_at_caret()
            return True
        if key in ARROWS and mods & _SHIFT:
            forward = key == Qt.Key.Key_Right
            if mods & _CTRL or mods & _ALT:
                self._nudge_span(forward, move_end=bool(mods & _CTRL))
            else:
                self._extend_by_morpheme(forward)
            return True
        return False

    def _apply_label_key(self, label: str) -> None:
        selection = self._selection_range()
        if selection is not None:
            self._label_range(*selection, label)
        elif self.selected_span_id is not None:
            if self.layer.by_id[self.selected_span_id].label != label:
                self.session.change_span_label(self.selected_span_id, label)
        else:
            self.session.set_active_label(label)
            entity = self.session.scheme.entity(label)  # "PERSON 인물", as the palette and the menus name it
            shown = f"{label} {entity.display}" if entity is not None and entity.display else label
            self.session.message.emit(self.tr("Active label: {0}").format(shown))

    def copy_other_span_at_caret(self) -> None:
        """C: copy the entity of another layer under the caret into the reviewer's own layer."""
        other = self.layer.other_span_at(self._caret())
        if other is None:
            self.session.message.emit(self.tr("No entity of another layer here to copy"))
            return
        copied = self.session.copy_spans([other.id])
        if copied:
            self._set_selected_span(copied[0].id)

    def _extend_by_morpheme(self, forward: bool) -> None:
        cursor = self.view.textCursor()
        offsets = self.layer.offsets
        pos = offsets.to_codepoint(cursor.position())
        text = self.layer.text
        line_end = text.find("\n", pos + 1)
        ready = self._ready(max(0, pos - 1), len(text) if line_end < 0 else line_end + 1)
        target = morphology.next_boundary(text, pos, forward, ready=ready, analyser=self.session.analyser)
        cursor.setPosition(offsets.to_utf16(target), QTextCursor.MoveMode.KeepAnchor)
        self.view.setTextCursor(cursor)

    def _nudge_span(self, forward: bool, *, move_end: bool) -> None:
        span = self.current_span()
        if span is None:
            self.session.message.emit(self.tr("Select an entity to adjust its boundaries"))
            return
        step = 1 if forward else -1
        start, end = (span.start, span.end + step) if move_end else (span.start + step, span.end)
        if start >= end:
            self.session.message.emit(self.tr("An entity needs at least one character"))
            return
        self.session.resize_span(span.id, start, end)

    # relations --------------------------------------------------------------------------------------
    def _relation_key(self) -> None:
        if self.relation_head_id is None:
            head = self.current_span() or self.layer.span_at(self._caret())
            if head is None:
                self.session.message.emit(self.tr("Select the head entity first, then press R"))
                return
            self.relation_head_id = head.id
            self._set_selected_span(None)
            self.session.message.emit(
                self.tr("Relation from “{0}”: click the tail entity, or put the caret in it and press R or Enter"
                        " (Esc cancels)").format(self.layer.span_text(head))
            )
            self.view.viewport().update()
            return
        tail = self.layer.span_at(self._caret()) or self.current_span()
        if tail is None or tail.id == self.relation_head_id:
            self.session.message.emit(self.tr("Put the caret in the tail entity, then press R or Enter"))
            return
        self.finish_relation(self.relation_head_id, tail.id, self.view.mapToGlobal(self.view.cursorRect().bottomLeft()))

    def _caret(self) -> int:
        return self.layer.offsets.to_codepoint(self.view.textCursor().position())

    def finish_relation(self, head_id: int, tail_id: int, where: QPoint | None = None) -> None:
        self.relation_head_id = None
        head, tail = self.layer.by_id.get(head_id), self.layer.by_id.get(tail_id)
        if head is None or tail is None:
            return
        options = self.session.scheme.allowed_relations(head.label, tail.label)
        if not options:
            reverse = self.session.scheme.allowed_relations(tail.label, head.label)
            if reverse:  # the usual slip: started from the other end
                message = self.tr("The scheme allows no relation from {0} to {1}; from {1} to {0} it allows {2}:"
                                  " select “{3}” first, then press R").format(
                    head.label, tail.label, ", ".join(r.name for r in reverse), self.layer.span_text(tail))
            else:
                message = self.tr("The scheme allows no relation between {0} and {1} (Edit ▸ Label scheme sets"
                                  " which labels each relation links)").format(head.label, tail.label)
            self.session.message.emit(message)
            self.view.viewport().update()
            return
        name = self.relation_chooser(self, options, head.label, tail.label, where or QCursor.pos())
        if name:
            relation = self.session.add_relation(head_id, tail_id, name)
            if relation is not None:
                self._set_selected_relation(relation.id)
        self.view.viewport().update()

    # mouse ------------------------------------------------------------------------------------------
    def handle_press(self, event) -> bool:
        point = event.position()
        self._press_exact = bool(event.modifiers() & (_ALT | _CTRL))
        self._press_span = self.view.span_at_point(point.toPoint())
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        marker = self.view.overlay.marker_at(point)
        if marker is not None:
            self.expand_marker(marker)
            return True
        if self.relation_head_id is not None:
            if self._press_span is not None and self._press_span.id != self.relation_head_id:
                self._ignore_release = True
                self.finish_relation(self.relation_head_id, self._press_span.id, event.globalPosition().toPoint())
                return True
            self.relation_head_id = None
            self.view.viewport().update()
        if self._press_span is None:
            rid = self.view.overlay.relation_at(point)
            if rid is not None:
                self._ignore_release = True
                self._set_selected_relation(rid)
                return True
        return False

    def handle_release(self, event) -> None:
        if self._ignore_release or event.button() != Qt.MouseButton.LeftButton:
            self._ignore_release = False
            return
        point = event.position().toPoint()
        selection = self._selection_range()
        if selection is None:
            span = self.view.span_at_point(point)
            self._set_selected_span(span.id if span is not None else None)
            if span is None:
                self._set_selected_relation(None)
            return
        release_span = self.view.span_at_point(point)
        if self._press_span is not None and release_span is not None and self._press_span.id != release_span.id:
            self._clear_selection()  # a drag from one entity to another draws a relation
            self.finish_relation(self._press_span.id, release_span.id, event.globalPosition().toPoint())
            return
        start, end = selection
        if not self._press_exact and not event.modifiers() & (_ALT | _CTRL):
            start, end = morphology.snap(self.layer.text, start, end, ready=self._ready(start, end),
                                         analyser=self.session.analyser)
        self._select_or_label(start, end)

    def handle_double_click(self, event) -> bool:
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        self._ignore_release = True
        point = event.position().toPoint()
        span = self.view.span_at_point(point)
        if span is not None:
            self._set_selected_span(span.id)
            return True
        pos = self.view.codepoint_at(point)
        found = morphology.noun_part(self.layer.text, pos, ready=self._ready(pos, pos), analyser=self.session.analyser)
        if found is None:
            return True
        self._select_or_label(*found)
        return True

    def _select_or_label(self, start: int, end: int) -> None:
        label = self.session.active_label
        if label is not None and self._label_range(start, end, label):
            return
        start, end = self._trim(start, end)
        if start < end:
            self._set_selection(start, end)  # refused or no active label: keep it for a label key

    def handle_hover(self, event) -> None:
        if event.buttons() != Qt.MouseButton.NoButton:
            return
        span = self.view.span_at_point(event.position().toPoint())
        sid = span.id if span is not None else None
        if sid == self.hover_span_id:
            return
        self.hover_span_id = sid
        self._update_extra_selections()
        tip = ""
        if span is not None:
            entity = self.session.scheme.entity(span.label)
            tip = f"{span.label} {entity.display}" if entity is not None and entity.display else span.label
            if span.reviewer:
                tip += f" · {span.reviewer}"
        self.view.viewport().setToolTip(tip)

    # context menu -----------------------------------------------------------------------------------
    def kind_text(self, kind: str) -> str:
        return {"content": self.tr("article text"), "boilerplate": self.tr("boilerplate"),
                "blank": self.tr("blank"), "unclassified": self.tr("not classified")}.get(kind, kind)

    def line_class_lines(self, line_no: int) -> list[str]:
        """What the line counts as, who decided (the segmenter with its score and reason, or the reviewer)."""
        segment = self.layer.segments.get(line_no)
        if segment is None:
            return [self.tr("Line {0}: not classified").format(line_no)]
        lines = [self.tr("Line {0}: {1}").format(line_no, self.kind_text(segment.effective_kind))]
        if segment.override is not None:
            lines.append(self.tr("Marked by a reviewer (the segmenter said: {0})").format(self.kind_text(segment.kind)))
        else:
            detail = reason_text(segment.reason) if segment.reason else self.tr("no reason recorded")
            if segment.score is not None:
                detail += f" ({segment.score:.2f})"
            lines.append(self.tr("Segmenter: {0}").format(detail))
        return lines

    def build_context_menu(self, pos: QPoint) -> QMenu:
        menu = QMenu(self.view)
        pos_f = QPointF(pos)
        cp = self.view.codepoint_at(pos)
        span = self.view.span_at_point(pos) or self.layer.span_at(cp)
        if span is not None:
            self._set_selected_span(span.id)
            needle = self.layer.span_text(span)
            menu.addAction(self.tr("Label all “{0}” in this article").format(needle),
                           lambda: self.session.label_all_occurrences(span.id))
            menu.addAction(self.tr("Label all “{0}” in the whole project").format(needle),
                           lambda: self.session.label_all_occurrences(span.id, whole_project=True))
            change = menu.addMenu(self.tr("Change label"))
            for entity in self.session.scheme.entities:
                action = change.addAction(f"{entity.name} {entity.display}".strip(),
                                          lambda name=entity.name: self.session.change_span_label(span.id, name))
                action.setEnabled(entity.name != span.label)
            menu.addAction(self.tr("Start a relation from here (R)"), self._relation_key)
            menu.addAction(self.tr("Delete entity"), lambda: self.session.delete_span(span.id))
            menu.addSeparator()
        other = self.layer.other_span_at(cp) if span is None else None
        if other is not None:
            needle = self.layer.span_text(other)
            menu.addAction(self.tr("Copy “{0}” ({1}, {2}) into my layer (C)").format(needle, other.label, other.layer),
                           lambda: self.session.copy_spans([other.id]))
            count = sum(1 for s in self.layer.other_spans if s.layer == other.layer)
            menu.addAction(self.tr("Copy all {0} entities of {1} into my layer").format(count, other.layer),
                           lambda: self.session.copy_layer(other.layer))
            menu.addSeparator()
        if span is None or self.view.overlay.candidate_at(pos_f) is not None:  # a suggested relation's arc
            self.suggestion_review.add_menu_actions(menu, pos)
        rid = self.view.overlay.relation_at(pos_f)
        if rid is not None:
            menu.addAction(self.tr("Delete relation"), lambda: self.session.delete_relation(rid))
            menu.addSeparator()
        line_no = self.layer.line_no_at(cp)
        segment = self.layer.segments.get(line_no)
        for text in self.line_class_lines(line_no):
            menu.addAction(text).setEnabled(False)  # information: what the line is and why
        menu.addAction(self.tr("Mark line {0} as content").format(line_no),
                       lambda: self.session.set_line_override(line_no, "content"))
        menu.addAction(self.tr("Mark line {0} as boilerplate").format(line_no),
                       lambda: self.session.set_line_override(line_no, "boilerplate"))
        clear = menu.addAction(self.tr("Clear the line override"),
                               lambda: self.session.set_line_override(line_no, None))
        clear.setEnabled(segment is not None and segment.override is not None)
        menu.addSeparator()
        toggle = menu.addAction(self.tr("Hide boilerplate lines"))
        toggle.setCheckable(True)
        toggle.setChecked(self.collapse)
        toggle.toggled.connect(self.set_collapse_boilerplate)
        return menu
