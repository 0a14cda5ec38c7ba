"""The report's team parts, shown when two or more reviewers' layers exist: the zone table's "검토자 일치"
column and the agreement sheet (검토 일치도).

A zone row agrees with a reviewer when, in every article of the zone that the reviewer covered (marked done,
or labelled in), the reviewer's own layer names the zone with the same key values (region, field, designating
body, designation date) as the row shows for that article. The figures of the agreement sheet are
core.agreement's, on the documents two or more reviewers finished (store.agreement_queries).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from openpyxl.styles import Alignment
from openpyxl.worksheet.pagebreak import Break

from annotator.core.agreement import AgreementReport, compute_agreement
from annotator.io.report.cells import (
    BOLD_FONT, CENTER, GRID, LINE_HEIGHT, NOTE_FONT, TITLE_FONT, WRAP, set_print, wrapped_lines,
)
from annotator.io.report.summary import ROW_POINTS, SECTION_POINTS, TITLE_POINTS, _cell, _Rows
from annotator.store.agreement_queries import agreement_documents, agreement_layers
from annotator.store.report_queries import (
    Period, period_doc_ids, reviewer_counts, reviewers_of,
)

AGREEMENT_SHEET = "검토 일치도"
ZONE_KEYS = ("regions", "fields", "bodies", "dates")  # what a reviewer must share with a zone row to agree
WORST_DOCUMENTS = 10  # the documents most disagreed on, listed for the adjudicator
LEFT = Alignment(wrap_text=True, vertical="top", horizontal="left")  # a fact's value, number or text


@dataclass(slots=True)
class ZoneVotes:
    covering: dict[str, None] = field(default_factory=dict)  # reviewers who covered an article of the zone
    differing: set[str] = field(default_factory=set)  # ... and named it otherwise in one of them

    def text(self) -> str:
        agreeing = [r for r in self.covering if r not in self.differing]
        shown = f"{len(agreeing)}/{len(self.covering)}"
        if self.differing:
            shown += "\n다름: " + ", ".join(r for r in self.covering if r in self.differing)
        return shown


class ZoneAgreement:
    """Per zone row of the report, how many reviewers' layers carry the zone with its key values."""

    def __init__(self, gatherer, reviewers: list[str]):
        self.gatherer = gatherer
        self.reviewers = reviewers
        self.votes: dict[str, ZoneVotes] = {}

    def add_document(self, project, doc, info, spans, relations, links) -> None:
        """`spans` and `relations` are what the report shows for the document (gold, or the layers merged)."""
        if not any(self.gatherer.roles.of(sp.label) == "zone" for sp in spans):
            return
        shown = self.gatherer.document_zones(doc, info, spans, relations, links)
        if not shown:
            return
        every_span = project.spans(doc.id, all_layers=True)
        every_relation = project.relations(doc.id, all_layers=True)
        covering = reviewers_of(project, doc.id)
        for reviewer in self.reviewers:
            if reviewer not in covering:
                continue
            own = self.gatherer.document_zones(
                doc, info, [sp for sp in every_span if sp.layer == reviewer],
                [r for r in every_relation if r.layer == reviewer], links)
            for name, values in shown.items():
                votes = self.votes.setdefault(name, ZoneVotes())
                votes.covering[reviewer] = None
                theirs = own.get(name)
                if theirs is None or any(values.get(k, frozenset()) != theirs.get(k, frozenset()) for k in ZONE_KEYS):
                    votes.differing.add(reviewer)

    def text(self, zone_name: str) -> str:
        votes = self.votes.get(zone_name)
        return votes.text() if votes else "-"


NOTE = ("검토자 일치: 이 특구가 나온 기사를 검토한 검토자 중, 그 기사마다 자기 레이어에서 같은 특구를 같은 지역·분야·지정"
        " 기관·지정 일시로 표시한 검토자 수 / 그 기사를 검토한(완료했거나 표시한) 검토자 수. ‘-’는 이 특구의 기사를"
        " 검토자 아무도 검토하지 않았다는 뜻입니다.")


