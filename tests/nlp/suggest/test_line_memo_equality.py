"""The line memo of the regex patterns (patterns.LineMemo: a line met again is not searched again) proposes exactly
what the search it stands in front of proposed, in the same order: the page search before the memo, kept verbatim
in pattern_search_oracle.regex_candidates, run on every page. Pages made of lines drawn from a small pool (so that
lines come back, on the same page and on later ones), searched whole or over some of their lines (content only),
one source over a run of pages as the engine has it; random patterns (a pattern whose match may hold a line break
turns the memo off) and the shipped scheme on the bundled sample's lines."""

from __future__ import annotations

import json
import pickle

import pytest
from hypothesis import example, given, settings, strategies as st

from annotator.core.label_patterns import PatternError, compile_pattern
from annotator.core.scheme import default_scheme
from annotator.nlp.suggest import line_memo
from annotator.nlp.suggest.patterns import PatternSource, line_regions
from annotator.paths import resource_path
from tests.core.test_label_patterns_prefilter import _regexes
from tests.core.test_regex_scan import _patterns
from tests.nlp.suggest import pattern_search_oracle as oracle

_ALPHABET = "원억월다가나은는달러 ,.0123456789강원도특구부산장관(AI)ab"


def _sample_lines() -> list[str]:
    path = resource_path("samples", "seeds_labelled.jsonl")
    lines = []
    for record in path.read_text(encoding="utf-8").splitlines():
        if record.strip():
            lines += json.loads(record)["text"].split("\n")
    return list(dict.fromkeys(lines))


_SAMPLE_LINES = _sample_lines()
_SHIPPED = [p for p in default_scheme().compiled_patterns() if p.regex is not None]


@st.composite
def _pages(draw, pool):
    """Pages of lines drawn (with repeats) from pool, and for each the regions searched: every line, or some."""
    pages = []
    for _ in range(draw(st.integers(1, 5))):
        lines = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=8))
        text = "\n".join(lines)
        regions = line_regions(text)
        if draw(st.booleans()):
            kept = draw(st.lists(st.booleans(), min_size=len(regions), max_size=len(regions)))
            regions = [r for r, keep in zip(regions, kept) if keep]
        pages.append((text, regions))
    return pages


def _assert_memo_equals_the_page_search(patterns, pages):
    source = PatternSource(patterns)
    reference = PatternSource(patterns)
    for text, regions in pages:
        expected = oracle.regex_candidates(reference, text, regions)
        assert source.candidates(text, regions) == expected
    return source


def _compiled(sources):
    compiled = []
    for n, source in enumerate(sources):
        try:
            compiled.append(compile_pattern("X" if n % 2 else "Y", {"id": f"p{n}", "regex": source}))
        except PatternError:
            pass  # not a pattern the scheme dialog accepts
    return compiled


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_regexes(), _patterns()), min_size=1, max_size=3),
       st.lists(st.text(_ALPHABET, max_size=24), min_size=1, max_size=5).flatmap(_pages))
@example(sources=["\\d."], pages=[("000000\n000000", [(0, 6), (7, 13)]), ("000000", [(0, 6)])])
@example(sources=["(?<=\\d)(?:원?원?|원)"], pages=[("0\n0\n0", [(0, 1), (2, 3), (4, 5)])])
@example(sources=["(?:원원?원?|\\s)"], pages=[("\n원\n원", [(0, 0), (1, 2), (3, 4)])] * 2)  # may hold a break
@example(sources=["원$", "(?<![가-힣])강원"], pages=[("강원\n원\n강원", line_regions("강원\n원\n강원"))] * 3)
def test_property_random_patterns_propose_what_the_page_search_proposes(sources, pages):
    patterns = _compiled(sources)
    if patterns:
        _assert_memo_equals_the_page_search(patterns, pages)


@settings(max_examples=60, deadline=None)
@given(_pages(_SAMPLE_LINES))
@example(pages=[("\n".join(_SAMPLE_LINES[:12]), line_regions("\n".join(_SAMPLE_LINES[:12])))] * 3)
@example(pages=[("\n".join(_SAMPLE_LINES[5:9] * 2), line_regions("\n".join(_SAMPLE_LINES[5:9] * 2)))])
def test_property_the_shipped_patterns_propose_on_sample_lines_what_the_page_search_proposes(pages):
    source = _assert_memo_equals_the_page_search(_SHIPPED, pages)
    assert source._line_memo_plans is not None  # every shipped pattern is line_local: the memo was used


