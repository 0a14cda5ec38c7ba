"""annotator suggest --db writing the suggestions layer, end to end: counts per label and source, reruns that
replace undecided suggestions and never repropose rejected ones, labels untouched, exports and the report reading
accepted labels only, and `export --layer suggestions` for inspection."""

from __future__ import annotations

import json

import pytest

from annotator.cli import main
from annotator.paths import resource_path
from annotator.store import Project

LABELLED = resource_path("samples", "seeds_labelled.jsonl")
ARTICLE = ("중기부 새 소식\n\n중소벤처기업부는 13일 강원 원주에서 글로벌 혁신 특구 설명회를 열었다고 밝혔다. "
           "오기웅 중소벤처기업부 차관은 120억 원을 지원한다.\n")
SOURCES = ["--sources", "dictionary,patterns"]


@pytest.fixture()
def db(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("ANNOTATOR_REVIEWER", "kim")
    article = tmp_path / "new.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    path = tmp_path / "p.db"
    assert main(["import", str(LABELLED), str(article), "--db", str(path), "--quiet"]) == 0
    capsys.readouterr()
    return path


def _suggest(capsys, db, *extra):
    code = main(["suggest", "--db", str(db), *SOURCES, "--json", "--quiet", *extra])
    return code, json.loads(capsys.readouterr().out)


def _labels(project):
    return {i: [(s.start, s.end, s.label, s.layer) for s in project.spans(i, all_layers=True)
                if s.layer != "suggestions"] for i in project.document_ids()}


def test_suggest_db_writes_the_layer_and_reruns_replace_it(db, capsys):
    with Project.open(db, "kim") as project:
        labels_before = _labels(project)
        new_doc = next(i for i, spans in labels_before.items() if not spans)
    code, out = _suggest(capsys, db, "--status", "all")
    assert code == 0 and out["stored"] is True
    with Project.open(db, "kim") as project:
        stored = project.suggestions(new_doc)
        assert _labels(project) == labels_before  # labels never touched
        total = sum(len(project.suggestions(i)) for i in project.document_ids())
    assert out["written"] == total > 0
    assert sum(out["by_label"].values()) == sum(out["by_source"].values()) == total
    texts = {(ARTICLE[s.start:s.end], s.label, s.source) for s in stored}
    assert {("중소벤처기업부", "ORG", "patterns"), ("120억 원", "MONEY", "patterns"), ("차관", "TITLE", "patterns")} <= texts
    ministry = next(s for s in stored if ARTICLE[s.start:s.end] == "중소벤처기업부")
    assert "also dictionary" in ministry.detail  # the detail stored with it names every source that agreed
    assert all(0 <= s.score <= 1 for s in stored)
    code, again = _suggest(capsys, db, "--status", "all")
    assert again["replaced"] == total and again["written"] == total  # the same run again: replaced, not doubled
    with Project.open(db, "kim") as project:
        assert sum(len(project.suggestions(i)) for i in project.document_ids()) == total


def test_rejected_is_not_proposed_again_and_accepted_is_a_label(db, capsys):
    assert _suggest(capsys, db, "--status", "all")[0] == 0
    with Project.open(db, "kim") as project:
        new_doc = next(i for i in project.document_ids() if not project.spans(i))
        pending = {ARTICLE[s.start:s.end]: s for s in project.suggestions(new_doc)}
        project.reject_suggestions([pending["13일"].id])
        project.accept_suggestions([pending["120억 원"].id])
        project.set_status(new_doc, "done")
    code, out = _suggest(capsys, db, "--status", "all")
    assert out["skipped_rejected"] == 1
    with Project.open(db, "kim") as project:
        now_pending = {ARTICLE[s.start:s.end] for s in project.suggestions(new_doc)}
        assert "13일" not in now_pending and "120억 원" not in now_pending and "차관" in now_pending
        assert [ARTICLE[s.start:s.end] for s in project.spans(new_doc)] == ["120억 원"]
        expected_pending = len(project.suggestions(new_doc, everyone=True))  # the run's, for every reviewer

    out_file = db.parent / "e.jsonl"
    assert main(["export", "doccano", "--db", str(db), "--out", str(out_file), "--quiet"]) == 0
    record = [json.loads(line) for line in out_file.read_text(encoding="utf-8").splitlines()]
    assert len(record) == 1  # the one document marked done, with its accepted label only
    assert [(record[0]["text"][e["start_offset"]:e["end_offset"]], e["label"]) for e in record[0]["entities"]] == [
        ("120억 원", "MONEY")]
    assert main(["export", "doccano", "--db", str(db), "--out", str(out_file), "--quiet", "--layer", "suggestions"]) == 0
    inspected = [json.loads(line) for line in out_file.read_text(encoding="utf-8").splitlines()]
    assert len(inspected[0]["entities"]) == expected_pending
    capsys.readouterr()
    assert main(["report", "--db", str(db), "--out", str(db.parent / "r.xlsx"), "--json", "--quiet"]) == 0
    report = json.loads(capsys.readouterr().out)
    with Project.open(db, "kim") as project:
        assert report["entities"] == project.stats()["spans"]  # labels only, no suggestion


def test_status_new_threshold_and_text_output(db, capsys):
    with Project.open(db, "kim") as project:
        first = project.document_ids()[0]
        project.set_status(first, "done")
    code = main(["suggest", "--db", str(db), *SOURCES, "--min-score", "0.9", "--quiet"])
    printed = capsys.readouterr().out
    assert code == 0 and "by label:" in printed and "by source:" in printed and "stored " in printed
    with Project.open(db, "kim") as project:
        assert project.suggestions(first) == []  # done: not in --status new
        assert project.suggested_document_ids() == set(project.document_ids()) - {first}
        assert all(s.score >= 0.9 for i in project.document_ids() for s in project.suggestions(i))
    assert main(["suggest", "--db", str(db), "--sources", "nope"]) == 2
    assert main(["suggest", "--dry-run", str(LABELLED)]) == 2


def _stored(db):
    with Project.open(db, "kim") as project:
        return {i: sorted((s.start, s.end, s.label, s.source, s.score, s.detail) for s in project.suggestions(i))
                for i in project.document_ids()}


def _no_kiwi(monkeypatch):
    """Every later Kiwi call fails: the analyser's line cache is emptied (a fresh process) and building or
    using Kiwi raises."""
    from annotator.core import korean

    def refuse(self):
        raise AssertionError("Kiwi was run although the project keeps the tokens")

    korean.default_analyser().clear_cache()
    monkeypatch.setattr(korean.KoreanAnalyser, "_ensure_kiwi", refuse)


def test_kept_tokens_are_used_and_give_the_same_suggestions(db, capsys, monkeypatch, tmp_path):
    """A project with kept tokens is pre-annotated without running Kiwi, to the same suggestions as one whose
    tokens are analysed during the run (and a first run keeps what it analysed for the next one)."""
    import shutil

    from annotator.core import korean

    tokenized = tmp_path / "tokenized.db"
    shutil.copy(db, tokenized)
    korean.default_analyser().clear_cache()
    code, fresh = _suggest(capsys, db, "--status", "all", "--sources", "dictionary,patterns,relations")
    assert code == 0 and fresh["written"] > 0
    assert main(["tokenize", "--db", str(tokenized), "--workers", "1", "--quiet"]) == 0
    capsys.readouterr()
    code, kept = _suggest(capsys, tokenized, "--status", "all", "--sources", "dictionary,patterns,relations")
    assert code == 0 and _stored(tokenized) == _stored(db)
    assert kept["by_label"] == fresh["by_label"] and kept["by_source"] == fresh["by_source"]
    with monkeypatch.context() as m:
        _no_kiwi(m)
        for path in (db, tokenized):  # both now keep every line the runs need
            before = _stored(path)
            code, again = _suggest(capsys, path, "--status", "all", "--sources", "dictionary,patterns,relations")
            assert code == 0 and _stored(path) == before and again["written"] == fresh["written"]
