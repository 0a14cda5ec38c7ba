"""The relation gold of the unseen pages (scripts/suggest_devset.py + suggest_devset_relations.py): relation
files built into the manifest, load_relations, the checker and the parser's errors, on a synthetic page."""

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
relgold = devset.relgold

TEXT = ("메뉴\n중소벤처기업부(장관 홍종학)는 13일 부산 블록체인 규제자유특구를 6.9조 규모로 지정했다. 홍종학 장관은"
        " 부산을 찾았다.\n저작권자\n")
LABELS = ("#batch: held-out-3\n#topic: zones\n#url: https://example.org/r\n#content: 2\nORG\t중소벤처기업부\n"
          "TITLE\t장관\nPERSON\t홍종학\nDATE\t13일\nZONE\t부산 블록체인 규제자유특구\nLOC\t부산\nMONEY\t6.9조\n")
RELATIONS = ("# a comment\nholds_title\t홍종학#1\t장관#1\nbelongs_to\t홍종학#1\t중소벤처기업부\n"
             "designates\t중소벤처기업부\t부산 블록체인 규제자유특구\non_date\t부산 블록체인 규제자유특구\t13일\n"
             "has_amount\t부산 블록체인 규제자유특구\t6.9조\nholds_title\t홍종학#2\t장관#2\n")


@pytest.fixture
def devset_dirs(tmp_path, monkeypatch):
    pages, labels, relations = tmp_path / "pages", tmp_path / "labels", tmp_path / "relations"
    for folder in (pages, labels, relations):
        folder.mkdir()
    (pages / "77_new.txt").write_text(TEXT, encoding="utf-8")
    (labels / "77_new.tsv").write_text(LABELS, encoding="utf-8")
    line_manifest = tmp_path / "lines.json"
    line_manifest.write_text(json.dumps({"pages": []}), encoding="utf-8")
    monkeypatch.setattr(devset, "LINE_MANIFEST", line_manifest)
    monkeypatch.setattr(devset, "MANIFEST", tmp_path / "out" / "manifest.json")
    return pages, labels, relations


def _span(surface: str, label: str, nth: int = 1) -> tuple[int, int, str]:
    start = -1
    for _ in range(nth):
        start = TEXT.index(surface, start + 1)
    return start, start + len(surface), label


def test_build_writes_relations_and_load_relations_returns_them_with_labels_and_sentences(devset_dirs):
    pages, labels, relations = devset_dirs
    (relations / "77_new.tsv").write_text(RELATIONS, encoding="utf-8")
    assert devset.build(labels, pages) == 0  # the relations folder beside labels/ is the default
    entry = json.loads(devset.MANIFEST.read_text(encoding="utf-8"))["pages"][0]
    assert sorted(r[4:] for r in entry["relations"])[0] == ["belongs_to", "홍종학", "중소벤처기업부"]
    [page] = devset.load_relations(pages, devset.MANIFEST)
    person, person2 = _span("홍종학", "PERSON"), _span("홍종학", "PERSON", 2)
    title, title2 = _span("장관", "TITLE"), _span("장관", "TITLE", 2)
    zone = _span("부산 블록체인 규제자유특구", "ZONE")
    assert page.relations == sorted([
        (person, title, "holds_title"), (person, _span("중소벤처기업부", "ORG"), "belongs_to"),
        (_span("중소벤처기업부", "ORG"), zone, "designates"), (zone, _span("13일", "DATE"), "on_date"),
        (zone, _span("6.9조", "MONEY"), "has_amount"), (person2, title2, "holds_title")])
    # Two sentences on line 2: "6.9조" does not end one, "지정했다. " does.
    first_end = TEXT.index("지정했다.") + len("지정했다.")
    assert page.sentences == [(TEXT.index("중소"), first_end), (first_end + 1, TEXT.index("\n저작권자"))]
    assert (page.batch, page.topic) == ("held-out-3", "zones") and _span("부산", "LOC", 2) in page.spans
    assert devset.check(pages, devset.MANIFEST) == []
    assert devset.stats(devset.MANIFEST)["held-out-3"]["rel:holds_title"] == 2


def test_a_page_without_a_relation_file_has_no_relation_gold_and_an_empty_file_means_none(devset_dirs):
    pages, labels, relations = devset_dirs
    devset.build(labels, pages)
    assert devset.load_relations(pages, devset.MANIFEST) == []
    (relations / "77_new.tsv").write_text("# read: no relation stated\n", encoding="utf-8")
    devset.build(labels, pages)
    assert [p.relations for p in devset.load_relations(pages, devset.MANIFEST)] == [[]]


