"""Article date and outlet: real dateline shapes of the bundled sample pages and constructed ones,
including the ambiguous ones that must stay empty rather than be guessed."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.article_meta import extract, parse_date
from annotator.paths import resource_path


def sample(name: str) -> str:
    return next(resource_path("samples").glob(f"{name}_*.txt")).read_text(encoding="utf-8")


def test_bundled_sample_with_a_byline_approval_line_and_a_today_ticker():
    # "최한결 / 기사승인 : 2024-03-13 16:33:39" is the article; "• 2025.11.06 (목)" above it is the day it was fetched
    found = extract(sample("000"))
    assert found.published.value == "2024-03-13 16:33"
    assert found.published.source == "dateline" and "기사승인" in found.published.evidence
    assert found.outlet.value == "CWN" and found.outlet.source == "byline"


def test_bundled_sample_with_only_a_today_header_is_left_empty():
    # "2026년 01월 01일 (목)" is the site's header date, not the article's
    found = extract(sample("002"))
    assert found.published.value == ""


def test_bundled_sample_without_a_dateline_takes_the_outlet_from_the_reporters_mail():
    found = extract(sample("004"))
    assert found.published.value == ""
    assert found.outlet.value == "chosunbiz.com" and found.outlet.source == "byline e-mail"


@pytest.mark.parametrize("text, expected", [
    ("입력 2024.09.02 10:00", "2024-09-02 10:00"),
    ("기사입력 2024-09-02 오후 3:05", "2024-09-02 15:05"),
    ("등록 2024.09.02 10:00 | 수정 2024.09.03 11:00", "2024-09-02 10:00"),
    ("홍길동 기자 | 승인 2024.09.02 10:00", "2024-09-02 10:00"),
    ("최종수정 2024.09.05 09:00\n입력 2024.09.02 10:00", "2024-09-02 10:00"),  # the edit line is no publication
    ("발행일 : 2024년 9월 2일", "2024-09-02"),
    ("홍길동 기자 2024.09.02 10:00 hong@example.com", "2024-09-02 10:00"),  # a byline with a date
    ("헤드라인\n\n2024-09-02\n\n본문", "2024-09-02"),  # one bare date line
    ("  • 2024.09.05 (목)\n입력 09-02 10:00", "2024-09-02 10:00"),  # year from the page's today header
    ("  • 2024.01.05 (금)\n입력 12-28 10:00", "2023-12-28 10:00"),  # ... not a date in the future
])
def test_constructed_datelines(text, expected):
    assert extract(text).published.value == expected


@pytest.mark.parametrize("text", [
    "입력 09-02 10:00",  # no year anywhere: leave it to the reviewer
    "수정 2024.09.03 11:00",  # only an edit date
    "2024-09-02\n2024-08-30\n",  # two bare dates (a related-articles list): which one?
    "입력 2024.13.02",  # not a calendar date
    "  • 2025.11.06 (목)\n본문",  # the fetch day only
    "입력 2024.09.12 10:00\n  • 2024.09.05 (목)",  # after the page's own today: not believable
    "기온 10.5℃ 습도 09.02",
])
def test_ambiguous_or_impossible_dates_stay_empty(text):
    assert extract(text).published.value == ""


def test_metadata_comes_before_the_page_and_says_where_it_came_from():
    found = extract("입력 2024.09.02 10:00", meta={"date": "2024-08-01", "publisher": "강원일보"})
    assert (found.published.value, found.published.source) == ("2024-08-01", "meta:date")
    assert (found.outlet.value, found.outlet.source) == ("강원일보", "meta:publisher")
    html = extract("본문", meta={"html_meta": {"article:published_time": "2024-09-02T10:00:00+09:00",
                                              "og:site_name": "뉴스1"}})
    assert html.published.value == "2024-09-02 10:00" and html.published.source == "html:article:published_time"
    assert html.outlet.value == "뉴스1"


def test_url_gives_a_date_and_a_known_host_its_outlet_name():
    found = extract("본문", url="https://www.yna.co.kr/view/2024/09/02/AKR001")
    assert found.published.value == "2024-09-02" and found.published.source == "url"
    assert found.outlet.value == "연합뉴스" and found.outlet.source == "url"
    assert extract("본문", url="https://news.example.org/a").outlet.value == "news.example.org"
    # a year-less dateline takes its year from the URL
    assert extract("입력 09-02 10:00", url="https://a.kr/2023/09/02/x").published.value == "2023-09-02 10:00"


@pytest.mark.parametrize("text, outlet", [
    ("(서울=연합뉴스) 홍길동 기자 = 정부는", "연합뉴스"),
    ("[세종=뉴시스] 홍길동 기자 = 정부는", "뉴시스"),
    ("[아시아경제 홍길동 기자] 정부는", "아시아경제"),
    ("강원 특구 지정 - 강원일보\n\n강원 특구 지정\n본문", "강원일보"),  # title = headline + outlet
])
def test_outlet_from_bylines_and_titles(text, outlet):
    assert extract(text).outlet.value == outlet


def test_parse_date_shapes():
    assert parse_date("2024-09-02T10:00:00+09:00") == "2024-09-02 10:00"
    assert parse_date("20240902") == "2024-09-02"
    assert parse_date("2024. 9. 2.") == "2024-09-02"
    assert parse_date("09-02") == "" and parse_date("09-02", year=2024) == "2024-09-02"
    assert parse_date("2024-02-30") == "" and parse_date("") == "" and parse_date(None) == ""


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["최초", "기사", "입력", "등록", "승인", "Posted", "수정", "일시", ":", " ", "\n", "\t",
                                 "\u3000", "2024.09.02", "10:00", "9월 2일", "가나다", "기자", "x"]), max_size=40))
def test_dateline_scan_finds_what_the_whole_pattern_finds(parts):
    from annotator.core.article_meta import DATELINE, datelines

    text = "".join(parts)
    assert [(m.span(), m.groupdict()) for m in datelines(text)] == \
        [(m.span(), m.groupdict()) for m in DATELINE.finditer(text)]
