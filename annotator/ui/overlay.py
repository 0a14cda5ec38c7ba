"""Everything painted over the text: boilerplate shading, collapse markers, label chips, selection and arcs.

Painted in the viewport from the live layout of the visible blocks only; the document is never modified.
Label chips are drawn from pixmaps cached per label and height: text shaping per chip dominated a repaint.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush, QColor, QFont, QPainter, QPainterPath, QPainterPathStroker, QPen, QPixmap, QPolygonF,
)

from annotator.ui.highlighter import CHIP_GAP, MUTED_BACKGROUND, MUTED_TEXT

if TYPE_CHECKING:
    from annotator.ui.text_view import AnnotationTextView, VisibleBlock

MARKER_BACKGROUND = QColor("#eceff3")
SELECTION_PEN = QColor("#1b1b1b")
HEAD_PEN = QColor("#d62828")
ARC_HIT_WIDTH = 8.0


class OverlayPainter(QObject):
    # A QObject so its strings translate in their own context, "OverlayPainter".
    def __init__(self, view: "AnnotationTextView") -> None:
        super().__init__(view)
        self.view = view
        self.arc_shapes: list[tuple[int, QPainterPath, QRectF]] = []  # relation id, stroke, label box
        self.candidate_shapes: list[tuple[int, QPainterPath, QRectF]] = []  # the same for suggested relations
        self.marker_rects: list[tuple[int, QRectF]] = []  # first line of a collapsed run, its marker
        self._chips: dict[tuple[str, float, float], QPixmap] = {}  # (label, height, device ratio) -> chip
        self._chips_style = None  # the LabelStyle the cached chips were drawn with

    def marker_text(self, hidden: int) -> str:
        return self.tr("⋯ {0} lines hidden").format(hidden)

    @property
    def editor(self):
        return self.view.editor

    def paint_under(self, painter, visible: list["VisibleBlock"]) -> None:
        layer = self.editor.layer
        if not layer.boilerplate:
            return
        width = self.view.viewport().width()
        for vb in visible:
            if layer.line_no_at(vb.start) in layer.boilerplate:
                painter.fillRect(QRectF(0, vb.rect.top(), width, vb.rect.height()), MUTED_BACKGROUND)

    def paint_over(self, painter, visible: list["VisibleBlock"]) -> None:
        editor = self.editor
        layer = editor.layer
        self.marker_rects = []
        self.arc_shapes = []
        self.candidate_shapes = []
        markers = editor.collapsed_markers
        ratio = self.view.viewport().devicePixelRatioF()
        for vb in visible:
            line_no = layer.line_no_at(vb.start)
            if line_no in markers:
                self._paint_marker(painter, vb, line_no, markers[line_no])
                continue
            spans = layer.spans_between(vb.start, vb.end)
            if not spans:
                continue
            geometry = self.view.block_fragments(vb, spans)
            for span in spans:
                rects = geometry[span.id]
                if not rects:
                    continue
                if span.end <= vb.end:
                    self._paint_chip(painter, span.label, rects[-1], ratio)
                if span.id == editor.selected_span_id:
                    self._outline(painter, rects, SELECTION_PEN, Qt.PenStyle.SolidLine)
                elif span.id == editor.relation_head_id:
                    self._outline(painter, rects, HEAD_PEN, Qt.PenStyle.DashLine)
        review = getattr(editor, "relation_review", None)
        if layer.relations or (review is not None and review.visible):
            self._paint_arcs(painter, visible)
        review = getattr(editor, "suggestion_review", None)
        if review is not None:
            review.paint(painter, visible)  # dashed, over everything: they are no labels

    # pieces -----------------------------------------------------------------------------------------
    def _paint_marker(self, painter, vb, line_no: int, hidden: int) -> None:
        rect = QRectF(0, vb.rect.top(), self.view.viewport().width(), vb.rect.height())
        painter.fillRect(rect, MARKER_BACKGROUND)
        painter.setPen(MUTED_TEXT)
        painter.setFont(self.view.font())
        text = self.marker_text(hidden)
        painter.drawText(rect.adjusted(8, 0, -8, 0), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text)
        self.marker_rects.append((line_no, rect))

    def _paint_chip(self, painter, label: str, last: QRectF, ratio: float) -> None:
        height = min(self.editor.style.chip_height, last.height())
        pixmap = self.chip(label, height, ratio)
        painter.drawPixmap(QPointF(last.right() + CHIP_GAP, last.center().y() - height / 2), pixmap)

    def chip(self, label: str, height: float, ratio: float | None = None, *, suggestion: QColor | None = None
             ) -> QPixmap:
        """The label's chip (rounded box, label in white), drawn once per label, height and device ratio; a
        suggestion's chip (suggestion: its colour) is white with a dashed border and the label in that colour."""
        style = self.editor.style
        if style is not self._chips_style:  # new scheme or font: colours and widths may differ
            self._chips = {}
            self._chips_style = style
        if ratio is None:
            ratio = self.view.viewport().devicePixelRatioF()
        key = (label, height, ratio, suggestion.rgba() if suggestion is not None else None)
        pixmap = self._chips.get(key)
        if pixmap is None:
            width = style.chip_widths.get(label, 0.0)
            pixmap = QPixmap(max(1, math.ceil(width * ratio)), max(1, math.ceil(height * ratio)))
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(Qt.GlobalColor.transparent)
            p = QPainter(pixmap)
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            rect = QRectF(0, 0, width, height)
            if suggestion is None:
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(style.color(label).darker(165))
            else:
                rect = rect.adjusted(0.5, 0.5, -0.5, -0.5)
                p.setPen(QPen(suggestion, 1, Qt.PenStyle.DashLine))
                p.setBrush(QColor(255, 255, 255, 235))
            p.drawRoundedRect(rect, 3, 3)
            p.setPen(QColor("#ffffff") if suggestion is None else suggestion)
            p.setFont(style.chip_font)
            p.drawText(rect, Qt.AlignmentFlag.AlignCenter, label)
            p.end()
            self._chips[key] = pixmap
        return pixmap

    def _outline(self, painter, rects: list[QRectF], color: QColor, style) -> None:
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(color, 2, style))
        for rect in rects:
            painter.drawRoundedRect(rect.adjusted(-1, 0, 1, 0), 2, 2)

    def _paint_arcs(self, painter, visible) -> None:
        """Arcs in the rows the layout reserved above their lines (arc_layout.py): lines first, labels on top."""
        editor = self.editor
        style = editor.style
        arcs = self.view.arc_layout
        review = getattr(editor, "relation_review", None)
        row = arcs.row_height()
        labels = []
        stroker = QPainterPathStroker()
        stroker.setWidth(ARC_HIT_WIDTH)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for vb in visible:
            plan = arcs.plan_of(vb.block)
            if plan is None:
                continue
            ox, oy = vb.rect.left(), vb.rect.top()
            for piece in plan.pieces:
                if piece.candidate:
                    candidate = review.by_id.get(piece.relation_id) if review is not None else None
                    selected = candidate is not None and piece.relation_id == review.current_id
                    label = candidate.label if candidate is not None else ""
                else:
                    selected = piece.relation_id == editor.selected_relation_id
                    relation = editor.layer.relation_by_id.get(piece.relation_id)
                    label = relation.label if relation else ""
                color = QColor(SELECTION_PEN if selected else style.relation_colors.get(label, QColor("#555555")))
                color.setAlpha(240 if selected else 200)
                if piece.candidate and not selected:
                    color = color.darker(130)  # dashes are thinner on the eye than a solid line
                path = self._piece_path(piece, ox, oy)
                dash = Qt.PenStyle.DashLine if piece.candidate else Qt.PenStyle.SolidLine
                painter.setPen(QPen(color, 2.4 if selected else 1.3, dash))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                # Dashes stroked antialiased cost ~1 ms a path; the arcs are axis-aligned, crisp without it.
                painter.setRenderHint(QPainter.RenderHint.Antialiasing, not piece.candidate)
                painter.drawPath(path)
                painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
                if piece.arrow_x is not None:
                    self._arrow_head(painter, QPointF(ox + piece.arrow_x, oy + piece.foot_y), color,
                                     filled=not piece.candidate)
                lo, hi = plan.line_spans[piece.line]
                box = piece.label_rect(row, lo, hi).translated(ox, oy)
                labels.append((piece.label, box, color, piece.candidate))
                shapes = self.candidate_shapes if piece.candidate else self.arc_shapes
                shapes.append((piece.relation_id, stroker.createStroke(path), box))
        painter.setFont(style.chip_font)
        italic = QFont(style.chip_font)  # a copy: the style keeps its own
        italic.setItalic(True)
        page = self.view.palette().base()
        for text, box, color, candidate in labels:
            if candidate:  # a dashed box in the page's colour, italic: a proposal, not a relation
                painter.setPen(QPen(color, 1, Qt.PenStyle.DashLine))
                painter.setBrush(page)  # hides the arc behind the words, as the relations' boxes do
                painter.drawRoundedRect(box, 3, 3)
                painter.setPen(color.darker(140))
                painter.setFont(italic)
            else:
                painter.setPen(QPen(color, 1))
                painter.setBrush(QColor(255, 255, 255, 245))
                painter.drawRoundedRect(box, 3, 3)
                painter.setPen(QColor("#222222"))
                painter.setFont(style.chip_font)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)

    @staticmethod
    def _piece_path(piece, ox: float, oy: float) -> QPainterPath:
        top, foot = oy + piece.level_y, oy + piece.foot_y
        left, right = ox + piece.left, ox + piece.right
        r = min(4.0, max(0.0, (right - left) / 2), max(0.0, foot - top))
        path = QPainterPath()
        if piece.open_left:
            path.moveTo(left, top)
        else:
            path.moveTo(left, foot)
            path.lineTo(left, top + r)
            path.quadTo(left, top, left + r, top)
        if piece.open_right:
            path.lineTo(right, top)
        else:
            path.lineTo(right - r, top)
            path.quadTo(right, top, right, top + r)
            path.lineTo(right, foot)
        return path

    def _arrow_head(self, painter, tip: QPointF, color: QColor, *, filled: bool = True) -> None:
        size = 5.0
        painter.setPen(Qt.PenStyle.NoPen if filled else QPen(color, 1))
        painter.setBrush(QBrush(color) if filled else Qt.BrushStyle.NoBrush)
        painter.drawPolygon(QPolygonF([tip, QPointF(tip.x() - size * 0.6, tip.y() - size),
                                       QPointF(tip.x() + size * 0.6, tip.y() - size)]))

    # hit tests --------------------------------------------------------------------------------------
    def relation_at(self, point: QPointF) -> int | None:
        for rid, stroke, box in reversed(self.arc_shapes):
            if box.contains(point) or stroke.contains(point):
                return rid
        return None

    def candidate_at(self, point: QPointF) -> int | None:
        """The suggested relation whose arc or label is under point (its candidate id)."""
        for cid, stroke, box in reversed(self.candidate_shapes):
            if box.contains(point) or stroke.contains(point):
                return cid
        return None

    def marker_at(self, point: QPointF) -> int | None:
        for line_no, rect in self.marker_rects:
            if rect.contains(point):
                return line_no
        return None
