"""Relation arcs get rows of their own above the lines that carry them: no arc label overlaps another, none
covers text, and the view shows all arcs, those of the selected entity, or none."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QRectF

from annotator.ui.arc_layout import LEVEL_GAP, assign_levels
from tests.ui.mw_support import sample_path_db, sample_project, settings_dir, window  # noqa: F401 (fixtures)


@st.composite
def arc_items(draw):
    n = draw(st.integers(1, 14))
    items = []
    for _ in range(n):
        a = draw(st.floats(0, 600))
        b = a + draw(st.floats(1, 400))
        width = draw(st.floats(10, 60))
        centre = min(max((a + b) / 2, width / 2), 1000 - width / 2)
        open_left, open_right = draw(st.booleans()), draw(st.booleans())
        legs = tuple(x for x, o in ((a, open_left), (b, open_right)) if not o)
        items.append((a, b, centre - width / 2, centre + width / 2, legs))
    return items


@settings(max_examples=200, deadline=None)
@given(arc_items())
def test_levels_never_overlap_on_a_row(items):
    levels = assign_levels(items)
    assert all(level >= 1 for level in levels)
    for i, (a, b, la, lb, _legs) in enumerate(items):
        lo, hi = min(a, la), max(b, lb)
        for j, (c, d, lc, ld, legs) in enumerate(items):
            if i == j:
                continue
            if levels[i] == levels[j]:
                assert hi + LEVEL_GAP / 2 <= min(c, lc) - LEVEL_GAP / 2 or lo - LEVEL_GAP / 2 >= max(d, ld) + LEVEL_GAP / 2
    assert max(levels) <= len(items)


def test_nested_arcs_stack_inside_out():
    inner = (100, 150, 110, 140, (100, 150))
    outer = (50, 300, 160, 190, (50, 300))
    assert assign_levels([outer, inner]) == [2, 1]


def test_two_relations_between_the_same_entities_take_two_rows():
    same = (0, 10, -15, 25, (0, 10))
    assert sorted(assign_levels([same, same])) == [1, 2]


def _text_rects(view):
    """Viewport rectangles of every laid-out line of text on screen."""
    rects = []
    for vb in view.visible_blocks():
        layout = vb.block.layout()
        for i in range(layout.lineCount()):
            line = layout.lineAt(i)
            if line.textLength() == 0:
                continue
            rect = line.naturalTextRect().translated(vb.rect.left(), vb.rect.top())
            rects.append(rect.adjusted(0, 1, 0, -1))
    return rects


@pytest.mark.parametrize("doc", [0, 1, 2])
@pytest.mark.parametrize("width", [560, 900])
def test_dense_samples_labels_clear_of_each_other_and_of_text(window, qtbot, doc, width):
    window.resize(width + 700, 760)
    window.open_document(window.project.document_ids()[doc])
    view = window.editor.view
    checked = 0
    for page in range(6):  # a few screens down the article
        view.viewport().repaint()
        boxes = [box for _rid, _stroke, box in view.overlay.arc_shapes]
        text = _text_rects(view)
        for i, box in enumerate(boxes):
            for other in boxes[i + 1:]:
                assert not box.intersects(other), (box, other)
            for rect in text:
                assert not box.intersects(rect), (box, rect)
        # no arc runs over text: every point of every arc path lies outside the lines' glyph boxes (its feet
        # touch the top edge of the entity they point at, within 2 px)
        for vb in view.visible_blocks():
            plan = view.arc_layout.plan_of(vb.block)
            for piece in plan.pieces if plan else ():
                path = view.overlay._piece_path(piece, vb.rect.left(), vb.rect.top())
                near = [r.adjusted(0, 2, 0, 0) for r in text if r.intersects(path.boundingRect().adjusted(0, 0, 1, 1))]
                for i in range(41) if near else ():
                    point = path.pointAtPercent(i / 40)
                    assert not any(rect.contains(point) for rect in near), (piece, point)
        checked += len(boxes)
        view.verticalScrollBar().setValue(view.verticalScrollBar().value() + view.viewport().height() // 20)
    assert checked > 0


def test_arc_modes_all_selected_none(window, qtbot):
    editor = window.editor
    view = editor.view
    relations = window.project.relations(window.session.doc_id)
    first = relations[0]
    editor.select_relation(first.id)
    view.viewport().repaint()
    height_all = sum(vb.rect.height() for vb in view.visible_blocks())
    assert view.overlay.arc_shapes
    window.actions_by_name["arcs_none"].trigger()
    view.viewport().repaint()
    assert view.overlay.arc_shapes == []
    assert editor.arc_mode() == "none" and window.settings.value("view/arcs") == "none"
    block = editor.view.document().findBlock(editor.layer.offsets.to_utf16(editor.layer.by_id[first.head_id].start))
    assert block.layout().lineAt(0).y() == 0  # no room is kept for hidden arcs
    window.actions_by_name["arcs_selected"].trigger()
    editor.select_span(first.head_id)
    view.viewport().repaint()
    shown = {rid for rid, _s, _b in view.overlay.arc_shapes}
    expected = {r.id for r in relations if first.head_id in (r.head_id, r.tail_id)}
    assert shown and shown <= expected
    editor._set_selected_span(None)
    view.viewport().repaint()
    assert view.overlay.arc_shapes == []
    window.actions_by_name["arcs_all"].trigger()
    view.viewport().repaint()
    assert len(view.overlay.arc_shapes) >= len(shown)
    assert height_all > 0
    assert isinstance(view.overlay.arc_shapes[0][2], QRectF)


def test_adding_a_relation_makes_room_and_deleting_it_gives_it_back(window, qtbot):
    editor, session = window.editor, window.session
    for rel in list(session.project.relations(session.doc_id)):
        session.delete_relation(rel.id)
    spans = session.project.spans(session.doc_id)
    head, tail = spans[0], spans[1]
    block = editor.view.document().findBlock(editor.layer.offsets.to_utf16(head.start))
    editor.view.viewport().repaint()
    before = editor.view.blockBoundingRect(block).height()
    labels = {(head.label, tail.label)}
    allowed = session.scheme.allowed_relations(*next(iter(labels)))
    rel = session.add_relation(head.id, tail.id, (allowed or session.scheme.relations)[0].name)
    editor.view.viewport().repaint()
    assert editor.view.blockBoundingRect(block).height() > before
    session.delete_relation(rel.id)
    editor.view.viewport().repaint()
    assert editor.view.blockBoundingRect(block).height() == before
