"""StringFinder (ahocorasick-rs) finds exactly the occurrences pyahocorasick found, the engine's automaton before:
every overlapping match, with code-point offsets, inside any text[start:end], by end."""

from __future__ import annotations

import pickle

import ahocorasick
import pytest
from hypothesis import given, settings, strategies as st

from annotator.nlp.suggest.strings import StringFinder

_ALPHABET = "강원도특구부산 중기부의는12AI·\n(가a"
_keys = st.lists(st.text(_ALPHABET, min_size=1, max_size=5), min_size=1, max_size=12, unique=True)


def pyahocorasick_matches(keys, text, start, end):
    automaton = ahocorasick.Automaton()
    for index, key in enumerate(keys):
        automaton.add_word(key, index)
    automaton.make_automaton()
    return [(index, last + 1 - len(keys[index]), last + 1) for last, index in automaton.iter(text, start, end)]


@settings(max_examples=300, deadline=None)
@given(_keys, st.text(_ALPHABET + "😀", max_size=80), st.integers(0, 90), st.integers(0, 90))
def test_property_finds_what_pyahocorasick_finds(keys, text, a, b):
    start, end = min(a, b, len(text)), min(max(a, b), len(text))
    found = StringFinder(keys).find(text, start, end)
    assert sorted(found) == sorted(pyahocorasick_matches(keys, text, start, end))
    ends = [e for _k, _s, e in found]
    assert ends == sorted(ends)  # by end: boundary_matches walks the lines with them
    assert all(text[s:e] == keys[k] for k, s, e in found)
    unshifted, offset = StringFinder(keys).find_unshifted(text, start, end)
    assert [(k, s + offset, e + offset) for k, s, e in unshifted] == found


def test_whole_text_and_slices_agree():
    finder = StringFinder(["강원", "강원도", "원도"])
    text = "가 강원도에 강원\n강원도"
    assert finder.find(text) == finder.find(text, 0, len(text)) == [(0, 2, 4), (1, 2, 5), (2, 3, 5), (0, 7, 9),
                                                                       (0, 10, 12), (1, 10, 13), (2, 11, 13)]
    assert finder.find(text, 3, 12) == [(2, 3, 5), (0, 7, 9), (0, 10, 12)]
    assert finder.find_unshifted(text, 3, 12) == ([(2, 0, 2), (0, 4, 6), (0, 7, 9)], 3)
    assert finder.find_unshifted(text) == (finder.find(text), 0)


def test_no_strings_is_refused():
    with pytest.raises(ValueError):
        StringFinder([])


def test_a_finder_travels_to_a_worker_process_as_its_strings():
    finder = pickle.loads(pickle.dumps(StringFinder(["강원", "부산"])))
    assert finder.keys == ("강원", "부산") and finder.find("강원 부산") == [(0, 0, 2), (1, 3, 5)]


def test_a_suggester_still_pickles():
    from annotator.core.scheme import default_scheme
    from annotator.nlp.suggest.dictionary import EntityDictionary
    from annotator.nlp.suggest.engine import Suggester

    suggester = Suggester(default_scheme(), sources=("dictionary", "patterns"),
                          dictionary=EntityDictionary([("중기부", "ORG")]))
    text = "중기부는 강원 규제자유특구를 2024년 7월 26일 지정했다."
    again = pickle.loads(pickle.dumps(suggester))
    assert again.suggest(text).entities == suggester.suggest(text).entities != []
