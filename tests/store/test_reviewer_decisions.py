"""Several reviewers on one file (README "Several reviewers on one file"): the machine's suggestions are one set for
everyone, each decision is the reviewer's own. What kim accepts or rejects stays pending for lee, and the other way
round; a rejection stays rejected for whoever made it, through reruns by anyone; relation candidates are each
reviewer's own, between their own entities, and so are their rejections. The queue order counts what the reviewer
has pending."""

from __future__ import annotations

import pytest

from annotator.core.model import NewDocument, NewSpan
from annotator.core.suggestions import NewRelationSuggestion, NewSuggestion
from annotator.store import Project

TEXT = "중기부는 강원에 특구를 지정했다. 김철수 장관이 참석했다."
# 중기부 0-3, 강원 5-7, 김철수 19-22, 장관 23-25
PROPOSALS = [NewSuggestion(0, 3, "ORG", "dictionary", 0.9), NewSuggestion(5, 7, "LOC", "model", 0.55),
             NewSuggestion(19, 22, "PERSON", "model", 0.7), NewSuggestion(23, 25, "TITLE", "patterns", 0.95)]


@pytest.fixture()
def path(tmp_path):
    p = tmp_path / "team.db"
    with Project.open(p, "kim") as kim:
        kim.add_documents([NewDocument(TEXT, title="a"), NewDocument(TEXT + " 둘", title="b")])
        kim.write_suggestions({1: PROPOSALS})
    with Project.open(p, "lee"):
        pass
    return p


def pending(path, reviewer, doc_id=1):
    with Project.open(path, reviewer) as p:
        return [TEXT[s.start:s.end] for s in p.suggestions(doc_id)]


def test_a_decision_is_the_reviewers_own(path):
    with Project.open(path, "kim") as kim:
        by_text = {TEXT[s.start:s.end]: s for s in kim.suggestions(1)}
        kim.accept_suggestions([by_text["중기부"].id])
        kim.reject_suggestions([by_text["강원"].id])
    assert pending(path, "kim") == ["김철수", "장관"]
    assert pending(path, "lee") == ["중기부", "강원", "김철수", "장관"]  # lee decides for lee
    with Project.open(path, "lee") as lee:
        lee.reject_suggestions([next(s.id for s in lee.suggestions(1) if TEXT[s.start:s.end] == "김철수")])
        assert lee.rejected_suggestions(1) == {(19, 22, "PERSON")}  # lee's rejections only
        lee.accept_suggestions([next(s.id for s in lee.suggestions(1) if TEXT[s.start:s.end] == "강원")])
        assert [(s.start, s.end, s.label, s.layer) for s in lee.spans(1, "lee")] == [(5, 7, "LOC", "lee")]
    assert pending(path, "kim") == ["김철수", "장관"]  # lee's rejection and lee's label change nothing for kim
    assert pending(path, "lee") == ["중기부", "장관"]


def test_a_rejection_stays_rejected_for_its_reviewer_through_anyones_reruns(path):
    with Project.open(path, "kim") as kim:
        kim.reject_suggestions([next(s.id for s in kim.suggestions(1) if s.label == "LOC")])
        kim.add_span(1, 19, 22, "PERSON")  # kim labels 김철수 by hand
    with Project.open(path, "lee") as lee:
        rerun = lee.write_suggestions({1: PROPOSALS})
        assert (rerun.written, rerun.skipped_rejected, rerun.skipped_labelled) == (4, 0, 0)  # all four for lee
    with Project.open(path, "kim") as kim:
        again = kim.write_suggestions({1: PROPOSALS})
        assert (again.written, again.skipped_rejected, again.skipped_labelled) == (2, 1, 1)  # what kim has pending
        undo_target = [s for s in kim.suggestions(1, everyone=True) if s.label == "LOC"]
        assert len(undo_target) == 1  # stored once, for everyone
    assert pending(path, "kim") == ["중기부", "장관"]
    assert pending(path, "lee") == ["중기부", "강원", "김철수", "장관"]
    with Project.open(path, "kim") as kim:  # kim's undo brings it back for kim
        kim.undo_reject(undo_target)
    assert pending(path, "kim") == ["중기부", "강원", "장관"]


def test_an_imports_labels_are_everyones(path):
    with Project.open(path, "kim") as kim:
        doc = kim.add_documents([NewDocument("전북도는 새만금에 특구를 지정했다.", title="g", origin="seed.jsonl:1",
                                             spans=[NewSpan(0, 3, "ORG")])]).imported[0]
        written = kim.write_suggestions({doc: [NewSuggestion(0, 3, "ORG", "dictionary", 0.9),
                                               NewSuggestion(5, 8, "LOC", "model", 0.6)]})
        assert (written.written, written.skipped_labelled) == (1, 1)  # over the import's label: for no one
        assert [s.label for s in kim.suggestions(doc, everyone=True)] == ["LOC"]


def test_relation_candidates_and_their_rejections_are_per_reviewer(path):
    ids = {}
    for name in ("kim", "lee"):
        with Project.open(path, name) as p:
            person, title = p.add_span(1, 19, 22, "PERSON"), p.add_span(1, 23, 25, "TITLE")
            ids[name] = (person.id, title.id)
            p.write_relation_suggestions({1: [NewRelationSuggestion(person.id, title.id, "holds_title",
                                                                    "relations", 0.9)]})
    with Project.open(path, "kim") as kim:
        kim.reject_relation_suggestions([s.id for s in kim.relation_suggestions(1)])
        assert kim.relation_suggestions(1) == []
    with Project.open(path, "lee") as lee:
        assert [s.head_id for s in lee.relation_suggestions(1)] == [ids["lee"][0]]  # lee's own, still pending
        assert lee.rejected_relation_suggestions(1) == set()
        rerun = lee.write_relation_suggestions({1: [NewRelationSuggestion(*ids["lee"], "holds_title", "r", 0.9)]})
        assert (rerun.written, rerun.skipped_rejected) == (1, 0)
    with Project.open(path, "kim") as kim:
        rerun = kim.write_relation_suggestions({1: [NewRelationSuggestion(*ids["kim"], "holds_title", "r", 0.9)]})
        assert (rerun.written, rerun.skipped_rejected) == (0, 1)  # rejected stays rejected for kim


def test_the_queue_order_counts_what_the_reviewer_has_pending(path):
    with Project.open(path, "kim") as kim:
        kim.write_suggestions({2: PROPOSALS[:3]})
        kim.reject_suggestions([s.id for s in kim.suggestions(1)])  # kim: nothing left in document 1
        kim.set_queue_order("decisions")
        assert [r.id for r in kim.document_page(0, 10)] == [2, 1]
        assert [r.suggestions for r in kim.document_page(0, 10)] == [3, 0]
    with Project.open(path, "lee") as lee:
        lee.set_queue_order("decisions")
        assert [r.suggestions for r in lee.document_page(0, 10)] == [4, 3]
