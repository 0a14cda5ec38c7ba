"""The article view patches what it shows from each edit's delta, re-highlights and re-measures only what changed,
and stays identical to a fresh load of the project."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtGui import QColor

from annotator.core.model import NewDocument
from annotator.core.scheme import LabelScheme
from annotator.store import Project
from annotator.core.document_state import DocumentState
from annotator.ui.article_view import ArticleEditor
from annotator.ui.overlay import OverlayPainter
from annotator.ui.session import Session

LINES = [f"{i}번째 줄: 중기부는 강원 원주에서 규제자유특구 지정을 발표했다 🎉 𠀀 끝." for i in range(60)]
TEXT = "\n".join(LINES)


def offset(line: int, word: str) -> int:
    return sum(len(x) + 1 for x in LINES[:line]) + LINES[line].index(word)


@pytest.fixture
def editor(qtbot, tmp_path):
    project = Project.open(tmp_path / "p.db", reviewer="kim")
    project.add_documents([NewDocument(TEXT, title="a"), NewDocument("다른 문서 중기부", title="b")])
    session = Session(project)
    widget = ArticleEditor(session, use_morphology=False)
    qtbot.addWidget(widget)
    widget.resize(700, 400)
    widget.show()
    session.open_document(project.document_ids()[0])
    qtbot.waitExposed(widget)
    yield widget
    project.close()


def assert_matches_project(editor):
    """What the view shows equals what a fresh load from SQLite would show."""
    project, doc_id = editor.session.project, editor.session.doc_id
    fresh = DocumentState()
    fresh.load_text(TEXT, doc_id)
    fresh.set_spans(project.spans(doc_id))
    fresh.set_relations(project.relations(doc_id))
    assert editor.layer.spans == fresh.spans
    assert editor.layer.starts == fresh.starts and editor.layer.ends == fresh.ends
    assert editor.layer.by_id == fresh.by_id
    assert editor.layer.relations == fresh.relations
    assert editor.layer.relations_of == fresh.relations_of


def test_layer_follows_every_kind_of_edit_undo_and_redo(editor):
    s = editor.session
    person = s.add_span(offset(3, "중기부"), offset(3, "중기부") + 3, "PERSON")
    org = s.add_span(offset(3, "강원"), offset(3, "강원") + 2, "ORG")
    loc = s.add_span(offset(10, "원주"), offset(10, "원주") + 2, "LOC")
    rel = s.add_relation(person.id, org.id, "belongs_to")
    assert rel is not None
    s.change_span_label(loc.id, "ORG")
    s.resize_span(loc.id, loc.start, loc.end + 1)
    s.label_all_occurrences(person.id, whole_project=True)  # also labels the other document
    s.delete_span(org.id)  # cascades to the relation
    s.add_span(offset(20, "규제"), offset(20, "규제") + 6, "POLICY")
    assert_matches_project(editor)
    steps = s.undo_stack.count()
    for _ in range(steps):
        s.undo_stack.undo()
        assert_matches_project(editor)
    assert editor.layer.spans == []
    for _ in range(steps):
        s.undo_stack.redo()
        assert_matches_project(editor)


def test_an_edit_does_not_reread_the_document(editor, monkeypatch):
    s = editor.session
    calls = []
    for name in ("spans", "relations", "segments", "document"):
        real = getattr(s.project, name)
        monkeypatch.setattr(s.project, name, lambda *a, _n=name, _r=real: calls.append(_n) or _r(*a))
    span = s.add_span(offset(5, "강원"), offset(5, "강원") + 2, "LOC")
    s.undo_stack.undo()
    s.undo_stack.redo()
    assert calls == []
    assert span.id in editor.layer.by_id


def test_the_delta_travels_in_the_signal_and_is_already_in_the_state(editor):
    s = editor.session
    seen = []
    s.annotations_changed.connect(
        lambda doc_id, delta: seen.append((doc_id, delta, {sp.id for sp in s.state.spans})))
    span = s.add_span(offset(1, "강원"), offset(1, "강원") + 2, "LOC")
    s.undo_stack.undo()
    (doc1, added, ids_then), (_doc2, removed, ids_after_undo) = seen
    assert doc1 == s.doc_id and added.parts == {"spans"}
    assert added.added_spans == (span,) and added.removed_spans == ()
    assert removed.removed_spans == (span,) and removed.added_spans == ()
    assert span.id in ids_then and span.id not in ids_after_undo
    with pytest.raises(AttributeError):  # a value: nobody can change what the views were told
        added.added_spans = ()


def test_only_the_edited_block_is_rehighlighted(editor, monkeypatch):
    blocks = []
    real = editor.highlighter.rehighlightBlock
    monkeypatch.setattr(editor.highlighter, "rehighlightBlock",
                        lambda block: blocks.append(block.blockNumber()) or real(block))
    span = editor.session.add_span(offset(7, "강원"), offset(7, "강원") + 2, "LOC")
    assert blocks == [7]
    blocks.clear()
    editor.session.resize_span(span.id, span.start, span.end + 1)  # old and new range share one block
    assert blocks == [7]
    fmt = editor.view.document().findBlockByNumber(7).layout().formats()
    assert any(r.format.background().color() == editor.style.color("LOC") for r in fmt)


def test_visible_blocks_match_qt_geometry_after_scrolling(editor):
    view = editor.view
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum() // 2)
    view.viewport().repaint()
    visible = view.visible_blocks()
    assert visible and visible[0].block.blockNumber() > 0
    offset_ = view.contentOffset()
    for vb in visible:
        assert vb.rect == view.blockBoundingGeometry(vb.block).translated(offset_)
        assert vb.start == editor.layer.offsets.to_codepoint(vb.block.position())


def test_block_geometry_is_measured_once_and_equals_a_fresh_measure(editor, monkeypatch):
    s = editor.session
    for line in (0, 1, 2):
        s.add_span(offset(line, "강원"), offset(line, "강원") + 2, "LOC")
    view = editor.view
    view.viewport().repaint()
    measured = []
    real = view._measure
    monkeypatch.setattr(view, "_measure", lambda vb, spans: measured.append(vb.block.blockNumber()) or real(vb, spans))
    view.viewport().repaint()
    assert measured == []  # nothing changed: every block's geometry came from the cache
    s.add_span(offset(1, "원주"), offset(1, "원주") + 2, "ORG")
    view.viewport().repaint()
    assert measured == [1]
    for vb in view.visible_blocks()[:3]:
        spans = editor.layer.spans_between(vb.start, vb.end)
        cached = view.block_fragments(vb, spans)
        assert cached == {sp.id: view.fragments(sp, vb) for sp in spans}
    editor.resize(500, 400)  # re-wrapping invalidates the cache
    view.viewport().repaint()
    assert len(measured) > 1


def test_chips_are_redrawn_after_a_scheme_colour_change(editor):
    overlay = editor.view.overlay
    height = editor.style.chip_height

    def edge_colour():
        image = overlay.chip("LOC", height).toImage()
        return image.pixelColor(int(2 * image.devicePixelRatio()), image.height() // 2).rgb()

    assert edge_colour() == editor.style.color("LOC").darker(165).rgb()
    data = editor.session.scheme.to_dict()
    for entity in data["entities"]:
        if entity["name"] == "LOC":
            entity["color"] = "#3366ff"
    editor.session.save_scheme(LabelScheme.from_dict(data))
    assert edge_colour() == QColor("#3366ff").darker(165).rgb()


class _Korean(QTranslator):
    def translate(self, context, source, disambiguation=None, n=-1):
        if context == "OverlayPainter" and source == "⋯ {0} lines hidden":
            return "⋯ {0}줄 숨김"
        return ""


def test_collapse_marker_text_is_translated_in_the_overlaypainter_context(editor):
    translator = _Korean()
    QCoreApplication.installTranslator(translator)
    try:
        assert editor.view.overlay.marker_text(3) == "⋯ 3줄 숨김"
    finally:
        QCoreApplication.removeTranslator(translator)
    assert editor.view.overlay.marker_text(3) == "⋯ 3 lines hidden"


def test_lupdate_puts_the_marker_string_in_the_overlaypainter_context(tmp_path):
    lupdate = shutil.which("pyside6-lupdate", path=str(Path(sys.executable).parent))
    if lupdate is None:
        pytest.skip("pyside6-lupdate is not installed")
    import annotator.ui.overlay as overlay

    ts = tmp_path / "out.ts"
    subprocess.run([lupdate, overlay.__file__, "-ts", str(ts)], check=True, capture_output=True, timeout=60)
    text = ts.read_text(encoding="utf-8")
    context = text[text.index("<name>OverlayPainter</name>"):]
    context = context[: context.index("</context>")]
    assert "⋯ {0} lines hidden" in context
    assert OverlayPainter.__name__ == "OverlayPainter"


def test_a_page_opens_at_its_article_not_at_the_chrome_above(qtbot, tmp_path):
    from annotator.core.model import LineSegment, NewDocument
    from annotator.store import Project
    from annotator.ui.article_view import ArticleEditor
    from annotator.ui.session import Session

    lines = [f"  • 맑음도시{i}{i % 9}.5℃" for i in range(120)] + ["", "중기부, 강원 특구 지정", ""] + [
        f"중기부는 강원을 {i}번째 특구로 지정했다." for i in range(60)]
    text = "\n".join(lines)
    segments, pos = [], 0
    for no, line in enumerate(lines, 1):
        kind = "blank" if not line else ("content" if no > 120 else "boilerplate")
        segments.append(LineSegment(no, pos, pos + len(line), kind))
        pos += len(line) + 1
    project = Project.open(tmp_path / "p.db", "kim")
    doc_id = project.add_documents([NewDocument(text, segments=segments)]).imported[0]
    session = Session(project)
    editor = ArticleEditor(session, use_morphology=False)
    qtbot.addWidget(editor)
    editor.resize(700, 400)
    editor.show()
    session.open_document(doc_id)
    view = editor.view
    headline = view.document().findBlockByNumber(121)
    assert view.textCursor().blockNumber() == 121
    top = view.firstVisibleBlock().blockNumber()
    assert 115 <= top <= 121, top
    assert headline.isVisible()
    project.close()
