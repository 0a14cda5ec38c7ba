"""The Excel report a ministry reads: `write_report(project, out=Path("report.xlsx"))`.

Sheets (Korean names): 요약 (summary with bar charts), 문서, 개체 (entity in its sentence, in bold),
관계, 특구 현황 (zones assembled from relations), 인물·기관. Rows are streamed with openpyxl's write_only
mode, so memory stays flat however many entities there are.
"""

from annotator.io.report.writer import SHEETS, ReportSummary, write_report

__all__ = ["SHEETS", "ReportSummary", "write_report"]
