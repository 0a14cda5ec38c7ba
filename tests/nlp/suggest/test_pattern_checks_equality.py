"""The regex stage with its further window checks (label_patterns.required_sets, patterns._further_checks) proposes
exactly what the stage before them did (session27_patterns_oracle, verbatim, through pattern_search_oracle), in the
same order: random texts of Hangul, digits, brackets, quotes, dates and amounts; the shipped scheme, random user
patterns and branches whose alternatives need different strings (the checks' own case). A text holding a decimal
digit other than 0-9 (fullwidth １) is searched whole, as the regex over each line alone finds: the old stage missed
those matches (its prefilters read \\d as 0-9)."""

from __future__ import annotations

import re

from hypothesis import example, given, settings, strategies as st

from annotator.core.label_patterns import PatternError, compile_pattern, required_sets
from annotator.core.scheme import default_scheme
from annotator.nlp.suggest import patterns
from annotator.nlp.suggest.patterns import PatternSource, line_regions
from tests.core.test_label_patterns_prefilter import _regexes
from tests.core.test_regex_scan import _patterns
from tests.nlp.suggest import pattern_search_oracle as oracle

_SHIPPED = [p for p in default_scheme().compiled_patterns() if p.regex is not None]
_PIECES = ["2024년 ", "7월 ", "26일", "(월)", " 오후 2시", "’24년 하반기", "1조5000억원", "120억 원", "3천만 원", "14개 시도",
           "17개", "3곳", "장관", " 차관", "청장", "원장", "김민수 ", "박 장관", "(기자)", "[서울=뉴시스]", "(주)", "㈜한빛",
           "‘규제자유특구 설명회’", "\"AI 포럼\"", "'", "“", "”", "=", "(", ")", "[", "]", "강원도 ", "춘천시", "특구", "연구원",
           "테크노파크", " 등 ", " 관련 ", "산업", "분야", "바이오", "반도체 ", "제3회 ", "차 ", "시·군", "개", "명",
           "은 ", "는 ", "의 ", "에서 ", ", ", ". ", "\n", " ", "~", "%", "MW", "0", "1", "9", "A", "KBS", "대 교수"]
_text = st.lists(st.sampled_from(_PIECES), max_size=30).map("".join)


def _compiled(sources):
    compiled = []
    for n, source in enumerate(sources):
        try:
            compiled.append(compile_pattern("X" if n % 2 else "Y", {"id": f"p{n}", "regex": source}))
        except PatternError:
            pass  # not a pattern the scheme dialog accepts
    return compiled


def _page_search(source: PatternSource, text: str, regions) -> list:
    out: list = []
    if regions:
        source._search(out, source._plans, text, regions, [r[0] for r in regions])
    return out


def _regions(text: str, every_other: bool):
    regions = line_regions(text)
    return regions[::2] if every_other and len(regions) > 1 else regions


@settings(max_examples=150, deadline=None)
@given(st.lists(_text, min_size=1, max_size=4), st.booleans())
@example(texts=["[서울=뉴시스] 김민수 기자 = (기자) (주)한빛 ‘규제자유특구 설명회’"], every_other=False)
@example(texts=["(장관 ( 관련 (AI) 제3회 차 특구 '설명회 ' 대 교수"], every_other=True)
def test_property_the_shipped_patterns_propose_what_the_old_stage_proposed(texts, every_other):
    source = PatternSource(_SHIPPED)  # one source over the pages: its line memo too
    for text in texts:
        regions = _regions(text, every_other)
        expected = oracle.regex_candidates(source, text, regions)
        assert _page_search(source, text, regions) == expected
        assert [c for c in source.candidates(text, regions) if c[:2] and _is_regex(c)] == expected


def _is_regex(candidate) -> bool:
    return any(p.id == candidate[5] and p.label == candidate[2] for p in _SHIPPED)


_BRANCHES = ["(?:[\\[【](?:[가-힣]{1,3}=)?|\\((?:[가-힣]{1,3}=))(?P<ent>[가-힣]{2,4})",
             "[‘'\"“](?P<ent>[^‘’'\"“”\\n]{1,20}?(?:설명회|포럼|회의))[’'\"”]",
             "(?<![가-힣])(?:제\\d+회|\\d+차)[^\\S\\n]?(?P<ent>[가-힣]{2,6}(?:포럼|특구))",
             "(?:\\d+개[^\\S\\n]?(?:시·군|시도)|[가-힣]{2}(?:장관|청장))(?=[은는의 ])"]


@settings(max_examples=250, deadline=None)
@given(st.lists(st.one_of(_regexes(), _patterns(), st.sampled_from(_BRANCHES)), min_size=1, max_size=3),
       st.lists(st.one_of(_text, st.text("원억월다가나은는(=)[]‘’'\"0123456789 \n강장관설명회포럼", max_size=30)),
                min_size=1, max_size=3), st.booleans())
@example(sources=[_BRANCHES[0]], texts=["(장관 청장 [서울=뉴시스]", "(김민수=연합)"], every_other=False)
@example(sources=[_BRANCHES[1]], texts=["'설명회' ‘AI 포럼’ \"회의 '"], every_other=False)
def test_property_random_user_patterns_propose_what_the_old_stage_proposed(sources, texts, every_other):
    compiled = _compiled(sources)
    if not compiled:
        return
    source = PatternSource(compiled)
    for text in texts:
        regions = _regions(text, every_other)
        assert _page_search(source, text, regions) == oracle.regex_candidates(source, text, regions)


