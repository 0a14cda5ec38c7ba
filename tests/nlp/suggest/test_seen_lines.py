"""One bookkeeping for both line memos (line_memo.SeenLines): the regex patterns' (line_memo.LineMemo) and the dictionary
pass's (boundaries.LineMemo) leave out long lines, forget every line past MEMO_CHARS and rest where lines seldom come
back, and propose all the while what the search without a memo proposes (the old code: session26_oracle)."""

from __future__ import annotations

from annotator.nlp.suggest import boundaries, line_memo
from annotator.nlp.suggest.dictionary import EntityDictionary
from annotator.nlp.suggest.patterns import PatternSource, line_regions
from tests.nlp.suggest.session26_oracle import old_boundary_matches, old_dictionary_candidates
from tests.nlp.suggest.test_fast_paths_on_page_pieces import RECORDS, TEXTS, suggester  # noqa: F401 (a fixture)

_LABELLED = sorted({(r["text"][e["start_offset"]:e["end_offset"]], e["label"]) for r in RECORDS for e in r["entities"]})
_LINES = list(dict.fromkeys(line for text in TEXTS for line in text.split("\n") if line.strip()))


def _dictionary_memo(dictionary: EntityDictionary) -> boundaries.LineMemo:
    return dictionary._joint[4]


def _assert_as_without_memo(dictionary, words, text):
    regions = line_regions(text)
    kept, found = dictionary.candidates_and_words(text, regions, words, {})
    assert kept == old_dictionary_candidates(dictionary, text, regions, {})
    assert found == old_boundary_matches(words, text, regions, {})


def test_both_memos_share_the_bookkeeping():
    assert issubclass(boundaries.LineMemo, line_memo.SeenLines)
    assert issubclass(line_memo.LineMemo, line_memo.SeenLines)
    assert PatternSource([])._line_memo.begin_page()


def test_the_dictionary_memo_leaves_out_long_lines(suggester, monkeypatch):
    monkeypatch.setattr(line_memo, "MEMO_LINE_CHARS", 40)
    words = suggester.patterns.word_finder
    dictionary = EntityDictionary(_LABELLED)
    page = "\n".join(_LINES[:30])
    for _ in range(3):
        _assert_as_without_memo(dictionary, words, page)
    memo = _dictionary_memo(dictionary)
    assert memo.lines and all(len(line) <= 40 for line in memo.lines)
    assert any(value is not None for value in memo.lines.values())  # short lines met again: kept
    assert any(len(line) > 40 for line in _LINES[:30])


def test_the_dictionary_memo_rests_where_lines_seldom_come_back_and_forgets_when_full(suggester, monkeypatch):
    monkeypatch.setattr(line_memo, "MEMO_PROBE_LINES", 20)
    monkeypatch.setattr(line_memo, "MEMO_REST_PAGES", 2)
    words = suggester.patterns.word_finder
    dictionary = EntityDictionary(_LABELLED)
    rested = []
    for n in range(0, 100, 5):  # lines met once each
        _assert_as_without_memo(dictionary, words, "\n".join(_LINES[n:n + 5]))
        rested.append(_dictionary_memo(dictionary).rest)
    assert max(rested) == 2 and 0 in rested[rested.index(2):]  # rested, then tried again
    monkeypatch.setattr(line_memo, "MEMO_CHARS", 50)
    page = "\n".join(_LINES[:8])
    for _ in range(4):  # the same lines again and again: never rests, forgets when past 50 characters
        _assert_as_without_memo(dictionary, words, page)
        memo = _dictionary_memo(dictionary)
        assert memo.chars <= 50 + len(page)
