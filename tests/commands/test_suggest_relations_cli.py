"""annotator suggest --db --sources relations, end to end: relation candidates between the reviewer's own
entities stored with counts per relation type, the entity suggestions left alone, reruns that replace undecided
candidates and never repropose rejected or accepted ones, and exports and the report reading accepted relations
only."""

from __future__ import annotations

import json

import pytest

from annotator.cli import main
from annotator.core.suggestions import NewSuggestion
from annotator.store import Project

ARTICLE = ("중기부 새 소식\n\n중소벤처기업부는 13일 강원 원주에서 글로벌 혁신 특구 설명회를 열었다고 밝혔다. "
           "오기웅 중소벤처기업부 차관은 120억 원을 지원한다.\n")


def _at(text: str, label: str, nth: int = 0) -> tuple[int, int, str]:
    start = -1
    for _ in range(nth + 1):
        start = ARTICLE.index(text, start + 1)
    return start, start + len(text), label


PERSON, ORG, TITLE = _at("오기웅", "PERSON"), _at("중소벤처기업부", "ORG", 1), _at("차관", "TITLE")


@pytest.fixture()
def db(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("ANNOTATOR_REVIEWER", "kim")
    article = tmp_path / "new.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    path = tmp_path / "p.db"
    assert main(["import", str(article), "--db", str(path), "--quiet"]) == 0
    with Project.open(path, "kim") as project:
        doc = project.document_ids()[0]
        for start, end, label in (PERSON, ORG, TITLE):
            project.add_span(doc, start, end, label)
        project.write_suggestions({doc: [NewSuggestion(*_at("120억 원", "MONEY"), "patterns", 0.9)]})
    capsys.readouterr()
    return path


def _suggest(capsys, db, *extra):
    code = main(["suggest", "--db", str(db), "--sources", "relations", "--status", "all", "--json", "--quiet",
                 *extra])
    return code, json.loads(capsys.readouterr().out)


def _pending(db):
    with Project.open(db, "kim") as project:
        doc = project.document_ids()[0]
        return doc, {s.label: s for s in project.relation_suggestions(doc)}


def _exported_relations(db, capsys):
    out = db.parent / "e.jsonl"
    assert main(["export", "doccano", "--db", str(db), "--out", str(out), "--quiet", "--status", "all"]) == 0
    capsys.readouterr()
    return [(r["type"]) for line in out.read_text(encoding="utf-8").splitlines()
            for r in json.loads(line)["relations"]]


def test_relations_are_stored_for_review_counted_by_type_and_kept_out_of_exports(db, capsys):
    code, out = _suggest(capsys, db)
    assert code == 0 and out["stored"] is True and out["sources"] == ["relations"]
    assert out["relations_by_label"] == {"belongs_to": 1, "holds_title": 1}
    assert out["relations"] == {"written": 2, "replaced": 0, "skipped_rejected": 0, "skipped_existing": 0}
    assert out["by_source"] == {"relations": 2}
    doc, pending = _pending(db)
    assert {(s.head, s.tail) for s in pending.values()} == {(PERSON, TITLE), (PERSON, ORG)}
    with Project.open(db, "kim") as project:
        assert [s.label for s in project.suggestions(doc)] == ["MONEY"]  # a relations-only run keeps them
        assert project.relations(doc, all_layers=True) == []
    # pending candidates never reach an export or the report
    assert _exported_relations(db, capsys) == []
    capsys.readouterr()
    assert main(["report", "--db", str(db), "--out", str(db.parent / "r.xlsx"), "--json", "--quiet"]) == 0
    assert json.loads(capsys.readouterr().out)["relations"] == 0
    # the text output says what was stored
    assert main(["suggest", "--db", str(db), "--sources", "relations", "--status", "all", "--quiet"]) == 0
    printed = capsys.readouterr().out
    assert "relations: belongs_to 1, holds_title 1" in printed
    assert "stored 2 relation suggestions" in printed and "replacing 0 undecided" in printed  # the same two again


def test_rejected_stays_rejected_and_accepted_is_a_relation_across_reruns(db, capsys):
    assert _suggest(capsys, db)[0] == 0
    doc, pending = _pending(db)
    with Project.open(db, "kim") as project:
        project.reject_relation_suggestions([pending["belongs_to"].id])
        project.accept_relation_suggestions([pending["holds_title"].id])
    code, out = _suggest(capsys, db)
    assert code == 0 and out["relations"] == {"written": 0, "replaced": 0, "skipped_rejected": 1,
                                              "skipped_existing": 1}
    assert out["relations_by_label"] == {}
    assert _pending(db)[1] == {}
    assert _exported_relations(db, capsys) == ["holds_title"]  # the accepted one only
    code, dry = _suggest(capsys, db, "--dry-run")  # a dry run leaves the rejected one out too
    assert dry["stored"] is False and dry["relations_by_label"] == {}


def test_relations_with_entity_sources_link_accepted_entities_only(db, capsys):
    code, out = _suggest(capsys, db, "--sources", "patterns,relations")
    assert code == 0 and out["relations_by_label"] == {"belongs_to": 1, "holds_title": 1}
    doc, pending = _pending(db)
    assert all(s.head[2] == "PERSON" for s in pending.values())
    with Project.open(db, "kim") as project:  # the entity sources' run replaced the suggestions layer
        assert {ARTICLE[s.start:s.end] for s in project.suggestions(doc)} >= {"120억 원"}
