"""The segmenter's cheaper per-line statistics and early exits give exactly what the searches they replace gave.

Each fast path is checked against the plain computation it stands for, on random lines mixing Hangul (with the
edges of the syllable block), digits, punctuation, dates, outlet names, bylines, script residue, long and empty
lines; then whole pages and lines are classified with the fast paths switched back to the plain searches.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core import article_meta, boilerplate, boilerplate_signals as bs

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

# Pieces of lines: Hangul words and the block's edges (가 U+AC00, 힣 U+D7A3, U+D7A4/U+D7FF just past it, U+ABFF
# before it), case-mixed script residue, the one letter lower() lengthens, Kelvin sign, astral and odd letters.
_PIECES = [
    "도는", "15일", "수소", "규제자유특구를", "발표했다.", "밝혔다", "니다.", "희망", "힘을", "가", "힣", "\ud7a4", "\ud7ff",
    "\uabff", "\ud6ff", "\ud700", "ힰ", " ", "  ", "\t", "\u3000", ".", ",", "·", "“", "”", "…", "(", ")", "[", "]", "=",
    "<", ">", "?", "!", "&", "_", "{", "}", "/", "//", "2024.05.22", "10:30", "입력", "수정", "Published", "홍길동 기자",
    "(서울=연합뉴스)", "[아시아경제 김철수 기자]", "hong@yna.co.kr", "연합뉴스", "ⓒ", "저작권자", "PHP", "php", "pHp",
    "Function", "function (", "FUNCTION(", "&nbsp", "&NBSP", "do_shortcode", "DO_SHORTCODE", "var x =", "VAR\tY=",
    "<?", "?>", "{{", "}}", "İ", "\u212a", "KBS", "TV", "Hello", "x", "1", "😀", "漢字", "ㅇ", "▶", "※",
]
_line = st.lists(st.sampled_from(_PIECES), max_size=60).map("".join)


def _plain_share_words(text: str) -> tuple[int, int]:
    words = bs._WORD_RE.findall(text)
    return sum(map(len, words)), len(words)


@settings(max_examples=300, deadline=None)
@given(st.one_of(_line, st.text(max_size=80)))
def test_hangul_syllables_count_what_the_word_list_holds(text):
    syllables, words = _plain_share_words(text)
    assert bs.hangul_syllables(text) == syllables
    for n in (0, 1, 3, 4, 12):
        assert bs._has_words(text, None, n) == (words >= n)
        assert bs._has_words(text, bs._WORD_RE.findall(text), n) == (words >= n)


def test_hangul_syllables_on_every_code_unit_around_the_block():
    for cp in [*range(0xAB00, 0xAD00), *range(0xD600, 0xD900), *range(0xDC00, 0xE100)]:
        text = f"a{chr(cp)}가{chr(cp)}"
        assert bs.hangul_syllables(text) == _plain_share_words(text)[0], hex(cp)


@settings(max_examples=400, deadline=None)
@given(st.one_of(_line, st.text(alphabet="phPHfFunctio(=&nbsN_dorSvVaAx {}<>?/İ\u212a", max_size=30)))
def test_script_residue_is_the_plain_search(text):
    low = bs._lowered(text)
    expected = bs._CODE_RE.search(low) is not None or low.startswith("//")
    assert bs.script_residue(text) == expected
    assert bs.script_residue(text, low) == expected


def test_lowercasing_makes_the_prefilters_characters_only_from_themselves():
    """What script_residue's literal tests and the document-wide lowering rely on, over every code point."""
    lengthened, foreign = [], []
    for cp in range(sys.maxunicode + 1):
        char = chr(cp)
        low = char.lower()
        if len(low) != 1:
            lengthened.append(char)
        for made in set(low) & set("hpsnf(=&{}<>?_/"):
            if char not in (made, made.upper()):
                foreign.append((hex(cp), made))
    assert lengthened == [bs.LENGTHENED_BY_LOWER]
    assert foreign == []


