"""Error classes found on real pages of sites the segmenter had not seen (issue 15), on small constructed pages:
furniture runs between headline and body, UI/player/font notices, key: value front matter, credit lines in
the body, a very short one-sentence body line; the same through the HTML path (DOM cues)."""

from __future__ import annotations

import json

import pytest

from annotator.bench import segment_devset
from annotator.core.boilerplate import segment_text
from annotator.core.boilerplate_signals import classify_line, notice_search
from annotator.core.html_text import html_to_text

BODY = [
    "도는 15일 도청에서 수소 규제자유특구 실증 착수 보고회를 열고 올해 사업 계획을 발표했다.",
    "특구에는 충전소 안전 기준 완화 등 12건의 규제 특례가 적용되며 기업 20곳이 실증에 참여한다.",
    "도 관계자는 \"실증이 끝나면 관련 법령이 바뀌도록 중앙부처와 협의하겠다\"고 말했다.",
]
HEADLINE = "경남 수소특구 실증 착수…기업 20곳 참여"


def page(*parts: str) -> str:
    return "\n".join(parts)


def verdicts(text: str, **kwargs) -> dict[str, tuple[str, str]]:
    lines = text.split("\n")
    return {lines[s.line_no - 1]: (s.kind, s.reason) for s in segment_text(text, **kwargs) if s.kind != "blank"}


def headline(verdict: tuple[str, str]) -> bool:
    """Content, as the headline; the reason may name the signal in parentheses."""
    return verdict[0] == "content" and (verdict[1] == "headline" or verdict[1].startswith("headline ("))


# 1. furniture runs between the headline and the body ------------------------------------------------------

FURNITURE = [
    "박기자", "입력 2025.03.15 10:20", "공유", "공유하기", "• 페이스북", "• 카카오톡", "• 주소복사", "닫기",
    "글자크기", "글자크기 설정", "닫기", "인쇄", "기사 공유", "0",
]


def test_headline_is_found_above_a_long_furniture_run():
    text = page("지역뉴스", "", HEADLINE, "", *FURNITURE, "", *BODY)
    v = verdicts(text)
    assert headline(v[HEADLINE])
    for line in FURNITURE:
        assert v[line][0] == "boilerplate", line


def test_headline_above_furniture_keeps_its_sub_headlines_below_it():
    deck = "충전소 안전 기준 완화 등 규제 특례 12건 적용"
    text = page("지역뉴스", "", HEADLINE, "", "글자작게 글자크게 인쇄 목록으로", "", deck, "", *BODY)
    v = verdicts(text)
    assert v[HEADLINE] == ("content", "headline (above the page furniture)") and v[deck] == ("content", "sub-headline")


def test_a_kicker_glued_above_the_headline_is_header_too():
    kicker = "수소 규제자유특구 실증 착수 보고회"
    text = page("본문 바로가기", "", "브리핑룸", "", kicker, "", HEADLINE, "", "2025.03.15 경상남도", "목록", "", *BODY)
    v = verdicts(text)
    assert v[kicker][0] == "content" and v[HEADLINE][0] == "content"
    assert v["브리핑룸"][0] == "boilerplate" and v["2025.03.15 경상남도"][0] == "boilerplate"


def test_a_plain_headline_on_the_first_line_is_not_taken_for_the_page_title():
    deck = "기업 20곳 참여, 충전소 안전 기준 완화 등 12건"
    text = page(HEADLINE, "", deck, "", "2025-03-15     박기자", "", *BODY)
    assert headline(verdicts(text)[HEADLINE])
    # a "매체 - 제목" first line is the page <title>
    titled = page(f"경남일보 - {HEADLINE}", "", HEADLINE, "", "2025-03-15 박기자", "", *BODY)
    assert verdicts(titled)[f"경남일보 - {HEADLINE}"][0] == "boilerplate"


def test_photo_credit_between_headline_and_body_does_not_end_the_header():
    text = page(HEADLINE, "▲ ⓒ경남일보DB", "", *BODY, "", "저작권자 © 경남일보 무단전재 및 재배포 금지")
    v = verdicts(text)
    assert v[HEADLINE][0] == "content" and v["▲ ⓒ경남일보DB"][0] == "boilerplate"


# 2. UI, player and font notices --------------------------------------------------------------------------

NOTICES = [
    "브라우저가 video 태그를 지원하지 않습니다.",
    "VOD 시청 안내",
    "어도비 플래시 플레이어 서비스 종료에 따라 현재 브라우저 버전에서는 서비스가 원활하지 않습니다.",
    "키보드 컨트롤 안내",
    "동영상영역 시작",
    "나눔고딕 폰트가 설치되어있지 않습니다.",
    "나눔 폰트를 설치하러 가시겠습니까?",
    "읽어주기 기능은 크롬기반의 브라우저에서만 사용하실 수 있습니다.",
    "자세한 기사 내용은 아래 원문 보기 클릭을 하시기 바랍니다.",
    "이 기사 어때요?",
]


