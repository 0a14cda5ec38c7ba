"""Room of their own for relation arcs: rows above each wrapped line that carries arcs, as brat and INCEpTION do.

QPlainTextDocumentLayout stacks a block's lines from y = 0. ArcRoomLayout moves each line down by the room its
arcs need, so the block grows and QPlainTextEdit paints, scrolls and hit-tests the moved lines as laid out: an arc
or its label is never painted over glyphs. Each line's arcs are stacked in levels (assign_levels) so that no two
labels overlap. An arc whose ends lie on two lines is drawn in two pieces, each on its own line: from its end
out to the right edge, and in from the left edge to the other end. Suggested relations (relation_review.py) are
planned the same way, as pieces marked candidate, so they take room of their own and never cover a label.

Plans are made for blocks as Qt lays them out (only the blocks that are painted or measured), cached per block,
and remade when Qt re-lays a block out (its lines come back at their natural positions) or when the relations
touching it change (refresh()).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QFontMetricsF, QTextBlock
from PySide6.QtWidgets import QPlainTextDocumentLayout

from annotator.ui.highlighter import CHIP_GAP

if TYPE_CHECKING:
    from annotator.ui.article_view import ArticleEditor

ARC_MODES = ("all", "selected", "none")
BASE_GAP = 3.0  # between the lowest arc row and the glyphs
LEVEL_GAP = 6.0  # horizontal clearance between two arcs on one row
LABEL_PAD = 8.0


def assign_levels(items: list[tuple[float, float, float, float, tuple[float, ...]]]) -> list[int]:
    """A row (1 = lowest) per item (left, right, label_left, label_right, legs), narrow arcs low, so an arc
    nested in another sits under it.

    Guaranteed: on one row no two items' extents (segment and label, plus LEVEL_GAP) overlap, so no two labels
    overlap. A label is not put on a row that a leg of an arc already placed higher runs through. (A leg of a
    higher arc can still run behind a lower label that overhangs its own arc; labels are painted over arcs.)"""
    order = sorted(range(len(items)), key=lambda i: (items[i][1] - items[i][0], items[i][0]))
    levels = [0] * len(items)
    rows: dict[int, list[int]] = {}
    top = 0
    for i in order:
        left, right, label_left, label_right, _legs = items[i]
        lo, hi = _extent(items[i])
        k = 1
        while k <= top:
            free = all(hi <= _extent(items[j])[0] or lo >= _extent(items[j])[1] for j in rows.get(k, ()))
            crossed = any(label_left - 2 <= x <= label_right + 2
                          for level in range(k + 1, top + 1) for j in rows.get(level, ()) for x in items[j][4])
            if free and not crossed:
                break
            k += 1
        levels[i] = k
        rows.setdefault(k, []).append(i)
        top = max(top, k)
    return levels


def _extent(item) -> tuple[float, float]:
    left, right, label_left, label_right, _legs = item
    return min(left, label_left) - LEVEL_GAP / 2, max(right, label_right) + LEVEL_GAP / 2


@dataclass(slots=True)
class ArcPiece:
    """One relation's arc on one wrapped line, in block coordinates (x as the line lays it out)."""

    relation_id: int
    label: str
    line: int  # index of the wrapped line in its block
    left: float  # ends of the horizontal; a leg at each end unless that end is open
    right: float
    open_left: bool
    open_right: bool
    arrow_x: float | None  # the leg ending at the tail, when the tail is on this line
    label_width: float
    candidate: bool = False  # a suggested relation (relation_id is then the candidate's id): drawn dashed
    level: int = 0
    level_y: float = 0.0  # set once the rows are known
    foot_y: float = 0.0

    @property
    def legs(self) -> tuple[float, ...]:
        return tuple(x for x, is_open in ((self.left, self.open_left), (self.right, self.open_right))
                     if not is_open)

    def label_rect(self, row_height: float, line_left: float, line_right: float) -> QRectF:
        centre = (self.left + self.right) / 2
        half = self.label_width / 2
        centre = min(max(centre, line_left + half), line_right - half)
        return QRectF(centre - half, self.level_y - (row_height - 3) / 2, self.label_width, row_height - 3)


@dataclass(slots=True)
class BlockPlan:
    ys: list[float]  # where each wrapped line goes (its natural y plus the rows above it)
    pieces: list[ArcPiece] = field(default_factory=list)
    line_spans: list[tuple[float, float]] = field(default_factory=list)  # x extent of each wrapped line

    def matches(self, layout) -> bool:
        return layout.lineCount() == len(self.ys) and all(
            abs(layout.lineAt(i).y() - y) < 0.01 for i, y in enumerate(self.ys))

    def apply(self, layout) -> None:
        for i, y in enumerate(self.ys):
            line = layout.lineAt(i)
            line.setPosition(QPointF(line.x(), y))