def test_every_shipped_regex_pattern_is_line_local_and_a_break_in_a_match_is_not():
    assert all(p.line_local for p in _SHIPPED)
    assert not compile_pattern("X", {"id": "p", "regex": "원\\s억"}).line_local
    assert not compile_pattern("X", {"id": "p", "regex": "원[^가]억"}).line_local
    assert compile_pattern("X", {"id": "p", "regex": "원[^\\S\\n]억(?=\\s)"}).line_local


def test_lines_met_again_are_not_searched_again_and_a_full_memo_starts_over(monkeypatch):
    page = "\n".join(_SAMPLE_LINES[:20])
    regions = line_regions(page)
    source = PatternSource(_SHIPPED)
    expected = oracle.regex_candidates(PatternSource(_SHIPPED), page, regions)
    assert source.candidates(page, regions) == expected  # met once: searched, its finds not kept
    assert set(source._line_memo.lines.values()) == {None}
    assert source.candidates(page, regions) == expected  # met twice: searched and remembered
    assert len(source._line_memo.lines) == len({line for line in page.split("\n") if line})
    searched = []
    monkeypatch.setattr(PatternSource, "_search", lambda self, out, plans, text, rs, starts: searched.append(rs))
    assert source.candidates(page, regions) == expected  # met again: every line remembered
    assert searched == []
    monkeypatch.undo()
    monkeypatch.setattr(line_memo, "MEMO_CHARS", 60)  # fewer than the page's lines hold
    source = PatternSource(_SHIPPED)
    for _ in range(4):
        assert source.candidates(page, regions) == expected
        assert source._line_memo.chars <= 60 + len(page)  # forgotten before a page when more than 60


def test_long_lines_are_searched_every_time_and_not_remembered(monkeypatch):
    monkeypatch.setattr(line_memo, "MEMO_LINE_CHARS", 30)
    page = "\n".join(_SAMPLE_LINES[:40])
    regions = line_regions(page)
    source = PatternSource(_SHIPPED)
    for _ in range(3):
        assert source.candidates(page, regions) == oracle.regex_candidates(source, page, regions)
    assert source._line_memo.lines and all(len(line) <= 30 for line in source._line_memo.lines)


def test_the_memo_rests_where_lines_seldom_come_back_and_not_where_they_do(monkeypatch):
    monkeypatch.setattr(line_memo, "MEMO_PROBE_LINES", 40)
    monkeypatch.setattr(line_memo, "MEMO_REST_PAGES", 3)
    source = PatternSource(_SHIPPED)
    rested = []
    for n in range(0, 120, 5):  # lines met once each
        page = "\n".join(_SAMPLE_LINES[n:n + 5])
        assert source.candidates(page, line_regions(page)) == oracle.regex_candidates(source, page, line_regions(page))
        rested.append(source._line_memo.rest)
    assert max(rested) == 3 and 0 in rested[rested.index(3):]  # rested, then tried again
    source = PatternSource(_SHIPPED)
    page = "\n".join(_SAMPLE_LINES[:30])
    for _ in range(10):  # the same lines again and again
        assert source.candidates(page, line_regions(page)) == oracle.regex_candidates(source, page, line_regions(page))
        assert source._line_memo.rest == 0


def test_a_region_that_is_not_a_whole_line_is_searched_as_before():
    page = "\n".join(_SAMPLE_LINES[:10])
    source = PatternSource(_SHIPPED)
    for regions in ([(0, len(page) // 2)], [(3, 40), (50, len(page))]):
        for _ in range(3):
            assert source.candidates(page, regions) == oracle.regex_candidates(source, page, regions)
    assert not source._line_memo.lines  # not even met


def test_a_pickled_or_rescored_source_forgets_its_lines_and_proposes_its_new_scores():
    page = "\n".join(_SAMPLE_LINES[:30])
    regions = line_regions(page)
    source = PatternSource(_SHIPPED)
    for _ in range(3):
        source.candidates(page, regions)
    assert source._line_memo.lines
    copy = pickle.loads(pickle.dumps(source))
    assert not copy._line_memo.lines
    assert copy.candidates(page, regions) == source.candidates(page, regions)
    found = source.candidates(page, regions)
    pattern = next(p for p in _SHIPPED if any(c[5] == p.id and c[2] == p.label for c in found))
    source.rescore({(pattern.label, pattern.id): 0.123})
    assert not source._line_memo.lines
    again = [source.candidates(page, regions) for _ in range(3)]
    assert again[0] == again[2] == oracle.regex_candidates(source, page, regions)
    assert any(c[4] == 0.123 for c in again[2])


@pytest.mark.parametrize("lines", [["", "", ""], ["\t", " "]])
def test_blank_lines_propose_nothing(lines):
    page = "\n".join(lines)
    source = PatternSource(_SHIPPED)
    for _ in range(3):
        assert source.candidates(page, line_regions(page)) == []
