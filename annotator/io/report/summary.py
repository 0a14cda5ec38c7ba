"""The report's first sheet: a one-page brief (period, outlets, articles, the top zones, organisations
and people), then a timeline of articles per month and the counts by entity type, each with a chart."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet.pagebreak import Break

from annotator.io.report.cells import (
    BOLD_FONT, GRID, HEADER_ALIGN, HEADER_FILL, HEADER_FONT, NOTE_FONT, REPORT_TITLE, SECTION_FONT, TITLE_FONT,
    WRAP, set_print, set_value, split_to_width, wrapped_lines, LINE_HEIGHT,
)
from annotator.core.canonical import RULE_NAMES
from annotator.io.report.charts import bar_chart, series_chart
from annotator.io.report.collect import STATUS_NAMES

TOP = 5  # rows per "top" table of the brief
WIDTHS = (("A", 28), ("B", 40), ("C", 24), ("D", 10), ("E", 10))
CHART_WIDTH_CM = 25  # about the width of columns A-E
# Every row of the brief gets an explicit height, so that the page breaks placed by adding heights up hold in
# any program: left to itself LibreOffice makes a 10 pt Hangul row 14.7 pt high (Excel about 15), not 13.5, and
# a page of 36 such rows ran over, its chart cut and an empty page behind it.
ROW_POINTS = 15.0  # a plain row
GAP_POINTS = 10.0  # an empty row between sections
NOTE_POINTS = 13.0  # a note (9 pt)
SECTION_POINTS = 18.0  # a section title (12 pt)
TITLE_POINTS = 26.0  # the report's title, repeated at the top of every page after the first
PAGE_POINTS = 595.3 - 2 * 54  # A4 landscape within the top and bottom margins (0.75 in)
PAGE1_POINTS = PAGE_POINTS - 8  # what a page is filled up to: some slack for rounding
PAGE_ROWS = int(PAGE1_POINTS // ROW_POINTS)  # plain rows a page holds
CM = 72 / 2.54  # points per centimetre (a chart's size is in cm)


@dataclass(slots=True)
class Brief:
    project_name: str
    period: object  # annotator.store.report_queries.Period
    gatherer: object  # annotator.io.report.gather.Gatherer
    documents: int
    mentions: int
    relations: int
    statuses: dict
    reviewers: list
    entities: list  # EntityRow, ranked
    zones: list  # ZoneRow, ranked
    people: list  # PersonRow, ranked
    roles: object
    display: dict
    mention_rows: int
    has_zone_sheet: bool
    agreement: str = ""  # "α 0.869 · 비교 문서 12건", with two or more reviewer layers
    undated_left_out: int = 0  # documents without a date that the bounded period left out


def _cell(ws, value, font=None, fill=None, align=None, border=None) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws)
    set_value(cell, value)
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    if align is not None:
        cell.alignment = align
    if border is not None:
        cell.border = border
    return cell


class _Rows:
    """The brief's rows, kept until the end (a write_only sheet is written top to bottom once)."""

    def __init__(self, ws):
        self.ws = ws
        self.rows: list[list] = []
        self.heights: dict[int, float] = {}

    def add(self, *cells) -> int:
        self.rows.append(list(cells))
        return len(self.rows)

    def header(self, *names) -> None:
        self.add(*(_cell(self.ws, n, HEADER_FONT, HEADER_FILL, HEADER_ALIGN, GRID) for n in names))

    def line(self, *values, wrap_widths=()) -> None:
        lines = 1
        cells = []
        for i, value in enumerate(values):
            width = wrap_widths[i] if i < len(wrap_widths) else 0
            cells.append(_cell(self.ws, value, align=WRAP, border=GRID))
            if width and isinstance(value, str):
                lines = max(lines, wrapped_lines(value, width))
        row = self.add(*cells)
        if lines > 1:
            self.heights[row] = lines * LINE_HEIGHT + 3

    def height(self, row: int) -> float:
        return self.heights.get(row, ROW_POINTS if self.rows[row - 1] else GAP_POINTS)

    def points(self, page_start: int) -> float:
        """The height of the rows after row `page_start`, with the title repeated above them on a page after the
        first."""
        return (sum(self.height(r) for r in range(page_start + 1, len(self.rows) + 1))
                + (TITLE_POINTS if page_start else 0))

    def fits(self, page_start: int, more_points: float) -> bool:
        """Whether `more_points` still fit on the page that starts after row `page_start`."""
        return self.points(page_start) + more_points <= PAGE1_POINTS

    def section_title(self, text: str) -> None:
        self.add(_cell(self.ws, text, SECTION_FONT))
        self.heights[len(self.rows)] = SECTION_POINTS

    def chart(self, chart, charts: list, page_start: int) -> int:
        """`chart` under the rows so far, with rows of space for it; a chart that would run over the bottom of
        the page starts the next one. Returns the row the page starts after."""
        if not self.fits(page_start, (chart.height * CM) + ROW_POINTS):
            self.ws.row_breaks.append(Break(id=len(self.rows)))
            page_start = len(self.rows)
        charts.append((chart, f"A{len(self.rows) + 1}"))
        for _ in range(int(chart.height * CM // ROW_POINTS) + 1):
            self.heights[self.add()] = ROW_POINTS
        return page_start

    def write(self) -> None:
        """Every row, each with its height (see ROW_POINTS)."""
        ws = self.ws
        for index, row in enumerate(self.rows, 1):
            ws.row_dimensions[index].height = self.height(index)
            ws.append(row)

    def note(self, text: str, width: float) -> None:
        for part in split_to_width(text, width):
            self.heights[self.add(_cell(self.ws, part, NOTE_FONT))] = NOTE_POINTS


def write_brief(ws, brief: Brief, *, footer_note: str = "") -> None:
    for letter, width in WIDTHS:
        ws.column_dimensions[letter].width = width
    set_print(ws, footer_note=footer_note, header_left=brief.project_name)
    ws.print_title_rows = "1:1"  # the report's title over every page of the summary
    total_width = sum(w for _, w in WIDTHS)
    g = brief.gatherer
    out = _Rows(ws)
    out.add(_cell(ws, REPORT_TITLE, TITLE_FONT))
    out.heights[1] = TITLE_POINTS
    out.add(_cell(ws, f"{brief.project_name} · 작성 {datetime.now().strftime('%Y-%m-%d %H:%M')}", NOTE_FONT))
    for key, value in _facts(brief):
        out.add(_cell(ws, key, BOLD_FONT, align=WRAP, border=GRID), _cell(ws, value, align=WRAP, border=GRID))
        lines = wrapped_lines(value, 40) if isinstance(value, str) else 1
        if lines > 1:
            out.heights[len(out.rows)] = lines * LINE_HEIGHT + 3
    if brief.has_zone_sheet:
        out.add()
        out.section_title("주요 특구")
        out.header("특구", "지역 · 분야", "지정 기관", "기사 수", "언급 수")
        for z in brief.zones[:TOP]:
            out.line(z.name, " · ".join(x for x in (z.regions.joined(), z.fields.joined()) if x), z.bodies.joined(),
                     z.articles.count, z.mentions, wrap_widths=(28, 40, 24))
        if not brief.zones:
            out.line("(관계로 이어진 특구가 없습니다)", "", "", "", "")
    _top_entities(out, brief, "organisation")
    out.add()
    before_notes = len(out.rows)
    for text in _notes(brief):
        out.note(text, total_width)
    # The brief is page 1; people and the charts follow. Notes that would not fit under it open page 2
    # instead of spilling there alone ahead of a forced break.
    fits = out.points(0) <= PAGE1_POINTS
    page_start = len(out.rows) if fits else before_notes
    ws.row_breaks.append(Break(id=page_start))
    if _top_entities(out, brief, "person"):
        out.add()
    charts = []
    months = sorted((m, n) for m, n in g.months.items() if m)
    sections = [("월별 기사 수", "월", "기사 수", months, False, "2E75B6")]
    by_label: dict[str, int] = {}
    for e in brief.entities:
        by_label[brief.display.get(e.label, e.label)] = by_label.get(brief.display.get(e.label, e.label), 0) + e.mentions
    sections.append(("유형별 개체 언급", "개체 유형", "언급 수", list(by_label.items()), True, "C55A11"))
    for title, what, count_header, pairs, horizontal, colour in sections:
        undated = g.months.get("", 0) if title == "월별 기사 수" else 0
        height = max(7.5, 0.55 * len(pairs) + 2) if horizontal else 8
        page_start, height = _start_section(out, page_start, len(pairs) + bool(undated), height if pairs else 0)
        out.section_title(title)
        out.header(what, count_header)
        first = len(out.rows) + 1
        for label, count in pairs:
            out.add(_cell(ws, label, border=GRID), _cell(ws, count, border=GRID))
        if undated:
            out.add(_cell(ws, "날짜 미상", border=GRID), _cell(ws, undated, border=GRID))
        if pairs:  # the chart under its table, as wide as the brief
            chart = bar_chart(ws, title, first, first + len(pairs) - 1, horizontal=horizontal, colour=colour)
            chart.width = CHART_WIDTH_CM
            chart.height = height
            out.add()
            page_start = out.chart(chart, charts, page_start)
    page_start = _timeline_by_name(out, brief, months, charts, page_start)
    for chart, anchor in charts:
        ws.add_chart(chart, anchor)
    out.write()


MIN_CHART_CM = 5.0


def _start_section(out: _Rows, page_start: int, table_rows: int, chart_cm: float) -> tuple[int, float]:
    """Start a section of a table and a chart under it on this page when it fits, else on the next; a chart that
    would not fit on a page of its own with its table is made lower (not below MIN_CHART_CM: then it goes on the
    page after its table). Returns the row the page starts after and the chart's height."""
    table = SECTION_POINTS + (1 + table_rows) * ROW_POINTS
    chart = (chart_cm * CM + 2 * ROW_POINTS) if chart_cm else ROW_POINTS
    if len(out.rows) > page_start and not out.fits(page_start, table + chart):
        out.ws.row_breaks.append(Break(id=len(out.rows)))  # the section would not fit on this page
        page_start = len(out.rows)
    room = PAGE1_POINTS - out.points(page_start) - table - 2 * ROW_POINTS
    if chart_cm and room < chart_cm * CM:
        chart_cm = max(MIN_CHART_CM, room / CM)
    return page_start, chart_cm


TIMELINE_SERIES = 2  # zones and as many organisations in the per-name timeline (columns B-E)
SERIES_COLOURS = ["C00000", "ED7D31", "FFC000", "2E75B6", "548235", "7030A0"]


def _timeline_by_name(out: _Rows, brief: Brief, months: list, charts: list, page_start: int) -> int:
    """Articles per month for the most cited zones and organisations: a table and a clustered chart
    (from two months on: for one month the brief's tables already say it)."""
    if len(months) < 2:
        return page_start
    org_labels = {name for name, r in brief.roles.labels.items() if r == "organisation"}
    orgs = sorted((e for e in brief.entities if e.label in org_labels and e.months),
                  key=lambda e: (-e.articles.count, -e.mentions, e.name))[:TIMELINE_SERIES]
    named = [(z.name, z.months) for z in brief.zones[:TIMELINE_SERIES]] + [(e.name, e.months) for e in orgs]
    if not named:
        return page_start
    ws = out.ws
    page_start, height = _start_section(out, page_start, len(months), 8)
    out.section_title("주요 특구·기관의 월별 기사 수")
    out.header("월", *(name for name, _ in named))
    first = len(out.rows) + 1
    for month, _count in months:
        out.add(_cell(ws, month, border=GRID), *(_cell(ws, counts.get(month, 0), border=GRID) for _, counts in named))
    chart = series_chart(ws, "주요 특구·기관의 월별 기사 수", first, len(out.rows), len(named), SERIES_COLOURS)
    chart.width, chart.height = CHART_WIDTH_CM, height
    out.add()
    return out.chart(chart, charts, page_start)


def _top_entities(out: _Rows, brief: Brief, role: str) -> bool:
    """The most cited organisations or people (by articles, then mentions); False when there are none."""
    ws = out.ws
    labels = {name for name, r in brief.roles.labels.items() if r == role}
    top = sorted((e for e in brief.entities if e.label in labels), key=lambda e: (-e.articles.count, -e.mentions, e.name))
    if not top:
        return False
    out.add()
    if role == "person":
        out.section_title("주요 인물")
        people = {p.name: p for p in brief.people}
        out.header("인물", "직위 · 소속", "다른 이름", "기사 수", "언급 수")
        for e in top[:TOP]:
            p = people.get(e.name)
            detail = " · ".join(x for x in (p.titles.joined(), p.organisations.joined()) if x) if p else ""
            out.line(e.name, detail, e.aliases.joined(), e.articles.count, e.mentions, wrap_widths=(28, 40, 24))
    else:
        out.section_title("주요 기관")
        out.header("기관", "다른 이름", "묶은 근거", "기사 수", "언급 수")
        for e in top[:TOP]:
            rules = "; ".join(RULE_NAMES.get(r, r) for r in e.rules)
            out.line(e.name, e.aliases.joined(), rules, e.articles.count, e.mentions, wrap_widths=(28, 40, 24))
    return True


def _facts(brief: Brief) -> list[tuple[str, object]]:
    g = brief.gatherer
    undated = g.months.get("", 0)
    if g.days:
        period = f"{g.days[0]} ~ {g.days[1]}"
    else:
        period = "기사 날짜가 없습니다"
    if undated:
        period += f" (날짜 미상 {undated}건)"
    if brief.period.bounded:
        period = f"{brief.period.date_from or '처음'} ~ {brief.period.date_to or '끝'} 기간 중 " + period
        if brief.undated_left_out:  # an official must see that the period could not place them
            period += f"; 날짜를 알 수 없는 기사 {brief.undated_left_out}건은 기간에서 제외"
    outlets = [(name, n) for name, n in g.outlets.most_common() if name]
    outlet_text = f"{len(outlets)}곳: " + ", ".join(f"{name} {n}건" for name, n in outlets[:8]) if outlets else "미상"
    if len(outlets) > 8:
        outlet_text += f" 외 {len(outlets) - 8}곳"
    if g.outlets.get(""):
        outlet_text += f" (언론사 미상 {g.outlets['']}건)"
    done = brief.statuses.get("done", 0)
    # the documents not done, each status once (done is said first: "검토 완료 3건; 완료 3" said it twice)
    status_text = ", ".join(f"{STATUS_NAMES[s]} {n}건" for s, n in brief.statuses.items()
                            if n and s in STATUS_NAMES and s != "done")
    return [
        ("기간", period),
        ("언론사", outlet_text),
        ("기사 수", f"{brief.documents}건 (검토 완료 {done}건{'; ' + status_text if status_text else ''})"),
        ("개체", f"언급 {brief.mentions}건, 대표 개체 {len(brief.entities)}개"),
        ("관계", f"{brief.relations}건"),
        ("검토자", ", ".join(brief.reviewers) or "-"),
    ] + ([("검토자 간 일치도", f"{brief.agreement} (‘검토 일치도’ 시트)")] if brief.agreement else [])


def _notes(brief: Brief) -> list[str]:
    g = brief.gatherer
    notes = []
    generic = sum(g.generic_zones.values())
    if brief.has_zone_sheet and generic:
        notes.append(f"특정 특구에 연결되지 않은 일반 명칭 언급 {generic}건(‘특구’, ‘규제자유특구’ 등)은 특구 현황에서 뺐습니다.")
    notes.append("같은 대상을 가리키는 이름(약칭·줄임)은 대표 이름 하나로 묶었습니다: ‘개체’ 시트의 ‘다른 이름’과 ‘묶은 근거’ 참고.")
    notes.append(f"전체 개체 언급 {brief.mention_rows}건은 인쇄되지 않도록 숨긴 시트 ‘개체 언급’에 있습니다"
                 " (시트 탭에서 오른쪽 클릭 → 숨기기 취소).")
    return notes
