"""pytest-qt tests driving the real ArticleEditor (Kiwi is not started here; test_article_view_kiwi.py uses it)."""

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent, QTextCursor
from PySide6.QtWidgets import QApplication

from annotator.core.model import LineSegment, NewDocument
from annotator.store import Project
from annotator.ui.article_view import ArticleEditor
from annotator.ui.session import Session

TEXT = (
    "메뉴 | 로그인 | 회원가입\n"
    "날씨 맑음 8.1℃\n"
    "\n"
    "🎉 오기웅 중기부 차관은 강원 원주를 찾았다.\n"
    "중기부는 𠀀 강원 특구를 지정했다.\n"
    "저작권 표시\n"
    "무단 전재 금지"
)
SEGMENTS = [
    LineSegment(1, 0, 0, "boilerplate"), LineSegment(2, 0, 0, "boilerplate"), LineSegment(3, 0, 0, "blank"),
    LineSegment(4, 0, 0, "content"), LineSegment(5, 0, 0, "content"),
    LineSegment(6, 0, 0, "boilerplate"), LineSegment(7, 0, 0, "boilerplate"),
]


@pytest.fixture
def editor(qtbot, tmp_path):
    project = Project.open(tmp_path / "p.db", reviewer="kim")
    from annotator.core.text import line_bounds

    segments = [LineSegment(s.line_no, a, b, s.kind) for s, (a, b) in zip(SEGMENTS, line_bounds(TEXT))]
    project.add_documents([NewDocument(TEXT, title="t", segments=segments)])
    session = Session(project)
    widget = ArticleEditor(session, use_morphology=False)
    qtbot.addWidget(widget)
    widget.resize(700, 500)
    widget.show()
    session.open_document(project.document_ids()[0])
    qtbot.waitExposed(widget)
    yield widget
    project.close()


def spans(editor):
    return [(TEXT[s.start : s.end], s.label) for s in editor.session.project.spans(editor.session.doc_id)]


