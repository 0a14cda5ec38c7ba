"""Relation suggestions in the store: candidates between the reviewer's own entities written with source and
score, accept (a relation of the reviewer's layer, undoable) and reject (remembered per document, undoable)
round trips through the database and across a reopen, and the checks that keep a candidate in one layer."""

from __future__ import annotations

import pytest

from annotator.core.model import NewDocument
from annotator.core.suggestions import NewRelationSuggestion
from annotator.store import AnnotationError, Project, schema

TEXT = "오기웅 중소벤처기업부 차관은 13일 강원을 방문했다."
# 오기웅 0-3 PERSON, 중소벤처기업부 4-11 ORG, 차관 12-14 TITLE


@pytest.fixture()
def project(tmp_path):
    p = Project.open(tmp_path / "p.db", "kim")
    p.add_documents([NewDocument(TEXT, title="a"), NewDocument(TEXT + " 두번째", title="b")])
    yield p
    p.close()


def _entities(p, doc_id=1):
    person = p.add_span(doc_id, 0, 3, "PERSON")
    org = p.add_span(doc_id, 4, 11, "ORG")
    title = p.add_span(doc_id, 12, 14, "TITLE")
    return person, org, title


def _candidates(person, org, title):
    return [NewRelationSuggestion(person.id, title.id, "holds_title", "relations", 0.9, "rule holds_title/space"),
            NewRelationSuggestion(person.id, org.id, "belongs_to", "relations", 0.75)]


def _keys(items):
    return [(s.head, s.tail, s.label) for s in items]


def test_the_migration_is_the_last_one(project):
    # appended after the steps before it (later steps, such as ONE_SEARCH_INDEX, may follow)
    assert schema.MIGRATIONS.index(schema.RELATION_SUGGESTIONS) > schema.MIGRATIONS.index(schema.TOKEN_CACHE)
    assert schema.user_version(project.conn) == len(schema.MIGRATIONS)


def test_a_run_is_stored_with_score_and_replaces_the_undecided_ones(project, tmp_path):
    person, org, title = _entities(project)
    written = project.write_relation_suggestions({1: _candidates(person, org, title)})
    assert (written.written, written.replaced, written.by_label) == (2, 0, {"belongs_to": 1, "holds_title": 1})
    project.close()
    with Project.open(tmp_path / "p.db", "kim") as p:
        stored = p.relation_suggestions(1)
        assert _keys(stored) == [((0, 3, "PERSON"), (4, 11, "ORG"), "belongs_to"),
                                 ((0, 3, "PERSON"), (12, 14, "TITLE"), "holds_title")]
        assert [(s.source, s.score) for s in stored] == [("relations", 0.75), ("relations", 0.9)]
        assert [s.label for s in p.relation_suggestions(1, min_score=0.8)] == ["holds_title"]
        kept = stored[1].id  # holds_title, the one proposed again
        again = p.write_relation_suggestions({1: _candidates(person, org, title)[:1]})
        assert (again.written, again.replaced) == (1, 1)
        assert [s.id for s in p.relation_suggestions(1)] == [kept]  # proposed again: the same candidate
        assert p.relations(1, p.layer_name) == []  # a candidate is not a relation
    with Project.open(tmp_path / "p.db", "lee") as other:  # another reviewer sees none of kim's candidates
        assert other.relation_suggestions(1) == []


def test_candidates_are_checked_against_the_layer_and_scheme(project):
    person, org, title = _entities(project)
    with pytest.raises(AnnotationError, match="does not allow"):  # TITLE -> PERSON is not a holds_title
        project.write_relation_suggestions({1: [NewRelationSuggestion(title.id, person.id, "holds_title",
                                                                      "relations", 0.5)]})
    other_doc = project.add_span(2, 0, 3, "PERSON")
    with pytest.raises(AnnotationError, match="layer"):
        project.write_relation_suggestions({1: [NewRelationSuggestion(other_doc.id, title.id, "holds_title",
                                                                      "relations", 0.5)]})
    with Project.open(project.path, "lee") as lee:  # kim's entities are not lee's to relate
        with pytest.raises(AnnotationError, match="layer"):
            lee.write_relation_suggestions({1: _candidates(person, org, title)})
    assert project.relation_suggestions(1) == []  # a refused run changes nothing


