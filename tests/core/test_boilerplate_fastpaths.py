"""The segmenter's fast paths give the same answers as the plain regex searches they replace."""

from __future__ import annotations

import random
import re
from itertools import accumulate
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core import boilerplate, boilerplate_signals as bs
from annotator.core.model import NewDocument

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

# The regex final_period() replaces (a sentence-final ending, spaces, . ! ? run, closing quotes, line end).
FINAL_PERIOD_RE = re.compile(r"(?:다|요|죠|음|함|됨|임|니다|까|라|자|오|네|군|지|야)\s*[.!?]+[\"'”’」』)\]]*\s*$")


def _page_lines() -> list[str]:
    lines = []
    for path in sorted(FIXTURES.glob("synthetic_pages/*.txt")) + sorted(FIXTURES.glob("corpus/*.txt")):
        lines += [ln.strip() for ln in path.read_text(encoding="utf-8").split("\n") if ln.strip()]
    return lines


def test_final_period_matches_the_regex_on_random_tails():
    rnd = random.Random(11)
    alphabet = ["다", "요", "니", "까", "가", "한", " ", "\u3000", ".", "!", "?", "…", "\"", "'", "”", "’", "」", ")", "]", "a", "1"]
    for _ in range(20000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 8))).rstrip()
        assert bs.final_period(text) == (FINAL_PERIOD_RE.search(text) is not None), repr(text)


def test_final_period_matches_the_regex_on_real_lines():
    for line in _page_lines():
        for text in (line, line + ".", line + " .\"", line + "?!’"):
            assert bs.final_period(text) == (FINAL_PERIOD_RE.search(text) is not None), text


@pytest.mark.parametrize("line", ["• 맑음서울8.1℃", "□  과기정통부는", "-\u3000항목", "▶", "ㅇ이번에", "※ 참고"])
def test_symbol_bullet_fast_path_matches_the_regex(line):
    m = bs._BULLET_RE.match(line)
    assert bs.bullet_of(line) == (m.group(1), m.end())


def test_document_triggers_find_the_same_lines_as_per_line_search():
    for path in sorted(FIXTURES.glob("synthetic_pages/*.txt")) + sorted(FIXTURES.glob("corpus/*.txt")):
        lowered = path.read_text(encoding="utf-8").lower()
        raw = lowered.split("\n")
        starts = [0, *accumulate(len(r) + 1 for r in raw[:-1])]
        strong, weak = bs.trigger_lines(lowered, starts)
        assert strong == {no for no, r in enumerate(raw) if bs._STRONG_TRIGGER_RE.search(r)}, path.name
        assert weak == {
            no for no, r in enumerate(raw) if bs._WEAK_TRIGGER_RE.search(r) or bs._WEAK_TRIGGER_CHARS_RE.search(r)
        }, path.name


def test_first_char_groups_keeps_the_language_of_the_alternation():
    grouped = bs._first_char_groups(r"기자|기상청|\.com|\.kr|재[ \t]*배포|@")
    assert grouped == r"기(?:자|상청)|\.(?:com|kr)|재(?:[ \t]*배포)|@"
    pattern = re.compile(grouped)
    for text, hit in [("홍 기자", True), ("기상청 제공", True), ("기사", False), ("a.kr", True), ("재 배포", True), ("x", False)]:
        assert (pattern.search(text) is not None) == hit


def test_menu_split_without_the_regex_gives_the_same_verdicts():
    for line in _page_lines():
        tokens = [t for t in bs._MENU_SPLIT_RE.split(line.lower()) if t]
        separators = line.count(" ") + line.count("|")
        expected = not (separators < 4 or len(line) > 4.0 * (separators + 1)) and (
            len(tokens) >= 5 and max(map(len, tokens)) <= 6
            and sum(t in bs._SECTION_NAMES for t in tokens) * 5 >= len(tokens) * 3
        )
        assert bs._is_menu(line) == expected, line


