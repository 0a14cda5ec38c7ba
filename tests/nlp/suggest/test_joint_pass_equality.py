"""One automaton pass for the dictionary's strings and the patterns' word lists (EntityDictionary.candidates_and_words,
dictionary.boundary_matches_of_sets) proposes exactly what one pass for each did (the old code, kept verbatim in
session26_oracle.py): the same candidates in the same order, on random texts cut from the bundled sample pages, with
dictionaries that share strings with the word lists, hold none of them, or are empty."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings, strategies as st

from annotator.nlp.suggest import dictionary as dictionary_module
from annotator.nlp.suggest.dictionary import EntityDictionary
from annotator.nlp.suggest.strings import StringFinder
from tests.nlp.suggest.session26_oracle import old_boundary_matches, old_dictionary_candidates, old_engine_candidates
from tests.nlp.suggest.test_fast_paths_on_page_pieces import RECORDS, TEXTS, suggester  # noqa: F401 (a fixture)

_LABELLED = sorted({(r["text"][e["start_offset"]:e["end_offset"]], e["label"]) for r in RECORDS for e in r["entities"]})
_piece = st.tuples(st.integers(0, len(TEXTS) - 1), st.floats(0, 1), st.integers(1, 200),
                   st.sampled_from(["", " ", "\n", "는 ", "(", ")", "1", "의", "·"]))


def _text(pieces) -> str:
    text = ""
    for which, at, length, glue in pieces:
        source = TEXTS[which]
        start = int(at * (len(source) - 1))
        text += source[start:start + length] + glue
    return text


def _regions(text: str, every_other: bool) -> list[tuple[int, int]]:
    from annotator.nlp.suggest.patterns import line_regions

    regions = line_regions(text)
    return regions[::2] if every_other and len(regions) > 1 else regions  # runs of lines with gaps, too


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_piece, min_size=1, max_size=8), st.lists(st.integers(0, len(_LABELLED) - 1), max_size=40),
       st.lists(st.integers(0, 10_000), max_size=30), st.lists(st.tuples(st.integers(0, 10_000), st.integers(-3, 3)),
                                                             max_size=30), st.booleans(), st.booleans())
def test_property_one_pass_equals_one_pass_each(suggester, pieces, entries, shared, cut, every_other, lines_given):
    words = suggester.patterns.word_finder
    keys = words.keys
    text = _text(pieces) + " ".join(keys[i % len(keys)] + "의" for i, _n in cut)  # with those words in it
    regions = _regions(text, every_other)
    dictionary = EntityDictionary([_LABELLED[i] for i in entries]
                                  + [(keys[i % len(keys)], "ORG") for i in shared]  # strings of both
                                  # pieces of words: matches of one set overlapping the other's
                                  + [(keys[i % len(keys)][:n] if n > 0 else keys[i % len(keys)][n:], "LOC")
                                     for i, n in cut if n])
    lines_new: dict | None = {} if lines_given else None
    lines_old: dict | None = {} if lines_given else None
    kept, found = dictionary.candidates_and_words(text, regions, words, lines_new)
    assert kept == old_dictionary_candidates(dictionary, text, regions, lines_old)
    assert found == old_boundary_matches(words, text, regions, lines_old)
    if lines_given:  # the morph tables shared with the token patterns: the same lines, the same tables
        assert lines_new == lines_old


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_piece, min_size=1, max_size=8), st.booleans())
def test_property_engine_candidates_in_the_same_order(suggester, pieces, every_other):
    """Order matters: the calibration groups and combine breaks ties by it."""
    text = _text(pieces)
    regions = _regions(text, every_other)
    assert suggester.candidates(text, regions) == old_engine_candidates(suggester, text, regions)


def test_the_sample_pages_and_a_dictionary_changed_between_calls(suggester):
    """The joint finder follows the dictionary: a string added (or every one removed) is found (or not) next time."""
    words = suggester.patterns.word_finder
    dictionary = EntityDictionary(_LABELLED)
    for text in TEXTS:
        regions = _regions(text, False)
        assert suggester.candidates(text, regions) == old_engine_candidates(suggester, text, regions)
        kept, found = dictionary.candidates_and_words(text, regions, words)
        assert (kept, found) == (old_dictionary_candidates(dictionary, text, regions),
                                 old_boundary_matches(words, text, regions))
    text = TEXTS[0]
    regions = _regions(text, False)
    before = dictionary.candidates_and_words(text, regions, words)[0]
    assert "협력방안" in text and not dictionary.labels_of("협력방안")
    dictionary.add("협력방안", "EVENT")
    after = dictionary.candidates_and_words(text, regions, words)[0]
    assert after == old_dictionary_candidates(dictionary, text, regions) != before
    for string, label in _LABELLED:
        dictionary.remove(string, label, 10_000)
    dictionary.remove("협력방안", "EVENT")
    assert len(dictionary) == 0
    kept, found = dictionary.candidates_and_words(text, regions, words)
    assert kept == [] and found == old_boundary_matches(words, text, regions)


def test_one_set_and_two_sets_of_one_finder():
    """boundary_matches_of_sets with every key in both sets gives each set what boundary_matches gives."""
    finder = StringFinder(["중기부", "강원", "강원도", "특구", "2개"])
    text = "중기부는 강원도 특구에서 2개 기업을 강원과 지정했다\n특구"
    regions = _regions(text, False)
    first, second = dictionary_module.boundary_matches_of_sets(finder, (3,) * 5, text, regions)
    assert first == second == dictionary_module.boundary_matches(finder, text, regions) \
        == old_boundary_matches(finder, text, regions)
    assert dictionary_module.boundary_matches_of_sets(finder, (2,) * 5, text, regions)[0] == []
