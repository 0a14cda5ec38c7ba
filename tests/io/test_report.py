"""The Excel report, read back with openpyxl: sheets, headers, row counts, zones assembled from relations,
charts, rich text, formatting, and formula-like text kept as text."""

from __future__ import annotations

import zipfile

import pytest
from openpyxl import load_workbook
from openpyxl.cell.rich_text import CellRichText

from annotator.core.model import NewDocument, NewSpan
from annotator.io.report import MENTION_SHEET, SHEETS, Period, write_report
from tests.io.export_sample import build_sample_project

FORMULA = '=HYPERLINK("http://evil.example","클릭")'


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report")
    project = build_sample_project(folder / "p.db")
    text = f"{FORMULA} 기관과 +중기부 그리고 @특구"
    (doc_id,) = project.add_documents([NewDocument(text, title="-수식 제목", spans=[
        NewSpan(0, len(FORMULA), "ORG"), NewSpan(text.index("+중기부"), text.index("+중기부") + 4, "ORG"),
        NewSpan(text.index("@특구"), len(text), "ZONE")])]).imported
    project.set_status(doc_id, "in_progress")
    summary = write_report(project, out=folder / "out" / "report.xlsx")
    project.close()
    return summary, folder / "out" / "report.xlsx"


@pytest.fixture(scope="module")
def workbook(report):
    return load_workbook(report[1], rich_text=True)


def rows(ws):
    return list(ws.iter_rows(values_only=True))


def test_sheets_headers_and_row_counts(report, workbook):
    summary, _ = report
    assert workbook.sheetnames == list(SHEETS) == ["요약", "특구 현황", "인물·기관", "개체", "문서", "관계", "개체 언급"]
    headers = {name: rows(workbook[name])[0] for name in SHEETS[1:]}
    assert headers["문서"][:4] == ("ID", "날짜", "언론사", "제목")
    assert headers["개체"][:5] == ("유형", "대표 이름", "다른 이름", "언급 수", "기사 수")
    assert headers["개체 언급"][:6] == ("문서 ID", "날짜", "문서", "유형", "개체", "대표 이름")
    assert headers["관계"][2:7] == ("머리 개체", "머리 유형", "관계", "꼬리 개체", "꼬리 유형")
    assert headers["특구 현황"][:7] == ("특구", "지역", "분야", "지정 기관", "지정 일시", "금액", "수치")
    assert headers["인물·기관"][:3] == ("인물", "직위", "소속 기관")
    assert len(rows(workbook["문서"])) == 1 + 5
    assert len(rows(workbook["개체 언급"])) == 1 + 194
    assert len(rows(workbook["관계"])) == 1 + 61
    assert summary.entities == 194 and summary.relations == 61 and summary.sheets["개체 언급"] == 194
    assert summary.sheets["개체"] == summary.canonical < 194  # one row per canonical entity
    statuses = [r[4] for r in rows(workbook["문서"])[1:]]
    assert statuses.count("완료") == 4 and statuses.count("진행 중") == 1
    labels = {r[0] for r in rows(workbook["개체"])[1:]}
    assert {"기관", "인물", "특구"} <= labels and "ORG" not in labels  # display names
    assert workbook[MENTION_SHEET].sheet_state == "hidden"  # printing the workbook leaves it out


def test_entity_sheet_has_one_row_per_canonical_entity(workbook):
    entities = {(r[0], r[1]): r for r in rows(workbook["개체"])[1:]}
    ministry = entities[("기관", "중소벤처기업부")]
    assert "중기부" in ministry[2] and ministry[4] == 3  # three articles name it, one of them as 중기부
    assert ("기관", "중기부") not in entities
    person = entities[("인물", "오기웅")]
    assert person[2] == "오" and person[3] == 4
    assert isinstance(workbook["개체"]["G2"].value, CellRichText)  # first context, the mention in bold
    assert not {"날짜", "금액", "수량", "직위"} & {kind for kind, _ in entities}  # values stay on the mention sheet


def test_zone_row_is_assembled_from_relations(workbook):
    zones = {r[0]: r for r in rows(workbook["특구 현황"])[1:] if r[7] is not None}
    # "글로벌 혁신 특구" alone is generic; its located_in relation places it in 강원 원주시
    row = zones["강원 원주시 AI헬스케어 글로벌 혁신 특구"]
    assert row[1:7] == ("강원 원주시", "AI헬스케어", "중소벤처기업부", "13일", "120억 원", "30개 기업")
    assert row[8] == "언론사 미상 · 날짜 미상 · 이모지와 확장 한자 🚀"
    people = {r[0]: r for r in rows(workbook["인물·기관"])[1:]}
    assert people["오기웅"][1] == "차관" and "중소벤처기업부" in people["오기웅"][2]


