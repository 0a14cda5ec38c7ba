"""The suggestions layer in the store: runs written with source and score, accept/reject/undo round trips through
the database (also across a reopen), rejections that stay rejected, and suggestions kept out of every reader of
labels (exports' default layers, stats, training's labelled documents, the user words)."""

from __future__ import annotations

import pytest

from annotator.core.model import NewDocument
from annotator.core.suggestions import NewSuggestion
from annotator.store import AnnotationError, Project, schema

TEXT = "중기부는 강원에 특구를 지정했다. 김철수 장관이 참석했다."
# 중기부 0-3, 강원 5-7, 특구 9-11, 김철수 19-22, 장관 23-25
PROPOSALS = [NewSuggestion(0, 3, "ORG", "dictionary", 0.9, "중기부 3/3"),
             NewSuggestion(5, 7, "LOC", "model", 0.55),
             NewSuggestion(19, 22, "PERSON", "model", 0.7),
             NewSuggestion(23, 25, "TITLE", "patterns", 0.95, "title-after-name")]


@pytest.fixture()
def project(tmp_path):
    p = Project.open(tmp_path / "p.db", "kim")
    p.add_documents([NewDocument(TEXT, title="a"), NewDocument(TEXT + " 두번째", title="b")])
    yield p
    p.close()


def _keys(items):
    return [(s.start, s.end, s.label) for s in items]


def test_migration_adds_the_suggestion_tables_at_the_end(project):
    assert schema.user_version(project.conn) == schema.SCHEMA_VERSION == len(schema.MIGRATIONS)
    # the step right after the packed line segments, where it landed (later steps come after it)
    assert schema.MIGRATIONS.index(schema.SUGGESTIONS) == schema.MIGRATIONS.index(schema.PACKED_LINES) + 1
    tables = {r[0] for r in project.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"suggestion_info", "rejected_suggestions", "suggestion_runs"} <= tables


def test_a_run_is_stored_with_source_and_score_and_replaces_the_undecided_ones(project, tmp_path):
    written = project.write_suggestions({1: PROPOSALS}, sources="dictionary,patterns,model")
    assert (written.written, written.replaced) == (4, 0)
    assert written.by_source == {"dictionary": 1, "model": 2, "patterns": 1}
    project.close()
    with Project.open(tmp_path / "p.db", "kim") as p:  # it is in the file
        stored = p.suggestions(1)
        assert _keys(stored) == _keys(PROPOSALS)
        assert [(s.source, s.score, s.detail) for s in stored][0] == ("dictionary", 0.9, "중기부 3/3")
        assert [s.label for s in p.suggestions(1, min_score=0.8)] == ["ORG", "TITLE"]
        assert p.suggested_document_ids() == {1}
        again = p.write_suggestions({1: PROPOSALS[:2]})
        assert (again.written, again.replaced) == (2, 4)
        assert _keys(p.suggestions(1)) == _keys(PROPOSALS[:2])
        assert p.suggestions(2) == []


def test_overlapping_proposals_keep_the_higher_score_and_labels_are_never_touched(project):
    mine = project.add_span(1, 0, 3, "ORG")
    written = project.write_suggestions({1: [NewSuggestion(0, 4, "ORG", "model", 0.9),  # over my label
                                             NewSuggestion(5, 7, "LOC", "model", 0.4),
                                             NewSuggestion(5, 8, "LOC", "dictionary", 0.8)]})
    assert (written.written, written.skipped_labelled) == (1, 1)
    assert _keys(project.suggestions(1)) == [(5, 8, "LOC")]
    assert project.spans(1, "kim") == [mine]
    with pytest.raises(AnnotationError):
        project.write_suggestions({1: [NewSuggestion(0, 999, "ORG", "model", 0.5)]})
    with pytest.raises(AnnotationError):
        project.write_suggestions({1: [NewSuggestion(0, 3, "NOPE", "model", 0.5)]})
    assert _keys(project.suggestions(1)) == [(5, 8, "LOC")]  # a refused run changes nothing


def test_accept_moves_into_the_reviewers_layer_with_the_chosen_label_and_undoes(project, tmp_path):
    project.write_suggestions({1: PROPOSALS})
    org, loc = project.suggestions(1)[:2]
    taken, created = project.accept_suggestions([org.id, loc.id], {loc.id: "ZONE"})
    assert taken == [org, loc]
    assert [(s.start, s.end, s.label, s.layer, s.reviewer) for s in created] == [
        (0, 3, "ORG", "kim", "kim"), (5, 7, "ZONE", "kim", "kim")]
    assert _keys(project.suggestions(1)) == _keys(PROPOSALS[2:])
    project.close()
    with Project.open(tmp_path / "p.db", "kim") as p:
        assert _keys(p.spans(1, "kim")) == [(0, 3, "ORG"), (5, 7, "ZONE")]
        p.undo_accept(taken, created)
        assert p.spans(1, "kim") == []
        assert p.suggestions(1)[:2] == [org, loc]  # back with their ids, source and score
        again_taken, again = p.accept_suggestions([org.id], span_ids=[created[0].id])  # a redo
        assert again[0].id == created[0].id and again_taken == [org]
        with pytest.raises(AnnotationError, match="overlaps"):  # decided: under the entity it made
            p.accept_suggestions([org.id])


