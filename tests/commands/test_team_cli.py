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
    assert merged["documents_added"] == 10 and merged["documents_matched"] == 4
    text = _cli("merge", *files, "--into", str(tmp_path / "team.db"), cwd=tmp_path, reviewer="adjudicator")
    assert "0 documents added" in text and "0 reviewer layers of documents updated" in text
    agreement = json.loads(_cli("agreement", "--db", str(tmp_path / "team.db"), "--json", cwd=tmp_path))
    assert set(agreement["layers"]) <= {"kim", "lee", "park"}
