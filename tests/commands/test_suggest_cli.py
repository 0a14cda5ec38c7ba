"""annotator suggest FILE... end to end, in process."""

from __future__ import annotations

import json

from annotator.cli import main
from annotator.paths import resource_path

SAMPLE = resource_path("samples", "002_3852bb6583c8c12a.txt")
LABELLED = resource_path("samples", "seeds_labelled.jsonl")


def test_suggest_json_with_dictionary_and_patterns(capsys, tmp_path):
    euc_kr = tmp_path / "euckr.txt"
    euc_kr.write_bytes("중소벤처기업부는 2030년까지 1조5000억원을 투입한다고 밝혔다.\n".encode("euc-kr"))
    code = main(["suggest", str(SAMPLE), str(euc_kr), "--sources", "dictionary,patterns,relations",
                 "--dictionary", str(LABELLED), "--json", "--all-lines"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and out["errors"] == []
    sample, small = out["documents"]
    assert sample["file"] == str(SAMPLE) and sample["by_source"]["dictionary"] > 0
    assert {(s["text"], s["label"]) for s in small["suggestions"]} == {
        ("중소벤처기업부", "ORG"), ("2030년", "DATE"), ("1조5000억원", "MONEY")}
    assert out["by_label"]["ORG"] >= 1 and sum(out["by_source"].values()) == sum(
        len(d["suggestions"]) + len(d["relations"]) for d in out["documents"])
    for s in sample["suggestions"]:
        text = SAMPLE.read_text(encoding="utf-8")
        assert text[s["start"]:s["end"]] == s["text"] and 0 <= s["score"] <= 1


def test_suggest_reports_a_bad_file_and_goes_on(capsys, tmp_path):
    binary = tmp_path / "image.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    code = main(["suggest", str(binary), str(SAMPLE), "--sources", "patterns"])
    captured = capsys.readouterr()
    assert code == 1 and str(binary) in captured.err
    assert f"{SAMPLE}:" in captured.out and "by source: patterns" in captured.out


def test_suggest_refuses_unknown_sources_and_scores(capsys):
    assert main(["suggest", str(SAMPLE), "--sources", "magic"]) == 2
    assert "unknown suggestion source" in capsys.readouterr().err
    assert main(["suggest", str(SAMPLE), "--min-score", "2"]) == 2


def test_suggest_with_the_base_model_and_a_threshold(capsys):
    code = main(["suggest", str(SAMPLE), "--sources", "patterns,model", "--min-score", "0.6", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert all(s["score"] >= 0.6 for s in out["documents"][0]["suggestions"])
    assert set(out["by_source"]) <= {"patterns", "model"} and out["by_source"]["patterns"] > 0


def test_suggest_a_project_as_a_dry_run(capsys, tmp_path):
    db = tmp_path / "p.db"
    article = tmp_path / "new.txt"
    article.write_text("중기부 새 소식\n\n중소벤처기업부는 13일 강원 원주에서 글로벌 혁신 특구 설명회를 열었다고 밝혔다. "
                       "오기웅 중소벤처기업부 차관은 120억 원을 지원한다.\n", encoding="utf-8")
    assert main(["import", str(LABELLED), str(article), "--db", str(db), "--quiet"]) == 0
    capsys.readouterr()
    from annotator.store import Project

    with Project.open(db, "tester") as project:
        before = {i: [(s.start, s.end, s.label) for s in project.spans(i)] for i in project.document_ids()}
    code = main(["suggest", "--db", str(db), "--status", "all", "--sources", "dictionary,patterns", "--json",
                 "--quiet", "--dry-run"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and out["stored"] is False and len(out["documents"]) == 4
    new = next(d for d in out["documents"] if not before[d["doc_id"]])
    found = {(s["text"], s["label"], s["source"]) for s in new["suggestions"]}
    assert {("중소벤처기업부", "ORG", "patterns"), ("120억 원", "MONEY", "patterns"),
            ("13일", "DATE", "patterns"), ("차관", "TITLE", "patterns")} <= found
    ministry = next(s for s in new["suggestions"] if s["text"] == "중소벤처기업부")
    assert "also dictionary" in ministry["detail"]  # a labelled string of the project agrees with the pattern
    for doc in out["documents"]:  # nothing proposed over a label the document already has
        for s in doc["suggestions"]:
            assert all(s["end"] <= a or s["start"] >= b for a, b, _ in before[doc["doc_id"]])
    with Project.open(db, "tester") as project:
        assert {i: [(s.start, s.end, s.label) for s in project.spans(i)] for i in project.document_ids()} == before
        assert project.suggestion_totals()["pending"] == 0
    assert main(["suggest", str(SAMPLE), "--db", str(db)]) == 2


def test_an_html_page_is_read_as_its_visible_text(capsys, tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<html><head><title>부산 블록체인 특구</title><script>var 장관 = 'alert';</script></head>"
                    "<body><p>중소벤처기업부는 2024년 7월 26일 120억 원을 지원한다.</p></body></html>", encoding="utf-8")
    assert main(["suggest", str(page), "--sources", "patterns", "--json"]) == 0
    (doc,) = json.loads(capsys.readouterr().out)["documents"]
    found = {(s["text"], s["label"]) for s in doc["suggestions"]}
    assert {("2024년 7월 26일", "DATE"), ("120억 원", "MONEY")} <= found
    assert not any(s["text"] in ("script", "alert", "p", "장관") for s in doc["suggestions"])  # no markup, no script
    from annotator.core.html_text import html_to_text

    visible, _ = html_to_text(page.read_text(encoding="utf-8"))
    assert all(visible[s["start"]:s["end"]] == s["text"] for s in doc["suggestions"])  # offsets into that text
