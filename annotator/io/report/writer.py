"""The Excel report: a one-page brief with a timeline, the zone table, people, canonical entities,
documents, relations, and the full mention list (hidden, so printing the workbook leaves it out)."""

from __future__ import annotations

import errno
import gc
import os
import sys
import traceback

from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook

try:
    from lxml.etree import SerialisationError as _SerialisationError  # openpyxl writes sheets with lxml when it is there
except ImportError:  # pragma: no cover - without lxml openpyxl's own writer raises OSError
    _SerialisationError = OSError

from annotator.core.article_meta import source_name
from annotator.io.exporters.writing import ExportCancelled, atomic_output
from annotator.io.report.cells import Column, SheetWriter, highlighted, use_korean_default_font
from annotator.io.report.collect import KIWI_MAX_CHARS, STATUS_NAMES, SentenceFinder, short_time
from annotator.io.report.gather import Gatherer, Roles
from annotator.io.report.summary import Brief, write_brief
from annotator.io.report.team import AGREEMENT_SHEET, NOTE as ZONE_AGREEMENT_NOTE, ZoneAgreement, team_agreement, \
    write_agreement_sheet
from annotator.store.report_queries import Period, period_totals, report_documents, reviewer_layer_names, \
    reviewers_of, team_status, undated_documents

MENTION_SHEET = "개체 언급"
CONTEXT_CHARS = 140  # of the first context on the entity sheet: two or three lines
RELATION_CONTEXT_CHARS = 200
VALUE_ROLES = ("date", "amount", "figure", "title")  # values, not actors: listed with the mentions only
SHEETS = ("요약", "특구 현황", "인물·기관", "개체", "문서", "관계", MENTION_SHEET)  # and AGREEMENT_SHEET for a team
DOC_COLUMNS = [Column("ID", 6, center=True), Column("날짜", 16, center=True, date=True), Column("언론사", 14, True),
               Column("제목", 50, True), Column("상태", 8, center=True), Column("검토자", 10, True),
               Column("개체 수", 7, center=True),
               Column("관계 수", 7, center=True), Column("날짜·언론사 출처", 22, True), Column("URL", 30, True, link=True)]
ENTITY_COLUMNS = [Column("유형", 9), Column("대표 이름", 22, True), Column("다른 이름", 20, True),
                  Column("언급 수", 7, center=True), Column("기사 수", 7, center=True), Column("묶은 근거", 14, True),
                  Column("첫 문맥", 62, True), Column("첫 기사", 30, True)]
MENTION_COLUMNS = [Column("문서 ID", 8, center=True), Column("날짜", 11, center=True, date=True), Column("문서", 30, True),
                   Column("유형", 9), Column("개체", 20, True), Column("대표 이름", 20, True), Column("문장", 70, True),
                   Column("검토자", 10), Column("시각", 16)]
RELATION_COLUMNS = [Column("문서 ID", 8, center=True), Column("문서", 26, True), Column("머리 개체", 18, True),
                    Column("머리 유형", 9), Column("관계", 8), Column("꼬리 개체", 18, True),
                    Column("꼬리 유형", 9), Column("문장", 62, True)]
ZONE_COLUMNS = [Column("특구", 24, True), Column("지역", 12, True), Column("분야", 16, True),
                Column("지정 기관", 18, True), Column("지정 일시", 16, True), Column("금액", 13, True),
                Column("수치", 15, True), Column("언급 수", 7, center=True), Column("출처 기사 (언론사 · 날짜 · 제목)", 46, True)]
ZONE_AGREEMENT_COLUMN = Column("검토자 일치", 11, True)  # with two or more reviewer layers
PEOPLE_COLUMNS = [Column("인물", 12, True), Column("직위", 18, True), Column("소속 기관", 26, True),
                  Column("언급 수", 7, center=True), Column("기사 수", 7, center=True),
                  Column("출처 기사 (언론사 · 날짜 · 제목)", 60, True)]


@dataclass(slots=True)
class ReportSummary:
    out: Path
    documents: int = 0
    entities: int = 0  # mentions
    canonical: int = 0  # canonical entities
    relations: int = 0
    zones: int = 0
    people: int = 0
    generic_zone_mentions: int = 0
    sheets: dict[str, int] = field(default_factory=dict)  # data rows per sheet (header excluded)
    cancelled: bool = False
    agreement: dict | None = None  # layers, documents compared and alpha, with two or more reviewer layers
    undated_left_out: int = 0  # documents without a date that a bounded period left out

    def to_dict(self) -> dict:
        return {"out": str(self.out), "documents": self.documents, "entities": self.entities,
                "canonical_entities": self.canonical, "relations": self.relations, "zones": self.zones,
                "people": self.people, "generic_zone_mentions": self.generic_zone_mentions,
                "sheets": dict(self.sheets), "cancelled": self.cancelled,
                "undated_left_out": self.undated_left_out,
                **({"agreement": self.agreement} if self.agreement is not None else {})}


