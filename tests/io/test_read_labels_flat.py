"""jsonl_labels.read_labels_flat reads what read_labels reads, its spans flat (start, end, label, start, ...), for
doccano `label` lists of every shape of entry and records that also hold the other label keys."""

from __future__ import annotations

from hypothesis import example, given, settings, strategies as st

from annotator.io.importers.jsonl_labels import LabelError, read_labels, read_labels_flat

VALUES = st.one_of(st.integers(-2, 9), st.booleans(), st.none(), st.floats(-1, 9, allow_nan=False),
                   st.sampled_from(["ORG", "", " ORG", "LOC ", "\u3000PER", "x\ty", "  "]))
ENTRY = st.one_of(
    st.tuples(st.integers(-2, 9), st.integers(-2, 9), st.sampled_from(["ORG", "PER", " LOC", "", "  "])).map(list),
    st.lists(VALUES, max_size=5),
    st.tuples(VALUES, VALUES, VALUES),  # a tuple, not a list (what a caller other than JSON may hand in)
    VALUES,
)
OTHER = st.one_of(st.none(), st.just([]), st.just("x"), st.just([{"id": 0, "start_offset": 0, "end_offset": 1,
                                                                  "label": "ORG"}]),
                  st.just([{"start": 0, "end": 1, "label": "ORG"}]), st.just([{"from_id": 0, "to_id": 1}]))


@st.composite
def records(draw):
    record = {"text": "가나다라마바사"}
    if draw(st.booleans()):  # the common record: plain entries, maybe one odd one among them
        record["label"] = [[i, i + 1, draw(st.sampled_from(["ORG", "PER"]))] for i in range(draw(st.integers(0, 4)))]
        if draw(st.booleans()):
            record["label"].insert(draw(st.integers(0, len(record["label"]))), draw(ENTRY))
    elif draw(st.booleans()):
        record["label"] = draw(st.one_of(st.lists(ENTRY, max_size=6), VALUES))
    if draw(st.integers(0, 3)) == 0:
        record["labels"] = draw(st.lists(ENTRY, max_size=3))
    for key in ("entities", "spans", "relations"):
        if draw(st.integers(0, 4)) == 0:
            record[key] = draw(OTHER)
    if draw(st.integers(0, 4)) == 0:  # Prodigy's review answer
        record["answer"] = draw(st.sampled_from(["accept", "reject", "ignore", None, 1]))
    return record


def read(function, record):
    try:
        return function(record)
    except LabelError as exc:
        return str(exc)


@settings(max_examples=400, deadline=None)
@given(records())
@example({"label": [[0, 1, "ORG"], [2, 3, " LOC"]]})
@example({"label": [[0, 1, "ORG"], [2, 3, "LOC"]], "relations": None})
@example({"label": [[0, 1, "ORG"], [True, 3, "LOC"]]})
@example({"label": [[0, 1, "ORG"]], "entities": []})
@example({"label": [[0, 1, "ORG"]], "relations": "x"})
@example({"label": [[0, 1, "ORG"]], "spans": "x"})
def test_the_flat_spans_are_read_labels_spans_one_after_another(record):
    flat = read(read_labels_flat, record)
    before = read(read_labels, record)
    if isinstance(before, str):
        assert flat == before
        return
    spans, relations, problems = before
    assert flat == ([value for span in spans for value in span], relations, problems)
    assert all(type(value) is tuple for value in spans)
