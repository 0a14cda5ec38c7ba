"""The Excel report: summary with charts, documents, entities, relations, zones and people."""

from __future__ import annotations

import gc
import sys
import traceback

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet.pagebreak import Break

from annotator.io.exporters.writing import ExportCancelled, atomic_output
from annotator.io.report.cells import (
    BOLD_FONT, GRID, HEADER_ALIGN, HEADER_FILL, HEADER_FONT, SECTION_FONT, TITLE_FONT, Column, SheetWriter,
    highlighted, set_print, set_value, use_korean_default_font,
)
from annotator.io.report.charts import bar_chart
from annotator.io.report.collect import (
    KIWI_MAX_CHARS, STATUS_NAMES, Gatherer, SentenceFinder, document_date, short_time,
)

SHEETS = ("요약", "문서", "개체", "관계", "특구 현황", "인물·기관")
DOC_COLUMNS = [Column("ID", 7, center=True), Column("제목", 46, True), Column("출처", 16, True), Column("날짜", 11),
               Column("상태", 8, center=True), Column("검토자", 10), Column("개체 수", 8, center=True), Column("관계 수", 8, center=True),
               Column("URL", 30, True)]
ENTITY_COLUMNS = [Column("문서 ID", 8, center=True), Column("문서", 30, True), Column("유형", 10), Column("개체", 20, True),
                  Column("문장", 70, True), Column("검토자", 10), Column("시각", 16)]
RELATION_COLUMNS = [Column("문서 ID", 8, center=True), Column("문서", 26, True), Column("머리 개체", 18, True),
                    Column("머리 유형", 10), Column("관계", 9), Column("꼬리 개체", 18, True),
                    Column("꼬리 유형", 10), Column("문장", 60, True)]
ZONE_COLUMNS = [Column("특구", 24, True), Column("지역", 16, True), Column("분야", 18, True),
                Column("지정 기관", 18, True), Column("일시", 14, True), Column("금액", 14, True),
                Column("수치", 16, True), Column("언급 수", 8, center=True), Column("출처 기사", 46, True)]
PEOPLE_COLUMNS = [Column("인물", 14, True), Column("직위", 20, True), Column("소속 기관", 26, True),
                  Column("언급 수", 8, center=True), Column("출처 기사", 60, True)]
SECTION_ROWS = 17  # each summary section is padded to this many rows so its chart does not overlap the next


@dataclass(slots=True)
class ReportSummary:
    out: Path
    documents: int = 0
    entities: int = 0
    relations: int = 0
    zones: int = 0
    people: int = 0
    sheets: dict[str, int] = field(default_factory=dict)  # data rows per sheet (header excluded)
    cancelled: bool = False

    def to_dict(self) -> dict:
        return {"out": str(self.out), "documents": self.documents, "entities": self.entities,
                "relations": self.relations, "zones": self.zones, "people": self.people,
                "sheets": dict(self.sheets), "cancelled": self.cancelled}


def write_report(project, *, out: Path, progress=None, cancel=None) -> ReportSummary:
    """Write the report to `out` (.xlsx), streaming rows (write_only) so memory stays flat.
    progress(fraction, message) reports; cancel() -> True stops and leaves no file behind."""
    summary = ReportSummary(Path(out))
    workbook = None
    hook, held = sys.unraisablehook, []
    sys.unraisablehook = held.append  # see _collect_quietly
    try:
        with atomic_output(summary.out) as tmp:
            workbook = Workbook(write_only=True)
            use_korean_default_font(workbook)
            try:
                _fill(workbook, project, summary, progress, cancel)
            finally:
                workbook.save(tmp)  # also removes openpyxl's per-sheet temporary files
    except ExportCancelled:
        summary.cancelled = True
    except OSError as exc:  # a full disk: one message, not pages of lxml "Exception ignored"
        traceback.clear_frames(exc.__traceback__)
        workbook = None
        gc.collect()
        held.clear()  # the half-closed zip and lxml writers complaining as they are freed
        raise exc.with_traceback(None) from None
    finally:
        sys.unraisablehook = hook
        for unraisable in held:
            hook(unraisable)
    return summary


