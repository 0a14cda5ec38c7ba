"""Segmenting documents at import and re-segmenting a project: overrides, annotations and statistics."""

from __future__ import annotations

from pathlib import Path

import pytest

import annotator.io.resegment as resegment
from annotator.core.boilerplate import SEGMENTER_VERSION, segment_text
from annotator.core.model import NewDocument
from annotator.io.resegment import SegmentationContext, distinct_lines, resegment_project, segment_new_document

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"
MENU = "본문 바로가기 전체메뉴 검색"
NOTICE = "도는 올해 지역신문발전기금으로 이 사업을 지원했다."


def article(n: int) -> str:
    return "\n".join([
        MENU,
        "",
        f"{n}번째 기사 제목, 지역 혁신 정책 발표",
        "",
        f"정부는 {n}일 지역 혁신 정책을 발표하고 규제자유특구 {n}곳을 새로 지정했다고 밝혔다.",
        f"관계자는 \"{n}개 지역에서 실증을 시작해 성과를 점검하겠다\"고 말했다.",
        NOTICE,
        f"이번 조치로 지역 기업 {n * 10}곳이 규제 특례를 받아 신제품 개발에 나설 수 있게 됐다.",
        "",
        "[저작권자ⓒ 지역신문. 무단전재-재배포 금지]",
    ])


def test_context_segments_and_counts_lines_per_source(project):
    with SegmentationContext(project) as context:
        for n in range(1, 6):
            doc = NewDocument(article(n), source="지역신문")
            context.segment(doc)
            assert doc.segmenter_version == SEGMENTER_VERSION
            assert len(doc.segments) == len(doc.text.split("\n"))
            project.add_documents([doc])
        other = NewDocument(article(9), source="다른신문")
        context.segment(other)
    freq, docs = project.line_frequencies("지역신문")
    assert docs == 5 and freq[MENU] == 5 and freq[NOTICE] == 5
    assert project.line_frequencies("다른신문")[1] == 1
    # by the fifth page the notice recurs in every earlier page: it is chrome now
    doc = NewDocument(article(6), source="지역신문")
    segment_new_document(project, doc)
    notice = doc.segments[6]
    assert notice.kind == "boilerplate" and notice.reason.startswith("recurs in 5 of 5")
    assert project.line_frequencies("지역신문")[1] == 6


def test_first_document_of_a_source_is_judged_on_its_own(project):
    doc = NewDocument(article(1), source="새신문")
    segment_new_document(project, doc)
    assert doc.segments[6].kind == "content"  # the notice is a sentence; no statistics yet


def test_segment_new_document_without_a_project():
    doc = NewDocument(article(2))
    segment_new_document(None, doc)
    assert [s.kind for s in doc.segments][4] == "content"


def test_resegment_keeps_overrides_and_annotations(project):
    text = (FIXTURES / "000_fcb37cc8a9ada870.txt").read_text(encoding="utf-8")
    (doc_id,) = project.add_documents([NewDocument(text, source="cwn", segmenter_version="old")]).imported
    start = text.index("오기웅 중소벤처기업부 차관")
    span = project.add_span(doc_id, start, start + 3, "PERSON")
    project.set_line_override(doc_id, 125, "content")  # reviewer keeps the copyright line
    project.set_line_override(doc_id, 111, "boilerplate")

    counts = resegment_project(project)

    assert counts["resegmented"] == 1 and counts["documents"] == 1 and counts["version"] == SEGMENTER_VERSION
    segments = project.segments(doc_id)
    assert len(segments) == len(text.split("\n"))
    assert segments[124].kind == "boilerplate" and segments[124].effective_kind == "content"
    assert segments[110].kind == "content" and segments[110].effective_kind == "boilerplate"
    assert segments[101].kind == "content"  # headline, no longer 'unclassified'
    assert project.spans(doc_id) == [span]
    assert project.document(doc_id).segmenter_version == SEGMENTER_VERSION
    assert counts["content_lines"] == sum(s.kind == "content" for s in segments)


def test_only_outdated_progress_and_cancel(project, monkeypatch):
    ids = project.add_documents([NewDocument(article(n), source="s") for n in range(1, 4)]).imported
    seen = []
    first = resegment_project(project, progress=lambda done, total: seen.append((done, total)))
    assert first["resegmented"] == 3 and seen[-1] == (3, 3)
    again = resegment_project(project, only_outdated=True)
    assert again["resegmented"] == 0 and again["skipped"] == 3

    monkeypatch.setattr(resegment, "SEGMENTER_VERSION", "bp-next")
    calls = iter([False, True])
    stopped = resegment_project(project, only_outdated=True, cancel=lambda: next(calls))
    assert stopped["cancelled"] and stopped["resegmented"] == 1
    versions = [project.document(i).segmenter_version for i in ids]
    assert versions == ["bp-next", SEGMENTER_VERSION, SEGMENTER_VERSION]


def test_resegment_does_not_let_a_document_vote_on_its_own_lines(project):
    shared = "함께 읽으면 좋은 지역 혁신 이야기 모음"  # in 2 of the 4 pages of the source
    texts = [article(n) + ("\n" + shared if n <= 2 else "") for n in range(1, 5)]
    with SegmentationContext(project) as context:
        for text in texts:
            doc = NewDocument(text, source="s")
            context.segment(doc)
            project.add_documents([doc])
    assert project.line_frequencies("s")[0][shared] == 2
    resegment_project(project)
    freq, docs = project.line_frequencies("s")
    checked = 0
    for doc_id in project.document_ids():
        text = project.document(doc_id).text
        if shared in text:
            # only one *other* page has it: not recurrent ...
            assert not project.segments(doc_id)[-1].reason.startswith("recurs")
            # ... while counting the page itself would make it 2 of 4 pages
            assert segment_text(text, line_freq=freq, freq_docs=docs)[-1].reason == "recurs in 2 of 4 pages of this source"
            checked += 1
    assert checked == 2


def test_distinct_lines_are_stripped_and_non_blank():
    assert distinct_lines(" a \n\n  \nb\na") == {"a", "b"}


@pytest.mark.parametrize("only_outdated", [False, True])
def test_empty_project(project, only_outdated):
    counts = resegment_project(project, only_outdated=only_outdated)
    assert counts["documents"] == 0 and counts["resegmented"] == 0 and not counts["cancelled"]
