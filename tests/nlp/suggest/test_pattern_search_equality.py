"""The faster per-page search of the patterns (nlp/suggest/patterns.py) gives what the code it replaced gave
(kept verbatim in pattern_search_oracle.py), on random texts of the words the shipped patterns look for."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from annotator.core import korean
from annotator.nlp.suggest import patterns
from tests.nlp.suggest import pattern_search_oracle as oracle

_WORDS = ["12개", "3곳", "지자체", "기업", "17개", "연구개발지원단", "규제자유특구", "강원", "중기부는", "2개", "세",
          "곳은", "AI", "바이오", "산업", "분야", "(", ")", "·", "했다", "밝혔다", "1,200억", "원", "부산시"]
_SEPARATORS = [" ", " ", "", "\n", "  ", " \n"]


@st.composite
def text_and_span(draw):
    pieces = draw(st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from(_SEPARATORS)), min_size=1, max_size=14))
    text = "".join(w + sep for w, sep in pieces)
    starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    line_start = draw(st.sampled_from(starts))
    line_end = text.find("\n", line_start) % (len(text) + 1)
    start = draw(st.integers(line_start, line_end))
    end = draw(st.integers(start, line_end))
    return text, start, end


@settings(max_examples=150, deadline=None)
@given(text_and_span(), st.sampled_from(["none", "empty", "shared"]))
def test_line_morphs_equal_the_old_walk_over_every_morph_of_the_line(case, lines_given):
    text, start, end = case
    lines = None if lines_given == "none" else {}
    if lines_given == "shared":  # the dictionary's table of the line, as boundary_matches leaves it
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", line_start) % (len(text) + 1)
        analysis = korean.analyse_line(text[line_start:line_end])
        lines[line_start] = (*analysis.offsets(), analysis.tag_tuples())
    assert patterns._line_morphs(text, start, end, lines) == oracle._line_morphs(text, start, end)
    if lines is not None:  # the table is left for the other sources of the page
        assert list(lines) == [text.rfind("\n", 0, start) + 1]


def test_a_pickled_pattern_source_proposes_the_same_with_plans_over_its_own_patterns():
    import pickle

    from annotator.core.scheme import default_scheme

    source = patterns.PatternSource.from_scheme(default_scheme())
    source.rescore({(source.patterns[0].label, source.patterns[0].id): 0.42})
    copy = pickle.loads(pickle.dumps(source))
    assert "_plans" not in source.__getstate__()
    text = "중기부는 12개 지자체와 강원 규제자유특구를 지정했다\n부산 블록체인 규제자유특구 기업 3곳은 AI 산업 분야"
    assert copy.suggest(text) == source.suggest(text) and copy.suggest(text)
    assert [plan[-1] for plan in copy._plans] == [plan[-1] for plan in source._plans]  # the scores rescored
