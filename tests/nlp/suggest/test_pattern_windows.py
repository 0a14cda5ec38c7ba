"""The regex patterns' prefilter finds every match a search of each whole line finds, for any pattern the scheme
accepts: trigger windows joined from the first trigger (not one window per trigger: "000000" holds "00" at 0, 2 and
4, and a window around the trigger at 4 alone would find 1-3 and 3-5), lines of unbounded patterns, the second
strings, the first-character test. Random patterns from the pieces label patterns are made of, random texts."""

from __future__ import annotations

import re

from hypothesis import example, given, settings, strategies as st

from annotator.core.label_patterns import PatternError, compile_pattern
from annotator.nlp.suggest import patterns as patterns_module
from annotator.nlp.suggest.patterns import PatternSource, line_regions
from tests.core.test_label_patterns_prefilter import _regexes
from tests.core.test_regex_scan import _patterns
from tests.nlp.suggest.test_fast_engine_equality import ref_regex

_ALPHABET = "원억월다가나은는달러 ,.0123456789\n강원도특구부산장관(AI)"


def _compiled(source: str):
    try:
        return compile_pattern("X", {"id": "p", "regex": source})
    except PatternError:
        return None  # not a pattern the scheme dialog accepts


@settings(max_examples=400, deadline=None)
@given(st.one_of(_regexes(), _patterns()), st.text(_ALPHABET, max_size=60))
@example(source="\\d.", text="000000")
@example(source="\\d.", text="0000000\n000")
def test_property_pattern_source_finds_what_each_line_searched_whole_finds(source, text):
    pattern = _compiled(source)
    if pattern is None:
        return
    regions = line_regions(text)
    assert sorted(PatternSource([pattern]).candidates(text, regions)) == sorted(ref_regex(pattern, text, regions))


@settings(max_examples=400, deadline=None)
@given(_regexes(), st.text(_ALPHABET, max_size=60))
@example(source="\\d.", text="000000")
def test_property_joined_trigger_windows_find_what_the_whole_text_finds(source, text):
    """_windows on its own, also for triggers the engine would rather search whole (single digits)."""
    pattern = _compiled(source)
    if pattern is None or pattern.trigger is None or pattern.radius is None:
        return
    regex = re.compile(source, re.MULTILINE)
    hits = [(i, i + len(t)) for t in pattern.trigger for i in range(len(text)) if text.startswith(t, i)]
    spans = patterns_module._windows(hits, text, 0, len(text), pattern.radius)
    found = [m.span() for low, high in spans for m in regex.finditer(text, low, high)]
    assert found == [m.span() for m in regex.finditer(text)]
