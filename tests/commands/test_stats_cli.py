"""annotator stats, end to end through a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from annotator.core.model import NewDocument, NewSpan
from annotator.store import Project

REPO = Path(__file__).resolve().parents[2]


def run_cli(*args, env=None):
    env = dict(os.environ, PYTHONPATH=str(REPO), **(env or {}))
    return subprocess.run([sys.executable, "-m", "annotator", *args], capture_output=True, text=True, env=env, cwd=REPO)


def test_stats_json(tmp_path):
    db = tmp_path / "p.db"
    with Project.open(db, "kim") as p:
        (doc_id,) = p.add_documents([NewDocument("중기부 차관", spans=[NewSpan(0, 3, "ORG"), NewSpan(4, 6, "TITLE")])]).imported
        p.set_status(doc_id, "done")
    out = run_cli("stats", "--db", str(db), "--json", env={"ANNOTATOR_REVIEWER": "kim"})
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["documents"] == 1 and data["spans"] == 2 and data["relations"] == 0
    assert data["by_status"]["done"] == 1
    assert data["by_label"]["ORG"] == 1 and data["by_label"]["TITLE"] == 1


def test_db_from_environment_and_clear_error_for_bad_file(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_text("not sqlite")
    out = run_cli("stats", "--json", env={"ANNOTATOR_DB": str(bad)})
    assert out.returncode == 1
    assert "not an annotator project" in out.stderr and str(bad) in out.stderr
    assert "Traceback" not in out.stderr


def test_commands_that_write_nothing_in_a_reviewers_name_add_no_reviewer(tmp_path):
    # run as a login name new to the project, a reading command used to add that reviewer and an empty layer,
    # which agreement, merges and the app then listed
    db = tmp_path / "p.db"
    with Project.open(db, "kim") as p:
        (doc_id,) = p.add_documents([NewDocument("중기부 차관", spans=[NewSpan(0, 3, "ORG")])]).imported
        p.set_status(doc_id, "done")

    def reviewers_and_layers():
        with Project.open(db, "kim", read_only=True) as p:
            return (sorted(r for (r,) in p.conn.execute("SELECT name FROM reviewers")),
                    sorted(n for (n,) in p.conn.execute("SELECT name FROM layers")))

    before = reviewers_and_layers()
    env = {"ANNOTATOR_REVIEWER": "newcomer"}
    for args in (("stats", "--json"), ("agreement", "--json"), ("index",),
                 ("export", "doccano", "--reviewer", "kim", "--out", str(tmp_path / "out.jsonl")),
                 ("report", "--out", str(tmp_path / "report.xlsx"))):
        out = run_cli(*args, "--db", str(db), env=env)
        assert out.returncode in (0, 1) and "Traceback" not in out.stderr, (args, out.stderr)
        assert reviewers_and_layers() == before, args
    assert (tmp_path / "out.jsonl").read_text(encoding="utf-8").count("\n") == 1
    assert (tmp_path / "report.xlsx").stat().st_size > 0
    # a command that does write in a reviewer's name still adds them
    with Project.open(db, "newcomer") as p:
        assert p.reviewer == "newcomer" and p.layer_id > 0


def test_stats_name_whose_statuses_they_are_and_show_the_others(tmp_path):
    db = tmp_path / "team.db"
    with Project.open(db, "kim") as p:
        ids = p.add_documents([NewDocument(f"중기부 차관 {i}") for i in range(3)]).imported
        p.set_status(ids[0], "done")
    with Project.open(db, "lead"):
        pass
    out = run_cli("stats", "--db", str(db), env={"ANNOTATOR_REVIEWER": "lead"})
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert "status (lead): new 3, in_progress 0, done 0, skipped 0" in lines
    assert "  kim: new 2, in_progress 0, done 1, skipped 0" in lines
    data = json.loads(run_cli("stats", "--db", str(db), "--json", "--reviewer", "kim").stdout)
    assert data["reviewer"] == "kim" and data["by_status"]["done"] == 1
    assert data["by_reviewer_status"]["kim"]["done"] == 1 and data["by_reviewer_status"]["lead"]["done"] == 0


def test_counted_phrases_take_the_plural_only_for_many():
    from annotator.commands.common import counted

    assert [counted(n, "document") for n in (0, 1, 2)] == ["0 documents", "1 document", "2 documents"]
    assert counted(1, "entity") == "1 entity" and counted(5, "entity") == "5 entities"
    assert counted(2, "canonical entity") == "2 canonical entities" and counted(2, "person") == "2 people"


def test_without_db_the_file_read_is_named_and_a_missing_default_project_is_not_made(tmp_path):
    """`annotator stats` with no --db read the default per-user project without naming it, and made an empty one
    there when it did not exist ("0 documents"): a newcomer took it for their project being empty."""
    env = {k: v for k, v in os.environ.items() if k != "ANNOTATOR_DB"}
    env.update(HOME=str(tmp_path / "home"), XDG_DATA_HOME=str(tmp_path / "data"), PYTHONPATH=str(REPO))
    done = subprocess.run([sys.executable, "-m", "annotator", "stats"], capture_output=True, text=True, env=env,
                          cwd=tmp_path)
    default = tmp_path / "data" / "annotator" / "project.annotator.db"
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.strip() == (f"annotator: error: {default}: no such project file (the default project: no --db"
                                   " given; nothing was written; `annotator import FILES` makes it, or --db names"
                                   " another project)")
    assert not default.exists()
    db = tmp_path / "p.db"
    with Project.open(db, "kim") as p:
        p.add_documents([NewDocument("중기부 차관")])
    out = run_cli("stats", env={"ANNOTATOR_DB": str(db)})
    assert out.returncode == 0 and out.stdout.splitlines()[:2] == [f"project: {db}", "1 document, 0 entities,"
                                                                   " 0 relations"], out.stdout
