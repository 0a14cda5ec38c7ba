"""Segmenter behaviour on page styles added in the second robustness round (h9–h14 in synthetic_pages)."""

from __future__ import annotations

from annotator.core.boilerplate import segment_text
from annotator.core.boilerplate_signals import SENTENCE, SHORT_SENTENCE_REASON, TITLE, classify_line

BODY = [
    "중소벤처기업부는 13일 정부서울청사에서 규제자유특구위원회를 열고 4개 특구를 새로 지정했다.",
    "이번에 지정된 특구는 강원 정밀의료, 경북 그린물류, 충북 그린수소, 충남 탄소저감 건설소재 등이다.",
    "중기부는 특구별로 실증 예산을 지원하고 규제 특례가 제도화될 수 있도록 관계부처와 협의할 계획이다.",
]
HEADLINE = "중기부, 규제자유특구 4곳 신규 지정"


def kinds(text: str) -> dict[int, str]:
    return {s.line_no: s.kind for s in segment_text(text)}


def test_short_sentence_is_weak_body_evidence():
    sig = classify_line("도는 기대감이 크다.")
    assert sig.local_class == SENTENCE and sig.reason == SHORT_SENTENCE_REASON
    assert 0 < sig.weight < classify_line(BODY[0]).weight
    # two words or no final period: still not a sentence
    assert classify_line("기사가 없습니다.").local_class != SENTENCE
    assert classify_line("도는 기대감이 크다").local_class != SENTENCE


def test_body_written_one_short_sentence_per_line_keeps_its_last_line():
    text = "\n".join(["메뉴 | 홈", "", HEADLINE, "", *BODY, "주민 반응도 좋았다.", "행사는 오후에 끝났다.", "", "많이 본 뉴스"])
    result = kinds(text)
    assert result[8] == "content" and result[9] == "content"
    assert result[11] == "boilerplate"


def test_lone_short_sentence_after_the_body_is_not_pulled_in():
    text = "\n".join([HEADLINE, "", *BODY, "", "검색 결과가 없습니다.", "", "회사소개"])
    result = kinds(text)
    assert result[7] == "boilerplate"
    assert [result[n] for n in (1, 3, 4, 5)] == ["content"] * 4


def test_headline_with_many_latin_words_is_headline_like():
    sig = classify_line('HBM3E 탑재한 Edge AI 칩…"NVIDIA 대비 전력효율 2배"')
    assert sig.local_class == TITLE
    # an English menu or a tag line of symbols is not
    assert classify_line("Home | News | AI | Mobile | Startup | About").local_class != TITLE
    text = "\n".join(
        ["Home | News | About", "Subscribe  Sign in", "", HEADLINE, 'HBM3E 탑재한 Edge AI 칩…"NVIDIA 대비 전력효율 2배"', "", *BODY]
    )
    result = kinds(text)
    assert result[4] == "content" and result[5] == "content"
    assert result[1] == "boilerplate" and result[2] == "boilerplate"


def test_other_stories_as_headline_and_lead_cards_are_boilerplate():
    cards = [
        "군산 스마트 수변도시 분양 앞두고 설명회",
        "군산시는 오는 15일 새만금 스마트 수변도시 공동주택 분양을 앞두고 시민 설명회를 연다고 밝혔다. 설명회에서는 청약 자격이 소개된다.",
        "",
        "익산 국가식품클러스터 수출 1억달러 눈앞",
        "익산 국가식품클러스터 입주 기업들의 올해 상반기 수출액이 9800만달러를 기록했다. 진흥원은 하반기 해외 박람회 참가를 늘린다.",
        "",
        "전주 탄소소재 국가산단 2단계 부지 조성 착수",
        "전주시는 탄소소재 국가산업단지 2단계 부지 조성 공사에 들어갔다고 8일 밝혔다. 2단계 부지는 2028년 완공을 목표로 한다.",
    ]
    text = "\n".join([HEADLINE, "", *BODY, "", "다른 기사 보기", "", *cards, "", "저작권자 © 신문 무단전재 및 재배포금지"])
    result = kinds(text)
    assert [result[n] for n in (1, 3, 4, 5)] == ["content"] * 4
    assert all(result[n] == "boilerplate" for n in range(7, 7 + 2 + len(cards)) if n in result and n not in (8, 11, 14))


def test_inline_related_box_does_not_cut_the_article():
    # body paragraphs without a headline glued on top follow the box: the article goes on
    text = "\n".join(
        [HEADLINE, "", BODY[0], "", "관련기사", "", "소제목 하나", BODY[1], "", "소제목 둘", BODY[2], "", BODY[0] + " 추가 설명이다."]
    )
    result = kinds(text)
    assert result[8] == "content" and result[11] == "content" and result[13] == "content"
