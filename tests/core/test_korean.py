"""The Kiwi tokenizer: exact coverage, merged morphemes, particles split off, UI snapping, user words."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from annotator.core import korean
from annotator.core.text import normalize_newlines
from tests.klue_fixture import read_klue

SAMPLES = sorted((Path(__file__).resolve().parents[2] / "annotator" / "resources" / "samples").glob("*.txt"))


@pytest.fixture(scope="module")
def words():
    """An analyser with user words, shared by the tests that add some (each new analyser builds Kiwi, ~1 s);
    the words added below do not change the other tests' texts."""
    return korean.KoreanAnalyser()


def assert_exact_cover(text: str, analyser=None) -> list[korean.Token]:
    tokens = korean.tokenize(text, analyser=analyser)
    assert "".join(t.text_with_ws for t in tokens) == text
    pos = 0
    for t in tokens:
        assert t.start == pos and t.end > t.start, t
        assert t.text == text[t.start:t.end]
        assert t.ws in ("", " ")
        assert t.is_space or not any(c.isspace() for c in t.text), t
        pos = t.end + len(t.ws)
    assert pos == len(text)
    return tokens


def test_three_sample_articles_are_covered_exactly():
    assert len(SAMPLES) == 3
    for path in SAMPLES:
        assert_exact_cover(normalize_newlines(path.read_text(encoding="utf-8")))


def test_klue_fixture_sentences_are_covered_exactly():
    sentences = read_klue()
    assert len(sentences) == 300
    for _sid, text, _ents in sentences:
        assert_exact_cover(text)
    assert_exact_cover("\n".join(text for _sid, text, _ents in sentences))


@pytest.mark.parametrize("text", [
    "경찰은 😀 이모지👨‍👩‍👧와 함께 🇰🇷 태극기",
    normalize_newlines("첫 줄입니다.\r\n둘째 줄\r\r셋째 줄\r\n"),
    "漢字와 𠀀 확장한자, 大韓民國 憲法",
    "  앞 공백,   여러   칸 공백,\t탭,\u3000전각 공백,\u00a0NBSP 끝  ",
    "\n\n빈 줄 뒤\n \n \n",
    "",
    "   ",
    "zero\u200bwidth 제로폭\u200b공백 \ufeffBOM",
])
def test_exact_cover_on_awkward_text(text):
    assert_exact_cover(text)


def test_runs_of_spaces_become_whitespace_tokens():
    tokens = assert_exact_cover("경찰  은")
    assert [(t.text, t.ws) for t in tokens] == [("경찰", " "), (" ", ""), ("은", "")]
    tokens = assert_exact_cover(" 경찰")
    assert tokens[0].text == " " and tokens[0].is_space


def test_overlapping_morphemes_are_merged_into_the_surface_text():
    # Kiwi analyses 했 as 하 + 었 at the same position, 입니다 as 이 + ᆸ니다.
    texts = [t.text for t in korean.tokenize("중기부가 발표했다")]
    assert "했" in texts and "하" not in texts and "었" not in texts
    texts = [t.text for t in korean.tokenize("경찰입니다")]
    assert texts == ["경찰", "입니다"]


@pytest.mark.parametrize("text,word", [
    ("중기부는 어제 발표했다.", "중기부"),
    ("경찰은 또 성매매 알선 자금을 관리한 혐의다.", "경찰"),
])
def test_particles_are_split_off(text, word):
    texts = [t.text for t in korean.tokenize(text)]
    assert texts[:2] == [word, text[len(word)]]


def test_user_words_are_used_and_invalidate_the_cache(words):
    text = "글로벌혁신특구는 좋다"
    before = [t.text for t in words.tokenize(text)]
    assert "글로벌혁신특구" not in before
    assert words.add_user_words(["글로벌혁신특구", "x", "글로벌혁신특구"]) == 1
    assert "글로벌혁신특구" in words.user_words and "x" not in words.user_words
    after = [t.text for t in words.tokenize(text)]
    assert after[:2] == ["글로벌혁신특구", "는"]
    assert "글로벌혁신특구" not in [t.text for t in korean.tokenize(text)]  # the shared analyser has no words


def test_multiword_user_word_never_yields_a_token_with_whitespace(words):
    assert words.add_user_words(["강원 글로벌 혁신특구"]) == 1
    assert_exact_cover("강원 글로벌 혁신특구에서 열렸다", words)


def test_long_lines_are_chunked_and_still_covered():
    line = "중소벤처기업부는 강원도에 글로벌 혁신 특구를 지정했다. " * 200
    assert len(line) > 3 * korean.MAX_CHUNK_CHARS
    tokens = assert_exact_cover(line)
    assert sum(t.text == "했" for t in tokens) == 200


def test_sentences_split_within_lines():
    text = "첫 문장입니다. 둘째 문장이에요!\n셋째"
    spans = korean.sentences(text)
    assert [text[s:e] for s, e in spans] == ["첫 문장입니다.", "둘째 문장이에요!", "셋째"]


def test_tokenize_is_consistent_across_threads():
    texts = [text for _sid, text, _ents in read_klue()[:40]]
    analyser = korean.default_analyser()
    expected = [analyser.tokenize(t) for t in texts]
    analyser.clear_cache()  # so the threads really call Kiwi
    results: dict[int, list] = {}

    def work(i):
        results[i] = [analyser.tokenize(t) for t in texts]

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert all(results[i] == expected for i in range(4))


