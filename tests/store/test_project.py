"""Repository behaviour: documents, spans, relations, status, segments, search, schemes."""

from __future__ import annotations

import pytest

from annotator.core.model import LineSegment, NewDocument, NewRelation, NewSpan
from annotator.core.scheme import EntityLabel, default_scheme
from annotator.store import AnnotationError, ProjectError

TEXT = "오기웅 중기부 차관은 13일 강원 글로벌 혁신 특구를 방문했다.\n[저작권자ⓒ CWN 무단전재-재배포 금지]"


@pytest.fixture
def doc_id(project):
    return project.add_documents([NewDocument(TEXT, title="차관 방문", source="cwn")]).imported[0]


def test_duplicate_texts_are_stored_once(project):
    r1 = project.add_documents([NewDocument(TEXT, origin="a.txt:1"), NewDocument(TEXT, origin="a.txt:2")])
    assert len(r1.imported) == 1
    assert r1.duplicates == [("a.txt:2", r1.imported[0])]
    r2 = project.add_documents([NewDocument(TEXT, origin="b.txt:1")])
    assert r2.imported == [] and r2.duplicates[0][1] == r1.imported[0]
    assert project.count_documents() == 1


def test_imported_labels_are_validated_and_reported(project):
    doc = NewDocument(
        TEXT,
        origin="x.jsonl:7",
        spans=[NewSpan(0, 3, "PERSON"), NewSpan(4, 7, "ORG"), NewSpan(5, 9, "ORG"), NewSpan(0, 999, "ORG"),
               NewSpan(8, 10, "NOPE")],
        relations=[NewRelation(0, 1, "belongs_to"), NewRelation(0, 2, "belongs_to")],
    )
    result = project.add_documents([doc])
    spans = project.spans(result.imported[0])
    assert [(s.start, s.end, s.label) for s in spans] == [(0, 3, "PERSON"), (4, 7, "ORG")]
    assert len(project.relations(result.imported[0])) == 1
    assert len(result.problems) == 4
    assert all(p.startswith("x.jsonl:7: ") for p in result.problems)
    assert any("overlaps" in p for p in result.problems)
    assert any("outside the text" in p for p in result.problems)
    assert any("unknown label 'NOPE'" in p for p in result.problems)


def test_add_span_refuses_overlap_and_out_of_range(project, doc_id):
    project.add_span(doc_id, 4, 7, "ORG")
    with pytest.raises(AnnotationError, match="overlaps"):
        project.add_span(doc_id, 6, 10, "TITLE")
    with pytest.raises(AnnotationError, match="outside"):
        project.add_span(doc_id, 10, 10_000, "TITLE")
    with pytest.raises(AnnotationError, match="unknown label"):
        project.add_span(doc_id, 8, 10, "NOT_A_LABEL")
    project.add_span(doc_id, 7, 10, "TITLE")  # touching is fine
    assert [(s.start, s.end) for s in project.spans(doc_id)] == [(4, 7), (7, 10)]


def test_delete_span_returns_relations_and_restore_brings_them_back(project, doc_id):
    person = project.add_span(doc_id, 0, 3, "PERSON")
    org = project.add_span(doc_id, 4, 7, "ORG")
    title = project.add_span(doc_id, 8, 10, "TITLE")
    r1 = project.add_relation(person.id, org.id, "belongs_to")
    r2 = project.add_relation(person.id, title.id, "holds_title")
    span, rels = project.delete_span(person.id)
    assert {r.id for r in rels} == {r1.id, r2.id}
    assert project.relations(doc_id) == []
    project.restore_span(span, rels)
    assert project.span(person.id) == person
    assert {r.id for r in project.relations(doc_id)} == {r1.id, r2.id}


def test_relation_rules_follow_the_scheme(project, doc_id):
    person = project.add_span(doc_id, 0, 3, "PERSON")
    org = project.add_span(doc_id, 4, 7, "ORG")
    with pytest.raises(AnnotationError, match="does not allow"):
        project.add_relation(org.id, person.id, "belongs_to")
    project.add_relation(person.id, org.id, "belongs_to")
    with pytest.raises(AnnotationError, match="already exists"):
        project.add_relation(person.id, org.id, "belongs_to")
    with pytest.raises(AnnotationError, match="break"):
        project.update_span(person.id, label="LOC")


def test_update_span_changes_label_and_bounds(project, doc_id):
    span = project.add_span(doc_id, 4, 7, "ORG")
    before, after = project.update_span(span.id, start=4, end=10, label="TITLE")
    assert (before.start, before.end, before.label) == (4, 7, "ORG")
    assert (after.start, after.end, after.label) == (4, 10, "TITLE")


def test_status_is_per_reviewer(project, doc_id, db_path):
    from annotator.store import Project

    assert project.status(doc_id) == "new"
    assert project.set_status(doc_id, "done") == "new"
    assert project.document_ids("done") == [doc_id]
    with Project.open(db_path, "other") as other:
        assert other.status(doc_id) == "new"
        assert other.status_counts()["new"] == 1
    with pytest.raises(ProjectError):
        project.set_status(doc_id, "finished")


