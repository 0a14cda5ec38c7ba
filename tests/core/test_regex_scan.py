"""scanning_regex() gives a pattern with exactly the matches of the one it speeds up (spans, groups, named groups),
searched from any position to any end: on random patterns built from the pieces label patterns are made of
(lookarounds first, classes, alternations, repeats, named groups, digits) and on every shipped pattern over random
pieces of the bundled sample pages."""

from __future__ import annotations

import json
import re

from hypothesis import given, settings, strategies as st

from annotator.core.label_patterns import compile_label_patterns
from annotator.core.regex_scan import guarded_alternations, scanning_regex
from annotator.core.scheme import default_scheme
from annotator.paths import resource_path

_TEXT = "강원도 특구 부산에 2024년 7월 26일(월) 1조5000억원 (AI) 장관은 ·-\n가나a1,5 “사업” ’24 ２"
_ATOMS = ["강", "원", "도", "특구", "[가-힣]", "[강부]", r"\d", "[0-9]", "[A-Z]", "a", r"\(", "[^\\S\\n]", " ", "·",
          "(?:강원|부산|특구)", "(?:장관|차관)", "[‘’']", "년", "월", "일"]
_LEADS = ["", "(?<![가-힣A-Za-z0-9·])", "(?<![\\d.,])", "(?<=\\()", "(?<=[가-힣] )", "(?!특구)", "(?=[\\d가])",
          "(?<![가-힣])(?=[강부2])", "^", "(?<=\\()(?!A)"]


@st.composite
def _patterns(draw):
    def element(depth):
        kind = draw(st.integers(0, 4 if depth < 2 else 1))
        if kind <= 1:
            return draw(st.sampled_from(_ATOMS))
        if kind == 2:
            return "(?:" + "|".join(sequence(depth + 1) for _ in range(draw(st.integers(1, 3)))) + ")"
        if kind == 3:
            low = draw(st.integers(0, 2))
            return "(?:" + sequence(depth + 1) + ")" + draw(st.sampled_from([f"{{{low},{low + 2}}}", "?", "*", "+", "+?"]))
        return "(?!" + draw(st.sampled_from(_ATOMS)) + ")" + draw(st.sampled_from(_ATOMS))

    def sequence(depth):
        return "".join(element(depth) for _ in range(draw(st.integers(1, 3))))

    body = sequence(0)
    if draw(st.booleans()):
        body = f"(?P<ent>{body})"
    return draw(st.sampled_from(_LEADS)) + body + draw(st.sampled_from(["", "(?![가-힣])", "(?=[은는])", "$"]))


def _same(regex, fast, text, pos, endpos):
    def found(rx):
        return [(m.span(), m.groups(), m.groupdict()) for m in rx.finditer(text, pos, endpos)]
    assert found(fast) == found(regex), (regex.pattern, fast.pattern)
    for p in range(pos, endpos + 1):
        a, b = regex.match(text, p, endpos), fast.match(text, p, endpos)
        assert (a and (a.span(), a.groups())) == (b and (b.span(), b.groups()))


@settings(max_examples=400, deadline=None)
@given(_patterns(), st.text(_TEXT, max_size=40), st.integers(0, 45), st.integers(0, 45))
def test_property_same_matches_on_random_patterns(source, text, a, b):
    try:
        regex = re.compile(source, re.MULTILINE)
    except re.error:
        return  # not a pattern the scheme dialog would accept
    fast = scanning_regex(regex)
    pos, endpos = min(a, b, len(text)), min(max(a, b), len(text))
    _same(regex, fast, text, pos, endpos)


