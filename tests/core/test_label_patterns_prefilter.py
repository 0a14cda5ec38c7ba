"""The prefilter of regex patterns: trigger strings every match contains, and how far a match looks."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings, strategies as st

from annotator.core.label_patterns import also_required_text, required_text, search_radius, search_reach


@pytest.mark.parametrize("regex, trigger", [
    (r"(?<![\d.,])(?P<ent>\d+\s?(?:원|달러))", {"원", "달러"}),
    (r"(?:장관|차관)(?=은)", {"장관", "차관"}),
    (r"[1-3]차관", {"1차관", "2차관", "3차관"}),  # the literal run, narrowed by the class it always follows
    (r"(?:3[01]|[12]\d|0?[1-9])일", {f"{d}일" for d in "0123456789"}),  # 일 after a digit, not in 일정 or 제일
    (r"\d?일", {"일"}),  # what may match nothing narrows nothing
    (r"(?:\d|년)일", {"일"}),  # nor what may end in a wide set of characters
    (r"(?:올해|내년)?\s?\d월", {f"{d}월" for d in "0123456789"}),
    (r"\d+", set("0123456789")),
])
def test_trigger_strings(regex, trigger):
    assert required_text(re.compile(regex)) == trigger


@pytest.mark.parametrize("regex", [r".+", r"[^가]+", r"\w+", r"(?i)abc", r"[가-힣]+", r"x?y?z+|.", r"(?:원)?\d?"])
def test_no_trigger_where_a_match_may_hold_anything(regex):
    assert required_text(re.compile(regex)) is None


def test_search_radius_counts_the_match_and_its_lookarounds():
    assert search_radius(re.compile(r"(?<=ab)\d{2}원(?=은)")) == 2 + 3 + 1 + 1
    assert search_radius(re.compile(r"\d+원")) is None  # unbounded
    assert search_radius(re.compile(r"(\d)\1원")) is None  # a back reference


# Regexes built from pieces, and texts over the characters they use: every match holds a trigger string,
# and lies with all it looked at within the radius of one.
_ATOMS = ["원", "억", "월", "\\d", "[가나]", "[0-9,]", "다", "(?:원|달러)", "\\s", "."]
_LOOK = ["", "(?<!\\d)", "(?=[은는])", "(?![가-힣])"]


@st.composite
def _regexes(draw):
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        atom = draw(st.sampled_from(_ATOMS))
        parts.append(draw(st.sampled_from(_LOOK)) + atom + draw(st.sampled_from(["", "?", "+", "*", "{1,3}"])))
    if draw(st.booleans()):
        parts = ["(?:" + "".join(parts[: len(parts) // 2 + 1]) + "|" + draw(st.sampled_from(_ATOMS)) + ")"]
    # context the match does not hold: its needs are in the line, within the radius (also_required_text)
    return draw(st.sampled_from(_BEHIND)) + "".join(parts) + draw(st.sampled_from(_AHEAD))


_BEHIND = ["", "", "(?<=[가나])", "(?<=원|억)", "(?<=\\d)"]
_AHEAD = ["", "", "(?=[은는])", "(?=달러|원)", "(?=월?다)", "(?![가-힣])"]


@settings(max_examples=300, deadline=None)
@given(_regexes(), st.text(alphabet="원억월다가나은는달러 ,.0123456789\n", max_size=40))
@example(regex="\\d.", text="000000")
@example(regex="원(?=달러|원)", text="원원")
def test_every_match_holds_a_trigger_within_the_radius(regex, text):
    """... and one of the second strings (also_required_text), if there are any; and the match, with all it looks
    at, lies within the radius of that trigger: matched from its start with the text cut there, it is the same.
    (A search of that window alone may find other matches first: 000000 holds 00 three ways. The engine searches
    the windows of all the triggers joined, from the first: tests/nlp/suggest/test_pattern_windows.py.)"""
    compiled = re.compile(regex, re.MULTILINE)
    if compiled.fullmatch("") is not None:
        return  # refused by the scheme
    trigger = required_text(compiled)
    radius = search_radius(compiled)
    also = also_required_text(compiled, trigger)
    for m in compiled.finditer(text):
        if trigger is None:
            continue
        assert any(t in m.group() for t in trigger), (regex, text, m.group(), trigger)
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end()) % (len(text) + 1)
        low, high = line_start, line_end
        if radius is not None:
            hit = next(i for i in range(m.start(), m.end()) if any(text.startswith(t, i) for t in trigger))
            low, high = max(0, hit - radius), min(len(text), hit + radius)
            assert low <= m.start() and m.end() <= high, (regex, text)
            again = compiled.match(text, m.start(), high)
            assert again is not None and again.span() == m.span(), (regex, text)
        # the second strings: in the match or in the context it looks at (a lookahead's), inside the window
        assert also is None or any(t in text[max(low, line_start):min(high, line_end)] for t in also), (
            regex, text, m.group(), also)


@pytest.mark.parametrize("regex, also", [
    (r"(?P<ent>\d[\d,]*(?:억|만)?원)", set("0123456789")),  # 원 triggers; a digit must be there too
    # the rarer event words trigger; a region must be there too
    (r"(?<![가-힣])(?P<ent>(?:강원|부산)[^\S\n](?:[가-힣]{1,4}(?:간담회|포럼)))", {"강원", "부산"}),
    (r"(?:3[01]|[12]\d|0?[1-9])일", set("123456789")),  # 0일 is a trigger, but no match holds only a 0
    (r"\d일", None),  # the triggers 0일 ... 9일 imply the digit and 일
    (r"장관", None),  # nothing else is needed
    (r"\d+ 명", None),  # a space alone is in every line: not worth looking for
])
def test_second_strings(regex, also):
    compiled = re.compile(regex)
    found = also_required_text(compiled, required_text(compiled))
    assert (set(found) if found is not None else None) == also


def test_search_reach_is_the_radius_split_by_side():
    # widest match 3 (\d{2}원): lookbehind ab on the left, lookahead 은 and one character for $ and \b on the right
    assert search_reach(re.compile(r"(?<=ab)\d{2}원(?=은)")) == (3 + 2, 3 + 1 + 1)
    assert search_reach(re.compile(r"\d+원")) is None  # unbounded
    assert search_reach(re.compile(r"(\d)\1원")) is None  # a back reference
    assert search_reach(re.compile(r"(?<!\d)원(?=[가-힣]*다)")) == (1 + 1, None)  # the lookahead is unbounded
    assert search_reach(re.compile(r"[가-힣]*원(?=은)")) is None  # the match is unbounded: both sides are


@settings(max_examples=300, deadline=None)
@given(_regexes(), st.text(alphabet="원억월다가나은는달러 ,.0123456789\n", max_size=40))
@example(regex="(?<=\\d)원", text="1원")
@example(regex="원\\b", text="원원 ")
def test_every_match_with_what_it_looks_at_lies_within_the_reach_of_each_trigger_it_holds(regex, text):
    """For every trigger string at text[a:b] inside a match: the match starts at or after b - left and, matched from
    its start with the text cut at a + right, it is the same match (its lookarounds, $ and \\b saw what they see)."""
    compiled = re.compile(regex, re.MULTILINE)
    if compiled.fullmatch("") is not None:
        return  # refused by the scheme
    trigger, reach = required_text(compiled), search_reach(compiled)
    if trigger is None or reach is None:
        return
    left, right = reach
    for m in compiled.finditer(text):
        for a in range(m.start(), m.end()):
            for t in trigger:
                if text.startswith(t, a) and a + len(t) <= m.end():
                    assert left is None or m.start() >= a + len(t) - left, (regex, text, m.span(), t, a)
                    again = compiled.match(text, m.start(), len(text) if right is None else min(len(text), a + right))
                    assert again is not None and again.span() == m.span(), (regex, text, m.span(), t, a)
