"""Entity colours and greyed boilerplate as highlighter formats (layout formats, never document content).

The last character of every span gets extra letter spacing as wide as its label chip, so the chip painted
after the span (overlay.py) has room of its own and wraps with the text.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QFontMetricsF, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from annotator.core.scheme import LabelScheme
from annotator.ui.annotation_layer import AnnotationLayer

MUTED_TEXT = QColor("#9a9a9a")
MUTED_BACKGROUND = QColor(0, 0, 0, 12)
CHIP_PADDING = 4.0
CHIP_GAP = 3.0


def chip_font(base: QFont) -> QFont:
    font = QFont(base)
    size = base.pointSizeF()
    if size > 0:
        font.setPointSizeF(max(6.0, size * 0.68))
    else:
        font.setPixelSize(max(8, int(base.pixelSize() * 0.68)))
    font.setBold(True)
    return font


class LabelStyle:
    """Per-label formats and chip metrics for one scheme and one editor font."""

    def __init__(self, scheme: LabelScheme, font: QFont) -> None:
        self.scheme = scheme
        self.chip_font = chip_font(font)
        metrics = QFontMetricsF(self.chip_font)
        self.chip_height = metrics.height() + 1
        self.colors: dict[str, QColor] = {}
        self.formats: dict[str, QTextCharFormat] = {}
        self.end_formats: dict[str, QTextCharFormat] = {}
        self.chip_widths: dict[str, float] = {}
        for label in scheme.entities:
            self._add(label.name, QColor(label.color), metrics)
        self.muted = QTextCharFormat()
        self.muted.setForeground(MUTED_TEXT)
        self.relation_colors = {r.name: QColor(r.color) for r in scheme.relations}

    def _add(self, name: str, color: QColor, metrics: QFontMetricsF) -> None:
        self.colors[name] = color
        fmt = QTextCharFormat()
        fmt.setBackground(color)
        fmt.setForeground(QColor("#111111"))
        self.formats[name] = fmt
        width = metrics.horizontalAdvance(name) + 2 * CHIP_PADDING
        self.chip_widths[name] = width
        end = QTextCharFormat(fmt)
        end.setFontLetterSpacingType(QFont.SpacingType.AbsoluteSpacing)
        end.setFontLetterSpacing(width + 2 * CHIP_GAP)
        self.end_formats[name] = end

    def format_for(self, label: str, *, last: bool) -> QTextCharFormat:
        if label not in self.formats:  # a label missing from the scheme (should not happen): grey
            self._add(label, QColor("#cccccc"), QFontMetricsF(self.chip_font))
        return self.end_formats[label] if last else self.formats[label]

    def color(self, label: str) -> QColor:
        return self.colors.get(label, QColor("#cccccc"))


class SpanHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument, layer: AnnotationLayer, style: LabelStyle) -> None:
        self.layer = layer
        self.style = style
        self.enabled = True
        super().__init__(document)

    def highlightBlock(self, text: str) -> None:  # noqa: N802 (Qt's name)
        layer = self.layer
        if not self.enabled or (not layer.spans and not layer.boilerplate):
            return
        block = self.currentBlock()
        pos16 = block.position()
        to16 = layer.offsets.to_utf16
        start = layer.offsets.to_codepoint(pos16)
        end = start + len(text)
        if layer.boilerplate and layer.line_no_at(start) in layer.boilerplate:
            self.setFormat(0, block.length() - 1, self.style.muted)
        if not layer.spans:
            return
        for span in layer.spans_between(start, end):
            a = to16(max(span.start, start)) - pos16
            b = to16(min(span.end, end)) - pos16
            if span.end <= end:  # the span ends in this block: its last character carries the chip room
                last = to16(span.end - 1) - pos16
                if last > a:
                    self.setFormat(a, last - a, self.style.format_for(span.label, last=False))
                self.setFormat(max(a, last), b - max(a, last), self.style.format_for(span.label, last=True))
            elif b > a:
                self.setFormat(a, b - a, self.style.format_for(span.label, last=False))

    def rehighlight_range(self, start: int, end: int) -> None:
        """Re-run highlightBlock for the blocks covering code points [start, end] only."""
        doc = self.document()
        if doc is None:
            return
        to16 = self.layer.offsets.to_utf16
        block = doc.findBlock(to16(start))
        last = doc.findBlock(to16(min(end, self.layer.offsets.length)))
        while block.isValid():
            self.rehighlightBlock(block)
            if block == last:
                break
            block = block.next()
