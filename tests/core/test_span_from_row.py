"""span_from_row (the export read's constructor) makes exactly the Span that Span(...) makes: equal, same hash, same
fields, still frozen."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, strategies as st

from annotator.core.model import Span, span_from_row

rows = st.tuples(st.integers(), st.integers(), st.integers(0, 10**6), st.integers(0, 10**6), st.text(max_size=5),
                 st.text(max_size=5), st.text(max_size=5), st.text(max_size=5))


@given(rows)
def test_span_from_row_is_the_span_of_the_row(row):
    made, expected = span_from_row(*row), Span(*row)
    assert type(made) is Span
    assert made == expected and hash(made) == hash(expected)
    assert dataclasses.astuple(made) == row
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.start = 1
