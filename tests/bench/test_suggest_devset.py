"""The entity gold on unseen pages (scripts/suggest_devset.py): loader, checker and label-file parser on a
synthetic page; the committed manifest's own consistency (no real page needed)."""

from __future__ import annotations

import importlib.util
import io
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("suggest_devset", ROOT / "scripts" / "suggest_devset.py")
devset = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("suggest_devset", devset)  # dataclasses look the module up by name
_spec.loader.exec_module(devset)

TEXT = "메뉴 | 로그인\n중기부는 13일 부산 블록체인 규제자유특구를 찾았다.\n이 차관은 부산에서 \"특구가 중요하다\"고 말했다.\n저작권자 ⓒ 뉴스\n"
CONTENT_LINES = [2, 3]


def write_page(folder: Path, entities: list[list], name: str = "01_site.txt", text: str = TEXT) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    manifest = folder / "manifest.json"
    manifest.write_text(json.dumps({"pages": [{
        "file": name, "sha256": devset.text_sha256(TEXT), "batch": "tuning", "topic": "zones", "entities": entities,
    }]}, ensure_ascii=False), encoding="utf-8")
    return manifest


def entity(label: str, surface: str, nth: int = 1) -> list:
    start = -1
    for _ in range(nth):
        start = TEXT.index(surface, start + 1)
    return [start, start + len(surface), label, surface]


def test_load_returns_spans_of_a_page_with_the_right_text(tmp_path):
    ents = [entity("ORG", "중기부"), entity("ZONE", "부산 블록체인 규제자유특구"), entity("DATE", "13일")]
    manifest = write_page(tmp_path, ents)
    pages = devset.load(tmp_path, manifest)
    assert [(p.name, p.batch, p.topic) for p in pages] == [("01_site.txt", "tuning", "zones")]
    assert [pages[0].text[s:e] for s, e, _ in pages[0].spans] == ["중기부", "13일", "부산 블록체인 규제자유특구"]
    assert devset.check(tmp_path, manifest) == []


def test_load_skips_and_names_a_changed_or_missing_page(tmp_path):
    manifest = write_page(tmp_path, [entity("ORG", "중기부")], text=TEXT.replace("13일", "14일"))
    report = io.StringIO()
    assert devset.load(tmp_path, manifest, report=report) == []
    assert "01_site.txt" in report.getvalue() and "SHA-256" in report.getvalue()
    report = io.StringIO()
    assert devset.load(tmp_path / "elsewhere", manifest, report=report) == []
    assert "missing" in report.getvalue()


def test_default_folder_follows_the_environment(tmp_path, monkeypatch):
    manifest = write_page(tmp_path, [entity("ORG", "중기부")])
    monkeypatch.setenv(devset.ENV_VAR, str(tmp_path))
    assert devset.default_pages_dir() == tmp_path
    assert len(devset.load(manifest=manifest)) == 1


def test_check_reports_a_span_whose_text_differs_or_overlaps(tmp_path):
    wrong = entity("ORG", "중기부")
    wrong[3] = "중기부는"
    zone = entity("ZONE", "부산 블록체인 규제자유특구")
    inner = entity("LOC", "부산")
    manifest = write_page(tmp_path, [wrong, zone, inner, [0, 2, "NOPE", "메뉴"]])
    problems = devset.check(tmp_path, manifest)
    assert any("중기부는" in p for p in problems)
    assert any("overlaps" in p for p in problems)
    assert any("NOPE" in p for p in problems)


def parse(lines: list[str]):
    ranges = devset.labelled_ranges(TEXT, CONTENT_LINES)
    return [(TEXT[s:e], label) for s, e, label in devset.spans_from_labels(TEXT, ranges, lines, "p.tsv")]


def test_label_lines_give_every_occurrence_outside_longer_entities_and_words():
    got = parse(["ZONE\t부산 블록체인 규제자유특구", "LOC\t부산", "ZONE\t특구", "ORG\t중기부"])
    # 부산 inside the zone name is not labelled again; 특구 inside 규제자유특구 starts inside a word.
    assert got == [("중기부", "ORG"), ("부산 블록체인 규제자유특구", "ZONE"), ("부산", "LOC"), ("특구", "ZONE")]


def test_context_braces_and_occurrence_numbers_pick_one_place():
    assert parse(["PERSON\t{이} 차관"]) == [("이", "PERSON")]
    assert parse(["LOC\t부산\t2"]) == [("부산", "LOC")] and TEXT.index("부산에서") == devset.spans_from_labels(
        TEXT, devset.labelled_ranges(TEXT, CONTENT_LINES), ["LOC\t부산\t2"], "p")[0][0]


def test_boilerplate_lines_carry_no_entity_and_errors_name_the_line():
    with pytest.raises(ValueError, match=r"p.tsv:1: '로그인' not found"):
        parse(["ORG\t로그인"])
    with pytest.raises(ValueError, match=r"p.tsv:2: .*not \[3\]"):
        parse(["#batch: tuning", "LOC\t부산\t3"])
    with pytest.raises(ValueError, match="overlaps"):
        parse(["ZONE\t부산 블록체인 규제자유특구", "LOC\t{부산} 블록체인"])
    with pytest.raises(ValueError, match="unknown label"):
        parse(["PLACE\t부산"])
    with pytest.raises(ValueError, match="braces"):
        parse(["LOC\t{부산"])


