"""'Gold holds nothing here' as a decision: recorded in the store (gold_nothing, schema step 14), undone and redone
by replay, replaced by a gold entity taken into its stretch, made by taking a whole version where that reviewer
labelled nothing; an older file gains the table when opened."""

from __future__ import annotations

import sqlite3

import pytest

from annotator.core.adjudication import is_decided
from annotator.store import AnnotationError, Project, schema
from tests.store.test_gold import _gold, _labelled

ZONE = (9, 11)  # kim's ZONE 특구; lee labelled nothing there


def _nothing_rows(path):
    """What another connection reads: committed."""
    with sqlite3.connect(path) as conn:
        return conn.execute('SELECT doc_id, start, "end", reviewer_id IS NOT NULL FROM gold_nothing').fetchall()


def test_deciding_nothing_drops_the_gold_there_records_it_and_replays(db_path):
    doc_id = _labelled(db_path)
    with Project.open(db_path, "adj") as adj:
        zone = adj.adjudication(doc_id).comparison.disagreements[1]
        assert (zone.start, zone.end) == ZONE and zone.silent == ("lee",)
        adj.take_spans(list(zone.choice_of("kim").span_ids))
        assert (9, 11, "ZONE") in _gold(adj, doc_id)

        delta = adj.decide_nothing(doc_id, *ZONE)
        assert [s.label for s in delta.removed_spans] == ["ZONE"] and delta.nothing_added == ((doc_id, *ZONE),)
        assert (9, 11, "ZONE") not in _gold(adj, doc_id)
        assert _nothing_rows(db_path) == [(doc_id, *ZONE, 1)]
        state = adj.adjudication(doc_id)
        assert state.nothing == (ZONE,) and is_decided(zone, state.gold, state.nothing)
        assert not adj.decide_nothing(doc_id, *ZONE)  # decided already: nothing to do

        adj.replay(delta.inverse())  # undo: the entity back, the decision gone
        assert (9, 11, "ZONE") in _gold(adj, doc_id) and _nothing_rows(db_path) == []
        adj.replay(delta)  # redo
        assert (9, 11, "ZONE") not in _gold(adj, doc_id) and _nothing_rows(db_path) == [(doc_id, *ZONE, 1)]
        with pytest.raises(AnnotationError):
            adj.decide_nothing(doc_id, 5, 500)


def test_the_first_decision_of_nothing_starts_the_gold_and_its_undo_makes_it_new(db_path):
    doc_id = _labelled(db_path)
    with Project.open(db_path, "adj") as adj:
        delta = adj.decide_nothing(doc_id, *ZONE)
        assert adj.gold_status(doc_id) == "in_progress" and not delta.added_spans and not delta.removed_spans
        adj.replay(delta.inverse())
        assert adj.gold_status(doc_id) == "new" and adj.gold_nothing(doc_id) == ()


@pytest.mark.parametrize("how", ["take", "own"])
def test_a_gold_entity_taken_into_a_stretch_decided_as_nothing_replaces_the_decision(db_path, how):
    doc_id = _labelled(db_path)
    with Project.open(db_path, "adj") as adj:
        adj.decide_nothing(doc_id, *ZONE)
        if how == "take":
            kim = adj.adjudication(doc_id).comparison.disagreements[1].choice_of("kim")
            delta = adj.take_spans(list(kim.span_ids))
        else:
            delta = adj.add_gold_span(doc_id, 9, 11, "LOC")
        assert delta.nothing_removed == ((doc_id, *ZONE),) and adj.gold_nothing(doc_id) == ()
        adj.replay(delta.inverse())  # undo: the decision of nothing is back
        assert adj.gold_nothing(doc_id) == (ZONE,) and _gold(adj, doc_id) == []


def test_taking_a_whole_version_decides_nothing_where_that_reviewer_labelled_nothing(db_path):
    doc_id = _labelled(db_path)
    with Project.open(db_path, "adj") as adj:
        delta = adj.take_layer(doc_id, "lee")
        assert delta.nothing_added == ((doc_id, *ZONE),)
        state = adj.adjudication(doc_id)
        assert all(is_decided(d, state.gold, state.nothing) for d in state.comparison.disagreements)
        delta = adj.take_layer(doc_id, "kim")  # kim has the ZONE: it replaces the decision
        assert delta.nothing_removed == ((doc_id, *ZONE),) and adj.gold_nothing(doc_id) == ()
        adj.replay(delta.inverse())
        assert adj.gold_nothing(doc_id) == (ZONE,)


def test_a_file_of_version_13_gains_the_table_and_keeps_its_gold(db_path):
    doc_id = _labelled(db_path)
    with Project.open(db_path, "adj") as adj:
        adj.accept_agreed(doc_id)
        gold = _gold(adj, doc_id)
    conn = sqlite3.connect(db_path)
    conn.execute("DROP TABLE gold_nothing")  # as step 13 left the file
    conn.execute("PRAGMA user_version = 13")
    conn.commit()
    conn.close()
    with Project.open(db_path, "adj") as adj:
        assert schema.user_version(adj.conn) == schema.SCHEMA_VERSION == 14
        assert _gold(adj, doc_id) == gold and adj.gold_nothing(doc_id) == ()
        adj.decide_nothing(doc_id, *ZONE)
    assert _nothing_rows(db_path) == [(doc_id, *ZONE, 1)]