@pytest.mark.parametrize("notice", NOTICES)
def test_ui_notice_is_recognised_on_its_own(notice):
    sig = classify_line(notice)
    assert sig.reason in ("UI/player notice", "page chrome phrase"), (notice, sig.reason)


@pytest.mark.parametrize(
    "sentence",
    [
        "도는 충전소 12곳에 안전 설비를 설치했다고 밝혔다.",
        "시청 앞 광장에서 열린 행사에는 시민 300여명이 참석했다.",
        "기업들은 실증 결과를 바탕으로 제품을 출시할 계획이다.",
    ],
)
def test_body_sentences_sharing_a_word_with_notices_are_not_notices(sentence):
    assert not notice_search(sentence.lower())
    assert classify_line(sentence).reason == "body sentence"


def test_player_notices_above_the_body_are_not_the_headline():
    text = page(HEADLINE, "", "VOD 시청 안내", "브라우저가 video 태그를 지원하지 않습니다.", "키보드 컨트롤 안내", "", *BODY)
    v = verdicts(text)
    assert headline(v[HEADLINE])
    for notice in ("VOD 시청 안내", "브라우저가 video 태그를 지원하지 않습니다.", "키보드 컨트롤 안내"):
        assert v[notice][0] == "boilerplate"
    assert v["브라우저가 video 태그를 지원하지 않습니다."][1] == "UI/player notice"


def test_font_install_prompt_is_boilerplate_and_the_headline_survives():
    text = page(HEADLINE, "", "나눔고딕 폰트가 설치되어있지 않습니다.", "나눔 폰트를 설치하러 가시겠습니까?", "", *BODY)
    v = verdicts(text)
    assert v[HEADLINE][0] == "content"
    assert v["나눔 폰트를 설치하러 가시겠습니까?"] == ("boilerplate", "UI/player notice")


# 3. key: value front matter -----------------------------------------------------------------------------

def test_front_matter_is_metadata_not_the_headline():
    front = ["---", f'title: "{HEADLINE}"', 'description: "도가 수소특구 실증에 착수했다"', "source: https://news.example.kr/1",
             "---"]
    text = page(*front, "", HEADLINE, "", *BODY)
    v = verdicts(text)
    assert headline(v[HEADLINE])
    assert v['description: "도가 수소특구 실증에 착수했다"'] == ("boilerplate", "front matter (key: value)")
    assert all(v[line][0] == "boilerplate" for line in front)


# 4. credit lines inside the body ------------------------------------------------------------------------

@pytest.mark.parametrize("credit", ["영상편집:김민수", "촬영기자: 이영희 / 영상편집: 박민수", "(연출 김철수 / 구성 이영희 / 영상취재 박민수)"])
def test_credit_line_inside_the_body_is_not_a_sub_heading(credit):
    text = page(HEADLINE, "", BODY[0], "", credit, "", BODY[1], "", BODY[2])
    v = verdicts(text)
    assert v[credit] == ("boilerplate", "photo/video credit")
    assert all(v[line][0] == "content" for line in BODY)


def test_photo_credit_in_parentheses_on_its_own_line_is_boilerplate():
    text = page(HEADLINE, "", BODY[0], "(사진=경상남도)", BODY[1], BODY[2])
    assert verdicts(text)["(사진=경상남도)"][0] == "boilerplate"


def test_byline_words_inside_a_sentence_do_not_make_it_a_byline():
    line = "KBS 뉴스를 통해 방송되는 특파원 리포트는 한 해 평균 2천여 건."
    assert classify_line(line).reason != "byline"
    assert classify_line("김철수 특파원 kim@example.com").reason in ("byline", "e-mail address")


# 5. a very short one-sentence body line -----------------------------------------------------------------

def test_short_question_line_between_paragraphs_is_body():
    text = page(HEADLINE, "", BODY[0], "", "눈치채셨나요?", "", BODY[1], "", BODY[2])
    assert verdicts(text)["눈치채셨나요?"][0] == "content"


def test_body_paragraph_cut_off_at_the_end_of_a_capture_is_body():
    cut = "도는 실증 결과를 토대로 내년에는 충전소 규제를"
    text = page(HEADLINE, "", *BODY, "", cut)
    assert verdicts(text)[cut] == ("content", "body paragraph cut off at the end of the page")
    # a teaser headline after the body, with more page after it, is not taken
    teaser = "경남 수소버스 100대 도입"
    after = page(HEADLINE, "", *BODY, "", teaser, "", "저작권자 © 경남일보 무단전재 및 재배포 금지")
    assert verdicts(after)[teaser][0] == "boilerplate"