@pytest.mark.parametrize("line, error", [
    ("located_in\t부산 블록체인 규제자유특구\t부산", "not in one sentence"),
    ("holds_title\t중소벤처기업부\t장관#1", "does not link ORG to TITLE"),
    ("holds_title\t홍종학\t장관#1", "gold of 2 mentions: write 홍종학#k"),
    ("holds_title\t홍종학#3\t장관#1", "has 2 mention\\(s\\), not #3"),
    ("knows\t홍종학#1\t장관#1", "unknown relation type 'knows'"),
    ("belongs_to\t이순신\t중소벤처기업부", "'이순신' is not an entity"),
    ("holds_title\t홍종학#1", "expected TYPE<TAB>head<TAB>tail"),
    ("holds_title\t홍종학#1\t장관#1\nholds_title\t홍종학#1\t장관#1", "repeats line 1"),
])
def test_a_relation_breaking_the_rule_is_an_error_naming_the_file_and_line(devset_dirs, line, error):
    pages, labels, relations = devset_dirs
    (relations / "77_new.tsv").write_text(line + "\n", encoding="utf-8")
    with pytest.raises(SystemExit, match=r"77_new\.tsv:[12]: .*" + error):
        devset.build(labels, pages)


def test_check_reports_a_relation_off_the_entity_gold_or_across_sentences(devset_dirs):
    pages, labels, relations = devset_dirs
    (relations / "77_new.tsv").write_text(RELATIONS, encoding="utf-8")
    devset.build(labels, pages)
    manifest = json.loads(devset.MANIFEST.read_text(encoding="utf-8"))
    zone, loc = _span("부산 블록체인 규제자유특구", "ZONE"), _span("부산", "LOC", 2)
    manifest["pages"][0]["relations"] += [
        [zone[0], zone[0] + 2, loc[0], loc[1], "located_in", "부산", "부산"],  # the ZONE's first word is no entity
        [zone[0], zone[1], loc[0], loc[1], "located_in", "부산 블록체인 규제자유특구", "부산"]]
    devset.MANIFEST.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    problems = devset.check(pages, devset.MANIFEST)
    assert len(problems) == 2 and "not an entity of the page's gold" in problems[0]
    assert "not in one sentence" in problems[1]
    report = io.StringIO()  # the loader leaves such a page out and says so rather than fail
    assert devset.load_relations(pages, devset.MANIFEST, report=report) == []
    assert "77_new.txt" in report.getvalue() and "not gold entities" in report.getvalue()


def test_sentences_end_at_a_full_stop_before_a_space_or_the_line_end_only():
    text = "6.9조 원을 Segye.com에 썼다. 다음 문장이다\n둘째 줄."
    ranges = [(0, text.index("\n")), (text.index("\n") + 1, len(text))]
    assert [text[s:e] for s, e in relgold.sentence_ranges(text, ranges)] == [
        "6.9조 원을 Segye.com에 썼다.", "다음 문장이다", "둘째 줄."]


def test_the_allowed_pairs_are_the_default_schemes():
    pairs = relgold.allowed_pairs()
    assert pairs["holds_title"] == ({"PERSON"}, {"TITLE"}) and "EVENT" in pairs["located_in"][0]
    assert len(pairs) == 11


def test_the_committed_relation_gold_links_gold_entities_with_allowed_pairs():
    manifest = json.loads(devset.MANIFEST.read_text(encoding="utf-8"))
    allowed = relgold.allowed_pairs()
    labelled = [page for page in manifest["pages"] if "relations" in page]
    assert {page["batch"] for page in labelled} == {"held-out-2", "held-out-3", "held-out-4", "held-out-5"}
    for page in labelled:
        entities = {(s, e): (label, text) for s, e, label, text in page["entities"]}
        for hs, he, ts, te, kind, head_text, tail_text in page["relations"]:
            (head_label, head), (tail_label, tail) = entities[hs, he], entities[ts, te]
            assert (head, tail) == (head_text, tail_text)
            assert head_label in allowed[kind][0] and tail_label in allowed[kind][1]
        assert len({tuple(r[:5]) for r in page["relations"]}) == len(page["relations"])


def test_the_relations_bench_scores_each_batch_of_the_relation_gold_apart(devset_dirs):
    from dataclasses import replace

    from annotator.bench.relations import unseen_relation_figures

    pages, labels, relations = devset_dirs
    (relations / "77_new.tsv").write_text(RELATIONS, encoding="utf-8")
    devset.build(labels, pages)
    [page] = devset.load_relations(pages, devset.MANIFEST)
    figures = unseen_relation_figures([page, replace(page, name="91_new.txt", batch="held-out-4")])
    assert set(figures) == {"held_out_3", "held_out_4"}  # a new batch needs no key of its own
    assert figures["held_out_4"]["pages"] == 1 and figures["held_out_4"] == figures["held_out_3"]
    assert sum(kind["gold"] for kind in figures["held_out_4"]["per_relation"].values()) == len(page.relations)
