"""annotator segment FILE... [--json] and annotator segment --db PATH --all, run in-process."""

from __future__ import annotations

import json
from pathlib import Path

from annotator.cli import main
from annotator.core.model import NewDocument
from annotator.store import Project

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PAGE = FIXTURES / "corpus" / "002_3852bb6583c8c12a.txt"
ARTICLE = "\n".join([
    "본문 바로가기",
    "강원 정밀의료 산업, 신규 규제자유특구로 지정",
    "정부는 1일 규제자유특구위원회를 열고 강원 정밀의료 산업 등 4개 특구를 신규로 지정했다.",
    "중기부는 \"지역 혁신의 마중물이 되도록 지원하겠다\"고 밝혔다.",
    "[저작권자ⓒ 신문. 무단전재-재배포 금지]",
])


def run_json(capsys, *args) -> tuple[int, list[dict], str]:
    code = main(["segment", *map(str, args), "--json"])
    out = capsys.readouterr()
    return code, [json.loads(line) for line in out.out.splitlines()], out.err


def test_json_lines_per_file_with_gold_kinds(tmp_path, capsys):
    other = tmp_path / "article.txt"
    other.write_text(ARTICLE, encoding="utf-8")
    code, records, _ = run_json(capsys, PAGE, other)
    assert code == 0 and [r["file"] for r in records] == [str(PAGE), str(other)]
    lines = records[0]["lines"]
    assert len(lines) == len(PAGE.read_text(encoding="utf-8").split("\n"))
    assert lines[0] == {"line": 1, "kind": "boilerplate", "score": lines[0]["score"], "reason": "weather ticker"}
    assert lines[114]["kind"] == "content" and lines[145]["kind"] == "boilerplate"
    assert lines[1]["kind"] == "boilerplate" and lines[98]["kind"] == "blank" and lines[98]["score"] is None
    assert all(0.0 <= line["score"] <= 1.0 for line in lines if line["kind"] != "blank")
    assert [line["kind"] for line in records[1]["lines"]] == ["boilerplate", "content", "content", "content", "boilerplate"]


def test_encodings_and_newlines_give_the_same_lines(tmp_path, capsys):
    files = []
    for name, data in [
        ("utf8.txt", ARTICLE.encode("utf-8")),
        ("bom.txt", b"\xef\xbb\xbf" + ARTICLE.encode("utf-8")),
        ("cp949.txt", ARTICLE.replace("\n", "\r\n").encode("cp949")),
        ("euckr_cr.txt", ARTICLE.replace("\n", "\r").encode("euc-kr")),
    ]:
        path = tmp_path / name
        path.write_bytes(data)
        files.append(path)
    code, records, err = run_json(capsys, *files)
    assert code == 0 and err == ""
    expected = records[0]["lines"]
    assert len(expected) == 5
    assert all(r["lines"] == expected for r in records)


def test_html_file_goes_through_html_to_text(tmp_path, capsys):
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>신문 - 특구 지정</title><script>alert(1)</script></head><body>"
        "<nav><a href='/'>홈</a> <a href='/a'>경제</a></nav><article><h1>강원 정밀의료 산업, 신규 규제자유특구로 지정</h1>"
        "<p>정부는 1일 규제자유특구위원회를 열고 강원 정밀의료 산업 등 4개 특구를 신규로 지정했다.</p>"
        "<p>중기부는 \"지역 혁신의 마중물이 되도록 지원하겠다\"고 밝혔다.</p></article>"
        "<footer>Copyright © 신문. All rights reserved.</footer></body></html>",
        encoding="utf-8",
    )
    code, (record,), _ = run_json(capsys, page)
    assert code == 0
    text_lines = record["text"].split("\n")
    content = [text_lines[line["line"] - 1] for line in record["lines"] if line["kind"] == "content"]
    assert content[0] == "강원 정밀의료 산업, 신규 규제자유특구로 지정" and len(content) == 3
    assert "alert" not in record["text"]


def test_unreadable_file_is_reported_and_others_still_printed(tmp_path, capsys):
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    missing = tmp_path / "missing.txt"
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    code, records, err = run_json(capsys, binary, missing, good)
    assert code == 1 and [r["file"] for r in records] == [str(good)]
    assert f"{binary}: binary file" in err and str(missing) in err


def test_readable_listing(capsys):
    assert main(["segment", str(PAGE)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"== {PAGE}: 14 content lines of 160")
    assert "  115 C " in out and "[weather ticker]" in out


def test_resegment_project_from_the_command_line(tmp_path, capsys, monkeypatch):
    db = tmp_path / "p.db"
    with Project.open(db, "kim") as project:
        (doc_id,) = project.add_documents([NewDocument(ARTICLE, source="s")]).imported
        project.set_line_override(doc_id, 1, "content")
    assert main(["segment", "--db", str(db), "--all"]) == 0
    assert "re-segmented 1 of 1 documents" in capsys.readouterr().out
    with Project.open(db, "kim") as project:
        segments = project.segments(doc_id)
        assert [s.kind for s in segments] == ["boilerplate", "content", "content", "content", "boilerplate"]
        assert segments[0].effective_kind == "content"
    # --db defaults to $ANNOTATOR_DB
    monkeypatch.setenv("ANNOTATOR_DB", str(db))
    assert main(["segment", "--all", "--outdated", "--json"]) == 0
    counts = json.loads(capsys.readouterr().out)
    assert counts["skipped"] == 1 and counts["resegmented"] == 0


def test_usage_errors(tmp_path, capsys):
    assert main(["segment"]) == 2
    assert main(["segment", "--all", str(PAGE)]) == 2
    bad = tmp_path / "bad.db"
    bad.write_text("not sqlite")
    assert main(["segment", "--db", str(bad), "--all"]) == 1
    assert str(bad) in capsys.readouterr().err


def test_portal_html_page_with_player_and_font_notices(capsys):
    page = FIXTURES / "synthetic_html" / "portal_player.html"
    code, records, _ = run_json(capsys, page)
    assert code == 0
    text_lines = records[0]["text"].split("\n")
    by_text = {text_lines[line["line"] - 1]: line for line in records[0]["lines"]}
    assert by_text["충북 바이오 특구, 실증 기업 두 배로 늘린다"]["kind"] == "content"
    assert by_text["충북 바이오 특구, 실증 기업 두 배로 늘린다"]["reason"].startswith("headline (")
    for notice in ("VOD 시청 안내", "나눔 폰트를 설치하러 가시겠습니까?", "브라우저가 video 태그를 지원하지 않습니다."):
        assert by_text[notice] | {"score": None} == {"line": by_text[notice]["line"], "kind": "boilerplate",
                                                      "score": None, "reason": "UI/player notice"}
    assert by_text["눈치채셨나요?"]["kind"] == "content"


def test_resegmenting_a_project_adds_no_reviewer(tmp_path, capsys, monkeypatch):
    from annotator.core.model import NewDocument
    from annotator.store import Project

    db = tmp_path / "p.db"
    with Project.open(db, "kim") as project:
        project.add_documents([NewDocument(text="메뉴\n강원 규제자유특구가 새로 지정됐다.")])
    monkeypatch.setenv("ANNOTATOR_REVIEWER", "root")
    assert main(["segment", "--db", str(db), "--all"]) == 0
    with Project.open(db, "kim", read_only=True) as project:
        assert project.reviewers() == ["kim"] and "root" not in {y.name for y in project.layers()}
