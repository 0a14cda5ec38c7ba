"""core.suggestions.suggestions_from (the engine's Suggestions made through their slots, not the frozen dataclass's
__init__) gives what Suggestion(*row) gives: equal values of the same type and fields, and the same ValueError
for a row __init__ refuses."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from annotator.core.suggestions import Suggestion, suggestions_from

_rows = st.tuples(st.integers(-2, 40), st.integers(-2, 40), st.sampled_from(["", "ORG", "LOC"]),
                  st.sampled_from(["", "dictionary", "patterns", "model"]),
                  st.one_of(st.floats(-0.5, 1.5), st.sampled_from([0.0, 1.0, 0.4999, float("nan")])), st.sampled_from(["", "x (also model)"]))


def _made(rows):
    try:
        return [Suggestion(*row) for row in rows], None
    except ValueError as exc:
        return None, str(exc)


@settings(max_examples=400, deadline=None)
@given(st.lists(_rows, max_size=8))
def test_property_suggestions_from_equals_the_constructor(rows):
    expected, error = _made(rows)
    if error is not None:
        with pytest.raises(ValueError) as raised:
            suggestions_from(rows)
        assert str(raised.value) == error
        return
    got = suggestions_from(rows)
    assert got == expected
    assert all(type(g) is Suggestion and repr(g) == repr(e) and hash(g) == hash(e) for g, e in zip(got, expected))
    for made in got:
        with pytest.raises(AttributeError):  # still frozen
            made.score = 0.5
