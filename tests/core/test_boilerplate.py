"""The boilerplate segmenter in context: article region, headline, lists, smoothing, corpus and DOM cues, gold pages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.core.boilerplate import SEGMENTER_VERSION, content_line_numbers, segment_text
from annotator.core.boilerplate_eval import score_page
from annotator.core.html_text import LineHint
from annotator.core.text import line_bounds

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

BODY = [
    "중소벤처기업부는 13일 정부서울청사에서 규제자유특구위원회를 열고 4개 특구를 새로 지정했다.",
    "이번에 지정된 특구는 강원 정밀의료, 경북 그린물류, 충북 그린수소, 충남 탄소저감 건설소재 등이다.",
    "중기부는 특구별로 실증 예산을 지원하고 규제 특례가 제도화될 수 있도록 관계부처와 협의할 계획이다.",
    "장관은 \"특구가 지역 혁신성장의 마중물이 되도록 적극 지원하겠다\"고 말했다.",
]
HEADLINE = "중기부, 규제자유특구 4곳 신규 지정"


def page(*parts: str) -> str:
    return "\n".join(parts)


def kinds(text: str, **kwargs) -> dict[int, str]:
    return {s.line_no: s.kind for s in segment_text(text, **kwargs)}


def test_one_segment_per_line_with_line_bounds_geometry():
    text = page("제목 줄", "", *BODY, "  ", "[저작권자ⓒ 신문. 무단전재-재배포 금지]")
    segments = segment_text(text)
    assert [(s.start, s.end) for s in segments] == line_bounds(text)
    assert [s.line_no for s in segments] == list(range(1, len(text.split("\n")) + 1))
    assert segments[1].kind == "blank" and segments[-2].kind == "blank" and segments[-2].score is None
    for s in segments:
        if s.kind != "blank":
            assert 0.0 <= s.score <= 1.0 and s.reason
            assert (s.score >= 0.5) == (s.kind == "content")


def test_empty_and_blank_texts():
    assert [s.kind for s in segment_text("")] == ["blank"]
    assert [s.kind for s in segment_text("\n \n")] == ["blank", "blank", "blank"]


def test_body_and_headline_are_content_chrome_is_not():
    text = page("뉴스 홈 정치 경제 사회 생활 세계 IT", "", HEADLINE, "", "홍길동 기자 hong@example.com",
                "입력 2024.03.13 16:33", "", *BODY, "", "[저작권자ⓒ 신문. 무단전재-재배포 금지]", "관련기사", "댓글 0")
    k = kinds(text)
    assert k[3] == "content"  # headline just above the body
    assert [k[i] for i in range(8, 12)] == ["content"] * 4
    assert k[1] == k[5] == k[6] == k[13] == k[14] == k[15] == "boilerplate"
    reasons = {s.line_no: s.reason for s in segment_text(text)}
    assert reasons[3] == "headline" and reasons[13] == "copyright line"


def test_headline_repeating_the_page_title_is_found_across_meta_lines():
    text = page("신문사 - " + HEADLINE, "", "• 맑음서울8.1℃", "", HEADLINE, "", "최한결 / 기사승인 : 2024-03-13 16:33:39",
                "  • -", "  • +", "  • 인쇄", "부제: 네거티브 규제 첫 적용…4개 시도와 협의", "", *BODY)
    k = kinds(text)
    assert k[1] == "boilerplate"  # the page <title> line itself
    assert k[5] == "content" and k[11] == "content"
    assert k[7] == k[8] == k[9] == k[10] == "boilerplate"


def test_duplicated_headline_is_kept_twice():
    text = page("HOME 뉴스 기획 인물 포토", HEADLINE, HEADLINE, "최지훈 기자  |  2024-03-13 16:33", *BODY)
    k = kinds(text)
    assert k[2] == k[3] == "content" and k[1] == k[4] == "boilerplate"


def test_list_of_sentence_like_headlines_after_the_body_is_boilerplate():
    related = [
        "  • 강원 바이오헬스 기업 유치 40곳 돌파했다",
        "  • 원주 의료기기 클러스터, 글로벌 혁신특구 후보로 선정됐다",
        "  • 춘천시, 데이터 산업 육성 위해 300억 원 투입한다",
        "  • 규제자유특구 실증 기간 2년 연장…기업들 '숨통'",
    ]
    text = page(HEADLINE, "", *BODY, "", *related)
    segments = segment_text(text)
    assert content_line_numbers(segments) == [1, 3, 4, 5, 6]
    assert segments[-1].reason == "bullet list of headlines"


def test_stack_of_unbulleted_headlines_is_a_list():
    stack = ["충북도, 바이오 인재 양성 위해 50억 투입", "오송역 일대 도시개발사업 본격 추진",
             "청주공항 국제선 노선 확대…베트남 직항 신설", "세종-청주 광역철도 예타 통과"]
    text = page(HEADLINE, "", *BODY, "", *stack)
    k = kinds(text)
    assert all(k[i] == "boilerplate" for i in range(8, 12))


def test_press_release_bullet_paragraphs_are_content():
    body = [
        "□ 과학기술정보통신부는 13일 연구개발특구위원회를 열고 강소특구 3곳의 신규 지정을 추진한다고 밝혔다.",
        "ㅇ 이번에 지정이 추진되는 곳은 경북 포항, 전남 나주, 충북 청주로 기술사업화 거점을 조성하게 된다.",
        "ㅇ 강소특구로 지정되면 입주 기업은 법인세 감면과 연구개발 사업비 지원 등의 혜택을 받을 수 있다.",
        "- 특히 이번 심사에서는 지역 주력산업과의 연계성과 지자체의 지원 의지 등을 중점적으로 평가했다.",
    ]
    text = page("보도자료", "과기정통부, 연구개발특구 3곳 신규 지정 추진", "", *body, "", "담당 부서 지역과학기술정책과 044-202-4810")
    k = kinds(text)
    assert [k[i] for i in (2, 4, 5, 6, 7)] == ["content"] * 5
    assert k[1] == "boilerplate" and k[9] == "boilerplate"


def test_comments_after_the_copyright_line_are_not_the_article():
    comments = ["kim**** 2024.03.13 17:22", "정말 좋은 소식이네요. 지역 경제가 살아났으면 좋겠습니다.",
                "lee**** 2024.03.13 17:40", "규제만 풀어준다고 다 되는 건 아닙니다. 인재가 있어야 합니다.",
                "park**** 2024.03.13 18:02", "부산 해양 모빌리티 사업도 잘 되기를 기대하고 응원하겠습니다."]
    text = page(HEADLINE, *BODY, "Copyright © NEWSIS.COM, 무단 전재 및 재배포 금지", "댓글 3", *comments)
    assert content_line_numbers(segment_text(text)) == [1, 2, 3, 4, 5]


def test_short_line_inside_the_body_takes_its_neighbours_class():
    text = page(HEADLINE, "", BODY[0], "◇ 향후 일정", BODY[1], BODY[2], "", "1.png", "", BODY[3])
    k = kinds(text)
    assert k[4] == "content"  # sub-heading between body paragraphs
    assert k[8] == "boilerplate"  # image file name inside the body stays chrome
    assert k[10] == "content"


def test_a_page_without_sentences_has_no_content():
    text = page("본문 바로가기", "• 맑음서울8.1℃", "관련기사", "더보기")
    assert content_line_numbers(segment_text(text)) == []


def test_recurrent_lines_of_the_source_are_chrome():
    notice = "도는 올해 지역신문발전기금으로 이 사업을 지원했다."
    text = page(HEADLINE, "", BODY[0], BODY[1], notice, BODY[2], BODY[3])
    assert kinds(text)[5] == "content"  # a sentence on its own merits
    freq = {notice: 40, BODY[0]: 1}
    segments = segment_text(text, line_freq=freq, freq_docs=50)
    assert segments[4].kind == "boilerplate" and "recurs in 40 of 50" in segments[4].reason
    assert segments[2].kind == "content"  # seen in one other page only: not recurrent
    # too few documents of the source to judge: no effect
    assert segment_text(text, line_freq={notice: 2}, freq_docs=2)[4].kind == "content"


def test_dom_cues_demote_navigation_and_link_lists():
    text = page(HEADLINE, *BODY, "규제자유특구 관련 정책을 더 알고 싶다면 정책브리핑 누리집에서 자세한 내용을 확인할 수 있다.")
    plain = kinds(text)
    assert plain[6] == "content"
    article = LineHint(0.0, frozenset({"article", "p"}), "article-body")
    hints = [article] * 5 + [LineHint(0.9, frozenset({"a", "li"}), "")]
    assert kinds(text, hints=hints)[6] == "boilerplate"
    hints = [article] * 5 + [LineHint(0.0, frozenset({"footer"}), "")]
    segments = segment_text(text, hints=hints)
    assert segments[5].kind == "boilerplate" and segments[5].reason == "inside <footer>"
    assert [s.kind for s in segments[:5]] == ["content"] * 5


def test_version_is_a_non_empty_string():
    assert isinstance(SEGMENTER_VERSION, str) and SEGMENTER_VERSION


def _scores(folder: Path):
    gold = json.loads((folder / "boilerplate_gold.json").read_text(encoding="utf-8"))
    for name, answer in gold.items():
        if name.startswith("_"):
            continue
        page = score_page((folder / name).read_text(encoding="utf-8"), answer["content"], answer["optional"])
        yield name, page.tp, page.fp, page.fn, page.wrong


@pytest.mark.parametrize("name", ["000_fcb37cc8a9ada870.txt", "002_3852bb6583c8c12a.txt", "004_9ac81d344fba7577.txt"])
def test_shared_pages_match_their_gold(name):
    results = {n: wrong for n, *_, wrong in _scores(FIXTURES / "corpus")}
    assert results[name] == []


def test_synthetic_pages_in_other_cms_styles():
    total_tp = total_fp = total_fn = 0
    for name, tp, fp, fn, wrong in _scores(FIXTURES / "synthetic_pages"):
        f1 = 2 * tp / (2 * tp + fp + fn)
        assert f1 >= 0.95, (name, wrong)
        total_tp, total_fp, total_fn = total_tp + tp, total_fp + fp, total_fn + fn
    assert 2 * total_tp / (2 * total_tp + total_fp + total_fn) >= 0.95


def test_text_whose_lowercase_changes_length_still_segments():
    # "İ".lower() is two code points: the per-document trigger search falls back to per-line search
    text = page("İstanbul NEWS", HEADLINE, *BODY, "[저작권자ⓒ 신문. 무단전재-재배포 금지]")
    segments = segment_text(text)
    assert [(s.start, s.end) for s in segments] == line_bounds(text)
    assert content_line_numbers(segments) == [2, 3, 4, 5, 6]
    assert segments[-1].reason == "copyright line"


def test_numbered_list_of_full_sentences_under_a_popular_news_header_is_boilerplate():
    ranked = [
        "1. 창원 NC파크 관중 100만 명 돌파, 구단 창단 이후 최단 기록을 세웠다.",
        "2. 김해 장유 신도시 아파트 분양가 3.3㎡당 1천800만원 넘었다.",
        "3. 경남도, 올해 청년 일자리 3천 개를 만들기로 했다.",
        "4. 진해 군항제 방문객 역대 최다…지역 상권 매출 40% 늘었다.",
    ]
    text = page(HEADLINE, "", *BODY, "", "많이 본 기사", *ranked)
    segments = segment_text(text)
    assert content_line_numbers(segments) == [1, 3, 4, 5, 6]
    assert segments[-1].reason == "list under a related/popular news header"
    # the same items without the header, separated from the body, stay sentences judged on their own
    assert kinds(page(HEADLINE, "", *BODY, *ranked))[7] == "content"


def test_labelled_metadata_between_headline_and_body_does_not_end_the_header():
    text = page("보도자료", HEADLINE, "- 4개 시도와 협의해 실증 예산 지원 -", "", "배포일시 2024. 3. 13.(수) 11:00",
                "보도시점 2024. 3. 14.(목) 조간", "작성자 대변인실", "조회수 1,254", "", *BODY)
    k = kinds(text)
    assert k[2] == k[3] == "content"
    assert k[1] == k[5] == k[6] == k[7] == k[8] == "boilerplate"


def test_closing_schedule_table_of_a_press_release_is_content():
    text = page(HEADLINE, "", *BODY, "", "< 향후 추진 일정 >", "△ 3월 : 특구위원회 심의 △ 4월 : 관계부처 협의",
                "", "담당 부서 | 중소벤처기업부 지역특구과", "관련기사", "충북도, 바이오 인재 양성 위해 50억 투입")
    k = kinds(text)
    assert k[8] == k[9] == "content"
    assert k[11] == k[12] == k[13] == "boilerplate"
    # a bracketed line with nothing listed under it is not pulled into the body
    assert kinds(page(HEADLINE, "", *BODY, "", "< 향후 추진 일정 >", "", "관련기사"))[8] == "boilerplate"
    # nor are teaser links under a bracketed label
    teasers = kinds(page(HEADLINE, "", *BODY, "", "[AI 추천]", "☞ 충북도, 바이오 인재 양성 위해 50억 투입", "☞ 세종-청주 광역철도 예타 통과"))
    assert teasers[8] == teasers[9] == teasers[10] == "boilerplate"


def test_stack_of_headlines_right_under_a_label_is_still_a_list():
    stack = ["충북도, 바이오 인재 양성 위해 50억 투입", "오송역 일대 도시개발사업 본격 추진",
             "청주공항 국제선 노선 확대…베트남 직항 신설", "세종-청주 광역철도 예타 통과"]
    segments = segment_text(page(HEADLINE, "", *BODY, "", "관련기사", *stack))
    assert [s.reason for s in segments[-4:]] == ["stack of headline-like lines"] * 4


def test_score_page_counts_only_scored_lines():
    text = "[저작권자ⓒ 무단전재-재배포 금지]\n\n중기부는 13일 강원 원주시를 글로벌 혁신 특구로 지정했다고 밝혔다."
    perfect = score_page(text, content=[3])
    assert (perfect.tp, perfect.fp, perfect.fn, perfect.f1) == (1, 0, 0, 1.0)
    wrong = score_page(text, content=[1])  # gold that disagrees on both scored lines
    assert (wrong.tp, wrong.fp, wrong.fn, wrong.wrong, wrong.f1) == (0, 1, 1, [1, 3], 0.0)
    assert score_page(text, content=[3], optional=[1]).wrong == []
