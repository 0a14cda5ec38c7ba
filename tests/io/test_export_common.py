"""Content-only export: boilerplate lines go, offsets are remapped, and no span is ever dropped."""

from __future__ import annotations

from annotator.core.model import LineSegment, NewDocument, NewSpan
from annotator.io.exporters.common import content_view, iter_export_docs

PAGE = "메뉴 바로가기\n중기부, 강원 특구 지정\n중기부는 강원을 특구로 지정했다.\n[저작권자ⓒ 무단전재 금지]\n관련기사 중기부 소식"


def _segments(kinds):
    out, pos = [], 0
    for i, (line, kind) in enumerate(zip(PAGE.split("\n"), kinds), 1):
        out.append(LineSegment(i, pos, pos + len(line), kind))
        pos += len(line) + 1
    return out


def _store(project, kinds, spans):
    doc_id = project.add_documents([NewDocument(PAGE, segments=_segments(kinds), spans=spans)]).imported[0]
    project.set_status(doc_id, "done")
    return doc_id


def test_content_only_text_and_remapped_offsets(project):
    body = PAGE.index("중기부는")
    _store(project, ["boilerplate", "content", "content", "boilerplate", "boilerplate"],
           [NewSpan(body, body + 3, "ORG"), NewSpan(body + 5, body + 7, "LOC")])
    (doc,) = list(iter_export_docs(project))
    assert doc.text == "중기부, 강원 특구 지정\n중기부는 강원을 특구로 지정했다."
    assert [(doc.text[s.start:s.end], s.label) for s in doc.spans] == [("중기부", "ORG"), ("강원", "LOC")]
    assert doc.offset_map.to_page(doc.spans[0].start) == body


def test_span_in_a_boilerplate_line_keeps_that_line(project):
    related = PAGE.index("관련기사") + 5
    _store(project, ["boilerplate", "content", "content", "boilerplate", "boilerplate"],
           [NewSpan(related, related + 3, "ORG")])
    (doc,) = list(iter_export_docs(project))
    assert doc.text.endswith("관련기사 중기부 소식")
    assert "[저작권자" not in doc.text
    assert [doc.text[s.start:s.end] for s in doc.spans] == ["중기부"]


def test_override_to_content_is_respected_and_whole_page_option(project):
    doc_id = _store(project, ["boilerplate", "content", "content", "boilerplate", "boilerplate"], [])
    project.set_line_override(doc_id, 1, "content")
    (doc,) = list(iter_export_docs(project))
    assert doc.text.startswith("메뉴 바로가기\n중기부,")
    (whole,) = list(iter_export_docs(project, include_boilerplate=True))
    assert whole.text == PAGE and whole.offset_map is None


def test_status_scope(project):
    doc_id = project.add_documents([NewDocument("가나다 라마바")]).imported[0]
    assert list(iter_export_docs(project)) == []
    assert [d.doc.id for d in iter_export_docs(project, status="all")] == [doc_id]


def test_multiline_span_keeps_inner_newline():
    text = "a\nbc\nd"
    segs = [LineSegment(1, 0, 1, "boilerplate"), LineSegment(2, 2, 4, "content"), LineSegment(3, 5, 6, "boilerplate")]
    from annotator.core.model import Span

    out, offsets, spans = content_view(text, segs, [Span(1, 1, 3, 6, "ORG")])
    assert out == "bc\nd"
    assert out[spans[0].start:spans[0].end] == "c\nd"