class ArcRoomLayout(QPlainTextDocumentLayout):
    def __init__(self, document, editor: "ArticleEditor") -> None:
        super().__init__(document)
        self.editor = editor
        self.mode = "all"
        self._plans: dict[int, BlockPlan] = {}
        self._signatures: dict[int, list] = {}  # block number -> the shown relations touching it
        self._touching: dict[int, list] = {}  # block number -> those relations

    # geometry Qt asks for ---------------------------------------------------------------------------
    def blockBoundingRect(self, block: QTextBlock) -> QRectF:  # noqa: N802 (Qt's name)
        rect = super().blockBoundingRect(block)  # lays the block out if it is not
        number = block.blockNumber()
        if number not in self._touching or not block.isVisible():
            return rect
        layout = block.layout()
        if layout.lineCount() == 0:
            return rect
        plan = self._plans.get(number)
        if plan is None or not plan.matches(layout):
            plan = self._plan(block)
            self._plans[number] = plan
            plan.apply(layout)
            rect = super().blockBoundingRect(block)
        return rect

    def plan_of(self, block: QTextBlock) -> BlockPlan | None:
        """The plan the block was last laid out with (None for a block without arcs)."""
        return self._plans.get(block.blockNumber()) if block.blockNumber() in self._touching else None

    def row_height(self) -> float:
        return QFontMetricsF(self.editor.style.chip_font).height() + 5

    # what changed -----------------------------------------------------------------------------------
    def clear(self) -> None:
        """Before a new document's text: no plans, no relations (refresh() after the text is in)."""
        self._plans.clear()
        self._signatures.clear()
        self._touching.clear()

    def set_mode(self, mode: str) -> None:
        if mode not in ARC_MODES:
            raise ValueError(f"unknown arc mode {mode!r}")
        self.mode = mode
        self.refresh()

    def refresh(self, *, force: bool = False) -> bool:
        """Re-plan the blocks whose shown relations changed (all with force, e.g. a new scheme or font).
        Returns whether any block's room changed."""
        touching, signatures = self._shown_by_block()
        changed = set(signatures) | set(self._signatures) if force else {
            n for n in set(signatures) | set(self._signatures) if signatures.get(n) != self._signatures.get(n)}
        self._touching, self._signatures = touching, signatures
        doc = self.document()
        for number in changed:
            self._plans.pop(number, None)
            block = doc.findBlockByNumber(number)
            if not block.isValid() or block.layout().lineCount() == 0:
                continue  # laid out (and planned) when Qt first needs it
            if number in touching:
                plan = self._plan(block)
                self._plans[number] = plan
            else:
                plan = BlockPlan(self._natural_ys(block.layout()))
            plan.apply(block.layout())
        if changed:
            # QPlainTextEdit works its scroll range out from the last blocks' heights when the document's size
            # changes; rows added here change heights only, so without this the range kept the heights before the
            # arcs and the end of an article with arcs on every line was out of reach (750 px of 80 lines).
            self.documentSizeChanged.emit(self.documentSize())
        return bool(changed)

    def _shown(self) -> list:
        editor = self.editor
        relations = editor.layer.relations
        if self.mode == "none":
            return []
        if self.mode == "selected":
            sid, rid = editor.selected_span_id, editor.selected_relation_id
            return [r for r in relations if r.id == rid or (sid is not None and sid in (r.head_id, r.tail_id))]
        return relations

    def _shown_candidates(self) -> list:
        """Suggested relations with arcs: as the mode shows relations, and the current one always."""
        review = getattr(self.editor, "relation_review", None)
        if review is None or not review.visible:
            return []
        if self.mode == "all":
            return review.visible
        sid = self.editor.selected_span_id
        return [s for s in review.visible if s.id == review.current_id
                or (self.mode == "selected" and sid is not None and sid in (s.head_id, s.tail_id))]

    def _shown_by_block(self) -> tuple[dict[int, list], dict[int, list]]:
        # Runs after every edit over all shown relations: kept to plain Python (no Qt calls per relation).
        layer = self.editor.layer
        by_id = layer.by_id
        doc = self.document()
        if doc.blockCount() == layer.line_count():  # one block per line, as usual: bisect the line starts
            line_no_at = layer.line_no_at

            def block_of(pos: int) -> int:
                return line_no_at(pos) - 1
        else:  # U+2029 and the like split blocks inside a line
            to16 = layer.offsets.to_utf16

            def block_of(pos: int) -> int:
                return doc.findBlock(to16(pos)).blockNumber()
        touching: dict[int, list] = {}
        signatures: dict[int, list] = {}
        shown = [(rel, False) for rel in self._shown()] + [(c, True) for c in self._shown_candidates()]
        for rel, candidate in shown:
            head, tail = by_id.get(rel.head_id), by_id.get(rel.tail_id)
            if head is None or tail is None:
                continue
            key = (rel.id, candidate, rel.label, head.start, head.end, head.label, tail.start, tail.end, tail.label)
            first, second = block_of(head.start), block_of(tail.start)
            for number in (first,) if first == second else (first, second):
                touching.setdefault(number, []).append((rel, head, tail, candidate))
                signatures.setdefault(number, []).append(key)
        return touching, signatures

    # planning ---------------------------------------------------------------------------------------
    @staticmethod
    def _natural_ys(layout) -> list[float]:
        ys, y = [], 0.0
        for i in range(layout.lineCount()):
            ys.append(y)
            y += layout.lineAt(i).height()
        return ys

    def _plan(self, block: QTextBlock) -> BlockPlan:
        editor = self.editor
        layer, style = editor.layer, editor.style
        layout = block.layout()
        to16 = layer.offsets.to_utf16
        pos16 = block.position()
        start_cp = layer.offsets.to_codepoint(pos16)
        end_cp = start_cp + len(block.text())
        metrics = QFontMetricsF(style.chip_font)
        n_lines = layout.lineCount()
        line_spans = [(layout.lineAt(i).x(), layout.lineAt(i).x() + layout.lineAt(i).width()) for i in range(n_lines)]
        anchors: dict[int, tuple[int, float]] = {}

        def anchor(span) -> tuple[int, float]:
            """(wrapped line, x) of the top centre of the span's first fragment in this block."""
            if span.id not in anchors:
                a = to16(span.start) - pos16
                line = layout.lineForTextPosition(a)
                line_end = line.textStart() + line.textLength()
                b = min(to16(span.end) - pos16, line_end)
                x1, x2 = line.cursorToX(a)[0], line.cursorToX(b)[0]
                if to16(span.end) - pos16 <= line_end:  # the chip drawn after the span is not the span
                    x2 -= style.chip_widths.get(span.label, 0.0) + 2 * CHIP_GAP
                anchors[span.id] = (line.lineNumber(), (x1 + max(x2, x1 + 1)) / 2)
            return anchors[span.id]

        pieces: list[ArcPiece] = []
        review = getattr(editor, "relation_review", None)
        for rel, head, tail, candidate in self._touching.get(block.blockNumber(), ()):
            text = review.arc_text(rel.label) if candidate else _relation_text(editor, rel.label)
            width = metrics.horizontalAdvance(text) + LABEL_PAD
            ends = []
            for span in (head, tail):
                inside = start_cp <= span.start <= end_cp
                ends.append(anchor(span) if inside else None)
            (h, t) = ends
            if h is not None and t is not None and h[0] == t[0]:
                left, right = sorted((h[1], t[1]))
                pieces.append(ArcPiece(rel.id, text, h[0], left, right, False, False, t[1], width, candidate))
                continue
            for end, other_span, is_tail in ((h, tail, False), (t, head, True)):
                if end is None:
                    continue
                line_no, x = end
                other_after = other_span.start > (tail.start if is_tail else head.start)
                lo, hi = line_spans[line_no]
                if other_after:  # out to the right edge, the other end is further down
                    piece = ArcPiece(rel.id, text, line_no, x, hi - 2, False, True, x if is_tail else None, width,
                                     candidate)
                else:  # in from the left edge
                    piece = ArcPiece(rel.id, text, line_no, lo + 2, x, True, False, x if is_tail else None, width,
                                     candidate)
                pieces.append(piece)
        row = self.row_height()
        rows_per_line = [0] * n_lines
        for line_no in range(n_lines):
            on_line = [p for p in pieces if p.line == line_no]
            if not on_line:
                continue
            lo, hi = line_spans[line_no]
            items = []
            for p in on_line:
                half = p.label_width / 2
                centre = min(max((p.left + p.right) / 2, lo + half), hi - half)
                items.append((p.left, p.right, centre - half, centre + half, p.legs))
            for p, level in zip(on_line, assign_levels(items)):
                p.level = level
            rows_per_line[line_no] = max(p.level for p in on_line)
        ys, y = [], 0.0
        for i in range(n_lines):
            if rows_per_line[i]:
                y += rows_per_line[i] * row + BASE_GAP
            ys.append(y)
            y += layout.lineAt(i).height()
        for p in pieces:
            p.foot_y = ys[p.line] + 1
            p.level_y = ys[p.line] - BASE_GAP - (p.level - 0.5) * row
        return BlockPlan(ys, pieces, line_spans)


def _relation_text(editor, name: str) -> str:
    rel = editor.session.scheme.relation(name)
    return rel.display if rel is not None and rel.display else name