def test_accept_refuses_a_clash_with_an_own_entity_unless_told_to_skip_it(project):
    project.write_suggestions({1: PROPOSALS})
    org, loc, person, title = project.suggestions(1)
    project.add_span(1, 19, 21, "PERSON")  # the reviewer labelled part of it meanwhile
    with pytest.raises(AnnotationError, match="overlaps"):
        project.accept_suggestions([org.id, person.id])
    assert len(project.spans(1, "kim")) == 1  # all or nothing
    assert project.suggestions(1) == [org, loc, title]  # the one under the reviewer's entity is not theirs to decide
    assert len(project.suggestions(1, everyone=True)) == 4
    taken, created = project.accept_suggestions([org.id, person.id, title.id], skip_clashes=True)
    assert taken == [org, title] and [s.label for s in created] == ["ORG", "TITLE"]
    assert project.suggestions(1) == [loc]


def test_rejected_stays_rejected_through_reruns_and_undo_forgets_it(project, tmp_path):
    project.write_suggestions({1: PROPOSALS, 2: PROPOSALS})
    loc = project.suggestions(1)[1]
    rejected = project.reject_suggestions([loc.id])
    assert rejected == [loc]
    assert project.rejected_suggestions(1) == {(5, 7, "LOC")}
    assert project.rejected_suggestions(2) == set()  # per document
    rerun = project.write_suggestions({1: PROPOSALS, 2: PROPOSALS})
    assert rerun.skipped_rejected == 1
    assert (5, 7, "LOC") not in _keys(project.suggestions(1))
    assert (5, 7, "LOC") in _keys(project.suggestions(2))
    project.write_suggestions({1: [NewSuggestion(5, 8, "LOC", "model", 0.5)]})
    assert _keys(project.suggestions(1)) == [(5, 8, "LOC")]  # another span is another proposal
    project.write_suggestions({1: PROPOSALS})
    project.close()
    with Project.open(tmp_path / "p.db", "kim") as p:
        assert p.rejected_suggestions(1) == {(5, 7, "LOC")}
        p.undo_reject(rejected)
        assert p.rejected_suggestions(1) == set()
        assert (5, 7, "LOC") in _keys(p.suggestions(1))  # kept for the others by the reruns, pending again


def test_suggestions_never_count_as_labels(project):
    project.add_span(2, 0, 3, "ORG")
    project.write_suggestions({1: PROPOSALS, 2: PROPOSALS})
    assert project.annotations_in([1, 2])[1] == ([], [])  # the default layers of exports and the report
    assert [s.label for s in project.annotations_in([2], "all")[2][0]] == ["ORG"]
    assert _keys(project.annotations_in([1], "suggestions")[1][0]) == _keys(PROPOSALS)  # only when asked
    assert project.spans(1) == []
    assert project.labelled_document_ids() == [2]
    assert project.stats()["spans"] == 1
    # the run's proposals are stored for every reviewer (one over kim's ORG of document 2 too: another reviewer
    # may not have labelled it), kim has 7 of them pending
    assert project.stats()["by_layer"]["suggestions"]["spans"] == 8
    assert len(project.suggestions(1) + project.suggestions(2)) == 7
    assert set(project.entity_string_counts()) == {"중기부"}
    assert project.suggestion_totals() == {"pending": 8, "rejected": 0, "documents_suggested": 2}


def test_deleting_a_label_takes_its_suggestions_and_rejections(project):
    project.write_suggestions({1: PROPOSALS})
    project.reject_suggestions([project.suggestions(1)[0].id])
    project.write_suggestions({2: [NewSuggestion(0, 3, "ORG", "model", 0.5)]})
    assert project.label_usage("ORG") == 0  # suggestions are no use of a label
    scheme = project.scheme()
    scheme.entities = [e for e in scheme.entities if e.name != "ORG"]
    scheme.relations = [r for r in scheme.relations if "ORG" not in r.heads + r.tails]
    project.save_scheme(scheme)  # no confirmation needed
    assert "ORG" not in [s.label for s in project.suggestions(1) + project.suggestions(2)]
    assert project.rejected_suggestions(1) == set()
    assert project.conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_an_accepted_entity_never_takes_its_suggestions_id(project):
    project.write_suggestions({1: PROPOSALS})
    last = project.suggestions(1)[-1]  # the highest span id of the file
    _taken, created = project.accept_suggestions([last.id])
    assert created[0].id != last.id