def _fill(workbook, project, summary: ReportSummary, progress, cancel) -> None:
    scheme = project.scheme()
    entity_names = {e.name: e.display or e.name for e in scheme.entities}
    relation_names = {r.name: r.display or r.name for r in scheme.relations}
    stats = project.stats()
    _summary_sheet(workbook, project, stats, entity_names, relation_names)
    docs = SheetWriter(workbook, "문서", DOC_COLUMNS, table_name="문서목록")
    entities = SheetWriter(workbook, "개체", ENTITY_COLUMNS, table_name="개체목록")
    relations = SheetWriter(workbook, "관계", RELATION_COLUMNS, table_name="관계목록")
    gatherer = Gatherer()
    total = stats["documents"] or 1
    use_kiwi = _total_chars(project) <= KIWI_MAX_CHARS
    step = max(1, total // 200)
    for n, doc in enumerate(project.iter_documents(verify=True), 1):
        if cancel is not None and cancel():
            raise ExportCancelled()
        spans, rels = project.spans(doc.id), project.relations(doc.id)
        text = doc.text
        finder = SentenceFinder(text, use_kiwi) if spans else None
        reviewers = sorted({sp.reviewer for sp in spans} | {r.reviewer for r in rels})
        docs.append([doc.id, doc.title, doc.source, document_date(doc), STATUS_NAMES.get(project.status(doc.id), ""),
                     ", ".join(reviewers), len(spans), len(rels), doc.url])
        for sp in spans:
            sentence, at = finder.around(sp.start, sp.end)
            entities.append([doc.id, doc.title, entity_names.get(sp.label, sp.label), text[sp.start:sp.end],
                             highlighted(sentence, sp.start - at, sp.end - at), sp.reviewer,
                             short_time(sp.created_at)])
        by_id = {sp.id: sp for sp in spans}
        for rel in rels:
            head, tail = by_id.get(rel.head_id), by_id.get(rel.tail_id)
            if head is None or tail is None:
                continue
            sentence, at = finder.around(head.start, head.end)
            if not (at <= tail.start and tail.end <= at + len(sentence)):
                sentence = sentence + " … " + finder.around(tail.start, tail.end)[0]
            relations.append([doc.id, doc.title, text[head.start:head.end], entity_names.get(head.label, head.label),
                              relation_names.get(rel.label, rel.label), text[tail.start:tail.end],
                              entity_names.get(tail.label, tail.label), sentence])
        gatherer.add_document(doc.title, text, spans, rels)
        summary.documents += 1
        summary.entities += len(spans)
        summary.relations += len(rels)
        if progress and n % step == 0:
            progress(0.95 * n / total, f"보고서 작성 {n}/{total}")
    for sheet in (docs, entities, relations):
        sheet.close()
    zones = SheetWriter(workbook, "특구 현황", ZONE_COLUMNS, table_name="특구현황")
    for z in gatherer.zones.values():
        zones.append([z.name, z.regions.joined(), z.fields.joined(), z.bodies.joined(), z.dates.joined(),
                      z.amounts.joined(), z.figures.joined(), z.mentions, z.articles.joined("\n")])
    zones.close()
    people = SheetWriter(workbook, "인물·기관", PEOPLE_COLUMNS, table_name="인물기관")
    for p in gatherer.people.values():
        people.append([p.name, p.titles.joined(), p.organisations.joined(), p.mentions, p.articles.joined("\n")])
    people.close()
    summary.zones, summary.people = zones.rows, people.rows
    summary.sheets = {"요약": 0, "문서": docs.rows, "개체": entities.rows, "관계": relations.rows,
                      "특구 현황": zones.rows, "인물·기관": people.rows}
    if progress:
        progress(1.0, "보고서 저장")


def _total_chars(project) -> int:
    row = project.conn.execute("SELECT COALESCE(SUM(LENGTH(text)), 0) FROM documents").fetchone()
    return int(row[0])


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


def _summary_sheet(workbook, project, stats, entity_names, relation_names) -> None:
    ws = workbook.create_sheet("요약")
    for letter, width in (("A", 20), ("B", 30), ("C", 3)):
        ws.column_dimensions[letter].width = width
    set_print(ws)
    rows: list[list] = []
    name = project.get_meta("name") or Path(project.path).stem
    rows.append([_cell(ws, "지역혁신 뉴스 주석 보고서", TITLE_FONT)])
    rows.append([])
    facts = [("프로젝트", name), ("작성일", datetime.now().strftime("%Y-%m-%d %H:%M")),
             ("검토자", ", ".join(project.reviewers())), ("문서 수", stats["documents"]),
             ("개체 수", stats["spans"]), ("관계 수", stats["relations"])]
    for key, value in facts:
        rows.append([_cell(ws, key, BOLD_FONT, border=GRID), _cell(ws, value, border=GRID)])
    rows.append([])
    sections = [
        ("상태별 문서", "상태", "문서 수", [(STATUS_NAMES[s], n) for s, n in stats["by_status"].items()], False, "2E75B6"),
        ("유형별 개체", "개체 유형", "개체 수", [(entity_names.get(k, k), n) for k, n in stats["by_label"].items()], True, "C55A11"),
        ("유형별 관계", "관계 유형", "관계 수", [(relation_names.get(k, k), n) for k, n in stats["by_relation"].items()], True,
         "548235"),
    ]
    charts = []
    for title, what, count_header, pairs, horizontal, colour in sections:
        top = len(rows) + 1
        rows.append([_cell(ws, title, SECTION_FONT)])
        rows.append([_cell(ws, what, HEADER_FONT, HEADER_FILL, HEADER_ALIGN, GRID),
                     _cell(ws, count_header, HEADER_FONT, HEADER_FILL, HEADER_ALIGN, GRID)])
        first = len(rows) + 1
        for label, count in pairs:
            rows.append([_cell(ws, label, border=GRID), _cell(ws, count, border=GRID)])
        if pairs:
            chart = bar_chart(ws, title, first, len(rows), horizontal=horizontal, colour=colour)
            chart.height = max(7.5, 0.55 * len(pairs) + 2)
            charts.append((chart, f"D{top}"))
        while len(rows) < top - 1 + max(SECTION_ROWS, len(pairs) + 4):
            rows.append([])
        ws.row_breaks.append(Break(id=len(rows)))  # one section (table and chart) per printed page
    for chart, anchor in charts:
        ws.add_chart(chart, anchor)
    for row in rows:
        ws.append(row)
