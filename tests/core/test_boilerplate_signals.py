"""One test per local signal of the boilerplate segmenter (a line judged on its own)."""

from __future__ import annotations

import pytest

from annotator.core.boilerplate_signals import (
    PROSE,
    SENTENCE,
    SHORT,
    STRONG_BAD,
    TITLE,
    WEAK_BAD,
    bullet_of,
    classify_line,
    particle_ratio,
)

BODY = "중소벤처기업부는 13일 강원 원주를 방문해 글로벌 혁신 특구의 준비 상황을 점검했다."


def test_sentence_final_ending_makes_a_body_sentence():
    sig = classify_line(BODY)
    assert sig.local_class == SENTENCE and sig.weight > 1.5 and sig.reason == "body sentence"


@pytest.mark.parametrize("line", [
    "오 차관은 \"지원을 아끼지 않겠다\"고 말했다.",
    "그는 “특구 기념일을 지정해 소통의 장을 마련하겠다”고 덧붙였다.",
    "이번 실증으로 의료비 절감 효과가 기대된다고 밝혔습니다.",
])
def test_quoted_and_polite_endings_are_sentences(line):
    assert classify_line(line).local_class == SENTENCE


def test_headline_without_sentence_ending_is_title_like():
    sig = classify_line("오기웅 중기부 차관, 글로벌 혁신 특구 협력방안 논의")
    assert sig.local_class == TITLE and sig.weight < 0


def test_long_particle_rich_text_without_period_is_prose():
    line = "이 가운데 강원은 환자의 의료정보와 인공지능을 결합한 신의료기술로 개인 맞춤형 의료시장을 선도한다는 계획으로 그 활용이 공익적 목적에 제한돼 있었지만"
    assert classify_line(line).local_class in (SENTENCE, PROSE)


def test_particle_ratio_separates_prose_from_headlines():
    body_words = ["정부는", "지역을", "방문해", "상황을", "점검했다"]
    head_words = ["중기부", "차관", "혁신", "특구", "논의"]
    assert particle_ratio(body_words, " ".join(body_words)) > 0.5
    assert particle_ratio(head_words, " ".join(head_words)) < 0.3


@pytest.mark.parametrize("line", [
    "[저작권자ⓒ CWN(CHANGE WITH NEWS). 무단전재-재배포 금지]",
    "Copyright © 2024 강원경제신문. All rights reserved.",
    "<저작권자 © 전남일보, 무단 전재 및 재배포 금지>",
])
def test_copyright_line(line):
    sig = classify_line(line)
    assert sig.local_class == STRONG_BAD and sig.reason == "copyright line"


def test_masthead_footer_details():
    sig = classify_line("등록번호 : 강원 아00123 | 등록일 : 2015.03.02 | 발행인 : 김발행 | 편집인 : 이편집")
    assert sig.local_class == STRONG_BAD and sig.reason == "publisher/footer details"


@pytest.mark.parametrize("line", ["• 맑음광양시10.5℃", "• 구름조금부산13.7℃", "기상청 제공", "• 흐림대관령-16.6℃"])
def test_weather_ticker(line):
    sig = classify_line(line)
    assert sig.local_class == STRONG_BAD and sig.reason == "weather ticker"


@pytest.mark.parametrize("line", ["관련기사", "가장 많이 본 뉴스", "기자의 인기기사", "댓글 0", "본문 바로가기", "로그인", "구독", "더보기", "인쇄"])
def test_chrome_phrases(line):
    sig = classify_line(line)
    assert sig.local_class == WEAK_BAD and sig.reason == "page chrome phrase"


def test_chrome_word_inside_a_long_body_sentence_does_not_count():
    line = "참석자들은 지역 혁신 성과를 공유하고 온라인 댓글 여론을 분석한 결과를 바탕으로 후속 과제를 논의했다."
    assert classify_line(line).local_class == SENTENCE


