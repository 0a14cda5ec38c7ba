"""What an official reading the printed report ran into (session 27), checked in the workbook itself:
the agreement sheet's figures printed as 1, 0.88 and 0.909 in one column, and the brief's article count said
"검토 완료 3건; 완료 3" (the done documents twice)."""

from __future__ import annotations

from openpyxl import load_workbook

from annotator.core.model import NewDocument
from annotator.io.report import AGREEMENT_SHEET, write_report
from annotator.store import Project
from tests.io.export_sample import build_sample_project
from tests.io.test_report_team import two_reviewer_project


def _brief(workbook) -> dict:
    facts = {}
    for row in workbook["요약"].iter_rows(values_only=True):
        if row and row[0] and row[0] not in facts:
            facts[row[0]] = row[1]
    return facts


def test_every_agreement_figure_prints_with_three_decimals(tmp_path):
    two_reviewer_project(tmp_path / "team.db")
    with Project.open(tmp_path / "team.db", "reader") as project:
        write_report(project, out=tmp_path / "r.xlsx")
    ws = load_workbook(tmp_path / "r.xlsx")[AGREEMENT_SHEET]
    pair_rows = [row for row in ws.iter_rows() if row[1].value == "kim × lee"]
    f1 = [row[2] for row in pair_rows]  # F1 in every label and relation row; a perfect one is stored as 1
    assert len(f1) >= 8 and any(c.value == 1 for c in f1) and any(0 < c.value < 1 for c in f1)
    assert {c.number_format for c in f1} == {"0.000"}
    label_rows = [row for row in pair_rows if isinstance(row[6].value, str) and " / " in row[6].value]
    kappa_alpha = [c for row in label_rows for c in row[2:6] if isinstance(c.value, (int, float))]
    assert kappa_alpha and {c.number_format for c in kappa_alpha} == {"0.000"}
    alpha = next(row[1] for row in ws.iter_rows() if row[0].value == "Krippendorff α")
    assert alpha.number_format == "0.000"
    matched = [row[3] for row in pair_rows if row[0].value in ("전체", "소속", "위치", "일시") and isinstance(row[3].value, int)]
    assert all(c.number_format == "General" for c in matched)  # counts stay plain


def test_the_article_count_says_each_status_once(tmp_path):
    with Project.open(tmp_path / "all-done.db", "kim") as project:
        ids = project.add_documents([NewDocument(text=f"중기부 {n}번 기사", title=f"기사 {n}") for n in range(3)]).imported
        for doc_id in ids:
            project.set_status(doc_id, "done")
        write_report(project, out=tmp_path / "done.xlsx")
    assert _brief(load_workbook(tmp_path / "done.xlsx"))["기사 수"] == "3건 (검토 완료 3건)"

    project = build_sample_project(tmp_path / "mixed.db")
    (extra,) = project.add_documents([NewDocument("강원 특구 기사", title="추가")]).imported
    project.set_status(extra, "in_progress")
    write_report(project, out=tmp_path / "mixed.xlsx")
    project.close()
    count = _brief(load_workbook(tmp_path / "mixed.xlsx"))["기사 수"]
    assert count.startswith("5건 (검토 완료 4건; ") and "진행 중 1건" in count
    assert "완료 4)" not in count and count.count("완료") == 1
