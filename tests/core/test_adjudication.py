"""Comparing reviewer layers and planning gold changes, on hand-made cases of two and three reviewers."""

from __future__ import annotations

import pytest

from annotator.core.adjudication import AdjudicationError, compare_layers, plan_drop, plan_take
from annotator.core.model import Relation, Span

_ids = iter(range(1, 10_000))


def sp(layer, start, end, label):
    return Span(next(_ids), 1, start, end, label, layer, "", layer)


def rel(head, tail, label):
    return Relation(next(_ids), 1, head.id, tail.id, label, head.layer, "", head.layer)


def test_two_reviewers_agreed_and_grouped_disagreements():
    a = [sp("kim", 0, 3, "ORG"), sp("kim", 5, 7, "LOC"), sp("kim", 10, 14, "ZONE")]
    b = [sp("lee", 0, 3, "ORG"), sp("lee", 5, 7, "ORG"), sp("lee", 10, 12, "ZONE"), sp("lee", 20, 22, "DATE")]
    c = compare_layers(["kim", "lee"], a + b)
    assert [(x.start, x.end, x.label, x.layers) for x in c.agreed] == [(0, 3, "ORG", ("kim", "lee"))]
    assert c.agreed[0].span_ids == (a[0].id, b[0].id)
    assert [(d.start, d.end) for d in c.disagreements] == [(5, 7), (10, 14), (20, 22)]
    label_clash, boundary, one_sided = c.disagreements
    assert [(x.label, x.layers) for x in label_clash.choices] == [("LOC", ("kim",)), ("ORG", ("lee",))]
    assert [(x.start, x.end, x.layers) for x in boundary.choices] == [(10, 12, ("lee",)), (10, 14, ("kim",))]
    assert one_sided.silent == ("kim",) and one_sided.choice_of("lee").label == "DATE"
    assert c.disagreement_at(11) is boundary and c.disagreement_at(4) is None


def test_three_reviewers_two_against_one_and_chained_overlaps():
    # kim 0-4, lee 3-8, park 7-9: one group by chaining, though kim's and park's spans do not touch
    k1, l1, p1 = sp("kim", 0, 4, "ORG"), sp("lee", 3, 8, "ORG"), sp("park", 7, 9, "ORG")
    k2, l2, p2 = sp("kim", 20, 25, "PERSON"), sp("lee", 20, 25, "PERSON"), sp("park", 20, 25, "TITLE")
    k3, l3, p3 = sp("kim", 30, 32, "LOC"), sp("lee", 30, 32, "LOC"), sp("park", 30, 32, "LOC")
    c = compare_layers(["kim", "lee", "park"], [k1, l1, p1, k2, l2, p2, k3, l3, p3])
    assert [x.key for x in c.agreed] == [(30, 32, "LOC")]
    chain, two_one = c.disagreements
    assert (chain.start, chain.end, len(chain.choices), chain.silent) == (0, 9, 3, ())
    assert [(x.label, x.layers) for x in two_one.choices] == [("PERSON", ("kim", "lee")), ("TITLE", ("park",))]


def test_a_layer_with_nothing_makes_nothing_agreed():
    a = [sp("kim", 0, 3, "ORG")]
    c = compare_layers(["kim", "lee"], a)
    assert c.agreed == () and c.disagreements[0].silent == ("lee",)


def test_agreed_relations_need_every_layer():
    ka, kb, la, lb = sp("kim", 0, 3, "ORG"), sp("kim", 5, 7, "LOC"), sp("lee", 0, 3, "ORG"), sp("lee", 5, 7, "LOC")
    only_kim = [rel(ka, kb, "located_in")]
    assert compare_layers(["kim", "lee"], [ka, kb, la, lb], only_kim).agreed_relations == frozenset()
    both = only_kim + [rel(la, lb, "located_in")]
    assert compare_layers(["kim", "lee"], [ka, kb, la, lb], both).agreed_relations == {
        ((0, 3, "ORG"), (5, 7, "LOC"), "located_in")}


def test_take_replaces_the_overlapping_gold_choice_and_keeps_twins():
    gold = [Span(900, 1, 5, 7, "LOC", "adj", "", "gold"), Span(901, 1, 0, 3, "ORG", "adj", "", "gold")]
    take = sp("lee", 5, 8, "ORG")
    plan = plan_take(gold, [], [take])
    assert [g.id for g in plan.remove] == [900] and plan.add == [take]
    again = plan_take(gold, [], [sp("lee", 0, 3, "ORG")])
    assert not again  # gold holds it already
    assert plan_take(gold, [], [take], keep_gold=True).skipped == [take]


def test_take_brings_relations_whose_ends_are_in_gold():
    ka, kb, kc = sp("kim", 0, 3, "ORG"), sp("kim", 5, 7, "LOC"), sp("kim", 9, 11, "ZONE")
    relations = [rel(ka, kb, "located_in"), rel(kc, kb, "located_in")]
    gold = [Span(900, 1, 0, 3, "ORG", "adj", "", "gold")]
    plan = plan_take(gold, [], [kb], context=[ka, kb, kc], context_relations=relations)
    # ka's twin is in gold, kb is copied now: that relation comes; kc is not in gold: that one does not
    assert [(c.head, c.tail, c.source.label) for c in plan.relations] == [(("gold", 900), ("new", kb.id), "located_in")]
    gold_rel = [Relation(950, 1, 900, 901, "located_in", "adj", "", "gold")]
    gold2 = gold + [Span(901, 1, 5, 7, "LOC", "adj", "", "gold")]
    assert not plan_take(gold2, gold_rel, [kb], context=[ka, kb, kc], context_relations=relations)


