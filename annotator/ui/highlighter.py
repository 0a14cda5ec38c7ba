"""Entity colours and greyed boilerplate as highlighter formats (layout formats, never document content).

The last character of every span gets extra letter spacing as wide as its label chip, so the chip painted
after the span (overlay.py) has room of its own and wraps with the text.
"""

from __future__ import annotations

from bisect import bisect_right

from PySide6.QtGui import QColor, QFont, QFontMetricsF, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from annotator.core.scheme import LabelScheme
from annotator.core.document_state import DocumentState

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
        self.room_formats: dict[str, QTextCharFormat] = {}
        for label in scheme.entities:
            self._add(label.name, QColor(label.color), metrics)
        # Entities of other layers (read-only): a pale wash of the label colour with a dotted underline.
        self.other_formats: dict[str, QTextCharFormat] = {}
        for label in scheme.entities:
            pale = QColor(label.color)
            pale.setAlpha(90)
            fmt = QTextCharFormat()
            fmt.setBackground(pale)
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
            fmt.setUnderlineColor(QColor(label.color).darker(160))
            self.other_formats[label.name] = fmt
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
        room = QTextCharFormat()  # a suggestion's last character: room for its chip, no colour
        room.setFontLetterSpacingType(QFont.SpacingType.AbsoluteSpacing)
        room.setFontLetterSpacing(width + 2 * CHIP_GAP)
        self.room_formats[name] = room

    def format_for(self, label: str, *, last: bool) -> QTextCharFormat:
        if label not in self.formats:  # a label missing from the scheme (should not happen): grey
            self._add(label, QColor("#cccccc"), QFontMetricsF(self.chip_font))
        return self.end_formats[label] if last else self.formats[label]

    def color(self, label: str) -> QColor:
        return self.colors.get(label, QColor("#cccccc"))


class SpanHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument, layer: DocumentState, style: LabelStyle) -> None:
        self.layer = layer
        self.style = style
        self.enabled = True
        self.suggestions = None  # core.pending_suggestions.PendingSuggestions of the review, when there is one
        super().__init__(document)

    def highlightBlock(self, text: str) -> None:  # noqa: N802 (Qt's name)
        # Runs for every block when a document is opened: kept lean (no per-span helper calls).
        layer = self.layer
        suggestions = self.suggestions.visible if self.suggestions is not None else None
        if not self.enabled or (not layer.spans and not layer.boilerplate and not layer.other_spans
                                and not suggestions):
            return
        block = self.currentBlock()
        pos16 = block.position()
        offsets = layer.offsets
        start = offsets.to_codepoint(pos16)
        end = start + len(text)
        if layer.boilerplate and layer.line_no_at(start) in layer.boilerplate:
            self.setFormat(0, block.length() - 1, self.style.muted)
        if layer.other_spans:  # under the own layer's formats, which replace them where both are
            self._other_layers(layer, start, end, pos16)
        if suggestions:
            self._suggestion_room(layer, start, end, pos16)
        spans = layer.spans
        i = bisect_right(layer.ends, start)  # first span ending after the block starts (as spans_between)
        if i == len(spans) or spans[i].start >= max(end, start + 1):
            return  # most blocks of a long article hold no entity
        spans = layer.spans_between(start, end)
        style = self.style
        formats, end_formats = style.formats, style.end_formats
        to16 = offsets.to_utf16 if offsets.has_astral else None
        for span in spans:
            if span.label not in formats:
                style.format_for(span.label, last=False)  # adds a grey format for an unknown label
            s0 = span.start if span.start > start else start
            s1 = span.end if span.end < end else end
            if to16 is None:
                a, b = s0 - start, s1 - start
            else:
                a, b = to16(s0) - pos16, to16(s1) - pos16
            if span.end <= end:  # the span ends in this block: its last character carries the chip room
                last = (span.end - 1 - start) if to16 is None else to16(span.end - 1) - pos16
                if last > a:
                    self.setFormat(a, last - a, formats[span.label])
                else:
                    last = a
                self.setFormat(last, b - last, end_formats[span.label])
            elif b > a:
                self.setFormat(a, b - a, formats[span.label])

    def _other_layers(self, layer, start: int, end: int, pos16: int) -> None:
        offsets = layer.offsets
        formats = self.style.other_formats
        for span in layer.other_spans_between(start, end):
            fmt = formats.get(span.label)
            if fmt is None:
                continue
            a = offsets.to_utf16(max(span.start, start)) - pos16
            b = offsets.to_utf16(min(span.end, end)) - pos16
            if b > a:
                self.setFormat(a, b - a, fmt)

    def _suggestion_room(self, layer, start: int, end: int, pos16: int) -> None:
        """Room for the chip after each suggestion ending in this block (the overlay paints it, dashed)."""
        to16 = layer.offsets.to_utf16
        rooms = self.style.room_formats
        for s in self.suggestions.between(start, end):
            if s.end > end or s.label not in rooms:
                continue
            last = to16(s.end - 1) - pos16
            fmt = QTextCharFormat(self.format(last))
            fmt.merge(rooms[s.label])
            self.setFormat(last, to16(s.end) - pos16 - last, fmt)

    def rehighlight_range(self, start: int, end: int) -> None:
        """Re-run highlightBlock for the blocks covering code points [start, end] only."""
        self.rehighlight_ranges([(start, end)])

    def rehighlight_ranges(self, ranges) -> None:
        """Re-run highlightBlock once for each block touched by any (start, end) code-point range."""
        doc = self.document()
        if doc is None or not ranges:
            return
        to16 = self.layer.offsets.to_utf16
        length = self.layer.offsets.length
        done: set[int] = set()
        for start, end in ranges:
            block = doc.findBlock(to16(min(start, length)))
            last = doc.findBlock(to16(min(end, length)))
            while block.isValid():
                number = block.blockNumber()
                if number not in done:
                    done.add(number)
                    self.rehighlightBlock(block)
                if block == last:
                    break
                block = block.next()
