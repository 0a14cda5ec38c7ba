"""An analyser asked for one thread runs Kiwi in its single-thread mode (the calling thread analyses; the token
cache's workers use it) and gives exactly the analyses of a Kiwi with worker threads fed whole batches."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core import korean
from annotator.io.importers import klue
from annotator.core.model import NewDocument
from annotator.paths import SOURCE_ROOT

EXCERPT = SOURCE_ROOT / "tests" / "fixtures" / "klue" / "klue-ner-v1.1_dev.excerpt.tsv"


def _klue_texts() -> list[str]:
    lines = EXCERPT.read_text(encoding="utf-8").splitlines()
    return [item.text for item in klue.parse(EXCERPT, lines) if isinstance(item, NewDocument)]


TEXTS = _klue_texts()


@pytest.fixture(scope="module")
def analysers():
    """(one thread: single-thread mode, two threads: Kiwi's pool), neither with a piece cache, so that every
    piece is Kiwi's own answer."""
    return (korean.KoreanAnalyser(num_workers=1, piece_chars=0, cache_lines=8),
            korean.KoreanAnalyser(num_workers=2, piece_chars=0, cache_lines=8))


def test_one_thread_is_kiwis_single_thread_mode_and_two_are_its_pool(analysers):
    single, pooled = analysers
    single.analyse_line("워밍업")
    pooled.analyse_line("워밍업")
    with pytest.raises(Exception, match="single thread"):  # Kiwi's single-thread mode has no batch call
        list(single._kiwi.tokenize(["하나", "둘"]))
    assert pooled._kiwi.num_workers == 2
    assert len(list(pooled._kiwi.tokenize(["하나", "둘"]))) == 2


def test_every_klue_sentence_gets_the_same_analysis_in_both_modes(analysers):
    single, pooled = analysers
    assert len(TEXTS) > 200
    assert single.analyse_lines(TEXTS) == pooled.analyse_lines(TEXTS)
    assert [single.sentences(t) for t in TEXTS[:50]] == [pooled.sentences(t) for t in TEXTS[:50]]


@settings(max_examples=30, deadline=None)
@given(st.lists(st.lists(st.sampled_from(TEXTS), min_size=1, max_size=4).map(" ".join), min_size=1, max_size=6))
def test_random_lines_of_klue_sentences_get_the_same_analyses(analysers, lines):
    single, pooled = analysers
    single.clear_cache()
    pooled.clear_cache()
    assert single.analyse_lines(lines) == pooled.analyse_lines(lines)


def test_user_words_are_judged_and_used_the_same_in_single_thread_mode():
    words = ["규제자유특구", "충청북도는 20", "강원 원주시", "부산테크노파크"]
    single = korean.KoreanAnalyser(words, num_workers=1, piece_chars=0, cache_lines=8)
    pooled = korean.KoreanAnalyser(words, num_workers=2, piece_chars=0, cache_lines=8)
    assert single.user_words == pooled.user_words
    assert "충청북도는 20" not in single.user_words
    line = "부산테크노파크는 규제자유특구 지정을 강원 원주시와 함께 추진한다."
    assert single.analyse_line(line) == pooled.analyse_line(line)
    assert single.add_user_words(["원주의료기기테크노밸리"]) == pooled.add_user_words(["원주의료기기테크노밸리"])
    assert single.analyse_lines([line, "원주의료기기테크노밸리가 말했다."]) == \
        pooled.analyse_lines([line, "원주의료기기테크노밸리가 말했다."])
