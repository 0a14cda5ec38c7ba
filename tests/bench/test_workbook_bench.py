"""The report benchmark runs at a small scale and reports the team report's figures beside the plain one."""

from __future__ import annotations

from annotator.bench import workbook


def test_plain_and_team_report_figures():
    figures = workbook.run(scale=100)
    assert figures["workbook_entity_rows"] == 100
    assert figures["workbook_seconds"] > 0 and figures["workbook_team_seconds"] > 0
    assert figures["workbook_team_rss_mb"] > 0

