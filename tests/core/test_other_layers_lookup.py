"""DocumentState.other_spans_between (bisection on starts, bounded by the longest span) against a plain scan."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.document_state import DocumentState
from annotator.core.model import Span

TEXT = "가" * 60


@st.composite
def overlapping_spans(draw):
    out = []
    for i in range(draw(st.integers(0, 25))):
        start = draw(st.integers(0, 58))
        end = draw(st.integers(start + 1, min(60, start + 20)))
        out.append(Span(i + 1, 1, start, end, "ORG", "", "", draw(st.sampled_from(["kim", "lee", "park"]))))
    return out


@settings(max_examples=200, deadline=None)
@given(overlapping_spans(), st.integers(0, 60), st.integers(0, 60))
def test_other_spans_between_equals_a_scan(spans, a, b):
    state = DocumentState()
    state.load(1, TEXT, "gold", spans, [], [])
    start, end = min(a, b), max(a, b)
    scan = [s for s in state.other_spans if s.start < max(end, start + 1) and s.end > start]
    assert state.other_spans_between(start, end) == scan
