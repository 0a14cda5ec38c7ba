"""Properties of the segmenter on arbitrary pages built from realistic pieces and random text: one segment per
line with the geometry of line_bounds, blank lines blank, a reason for every other line, and the score on the
side of 0.5 that the kind says, with and without DOM hints."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.boilerplate import segment_text
from annotator.core.html_text import LineHint
from annotator.core.text import line_bounds

PIECES = [
    "도는 15일 도청에서 수소 규제자유특구 실증 착수 보고회를 열고 올해 사업 계획을 발표했다.",
    "경남 수소특구 실증 착수…기업 20곳 참여",
    "눈치채셨나요?",
    "브라우저가 video 태그를 지원하지 않습니다.",
    "나눔 폰트를 설치하러 가시겠습니까?",
    "VOD 시청 안내",
    "영상편집:김민수",
    "(사진=경상남도)",
    'description: "도가 수소특구 실증에 착수했다"',
    "---",
    "박기자 park@example.kr",
    "입력 2025.03.15 10:20",
    "• 페이스북",
    "글자크기 설정",
    "[포토뉴스] 경남 수소특구 실증 현장을 가다",
    "HOME 네트워크 지방",
    "저작권자 © 경남일보 무단전재 및 재배포 금지",
    "[홍길동 / 경상남도 과장 : 데이터",
    "",
    "   ",
]

lines = st.one_of(st.sampled_from(PIECES), st.text(max_size=60).map(lambda t: t.replace("\n", " ").replace("\r", " ")))
pages = st.lists(lines, max_size=40).map("\n".join)


def check(text: str, segments) -> None:
    assert [(s.start, s.end) for s in segments] == line_bounds(text)
    raw = text.split("\n")
    for s in segments:
        if not raw[s.line_no - 1].strip():
            assert s.kind == "blank" and s.score is None
        else:
            assert s.kind in ("content", "boilerplate") and s.reason
            assert (s.score >= 0.5) == (s.kind == "content")


@settings(max_examples=200, deadline=None)
@given(pages)
def test_any_page_gets_one_explained_segment_per_line(text):
    check(text, segment_text(text))


@settings(max_examples=60, deadline=None)
@given(pages, st.data())
def test_any_page_with_any_dom_hints_gets_one_segment_per_line(text, data):
    n = len(text.split("\n"))
    hint = st.one_of(
        st.none(),
        st.builds(
            LineHint,
            st.floats(0, 1),
            st.frozensets(st.sampled_from(["nav", "h1", "h3", "p", "article", "title", "a", "button", "footer"])),
            st.sampled_from(["", "article_body", "article_header", "share", "tts_head articletitle"]),
        ),
    )
    hints = data.draw(st.lists(hint, min_size=n, max_size=n))
    check(text, segment_text(text, hints=hints))