def test_committed_manifest_is_consistent_with_the_segmenter_manifest():
    manifest = json.loads(devset.MANIFEST.read_text(encoding="utf-8"))
    lines = {e["file"]: e for e in json.loads(devset.LINE_MANIFEST.read_text(encoding="utf-8"))["pages"]}
    assert manifest["pages"]
    for page in manifest["pages"]:
        if page["file"] in lines:
            assert page["sha256"] == lines[page["file"]]["sha256"] and "url" not in page
            assert page["batch"] in ("tuning", "held-out")
        else:  # a page found for the entity gold alone carries its url and lines itself
            assert page["batch"] in ("held-out-2", "held-out-3", "held-out-4", "held-out-5") and page["url"].startswith("http") and page["content"]
            assert len(page["sha256"]) == 64
        assert page["topic"] in devset.TOPICS
        previous_end = 0
        for start, end, label, text in page["entities"]:
            assert label in devset.LABELS and len(text) == end - start and text == text.strip()
            assert start >= previous_end
            previous_end = end


def test_build_writes_the_manifest_from_label_files(tmp_path, monkeypatch):
    pages, labels = tmp_path / "pages", tmp_path / "labels"
    pages.mkdir()
    labels.mkdir()
    (pages / "01_site.txt").write_text(TEXT, encoding="utf-8")
    line_manifest = tmp_path / "lines.json"
    line_manifest.write_text(json.dumps({"pages": [{"file": "01_site.txt", "sha256": devset.text_sha256(TEXT),
                                                    "content": [2], "optional": [3]}]}), encoding="utf-8")
    monkeypatch.setattr(devset, "LINE_MANIFEST", line_manifest)
    monkeypatch.setattr(devset, "MANIFEST", tmp_path / "out" / "manifest.json")
    (labels / "01_site.tsv").write_text("#batch: held-out\n#topic: other\nORG\t중기부\nLOC\t부산\n", encoding="utf-8")
    assert devset.build(labels, pages) == 0
    entry = json.loads(devset.MANIFEST.read_text(encoding="utf-8"))["pages"][0]
    assert (entry["batch"], entry["topic"]) == ("held-out", "other")
    assert [e[2:] for e in entry["entities"]] == [["ORG", "중기부"], ["LOC", "부산"], ["LOC", "부산"]]
    assert devset.check(pages, devset.MANIFEST) == []
    (labels / "01_site.tsv").write_text("#batch: held-out\n#topic: other\nORG\t저작권자\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="01_site.tsv:3: '저작권자' not found"):
        devset.build(labels, pages)  # a boilerplate line carries no entity


def test_build_takes_url_and_lines_from_the_label_file_for_a_page_outside_the_segmenter_set(tmp_path, monkeypatch):
    pages, labels = tmp_path / "pages", tmp_path / "labels"
    pages.mkdir()
    labels.mkdir()
    (pages / "02_new.txt").write_text(TEXT, encoding="utf-8")
    line_manifest = tmp_path / "lines.json"
    line_manifest.write_text(json.dumps({"pages": []}), encoding="utf-8")
    monkeypatch.setattr(devset, "LINE_MANIFEST", line_manifest)
    monkeypatch.setattr(devset, "MANIFEST", tmp_path / "out" / "manifest.json")
    header = "#batch: held-out-2\n#topic: zones\n#url: https://example.org/a\n"
    (labels / "02_new.tsv").write_text(header + "#content: 2\n#optional: 3,5\nORG\t중기부\nLOC\t부산\n", encoding="utf-8")
    assert devset.build(labels, pages) == 0
    entry = json.loads(devset.MANIFEST.read_text(encoding="utf-8"))["pages"][0]
    assert (entry["url"], entry["content"], entry["optional"]) == ("https://example.org/a", [2], [3])  # 5 is blank
    assert entry["sha256"] == devset.text_sha256(TEXT)
    assert [e[2:] for e in entry["entities"]] == [["ORG", "중기부"], ["LOC", "부산"], ["LOC", "부산"]]
    assert [(p.name, p.batch) for p in devset.load(pages, devset.MANIFEST)] == [("02_new.txt", "held-out-2")]
    assert devset.check(pages, devset.MANIFEST) == []
    manifest = json.loads(devset.MANIFEST.read_text(encoding="utf-8"))
    manifest["pages"][0]["entities"].insert(0, [0, 2, "ORG", "메뉴"])  # line 1 is boilerplate
    devset.MANIFEST.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    assert devset.check(pages, devset.MANIFEST) == ["02_new.txt[0:2]: '메뉴' is not on a content or optional line"]
    (labels / "02_new.tsv").write_text(header + "#content: 1\nORG\t중기부\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="02_new.tsv:[0-9]+: '중기부' not found"):
        devset.build(labels, pages)  # line 1 (the menu) was not named as content
    (labels / "02_new.tsv").write_text(header + "#content: 2,9\nORG\t중기부\n", encoding="utf-8")
    with pytest.raises(SystemExit, match=r"past the page's end .*\[9\]"):
        devset.build(labels, pages)
    (labels / "02_new.tsv").write_text("#batch: held-out-2\n#topic: zones\nORG\t중기부\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="'#url:' and '#content:'"):
        devset.build(labels, pages)
