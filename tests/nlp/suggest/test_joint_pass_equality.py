"""One automaton pass for the dictionary's strings and the patterns' word lists (EntityDictionary.candidates_and_words,
boundaries.boundary_matches_of_sets, boundaries.LineMemo) proposes exactly what one pass for each did (the old code, kept verbatim in
session26_oracle.py): the same candidates in the same order, on random texts cut from the bundled sample pages, with
dictionaries that share strings with the word lists, hold none of them, or are empty."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings, strategies as st

from annotator.nlp.suggest import boundaries, line_memo
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
    first, second = boundaries.boundary_matches_of_sets(finder, (3,) * 5, text, regions)
    assert first == second == boundaries.boundary_matches(finder, text, regions) \
        == old_boundary_matches(finder, text, regions)
    assert boundaries.boundary_matches_of_sets(finder, (2,) * 5, text, regions)[0] == []


_LINES = [line for text in TEXTS for line in text.split("\n")][:400]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(st.integers(0, len(_LINES) + 30), min_size=1, max_size=25), min_size=1, max_size=6),
       st.sampled_from(["every", "every other", "cut"]), st.sampled_from([1_000_000, 300, 0]), st.integers(0, 5))
def test_property_lines_met_again_as_when_searched(suggester, monkeypatch, pages, regions_kind, memo_chars,
                                                   change_at):
    """Pages made of lines drawn from a few (so that lines come again, in other places and neighbours: a line
    remembered, then met beside new ones), one after another through one dictionary (its memo kept): each page's
    candidates and word matches are what the old code finds in it alone. Regions that are not whole lines are
    searched as they are; a small memo forgets (MEMO_CHARS); a string added to the dictionary mid-way starts a new
    memo."""
    monkeypatch.setattr(line_memo, "MEMO_CHARS", memo_chars)  # the memo's bookkeeping: line_memo.SeenLines
    words = suggester.patterns.word_finder
    dictionary = EntityDictionary(_LABELLED)
    for n, picks in enumerate(pages):
        if n == change_at:
            dictionary.add("협력방안", "EVENT")
        text = "\n".join(_LINES[i] if i < len(_LINES) else _LINES[i % 7] + "의 " + _LINES[i % 11][:9] for i in picks)
        regions = _regions(text, regions_kind == "every other")
        if regions_kind == "cut":  # a region ending inside its line (before a digit, a particle...)
            regions = [(a, max(a, b - 1 - (a % 3))) for a, b in regions]
        lines_new: dict = {}
        lines_old: dict = {}
        kept, found = dictionary.candidates_and_words(text, regions, words, lines_new)
        assert kept == old_dictionary_candidates(dictionary, text, regions, lines_old)
        assert found == old_boundary_matches(words, text, regions, lines_old)
        # the morph tables the other sources get: those of the lines searched now, as the old code's
        assert all(lines_old[k] == v for k, v in lines_new.items())


def test_a_page_met_again_takes_every_line_from_the_memo(suggester, monkeypatch):
    """The third time a page comes, none of its whole lines is searched (the finder is not asked about them)."""
    words = suggester.patterns.word_finder
    dictionary = EntityDictionary(_LABELLED)
    text = TEXTS[0]
    regions = _regions(text, False)
    first = dictionary.candidates_and_words(text, regions, words)
    second = dictionary.candidates_and_words(text, regions, words)
    asked = []
    real = boundaries.boundary_matches_of_sets
    monkeypatch.setattr(boundaries, "boundary_matches_of_sets",
                        lambda finder, sets, text, regions, lines=None: asked.append(regions) or real(
                            finder, sets, text, regions, lines))
    third = dictionary.candidates_and_words(text, regions, words)
    assert first == second == third
    assert asked == []
    assert third[0] == old_dictionary_candidates(dictionary, text, regions)


def test_a_region_cut_inside_its_line_is_not_taken_for_the_whole_line():
    """What a region keeps can depend on what follows it in its line (an edge between two digits is never a
    boundary): a region that ends inside its line is searched, never remembered nor taken from the memo."""
    words = StringFinder(["지원사업"])
    dictionary = EntityDictionary([("지원12", "LOC")])
    text = "사업지원12\n사업지원123\n사업지원12\n사업지원123"
    regions = _regions(text, False)
    cut = [regions[0], (regions[1][0], regions[1][1] - 1), regions[2], (regions[3][0], regions[3][1] - 1)]
    expected = old_dictionary_candidates(dictionary, text, cut)
    assert [s for s, *_rest in expected] == [2, 17]  # lines 1 and 3; the cut ones end between two digits
    for _ in range(3):
        assert dictionary.candidates_and_words(text, cut, words)[0] == expected
