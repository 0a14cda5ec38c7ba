"""The read-only text widget: geometry of spans in viewport coordinates and the paint hooks.

Only blocks inside the viewport are measured, from the live QTextLayout, so chips and arcs follow scrolling,
resizing and re-wrapping. A block's span rectangles are cached relative to the block: its layout depends only
on its text, its spans (their formats), the font and the width, which together are the cache key, so a repaint
after an edit or a scroll measures only the blocks that changed or came into view.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt
from PySide6.QtGui import QKeySequence, QPainter, QTextBlock, QTextDocument, QTextOption
from PySide6.QtWidgets import QPlainTextEdit

from annotator.core.model import Span
from annotator.ui.arc_layout import ArcRoomLayout
from annotator.ui.overlay import OverlayPainter

MAX_CACHED_BLOCKS = 4000  # block geometry kept between paints (a few screens of a long article)
# Painted blocks keep their shaped glyphs (about 33 bytes a character, freed with the document) in articles
# up to this length, so the cost stays under ~10 MB; longer ones reshape on each paint, as Qt does by default.
GLYPH_CACHE_MAX_CHARS = 300_000

if TYPE_CHECKING:
    from annotator.ui.article_view import ArticleEditor

# Keys that belong to the main window (E1) and must reach its actions.
WINDOW_KEYS = (
    QKeySequence(Qt.Key.Key_N), QKeySequence(Qt.Key.Key_P),
    QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Return), QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Enter),
    QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Z), QKeySequence(Qt.Modifier.CTRL | Qt.Modifier.SHIFT | Qt.Key.Key_Z),
)


@dataclass(slots=True)
class VisibleBlock:
    block: QTextBlock
    rect: QRectF  # viewport coordinates
    start: int  # code points
    end: int


class AnnotationTextView(QPlainTextEdit):
    def __init__(self, editor: "ArticleEditor") -> None:
        super().__init__(editor)
        self.editor = editor
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setMouseTracking(True)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.DefaultContextMenu)
        # Before any text: the layout that gives arcs rows of their own above the lines (arc_layout.py).
        document = QTextDocument(self)
        self.arc_layout = ArcRoomLayout(document, editor)
        document.setDocumentLayout(self.arc_layout)
        self.setDocument(document)
        self.overlay = OverlayPainter(self)
        self.extra_painters: list = []  # callables (painter, visible blocks) run after the overlay (adjudication)
        self._geometry: dict[int, tuple[tuple, dict[int, list[tuple[float, float, float, float]]]]] = {}
        self._geometry_context: tuple = ()
        self._geometry_text: str | None = None
        self._geometry_style = None

    # geometry ---------------------------------------------------------------------------------------
    def visible_blocks(self) -> list[VisibleBlock]:
        # Walks down from the first visible block adding block heights, as QPlainTextEdit's own paintEvent
        # does: blockBoundingGeometry() re-walks from the top block on every call (quadratic per paint).
        layer = self.editor.layer
        # Cached block geometry is only valid for one text, style, font and width (see block_fragments).
        context = (self.font().key(), self.viewport().width())
        style = self.editor.style
        if (layer.text is not self._geometry_text or style is not self._geometry_style
                or context != self._geometry_context or len(self._geometry) > MAX_CACHED_BLOCKS):
            self._geometry = {}
            self._geometry_text, self._geometry_style = layer.text, style  # held: compared by identity
            self._geometry_context = context
        out = []
        block = self.firstVisibleBlock()
        if not block.isValid():
            return out
        to_cp = layer.offsets.to_codepoint
        offset = self.contentOffset()
        left, top = offset.x(), offset.y()
        height = self.viewport().height()
        cache_glyphs = layer.offsets.length <= GLYPH_CACHE_MAX_CHARS
        while block.isValid() and top <= height:
            if cache_glyphs:
                # By default endLayout() drops the shaped glyphs, and every draw and cursorToX() (chips, arcs,
                # hit tests) shapes the line again; set before the layout below, so that one is kept.
                block.layout().setCacheEnabled(True)
            rect = self.blockBoundingRect(block)
            rect.translate(left, top)
            top = rect.bottom()
            if block.isVisible() and top >= 0:
                start = to_cp(block.position())
                out.append(VisibleBlock(block, rect, start, start + len(block.text())))
            block = block.next()
        return out

    def forget_geometry(self, ranges=None) -> None:
        """Drop the measured blocks covering code-point ranges (all without): a change outside the own spans
        (a suggestion's chip room) moved text in them."""
        if ranges is None:
            self._geometry = {}
            return
        document, offsets = self.document(), self.editor.layer.offsets
        for start, end in ranges:
            block = document.findBlock(offsets.to_utf16(min(start, offsets.length)))
            last = document.findBlock(offsets.to_utf16(min(end, offsets.length)))
            while block.isValid():
                self._geometry.pop(block.blockNumber(), None)
                if block == last:
                    break
                block = block.next()

    def fragments(self, span: Span, vb: VisibleBlock) -> list[QRectF]:
        """Rectangles of span's text on each wrapped line of one visible block (chip room excluded)."""
        left, top = vb.rect.left(), vb.rect.top()
        return [QRectF(left + x, top + y, w, h) for x, y, w, h in self._measure(vb, [span])[span.id]]

    def block_fragments(self, vb: VisibleBlock, spans: list[Span]) -> dict[int, list[QRectF]]:
        """fragments() of every span in one visible block, by span id, measured once per block layout."""
        layout = vb.block.layout()
        key = (vb.start, vb.end, vb.rect.width(), tuple(layout.lineAt(i).y() for i in range(layout.lineCount())),
               tuple((s.id, s.start, s.end, s.label) for s in spans))
        number = vb.block.blockNumber()
        cached = self._geometry.get(number)
        if cached is None or cached[0] != key:
            cached = (key, self._measure(vb, spans))
            self._geometry[number] = cached
        left, top = vb.rect.left(), vb.rect.top()
        return {sid: [QRectF(left + x, top + y, w, h) for x, y, w, h in rects] for sid, rects in cached[1].items()}

    def _measure(self, vb: VisibleBlock, spans: list[Span]) -> dict[int, list[tuple[float, float, float, float]]]:
        """(x, y, width, height) of each span's text per wrapped line, relative to the block's top left."""
        to16 = self.editor.layer.offsets.to_utf16
        chip_widths = self.editor.style.chip_widths
        pos16 = vb.block.position()
        layout = vb.block.layout()
        lines = []
        for i in range(layout.lineCount()):
            line = layout.lineAt(i)
            ls = line.textStart()
            lines.append((line, ls, ls + line.textLength(), line.y(), line.height()))
        out = {}
        for span in spans:
            a = to16(span.start if span.start > vb.start else vb.start) - pos16
            b = to16(span.end if span.end < vb.end else vb.end) - pos16
            ends_here = span.end <= vb.end
            chip = chip_widths.get(span.label, 0.0) + 2 * 3.0 if ends_here else 0.0
            rects = []
            for line, ls, le, y, height in lines:
                lo = a if a > ls else ls
                hi = b if b < le else le
                if lo >= hi:
                    continue
                x1 = line.cursorToX(lo)[0]
                x2 = line.cursorToX(hi)[0]
                if ends_here and hi == b:
                    x2 -= chip
                rects.append((x1, y, x2 - x1 if x2 - x1 > 1.0 else 1.0, height))
            out[span.id] = rects
        return out

    def codepoint_at(self, point) -> int:
        return self.editor.layer.offsets.to_codepoint(self.cursorForPosition(point).position())

    def span_at_point(self, point) -> Span | None:
        """The span whose drawn text (or chip) is under point."""
        pos = self.codepoint_at(point)
        layer = self.editor.layer
        for candidate in (layer.span_at(pos), layer.span_at(pos - 1)):
            if candidate is None:
                continue
            for vb in self.visible_blocks():
                if vb.end < candidate.start or vb.start > candidate.end:
                    continue
                for rect in self.fragments(candidate, vb):
                    chip = self.editor.style.chip_widths.get(candidate.label, 0.0) + 6
                    if rect.adjusted(0, 0, chip, 0).contains(QPointF(point)):
                        return candidate
        return None

    # painting ---------------------------------------------------------------------------------------
    def paintEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        visible = self.visible_blocks()
        painter = QPainter(self.viewport())
        self.overlay.paint_under(painter, visible)
        painter.end()
        super().paintEvent(event)
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.overlay.paint_over(painter, visible)
        for paint in self.extra_painters:
            paint(painter, visible)
        painter.end()

    # events: the editor decides -----------------------------------------------------------------------
    def event(self, event) -> bool:
        review = getattr(self.editor, "suggestion_review", None)  # None while the editor is being built
        if review is not None and event.type() == QEvent.Type.KeyPress and review.handle_key(event):
            return True  # before QWidget's Tab focus chain, which would take Tab
        if event.type() == QEvent.Type.ShortcutOverride:
            if QKeySequence(event.keyCombination()) in WINDOW_KEYS:
                event.ignore()  # let the window's shortcut fire
                return False
            if self.editor.wants_key(event) or (review is not None and review.wants_key(event)):
                event.accept()  # label keys etc. beat window shortcuts while the text has focus
                return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if QKeySequence(event.keyCombination()) in WINDOW_KEYS:
            event.ignore()
            return
        if not self.editor.handle_key(event):
            super().keyPressEvent(event)

    def mousePressEvent(self, event) -> None:  # noqa: N802
        review = getattr(self.editor, "suggestion_review", None)
        if review is not None and review.handle_press(event):
            return
        if not self.editor.handle_press(event):
            super().mousePressEvent(event)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        super().mouseReleaseEvent(event)
        self.editor.handle_release(event)

    def mouseDoubleClickEvent(self, event) -> None:  # noqa: N802
        if not self.editor.handle_double_click(event):
            super().mouseDoubleClickEvent(event)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        super().mouseMoveEvent(event)
        self.editor.handle_hover(event)

    def contextMenuEvent(self, event) -> None:  # noqa: N802
        menu = self.editor.build_context_menu(event.pos())
        menu.exec(event.globalPos())
        menu.deleteLater()
