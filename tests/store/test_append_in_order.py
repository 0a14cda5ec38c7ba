"""store.imported_labels._append_in_order, the column-at-a-time check of an import's span values, keeps exactly what
the span-at-a-time loop it replaced kept: every span of a document or none of them (then the checked pass reads it),
the same rows in the same order."""

from __future__ import annotations

from hypothesis import example, given, settings, strategies as st

from annotator.store.imported_labels import SPAN_ROW_VALUES, _append_in_order

LABEL_IDS = {"ORG": 1, "PER": 2}
BOUND = st.one_of(st.integers(-2, 12), st.booleans(), st.floats(0, 9, allow_nan=False), st.none())


def reference(flat: list, doc_id: int, layer_id: int, length: int) -> list | None:
    """The loop the function replaced: rows of every span if all are int-bounded, known, in order and disjoint."""
    rows, last_end = [], 0
    values = iter(flat)
    for start, end, label in zip(values, values, values):
        label_id = LABEL_IDS.get(label)
        if type(start) is int and type(end) is int and last_end <= start < end <= length and label_id is not None:
            rows += (doc_id, layer_id, start, end, label_id)
            last_end = end
        else:
            return None
    return rows


@st.composite
def documents(draw):
    spans, at = [], 0
    for _ in range(draw(st.integers(0, 6))):
        if draw(st.integers(0, 5)) == 0:  # an odd span among ordered ones
            start, end = draw(BOUND), draw(BOUND)
        else:
            start = at + draw(st.integers(0, 2))
            end = start + draw(st.integers(1, 3))
            at = end - draw(st.integers(0, 1)) * draw(st.integers(0, 1))  # sometimes touching, rarely overlapping
        spans += [start, end, draw(st.sampled_from(["ORG", "PER", "ORG", "NOPE"]))]
    return spans, draw(st.integers(0, 20))


@settings(max_examples=400, deadline=None)
@given(documents())
@example(([0, 2, "ORG", 2, 4, "PER"], 4))  # touching spans, the last ending at the text's end
@example(([0, 2, "ORG", 1, 4, "PER"], 9))  # overlapping
@example(([True, 2, "ORG"], 9))  # a bool is no offset
@example(([-1, 2, "ORG"], 9))
@example(([0, 10, "ORG"], 9))  # past the text
@example(([3, 3, "ORG"], 9))  # empty
@example(([4, 6, "ORG", 0, 2, "PER"], 9))  # out of order
def test_same_rows_as_the_span_at_a_time_loop(document):
    flat, length = document
    rows = [("earlier", "row", 0, 1, 1)]  # appended after what is there, never touching it
    before = list(rows)
    got = _append_in_order(rows, flat, 7, 3, length, LABEL_IDS.get)
    expected = reference(flat, 7, 3, length)
    if expected is None:
        assert got is None and rows == before
    else:
        assert got == len(flat) // 3
        assert rows == before + expected
        assert len(rows) - len(before) == got * SPAN_ROW_VALUES