# the same fixes through the HTML path ---------------------------------------------------------------------

def test_html_page_with_player_notice_and_toolbar_keeps_its_headline():
    html = (
        f"<html><head><title>{HEADLINE} - 경남일보</title></head><body>"
        "<nav><a href='/'>홈</a> <a href='/p'>정치</a></nav>"
        f"<div class='article'><h1 class='headline'>{HEADLINE}</h1>"
        "<div class='info'><span>박기자</span><br><span>입력 2025.03.15</span></div>"
        "<div class='tools'><button>공유</button><button>글자크기</button></div>"
        "<video>브라우저가 video 태그를 지원하지 않습니다.</video>"
        + "".join(f"<p>{b}</p>" for b in BODY)
        + "<p>영상편집:김민수</p></div><footer>저작권자 © 경남일보 무단전재 및 재배포 금지</footer></body></html>"
    )
    text, hints = html_to_text(html)
    v = verdicts(text, hints=hints)
    assert v[HEADLINE][0] == "content"
    assert all(v[b][0] == "content" for b in BODY)
    assert v["브라우저가 video 태그를 지원하지 않습니다."][0] == "boilerplate"
    assert v["영상편집:김민수"][0] == "boilerplate"


# the development set's tooling --------------------------------------------------------------------------

def test_devset_scores_pages_present_and_reports_missing_and_changed(tmp_path, monkeypatch):
    text = page(HEADLINE, "", *BODY, "")
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt").write_text("다른 글\n", encoding="utf-8")
    manifest = {"pages": [
        {"file": "a.txt", "sha256": segment_devset.text_sha256(text), "content": [1, 3, 4, 5], "optional": []},
        {"file": "b.txt", "sha256": "0" * 64, "content": [1], "optional": []},
        {"file": "c.txt", "sha256": "0" * 64, "content": [1], "optional": []},
    ]}
    result = segment_devset.score_devset(tmp_path, manifest)
    assert result.total.f1 == 1.0 and list(result.pages) == ["a.txt"]
    assert result.missing == ["c.txt"] and result.changed == ["b.txt"]
    monkeypatch.setenv(segment_devset.ENV_VAR, str(tmp_path / "nowhere"))
    figures = segment_devset.bench_figures()
    assert figures["segment_f1_devset"] is None and figures["segment_devset_status"].startswith("absent")


def test_devset_manifest_in_the_repo_is_well_formed():
    manifest = json.loads(segment_devset.MANIFEST.read_text(encoding="utf-8"))
    pages = manifest["pages"]
    hosts = {p["url"].split("/")[2].removeprefix("www.").removeprefix("m.") for p in pages}
    assert len(pages) >= 30 and len(hosts) >= 10
    for p in pages:
        assert len(p["sha256"]) == 64 and p["content"] and not set(p["content"]) & set(p["optional"])
        assert "aitimes.com" not in p["url"]


# found on the held-out pages ------------------------------------------------------------------------------

def test_photo_credit_glued_into_a_paragraph_keeps_the_paragraph():
    glued = "| ⓒ 경남일보 | 도는 15일 도청에서 수소 규제자유특구 실증 착수 보고회를 열고 올해 사업 계획을 발표했다."
    text = page(HEADLINE, "", glued, BODY[1], BODY[2], "", "저작권자 © 경남일보 무단전재 및 재배포 금지")
    v = verdicts(text)
    assert v[glued][0] == "content"
    assert v["저작권자 © 경남일보 무단전재 및 재배포 금지"] == ("boilerplate", "copyright line")


def test_home_breadcrumb_above_the_headline_is_not_a_sub_headline():
    text = page("HOME 네트워크 지방", HEADLINE, "", *BODY)
    v = verdicts(text)
    assert v["HOME 네트워크 지방"] == ("boilerplate", "breadcrumb menu") and v[HEADLINE][0] == "content"


def test_quote_cut_off_at_the_end_of_a_capture_is_body():
    cut = "[홍길동 / 경상남도 수소산업과장 : 데이터"
    assert verdicts(page(HEADLINE, "", *BODY, "", cut))[cut][0] == "content"


def test_translation_widget_label_is_a_notice():
    assert classify_line("※ 번역할 언어 선택").reason == "UI/player notice"


def test_notice_words_in_a_long_sentence_between_body_paragraphs_stay_body():
    polite = "새 앱에서는 지역 특구 기업의 실증 현황을 지도로 확인하는 기능을 이용하실 수 있습니다."
    assert classify_line(polite).reason == "UI/player notice"  # on its own it reads like a notice
    text = page(HEADLINE, "", BODY[0], "", polite, "", BODY[1], "", BODY[2])
    assert verdicts(text)[polite][0] == "content"
    # a short player notice in the same place is still chrome
    short = "브라우저가 video 태그를 지원하지 않습니다."
    assert verdicts(page(HEADLINE, "", BODY[0], "", short, "", BODY[1], "", BODY[2]))[short][0] == "boilerplate"


