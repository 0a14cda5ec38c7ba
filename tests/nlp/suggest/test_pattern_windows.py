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

_ALPHABET = "원억월다가나은는달러 ,.0123456789\n강원도특구부산장관(AI)ab"


def _compiled(source: str):
    try:
        return compile_pattern("X", {"id": "p", "regex": source})
    except PatternError:
        return None  # not a pattern the scheme dialog accepts


def _assert_same_as_each_line_searched_whole(source, text):
    pattern = _compiled(source)
    if pattern is not None:
        regions = line_regions(text)
        assert sorted(PatternSource([pattern]).candidates(text, regions)) == sorted(ref_regex(pattern, text, regions))


@settings(max_examples=400, deadline=None)
@given(st.one_of(_regexes(), _patterns()), st.text(_ALPHABET, max_size=60))
@example(source="\\d.", text="000000")
@example(source="\\d.", text="0000000\n000")
@example(source="(?<=\\d)(?:원?원?|원)", text="0")  # an empty match at the text's end (it raised IndexError)
@example(source="(?:원원?원?|\\s)", text="\n원")  # a line redone after a match over its break: was found twice
def test_property_pattern_source_finds_what_each_line_searched_whole_finds(source, text):
    _assert_same_as_each_line_searched_whole(source, text)


@settings(max_examples=400, deadline=None)
@given(_regexes(), st.text(_ALPHABET, max_size=60))
@example(source="\\d.", text="000000")
def test_property_joined_trigger_windows_find_what_the_whole_text_finds(source, text):
    """_windows on its own, also for triggers the engine would rather search whole (single digits)."""
    pattern = _compiled(source)
    if pattern is not None and pattern.trigger is not None and pattern.radius is not None:
        _assert_windows_find_every_match(source, pattern.trigger, pattern.radius, text)


def _assert_windows_find_every_match(source, strings, radius, text):
    regex = re.compile(source, re.MULTILINE)
    hits = [(i, i + len(t)) for t in strings for i in range(len(text)) if text.startswith(t, i)]
    spans = patterns_module._windows(hits, text, 0, len(text), radius)
    found = [m.span() for low, high in spans for m in regex.finditer(text, low, high)]
    assert found == [m.span() for m in regex.finditer(text)]



@settings(max_examples=400, deadline=None)
@given(_regexes(), st.text(_ALPHABET, max_size=60))
@example(source="[0-9,]원(?=달러|억)", text="0원억 1원달러")
def test_property_windows_of_the_second_strings_find_what_the_whole_text_finds(source, text):
    """_windows around the second strings (searched there when the triggers are digits or letters), which may lie
    in what a match looks at rather than in the match."""
    pattern = _compiled(source)
    if pattern is not None and pattern.also is not None and pattern.radius is not None:
        _assert_windows_find_every_match(source, pattern.also, pattern.radius, text)


# Lookarounds that may look at a line break (and \A, \Z): searched inside the whole text, they would see the break
# and the next line where the line alone has nothing ((?<=[^a])b matched the b of "x\nb"; (?<![^a])b missed it).
_SEEING = ["(?<=[^a])", "(?<![^가])", "(?<=\\s)", "(?<!\\S)", "(?<=.)", "(?<![^\\n])", "(?=\\s)", "(?![^원])",
           "(?=.)", "(?!\\S)", "\\A", "\\Z", "(?<=\\D)", "(?<![^\\S\\n])"]


@st.composite
def _seeing_regexes(draw):
    body = draw(st.one_of(_regexes(), _patterns()))
    return draw(st.sampled_from(_SEEING + [""])) + body + draw(st.sampled_from(_SEEING + [""]))


@settings(max_examples=300, deadline=None)
@given(_seeing_regexes(), st.text(_ALPHABET, max_size=60))
@example(source="(?<=[^a])b", text="x\nb")
@example(source="(?<![^a])원", text="x\n원")
@example(source="원(?=\\s)", text="원\n가")
@example(source="원\\Z", text="원\n원")
def test_property_lookarounds_that_may_see_a_line_break_see_only_their_line(source, text):
    _assert_same_as_each_line_searched_whole(source, text)