def test_snap_strips_particles_and_expands_inside_words(words):
    words.add_user_words(["중기부"])
    text = "어제 중기부는 \"기생충\"은 관리했다"
    snap = lambda a, b: korean.snap_to_morphemes(text, a, b, analyser=words)  # noqa: E731
    assert snap(3, 7) == (3, 6)  # 중기부는 -> 중기부
    assert snap(4, 5) == (3, 6)  # 기 -> 중기부
    assert snap(2, 7) == (3, 6)  # leading space trimmed
    q = text.index('"')
    assert text[slice(*snap(q, q + 6))] == "기생충"
    assert snap(2, 3) == (3, 3)  # whitespace only: nothing to select
    assert snap(7, 3) == (3, 6)  # reversed selection


def test_snap_keeps_balanced_brackets_inside_an_entity():
    text = "삼성(주)는 발표했다"
    assert text[slice(*korean.snap_to_morphemes(text, 0, 6))] == "삼성(주)"


def test_noun_part_at_for_double_click(words):
    words.add_user_words(["중기부"])
    text = "어제 중기부는 서울에서 관리했다 먹었다"
    for pos in (3, 5, 6, 7):  # anywhere in the word, or just after it
        assert korean.noun_part_at(text, pos, analyser=words) == (3, 6)
    seoul = text.index("서울")
    assert korean.noun_part_at(text, seoul + 3) == (seoul, seoul + 2)
    managed = text.index("관리")
    assert korean.noun_part_at(text, managed) == (managed, managed + 2)
    assert korean.noun_part_at(text, text.index("먹")) is None  # a verb has no noun part
    assert korean.noun_part_at("a  b", 2) is None  # on whitespace


def test_morpheme_boundaries_for_shift_arrow():
    text = "중기부는 어제\n경찰은"
    bounds = korean.morpheme_boundaries(text, 0, len(text))
    assert 3 in bounds and 4 in bounds and text.index("경찰") + 2 in bounds
    assert all(not text[b - 1].isspace() or not text[b].isspace() for b in bounds if 0 < b < len(text))
    assert korean.next_morpheme_boundary(text, 0) == bounds[1]
    assert korean.next_morpheme_boundary(text, 7) == text.index("경찰")  # crosses the line break
    assert korean.next_morpheme_boundary(text, text.index("경찰"), forward=False) == 7
    assert korean.next_morpheme_boundary(text, len(text)) == len(text)
    assert korean.next_morpheme_boundary(text, 0, forward=False) == 0


def test_analysers_keep_their_user_words_and_caches_to_themselves(words):
    word = "원주의료기기테크노밸리"
    text = f"강원 {word}에서 열렸다"
    assert word not in [t.text for t in korean.tokenize(text)]
    own = korean.KoreanAnalyser([word, "x"])
    assert own.user_words == {word}
    assert [t.text for t in own.tokenize(text)][1:3] == [word, "에서"]
    seen: list[list[str]] = []
    other = threading.Thread(target=lambda: seen.append([t.text for t in own.tokenize(text)]))
    other.start()
    other.join()
    assert word in seen[0]  # an analyser is the same in every thread
    assert word not in [t.text for t in korean.tokenize(text)] and word not in words.user_words
    line = "캐시 검사용 문장"
    fake = korean.LineAnalysis((korean.Morph(0, 2, ("NNG",)),), ((0, 2),))
    own.prime_cache(line, fake)
    assert own.is_cached(line) and own.analyse_line(line) == fake
    assert not words.is_cached(line) and korean.analyse_line(line) != fake


def test_set_and_remove_user_words():
    analyser = korean.KoreanAnalyser(["가나다라", "마바사"])  # judged when Kiwi is built
    assert analyser.user_words == {"가나다라", "마바사"}
    assert analyser.set_user_words(["마바사", "가나다라"]) is False  # unchanged: nothing rebuilt
    assert analyser.remove_user_words(["가나다라"]) == 1 and analyser.user_words == {"마바사"}
    assert analyser.set_user_words(["마바사", "자차카"]) is True and analyser.user_words == {"마바사", "자차카"}
    assert analyser.set_user_words([]) is True and analyser.user_words == frozenset()


@pytest.mark.parametrize("phrase", ["충청북도는 20", "충청북도는", "부산시는 앞", "지정했다", "강원도에서 열린"])
def test_a_phrase_is_not_an_entity_string(words, phrase):
    assert not words.is_clean_entity(phrase)
    assert words.add_user_words([phrase]) == 0 and phrase not in words.user_words


@pytest.mark.parametrize("name", ["충청북도", "김철수 장관", "120억 원", "원주의료기기테크노밸리", "삼성(주)"])
def test_entity_names_are_clean(words, name):
    assert words.is_clean_entity(name)


def test_snapping_is_not_poisoned_by_a_labelled_phrase(words):
    """The issue's repro: "충청북도는 20" labelled (then undone) must not make "충청북도는" one morpheme."""
    text = "충청북도는 20일 규제자유특구 지정을 발표했다"
    end = text.index("는") + 1
    assert korean.snap_to_morphemes(text, 0, end, analyser=words) == (0, end - 1)
    assert words.add_user_words([text[: end + 3]]) == 0  # "충청북도는 20": refused
    assert korean.snap_to_morphemes(text, 0, end, analyser=words) == (0, end - 1)  # still 충청북도
    assert words.add_user_words(["충청북도"]) == 1
    assert korean.snap_to_morphemes(text, 0, end, analyser=words) == (0, end - 1)