def test_take_whole_layer_replaces_gold_and_refuses_overlapping_choices():
    gold = [Span(900, 1, 0, 3, "ORG", "adj", "", "gold"), Span(901, 1, 40, 43, "DATE", "adj", "", "gold")]
    k = [sp("kim", 0, 3, "ORG"), sp("kim", 5, 7, "LOC")]
    plan = plan_take(gold, [], k, replace_all=True)
    assert {g.id for g in plan.remove} == {900, 901} and plan.add == k
    with pytest.raises(AdjudicationError):
        plan_take([], [], [sp("kim", 0, 4, "ORG"), sp("lee", 3, 6, "ORG")])
    assert [g.id for g in plan_drop(gold, [901]).remove] == [901]


def test_relation_choices_say_who_made_each_relation():
    ka, kb, la, lb = sp("kim", 0, 3, "ORG"), sp("kim", 5, 7, "LOC"), sp("lee", 0, 3, "ORG"), sp("lee", 5, 7, "LOC")
    k_rel, l_rel = rel(ka, kb, "located_in"), rel(lb, la, "located_in")  # opposite directions
    c = compare_layers(["kim", "lee"], [ka, kb, la, lb], [k_rel, l_rel])
    assert [(r.head, r.tail, r.layers, r.relation_ids) for r in c.relation_disagreements] == [
        ((0, 3, "ORG"), (5, 7, "LOC"), ("kim",), (k_rel.id,)), ((5, 7, "LOC"), (0, 3, "ORG"), ("lee",), (l_rel.id,))]
    assert c.agreed_relations == frozenset()


def test_take_relation_needs_both_ends_in_gold():
    from annotator.core.adjudication import plan_take_relation

    ka, kb = sp("kim", 0, 3, "ORG"), sp("kim", 5, 7, "LOC")
    source = rel(ka, kb, "located_in")
    gold = [Span(900, 1, 0, 3, "ORG", "adj", "", "gold")]
    with pytest.raises(AdjudicationError, match="5–7 LOC"):
        plan_take_relation(gold, [], source, (0, 3, "ORG"), (5, 7, "LOC"))
    gold.append(Span(901, 1, 5, 7, "LOC", "adj", "", "gold"))
    plan = plan_take_relation(gold, [], source, (0, 3, "ORG"), (5, 7, "LOC"))
    assert [(c.head, c.tail) for c in plan.relations] == [(("gold", 900), ("gold", 901))]
    held = [Relation(950, 1, 900, 901, "located_in", "adj", "", "gold")]
    assert not plan_take_relation(gold, held, source, (0, 3, "ORG"), (5, 7, "LOC"))


# properties, against an oracle written the plain way -------------------------------------------------------
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

LABELS = ("ORG", "LOC", "ZONE")


@st.composite
def flat_layer(draw, name):
    """A flat layer: sorted, non-overlapping spans in a 40-character text."""
    cuts = sorted(draw(st.sets(st.integers(0, 40), max_size=12)))
    spans, i = [], 0
    while i + 1 < len(cuts):
        if draw(st.booleans()):
            spans.append(sp(name, cuts[i], cuts[i + 1], draw(st.sampled_from(LABELS))))
        i += 2 if draw(st.booleans()) else 1
    return spans


@settings(max_examples=150, deadline=None)
@given(st.integers(2, 3).flatmap(lambda n: st.tuples(*[flat_layer(f"r{i}") for i in range(n)])))
def test_every_reviewer_span_is_agreed_or_in_exactly_one_disagreement(layers):
    names = [f"r{i}" for i in range(len(layers))]
    spans = [s for layer in layers for s in layer]
    c = compare_layers(names, spans)
    keys = lambda layer: {(s.start, s.end, s.label) for s in layer}  # noqa: E731
    assert {x.key for x in c.agreed} == set.intersection(*[keys(layer) for layer in layers])
    placed = [sid for x in c.agreed for sid in x.span_ids]
    placed += [sid for d in c.disagreements for x in d.choices for sid in x.span_ids]
    assert sorted(placed) == sorted(s.id for s in spans)
    groups = sorted((d.start, d.end) for d in c.disagreements)
    assert all(a[1] <= b[0] for a, b in zip(groups, groups[1:]))  # disagreements do not overlap
    for x in c.agreed:
        assert all(x.end <= d.start or d.end <= x.start for d in c.disagreements)
    for d in c.disagreements:
        inside = {s.layer for s in spans if d.start <= s.start and s.end <= d.end and (s.start, s.end, s.label)
                  not in {x.key for x in c.agreed}}
        assert set(d.silent) == set(names) - inside
        assert {n for x in d.choices for n in x.layers} == inside


@settings(max_examples=150, deadline=None)
@given(flat_layer("gold"), flat_layer("r0"), st.data())
def test_taking_keeps_gold_flat_and_holds_what_was_taken(gold, reviewer, data):
    sources = data.draw(st.lists(st.sampled_from(reviewer), unique_by=lambda s: s.id) if reviewer else st.just([]))
    plan = plan_take(gold, [], sources)
    removed = {g.id for g in plan.remove}
    after = [g for g in gold if g.id not in removed] + plan.add
    ordered = sorted(after, key=lambda s: (s.start, s.end))
    assert all(a.end <= b.start for a, b in zip(ordered, ordered[1:]))  # flat
    assert {(s.start, s.end, s.label) for s in sources} <= {(s.start, s.end, s.label) for s in after}
    # only what a source overlaps is removed
    assert all(any(g.start < s.end and s.start < g.end for s in sources) for g in plan.remove)