def _texts():
    path = resource_path("samples", "seeds_labelled.jsonl")
    return [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


TEXTS = _texts()
SHIPPED = [p for p in default_scheme().compiled_patterns() if p.regex is not None]


@settings(max_examples=60, deadline=None)
@given(st.integers(0, len(SHIPPED) - 1), st.lists(st.tuples(st.integers(0, len(TEXTS) - 1), st.floats(0, 1),
                                                             st.integers(1, 200)), min_size=1, max_size=4))
def test_property_shipped_patterns_same_matches_on_page_pieces(which, pieces):
    text = "".join(TEXTS[i][int(at * len(TEXTS[i])):int(at * len(TEXTS[i])) + n] + "\n" for i, at, n in pieces)
    pattern = SHIPPED[which]
    assert pattern.scan is not None
    found = [(m.span(), m.groupdict()) for m in pattern.scan.finditer(text)]
    assert found == [(m.span(), m.groupdict()) for m in pattern.regex.finditer(text)]


def test_the_prefilter_is_put_where_it_saves_work():
    fast = scanning_regex(re.compile("(?<![가-힣])(?P<ent>(?:강원|부산)도?)"))
    assert fast.pattern == "(?=[강부])(?<![가-힣])(?P<ent>(?:강원|부산)도?)"  # before a negative lookbehind
    fast = scanning_regex(re.compile(r"(?<=\()(?P<ent>[A-Z]+)(?=\))"))
    assert fast.pattern == r"(?<=\()(?=[A-Z])(?P<ent>[A-Z]+)(?=\))"  # after a positive one
    fast = scanning_regex(re.compile(r"(?<![\d.])\d+원"))
    assert fast.pattern == r"(?=[\d])(?<![\d.])\d+원"


def test_patterns_left_alone():
    for source, flags in [("강원|부산", 0),  # a literal first: the engine's own scan applies
                          ("(?<![가-힣]).+특구", 0),  # anything may come first
                          ("(?<![가-힣])[가-힣]+특구", 0),  # Hangul first: too wide to help
                          ("(?<=a)(?:b)?", 0),  # may match the empty string
                          ("(?<!x)강원", re.IGNORECASE), ("(?<!x) 강원", re.VERBOSE)]:
        regex = re.compile(source, flags)
        assert scanning_regex(regex) is regex


def test_a_validated_pattern_is_its_own_scan():
    [checked] = compile_label_patterns("LOC", [{"id": "p", "regex": "(?<![가-힣])강원"}], analyse=False)
    assert checked.scan is checked.regex
    [analysed] = compile_label_patterns("LOC", [{"id": "p", "regex": "(?<![가-힣])강원"}])
    assert analysed.scan.pattern == "(?=[강])(?<![가-힣])강원"


@settings(max_examples=400, deadline=None)
@given(_patterns(), st.text(_TEXT, max_size=40), st.integers(0, 45), st.integers(0, 45))
def test_property_guarded_alternations_same_matches_on_random_patterns(source, text, a, b):
    """Every alternation of two or more gets its first-character test (the shipped minimum is six): the same
    matches, groups and spans from any position to any end."""
    try:
        regex = re.compile(source, re.MULTILINE)
    except re.error:
        return
    guarded = re.compile(guarded_alternations(source, regex.flags, min_alternatives=2), re.MULTILINE)
    assert guarded.groupindex == regex.groupindex and guarded.groups == regex.groups
    pos, endpos = min(a, b, len(text)), min(max(a, b), len(text))
    _same(regex, guarded, text, pos, endpos)


def test_long_alternations_are_guarded_and_what_cannot_be_read_alone_is_not():
    assert guarded_alternations("(?:ab|cd|ef)x", 0, 2) == "(?:(?=[ace])(?:ab|cd|ef))x"
    assert guarded_alternations(r"(?<=(?:ab|cd))x", 0, 2) == r"(?<=(?:(?=[ac])(?:ab|cd)))x"  # fixed width kept
    assert guarded_alternations(r"(?:a\|b|[|)]c|e\(f)", 0, 2) == r"(?:(?=[a\|\)e])(?:a\|b|[|)]c|e\(f))"
    for source in [r"(a)(?:\1b|c)",  # a back reference to a group outside
                   "(?i:ab|cd|ef)", "(?:(?i)ab|cd)",  # scoped flags
                   "(?:ab|.c)", "(?:ab|c?)",  # anything first; the empty string
                   "(?:ab|cd)"]:  # fewer alternatives than the minimum
        assert guarded_alternations(source, 0, 2 if source != "(?:ab|cd)" else 3) == source
    regions = scanning_regex(re.compile("(?<![가-힣])(?:강원|부산|대구|광주|대전|울산)도?"))
    assert regions.pattern == "(?=[강부대광울])(?<![가-힣])(?:(?=[강부대광울])(?:강원|부산|대구|광주|대전|울산))도?"
