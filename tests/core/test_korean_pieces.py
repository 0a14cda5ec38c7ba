"""Lines reach Kiwi in sentence pieces, and a piece analysed once is found again (the analyser's piece cache):
the pieces cover every non-space character, and an analysis made with pieces found in the cache is the one made
by asking Kiwi for every piece."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core import korean

SENTENCES = ["중소벤처기업부는 강원 원주시를 규제자유특구로 지정했다.", "그는 \"내년에도 계속한다\"고 말했다.",
             "부산시 관계자는 이렇게 밝혔다!", "정말 그럴까?", "세종=연합뉴스", "U.S. 정부와 협의 중",
             "3.5% 늘었다.", "끝"]


@pytest.fixture(scope="module")
def kiwi_analysers():
    """(an analyser whose piece cache keeps nothing, one with it): each builds its own Kiwi once."""
    return korean.KoreanAnalyser(num_workers=1, piece_chars=0), korean.KoreanAnalyser(num_workers=1)


def _check_bounds(line: str, limit: int) -> None:
    bounds = korean._piece_bounds(line, limit)
    pos = 0
    for start, end in bounds:
        assert pos <= start < end <= len(line)
        assert end - start <= limit
        assert line[pos:start].strip(" ") == "", (line, bounds)  # only spaces between pieces
        pos = end
    assert line[pos:].strip(" ") == ""
    if line.strip(" "):
        assert bounds


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(SENTENCES + [" ", "  ", "다. ", ".", "요?! ", "\"다.\" "]), max_size=12),
       st.integers(min_value=5, max_value=60))
def test_pieces_cover_the_line_and_only_spaces_fall_between(parts, limit):
    _check_bounds(" ".join(parts), limit)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="가나다. ?!\"'”)a1", max_size=80), st.integers(min_value=3, max_value=30))
def test_pieces_of_any_text_are_well_formed(line, limit):
    _check_bounds(line, limit)


def test_a_line_is_cut_after_each_sentence_and_a_sentence_is_the_same_piece_anywhere():
    line = "첫 문장입니다. 둘째 문장이에요!  \"셋째다.\" U.S. 넷째 3.5% 다섯"
    assert [line[s:e] for s, e in korean._piece_bounds(line)] == [
        "첫 문장입니다.", "둘째 문장이에요!", "\"셋째다.\"", "U.S. 넷째 3.5% 다섯"]
    other = "앞 문장이다. 첫 문장입니다. 뒤"
    assert "첫 문장입니다." in [other[s:e] for s, e in korean._piece_bounds(other)]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=6).map(" ".join), min_size=1, max_size=8),
       st.integers(min_value=1, max_value=4))
def test_analyses_from_cached_pieces_equal_kiwi_on_every_piece(kiwi_analysers, lines, batch):
    plain, cached = kiwi_analysers
    cached.clear_cache()
    before = cached.piece_counts()
    got = []
    for i in range(0, len(lines), batch):  # batches: pieces found in an earlier one and within one
        got.extend(cached.analyse_lines(lines[i:i + batch]))
    for line, analysis in zip(lines, got):
        plain.clear_cache()
        assert plain.analyse_line(line) == analysis
        assert cached.cached_analysis(line) == analysis
    after = cached.piece_counts()
    distinct = {line[s:e] for line in set(lines) for s, e in korean._piece_bounds(line)}
    assert after["kiwi_chars"] - before["kiwi_chars"] == sum(map(len, distinct))  # each distinct piece once
    asked = sum(e - s for line in lines for s, e in korean._piece_bounds(line))  # repeated lines: line cache
    assert after["repeated_chars"] - before["repeated_chars"] <= asked - sum(map(len, distinct))


def test_the_piece_cache_is_bounded_counts_what_it_finds_and_keeps_what_fits_sixteen_bits():
    cache = korean.PieceCache(max_chars=10)
    tokens = [korean.KiwiToken(0, 2, "NNG", 0), korean.KiwiToken(2, 1, "JKS", 0)]
    cache.put("가나다", tokens)
    assert cache.get("가나다") == tokens and cache.get("없다") is None
    assert cache.counts() == {"pieces": 2, "pieces_found": 1, "chars": 5, "chars_found": 3, "kiwi_chars": 0,
                              "repeated_chars": 0}
    for word in ("하나둘", "셋넷다", "다섯여섯"):
        cache.put(word, tokens)
    assert cache.get("가나다") is None and cache.get("다섯여섯") == tokens  # the oldest went first
    assert cache._chars <= 10
    cache.put("큰수", [korean.KiwiToken(0, 70_000, "NNG", 0)])
    assert cache.get("큰수") is None
    cache.clear()
    assert cache.get("다섯여섯") is None


def test_new_user_words_drop_the_cached_pieces():
    analyser = korean.KoreanAnalyser(num_workers=1)
    line = "글로벌혁신특구는 좋다. 다음 문장."
    assert "글로벌혁신특구" not in [t.text for t in analyser.tokenize(line)]
    assert analyser.add_user_words(["글로벌혁신특구"]) == 1
    assert [t.text for t in analyser.tokenize(line)][:2] == ["글로벌혁신특구", "는"]


def test_annotator_piece_cache_0_turns_the_piece_cache_off(monkeypatch):
    monkeypatch.setenv("ANNOTATOR_PIECE_CACHE", "0")
    off = korean.KoreanAnalyser(num_workers=1)
    monkeypatch.delenv("ANNOTATOR_PIECE_CACHE")
    on = korean.KoreanAnalyser(num_workers=1)
    lines = ["정말 그럴까? 그렇다.", "정말 그럴까? 아니다."]
    for analyser in (off, on):
        for line in lines:  # one line at a time: only the piece cache can find the repeated sentence
            analyser.analyse_lines([line])
    repeated = len("정말 그럴까?")
    assert off.piece_counts()["kiwi_chars"] == on.piece_counts()["kiwi_chars"] + repeated
    assert off.piece_counts()["chars_found"] == 0 and on.piece_counts()["chars_found"] == repeated
