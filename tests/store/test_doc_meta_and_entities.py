"""Article metadata and the canonical-entity catalogue in the store: stored at import with their
provenance, corrected by the reviewer, back-filled for a file of the previous schema; link, merge, split."""

from __future__ import annotations

import sqlite3

import pytest

from annotator.core.model import NewDocument, NewSpan
from annotator.store import AnnotationError, Project
from annotator.store import schema
from annotator.store.report_queries import Period, report_documents


@pytest.fixture
def project(tmp_path):
    p = Project.open(tmp_path / "p.db", "kim")
    yield p
    p.close()


def test_import_stores_date_and_outlet_with_their_source(project):
    (a, b) = project.add_documents([
        NewDocument("헤드라인\n[CWN 최한결 기자] 본문\n입력 2024.09.02 10:00", title="헤드라인"),
        NewDocument("날짜 없는 기사", url="https://www.yna.co.kr/view/AKR1"),
    ]).imported
    info = project.article_info(a)
    assert (info.published, info.published_source, info.outlet, info.outlet_source) == (
        "2024-09-02 10:00", "dateline", "CWN", "byline")
    assert project.article_info(b).published == "" and project.article_info(b).outlet == "연합뉴스"


def test_reviewer_corrects_and_undo_restores(project):
    (doc_id,) = project.add_documents([NewDocument("입력 2024.09.02 10:00 본문")]).imported
    before = project.set_article_meta(doc_id, published="2024. 9. 3.", outlet=" 강원  일보 ")
    info = project.article_info(doc_id)
    assert (info.published, info.published_source, info.outlet, info.outlet_evidence) == (
        "2024-09-03", "reviewer", "강원 일보", "kim")
    with pytest.raises(AnnotationError, match="not a date"):
        project.set_article_meta(doc_id, published="어제")
    assert project.article_info(doc_id).published == "2024-09-03"  # nothing changed by the refused edit
    project.restore_article_meta(before)
    assert project.article_info(doc_id).published == "2024-09-02 10:00"
    project.set_article_meta(doc_id, published="")
    assert project.article_info(doc_id).published == ""


def test_period_filters_documents_in_date_order(project):
    ids = project.add_documents([NewDocument(f"입력 2024.0{m}.01 본문 {m}") for m in (3, 1, 2)]
                                + [NewDocument("날짜 없음")]).imported
    every = [doc.id for doc, _ in report_documents(project, Period())]
    assert every == [ids[1], ids[2], ids[0], ids[3]]  # oldest first, undated last
    assert [d.id for d, _ in report_documents(project, Period("2024-02-01", "2024-03-01"))] == [ids[2], ids[0]]
    assert [d.id for d, _ in report_documents(project, Period(None, "2024-01-31"))] == [ids[1]]
    assert project.count_filtered(dates=("2024-02-01", None)) == 2
    assert project.document_page(0, 10, dates=(None, "2024-02-15"))[0].published.startswith("2024-01-01")


def test_a_file_of_the_previous_schema_gets_metadata_and_report_roles(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    for statement in schema._split_statements(schema.MIGRATIONS[0]):
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO labels(kind, name) VALUES ('entity', 'ZONE'), ('relation', 'located_in')")
    text = "[CWN 기자] 입력 2024.09.02 10:00 본문"
    conn.execute("INSERT INTO documents(title, sha256, text_length, created_at, text) VALUES ('t', 'x', ?, 'now', ?)",
                 (len(text), text))
    conn.execute("INSERT INTO doc_state(doc_id, updated_at) VALUES (1, 'now')")
    conn.close()
    with Project.open(path, "kim") as project:
        assert project.article_info(1).published == "2024-09-02 10:00"
        assert project.get_meta("article_meta_pending") is None
        scheme = project.scheme()
        assert scheme.entity("ZONE").role == "zone" and scheme.relation("located_in").role == "location"


def test_catalogue_link_merge_split(project):
    text = "중소벤처기업부와 중기부, 오기웅 차관과 오 차관"
    (doc_id,) = project.add_documents([NewDocument(text, spans=[
        NewSpan(0, 7, "ORG"), NewSpan(9, 12, "ORG"), NewSpan(14, 17, "PERSON"), NewSpan(text.index("오 차관"), len(text), "PERSON"),
    ])]).imported
    spans = project.spans(doc_id)
    full = project.create_entity("ORG", "중소벤처기업부")
    short = project.create_entity("ORG", "중기부")
    project.link_span(spans[1].id, short)
    assert project.span_links(doc_id) == {spans[1].id: "중기부"}
    project.merge_entities(full, short)
    assert project.span_links(doc_id) == {spans[1].id: "중소벤처기업부"}
    (entity,) = project.entity_catalogue("ORG")
    assert entity.name == "중소벤처기업부" and entity.aliases == ["중기부"] and entity.mentions == 1
    assert project.catalogue_lookup()[("ORG", "중기부")] == "중소벤처기업부"
    person = project.create_entity("PERSON", "오기웅", aliases=["오 차관"])
    project.link_span(spans[3].id, person)
    other = project.split_entity(person, ["오 차관"], "오영주")
    assert project.span_links(doc_id)[spans[3].id] == "오영주"
    assert {e.name: e.aliases for e in project.entity_catalogue("PERSON")} == {"오기웅": [], "오영주": ["오 차관"]}
    with pytest.raises(AnnotationError, match="cannot name"):
        project.link_span(spans[0].id, other)  # an ORG mention, a PERSON entity
    with pytest.raises(AnnotationError, match="same label"):
        project.merge_entities(full, other)
    project.delete_span(spans[1].id)
    assert spans[1].id not in project.span_links(doc_id)  # the link goes with its span


def test_adopting_proposals_fills_the_catalogue_and_keeps_the_reviewers_choices(project):
    text = "중소벤처기업부와 중기부, 오기웅 차관과 오 차관, 과기정통부"
    project.add_documents([NewDocument(text, spans=[
        NewSpan(0, 7, "ORG"), NewSpan(9, 12, "ORG"), NewSpan(14, 17, "PERSON"),
        NewSpan(text.index("오 차관"), text.index("오 차관") + 4, "PERSON"), NewSpan(text.index("과기정통부"), len(text), "ORG"),
    ])])
    mine = project.create_entity("ORG", "과학기술정보통신부(과기정통부)", aliases=["과기정통부"])
    assert project.adopt_proposals() == 2  # 중기부 -> 중소벤처기업부, 오 차관 -> 오기웅
    catalogue = {(e.label, e.name): e.aliases for e in project.entity_catalogue()}
    assert catalogue[("ORG", "중소벤처기업부")] == ["중기부"]
    assert catalogue[("PERSON", "오기웅")] == ["오 차관"]
    assert catalogue[("ORG", "과학기술정보통신부(과기정통부)")] == ["과기정통부"]  # untouched
    assert mine in {e.id for e in project.entity_catalogue("ORG")}
    assert project.adopt_proposals() == 0  # nothing new the second time
