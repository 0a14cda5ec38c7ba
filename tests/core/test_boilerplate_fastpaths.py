"""The segmenter's fast paths give the same answers as the plain regex searches they replace."""

from __future__ import annotations

import random
import re
from itertools import accumulate
from pathlib import Path

import pytest

from annotator.core import boilerplate_signals as bs

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
