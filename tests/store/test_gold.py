"""The gold layer: adjudication actions round trip through the database, undo by replay, the gold status, and
what exports read once a document has gold."""

from __future__ import annotations

import pytest

from annotator.core.model import NewDocument
from annotator.store import AnnotationError, Project, ProjectError

#       0         1         2         3
#       0123456789012345678901234567890123
TEXT = "중기부는 강원에 특구를 지정했다. 김철수 장관이 참석했다."


def _labelled(db_path) -> int:
    """kim and lee labelled one document: they agree on 중기부 ORG and 김철수 PERSON (with its holds_title
    relation to 장관 for both), disagree on 강원 (LOC / ORG) and on 특구 (only kim)."""
    with Project.open(db_path, "kim") as kim:
        doc_id = kim.add_documents([NewDocument(TEXT, title="t")]).imported[0]
        kim.add_span(doc_id, 0, 3, "ORG")
        loc = kim.add_span(doc_id, 5, 7, "LOC")
        zone = kim.add_span(doc_id, 9, 11, "ZONE")
        kim.add_relation(zone.id, loc.id, "located_in")
        person, title = kim.add_span(doc_id, 19, 22, "PERSON"), kim.add_span(doc_id, 23, 25, "TITLE")
        kim.add_relation(person.id, title.id, "holds_title")
        kim.set_status(doc_id, "done")
    with Project.open(db_path, "lee") as lee:
        lee.add_span(doc_id, 0, 3, "ORG")
        lee.add_span(doc_id, 5, 7, "ORG")
        person, title = lee.add_span(doc_id, 19, 22, "PERSON"), lee.add_span(doc_id, 23, 25, "TITLE")
        lee.add_relation(person.id, title.id, "holds_title")
        lee.set_status(doc_id, "done")
    return doc_id


def _gold(project, doc_id):
    return [(s.start, s.end, s.label) for s in project.spans(doc_id, "gold")]


def test_compare_accept_agreed_take_and_drop_round_trip(db_path):
    doc_id = _labelled(db_path)
    with Project.open(db_path, "adj") as adj:
        state = adj.adjudication(doc_id)
        assert state.layers == ("kim", "lee") and state.status == "new"
        assert [c.key for c in state.comparison.agreed] == [(0, 3, "ORG"), (19, 22, "PERSON"), (23, 25, "TITLE")]
        assert [(d.start, d.end, d.silent) for d in state.comparison.disagreements] == [(5, 7, ()), (9, 11, ("lee",))]

        delta, skipped = adj.accept_agreed(doc_id)
        assert skipped == 0 and len(delta.added_spans) == 3
        assert [r.label for r in delta.added_relations] == ["holds_title"]  # both have it
        assert adj.gold_status(doc_id) == "in_progress"

        kim_loc = adj.adjudication(doc_id).comparison.disagreements[0].choice_of("kim")
        adj.take_spans(list(kim_loc.span_ids))
        lee_org = adj.adjudication(doc_id).comparison.disagreements[0].choice_of("lee")
        change = adj.take_spans(list(lee_org.span_ids))  # the newer choice replaces the older
        assert [s.label for s in change.removed_spans] == ["LOC"] and [s.label for s in change.added_spans] == ["ORG"]
        zone = adj.adjudication(doc_id).comparison.disagreements[1].choice_of("kim")
        adj.take_spans(list(zone.span_ids))  # kim's located_in ends at 5-7 LOC, no longer gold: not taken
        assert [r.label for r in adj.relations(doc_id, "gold")] == ["holds_title"]
        dropped = adj.drop_gold([s.id for s in adj.spans(doc_id, "gold") if s.label == "ZONE"])
        assert [s.label for s in dropped.removed_spans] == ["ZONE"]
        adj.set_gold_status(doc_id, "adjudicated")
    with Project.open(db_path, "someone", read_only=True) as reader:
        assert _gold(reader, doc_id) == [(0, 3, "ORG"), (5, 7, "ORG"), (19, 22, "PERSON"), (23, 25, "TITLE")]
        assert reader.gold_status(doc_id) == "adjudicated"
        assert {s.reviewer for s in reader.spans(doc_id, "gold")} == {"adj"}  # the adjudicator's decisions
        assert len(reader.spans(doc_id, "kim")) == 5 and len(reader.spans(doc_id, "lee")) == 4  # untouched