def _plain_paths(mp: pytest.MonkeyPatch) -> None:
    """Switch the fast paths off: word lists on every line, the code search on every line, and the
    document lowered before any trigger is looked at."""
    mp.setattr(bs, "_COUNTED_LINE_CHARS", 1 << 30)
    mp.setattr(bs, "_may_hold_code", lambda text: True)

    class EagerLowering(bs.DocumentTriggers):
        __slots__ = ()

        def __init__(self, text, starts):
            super().__init__(text, starts)
            self._lower()

    mp.setattr(boilerplate, "DocumentTriggers", EagerLowering)


_KNOWN = boilerplate._KNOWN_LINES


def _segment_plain(text: str):
    with pytest.MonkeyPatch.context() as mp:
        _plain_paths(mp)
        mp.setattr(boilerplate, "_KNOWN_LINES", {})
        return boilerplate.segment_text(text)


@settings(max_examples=500, deadline=None)
@given(_line, st.booleans(), st.booleans())
def test_classify_line_is_the_plain_computation(text, strong, weak):
    text = text.strip()
    if not text:
        return
    fast = [bs.classify_line(text), bs.classify_line(text, strong, lambda: weak), bs.classify_line(text, False, weak)]
    with pytest.MonkeyPatch.context() as mp:
        _plain_paths(mp)
        plain = [bs.classify_line(text), bs.classify_line(text, strong, lambda: weak),
                 bs.classify_line(text, False, weak)]
    assert fast == plain


def _page_lines() -> list[str]:
    lines = []
    for path in sorted(FIXTURES.glob("synthetic_pages/*.txt")) + sorted(FIXTURES.glob("corpus/*.txt")):
        lines += path.read_text(encoding="utf-8").split("\n")
    return lines


_REAL_LINES = _page_lines()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_REAL_LINES), _line,
                          st.tuples(st.sampled_from(_REAL_LINES), st.integers(2, 6)).map(lambda p: " ".join([p[0]] * p[1]))),
                max_size=40))
def test_pages_segment_as_with_the_plain_searches(lines):
    text = "\n".join(lines)
    _KNOWN.clear()  # the known-lines memo must not carry a plain answer into the fast run or back
    fast = boilerplate.segment_text(text)
    assert fast == _segment_plain(text)


def test_the_real_pages_segment_as_with_the_plain_searches():
    for path in sorted(FIXTURES.glob("synthetic_pages/*.txt")) + sorted(FIXTURES.glob("corpus/*.txt")):
        text = path.read_text(encoding="utf-8")
        _KNOWN.clear()
        for variant in (text, text.replace("\n", " "), text.upper(), text + "\nİ"):
            assert boilerplate.segment_text(variant) == _segment_plain(variant), path.name


@settings(max_examples=300, deadline=None)
@given(_line, st.sampled_from(["", " - 연합뉴스", "뉴스1 | ", " :: 경향", " · 매체"]))
def test_a_page_of_one_line_takes_no_outlet_from_its_title(line, separator):
    """Only a line of its own below the first can be the headline the title repeats; one line has none."""
    text = line.replace("\n", " ")
    assert article_meta._outlet_from_title(text + separator, text) is None
    assert article_meta._outlet_from_title(separator + text, text) is None
    found = article_meta._outlet_from_title("도, 수소특구 지정 - 매체", "메뉴\n도, 수소특구 지정\n" + text)
    assert found is not None and found.value == "매체"


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["최종", "기사", "수정", "업데이트", "편집", "Updated", "Modified", "modified", "일시", "일자",
                                 "일", "시간", " ", "\t", "\u3000", "\u00a0", ":", "：", "|", "입력", "가", "x", "2024"]),
                max_size=14))
def test_edit_label_check_is_the_modified_search(parts):
    before = "".join(parts)
    assert article_meta._ends_with_edit_label(before) == (article_meta.MODIFIED.search(before) is not None)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["희", "힘", "\ud7a3", "\ud7a4", "\ud7ff", "\ud700", "가", " ", "a", "\ud6ff", "😀"]),
                min_size=10, max_size=80))
def test_hangul_syllables_with_few_and_many_d7_units(parts):
    """Up to _D7_LOOKED_AT units of U+D7xx are checked one by one, more by the regex: both count alike."""
    text = "".join(parts)
    assert bs.hangul_syllables(text) == _plain_share_words(text)[0]