def point_at(editor, pos: int) -> QPoint:
    """Viewport point in the middle of the character at code-point offset pos."""
    cursor = QTextCursor(editor.view.document())
    cursor.setPosition(editor.layer.offsets.to_utf16(pos))
    left = editor.view.cursorRect(cursor)
    cursor.setPosition(editor.layer.offsets.to_utf16(pos + 1))
    right = editor.view.cursorRect(cursor)
    return QPoint((left.left() + right.left()) // 2 if right.top() == left.top() else left.left() + 3, left.center().y())


def mouse(editor, kind, point: QPoint, modifiers=Qt.KeyboardModifier.NoModifier):
    buttons = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseButtonRelease else Qt.MouseButton.LeftButton
    viewport = editor.view.viewport()
    event = QMouseEvent(kind, QPointF(point), QPointF(viewport.mapToGlobal(point)), Qt.MouseButton.LeftButton,
                        buttons, modifiers)
    QApplication.sendEvent(viewport, event)


def drag(editor, start: int, end: int, modifiers=Qt.KeyboardModifier.NoModifier):
    """Press on the character at start, drag, release on the character before end."""
    a, b = point_at(editor, start), point_at(editor, end - 1)
    b = QPoint(b.x() + 3, b.y())
    mouse(editor, QEvent.Type.MouseButtonPress, a - QPoint(3, 0), modifiers)
    mouse(editor, QEvent.Type.MouseMove, b, modifiers)
    mouse(editor, QEvent.Type.MouseButtonRelease, b, modifiers)


def click(editor, pos: int):
    p = point_at(editor, pos)
    mouse(editor, QEvent.Type.MouseButtonPress, p)
    mouse(editor, QEvent.Type.MouseButtonRelease, p)


def test_select_text_and_press_label_key(editor, qtbot):
    start = TEXT.index("오기웅")
    editor._set_selection(start, start + 3)
    qtbot.keyClick(editor.view, "2")  # PERSON in the default scheme
    assert spans(editor) == [("오기웅", "PERSON")]
    assert editor.session.project.spans(editor.session.doc_id)[0].start == start


def test_mouse_selection_applies_active_label_and_strips_particle(editor):
    editor.session.set_active_label("ORG")
    start = TEXT.index("중기부는")
    drag(editor, start, start + 4)
    assert spans(editor) == [("중기부", "ORG")]


def test_exact_selection_with_modifier_keeps_particle(editor):
    editor.session.set_active_label("ORG")
    start = TEXT.index("중기부는")
    drag(editor, start, start + 4, Qt.KeyboardModifier.AltModifier)
    assert spans(editor) == [("중기부는", "ORG")]


def test_offsets_after_emoji_and_supplementary_hanja_are_code_points(editor):
    editor.session.set_active_label("LOC")
    second = TEXT.index("강원 특구")  # after 𠀀 on its line and 🎉 earlier in the text
    drag(editor, second, second + 2)
    stored = editor.session.project.spans(editor.session.doc_id)
    assert [(s.start, s.end) for s in stored] == [(second, second + 2)]
    assert TEXT[stored[0].start : stored[0].end] == "강원"
    first = TEXT.index("오기웅")
    editor._set_selection(first, first + 3)
    qtbot_key(editor, "2")
    assert ("오기웅", "PERSON") in spans(editor)


def qtbot_key(editor, text):
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(editor.view, QKeyEvent(kind, Qt.Key.Key_unknown if not text.isdigit() else
                                                      Qt.Key(ord(text)), Qt.KeyboardModifier.NoModifier, text))


def test_overlap_refused_with_message(editor, qtbot):
    start = TEXT.index("중기부 차관")
    editor.session.add_span(start, start + 3, "ORG")
    editor._set_selection(start + 1, start + 6)
    with qtbot.waitSignal(editor.session.message) as blocker:
        qtbot.keyClick(editor.view, "3")
    assert "overlap" in blocker.args[0]
    assert spans(editor) == [("중기부", "ORG")]


def test_label_key_on_selected_span_changes_label_and_delete_removes_it(editor, qtbot):
    start = TEXT.index("원주")
    span = editor.session.add_span(start, start + 2, "ORG")
    click(editor, start + 1)
    assert editor.selected_span_id == span.id
    qtbot.keyClick(editor.view, "4")
    assert spans(editor) == [("원주", "LOC")]
    qtbot.keyClick(editor.view, Qt.Key.Key_Delete)
    assert spans(editor) == []


def test_relation_by_r_and_click_offers_only_allowed_types(editor, qtbot):
    s = editor.session
    person = s.add_span(TEXT.index("오기웅"), TEXT.index("오기웅") + 3, "PERSON")
    org = s.add_span(TEXT.index("중기부"), TEXT.index("중기부") + 3, "ORG")
    offered = []

    def chooser(parent, options, head, tail, where):
        offered.extend(o.name for o in options)
        return "belongs_to"

    editor.relation_chooser = chooser
    editor.select_span(person.id)
    qtbot.keyClick(editor.view, Qt.Key.Key_R)
    assert editor.relation_head_id == person.id
    click(editor, org.start + 1)
    assert offered == [r.name for r in s.scheme.allowed_relations("PERSON", "ORG")]
    assert "belongs_to" in offered and "designates" not in offered
    rels = s.project.relations(s.doc_id)
    assert [(r.head_id, r.tail_id, r.label) for r in rels] == [(person.id, org.id, "belongs_to")]
    assert editor.layer.relations and editor.selected_relation_id == rels[0].id


def test_relation_by_drag_between_spans(editor):
    s = editor.session
    person = s.add_span(TEXT.index("오기웅"), TEXT.index("오기웅") + 3, "PERSON")
    title = s.add_span(TEXT.index("차관"), TEXT.index("차관") + 2, "TITLE")
    editor.relation_chooser = lambda parent, options, head, tail, where: options[0].name
    drag(editor, person.start + 1, title.start + 2)
    assert [(r.head_id, r.tail_id, r.label) for r in s.project.relations(s.doc_id)] == [
        (person.id, title.id, "holds_title")
    ]
    assert len(s.project.spans(s.doc_id)) == 2  # the drag labelled nothing


def test_delete_span_cascades_to_relations_and_undo_restores(editor, qtbot):
    s = editor.session
    person = s.add_span(TEXT.index("오기웅"), TEXT.index("오기웅") + 3, "PERSON")
    org = s.add_span(TEXT.index("중기부"), TEXT.index("중기부") + 3, "ORG")
    s.add_relation(person.id, org.id, "belongs_to")
    editor.select_span(org.id)
    qtbot.keyClick(editor.view, Qt.Key.Key_Backspace)
    assert s.project.relations(s.doc_id) == [] and len(s.project.spans(s.doc_id)) == 1
    s.undo_stack.undo()
    assert len(s.project.relations(s.doc_id)) == 1 and len(s.project.spans(s.doc_id)) == 2
    assert set(editor.layer.by_id) == {person.id, org.id}


def test_arc_is_painted_selectable_by_click_and_deletable(editor, qtbot):
    s = editor.session
    person = s.add_span(TEXT.index("오기웅"), TEXT.index("오기웅") + 3, "PERSON")
    org = s.add_span(TEXT.index("중기부"), TEXT.index("중기부") + 3, "ORG")
    rel = s.add_relation(person.id, org.id, "belongs_to")
    editor._set_selected_span(None)
    editor.view.viewport().repaint()
    shapes = editor.view.overlay.arc_shapes
    assert [rid for rid, _, _ in shapes] == [rel.id]
    centre = shapes[0][2].center().toPoint()
    with qtbot.waitSignal(editor.relation_selected) as blocker:
        mouse(editor, QEvent.Type.MouseButtonPress, centre)
        mouse(editor, QEvent.Type.MouseButtonRelease, centre)
    assert blocker.args == [rel.id]
    qtbot.keyClick(editor.view, Qt.Key.Key_Delete)
    assert s.project.relations(s.doc_id) == []
    assert len(s.project.spans(s.doc_id)) == 2


def test_chip_room_is_reserved_after_each_span(editor):
    start = TEXT.index("강원 원주")
    editor.session.add_span(start, start + 2, "LOC")
    editor.view.viewport().repaint()
    cursor = QTextCursor(editor.view.document())
    o = editor.layer.offsets
    cursor.setPosition(o.to_utf16(start + 1))
    before_last = editor.view.cursorRect(cursor).left()
    cursor.setPosition(o.to_utf16(start + 2))
    after_last = editor.view.cursorRect(cursor).left()
    assert after_last - before_last > editor.style.chip_widths["LOC"]  # glyph + chip


def test_keyboard_only_path_extends_by_word_and_labels(editor, qtbot):
    start = TEXT.index("강원 원주")
    cursor = editor.view.textCursor()
    cursor.setPosition(editor.layer.offsets.to_utf16(start))
    editor.view.setTextCursor(cursor)
    qtbot.keyClick(editor.view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(editor.view, "4")
    assert spans(editor) == [("강원", "LOC")]


def test_boundary_adjustment_by_keyboard_merges_into_one_undo_step(editor, qtbot):
    start = TEXT.index("원주를")
    span = editor.session.add_span(start, start + 1, "LOC")
    editor.select_span(span.id)
    qtbot.keyClick(editor.view, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(editor.view, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(editor.view, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert spans(editor) == [("원주", "LOC")]
    editor.session.undo_stack.undo()
    assert spans(editor) == [("원", "LOC")]


def test_window_keys_are_not_consumed(editor):
    for key, mods, text in ((Qt.Key.Key_N, Qt.KeyboardModifier.NoModifier, "n"),
                            (Qt.Key.Key_P, Qt.KeyboardModifier.NoModifier, "p"),
                            (Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier, ""),
                            (Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier, "")):
        event = QKeyEvent(QEvent.Type.KeyPress, key, mods, text)
        QApplication.sendEvent(editor.view, event)
        assert not event.isAccepted(), key
        override = QKeyEvent(QEvent.Type.ShortcutOverride, key, mods, text)
        QApplication.sendEvent(editor.view, override)
        assert not override.isAccepted(), key
    label = QKeyEvent(QEvent.Type.ShortcutOverride, Qt.Key.Key_1, Qt.KeyboardModifier.NoModifier, "1")
    QApplication.sendEvent(editor.view, label)
    assert label.isAccepted()  # label keys win over window shortcuts while the text has focus


def test_boilerplate_lines_are_greyed_and_override_from_context_menu(editor):
    assert editor.layer.boilerplate == {1, 2, 6, 7}
    line5 = TEXT.split("\n")[4]
    pos = TEXT.index(line5)
    menu = editor.build_context_menu(point_at(editor, pos + 1))
    action = next(a for a in menu.actions() if a.text().startswith("Mark line 5 as boilerplate"))
    action.trigger()
    assert editor.session.project.segments(editor.session.doc_id)[4].override == "boilerplate"
    assert 5 in editor.layer.boilerplate
    formats = editor.view.document().findBlockByNumber(4).layout().formats()
    assert formats and formats[0].format.foreground().color().name() == "#9a9a9a"
    editor.session.undo_stack.undo()
    assert 5 not in editor.layer.boilerplate
    assert editor.session.project.segments(editor.session.doc_id)[4].override is None


def test_label_all_occurrences_from_context_menu(editor):
    start = TEXT.index("강원")
    editor.session.add_span(start, start + 2, "LOC")
    menu = editor.build_context_menu(point_at(editor, start + 1))
    next(a for a in menu.actions() if "in this article" in a.text()).trigger()
    assert spans(editor) == [("강원", "LOC"), ("강원", "LOC")]


def test_collapse_boilerplate_hides_runs_and_marker_click_expands(editor, qtbot):
    editor.set_collapse_boilerplate(True)
    doc = editor.view.document()
    visible = [doc.findBlockByNumber(i).isVisible() for i in range(7)]
    assert visible == [True, False, True, True, True, True, False]  # a trailing blank line is not part of the run
    assert editor.collapsed_markers == {1: 2, 6: 2}
    editor.view.viewport().repaint()
    line_no, rect = editor.view.overlay.marker_rects[0]
    assert line_no == 1
    mouse(editor, QEvent.Type.MouseButtonPress, rect.center().toPoint())
    mouse(editor, QEvent.Type.MouseButtonRelease, rect.center().toPoint())
    assert doc.findBlockByNumber(1).isVisible() and 1 not in editor.collapsed_markers
    assert not doc.findBlockByNumber(6).isVisible()
    editor.set_collapse_boilerplate(False)
    assert all(doc.findBlockByNumber(i).isVisible() for i in range(7))


def test_search_hits_are_highlighted(editor):
    editor.highlight_search("강원")
    assert editor.search_hit_count() == 2
    assert len(editor.view.extraSelections()) == 2
    editor.highlight_search("")
    assert editor.view.extraSelections() == []


def test_search_highlight_matches_across_spaces_unless_exact(editor):
    editor.highlight_search("원주를찾았다")
    assert editor.search_hit_count() == 1
    selection = editor.view.extraSelections()[0]
    assert QTextCursor(selection.cursor).selectedText() == "원주를 찾았다"
    editor.highlight_search("원주를찾았다", True)
    assert editor.search_hit_count() == 0


def test_select_span_emits_and_reveals_collapsed_line(editor, qtbot):
    span = editor.session.add_span(TEXT.index("저작권"), TEXT.index("저작권") + 3, "ORG")
    editor._set_selected_span(None)
    editor.set_collapse_boilerplate(True)
    with qtbot.waitSignal(editor.span_selected) as blocker:
        editor.select_span(span.id)
    assert blocker.args == [span.id]
    assert editor.view.document().findBlockByNumber(5).isVisible()


def test_a_document_opened_from_a_search_shows_its_first_hit(editor):
    editor.highlight_search("무단전재")
    editor._load_document(editor.session.doc_id)
    assert editor.search_hit_count() == 1
    cursor = editor.view.textCursor()
    assert editor.layer.offsets.to_codepoint(cursor.position()) == TEXT.index("무단 전재")