def _windows_before(hits, text, start, end, radius):
    """_windows as it was before its loop was tightened (session 22), kept verbatim as the oracle."""
    spans: list[list[int]] = []
    for hit_start, hit_end in sorted(hits):
        if radius is not None:
            low, high = max(start, hit_start - radius), min(end, hit_end + radius)
        else:
            low = text.rfind("\n", start, hit_start) + 1 or start
            high = text.find("\n", hit_end, end)
            high = end if high < 0 else high
        if spans and low <= spans[-1][1] + patterns_module._JOIN_CHARS:
            spans[-1][1] = max(spans[-1][1], high)
        else:
            spans.append([low, high])
    return [(a, b) for a, b in spans]


@settings(max_examples=500, deadline=None)
@given(st.text("ab \n", max_size=300), st.data(), st.one_of(st.none(), st.integers(1, 80)))
def test_property_windows_are_the_spans_they_were(text, data, radius):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    hits = []
    if end > start:
        for _ in range(data.draw(st.integers(0, 30))):
            hit_start = data.draw(st.integers(start, end - 1))
            hits.append((hit_start, data.draw(st.integers(hit_start + 1, end))))
    assert patterns_module._windows(hits, text, start, end, radius) == _windows_before(hits, text, start, end, radius)


@settings(max_examples=400, deadline=None)
@given(_regexes(), st.text(_ALPHABET, max_size=80))
@example(source="\\d.", text="000000")
@example(source="(?:억원|원)(?=은)", text="1억원은 원은")  # nested trigger hits: 억원 at 1, 원 at 2
def test_property_windows_of_the_reach_find_what_the_whole_text_finds(source, text):
    """_windows narrowed by search_reach (left of the trigger's end, right of its start) around the triggers,
    sorted by where their windows start (a shorter trigger inside a longer one starts its window first)."""
    pattern = _compiled(source)
    if pattern is not None and pattern.trigger is not None and pattern.reach is not None:
        regex = re.compile(source, re.MULTILINE)
        hits = [(i, i + len(t)) for t in pattern.trigger for i in range(len(text)) if text.startswith(t, i)]
        spans = patterns_module._windows(hits, text, 0, len(text), pattern.radius, pattern.reach)
        assert spans == sorted(spans) and all(a[1] < b[0] for a, b in zip(spans, spans[1:]))  # disjoint
        found = [m.span() for low, high in spans for m in regex.finditer(text, low, high)]
        assert found == [m.span() for m in regex.finditer(text)]


# Short matches with lookarounds that look far (unbounded or wider than a radius: searched over their lines, cut to
# their reach on the bounded side), some of which may see a line break (searched line by line, in the cut parts).
_FAR = ["(?=[가-힣 ]*다)", "(?![0-9,]*원)", "(?=[^\\n]{0,70}월)", "(?=.{0,70}월)", "(?=\\s*[은는])", "(?<=[가나])",
        "(?=(?:[가-힣]{1,12} ){0,5}원)", ""]


@st.composite
def _far_looking_regexes(draw):
    body = draw(st.one_of(_regexes(), _patterns(), st.sampled_from(["원", "(?:억원|원)", "[0-9]{1,2}월", "가{1,40}원"])))
    return draw(st.sampled_from(_FAR[5:])) + body + draw(st.sampled_from(_FAR))


@settings(max_examples=400, deadline=None)
@given(_far_looking_regexes(), st.text(_ALPHABET, max_size=200))
@example(source="원(?=[가-힣 ]*다)", text="가 원 가가 다\n원 다 원")
@example(source="(?:억원|원)(?=\\s*[은는])", text="1억원은\n원 \n는")
@example(source="가{1,40}원(?=.{0,70}월)", text="가가원" + "나" * 70 + "월 가원 월")
def test_property_windows_cut_to_the_reach_find_what_each_line_searched_whole_finds(source, text):
    _assert_same_as_each_line_searched_whole(source, text)