def write_report(project, *, out: Path, period: Period | None = None, progress=None, cancel=None) -> ReportSummary:
    """Write the report of the documents published in `period` (default: all) to `out` (.xlsx), streaming
    rows (write_only) so memory stays flat. progress(fraction, message) reports; cancel() -> True stops
    and leaves no file behind."""
    summary = ReportSummary(Path(out))
    period = period or Period()
    workbook = None
    hook, held = sys.unraisablehook, []
    sys.unraisablehook = held.append  # see _collect_quietly
    try:
        with atomic_output(summary.out) as tmp:
            workbook = Workbook(write_only=True)
            use_korean_default_font(workbook)
            try:
                _fill(workbook, project, period, summary, progress, cancel)
            finally:
                workbook.save(tmp)  # also removes openpyxl's per-sheet temporary files
    except ExportCancelled:
        summary.cancelled = True
    except (OSError, _SerialisationError) as exc:  # a full disk: one message, not pages of lxml "Exception ignored"
        if not isinstance(exc, OSError) or not exc.filename:  # lxml's "IO_ENOSPC" in a sheet's temporary file
            exc = _as_os_error(exc, summary.out)
        chained = exc
        while chained is not None:  # the save in `finally` failing too: the first error's frames hold the zip
            traceback.clear_frames(chained.__traceback__)
            chained = chained.__context__
        exc.__context__ = None
        workbook = None
        gc.collect()
        held.clear()  # the half-closed zip and lxml writers complaining as they are freed
        raise exc.with_traceback(None) from None
    finally:
        sys.unraisablehook = hook
        for unraisable in held:
            hook(unraisable)
    return summary


def _as_os_error(exc: BaseException, out: Path) -> OSError:
    """The error as an OSError naming the report (the CLI says "OUT: file too large", or "disk full ... OUT")."""
    code = exc.errno if isinstance(exc, OSError) and exc.errno else getattr(errno, str(exc).removeprefix("IO_"), errno.EIO)
    error = OSError(code, os.strerror(code), str(out))
    error.__context__ = exc
    return error