def test_portal_page_with_font_layer_and_player_through_the_html_path():
    from pathlib import Path

    html = (Path(__file__).resolve().parents[1] / "fixtures" / "synthetic_html" / "portal_player.html").read_text(
        encoding="utf-8"
    )
    text, hints = html_to_text(html)
    lines = text.split("\n")
    segments = segment_text(text, hints=hints)
    content = {lines[s.line_no - 1] for s in segments if s.kind == "content"}
    optional = {"오송 첨단의료복합단지 전경. (사진=충청북도)"}
    expected = {
        "충북 바이오 특구, 실증 기업 두 배로 늘린다",
        "[청주=충청경제신문 김하늘 기자] 충북도가 오송 바이오 규제자유특구에서 실증에 참여하는 기업을 올해 40곳으로 두 배 늘린다.",
        "도는 14일 이런 내용의 특구 운영 계획을 발표하고 첨단재생의료 분야 임상 실증을 다음 달부터 시작한다고 밝혔다.",
        "눈치채셨나요?",
        "특구에 들어온 기업은 세포치료제 원료를 보관하는 기준이 완화돼 연구 기간을 절반으로 줄일 수 있다.",
        "도 관계자는 \"실증 결과가 쌓이면 관련 법령 개정을 중앙부처에 건의하겠다\"고 말했다.",
    }
    assert content - optional == expected
    reasons = {lines[s.line_no - 1]: s.reason for s in segments}
    assert reasons["충북 바이오 특구, 실증 기업 두 배로 늘린다"].startswith("headline (")
    assert reasons["나눔 폰트를 설치하러 가시겠습니까?"] == "UI/player notice"
    assert reasons["영상편집:박서준"] == "photo/video credit"


@pytest.mark.parametrize(
    "line",
    ["Title: 경남 수소특구 실증 착수", "URL Source: https://news.example.kr/1", "Published Time: 2025-03-15T10:20:00+09:00",
     "Markdown Content:", "og:title: 경남 수소특구", "출처: https://news.example.kr/1", "원문 링크: https://news.example.kr/1"],
)
def test_saved_page_headers_are_front_matter(line):
    assert classify_line(line).reason == "front matter (key: value)"


def test_interview_speakers_and_sentences_with_colons_are_not_front_matter():
    for line in ("Q: 특구 지정 이후 가장 달라진 점은 무엇입니까?", "A: 기업들이 먼저 찾아오기 시작했습니다."):
        assert classify_line(line).reason != "front matter (key: value)"
    assert classify_line("도는 이날 \"목표: 2030년까지 기업 100곳 유치\"라고 밝혔다.").reason == "body sentence"


def test_headline_with_a_bracketed_tag_is_not_a_widget_and_share_labels_are():
    tagged = "[포토뉴스] 경남 수소특구 실증 현장을 가다"
    assert classify_line(tagged).reason == "headline-like line"
    assert classify_line("포토뉴스").reason == "page chrome phrase"
    text = page(tagged, "", "경남일보 기사퍼가기", "", *BODY)
    v = verdicts(text)
    assert headline(v[tagged]) and v["경남일보 기사퍼가기"] == ("boilerplate", "page chrome phrase")


def test_player_toggle_label_is_a_notice():
    assert classify_line("동영상 표시하기").reason == "UI/player notice"
    assert classify_line("동영상 보기").reason == "UI/player notice"


@pytest.mark.parametrize(
    "sentence",
    [
        "새 영화의 예고편이 미국 배급사 공식 홈페이지의 메인 화면을 장식하며 관객들의 관심을 모았습니다.",
        "신형 스마트폰 뒷면에는 링 라이트 플래시와 카메라가 있고 앞면에는 홈버튼이 적용돼 있습니다.",
        "경찰은 피의자가 무음 카메라 앱으로 동영상을 몰래 촬영한 정황을 확인했다고 밝혔습니다.",
    ],
)
def test_news_sentences_about_software_are_not_notices(sentence):
    assert classify_line(sentence).reason == "body sentence"


def test_player_block_between_paragraphs_keeps_both_sides_of_the_body():
    player = ["VOD 시청 안내", "브라우저가 video 태그를 지원하지 않습니다.", "키보드 컨트롤 안내", "동영상영역 시작", "동영상영역 끝"]
    text = page(HEADLINE, "", BODY[0], "", *player, "", BODY[1], "", BODY[2])
    v = verdicts(text)
    assert headline(v[HEADLINE]) and all(v[b][0] == "content" for b in BODY)
    assert all(v[line] == ("boilerplate", "UI/player notice") for line in player)
