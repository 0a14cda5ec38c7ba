"""The report as printed: no cell holds more text than Excel's highest row (409 pt) shows, and the summary's
sections with their charts stay within a page (found by rendering reports with LibreOffice: a zone or a person
cited in many articles had its article list cut off mid-line, without its "… 외 N건"; a year of articles with
some undated pushed the monthly chart over the page, leaving an empty page behind it)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from annotator.core.model import NewDocument, NewSpan
from annotator.io.report import write_report
from annotator.io.report.cells import LINE_HEIGHT, fit_list, wrapped_lines
from annotator.io.report.writer import PEOPLE_COLUMNS, ZONE_COLUMNS
from annotator.store import Project

MAX_ROW_POINTS = 409  # Excel's highest row: a wrapped cell's text beyond it is not printed
PAGE_POINTS = 595.3 - 2 * 54  # A4 landscape less the report's top and bottom margins (0.75 in)
TITLE_POINTS = 26  # the summary's title row, printed again at the top of every page after the first
CM = 72 / 2.54
ARTICLES = 40


@pytest.fixture(scope="module")
def many_articles(tmp_path_factory):
    """One zone and one person in ARTICLES articles with long headlines; twelve months and undated articles."""
    folder = tmp_path_factory.mktemp("print")
    docs = []
    for i in range(ARTICLES):
        month = i % 12 + 1
        dateline = f"입력 2024.{month:02d}.05 10:00\n" if i % 10 else ""  # every tenth undated
        text = f"{dateline}홍길동 장관은 강원 정밀의료 규제자유특구를 찾아 기업 {i}곳과 간담회를 열었다."
        spans = [NewSpan(text.index("홍길동"), text.index("홍길동") + 3, "PERSON"),
                 NewSpan(text.index("강원 정밀의료"), text.index("강원 정밀의료") + len("강원 정밀의료 규제자유특구"), "ZONE")]
        title = f"{i}번째 기사: 중소벤처기업부 장관, 강원 정밀의료 규제자유특구 현장 방문해 실증 기업 간담회 개최"
        docs.append(NewDocument(text, title=title, spans=spans))
    with Project.open(folder / "p.db", "kim") as project:
        project.add_documents(docs)
        write_report(project, out=folder / "r.xlsx")
    return load_workbook(folder / "r.xlsx")


def _fits(value, width: float) -> bool:
    return wrapped_lines(str(value), width) * LINE_HEIGHT + 3 <= MAX_ROW_POINTS


@pytest.mark.parametrize("sheet, columns", [("특구 현황", ZONE_COLUMNS), ("인물·기관", PEOPLE_COLUMNS)])
def test_article_lists_fit_the_highest_row_and_count_the_rest(many_articles, sheet, columns):
    rows = list(many_articles[sheet].iter_rows(min_row=2, values_only=True))
    source = len(columns) - 1  # the last column: 출처 기사
    row = next(r for r in rows if r[source])
    listed = str(row[source])
    assert _fits(listed, columns[source].width), f"{sheet}: {wrapped_lines(listed, columns[source].width)} lines"
    references = listed.split("\n")
    assert references[-1] == f"… 외 {ARTICLES - (len(references) - 1)}건"  # the articles not listed, counted
    assert len(references) - 1 >= 5  # as many listed as fit (three lines each in the zone table), not a few


def test_summary_sections_stay_within_a_page(many_articles):
    """Every row of the summary has its height set (a program left to size them makes them taller than the page
    breaks assumed), and the rows between two page breaks, with the title repeated at the top of every page after
    the first and the charts they hold, fit on an A4 landscape page."""
    ws = many_articles["요약"]
    heights = {index: dim.height for index, dim in ws.row_dimensions.items()}
    assert all(heights.get(row) for row in range(1, ws.max_row + 1)), "a row without a height of its own"
    charts = [(chart.anchor._from.row + 1, chart.height * CM) for chart in ws._charts]
    edges = [0, *sorted(b.id for b in ws.row_breaks.brk), ws.max_row]
    for page, (start, end) in enumerate(zip(edges, edges[1:])):
        used = (TITLE_POINTS if page else 0) + sum(heights[r] for r in range(start + 1, end + 1))
        assert used <= PAGE_POINTS, f"page {page + 1}: rows {start + 1}-{end} take {used:.0f} pt"
        for anchor, points in charts:  # a chart ends above the page's end
            if start < anchor <= end:
                top = (TITLE_POINTS if page else 0) + sum(heights[r] for r in range(start + 1, anchor))
                assert top + points <= PAGE_POINTS, f"page {page + 1}: the chart at row {anchor} runs over"


@given(st.lists(st.text(alphabet="가나다 ab1·", min_size=1, max_size=40), max_size=300), st.integers(0, 50),
       st.sampled_from([8, 20, 46, 60]))
def test_fit_list_shows_what_fits_and_counts_the_rest(items, hidden, width):
    """Oracle: the first k items joined, and the count of the others, with k as large as fits."""
    total = len(items) + hidden
    text = fit_list(items, width, total=total)
    assert _fits(text, width) or not text.count("; ")  # only a single item too wide for the cell is shown whole
    shown = [part for part in text.split("; ") if not part.startswith("… 외 ")] if text else []
    more = total - len(shown)
    assert text == "; ".join([*shown, *([f"… 외 {more}개"] if more else [])])
    assert all(a == b for a, b in zip(shown, items)) and len(shown) <= len(items)
    if len(shown) < len(items):  # one more would not have fitted
        one_more = "; ".join([*items[:len(shown) + 1], *([f"… 외 {more - 1}개"] if more > 1 else [])])
        assert not _fits(one_more, width)


def test_document_urls_are_links_to_web_pages_only(tmp_path):
    urls = {"웹": "https://news.example.kr/기사 1?a=1&b=2", "스크립트": "javascript:alert(1)",
            "파일": "file:///C:/Windows/calc.exe", "없음": ""}
    with Project.open(tmp_path / "u.db", "kim") as project:
        project.add_documents([NewDocument(f"{name} 문서의 본문", title=name, url=url) for name, url in urls.items()])
        write_report(project, out=tmp_path / "u.xlsx")
    ws = load_workbook(tmp_path / "u.xlsx")["문서"]
    header = [c.value for c in ws[1]]
    title, url = header.index("제목"), header.index("URL")
    cells = {row[title].value: row[url] for row in ws.iter_rows(min_row=2)}
    assert cells["웹"].value == urls["웹"]  # the address as it was, to read
    assert cells["웹"].hyperlink.target == "https://news.example.kr/%EA%B8%B0%EC%82%AC%201?a=1&b=2"
    assert cells["웹"].font.u == "single"
    for name in ("스크립트", "파일", "없음"):
        assert cells[name].hyperlink is None and (cells[name].value or "") == urls[name]


def test_only_labels_reach_the_report_never_pending_or_rejected_suggestions(tmp_path):
    from annotator.core.suggestions import Suggestion

    text = "중기부는 부산 블록체인 특구와 강원 정밀의료 특구에 이어 대구 의료 특구를 점검했다."
    at = {word: (text.index(word), text.index(word) + len(word)) for word in
          ("중기부", "부산 블록체인 특구", "강원 정밀의료 특구", "대구 의료 특구")}
    with Project.open(tmp_path / "s.db", "kim") as project:
        (doc_id,) = project.add_documents([NewDocument(text, spans=[NewSpan(*at["중기부"], "ORG")])]).imported
        project.write_suggestions({doc_id: [Suggestion(*at[w], "ZONE", "patterns", 0.9)
                                            for w in ("부산 블록체인 특구", "강원 정밀의료 특구", "대구 의료 특구")]})
        by_start = {s.start: s.id for s in project.suggestions(doc_id)}
        project.accept_suggestions([by_start[at["부산 블록체인 특구"][0]]])
        project.reject_suggestions([by_start[at["강원 정밀의료 특구"][0]]])  # 대구 stays pending
        summary = write_report(project, out=tmp_path / "s.xlsx")
    workbook = load_workbook(tmp_path / "s.xlsx")
    mentions = sorted(r[4] for r in workbook["개체 언급"].iter_rows(min_row=2, values_only=True) if r[4])
    assert mentions == ["부산 블록체인 특구", "중기부"] and summary.entities == 2
    zones = [r[0] for r in workbook["특구 현황"].iter_rows(min_row=2, values_only=True) if r[7]]
    assert zones == ["부산 블록체인 특구"]


def test_article_dates_are_dates_an_official_can_sort_and_filter(tmp_path):
    """Excel's date filter groups only real dates: the dates were text ("2024-03-05 10:00")."""
    from datetime import date, datetime

    with Project.open(tmp_path / "d.db", "kim") as project:
        texts = ["입력 2024.03.05 10:00\n중기부가 발표했다.", "날짜 없는 기사의 중기부"]
        project.add_documents([NewDocument(t, title=f"기사 {i}", spans=[NewSpan(t.index("중기부"), t.index("중기부") + 3, "ORG")])
                               for i, t in enumerate(texts)])
        write_report(project, out=tmp_path / "d.xlsx")
    workbook = load_workbook(tmp_path / "d.xlsx")
    documents = {r[3].value: r[1] for r in workbook["문서"].iter_rows(min_row=2)}
    assert documents["기사 0"].value == datetime(2024, 3, 5, 10, 0)
    assert documents["기사 0"].number_format == "yyyy-mm-dd hh:mm"
    assert documents["기사 1"].value is None  # unknown stays empty
    mentions = {r[2].value: r[1] for r in workbook["개체 언급"].iter_rows(min_row=2)}
    assert mentions["기사 0"].value == datetime(2024, 3, 5) and mentions["기사 0"].number_format == "yyyy-mm-dd"
    assert date(2024, 3, 5) == mentions["기사 0"].value.date()


def test_where_a_date_came_from_is_said_in_korean(tmp_path):
    """An imported file's metadata and a page's meta tags were named as code ("날짜: meta.published")."""
    with Project.open(tmp_path / "m.db", "kim") as project:
        project.add_documents([
            NewDocument("파일 메타데이터의 기사", title="파일", meta={"published": "2024-05-02", "outlet": "뉴스1"}),
            NewDocument("HTML 태그의 기사", title="태그",
                        meta={"article:published_time": "2024-05-03T10:00:00+09:00", "og:site_name": "강원일보"})])
        write_report(project, out=tmp_path / "m.xlsx")
    ws = load_workbook(tmp_path / "m.xlsx")["문서"]
    header = [c.value for c in ws[1]]
    title, source = header.index("제목"), header.index("날짜·언론사 출처")
    said = {r[title]: r[source] for r in ws.iter_rows(min_row=2, values_only=True)}
    assert all("meta." not in text and "meta:" not in text for text in said.values()), said
    assert said["파일"] == "날짜: 파일 메타데이터(published)\n언론사: 파일 메타데이터(outlet)"