def test_segments_overrides_survive_replacement(project, doc_id):
    segs = project.segments(doc_id)
    assert [s.kind for s in segs] == ["unclassified", "unclassified"]
    assert TEXT[segs[1].start : segs[1].end].startswith("[저작권자")
    project.set_line_override(doc_id, 1, "content")
    project.replace_segments(
        doc_id, [LineSegment(1, segs[0].start, segs[0].end, "boilerplate", 0.2, "x"),
                 LineSegment(2, segs[1].start, segs[1].end, "boilerplate", 0.0, "copyright line")], "v2"
    )
    segs = project.segments(doc_id)
    assert [s.effective_kind for s in segs] == ["content", "boilerplate"]
    assert project.document(doc_id).segmenter_version == "v2"
    assert project.set_line_override(doc_id, 1, None) == "content"
    assert project.segments(doc_id)[0].effective_kind == "boilerplate"


def test_search_finds_korean_substrings_short_and_long(project, doc_id):
    other = project.add_documents([NewDocument("규제자유특구 지정 심의", title="심의")]).imported[0]
    assert project.search("혁신 특구") == [doc_id]
    assert project.search("특구") == [doc_id, other]  # 2 characters: LIKE fallback
    assert project.search("구") == [doc_id, other]
    assert project.search("100%") == []
    pct = project.add_documents([NewDocument("예산 100% 집행, 목표_달성률 ABC", title="퍼센트")]).imported[0]
    assert project.search("100%") == [pct]
    assert project.search("10%") == []  # '%' is literal, not a wildcard
    assert project.search("목표_달") == [pct]
    assert project.search("표_달성") == [pct] and project.search("표x달성") == []
    assert project.search("abc") == [pct]  # case-insensitive like LIKE
    assert project.search('"quoted"') == []
    assert project.count_filtered(query="혁신") == 1
    assert [r.id for r in project.document_page(0, 10, query="심의")] == [other]


def test_document_page_reports_counts_and_status(project, doc_id):
    project.add_span(doc_id, 4, 7, "ORG")
    project.set_status(doc_id, "in_progress")
    row = project.document_page(0, 10)[0]
    assert (row.id, row.title, row.source, row.status, row.entity_count) == (doc_id, "차관 방문", "cwn", "in_progress", 1)
    assert project.document_page(0, 10, status="done") == []


def test_scheme_rename_keeps_spans_and_delete_asks(project, doc_id):
    project.add_span(doc_id, 4, 7, "ORG")
    scheme = project.scheme()
    scheme.entities[0].name = "AGENCY"
    scheme.relations = [r for r in scheme.relations]
    for rel in scheme.relations:
        rel.heads = ["AGENCY" if h == "ORG" else h for h in rel.heads]
        rel.tails = ["AGENCY" if t == "ORG" else t for t in rel.tails]
    project.save_scheme(scheme, renames={"ORG": "AGENCY"})
    assert [s.label for s in project.spans(doc_id)] == ["AGENCY"]
    assert "AGENCY" in project.scheme().relation("belongs_to").tails
    smaller = project.scheme()
    smaller.entities = [e for e in smaller.entities if e.name != "AGENCY"]
    for rel in smaller.relations:
        rel.heads = [h for h in rel.heads if h != "AGENCY"]
        rel.tails = [t for t in rel.tails if t != "AGENCY"]
    with pytest.raises(AnnotationError, match="used by 1"):
        project.save_scheme(smaller)
    assert project.label_usage("AGENCY") == 1
    project.save_scheme(smaller, delete_used=True)
    assert project.spans(doc_id) == []


def test_default_scheme_matches_the_domain():
    scheme = default_scheme()
    assert [e.name for e in scheme.entities] == [
        "ORG", "PERSON", "TITLE", "LOC", "ZONE", "POLICY", "EVENT", "FIELD", "DATE", "MONEY", "QUANTITY"]
    assert scheme.relation("located_in").heads == ["ZONE", "ORG", "EVENT"]
    assert [r.name for r in scheme.allowed_relations("PERSON", "ORG")] == ["belongs_to"]
    assert {r.name for r in scheme.allowed_relations("ORG", "EVENT")} == {"hosts", "attends"}
    assert scheme.entity_for_key("1").name == "ORG"


def test_ensure_entity_labels_adds_missing_only(project):
    assert project.ensure_entity_labels(["PS", "ORG", "LC"]) == ["PS", "LC"]
    assert project.scheme().entity("PS") is not None
    assert project.ensure_entity_labels(["PS"]) == []


def test_stats(project, doc_id):
    project.add_span(doc_id, 4, 7, "ORG")
    stats = project.stats()
    assert stats["documents"] == 1 and stats["spans"] == 1 and stats["relations"] == 0
    assert stats["by_label"]["ORG"] == 1 and stats["by_status"]["new"] == 1


def test_line_frequencies_count_documents_per_source(project):
    from annotator.core.line_stats import line_key

    project.bump_line_frequencies("cwn", ["메뉴", "로그인", "메뉴"])
    project.bump_line_frequencies("cwn", ["메뉴"])
    project.bump_line_frequencies("other", ["메뉴"])
    freq, docs = project.line_frequencies("cwn")
    assert docs == 2 and len(freq) == 2
    assert freq["메뉴"] == 2 and freq.get("로그인") == 1 and freq.get("없는 줄", 0) == 0
    assert freq[line_key("메뉴")] == 2  # stored by a stable 64-bit key, not by the text
    stored = project.conn.execute("SELECT typeof(line) FROM line_frequencies LIMIT 1").fetchone()[0]
    assert stored == "integer"
