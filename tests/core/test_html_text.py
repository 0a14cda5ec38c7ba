"""HTML → visible text lines with DOM cues; nothing is executed or fetched."""

from __future__ import annotations

from annotator.core.boilerplate import segment_text
from annotator.core.html_text import LineHint, html_to_text

PAGE = """<!DOCTYPE html>
<html><head><title>강원일보 - 강원 정밀의료 특구 지정</title>
<meta charset="utf-8"><style>p { color: red }</style>
<script>document.write("악성 스크립트"); fetch("http://evil.example/");</script>
<link rel="stylesheet" href="http://cdn.example/site.css"></head>
<body>
<header class="site-header"><nav id="gnb"><ul><li><a href="/">홈</a></li><li><a href="/eco">경제</a></li></ul></nav></header>
<div class="breadcrumb"><a href="/">홈</a> &gt; <a href="/eco">경제</a></div>
<article class="article-view">
  <h1 class="headline">강원 정밀의료 산업, 신규 규제자유특구로 지정</h1>
  <p>정부는 1일 규제자유특구위원회를 열고 강원 정밀의료 산업 등 4개 특구를 신규로 지정했다.<br>
  이번 지정으로 의료데이터 활용의 길이 열렸다.</p>
  <p>중기부는 &quot;지역 혁신의 마중물이 되도록 지원하겠다&quot;고 밝혔다&nbsp;</p>
  <img src="http://img.example/1.png" alt="사진">
  <div style="display:none">숨겨진 광고 문구</div>
  <p hidden>또 숨겨진 문구</p>
</article>
<aside class="related-news"><h3>관련기사</h3><ul>
  <li><a href="/1">강원 바이오헬스 기업 유치 40곳 돌파했다</a>
  <li><a href="/2">원주 의료기기 클러스터 후보 선정</a>
</ul></aside>
<footer><p>Copyright © 강원일보. All rights reserved.</p></footer>
<noscript>자바스크립트를 켜 주세요</noscript>
</body></html>"""


def test_visible_text_lines_title_first_scripts_and_hidden_dropped():
    text, hints = html_to_text(PAGE)
    lines = text.split("\n")
    assert lines[0] == "강원일보 - 강원 정밀의료 특구 지정"
    assert "정부는 1일 규제자유특구위원회를 열고 강원 정밀의료 산업 등 4개 특구를 신규로 지정했다." in lines
    assert "이번 지정으로 의료데이터 활용의 길이 열렸다." in lines  # <br> splits lines
    assert '중기부는 "지역 혁신의 마중물이 되도록 지원하겠다"고 밝혔다' in lines  # entities decoded, nbsp stripped
    for dropped in ("악성 스크립트", "evil", "color: red", "숨겨진", "자바스크립트"):
        assert dropped not in text
    assert len(hints) == len(lines)
    assert all((h is None) == (line == "") for h, line in zip(hints, lines))
    assert not any(line != line.strip() for line in lines)
    assert "\n\n\n" not in text


def test_hints_carry_tags_classes_and_link_density():
    text, hints = html_to_text(PAGE)
    by_line = dict(zip(text.split("\n"), hints))
    menu = by_line["홈"]
    assert "nav" in menu.tags and "li" in menu.tags and menu.link_density == 1.0
    assert "gnb" in menu.classes
    headline = by_line["강원 정밀의료 산업, 신규 규제자유특구로 지정"]
    assert "h1" in headline.tags and headline.is_heading() and headline.in_article()
    assert headline.chrome_reason() is None
    related = by_line["강원 바이오헬스 기업 유치 40곳 돌파했다"]
    assert related.chrome_reason() is not None and "aside" in related.tags
    footer = by_line["Copyright © 강원일보. All rights reserved."]
    assert footer.chrome_reason() == "inside <footer>"


def test_chrome_reason_rules():
    assert LineHint(0.7).chrome_reason() == "link list"
    assert LineHint(0.0, frozenset({"header"})).chrome_reason() == "inside page <header>"
    assert LineHint(0.0, frozenset({"header", "article", "h1"})).chrome_reason() is None
    assert LineHint(0.0, frozenset(), "popular-news box").chrome_reason().startswith("chrome container")
    assert LineHint(0.0, frozenset(), "article_body").chrome_reason() is None
    assert LineHint(0.0, frozenset(), "headerless").chrome_reason() is None  # no word match inside a word


def test_html_page_segments_with_its_hints():
    text, hints = html_to_text(PAGE)
    segments = segment_text(text, hints=hints)
    lines = text.split("\n")
    content = [lines[s.line_no - 1] for s in segments if s.kind == "content"]
    assert "강원 정밀의료 산업, 신규 규제자유특구로 지정" in content
    assert any(line.startswith("정부는 1일") for line in content)
    assert not any("관련기사" in line or "Copyright" in line or line == "홈" for line in content)


def test_malformed_html_does_not_lose_text():
    text, hints = html_to_text("<div><p>첫 문단입니다.<p>둘째 문단입니다.</span></div><li>항목<li>다음 항목")
    assert text.split("\n") == ["첫 문단입니다.", "", "둘째 문단입니다.", "", "항목", "다음 항목"]
    assert len(hints) == 6
