"""Every fast path of the dictionary + patterns engine (trigger groups, patterns searched whole, boundary checks,
combine) against the plain reference of test_fast_engine_equality (every line searched by every regex, plain
boundary checks, a quadratic combine), on random texts cut from the bundled sample pages: pieces of real lines
with their dates, sums, titles, brackets and particles, joined at random points (new lines, half words)."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from annotator.core.scheme import default_scheme
from annotator.nlp.suggest.dictionary import EntityDictionary
from annotator.nlp.suggest.engine import Suggester
from annotator.paths import resource_path
from tests.nlp.suggest.test_fast_engine_equality import _as_tuples, ref_combine, ref_raw


def _records():
    path = resource_path("samples", "seeds_labelled.jsonl")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


RECORDS = _records()
TEXTS = [r["text"] for r in RECORDS]


@pytest.fixture(scope="module")
def suggester():
    dictionary = EntityDictionary()
    dictionary.add_documents((r["text"], [(e["start_offset"], e["end_offset"], e["label"]) for e in r["entities"]])
                             for r in RECORDS)
    return Suggester(default_scheme(), sources=("dictionary", "patterns"), dictionary=dictionary, content_only=False)


_piece = st.tuples(st.integers(0, len(TEXTS) - 1), st.floats(0, 1), st.integers(1, 160),
                   st.sampled_from(["", " ", "\n", "는 ", "(", ")", "1", "월 "]))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_piece, min_size=1, max_size=8))
def test_property_fast_paths_equal_the_reference_on_page_pieces(suggester, pieces):
    text = ""
    for which, at, length, glue in pieces:
        source = TEXTS[which]
        start = int(at * (len(source) - 1))
        text += source[start:start + length] + glue
    regions = suggester.regions(text)
    expected = ref_raw(suggester, text, regions)
    assert sorted(suggester.candidates(text, regions)) == sorted(expected)
    assert _as_tuples(suggester.suggest(text).entities) == ref_combine(suggester.calibration.apply(text, expected))