def test_zone_row_of_the_bundled_sample_keeps_region_field_and_date_apart(workbook):
    zones = {r[0]: r for r in rows(workbook["특구 현황"])[1:] if r[7] is not None}
    row = zones["강원 정밀의료 산업"]
    assert (row[1], row[2], row[4]) == ("강원", "정밀의료 산업", "1일")
    assert row[3] == "정부; 규제자유특구위원회"
    # generic mentions ("특구" with its 2030년 and 1조5000억원) are left out and counted in a note
    assert not {"특구", "규제자유특구", "1차 규제자유특구"} & set(zones)
    notes = [r[0] for r in rows(workbook["특구 현황"])[1:] if r[7] is None and r[0]]
    assert any("일반 명칭 언급 5건" in n and "특구 3" in n for n in notes), notes


def test_summary_is_a_brief_with_a_timeline(workbook):
    ws = workbook["요약"]
    values = rows(ws)
    facts = {}
    for r in values:
        if r and r[0] and r[0] not in facts:
            facts[r[0]] = r[1]
    assert facts["기사 수"].startswith("5건 (검토 완료 4건")
    assert facts["기간"].startswith("2024-03-13 ~ 2024-03-13")
    assert "CWN 1건" in facts["언론사"]
    assert facts["2024-03"] == 1 and facts["날짜 미상"] == 4
    firsts = [r[0] for r in values if r]
    assert "주요 특구" in firsts and "주요 기관" in firsts and "월별 기사 수" in firsts
    assert "주요 특구·기관의 월별 기사 수" not in firsts  # one dated month: nothing to compare
    assert len(ws._charts) == 2
    assert {type(c).__name__ for c in ws._charts} == {"BarChart"}


def test_header_and_footer_on_every_sheet(workbook):
    for ws in workbook.worksheets:
        assert ws.oddHeader.right.text == "&A", ws.title  # the sheet name
        assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text, ws.title
        assert ws.oddHeader.left.text == ("p" if ws.title == "요약" else "지역혁신 뉴스 분석 보고서")  # the project
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1, ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage
    for name in SHEETS:
        assert workbook[name].print_title_rows == "$1:$1", name


def test_formula_like_text_is_stored_as_text(report, workbook):
    ws = workbook[MENTION_SHEET]
    cells = [row[4] for row in ws.iter_rows(min_row=2)]
    formula = next(c for c in cells if str(c.value).startswith("=HYPERLINK"))
    assert formula.data_type == "s" and formula.value == FORMULA
    assert any(c.value == "+중기부" and c.data_type == "s" for c in cells)
    with zipfile.ZipFile(report[1]) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/sheet"):
                assert "<f>" not in z.read(name).decode("utf-8"), name  # no formula anywhere


def test_entity_sentence_is_rich_text_with_the_entity_in_bold(workbook):
    ws = workbook[MENTION_SHEET]
    row = next(r for r in ws.iter_rows(min_row=2) if r[4].value == "AI헬스케어")
    sentence = row[6].value
    assert isinstance(sentence, CellRichText)
    bold = [block.text for block in sentence if not isinstance(block, str) and block.font.b]
    assert bold == ["AI헬스케어"]
    assert "AI헬스케어 글로벌 혁신 특구로 지정했다" in str(sentence)


def test_formatting(workbook):
    for name in SHEETS[1:]:
        ws = workbook[name]
        assert ws.freeze_panes == "A2"
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert len(ws.tables) == 1  # an Excel table with its own filter buttons
        header = ws["A1"]
        assert header.font.b and header.fill.fgColor.rgb.endswith("1F4E78")
        assert ws.column_dimensions["B"].width >= 10
    assert workbook[MENTION_SHEET]["G2"].alignment.wrap_text
    assert not workbook[MENTION_SHEET]["A2"].alignment.wrap_text  # wrap only long text
    assert not workbook["문서"]["B2"].alignment.wrap_text  # the date
    assert workbook[MENTION_SHEET]["A2"].font.name == "Malgun Gothic"


def test_cancel_leaves_no_file(tmp_path):
    project = build_sample_project(tmp_path / "p.db")
    try:
        summary = write_report(project, out=tmp_path / "out" / "r.xlsx", cancel=lambda: True)
    finally:
        project.close()
    assert summary.cancelled and list((tmp_path / "out").iterdir()) == []


def test_renaming_labels_keeps_the_zone_sheet(tmp_path):
    from annotator.core.scheme import LabelScheme

    project = build_sample_project(tmp_path / "p.db", emoji=False)
    try:
        data = project.scheme().to_dict()
        renames = {"ZONE": "SPECIAL_ZONE", "LOC": "REGION"}
        for entity in data["entities"]:
            entity["name"] = renames.get(entity["name"], entity["name"])
        for rel in data["relations"]:
            rel["heads"] = [renames.get(n, n) for n in rel["heads"]]
            rel["tails"] = [renames.get(n, n) for n in rel["tails"]]
            if rel["name"] == "designates":
                rel["name"] = "지정함"
        project.save_scheme(LabelScheme.from_dict(data), renames=renames, relation_renames={"designates": "지정함"})
        assert project.scheme().entity("SPECIAL_ZONE").role == "zone"
        write_report(project, out=tmp_path / "r.xlsx")
    finally:
        project.close()
    zones = {r[0]: r for r in rows(load_workbook(tmp_path / "r.xlsx")["특구 현황"])[1:] if r[7] is not None}
    assert zones["강원 정밀의료 산업"][3] == "정부; 규제자유특구위원회"  # through the renamed relation type