def _plain(pattern_list, text: str) -> list:
    """Each regex alone over each line (the entity group, its spaces trimmed): what a pattern promises to find."""
    out = []
    for p in pattern_list:
        group = "ent" if "ent" in p.regex.groupindex else 0
        for start, end in line_regions(text):
            for m in p.regex.finditer(text[start:end]):
                s, e = m.span(group)
                if s < 0:
                    continue
                line = text[start:end]
                while s < e and line[s].isspace():
                    s += 1
                while e > s and line[e - 1].isspace():
                    e -= 1
                if s < e:
                    out.append((start + s, start + e, p.label, "patterns", p.score, p.id))
    return out


@settings(max_examples=80, deadline=None)
@given(_text, st.sampled_from(["１", "２", "٣", "०", "９"]), st.integers(0, 30))
@example(text="기업 12개 참여", digit="１", at=3)
def test_property_a_text_with_another_digit_is_searched_whole(text, digit, at):
    text = text[:at] + digit + text[at:]
    source = PatternSource(_SHIPPED)
    assert _page_search(source, text, line_regions(text)) == _plain(_SHIPPED, text)


def test_fullwidth_digits_are_found_now_and_were_missed_before():
    text = "기업 １２개 참여"
    source = PatternSource(_SHIPPED)
    found = {(c[0], c[1], c[5]) for c in source.candidates(text, line_regions(text))}
    assert (3, 6, "quantity-figure") in found
    assert oracle.regex_candidates(source, text, line_regions(text)) == []  # the old stage: nothing
    for text in ("12개 ０", "12개 \U0001d7ce", "😀 ٣"):
        assert patterns._holds_other_digit(text, 0, len(text))
    for text in ("12개 원 ABC 가나", "😀 12", ""):
        assert not patterns._holds_other_digit(text, 0, len(text))


@settings(max_examples=300, deadline=None)
@given(st.one_of(_regexes(), _patterns(), st.sampled_from(_BRANCHES)),
       st.one_of(_text, st.text("원억월다가나은는(=)[]‘’'\"0123456789 강장관설명회포럼", max_size=30)))
@example(regex=_BRANCHES[0], text="[서울=뉴시스]")
def test_property_every_match_holds_a_string_of_each_required_set(regex, text):
    """... within what it looks at: the line around it (every set is of the match, of a leading lookbehind or of a
    trailing lookahead, which look no further than the line)."""
    try:
        compiled = re.compile(regex, re.MULTILINE)
    except re.error:
        return
    if compiled.fullmatch("") is not None:
        return
    sets = required_sets(compiled)
    for m in compiled.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end())
        line = text[line_start:len(text) if line_end < 0 else line_end]
        for strings in sets:
            assert any(s in line for s in strings), (regex, text, m.span(), sorted(strings))


def test_the_checks_of_the_shipped_scheme_refuse_windows_the_old_stage_searched(monkeypatch):
    """outlet-lead-in needs [ or 【 or = (its trigger ( alone is not enough: "(" then a name and "="), quoted-event
    one of its event words: a window around a bracket or a quote without them is not searched now; and a check
    that is not required (a mutant) loses matches, which the equality above would catch."""
    by_id = {p.id: p for p in _SHIPPED}
    assert frozenset({"=", "[", "【"}) in by_id["outlet-lead-in"].checks
    source = PatternSource(_SHIPPED)
    index = {p.id: n for n, p in enumerate(source._regexes)}
    assert frozenset({"=", "[", "【"}) in patterns._further_checks(
        by_id["outlet-lead-in"].checks, source._window_strings[index["outlet-lead-in"]], source._also[index["outlet-lead-in"]])
    assert source._checks[index["quoted-event"]]
    text = "(서울=연합뉴스) 김민수 기자 = ‘규제자유특구 설명회’"
    expected = oracle.regex_candidates(source, text, line_regions(text))
    assert any(c[5] == "outlet-lead-in" for c in expected) and any(c[5] == "quoted-event" for c in expected)
    assert _page_search(source, text, line_regions(text)) == expected
    real = patterns._further_checks
    monkeypatch.setattr(patterns, "_further_checks", lambda checks, strings, also: real(checks, strings, also) + [
        frozenset({"뉴시스"})] if strings else [])
    mutant = PatternSource(_SHIPPED)
    assert _page_search(mutant, text, line_regions(text)) != expected


def test_the_other_digit_classes_are_every_decimal_digit_but_0_to_9():
    """The ranges written in patterns.py (a scan of every code point costs ~50 ms at each start) are this Python's."""
    digits = {chr(code) for code in range(0x110000) if chr(code).isdecimal()} - set("0123456789")
    found = {chr(code) for code in range(0x110000) if patterns._OTHER_DIGIT.match(chr(code))}
    assert found == digits
    assert {chr(code) for code in range(0x10000) if patterns._OTHER_BMP_DIGIT.match(chr(code))} == {
        d for d in digits if ord(d) < 0x10000}
