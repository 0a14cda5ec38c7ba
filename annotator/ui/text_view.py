"""The read-only text widget: geometry of spans in viewport coordinates and the paint hooks.

Only blocks inside the viewport are measured; everything is recomputed from the live QTextLayout on every
paint, so chips and arcs follow scrolling, resizing and re-wrapping.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt
from PySide6.QtGui import QKeySequence, QPainter, QTextBlock, QTextOption
from PySide6.QtWidgets import QPlainTextEdit

from annotator.core.model import Span
from annotator.ui.overlay import OverlayPainter

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
        self.overlay = OverlayPainter(self)

    # geometry ---------------------------------------------------------------------------------------
    def visible_blocks(self) -> list[VisibleBlock]:
        layer = self.editor.layer
        out = []
        block = self.firstVisibleBlock()
        offset = self.contentOffset()
        height = self.viewport().height()
        while block.isValid():
            rect = self.blockBoundingGeometry(block).translated(offset)
            if rect.top() > height:
                break
            if block.isVisible() and rect.bottom() >= 0:
                start = layer.offsets.to_codepoint(block.position())
                out.append(VisibleBlock(block, rect, start, start + len(block.text())))
            block = block.next()
        return out

    def fragments(self, span: Span, vb: VisibleBlock) -> list[QRectF]:
        """Rectangles of span's text on each wrapped line of one visible block (chip room excluded)."""
        to16 = self.editor.layer.offsets.to_utf16
        pos16 = vb.block.position()
        a = to16(max(span.start, vb.start)) - pos16
        b = to16(min(span.end, vb.end)) - pos16
        ends_here = span.end <= vb.end
        layout = vb.block.layout()
        chip = self.editor.style.chip_widths.get(span.label, 0.0) + 2 * 3.0 if ends_here else 0.0
        rects = []
        for i in range(layout.lineCount()):
            line = layout.lineAt(i)
            ls, le = line.textStart(), line.textStart() + line.textLength()
            lo, hi = max(a, ls), min(b, le)
            if lo >= hi:
                continue
            x1 = line.cursorToX(lo)[0]
            x2 = line.cursorToX(hi)[0]
            if ends_here and hi == b:
                x2 -= chip
            rects.append(QRectF(vb.rect.left() + x1, vb.rect.top() + line.y(), max(1.0, x2 - x1), line.height()))
        return rects

    def anchor(self, span: Span, visible: list[VisibleBlock]) -> QPointF | None:
        """Top centre of the span's first fragment; an off-screen span is pinned just outside the viewport."""
        for vb in visible:
            if vb.start <= span.start <= vb.end or (span.start < vb.start < span.end):
                rects = self.fragments(span, vb)
                if rects:
                    return QPointF(rects[0].center().x(), rects[0].top() + 1)
        doc = self.document()
        block = doc.findBlock(self.editor.layer.offsets.to_utf16(span.start))
        if not block.isValid():
            return None
        height = self.viewport().height()
        first = visible[0].start if visible else 0
        y = -40.0 if span.start < first else height + 40.0
        x = self.viewport().width() / 2
        layout = block.layout()
        if layout is not None and layout.lineCount() > 0:
            rel = self.editor.layer.offsets.to_utf16(span.start) - block.position()
            x = self.blockBoundingGeometry(block).left() + layout.lineForTextPosition(rel).cursorToX(rel)[0]
        return QPointF(x, y)

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
        painter.end()

    # events: the editor decides -----------------------------------------------------------------------
    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride:
            if QKeySequence(event.keyCombination()) in WINDOW_KEYS:
                event.ignore()  # let the window's shortcut fire
                return False
            if self.editor.wants_key(event):
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