@pytest.mark.parametrize("line, reason", [
    ("홍길동 기자 hong@example.com", "byline"),
    ("변동휘 기자", "byline"),
    ("입력 2024.03.13 16:33 | 수정 2024.03.13 17:20", "date/time line"),
    ("최한결 / 기사승인 : 2024-03-13 16:33:39", "date/time line"),
    ("2026년 01월 01일 (목)", "date/time line"),
    ("content@www.newsbell.co.kr", "e-mail address"),
    ("https://www.example.com/news/123", "URL"),
    ("1.png", "image file name"),
    ("photo_20240313_01.jpg", "image file name"),
    ("▲ 오기웅 중기부 차관. 사진=중소벤처기업부", "photo caption"),
    ("KOSPI 2,650.12 ▲12.30", "price/market ticker"),
    ("BTC 95,123,000 +1.2%", "price/market ticker"),
    ("홈 > 경제 > 산업", "breadcrumb menu"),
    ("뉴스 홈 정치 경제 사회 생활 세계 IT", "menu of short words"),
    ("2024.03.13 12:00 300", "date/time line"),
    ("Hot Issue", "page chrome phrase"),
    ("Breaking News Live", "English-only short line"),
])
def test_weak_chrome_signals(line, reason):
    sig = classify_line(line)
    assert sig.local_class == WEAK_BAD, sig
    assert sig.reason == reason


def test_number_heavy_line():
    assert classify_line("300 1,204 55").reason == "number-heavy line"


def test_markup_residue():
    assert classify_line("//php echo do_shortcode('[yarpp]'); ?>").local_class == STRONG_BAD


def test_truncated_teaser_is_weaker_than_a_sentence():
    teaser = "광주시가 인공지능 집적단지 2단계 사업에 착수했다. 시는 13일 사업설명회를 열고 올해 예산 300억원을 투입한다고 밝혔다. 이번 사업은…"
    sig = classify_line(teaser)
    assert sig.local_class == PROSE and sig.reason == "truncated teaser"
    assert sig.weight < classify_line(BODY).weight


@pytest.mark.parametrize("line", [
    "□ 과학기술정보통신부는 13일 연구개발특구위원회를 열고 강소특구 3곳의 신규 지정을 추진한다고 밝혔다.",
    "ㅇ 이번에 지정이 추진되는 곳은 경북 포항, 전남 나주, 충북 청주로 기술사업화 거점을 조성하게 된다.",
    "- 특히 이번 심사에서는 지역 주력산업과의 연계성을 중점적으로 평가했다.",
    "△ 실증 종료 2개 △ 임시허가 5개 등으로 확정하고 신속한 법령 정비를 추진해 나갈 계획이다.",
])
def test_press_release_bullets_alone_do_not_mean_boilerplate(line):
    sig = classify_line(line)
    assert sig.bullet and sig.local_class == SENTENCE


def test_bullet_prefixes():
    assert bullet_of("  • 오늘 인기기사".strip())[0] == "•"
    assert bullet_of("□ 과기정통부는")[0] == "□"
    assert bullet_of("1. 첫째 항목")[0] == "1."
    assert bullet_of("과기정통부는") == ("", 0)


def test_short_fragment():
    assert classify_line("+").local_class in (SHORT, WEAK_BAD)
    assert classify_line("연예").local_class == SHORT


@pytest.mark.parametrize("line", ["강원 바이오 기업 유치 사상 최대", "함께 읽으면 좋은 지역 혁신 이야기 모음"])
def test_noun_only_headline_is_not_a_menu(line):
    assert classify_line(line).local_class == TITLE


@pytest.mark.parametrize("line", [
    "작성자 홍보담당관실",
    "보도시점 2024. 5. 22.(수) 조간",
    "배포일시 2024. 5. 21.(화) 11:00",
    "담당 부서 | 산업통상자원부 반도체과",
    "담당자 | 사무관 이영희 (044-203-4271)",
    "문의: 02-123-4567",
])
def test_labelled_article_metadata(line):
    sig = classify_line(line)
    assert sig.local_class == WEAK_BAD and sig.reason == "article metadata"


def test_a_sentence_or_headline_starting_with_a_label_word_is_not_metadata():
    assert classify_line("담당자는 \"다음 달까지 보완책을 마련하겠다\"고 말했다.").local_class == SENTENCE
    assert classify_line("담당자 실수로 개인정보 1만건 유출").local_class == TITLE


def test_news_menu_with_newer_section_words():
    assert classify_line("속보 이슈 기획 팩트체크 영상 포토 그래픽").reason == "menu of short words"


@pytest.mark.parametrize("line", ["오리온 베트남 하노이 제2공장 전경 [오리온 제공. 재판매 및 DB 금지]", "본문 기타 기능"])
def test_agency_photo_caption_and_toolbar_label(line):
    assert classify_line(line).local_class == WEAK_BAD
