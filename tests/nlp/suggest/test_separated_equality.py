"""boundaries._separated (a span cut off from its neighbours: whitespace, punctuation, a line edge or a plain particle
after it) gives what it gave before the rest of the word was found by one regex match: the old function is kept
below, verbatim, and both run on random spans of random texts (Hangul, particles, Jamo, Latin, digits, other numerals,
marks, punctuation, symbols, whitespace) with random line bounds."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings, strategies as st

from annotator.nlp.suggest import boundaries
from annotator.nlp.suggest.boundaries import _PARTICLES, _fits, _outer


def old_separated(text: str, start: int, end: int, line_start: int = 0, line_end: int | None = None) -> bool:
    """_separated before the regex (kept verbatim)."""
    line_end = len(text) if line_end is None else line_end
    if start > line_start and not _outer(text[start - 1], text[start]):
        return False
    if end >= line_end or _outer(text[end], text[end - 1]):
        return True
    if not "가" <= text[end - 1] <= "힣":
        return False
    word_end = end
    while word_end < line_end and not text[word_end].isspace() and unicodedata.category(text[word_end])[0] == "L":
        word_end += 1
    rest = text[end:word_end]
    return (rest in _PARTICLES and _fits(text[end - 1], rest)
            and (word_end >= line_end or _outer(text[word_end], text[word_end - 1])))


_PIECES = sorted(_PARTICLES) + ["강원", "중기부", "특구", "도", "과", "청", "했다", "하는", "강원도의", "A", "AI", "x",
                                 "3", "12", "²", "Ⅻ", "٣", "ㄱ", "ᄀ", "\u0301", "漢", "ß", "·", ",", ".", "(", ")", "「",
                                 "」", "'", "\"", "-", "~", "%", "+", "&", "_", "₩", "©", "😀", " ", "  ", "\n", "\t",
                                 "\u3000", "\xa0", "\u200b"]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=14), st.data())
def test_property_separated_is_what_it_was(pieces, data):
    text = "".join(pieces)
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    line_start = data.draw(st.integers(0, start))
    line_end = data.draw(st.one_of(st.none(), st.integers(end, len(text))))
    assert (boundaries._separated(text, start, end, line_start, line_end)
            == old_separated(text, start, end, line_start, line_end)), (text, start, end, line_start, line_end)


def test_every_particle_is_hangul_syllables():
    # the new function finds the rest of a word as a run of syllables: it relies on this
    assert all(all("가" <= ch <= "힣" for ch in particle) for particle in _PARTICLES)


def test_separated_cases():
    assert boundaries._separated("중기부는 발표", 0, 3)
    assert not boundaries._separated("강원도 발표", 0, 2)
    assert not boundaries._separated("강원와 발표", 0, 2)  # 와 needs a vowel before it
    assert boundaries._separated("(강원)", 1, 3)
    assert not boundaries._separated("강원ABC", 0, 2)


def test_the_particle_check_remembered_by_its_key_gives_what_each_call_would():
    # the rest of a word reaching the line's edge (a region cut inside its line) against the same rest running on
    boundaries._PARTICLE_AFTER.clear()
    for _ in range(2):  # the second time from the memo
        assert boundaries._separated("중기부는다", 0, 3, 0, 4)
        assert not boundaries._separated("중기부는다", 0, 3)
        assert boundaries._separated("중기부는 발표", 0, 3)
        assert not boundaries._separated("중기부는a", 0, 3)
        assert boundaries._separated("중기부는.", 0, 3)
        assert not boundaries._separated("강원와 발표", 0, 2)
    assert set(boundaries._PARTICLE_AFTER) == {"부는", "부는다", "부는 ", "부는a", "부는.", "원와 "}
