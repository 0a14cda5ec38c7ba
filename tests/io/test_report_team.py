"""The report's team parts on a two-reviewer project: the zone table's 검토자 일치 column and the 검토 일치도
sheet (figures from core.agreement, hand-checked here); neither appears with one reviewer."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from annotator.core.agreement import compute_agreement
from annotator.core.model import NewDocument
from annotator.io.report import AGREEMENT_SHEET, MENTION_SHEET, Period, write_report
from annotator.store import Project
from annotator.store.agreement_queries import agreement_documents, agreement_layers

ONE = "중소벤처기업부는 1일 충북을 스마트안전 제어 규제자유특구로 지정했다."
TWO = "정부는 3일 전남을 e-모빌리티 규제자유특구로 지정했다."
THREE = "정부는 경북을 차세대 배터리 특구로 확대했다."


def _at(text: str, word: str) -> tuple[int, int]:
    start = text.index(word)
    return start, start + len(word)


def _label_zone(project, doc_id, text, zone, region, date=None, body=None):
    z = project.add_span(doc_id, *_at(text, zone), "ZONE")
    loc = project.add_span(doc_id, *_at(text, region), "LOC")
    project.add_relation(z.id, loc.id, "located_in")
    if date:
        d = project.add_span(doc_id, *_at(text, date), "DATE")
        project.add_relation(z.id, d.id, "on_date")
    if body:
        org = project.add_span(doc_id, *_at(text, body), "ORG")
        project.add_relation(org.id, z.id, "designates")


def two_reviewer_project(path):
    """kim and lee both finish ONE and TWO; only kim THREE. On ONE lee leaves out the date, on TWO they agree."""
    with Project.open(path, "kim") as project:
        ids = project.add_documents([NewDocument(text=ONE, title="충북 특구"), NewDocument(text=TWO, title="전남 특구"),
                                     NewDocument(text=THREE, title="경북 특구")]).imported
        _label_zone(project, ids[0], ONE, "스마트안전 제어 규제자유특구", "충북", date="1일", body="중소벤처기업부")
        _label_zone(project, ids[1], TWO, "e-모빌리티 규제자유특구", "전남", date="3일")
        _label_zone(project, ids[2], THREE, "차세대 배터리 특구", "경북")
        for doc_id in ids:
            project.set_status(doc_id, "done")
        project.set_reviewer("lee")
        _label_zone(project, ids[0], ONE, "스마트안전 제어 규제자유특구", "충북", body="중소벤처기업부")
        _label_zone(project, ids[1], TWO, "e-모빌리티 규제자유특구", "전남", date="3일")
        project.set_status(ids[0], "done")
        project.set_status(ids[1], "done")
    return ids


@pytest.fixture(scope="module")
def team_report(tmp_path_factory):
    folder = tmp_path_factory.mktemp("team")
    ids = two_reviewer_project(folder / "team.db")
    with Project.open(folder / "team.db", "reader") as project:
        summary = write_report(project, out=folder / "report.xlsx")
        expected = compute_agreement(agreement_documents(project, agreement_layers(project))).to_dict()
    return summary, load_workbook(folder / "report.xlsx"), expected, ids


def _rows(ws):
    return list(ws.iter_rows(values_only=True))


def test_zone_rows_say_how_many_reviewers_agree(team_report):
    _, workbook, _, _ = team_report
    rows = _rows(workbook["특구 현황"])
    header = rows[0]
    assert header[-1] == "검토자 일치"
    column = header.index("검토자 일치")
    zones = {r[0]: r for r in rows[1:] if r[7] is not None}
    one = zones["스마트안전 제어 규제자유특구"]
    assert (one[1], one[3], one[4]) == ("충북", "중소벤처기업부", "1일")  # the row shows kim's date ...
    assert one[column] == "1/2\n다름: lee"  # ... which lee left out
    assert zones["e-모빌리티 규제자유특구"][column] == "2/2"
    assert zones["차세대 배터리 특구"][column] == "1/1"  # only kim reviewed that article
    notes = [r[0] for r in rows[1:] if r[7] is None and r[0]]
    assert any(n.startswith("검토자 일치:") for n in notes)


def test_agreement_sheet_has_the_figures_of_core_agreement(team_report):
    summary, workbook, expected, ids = team_report
    assert workbook.sheetnames[-2:] == [AGREEMENT_SHEET, MENTION_SHEET]
    ws = workbook[AGREEMENT_SHEET]
    rows = _rows(ws)
    assert rows[0][0] == "검토자 간 일치도"
    facts = {r[0]: r[1] for r in rows[1:6] if r[0]}
    assert facts["비교한 검토자"] == "kim, lee"
    assert facts["비교한 문서"].startswith("2건")  # THREE only kim finished
    assert facts["Krippendorff α"] == pytest.approx(expected["krippendorff_alpha"], abs=1e-3)
    assert facts["판정 완료"].startswith("0건")
    relations_at = next(i for i, r in enumerate(rows) if r[0] and str(r[0]).startswith("관계 일치도"))
    by_label = {(r[0], r[1]): r for r in rows[:relations_at] if r[1] == "kim × lee"}
    by_relation = {r[0]: r for r in rows[relations_at:] if r[1] == "kim × lee"}
    # kim: 2 ZONE, 2 LOC, 2 DATE, 1 ORG; lee: 2 ZONE, 2 LOC, 1 DATE, 1 ORG, all of lee's also kim's
    assert by_label[("날짜", "kim × lee")][2:4] == (pytest.approx(2 / 3, abs=1e-3), pytest.approx(2 / 3, abs=1e-3))
    assert by_label[("날짜", "kim × lee")][6] == "2 / 1"
    assert by_label[("특구", "kim × lee")][2] == 1
    total = by_label[("전체", "kim × lee")]
    assert total[2] == pytest.approx(2 * 6 / (7 + 6), abs=1e-3) == pytest.approx(expected["pairs"][0]["exact"]["f1"], abs=1e-3)
    assert total[5] == pytest.approx(expected["krippendorff_alpha"], abs=1e-3)
    # relations: kim 5 (ONE: located_in, on_date, designates; TWO: located_in, on_date), lee 4, 4 shared
    assert by_relation["전체"][2:6] == (pytest.approx(8 / 9, abs=1e-3), 4, 5, 4)
    reviewers = {r[0]: r for r in rows if r[0] in ("kim", "lee")}
    assert reviewers["kim"][1:6] == (7 + 2, 5 + 1, 3, 0, 2)  # THREE adds a ZONE, a LOC and their relation
    assert reviewers["lee"][1:6] == (6, 4, 2, 0, 2)
    worst = [r for r in rows if r[0] == "충북 특구"]
    assert worst and worst[0][3] == ids[0]
    assert summary.agreement["documents"] == 2 and summary.sheets[AGREEMENT_SHEET] == 2
    assert summary.to_dict()["agreement"] == {"layers": ["kim", "lee"], "documents": 2,
                                              "krippendorff_alpha": expected["krippendorff_alpha"]}  # report --json
    brief = {r[0]: r[1] for r in _rows(workbook["요약"]) if r and r[0]}
    assert brief["기사 수"].startswith("3건 (검토 완료 3건")  # the report runs as nobody in particular
    documents = {r[3]: r for r in _rows(workbook["문서"])[1:]}
    assert documents["전남 특구"][4:6] == ("완료", "kim, lee") and documents["경북 특구"][5] == "kim"
    assert brief["검토자"] == "kim, lee"
    assert brief["검토자 간 일치도"] == f"α {expected['krippendorff_alpha']:.3f} · 비교 문서 2건 (‘검토 일치도’ 시트)"


def test_agreement_sheet_is_print_ready(team_report):
    _, workbook, _, _ = team_report
    ws = workbook[AGREEMENT_SHEET]
    assert ws.print_title_rows == "$1:$1"
    assert ws.oddHeader.right.text == "&A" and "&P" in ws.oddFooter.center.text
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws.sheet_properties.pageSetUpPr.fitToPage


def test_adjudicated_documents_and_zone_rows_follow_the_gold_layer(tmp_path):
    path = tmp_path / "team.db"
    ids = two_reviewer_project(path)
    with Project.open(path, "judge") as project:
        project.take_layer(ids[0], "lee")  # ONE's gold is lee's version (no date), still in progress
        project.take_layer(ids[1], "kim")
        project.set_gold_status(ids[1], "adjudicated")
        write_report(project, out=tmp_path / "r.xlsx")
    workbook = load_workbook(tmp_path / "r.xlsx")
    facts = {r[0]: r[1] for r in _rows(workbook[AGREEMENT_SHEET])[1:6] if r[0]}
    assert facts["판정 완료"] == "1건 (판정 완료로 표시한 문서; 비교한 문서 2건 중 1건)"
    zones = {r[0]: r for r in _rows(workbook["특구 현황"])[1:] if r[7] is not None}
    # the rows are gold's where it exists: ONE's zone has no date now, which kim gave
    one = zones["스마트안전 제어 규제자유특구"]
    assert one[4] is None and one[-1] == "1/2\n다름: kim"
    assert zones["e-모빌리티 규제자유특구"][-1] == "2/2"


def test_a_period_limits_the_agreement(tmp_path):
    path = tmp_path / "team.db"
    ids = two_reviewer_project(path)
    with Project.open(path, "kim") as project:
        project.set_article_meta(ids[1], published="2024-05-03")
        summary = write_report(project, out=tmp_path / "r.xlsx", period=Period("2024-05-01", "2024-05-31"))
    assert summary.agreement["documents"] == 1


def test_one_reviewer_and_an_import_get_neither(tmp_path):
    path = tmp_path / "solo.db"
    with Project.open(path, "kim") as project:
        (doc,) = project.add_documents([NewDocument(text=TWO, title="전남")]).imported
        _label_zone(project, doc, TWO, "e-모빌리티 규제자유특구", "전남")
        project.set_status(doc, "done")
        with project.transaction() as c:
            imported = project.shared_layer_id(c, "import", "import:file.jsonl")
        project.layer_id, project.layer_name = imported, "import:file.jsonl"
        project.add_span(doc, *_at(TWO, "전남"), "LOC")
        summary = write_report(project, out=tmp_path / "r.xlsx")
    workbook = load_workbook(tmp_path / "r.xlsx")
    assert AGREEMENT_SHEET not in workbook.sheetnames and summary.agreement is None
    assert "agreement" not in summary.to_dict()
    assert "검토자 일치" not in _rows(workbook["특구 현황"])[0]


def test_a_cancel_while_the_agreement_is_computed_stops_it(tmp_path):
    from annotator.io.exporters.writing import ExportCancelled
    from annotator.io.report.team import team_agreement

    path = tmp_path / "team.db"
    two_reviewer_project(path)
    with Project.open(path, "kim") as project:
        assert team_agreement(project, Period()).documents == 2
        with pytest.raises(ExportCancelled):
            team_agreement(project, Period(), cancel=lambda: True)
        summary = write_report(project, out=tmp_path / "r.xlsx", cancel=lambda: True)
    assert summary.cancelled and not (tmp_path / "r.xlsx").exists()