def test_a_scheme_without_a_zone_role_has_no_zone_sheet(tmp_path):
    from annotator.core.scheme import klue_scheme
    from annotator.store import Project

    with Project.open(tmp_path / "k.db", "kim", scheme=klue_scheme()) as project:
        text = "이창윤 과기정통부 1차관은 대전에서"
        project.add_documents([NewDocument(text, spans=[NewSpan(0, 3, "PS"), NewSpan(4, 9, "OG"), NewSpan(14, 16, "LC")])])
        summary = write_report(project, out=tmp_path / "k.xlsx")
    workbook = load_workbook(tmp_path / "k.xlsx")
    assert "특구 현황" not in workbook.sheetnames and "특구 현황" not in summary.sheets
    assert "인물·기관" in workbook.sheetnames
    entities = {(r[0], r[1]): r for r in rows(workbook["개체"])[1:]}
    assert entities[("기관", "과학기술정보통신부")][2] == "과기정통부"


def test_timeline_of_the_top_zones_and_organisations(tmp_path):
    from annotator.store import Project

    with Project.open(tmp_path / "t.db", "kim") as project:
        docs = []
        for month, org, zone in ((1, "중기부", "강원 정밀의료 산업"), (2, "중소벤처기업부", "강원 정밀의료 산업"),
                                 (2, "과기정통부", "부산 블록체인"), (3, "중기부", "부산 블록체인")):
            text = f"입력 2024.0{month}.05 10:00\n{org}는 {zone} 특구를 점검했다."
            docs.append(NewDocument(text, spans=[NewSpan(text.index(org), text.index(org) + len(org), "ORG"),
                                                 NewSpan(text.index(zone), text.index(zone) + len(zone), "ZONE")]))
        project.add_documents(docs)
        write_report(project, out=tmp_path / "t.xlsx")
    ws = load_workbook(tmp_path / "t.xlsx")["요약"]
    values = rows(ws)
    start = [r[0] for r in values].index("주요 특구·기관의 월별 기사 수")
    assert values[start + 1][:5] == ("월", "강원 정밀의료 산업", "부산 블록체인", "중소벤처기업부", "과학기술정보통신부")
    assert [r[:5] for r in values[start + 2:start + 5]] == [
        ("2024-01", 1, 0, 1, 0), ("2024-02", 1, 1, 1, 1), ("2024-03", 0, 1, 1, 0)]
    assert len(ws._charts) == 3


def test_report_of_a_period(tmp_path):
    from annotator.store import Project

    with Project.open(tmp_path / "d.db", "kim") as project:
        project.add_documents([NewDocument(f"입력 2024.0{m}.10 10:00\n특구 기사 {m}", title=f"기사 {m}") for m in (1, 2, 3)]
                              + [NewDocument("날짜 없는 기사", title="미상")])
        summary = write_report(project, out=tmp_path / "p.xlsx", period=Period("2024-02-01", "2024-03-31"))
    assert summary.documents == 2
    workbook = load_workbook(tmp_path / "p.xlsx")
    assert [r[3] for r in rows(workbook["문서"])[1:]] == ["기사 2", "기사 3"]
    facts = {r[0]: r[1] for r in rows(workbook["요약"]) if r and r[0]}
    assert facts["기간"].startswith("2024-02-01 ~ 2024-03-31 기간 중 2024-02-10 ~ 2024-03-10")
    assert facts["기간"].endswith("; 날짜를 알 수 없는 기사 1건은 기간에서 제외")  # the undated one, said
    assert summary.undated_left_out == 1 and summary.to_dict()["undated_left_out"] == 1
    assert "2024-02-01" in workbook["문서"].oddFooter.right.text
    with Project.open(tmp_path / "d.db", "kim") as project:
        whole = write_report(project, out=tmp_path / "w.xlsx")  # no period: every document, none left out
    facts = {r[0]: r[1] for r in rows(load_workbook(tmp_path / "w.xlsx")["요약"]) if r and r[0]}
    assert whole.documents == 4 and whole.undated_left_out == 0 and "제외" not in facts["기간"]


def test_brief_names_no_empty_reviewer(tmp_path):
    """Imported labels carry no reviewer: the brief listed them as an empty name (검토자 ", kim")."""
    from annotator.store import Project
    from annotator.ui.first_run import read_doccano_samples, sample_path

    with Project.open(tmp_path / "p.db", "kim") as project:
        project.add_documents(read_doccano_samples(sample_path()))  # imported labels: in no reviewer's name
        doc_id = project.document_ids()[0]
        project.add_span(doc_id, 0, 2, "ORG")  # one entity of kim's own
        write_report(project, out=tmp_path / "r.xlsx")
    brief = {r[0]: r[1] for r in rows(load_workbook(tmp_path / "r.xlsx")["요약"]) if r and r[0]}
    assert brief["검토자"] == "kim"
    documents = rows(load_workbook(tmp_path / "r.xlsx")["문서"])
    names_column = documents[0].index("검토자")
    assert all(not (r[names_column] or "").startswith(",") for r in documents[1:])
