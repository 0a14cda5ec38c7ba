"""The article view: one document's immutable text with its entities, relations and boilerplate.

How a reviewer works in it (README-facing):
- Drag over text: the active label is applied, the boundaries snapped to morphemes ("중기부는" -> "중기부").
  Hold Alt or Ctrl while dragging for a character-exact selection. Double-click labels the noun part of a word.
- Keyboard: move the caret with the arrows, Shift+Left/Right extends the selection by one morpheme, and a label
  key (1-9, 0, or the key the scheme gives a label) labels it. With nothing selected a label key makes that
  label the active one.
- Click an entity to select it. A label key relabels it, Delete/Backspace removes it with its relations,
  Ctrl+Shift+Left/Right moves its end and Alt+Shift+Left/Right moves its start by one character.
- Relations: select the head entity and press R, then click the tail entity (or put the caret in it and press
  R or Enter); or drag from the head entity to the tail entity. A menu offers only the types the scheme allows.
  Click an arc (or its label) to select it; Delete removes it. Escape cancels.
- Right-click: label all occurrences (this article or the whole project), change label, and mark a line as
  content or boilerplate. Runs of boilerplate can be collapsed into a "⋯ N lines hidden" marker; click it to expand.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QTextEdit, QToolButton, QVBoxLayout, QWidget

from annotator.core.search import find_hits, search_pattern
from annotator.ui.editing import EditingMixin
from annotator.ui.highlighter import LabelStyle, SpanHighlighter
from annotator.ui.session import Session
from annotator.ui.text_view import AnnotationTextView

# Candidates for the search highlight, strong where label colours are pastel; the one farthest from every
# label colour of the scheme is used, so a hit never looks like an entity.
SEARCH_COLORS = ("#ff6d00", "#00b8d4", "#c51162", "#64dd17", "#6200ea", "#ffd600")


def search_color(scheme) -> QColor:
    labels = [QColor(e.color) for e in scheme.entities]

    def distance(candidate: QColor) -> float:
        if not labels:
            return 0.0
        return min((candidate.red() - c.red()) ** 2 + (candidate.green() - c.green()) ** 2
                   + (candidate.blue() - c.blue()) ** 2 for c in labels)

    return max((QColor(c) for c in SEARCH_COLORS), key=distance)


MAX_SEARCH_HITS = 2000


class ArticleEditor(QWidget, EditingMixin):
    span_selected = Signal(int)  # span id, -1 for none
    relation_selected = Signal(int)  # relation id, -1 for none

    def __init__(self, session: Session, parent: QWidget | None = None, *, use_morphology: bool = True) -> None:
        super().__init__(parent)
        self.session = session
        self.layer = session.state  # the session owns it; this view only reads it
        self.selected_span_id: int | None = None
        self.selected_relation_id: int | None = None
        self.relation_head_id: int | None = None
        self.hover_span_id: int | None = None
        self.collapse = False
        self.expanded_runs: set[int] = set()
        self.collapsed_markers: dict[int, int] = {}  # first line of a collapsed run -> lines it hides
        self.search_query = ""
        self.search_exact_spacing = False
        self._search_selections: list[QTextEdit.ExtraSelection] = []
        self._init_editing()

        self.view = AnnotationTextView(self)
        self.style = LabelStyle(session.scheme, self.view.font())
        self.highlighter = SpanHighlighter(self.view.document(), self.layer, self.style)
        from annotator.ui.relation_review import RelationCandidateReview
        from annotator.ui.suggestion_review import SuggestionReview

        self.relation_review = RelationCandidateReview(self)  # before document_changed reaches _load_document
        self.suggestion_review = SuggestionReview(self)  # before document_changed reaches _load_document
        self.highlighter.suggestions = self.suggestion_review.pending
        self.view.viewport().installEventFilter(self.suggestion_review)
        self.span_selected.connect(self.suggestion_review.entity_selected)
        self.collapse_button = QToolButton(self)
        self.collapse_button.setObjectName("collapseBoilerplate")
        self.collapse_button.setCheckable(True)
        self.collapse_button.toggled.connect(self.set_collapse_boilerplate)
        self._update_collapse_button()
        bar = self.suggestion_review.bar  # the suggestion controls, then Hide boilerplate at the right
        bar.add_trailing(self.collapse_button)
        bar.layout().setContentsMargins(4, 2, 4, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(bar)
        layout.addWidget(self.view, 1)
        self.setFocusProxy(self.view)

        self.morphology = None
        if use_morphology:
            from annotator.ui.morphology import shared_client

            self.morphology = shared_client(session)
        session.document_changed.connect(self._load_document)
        session.annotations_changed.connect(self._on_annotations_changed)
        session.relation_restored.connect(self.select_relation)
        session.scheme_changed.connect(self._on_scheme_changed)
        session.layers_shown_changed.connect(self._on_scheme_changed)  # the same repaint: every block again
        if session.doc_id is not None:
            self._load_document(session.doc_id)

    # loading ----------------------------------------------------------------------------------------
    def _load_document(self, doc_id: int) -> None:
        """Show the session's open document (its state is already read: nothing is fetched here)."""
        state = self.layer
        if state.doc_id != doc_id:
            return
        self.selected_span_id = self.selected_relation_id = self.relation_head_id = self.hover_span_id = None
        self.expanded_runs.clear()
        self.collapsed_markers = {}
        self.view.arc_layout.clear()  # no rows planned from the previous document's relations
        self.view.setPlainText(state.text)  # the highlighter formats every block once, in this pass
        self.view.arc_layout.refresh()
        if self.collapse:
            self._apply_collapse()
        self._find_search_hits()
        self._update_extra_selections()
        if self._search_selections:  # opened from a search: show the first hit
            self._show_first_hit()
        else:
            self._show_article_start(sorted(state.segments.values(), key=lambda seg: seg.line_no))
        if self.morphology is not None:
            self.morphology.request(state.text, state.doc_id)

    def _show_article_start(self, segments) -> None:
        """Open a page at its article, not at the chrome above it: the caret goes to the first content line
        (the headline) and the view scrolls so that line sits near the top, with a little context above."""
        first = next((seg.line_no for seg in segments if seg.effective_kind == "content"), None)
        if first is None:
            return
        document = self.view.document()
        block = document.findBlockByNumber(first - 1)
        if not block.isValid():
            return
        self.view.setTextCursor(QTextCursor(block))
        context = block
        for _ in range(2):  # two visible lines of what comes before, so the reader sees where it starts
            previous = context.previous()
            while previous.isValid() and not previous.isVisible():
                previous = previous.previous()
            if not previous.isValid():
                break
            context = previous
        # QPlainTextEdit scrolls by layout lines: the value is the first line number of the top block.
        self.view.verticalScrollBar().setValue(context.firstLineNumber())

    def _on_annotations_changed(self, doc_id: int, delta) -> None:
        """Repaint what the edit touched; the session has already applied it to the state."""
        if doc_id != self.layer.doc_id:
            return
        layer = self.layer
        changed_lines = {line_no for line_no, _kind in delta.line_overrides}
        dirty = delta.span_ranges + [layer.line_range(line_no) for line_no in changed_lines
                                     if 1 <= line_no <= layer.line_count()]
        self.highlighter.rehighlight_ranges(dirty)
        if changed_lines and self.collapse:
            self._apply_collapse()
        if self.selected_span_id is not None and self.selected_span_id not in layer.by_id:
            self._set_selected_span(None)
        if self.selected_relation_id is not None and self.selected_relation_id not in layer.relation_by_id:
            self._set_selected_relation(None)
        if self.relation_head_id not in layer.by_id:
            self.relation_head_id = None
        self.view.arc_layout.refresh()
        self.view.viewport().update()

    def _on_scheme_changed(self) -> None:
        self.style = LabelStyle(self.session.scheme, self.view.font())
        self.highlighter.style = self.style
        self.highlighter.rehighlight()
        self.view.arc_layout.refresh(force=True)
        self.view.viewport().update()

    # public API -------------------------------------------------------------------------------------
    def select_span(self, span_id: int) -> None:
        span = self.layer.by_id.get(span_id)
        if span is None:
            other = self.layer.other_by_id.get(span_id)
            if other is not None:  # read-only: show where it is
                self._reveal_line(self.layer.line_no_at(other.start))
                self._move_caret(other.start)
            return
        self._reveal_line(self.layer.line_no_at(span.start))
        self._move_caret(span.start)
        self._set_selected_span(span_id)

    def select_relation(self, relation_id: int) -> None:
        rel = self.layer.relation_by_id.get(relation_id)
        if rel is None:
            return
        head = self.layer.by_id.get(rel.head_id)
        if head is not None:
            self._reveal_line(self.layer.line_no_at(head.start))
            self._move_caret(head.start)
        self._set_selected_relation(relation_id)

    def highlight_search(self, query: str, exact_spacing: bool = False) -> None:
        """Highlight every occurrence of query (case-insensitive, across whitespace unless exact_spacing) and
        scroll to the first one."""
        self.search_query = query.strip()
        self.search_exact_spacing = exact_spacing
        self._find_search_hits()
        self._update_extra_selections()
        if self._search_selections:
            self._show_first_hit()

    def _show_first_hit(self) -> None:
        cursor = QTextCursor(self._search_selections[0].cursor)
        cursor.setPosition(cursor.selectionStart())  # the caret at the start of the hit
        self.view.setTextCursor(cursor)
        self.view.centerCursor()

    def set_collapse_boilerplate(self, on: bool) -> None:
        on = bool(on)
        if self.collapse_button.isChecked() != on:
            self.collapse_button.setChecked(on)  # re-enters through toggled
            return
        self.collapse = on
        self.expanded_runs.clear()
        self._apply_collapse()
        self._update_collapse_button()

    def _update_collapse_button(self) -> None:
        # The label says what the text shows now; the pressed state says the same.
        if self.collapse:
            self.collapse_button.setText(self.tr("☑ Boilerplate hidden"))
            self.collapse_button.setToolTip(self.tr("Runs of boilerplate lines are collapsed; click to show them"))
        else:
            self.collapse_button.setText(self.tr("☐ Hide boilerplate"))
            self.collapse_button.setToolTip(self.tr("Collapse runs of boilerplate lines into one marker"))

    def set_arc_mode(self, mode: str) -> None:
        """Which relations get arcs: "all", "selected" (those of the selected entity) or "none"."""
        self.view.arc_layout.set_mode(mode)
        self.view.viewport().update()

    def arc_mode(self) -> str:
        return self.view.arc_layout.mode

    def current_span(self):
        return self.layer.by_id.get(self.selected_span_id) if self.selected_span_id is not None else None

    # selection state --------------------------------------------------------------------------------
    def _set_selected_span(self, span_id: int | None) -> None:
        if span_id is not None and self.selected_relation_id is not None:
            self._set_selected_relation(None)
        if span_id != self.selected_span_id:
            self.selected_span_id = span_id
            self.span_selected.emit(-1 if span_id is None else span_id)
            if self.view.arc_layout.mode == "selected":
                self.view.arc_layout.refresh()
        self.view.viewport().update()

    def _set_selected_relation(self, relation_id: int | None) -> None:
        if relation_id is not None and self.selected_span_id is not None:
            self.selected_span_id = None
            self.span_selected.emit(-1)
        if relation_id != self.selected_relation_id:
            self.selected_relation_id = relation_id
            self.relation_selected.emit(-1 if relation_id is None else relation_id)
            if self.view.arc_layout.mode == "selected":
                self.view.arc_layout.refresh()
        self.view.viewport().update()

    def _move_caret(self, pos: int) -> None:
        cursor = self.view.textCursor()
        cursor.setPosition(self.layer.offsets.to_utf16(pos))
        self.view.setTextCursor(cursor)
        self.view.centerCursor()

    # boilerplate collapsing -------------------------------------------------------------------------
    def _apply_collapse(self) -> None:
        layer = self.layer
        hidden: set[int] = set()
        markers: dict[int, int] = {}
        if self.collapse:
            for first, last in layer.boilerplate_runs():
                if first not in self.expanded_runs:
                    markers[first] = last - first + 1
                    hidden.update(range(first + 1, last + 1))
        doc = self.view.document()
        block = doc.firstBlock()
        changed = False
        while block.isValid():
            line_no = layer.line_no_at(layer.offsets.to_codepoint(block.position()))
            visible = line_no not in hidden
            if block.isVisible() != visible:
                block.setVisible(visible)
                block.setLineCount(max(1, block.layout().lineCount()) if visible else 0)
                doc.markContentsDirty(block.position(), block.length())
                changed = True
            block = block.next()
        self.collapsed_markers = markers
        if changed:
            self.view.ensureCursorVisible()
        self.view.viewport().update()

    def reveal_caret_at(self, position: int) -> None:
        """The caret at a code point, its line expanded and scrolled into view only when it is not (less jumping
        than centring). Qt's ensureCursorVisible counts the top block's first line from its own top, not from the
        arc rows above it (arc_layout.py), and could stop short by their height: whole lines more then."""
        self._reveal_line(self.layer.line_no_at(position))
        cursor = self.view.textCursor()
        cursor.setPosition(self.layer.offsets.to_utf16(position))
        self.view.setTextCursor(cursor)
        self.view.ensureCursorVisible()
        bar, height = self.view.verticalScrollBar(), self.view.viewport().height()
        for _ in range(2):
            while (self.view.cursorRect().bottom() > height and self.view.cursorRect().top() > 0
                   and bar.value() < bar.maximum()):
                bar.setValue(bar.value() + 1)
            if self.view.cursorRect().bottom() <= height or bar.value() < bar.maximum():
                return
            # The range was worked out before blocks below grew by their arc rows: let Qt work it out again.
            layout = self.view.document().documentLayout()
            layout.documentSizeChanged.emit(layout.documentSize())

    def _reveal_line(self, line_no: int) -> None:
        """Expand the collapsed run that hides line_no (or whose marker covers it)."""
        for first, last in self.layer.boilerplate_runs():
            if first <= line_no <= last and first in self.collapsed_markers:
                self.expanded_runs.add(first)
                self._apply_collapse()
                return

    def expand_marker(self, first_line: int) -> None:
        self.expanded_runs.add(first_line)
        self._apply_collapse()

    # overlays (ExtraSelections: hover and search hits only) ------------------------------------------
    def _find_search_hits(self) -> None:
        self._search_selections = []
        pattern = search_pattern(self.search_query, exact_spacing=self.search_exact_spacing)
        if pattern is None:
            return
        fmt = QTextCharFormat()
        fmt.setBackground(search_color(self.session.scheme))
        fmt.setForeground(QColor("#000000"))
        to16 = self.layer.offsets.to_utf16
        for start, end in find_hits(pattern, self.layer.text, MAX_SEARCH_HITS):
            sel = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.view.document())
            cursor.setPosition(to16(start))
            cursor.setPosition(to16(end), QTextCursor.MoveMode.KeepAnchor)
            sel.cursor = cursor
            sel.format = fmt
            self._search_selections.append(sel)

    def _update_extra_selections(self) -> None:
        selections = list(self._search_selections)
        span = self.layer.by_id.get(self.hover_span_id) if self.hover_span_id is not None else None
        if span is not None:
            sel = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.view.document())
            cursor.setPosition(self.layer.offsets.to_utf16(span.start))
            cursor.setPosition(self.layer.offsets.to_utf16(span.end), QTextCursor.MoveMode.KeepAnchor)
            fmt = QTextCharFormat()
            fmt.setFontUnderline(True)
            fmt.setUnderlineColor(self.style.color(span.label).darker(180))
            sel.cursor, sel.format = cursor, fmt
            selections.append(sel)
        self.view.setExtraSelections(selections)

    def search_hit_count(self) -> int:
        return len(self._search_selections)

    def keys_help(self) -> str:
        from annotator.ui import relation_review, suggestion_review

        return "\n".join((__doc__ or "", suggestion_review.__doc__ or "", relation_review.__doc__ or ""))

    def focus_text(self) -> None:
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
