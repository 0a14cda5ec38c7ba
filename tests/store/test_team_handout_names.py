"""Reviewer names that come out as one file name: a file name keeps letters, digits, '-', '_' and '.', so 'a/b' and
'a b' are both a_b.annotator.db, and kim and KIM are one file where names are not case-sensitive (Windows, macOS).
The second reviewer's file was written over the first's and the rename after it failed, so the hand-out said
"nothing was written" of the file it had just replaced (with --replace: a reviewer's work not merged back yet)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.core.model import NewDocument
from annotator.core.team import plan_assignment
from annotator.store import Project, ProjectError
from annotator.store.team_handout import write_assignment

REPO = Path(__file__).resolve().parents[2]


def _project(path: Path) -> Project:
    project = Project.open(path, "lead")
    project.add_documents([NewDocument(text=f"강원 규제자유특구 지정 {i}번 기사") for i in range(6)])
    return project


@pytest.mark.parametrize("names", [["a/b", "a b"], ["kim", "KIM", "lee"], ["..", "reviewer"], ["x.", "x"]])
def test_two_reviewers_of_one_file_name_are_refused_before_anything_is_written(tmp_path, names):
    with _project(tmp_path / "team.db") as project:
        plan = plan_assignment(project.document_ids(), names, overlap=0.5)
        with pytest.raises(ProjectError, match="would both be handed out in") as caught:
            write_assignment(project, plan, tmp_path / "out")
    assert "nothing was written" in str(caught.value)
    assert not (tmp_path / "out").exists()


def test_assign_with_replace_leaves_the_reviewer_file_there_as_it_was(tmp_path):
    with _project(tmp_path / "team.db") as project:
        (first,) = write_assignment(project, plan_assignment(project.document_ids(), ["a/b"], overlap=0),
                                    tmp_path / "out")
    with Project.open(first, "a/b") as reviewer:  # their work, not merged back yet
        reviewer.set_status(reviewer.document_ids()[0], "done")
    before = hashlib.sha256(first.read_bytes()).hexdigest()
    env = dict(os.environ, ANNOTATOR_REVIEWER="lead")
    done = subprocess.run([sys.executable, "-m", "annotator", "assign", "--db", str(tmp_path / "team.db"), "-q",
                           "--reviewers", "a/b,a b", "--out", str(tmp_path / "out"), "--replace"],
                          capture_output=True, text=True, env=env, cwd=REPO, timeout=300)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert f"reviewers 'a/b' and 'a b' would both be handed out in {first}" in done.stderr
    assert hashlib.sha256(first.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in first.parent.iterdir()) == [first.name]