def _fill(workbook, project, period: Period, summary: ReportSummary, progress, cancel) -> None:
    scheme = project.scheme()
    roles = Roles.from_scheme(scheme)
    display = {e.name: e.display or e.name for e in scheme.entities}
    relation_names = {r.name: r.display or r.name for r in scheme.relations}
    total, chars = period_totals(project, period)
    summary.undated_left_out = undated_documents(project) if period.bounded else 0
    note = _period_text(period)
    brief_ws = workbook.create_sheet("요약")  # first in the workbook; filled once everything is counted
    team = reviewer_layer_names(project)
    team = team if len(team) >= 2 else []
    zone_sheet = SheetWriter(workbook, "특구 현황", ZONE_COLUMNS + ([ZONE_AGREEMENT_COLUMN] if team else []),
                             table_name="특구현황", footer_note=note) if roles.has("zone") else None
    people_sheet = SheetWriter(workbook, "인물·기관", PEOPLE_COLUMNS, table_name="인물기관", footer_note=note) \
        if roles.has("person") else None
    entity_sheet = SheetWriter(workbook, "개체", ENTITY_COLUMNS, table_name="개체목록", footer_note=note)
    docs = SheetWriter(workbook, "문서", DOC_COLUMNS, table_name="문서목록", footer_note=note)
    relations = SheetWriter(workbook, "관계", RELATION_COLUMNS, table_name="관계목록", footer_note=note)
    if team and progress:
        progress(0.0, "검토자 간 일치도 계산")  # before the documents: its sheet is created in sheet order
    agreement = team_agreement(project, period, cancel) if team else None
    agreement_ws = workbook.create_sheet(AGREEMENT_SHEET) if agreement is not None else None
    mentions = SheetWriter(workbook, MENTION_SHEET, MENTION_COLUMNS, table_name="개체언급", footer_note=note)
    mentions.ws.sheet_state = "hidden"  # 1,000,000 rows are for filtering on screen, not for printing
    gatherer = Gatherer(roles, project.catalogue_lookup())
    zone_votes = ZoneAgreement(gatherer, team) if team and zone_sheet is not None else None
    use_kiwi = chars <= KIWI_MAX_CHARS
    step = max(1, total // 200)
    statuses: dict[str, int] = {}
    reviewers: set[str] = set()
    for n, (doc, info) in enumerate(report_documents(project, period), 1):  # texts checked against their sha256
        if cancel is not None and cancel():
            raise ExportCancelled()
        spans, rels = project.spans(doc.id), project.relations(doc.id)
        text = doc.text
        finder = SentenceFinder(text, use_kiwi) if spans else None
        names = sorted(({sp.reviewer for sp in spans} | {r.reviewer for r in rels}
                        | (reviewers_of(project, doc.id) if team else set())) - {""})  # a team: everyone who
        # reviewed it; "" is an imported label taken over unattributed, no reviewer
        reviewers.update(names)
        status = team_status(project, doc.id) if team else project.status(doc.id)  # a team: the furthest one
        statuses[status] = statuses.get(status, 0) + 1
        docs.append([doc.id, info.published, info.outlet, doc.title, STATUS_NAMES.get(status, ""), ", ".join(names),
                     len(spans), len(rels), _provenance(info), doc.url])
        links = project.span_links(doc.id)
        canon = gatherer.add_document(doc, info, spans, rels, links, finder)
        if zone_votes is not None:
            zone_votes.add_document(project, doc, info, spans, rels, links)
        for sp in spans:
            sentence, at = finder.around(sp.start, sp.end)
            mentions.append([doc.id, info.day, doc.title, display.get(sp.label, sp.label), text[sp.start:sp.end],
                             canon[sp.id].name, highlighted(sentence, sp.start - at, sp.end - at), sp.reviewer,
                             short_time(sp.created_at)])
        by_id = {sp.id: sp for sp in spans}
        for rel in rels:
            head, tail = by_id.get(rel.head_id), by_id.get(rel.tail_id)
            if head is None or tail is None:
                continue
            sentence, at = finder.around(head.start, head.end)
            if not (at <= tail.start and tail.end <= at + len(sentence)):
                sentence = sentence + " … " + finder.around(tail.start, tail.end)[0]
            sentence = highlighted(sentence, head.start - at, head.end - at, window=RELATION_CONTEXT_CHARS)
            relations.append([doc.id, doc.title, text[head.start:head.end], display.get(head.label, head.label),
                              relation_names.get(rel.label, rel.label), text[tail.start:tail.end],
                              display.get(tail.label, tail.label), sentence])
        summary.documents += 1
        summary.entities += len(spans)
        summary.relations += len(rels)
        if progress and n % step == 0:
            progress(0.9 * n / max(total, 1), f"보고서 작성 {n}/{total}")
    gatherer.finish()
    for sheet in (docs, relations, mentions):
        sheet.close()
    ranked = _write_entities(entity_sheet, gatherer, scheme, display)
    zones = _write_zones(zone_sheet, gatherer, zone_votes) if zone_sheet else []
    people = _write_people(people_sheet, gatherer) if people_sheet else []
    summary.canonical, summary.zones, summary.people = entity_sheet.rows, len(zones), len(people)
    summary.generic_zone_mentions = sum(gatherer.generic_zones.values())
    write_brief(brief_ws, Brief(
        project_name=project.get_meta("name") or Path(project.path).stem, period=period, gatherer=gatherer,
        documents=summary.documents, mentions=summary.entities, relations=summary.relations, statuses=statuses,
        reviewers=sorted(reviewers | set(team)), entities=ranked, zones=zones, people=people, roles=roles, display=display,
        mention_rows=mentions.rows, has_zone_sheet=zone_sheet is not None, undated_left_out=summary.undated_left_out,
        agreement=_agreement_text(agreement)), footer_note=note)
    if agreement_ws is not None:
        write_agreement_sheet(agreement_ws, project, agreement, period, display, relation_names, footer_note=note)
    if agreement is not None:
        summary.agreement = {"layers": agreement.layers, "documents": agreement.documents,
                             "krippendorff_alpha": agreement.to_dict()["krippendorff_alpha"]}
    summary.sheets = {"요약": 0}
    for sheet in (zone_sheet, people_sheet, entity_sheet, docs, relations, mentions):
        if sheet is not None:
            summary.sheets[sheet.ws.title] = sheet.rows
    if agreement_ws is not None:
        summary.sheets[AGREEMENT_SHEET] = agreement.documents
    if progress:
        progress(1.0, "보고서 저장")


def _agreement_text(agreement) -> str:
    if agreement is None:
        return ""
    alpha = "-" if agreement.alpha is None else f"{agreement.alpha:.3f}"
    return f"α {alpha} · 비교 문서 {agreement.documents}건"


def _period_text(period: Period) -> str:
    if not period.bounded:
        return ""
    return f"기간 {period.date_from or '처음'} ~ {period.date_to or '끝'}"


def _provenance(info) -> str:
    parts = []
    if info.published:
        parts.append(f"날짜: {_source_words(info.published_source)}")
    if info.outlet:
        parts.append(f"언론사: {_source_words(info.outlet_source)}")
    return "\n".join(parts)


def _source_words(code: str) -> str:
    """Where a date or outlet came from, in Korean for the report ("meta:published" was printed as
    "meta.published"); the key stays, as the file or page names it."""
    if code.startswith("meta:"):
        return f"파일 메타데이터({code[5:]})"
    if code.startswith("html:"):
        return f"HTML 메타 태그({code[5:]})"
    return source_name(code)


def _write_entities(sheet: SheetWriter, gatherer: Gatherer, scheme, display) -> list:
    """One row per canonical entity, by label (scheme order) and then most mentioned first."""
    order = {e.name: i for i, e in enumerate(scheme.entities)}
    values = {e.name for e in scheme.entities if e.role in VALUE_ROLES}
    ranked = sorted((r for r in gatherer.entities.values() if r.label not in values),
                    key=lambda r: (order.get(r.label, len(order)), -r.articles.count, -r.mentions, r.name))
    from annotator.core.canonical import RULE_NAMES

    for row in ranked:
        context, first = "", ""
        if row.context is not None:
            sentence, start, end, first = row.context
            context = highlighted(sentence, start, end, window=CONTEXT_CHARS)
        aliases = row.aliases.joined(width=ENTITY_COLUMNS[2].width)
        sheet.append([display.get(row.label, row.label), row.name, aliases, row.mentions, row.articles.count,
                      "; ".join(RULE_NAMES.get(r, r) for r in row.rules), context, first])
    left_out = [display.get(e.name, e.name) for e in scheme.entities if e.name in values]
    sheet.close(notes=[f"값인 유형({', '.join(left_out)})은 이 표에서 빼고 숨긴 시트 ‘{MENTION_SHEET}’에 두었습니다."]
                if left_out else [])
    return ranked


def _write_zones(sheet: SheetWriter, gatherer: Gatherer, votes: ZoneAgreement | None = None) -> list:
    zones = sorted(gatherer.zones.values(), key=lambda z: (-z.articles.count, -z.mentions, z.name))
    for z in zones:
        width = [c.width for c in ZONE_COLUMNS]
        sheet.append([z.name, z.regions.joined(width=width[1]), z.fields.joined(width=width[2]),
                      z.bodies.joined(width=width[3]), z.dates.joined(width=width[4]), z.amounts.joined(width=width[5]),
                      z.figures.joined(width=width[6]), z.mentions, z.articles.text(width[8]),
                      *([votes.text(z.name)] if votes is not None else [])])
    notes = [ZONE_AGREEMENT_NOTE] if votes is not None else []
    if gatherer.generic_zones:
        counted = ", ".join(f"{name} {n}" for name, n in gatherer.generic_zones.most_common())
        notes.append(f"특정 특구에 연결되지 않은 일반 명칭 언급 {sum(gatherer.generic_zones.values())}건은 표에서 뺐습니다"
                     f" ({counted}). 앱의 개체 목록에서 특구에 연결하면 표에 들어갑니다.")
    derived = [z.name for z in zones if z.from_name]
    if derived:
        notes.append(f"관계가 없는 지역·분야는 특구 이름에서 읽었습니다: {', '.join(derived[:10])}"
                     + (f" 외 {len(derived) - 10}곳" if len(derived) > 10 else "") + ".")
    sheet.close(notes=notes)
    return zones


def _write_people(sheet: SheetWriter, gatherer: Gatherer) -> list:
    people = sorted(gatherer.people.values(), key=lambda p: (-p.articles.count, -p.mentions, p.name))
    for p in people:
        sheet.append([p.name, p.titles.joined(width=PEOPLE_COLUMNS[1].width),
                      p.organisations.joined(width=PEOPLE_COLUMNS[2].width), p.mentions, p.articles.count,
                      p.articles.text(PEOPLE_COLUMNS[5].width)])
    sheet.close()
    return people
