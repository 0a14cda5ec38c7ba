"""The Excel report a ministry reads: `write_report(project, out=Path("report.xlsx"), period=Period(...))`.

Sheets (Korean names): 요약 (a one-page brief, then a timeline and counts with charts), 특구 현황 (one row per
canonical zone, assembled from relations), 인물·기관, 개체 (one row per canonical entity), 문서, 관계, and
개체 언급 (every mention; hidden, so printing the workbook leaves it out); with two or more reviewer
layers, 검토 일치도 (agreement between them) and a 검토자 일치 column on the zone table. Which label is the zone, the
region ... comes from the scheme's report roles. Rows are streamed with openpyxl's write_only mode, so
memory stays flat however many entities there are.
"""

from annotator.io.report.team import AGREEMENT_SHEET
from annotator.io.report.writer import MENTION_SHEET, SHEETS, ReportSummary, write_report
from annotator.store.report_queries import Period

__all__ = ["AGREEMENT_SHEET", "MENTION_SHEET", "SHEETS", "Period", "ReportSummary", "write_report"]