def test_accept_makes_a_relation_of_the_reviewers_layer_and_undo_brings_the_candidate_back(project, tmp_path):
    person, org, title = _entities(project)
    project.write_relation_suggestions({1: _candidates(person, org, title)})
    holds = next(s for s in project.relation_suggestions(1) if s.label == "holds_title")
    taken, created = project.accept_relation_suggestions([holds.id])
    assert taken == [holds]
    assert [(r.head_id, r.tail_id, r.label, r.layer, r.reviewer) for r in created] == [
        (person.id, title.id, "holds_title", project.layer_name, "kim")]
    project.close()
    with Project.open(tmp_path / "p.db", "kim") as p:  # committed at once
        assert [(r.head_id, r.tail_id, r.label) for r in p.relations(1, p.layer_name)] == [
            (person.id, title.id, "holds_title")]
        assert [s.label for s in p.relation_suggestions(1)] == ["belongs_to"]
        p.undo_accept_relations(taken, created)
    with Project.open(tmp_path / "p.db", "kim") as p:
        assert p.relations(1, p.layer_name) == []
        assert sorted(s.id for s in p.relation_suggestions(1)) == sorted(
            [holds.id, next(s.id for s in p.relation_suggestions(1) if s.label == "belongs_to")])
        taken, redone = p.accept_relation_suggestions([holds.id], relation_ids={holds.id: created[0].id})
        assert redone[0].id == created[0].id  # a redo keeps the relation's id
        # a rerun does not propose what is now a relation
        again = p.write_relation_suggestions({1: _candidates(person, org, title)})
        assert (again.written, again.skipped_existing) == (1, 1)


def test_rejected_stays_rejected_and_undo_of_a_reject_forgets_it(project, tmp_path):
    person, org, title = _entities(project)
    project.write_relation_suggestions({1: _candidates(person, org, title)})
    belongs = next(s for s in project.relation_suggestions(1) if s.label == "belongs_to")
    rejected = project.reject_relation_suggestions([belongs.id])
    assert rejected == [belongs]
    project.close()
    with Project.open(tmp_path / "p.db", "kim") as p:
        assert p.rejected_relation_suggestions(1) == {((0, 3, "PERSON"), (4, 11, "ORG"), "belongs_to")}
        rerun = p.write_relation_suggestions({1: _candidates(person, org, title)})
        assert (rerun.written, rerun.skipped_rejected) == (1, 1)
        assert [s.label for s in p.relation_suggestions(1)] == ["holds_title"]
        # the rejection is by offsets: an entity deleted and drawn again is still the same pair
        p.delete_span(org.id)
        org2 = p.add_span(1, 4, 11, "ORG")
        rerun = p.write_relation_suggestions({1: _candidates(person, org2, title)})
        assert rerun.skipped_rejected == 1
        with pytest.raises(AnnotationError, match="not pending"):
            p.reject_relation_suggestions([belongs.id])
    with Project.open(tmp_path / "p.db", "kim") as p:
        holds = p.relation_suggestions(1)
        assert [s.label for s in holds] == ["holds_title"]
        p.undo_reject_relations(p.reject_relation_suggestions([holds[0].id]))
        assert p.rejected_relation_suggestions(1) == {((0, 3, "PERSON"), (4, 11, "ORG"), "belongs_to")}
        assert p.relation_suggestions(1) == holds


def test_deleting_an_entity_takes_its_candidates_and_an_undo_then_says_why(project):
    person, org, title = _entities(project)
    project.write_relation_suggestions({1: _candidates(person, org, title)})
    holds = next(s for s in project.relation_suggestions(1) if s.label == "holds_title")
    rejected = project.reject_relation_suggestions([holds.id])
    project.delete_span(title.id)
    assert [s.label for s in project.relation_suggestions(1)] == ["belongs_to"]
    with pytest.raises(AnnotationError, match="deleted"):
        project.undo_reject_relations(rejected)
    assert project.rejected_relation_suggestions(1) == {((0, 3, "PERSON"), (12, 14, "TITLE"), "holds_title")}


def test_a_candidate_whose_entity_was_relabelled_out_of_the_type_is_not_shown(project):
    person, org, title = _entities(project)
    project.write_relation_suggestions({1: _candidates(person, org, title)})
    project.update_span(title.id, label="ORG")  # holds_title needs a TITLE tail
    assert [(s.label, s.tail) for s in project.relation_suggestions(1)] == [("belongs_to", (4, 11, "ORG"))]
