"""annotator assign and annotator merge as whole processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from annotator.core.model import NewDocument
from annotator.store import Project


def _cli(*args, cwd, reviewer="coordinator"):
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANNOTATOR_")}
    env["ANNOTATOR_REVIEWER"] = reviewer
    done = subprocess.run([sys.executable, "-m", "annotator", *args], capture_output=True, text=True, env=env,
                          cwd=cwd, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_assign_then_merge(tmp_path):
    db = tmp_path / "project.db"
    with Project.open(db, "coordinator") as project:
        project.add_documents([NewDocument(text=f"기사 {i}: 강원 규제자유특구 지정", title=f"{i}") for i in range(10)])
    plan = json.loads(_cli("assign", "--db", str(db), "--reviewers", "kim,lee,park", "--overlap", "0.2",
                           "--seed", "3", "--out", str(tmp_path / "out"), "--json", "--quiet", cwd=tmp_path))
    assert plan["shared"] == 2
    assert sorted(v["documents"] for v in plan["per_reviewer"].values()) == [4, 5, 5]
    files = plan["files"]
    for name, path in zip(("kim", "lee", "park"), files):
        with Project.open(path, name) as project:
            first = project.document_ids()[0]
            project.add_span(first, 4, 6, "LOC")
            project.set_status(first, "done")
    merged = json.loads(_cli("merge", *files, "--into", str(tmp_path / "team.db"), "--json", "--quiet",
                             cwd=tmp_path, reviewer="adjudicator"))
    assert merged["documents_added"] == 10 and merged["documents_matched"] == 0
    assert merged["document_copies_matched"] == 4  # the 2 shared documents in 2 more files
    text = _cli("merge", *files, "--into", str(tmp_path / "team.db"), cwd=tmp_path, reviewer="adjudicator")
    assert "0 documents added, 10 already in the project (matched by text, 14 copies in the files)" in text and "0 reviewer layers of documents updated" in text
    agreement = json.loads(_cli("agreement", "--db", str(tmp_path / "team.db"), "--json", cwd=tmp_path))
    assert set(agreement["layers"]) <= {"kim", "lee", "park"}


def test_failed_merge_leaves_no_new_team_file_and_an_old_one_unchanged(tmp_path):
    # `merge` creates --into when it is missing; a merge that fails must not leave that empty project behind
    good = tmp_path / "kim.db"
    with Project.open(good, "kim") as project:
        project.add_documents([NewDocument(text="강원 규제자유특구 지정", title="1")])
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"not a database\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANNOTATOR_")}
    for sources in ([str(tmp_path / "missing.db")], [str(good), str(bad)]):
        team = tmp_path / "team.db"
        done = subprocess.run([sys.executable, "-m", "annotator", "merge", *sources, "--into", str(team)],
                              capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300)
        assert done.returncode == 1 and "Traceback" not in done.stderr
        assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.db", "kim.db"]
    _cli("merge", str(good), "--into", str(tmp_path / "team.db"), "--quiet", cwd=tmp_path)
    done = subprocess.run([sys.executable, "-m", "annotator", "merge", str(bad), "--into", str(tmp_path / "team.db")],
                          capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300)
    assert done.returncode == 1 and "bad.db" in done.stderr
    assert (tmp_path / "team.db").exists()
    with Project.open(tmp_path / "team.db", "kim") as project:
        assert len(project.document_ids()) == 1


def test_assign_refuses_to_write_over_reviewer_files_unless_told_and_leaves_only_the_files(tmp_path):
    db = tmp_path / "project.db"
    with Project.open(db, "coordinator") as project:
        project.add_documents([NewDocument(text=f"기사 {i}: 강원 규제자유특구 지정", title=f"{i}") for i in range(6)])
    args = ("assign", "--db", str(db), "--reviewers", "kim,lee", "--overlap", "0.5", "--out", "handout", "--quiet")
    _cli(*args, cwd=tmp_path)
    handout = tmp_path / "handout"
    # only the files to send: no -wal/-shm beside them
    assert sorted(p.name for p in handout.iterdir()) == ["kim.annotator.db", "lee.annotator.db"]
    with Project.open(handout / "kim.annotator.db", "kim") as project:
        for doc_id in project.document_ids()[:2]:
            project.set_status(doc_id, "done")
    kim_before = (handout / "kim.annotator.db").read_bytes()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANNOTATOR_")}
    env["ANNOTATOR_REVIEWER"] = "coordinator"
    again = subprocess.run([sys.executable, "-m", "annotator", *args], capture_output=True, text=True, env=env,
                           cwd=tmp_path, timeout=300)
    assert again.returncode == 1 and again.stdout == ""
    assert ("handout/kim.annotator.db exists already and holds work (kim: 2 done of its documents)"
            in again.stderr)
    assert "handout/lee.annotator.db exists already\n" in again.stderr  # nothing begun there
    assert "nothing was written" in again.stderr and "annotator merge handout/kim.annotator.db" in again.stderr
    assert (handout / "kim.annotator.db").read_bytes() == kim_before
    _cli(*args, "--replace", cwd=tmp_path)
    with Project.open(handout / "kim.annotator.db", "kim", read_only=True) as project:
        assert project.status_counts("kim")["done"] == 0  # written anew, as asked


def test_mistyped_names_are_refused_not_ignored(tmp_path):
    db = tmp_path / "project.db"
    with Project.open(db, "kim") as project:
        project.add_documents([NewDocument(text="강원 규제자유특구 지정", title="1")])
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANNOTATOR_")}
    env["ANNOTATOR_REVIEWER"] = "lead"

    def run(*args):
        return subprocess.run([sys.executable, "-m", "annotator", *args], capture_output=True, text=True, env=env,
                              cwd=tmp_path, timeout=300)

    agreement = run("agreement", "--db", str(db), "--label", "NOPE", "--label", "ORG")
    assert agreement.returncode == 2 and "no entity label 'NOPE' in the project's scheme (it has: " in agreement.stderr
    merge = run("merge", str(db), "--into", str(tmp_path / "team.db"), "--map-reviewer", "nobody=kim2")
    assert merge.returncode == 2
    assert "--map-reviewer: no reviewer 'nobody' in the files to merge (they hold: kim)" in merge.stderr
    assert not (tmp_path / "team.db").exists()
    assert run("merge", str(db), "--into", str(tmp_path / "team.db"), "--map-reviewer", "kim=lead",
               "--quiet").returncode == 0
