"""What a team lead new to the CLI ran into (session 26): `assign` and `merge` ended without saying what comes
next, and an export of "done" documents after a merge wrote nothing, blaming "this reviewer" (the lead's own login
name) while the reviewers' done marks were in the file. Each hint is followed here as printed, to show it works."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys

from annotator.core.model import NewDocument
from annotator.store import Project


def _run(*args, cwd, reviewer="lead"):
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANNOTATOR_")}
    env["ANNOTATOR_REVIEWER"] = reviewer
    done = subprocess.run([sys.executable, "-m", "annotator", *args], capture_output=True, text=True, env=env,
                          cwd=cwd, timeout=300)
    assert done.returncode in (0, 1), done.stderr
    return done


def test_assign_merge_agreement_and_export_say_what_to_do_next(tmp_path):
    db = tmp_path / "project.db"
    with Project.open(db, "lead") as project:
        project.add_documents([NewDocument(text=f"기사 {i}: 강원 규제자유특구 지정", title=f"{i}") for i in range(6)])
    out = _run("assign", "--db", "project.db", "--reviewers", "kim,lee", "--overlap", "0.5", "--out", "handout",
               "--quiet", cwd=tmp_path).stdout
    assert "next: each reviewer opens their file in the app" in out and "marks each finished document done" in out
    merge_line = next(line.strip() for line in out.splitlines() if line.strip().startswith("annotator merge "))
    for name in ("kim", "lee"):
        with Project.open(tmp_path / "handout" / f"{name}.annotator.db", name) as project:
            for doc_id in project.document_ids():
                project.add_span(doc_id, 3, 5, "LOC")
                project.set_status(doc_id, "done")
    merged = _run(*shlex.split(merge_line)[1:], "--quiet", cwd=tmp_path)  # the printed command, as printed
    assert merged.returncode == 0 and "reviewers added: kim, lee" in merged.stdout
    assert "next: `annotator agreement --db project.db`" in merged.stdout and "View ▸ Adjudicate" in merged.stdout

    agreement = _run("agreement", "--db", "project.db", cwd=tmp_path)
    assert agreement.returncode == 0 and "next: adjudicate the documents listed first" in agreement.stdout

    export = _run("export", "doccano", "--db", "project.db", "--out", "done.jsonl", "--quiet", cwd=tmp_path)
    assert export.returncode == 1 and "nothing to export" in export.stderr and not (tmp_path / "done.jsonl").exists()
    assert "no document is marked done by lead (the reviewer this command runs as" in export.stderr
    assert "documents marked done by other reviewers: kim " in export.stderr and "--reviewer kim" in export.stderr
    kim = json.loads(_run("export", "doccano", "--db", "project.db", "--out", "kim.jsonl", "--reviewer", "kim",
                          "--json", "--quiet", cwd=tmp_path).stdout)  # the hint followed: kim's done documents
    with Project.open(tmp_path / "handout" / "kim.annotator.db", "kim", read_only=True) as project:
        assert kim["documents"] == len(project.document_ids()) > 0


def test_agreement_with_nothing_to_compare_says_how_to_get_there(tmp_path):
    db = tmp_path / "project.db"
    with Project.open(db, "lead") as project:
        project.add_documents([NewDocument(text="강원 규제자유특구 지정", title="1")])
    done = _run("agreement", "--db", "project.db", cwd=tmp_path)
    assert done.returncode == 1
    assert "Ctrl+Enter in the app" in done.stderr and "`annotator merge FILES --into THIS`" in done.stderr


def test_assign_to_one_reviewer_says_there_is_nobody_to_agree_with(tmp_path):
    with Project.open(tmp_path / "project.db", "lead") as project:
        project.add_documents([NewDocument(text=f"기사 {i} 강원 규제자유특구", title=f"{i}") for i in range(3)])
    out = _run("assign", "--db", "project.db", "--reviewers", "kim", "--out", "handout", "--quiet",
               cwd=tmp_path).stdout
    assert "one reviewer shares with nobody" in out and (tmp_path / "handout" / "kim.annotator.db").exists()


def test_reviewer_help_says_what_the_name_decides_in_each_command(tmp_path):
    export = " ".join(_run("export", "csv", "--help", cwd=tmp_path).stdout.split())
    assert "whose done marks --status done reads" in export
    imported = " ".join(_run("import", "--help", cwd=tmp_path).stdout.split())
    assert "the name changes are recorded under" in imported and "--status done" not in imported