def team_agreement(project, period: Period, cancel=None) -> AgreementReport | None:
    """Agreement between the reviewer layers on the documents (of the period) two or more of them finished;
    None when there are none. cancel() true stops it (ExportCancelled: the report is not written)."""
    from annotator.io.exporters.writing import ExportCancelled

    chosen = agreement_layers(project)
    if len(chosen) < 2:
        return None
    in_period = period_doc_ids(project, period) if period.bounded else None
    documents = (d for d in agreement_documents(project, chosen, cancel=cancel)
                 if in_period is None or d.doc_id in in_period)
    report = compute_agreement(documents)
    if cancel is not None and cancel():
        raise ExportCancelled()
    return report if report.documents else None


WIDTHS = (("A", 26), ("B", 22), ("C", 13), ("D", 13), ("E", 13), ("F", 16), ("G", 22))
FACT_WIDTH = 22 + 13 + 13  # a fact's value runs over columns B-D (merged)


FIGURE_FORMAT = "0.000"  # every F1, kappa and alpha with three decimals, so a printed column lines up


def _f(value) -> object:
    return "-" if value is None else float(round(value, 3))


def _three_decimals(row: list) -> None:
    """The figures of a written row shown as 0.000 (1 and 0.88 read as 1.000 and 0.880); counts stay integers."""
    for cell in row:
        if isinstance(cell.value, float):
            cell.number_format = FIGURE_FORMAT


