"""annotator export / annotator report, end to end through a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.store import Project
from tests.io.export_sample import build_sample_project

REPO = Path(__file__).resolve().parents[2]


def run_cli(*args):
    env = dict(os.environ, PYTHONPATH=str(REPO), ANNOTATOR_REVIEWER="kim")
    return subprocess.run([sys.executable, "-m", "annotator", *args], capture_output=True, text=True, env=env,
                          cwd=REPO)


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "p.db"
    build_sample_project(path, emoji=False).close()
    return path


def test_export_doccano_json_summary(db, tmp_path):
    out = tmp_path / "d.jsonl"
    result = run_cli("export", "doccano", "--db", str(db), "--out", str(out), "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["documents"] == 3 and summary["spans"] == 180 and summary["relations"] == 53
    assert len(out.read_text(encoding="utf-8").splitlines()) == 3


def test_export_status_all_and_boilerplate_flags(db, tmp_path):
    out = tmp_path / "brat"
    result = run_cli("export", "brat", "--db", str(db), "--out", str(out), "--status", "all",
                     "--include-boilerplate")
    assert result.returncode == 0, result.stderr
    assert "exported 3 documents, 180 entities and 53 relations" in result.stdout
    assert len(list(out.glob("*.ann"))) == 3


def test_a_format_without_relations_does_not_say_it_wrote_none(db, tmp_path):
    """CSV said "and 0 relations" of a project with 53, which read as if they were lost."""
    out = tmp_path / "e.csv"
    result = run_cli("export", "csv", "--db", str(db), "--out", str(out), "--status", "all")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (f"exported 3 documents and 180 entities to {out} (the csv format has no place"
                                     " for relations)")
    summary = json.loads(run_cli("export", "csv", "--db", str(db), "--out", str(out), "--json").stdout)
    assert summary["holds_relations"] is False and summary["relations"] == 0


def test_export_done_scope_for_another_reviewer_is_refused_with_a_hint(db, tmp_path):
    result = run_cli("export", "csv", "--db", str(db), "--reviewer", "lee", "--out", str(tmp_path / "x.csv"))
    assert result.returncode == 1
    assert "nothing to export: no document is marked done by lee" in result.stderr and "--status all" in result.stderr
    assert f"{tmp_path / 'x.csv'} was not written" in result.stderr and not (tmp_path / "x.csv").exists()


def test_an_empty_scope_leaves_an_earlier_export_as_it_was(db, tmp_path):
    out = tmp_path / "prev.jsonl"
    first = run_cli("export", "doccano", "--db", str(db), "--out", str(out), "--status", "all")
    assert first.returncode == 0, first.stderr
    before = out.read_bytes()
    again = run_cli("export", "doccano", "--db", str(db), "--out", str(out), "--reviewer", "lee", "--json")
    assert again.returncode == 1 and f"the existing {out} is left as it was" in again.stderr
    assert json.loads(again.stdout) == {"format": "doccano", "out": str(out), "documents": 0, "written": False,
                                        "reason": json.loads(again.stdout)["reason"]}
    assert out.read_bytes() == before and len(before.splitlines()) == 3
    brat = tmp_path / "brat"
    assert run_cli("export", "brat", "--db", str(db), "--out", str(brat), "--status", "all").returncode == 0
    files = sorted(p.name for p in brat.iterdir())
    assert run_cli("export", "brat", "--db", str(db), "--out", str(brat), "--reviewer", "lee").returncode == 1
    assert sorted(p.name for p in brat.iterdir()) == files and len(files) > 3


def test_an_empty_scope_leaves_earlier_spacy_files_and_prints_no_train_command(db, tmp_path):
    out = tmp_path / "spacy"
    assert run_cli("export", "spacy", "--db", str(db), "--out", str(out), "--status", "all").returncode == 0
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    again = run_cli("export", "spacy", "--db", str(db), "--out", str(out), "--reviewer", "lee")
    assert again.returncode == 1 and "nothing to export" in again.stderr and "spacy train" not in again.stdout
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before


def test_exporting_an_empty_project_is_refused(tmp_path):
    db = tmp_path / "empty.db"
    with Project.open(db, "kim"):
        pass
    result = run_cli("export", "conll", "--db", str(db), "--out", str(tmp_path / "x.conll"), "--status", "all")
    assert result.returncode == 1 and "nothing to export: the project holds no documents" in result.stderr


def test_unknown_format_is_rejected(db):
    result = run_cli("export", "xml", "--db", str(db))
    assert result.returncode == 2 and "invalid choice" in result.stderr


def test_report_command(db, tmp_path):
    out = tmp_path / "report.xlsx"
    result = run_cli("report", "--db", str(db), "--out", str(out), "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["entities"] == 180 and summary["sheets"]["관계"] == 53
    assert out.read_bytes()[:2] == b"PK"


def test_layer_choice_of_export_and_report(tmp_path):
    from annotator.store import Project

    path = tmp_path / "layers.db"
    project = build_sample_project(path, emoji=False)
    first = project.document_ids()[0]
    imported = project.layers_of(first)[0].name
    project.close()
    with Project.open(path, "lee") as lee:  # lee starts from the import and adds one entity of her own
        lee.start_from_imports(first)
        text = lee.document(first).text
        free = next(i for i in range(len(text) - 1) if text[i:i + 2].strip() == text[i:i + 2]
                    and not any(s.start < i + 2 and s.end > i for s in lee.spans(first, "lee")))
        lee.add_span(first, free, free + 2, "ORG")
    spans = lambda *layer: json.loads(run_cli("export", "doccano", "--db", str(path), "--out",  # noqa: E731
                                              str(tmp_path / "o.jsonl"), "--json", *layer).stdout)["spans"]
    assert spans() == 181  # the import and lee's copies merged, plus her own
    assert spans("--layer", imported) == 180 and spans("--layer", "all") == 181
    with Project.open(path, "kim") as kim:
        in_lee = len(kim.spans(first, "lee"))
    assert spans("--layer", "lee") == in_lee  # her layer holds one document's entities
    result = run_cli("report", "--db", str(path), "--out", str(tmp_path / "r.xlsx"), "--json", "--layer", imported)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["entities"] == 180
    result = run_cli("report", "--db", str(path), "--out", str(tmp_path / "r.xlsx"), "--json")
    assert json.loads(result.stdout)["entities"] == 181
    bad = run_cli("export", "csv", "--db", str(path), "--out", str(tmp_path / "x.csv"), "--layer", "park")
    assert bad.returncode != 0 and "no annotation layer named 'park'" in bad.stderr


def test_report_command_for_a_period(db, tmp_path):
    out = tmp_path / "period.xlsx"
    result = run_cli("report", "--db", str(db), "--out", str(out), "--from", "2024-03-01", "--to", "2024.3.31", "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["documents"] == 1 and summary["zones"] == 1  # the one sample page dated 2024-03-13
    assert summary["generic_zone_mentions"] == 0
    assert summary["undated_left_out"] == 2  # the two sample pages without a date, said on stderr too
    assert "note: 2 documents have no known date and are not in the period" in result.stderr
    refused = run_cli("report", "--db", str(db), "--out", str(out), "--from", "3월")
    assert refused.returncode == 1 and "not a date" in refused.stderr
    backwards = run_cli("report", "--db", str(db), "--out", str(tmp_path / "x.xlsx"), "--from", "2024-05-01", "--to", "2024-01-01")
    assert backwards.returncode == 1 and "after --to" in backwards.stderr and not (tmp_path / "x.xlsx").exists()


def test_the_report_and_training_refuse_the_suggestions_layer(db, tmp_path):
    for args in (("report", "--out", str(tmp_path / "r.xlsx")), ("train", "--out", str(tmp_path / "model"))):
        result = run_cli(*args, "--db", str(db), "--layer", "suggestions")
        assert result.returncode == 2
        assert "argument --layer: the machine's suggestions are not labels" in result.stderr
    assert not (tmp_path / "r.xlsx").exists() and not (tmp_path / "model").exists()


def test_every_command_describes_itself():
    from annotator.cli import COMMAND_MODULES, build_parser, command_name

    for module in COMMAND_MODULES:
        name = command_name(module)
        sub = build_parser(name)._subparsers._group_actions[0].choices[name]
        assert sub.description, name  # `annotator NAME --help` says what the command does
    text = run_cli("--help").stdout
    for fmt in ("JSONL", "Label Studio", "brat", "CoNLL", "KLUE-NER", "WebAnno"):
        assert fmt in text, fmt


def test_an_unknown_layer_is_named_before_an_empty_scope(db, tmp_path):
    result = run_cli("export", "csv", "--db", str(db), "--reviewer", "lee", "--layer", "nosuch",
                     "--out", str(tmp_path / "x.csv"))
    assert result.returncode == 1 and "no annotation layer named 'nosuch'" in result.stderr
    assert "nothing to export" not in result.stderr


def test_a_broken_pipe_other_than_stdout_is_an_error(monkeypatch, capsys, tmp_path):
    from annotator import cli
    from annotator.commands import stats

    def dead_worker(args):
        raise BrokenPipeError(32, "Broken pipe")  # a worker process's pipe, not the reader of stdout

    monkeypatch.setattr(stats, "run", dead_worker)
    assert cli.main(["stats", "--db", str(tmp_path / "p.db")]) == 1
    assert "annotator: error:" in capsys.readouterr().err