def test_take_a_reviewers_whole_version_with_its_relations(db_path):
    doc_id = _labelled(db_path)
    with Project.open(db_path, "adj") as adj:
        adj.take_layer(doc_id, "lee")
        assert _gold(adj, doc_id) == [(0, 3, "ORG"), (5, 7, "ORG"), (19, 22, "PERSON"), (23, 25, "TITLE")]
        delta = adj.take_layer(doc_id, "kim")
        assert len(delta.removed_spans) == 4 and len(delta.removed_relations) == 1
        assert _gold(adj, doc_id) == [(0, 3, "ORG"), (5, 7, "LOC"), (9, 11, "ZONE"), (19, 22, "PERSON"),
                                      (23, 25, "TITLE")]
        assert sorted(r.label for r in adj.relations(doc_id, "gold")) == ["holds_title", "located_in"]
        with pytest.raises(AnnotationError):
            adj.take_layer(doc_id, "gold")


def test_undo_and_redo_replay_a_change_exactly(db_path):
    doc_id = _labelled(db_path)
    with Project.open(db_path, "adj") as adj:
        adj.take_layer(doc_id, "kim")
        before = (_gold(adj, doc_id), sorted(r.label for r in adj.relations(doc_id, "gold")))
        ids_before = sorted(s.id for s in adj.spans(doc_id, "gold"))
        delta = adj.take_layer(doc_id, "lee")
        adj.replay(delta.inverse())  # undo
        assert (_gold(adj, doc_id), sorted(r.label for r in adj.relations(doc_id, "gold"))) == before
        assert sorted(s.id for s in adj.spans(doc_id, "gold")) == ids_before  # the same ids come back
        adj.replay(delta)  # redo
        assert len(_gold(adj, doc_id)) == 4


def test_undoing_the_edit_that_started_gold_puts_the_status_back(db_path):
    doc_id = _labelled(db_path)
    with Project.open(db_path, "adj") as adj:
        first, _skipped = adj.accept_agreed(doc_id)
        assert first.gold_statuses == ((doc_id, "new", "in_progress"),)  # the change says it moved the status
        later = adj.take_layer(doc_id, "kim")
        assert later.gold_statuses == ()  # in progress already: nothing to put back
        adj.replay(later.inverse())
        assert adj.gold_status(doc_id) == "in_progress"
        adj.replay(first.inverse())
        assert _gold(adj, doc_id) == [] and adj.gold_status(doc_id) == "new"
        assert adj.gold_status_counts()["in_progress"] == 0
        adj.replay(first)  # redo
        assert adj.gold_status(doc_id) == "in_progress" and len(_gold(adj, doc_id)) == 3
    with Project.open(db_path, "reader", read_only=True) as reader:
        assert reader.gold_status(doc_id) == "in_progress"  # committed


def test_an_edit_of_adjudicated_gold_leaves_the_status_alone(db_path):
    doc_id = _labelled(db_path)
    with Project.open(db_path, "adj") as adj:
        adj.set_gold_status(doc_id, "adjudicated")  # decided: no entity at all
        delta = adj.add_gold_span(doc_id, 9, 11, "ZONE")
        assert delta.gold_statuses == ()
        adj.replay(delta.inverse())
        assert adj.gold_status(doc_id) == "adjudicated"


def test_accept_agreed_keeps_a_gold_decision_and_needs_two_layers(db_path):
    doc_id = _labelled(db_path)
    with Project.open(db_path, "adj") as adj:
        adj.add_gold_span(doc_id, 0, 2, "POLICY")  # the adjudicator's own, overlapping the agreed ORG
        _delta, skipped = adj.accept_agreed(doc_id)
        assert skipped == 1 and (0, 2, "POLICY") in _gold(adj, doc_id) and (0, 3, "ORG") not in _gold(adj, doc_id)
        with pytest.raises(AnnotationError, match="two"):
            adj.accept_agreed(adj.add_documents([NewDocument("다른 기사", title="x")]).imported[0])


def test_a_reviewer_who_found_nothing_counts(db_path):
    doc_id = _labelled(db_path)
    with Project.open(db_path, "park") as park:
        park.set_status(doc_id, "done")
        assert park.adjudication_layers(doc_id) == ["kim", "lee", "park"]
        assert park.adjudication(doc_id).comparison.agreed == ()


