"""core.model.SpanTriples reads as the list of NewSpan it stands for (JSONL spans kept as their parsed values, flat)."""

from __future__ import annotations

from itertools import starmap

import pytest
from hypothesis import given, strategies as st

from annotator.core.model import NewDocument, NewSpan, SpanTriples, span_labels

triples = st.lists(st.tuples(st.integers(-3, 50), st.integers(-3, 50), st.sampled_from(["ORG", "PER", "", " x "])),
                   max_size=8)


@given(triples, st.integers(-10, 10), st.integers(-10, 10))
def test_it_reads_as_the_list_of_newspans(spans, i, j):
    made = list(starmap(NewSpan, spans))
    lazy = SpanTriples.of(spans)
    assert lazy.flat == [value for span in spans for value in span] and lazy.triples == spans
    assert len(lazy) == len(made) and bool(lazy) == bool(made)
    assert lazy == made and made == lazy and not (lazy != made)
    assert list(lazy) == made and list(reversed(list(lazy))) == made[::-1]
    assert lazy[i:j] == made[i:j]
    if -len(made) <= i < len(made):
        assert lazy[i] == made[i]
    else:
        with pytest.raises(IndexError):
            lazy[i]
    assert repr(lazy) == repr(made)
    assert span_labels(lazy) == span_labels(made) == [sp.label for sp in made]
    assert SpanTriples.of(spans) == lazy and SpanTriples(list(lazy.flat)) == lazy
    assert (lazy == made[:-1]) == (made == made[:-1])
    assert all(sp.line == 0 for sp in lazy)


@given(triples, triples)
def test_documents_holding_either_compare_as_their_spans_do(a, b):
    def doc(spans):
        return NewDocument("가나다", spans=spans)

    assert (doc(SpanTriples.of(a)) == doc(list(starmap(NewSpan, b)))) == (a == b)
    assert (doc(SpanTriples.of(a)) == doc(SpanTriples.of(b))) == (a == b)


def test_it_is_read_only_and_unhashable_like_the_list_it_stands_for():
    lazy = SpanTriples([0, 1, "ORG"])
    with pytest.raises(TypeError):
        hash(lazy)
    with pytest.raises((TypeError, AttributeError)):
        lazy[0] = NewSpan(0, 2, "ORG")
    assert lazy[0] is lazy[0]  # made once, not at every look


def test_values_that_are_not_whole_triples_are_refused():
    with pytest.raises(ValueError):
        SpanTriples([0, 1, "ORG", 2])
