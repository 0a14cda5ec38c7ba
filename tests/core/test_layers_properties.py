"""Properties of the layer merge (exports) and of the document state under deltas, against simple oracles."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.delta import AnnotationDelta
from annotator.core.document_state import DocumentState
from annotator.core.layers import Layer, merge_layers
from annotator.core.model import Relation, Span

LAYERS = [Layer(1, "import", "import:a"), Layer(2, "reviewer", "kim", "kim"), Layer(3, "reviewer", "lee", "lee"),
          Layer(4, "gold", "gold")]
PRIORITY = {"gold": 0, "kim": 1, "lee": 2, "import:a": 3}  # gold, then reviewers in layer order, then imports


@st.composite
def layered_spans(draw):
    spans, span_id = [], 1
    for layer in ("import:a", "kim", "lee", "gold"):
        pos = 0
        for _ in range(draw(st.integers(0, 6))):  # flat within a layer
            start = pos + draw(st.integers(0, 4))
            end = start + draw(st.integers(1, 4))
            spans.append(Span(span_id, 1, start, end, draw(st.sampled_from(["ORG", "LOC"])), "", "", layer))
            span_id += 1
            pos = end
    relations = []
    for i, head in enumerate(spans):
        for tail in spans[i + 1:]:
            if head.layer == tail.layer and draw(st.booleans()):
                relations.append(Relation(len(relations) + 1, 1, head.id, tail.id, "rel", "", "", head.layer))
    return spans, relations


@settings(max_examples=200, deadline=None)
@given(layered_spans())
def test_merge_is_flat_loses_only_duplicates_and_overlaps_and_keeps_the_better_layer(data):
    spans, relations = data
    kept, kept_relations = merge_layers(LAYERS, spans, relations)
    ordered = sorted(kept, key=lambda s: s.start)
    assert all(a.end <= b.start for a, b in zip(ordered, ordered[1:]))  # flat
    ids = {s.id for s in kept}
    assert ids <= {s.id for s in spans}
    for span in spans:
        if span.id in ids:
            continue
        # left out only for an equal or overlapping entity kept from a layer that comes first (or the same one)
        blockers = [k for k in kept if k.start < span.end and k.end > span.start]
        assert any(PRIORITY[k.layer] <= PRIORITY[span.layer] for k in blockers)
    assert all(r.head_id in ids and r.tail_id in ids and r.head_id != r.tail_id for r in kept_relations)
    assert len({(r.head_id, r.tail_id, r.label) for r in kept_relations}) == len(kept_relations)
    # a relation survives when both its ends survive as themselves or as an equal entity
    same = {(s.start, s.end, s.label): s.id for s in kept}
    key = {s.id: (s.start, s.end, s.label) for s in spans}
    for rel in relations:
        head, tail = same.get(key[rel.head_id]), same.get(key[rel.tail_id])
        if head is not None and tail is not None and head != tail:
            assert (head, tail, rel.label) in {(r.head_id, r.tail_id, r.label) for r in kept_relations}


OPS = st.lists(st.tuples(st.sampled_from(["add", "remove", "relabel"]), st.integers(0, 60), st.integers(1, 5),
                         st.sampled_from(["kim", "lee"])), max_size=40)


@settings(max_examples=150, deadline=None)
@given(OPS)
def test_state_under_deltas_equals_a_fresh_load(ops):
    """Whatever deltas arrive, the state equals what loading the resulting spans afresh gives."""
    text = "가" * 70
    state = DocumentState()
    state.load(1, text, "kim", [], [], [])
    current: dict[int, Span] = {}
    next_id = 1
    for op, start, length, layer in ops:
        end = min(start + length, len(text))
        if op == "add":
            if any(s.layer == layer and s.start < end and s.end > start for s in current.values()):
                continue  # the store refuses an overlap within a layer
            span = Span(next_id, 1, start, end, "ORG", "", "", layer)
            next_id += 1
            current[span.id] = span
            delta = AnnotationDelta(added_spans=(span,))
        elif not current:
            continue
        else:
            victim = sorted(current)[start % len(current)]
            old = current.pop(victim)
            if op == "remove":
                delta = AnnotationDelta(removed_spans=(old,))
            else:
                new = Span(old.id, 1, old.start, old.end, "LOC" if old.label == "ORG" else "ORG", "", "", old.layer)
                current[new.id] = new
                delta = AnnotationDelta(added_spans=(new,), removed_spans=(old,))
        state.apply(delta)
    fresh = DocumentState()
    fresh.load(1, text, "kim", list(current.values()), [], [])
    assert state.spans == fresh.spans and state.starts == fresh.starts and state.ends == fresh.ends
    assert state.other_spans == fresh.other_spans and state.also_in == fresh.also_in


def _import_layer_name_before(origin_or_source: str) -> str:  # the code before the per-file cache, verbatim
    from pathlib import PurePath

    where = origin_or_source.strip()
    head, sep, tail = where.rpartition(":")
    if sep and tail.isdigit():
        where = head
    name = PurePath(where).name if where else ""
    return "import:" + (name or "unknown")


@given(st.lists(st.text(alphabet=" :/.\\a가1²\t\n", max_size=12), max_size=6), st.lists(st.integers(0, 99), max_size=4))
def test_the_import_layer_of_an_origin_is_what_it_was_before_the_cache(names, lines):
    from annotator.core.layers import import_layer_name

    for name in names + [f"{n}:{line}" for n in names for line in lines]:
        assert import_layer_name(name) == _import_layer_name_before(name)