# Pieces that make the lazily searched triggers matter: long sentences with and without script residue or
# trigger words, long lines over the strong rules' length limits, notices, uppercase and Kelvin-sign letters.
_LAZY_PIECES = [
    "도는 15일 도청에서 수소 규제자유특구 실증 착수 보고회를 열고 올해 사업 계획을 발표했다.",
    "김철수 기자 = 정부는 이날 지역 혁신 정책을 발표하며 기업 유치에 나선다고 밝혔다.",
    "var\tx = 1; 도는 이날 수소 실증 사업의 올해 계획을 자세히 발표했다고 밝혔다.",
    "// 도는 이날 수소 실증 사업의 올해 계획을 자세히 발표했다고 밝혔다.",
    "도는 이날 function(a) 수소 실증 사업의 {{ 계획 }} 을 발표했다고 밝혔다.",
    "1. 도는 이날 수소 실증 사업의 올해 계획을 자세히 발표했다고 밝혔다.",
    "홈 도는 이날 수소 실증 사업의 올해 계획을 발표했다. 저작권자 © 경남일보 무단전재 및 재배포 금지",
    "등록번호 경남 아00123 발행인 홍길동 편집인 김철수 청소년보호책임자 이영희",
    "저작권자 © 경남일보 무단전재 및 재배포 금지",
    "맑음 서울 8.1℃",
    "입력 2025.03.15 10:20",
    "KRW 1,234.5원 코스피 +1.2%",
    "도는 이날 \u212arw 기준 사업비를 확정했다고 밝혔다. 업계는 이를 반겼다는 평가다.",
    "WWW.EXAMPLE.COM 에서 도는 이날 사업 계획을 모두 공개했다고 밝혔다.",
    "사진=경상남도",
    "동영상 표시하기",
    "",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_LAZY_PIECES), st.integers(1, 8)), max_size=12))
def test_lazy_document_triggers_segment_as_the_eager_search(parts):
    """segment_text with the triggers searched on demand = with both searched up front (the previous code)."""
    text = "\n".join(" ".join([piece] * times) for piece, times in parts)

    class EagerTriggers:  # the previous implementation: both kinds found first, plain booleans passed on
        def __init__(self, text, starts):
            self.found = bs.trigger_lines(text.lower(), starts)

        def strong(self, no, length):
            return no in self.found[0]

        def weak(self, no):
            return no in self.found[1]

    lazy = boilerplate.segment_text(text)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(boilerplate, "DocumentTriggers", EagerTriggers)
        eager = boilerplate.segment_text(text)
    assert lazy == eager


def test_lazy_weak_trigger_matches_the_eager_flag_on_real_and_long_lines():
    for line in _page_lines() + [p * 3 for p in _LAZY_PIECES if p]:
        low = line.lower()
        flag = bs._WEAK_TRIGGER_RE.search(low) is not None or bs._WEAK_TRIGGER_CHARS_RE.search(low) is not None
        strong = bs._STRONG_TRIGGER_RE.search(low) is not None
        assert bs.classify_line(line, strong, lambda: flag) == bs.classify_line(line, strong, flag), line
        assert bs.classify_line(line) == bs.classify_line(line, strong, flag), line


_SHORT_PIECES = _LAZY_PIECES + ["홈 > 뉴스 > 경제", "• 관련기사", "김철수 기자", "  김철수 기자", "김철수 기자 ", "var \t",
                                "ⓒ 경남일보", "Σ 경남", "İstanbul 특구", "\u212arw"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_SHORT_PIECES), max_size=10).map("\n".join), min_size=1, max_size=6))
def test_known_lines_segment_as_classifying_them_again(pages):
    """Lines seen on earlier pages (the memo of short lines) get the segments classifying them anew gives."""
    boilerplate._KNOWN_LINES.clear()
    remembered = [boilerplate.segment_text(page) for page in pages + pages]
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(boilerplate, "_KNOWN_LINE_CHARS", -1)  # nothing is remembered
        fresh = [boilerplate.segment_text(page) for page in pages + pages]
    assert remembered == fresh


def test_known_lines_are_forgotten_when_too_many(monkeypatch):
    monkeypatch.setattr(boilerplate, "_KNOWN_LINES_MAX", 3)
    boilerplate._KNOWN_LINES.clear()
    boilerplate.segment_text("\n".join(f"메뉴 {i}" for i in range(10)))
    assert len(boilerplate._KNOWN_LINES) <= 3


_LONG = "도는 이날 규제자유특구 실증 사업의 올해 계획을 발표했다. " * 8  # over MAX_COUNTED_CHARS


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_SHORT_PIECES + [_LONG, _LONG.strip(), "x" * 201]), max_size=8)
                .map("\n".join), min_size=4, max_size=10))
def test_recurrence_skips_only_lines_too_long_to_be_counted(pages):
    """Pages of one source segmented in turn (each counted for the next) as with every line looked up."""
    from annotator.io.resegment import SegmentationContext

    def segments(context):
        out = []
        for page in pages:
            doc = NewDocument(text=page, source="site")
            context.segment(doc)
            out.append(doc.segments)
        return out

    fast = segments(SegmentationContext(None))
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(boilerplate, "MAX_COUNTED_CHARS", 10**9)  # the previous code: every line looked up
        assert segments(SegmentationContext(None)) == fast