def write_agreement_sheet(ws, project, report: AgreementReport, period: Period, display: dict, relation_names: dict,
                          *, footer_note: str = "") -> None:
    """The 검토 일치도 sheet: the figures, per label and pair; the reviewers' counts; documents adjudicated;
    the documents most disagreed on."""
    for letter, width in WIDTHS:
        ws.column_dimensions[letter].width = width
    set_print(ws, footer_note=footer_note)
    ws.print_title_rows = "1:1"
    out = _Rows(ws)
    out.add(_cell(ws, "검토자 간 일치도", TITLE_FONT))
    out.heights[1] = TITLE_POINTS
    compared = report.documents
    in_period = period_doc_ids(project, period) if period.bounded else None
    adjudicated = len(project.adjudicated_ids(in_period))  # the gold layer's own status
    adjudicated_compared = len(project.adjudicated_ids(d["doc_id"] for d in report.per_document))
    facts = [
        ("비교한 검토자", ", ".join(report.layers)),
        ("비교한 문서", f"{compared}건 (둘 이상의 검토자가 완료한 문서)"),
        ("Krippendorff α", _f(report.alpha)),
        ("판정 완료", f"{adjudicated}건 (판정 완료로 표시한 문서; 비교한 문서 {compared}건 중 {adjudicated_compared}건)"),
    ]
    for key, value in facts:
        row = out.add(_cell(ws, key, BOLD_FONT, align=WRAP, border=GRID), _cell(ws, value, align=LEFT, border=GRID),
                      _cell(ws, None, border=GRID), _cell(ws, None, border=GRID))
        ws.merged_cells.add(f"B{row}:D{row}")
        lines = wrapped_lines(str(value), FACT_WIDTH)
        if lines > 1:
            out.heights[row] = lines * LINE_HEIGHT + 3
    out.note("α는 공백이 아닌 글자마다 그 글자를 덮는 유형(없으면 O)을 값으로 한 명목 척도 Krippendorff 알파입니다"
             f" ({_method(report.alpha_method)}). F1 = 2 × 일치 / (양쪽 개체 수 합).", sum(w for _, w in WIDTHS))
    pages = _Pages(out)

    pages.section(len(report.labels) * len(report.pairs) + len(report.pairs) + 3)
    out.section_title("유형별 일치도")
    out.header("유형", "검토자 쌍", "정확 일치 F1", "겹침 일치 F1", "Cohen κ", "Krippendorff α", "개체 수 (왼쪽 / 오른쪽)")
    for label in report.labels:
        for (left, right), pair in report.pairs.items():
            per = pair["exact"]["per_label"].get(label)
            if per is None:
                continue
            over = pair["overlap"]["per_label"][label]
            out.line(display.get(label, label), f"{left} × {right}", _f(per["f1"]), _f(over["f1"]),
                     _f(pair["cohen_kappa_per_label"].get(label)), _f(report.alpha_per_label.get(label)),
                     f"{per['left']} / {per['right']}", wrap_widths=(26, 22))
            out.rows[-1][-1].alignment = CENTER
    for (left, right), pair in report.pairs.items():
        out.line("전체", f"{left} × {right}", _f(pair["exact"]["f1"]), _f(pair["overlap"]["f1"]),
                 _f(pair["cohen_kappa"]), _f(report.alpha), f"{pair['exact']['left']} / {pair['exact']['right']}",
                 wrap_widths=(26, 22))
        out.rows[-1][-1].alignment = CENTER
    relation_rows = [(pair_names, pair["relations"]) for pair_names, pair in report.pairs.items()
                     if pair["relations"]["left"] or pair["relations"]["right"]]
    if relation_rows:
        pages.section(sum(len(rel["per_label"]) + 1 for _, rel in relation_rows) + 3)
        out.section_title("관계 일치도 (머리·꼬리 개체와 관계 유형이 모두 같을 때 일치)")
        out.header("관계", "검토자 쌍", "F1", "일치", "왼쪽", "오른쪽")
        for (left, right), rel in relation_rows:
            for rtype, per in rel["per_label"].items():
                out.line(relation_names.get(rtype, rtype), f"{left} × {right}", _f(per["f1"]), per["matched"],
                         per["left"], per["right"], wrap_widths=(26, 22))
            out.line("전체", f"{left} × {right}", _f(rel["f1"]), rel["matched"], rel["left"], rel["right"],
                     wrap_widths=(26, 22))

    pages.section(len(report.layers) + 3)
    out.section_title("검토자별")
    out.header("검토자", "개체 수", "관계 수", "완료 문서", "진행 중 문서", "비교한 문서")
    compared_by = {name: sum(1 for d in report.per_document if name in d["layers"]) for name in report.layers}
    for counts in reviewer_counts(project, period):
        out.line(counts.layer, counts.entities, counts.relations, counts.done, counts.in_progress,
                 compared_by.get(counts.layer, 0), wrap_widths=(26,))

    worst = [d for d in report.per_document if d["disagreement"] > 0][:WORST_DOCUMENTS]
    if worst:
        pages.section(2 * len(worst) + 4)
        out.section_title("불일치가 큰 문서 (판정할 때 먼저 볼 문서)")
        out.header("문서", "검토자별 개체 수", "불일치", "문서 ID")
        for d in worst:
            counts = ", ".join(f"{name} {n}" for name, n in d["spans"].items())
            out.line(d["title"] or f"(제목 없음 #{d['doc_id']})", counts, _f(d["disagreement"]), d["doc_id"],
                     wrap_widths=(26, 22))
        out.add(_cell(ws, "불일치 = 1 − 검토자 쌍의 정확 일치 F1 평균.", NOTE_FONT))
    for row in out.rows:
        _three_decimals(row)
    out.write()


class _Pages:
    """Page breaks between sections: a section that would not fit on the rest of the page starts the next."""

    def __init__(self, out: _Rows):
        self.out = out
        self.start = 0

    def section(self, rows: int) -> None:
        if not self.out.fits(self.start, SECTION_POINTS + rows * ROW_POINTS) and len(self.out.rows) > self.start:
            self.out.ws.row_breaks.append(Break(id=len(self.out.rows)))
            self.start = len(self.out.rows)
        else:
            self.out.add()


def _method(method: str) -> str:
    return "krippendorff 패키지" if method == "krippendorff package" else "문서별 일치 행렬의 합"