def test_gold_status_values_and_counts(db_path):
    doc_id = _labelled(db_path)
    with Project.open(db_path, "adj") as adj:
        lone = adj.add_documents([NewDocument("다른 기사", title="x")]).imported[0]
        adj.add_span(lone, 0, 2, "ORG")
        # lone has one reviewer layer; doc_id: 강원 (LOC / ORG) twice, 특구 (kim only) once
        assert adj.documents_to_adjudicate() == [(doc_id, 3)]
        assert adj.set_gold_status(doc_id, "adjudicated") == "new"
        assert adj.documents_to_adjudicate() == []
        assert adj.gold_status_counts() == {"new": 1, "in_progress": 0, "adjudicated": 1}
        assert adj.set_gold_status(doc_id, "new") == "adjudicated"
        with pytest.raises(AnnotationError):
            adj.set_gold_status(doc_id, "done")


def test_exports_read_gold_only_where_it_exists_and_layer_gold_means_adjudicated(db_path):
    from annotator.io.exporters.common import iter_export_docs

    doc_id = _labelled(db_path)
    with Project.open(db_path, "adj") as adj:
        other = adj.add_documents([NewDocument("강원 특구 소식", title="o")]).imported[0]
        adj.add_span(other, 0, 2, "LOC")
        adj.set_status(other, "done")
        with pytest.raises(ProjectError, match="no document has a gold layer yet"):
            adj.resolve_layer_choice("gold")
        adj.take_layer(doc_id, "lee")
        by_doc = {d.doc.id: d for d in iter_export_docs(adj, status="all")}
        assert {s.layer for s in by_doc[doc_id].spans} == {"gold"}  # gold only, not the reviewers merged
        assert [r.layer for r in by_doc[doc_id].relations] == ["gold"]
        assert [s.layer for s in by_doc[other].spans] == ["adj"]  # no gold there: the reviewers' layers
        assert [d.doc.id for d in iter_export_docs(adj, status="done", layer="gold")] == []  # not adjudicated yet
        adj.set_gold_status(doc_id, "adjudicated")
        gold_docs = list(iter_export_docs(adj, status="done", layer="gold"))
        assert [d.doc.id for d in gold_docs] == [doc_id] and len(gold_docs[0].spans) == 4
        adj.drop_gold([s.id for s in adj.spans(doc_id, "gold")])  # adjudicated as having no entity at all
        assert iter_export_docs(adj, status="all").__next__().spans == []


def test_a_layer_holding_only_untouched_imported_labels_is_not_compared(db_path):
    from annotator.core.model import NewSpan

    doc_id = _labelled(db_path)
    with Project.open(db_path, "adj") as adj:
        other = adj.add_documents([NewDocument(TEXT + " 추가", title="i", origin="i.jsonl:1",
                                               spans=[NewSpan(0, 3, "ORG")])]).imported[0]
        adj.start_from_imports(other)  # what opening it does
        adj.start_from_imports(doc_id)
        assert adj.adjudication_layers(other) == [] and adj.adjudication_layers(doc_id) == ["kim", "lee"]
        adj.add_span(other, 5, 7, "LOC")  # an edit of their own: now a voice
        assert adj.adjudication_layers(other) == ["adj"]


def test_take_one_reviewers_relation_between_gold_entities(db_path):
    doc_id = _labelled(db_path)
    with Project.open(db_path, "adj") as adj:
        only_kim = adj.adjudication(doc_id).comparison.relation_disagreements
        assert [(r.head, r.tail, r.label, r.layers) for r in only_kim] == [
            ((9, 11, "ZONE"), (5, 7, "LOC"), "located_in", ("kim",))]
        relation_id = only_kim[0].relation_ids[0]
        with pytest.raises(AnnotationError, match="take it first"):
            adj.take_relation(relation_id)
        kim = {(s.start, s.label): s.id for s in adj.spans(doc_id, "kim")}
        adj.take_layer(doc_id, "lee")
        adj.take_spans([kim[(9, "ZONE")]])  # its relation's other end (5-7 LOC) is not gold: no relation
        assert [r.label for r in adj.relations(doc_id, "gold")] == ["holds_title"]
        with pytest.raises(AnnotationError, match="5–7 LOC"):
            adj.take_relation(relation_id)
        delta = adj.take_spans([kim[(5, "LOC")]])  # now both ends are gold: kim's relation comes along
        assert [r.label for r in delta.added_relations] == ["located_in"]
        assert not adj.take_relation(relation_id)  # gold holds it already
        adj.delete_relation(delta.added_relations[0].id)
        delta = adj.take_relation(relation_id)
        assert [(r.label, r.layer) for r in delta.added_relations] == [("located_in", "gold")]
        assert not delta.added_spans and not delta.removed_spans


def test_documents_to_adjudicate_come_worst_first(db_path):
    doc_id = _labelled(db_path)  # 3 entities not both have
    with Project.open(db_path, "kim") as kim:
        calm = kim.add_documents([NewDocument("강원 특구 소식", title="c")]).imported[0]
        kim.add_span(calm, 0, 2, "LOC")
        kim.add_span(calm, 3, 5, "ZONE")  # lee has only the LOC
    with Project.open(db_path, "lee") as lee:
        lee.add_span(calm, 0, 2, "LOC")
        agreed = lee.add_documents([NewDocument("같은 라벨", title="a")]).imported[0]
        lee.add_span(agreed, 0, 2, "ORG")
        lee.set_status(agreed, "done")
    with Project.open(db_path, "kim") as kim:
        kim.add_span(agreed, 0, 2, "ORG")
        assert kim.documents_to_adjudicate() == [(doc_id, 3), (calm, 1), (agreed, 0)]


def test_a_relation_the_scheme_no_longer_allows_stays_out_of_gold(db_path):
    doc_id = _labelled(db_path)
    with Project.open(db_path, "adj") as adj:
        scheme = adj.scheme()
        located = scheme.relation("located_in")
        located.heads = [h for h in located.heads if h != "ZONE"]
        adj.save_scheme(scheme)
        delta = adj.take_layer(doc_id, "kim")  # kim's ZONE located_in LOC was allowed when made
        assert len(delta.added_spans) == 5 and [r.label for r in delta.added_relations] == ["holds_title"]


# undo and redo of any sequence of actions, against the recorded states ----------------------------------------
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

ACTIONS = st.lists(st.tuples(st.sampled_from(["span", "layer", "agreed", "drop", "relation", "nothing"]),
                             st.integers(0, 99)),
                   min_size=1, max_size=8)


def _gold_state(project, doc_id):
    return (sorted((s.id, s.start, s.end, s.label) for s in project.spans(doc_id, "gold")),
            sorted((r.id, r.head_id, r.tail_id, r.label) for r in project.relations(doc_id, "gold")),
            project.gold_status(doc_id), project.gold_nothing(doc_id))  # undone to the start: new again


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ACTIONS)
def test_replaying_inverses_undoes_any_sequence_and_replaying_redoes_it(tmp_path_factory, actions):
    db = tmp_path_factory.mktemp("replay") / "p.db"
    doc_id = _labelled(db)
    with Project.open(db, "adj") as adj:
        reviewer_spans = [s for s in adj.spans(doc_id, all_layers=True) if s.layer in ("kim", "lee")]
        reviewer_relations = [r for r in adj.relations(doc_id, all_layers=True) if r.layer in ("kim", "lee")]
        states, deltas = [_gold_state(adj, doc_id)], []
        for kind, n in actions:
            try:
                if kind == "span":
                    delta = adj.take_spans([reviewer_spans[n % len(reviewer_spans)].id])
                elif kind == "layer":
                    delta = adj.take_layer(doc_id, ("kim", "lee")[n % 2])
                elif kind == "agreed":
                    delta = adj.accept_agreed(doc_id)[0]
                elif kind == "relation":
                    delta = adj.take_relation(reviewer_relations[n % len(reviewer_relations)].id)
                elif kind == "nothing":
                    found = adj.adjudication(doc_id).comparison.disagreements
                    delta = adj.decide_nothing(doc_id, found[n % len(found)].start, found[n % len(found)].end)
                else:
                    gold = adj.spans(doc_id, "gold")
                    delta = adj.drop_gold([gold[n % len(gold)].id]) if gold else None
            except AnnotationError:
                delta = None  # refused (a relation whose ends are not gold): nothing changed
            if not delta:
                assert _gold_state(adj, doc_id) == states[-1]  # refused, or nothing to do: unchanged
            else:
                deltas.append(delta)
                states.append(_gold_state(adj, doc_id))
        for delta, before in zip(reversed(deltas), reversed(states[:-1])):
            adj.replay(delta.inverse())
            assert _gold_state(adj, doc_id) == before
        for delta, after in zip(deltas, states[1:]):
            adj.replay(delta)
            assert _gold_state(adj, doc_id) == after
