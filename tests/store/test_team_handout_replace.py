"""Writing a hand-out over files already there: never over the project itself, never over a file another program
has open, and never beside the old file's write-ahead log (SQLite would read its pages into the new file)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.core.model import NewDocument
from annotator.core.team import plan_assignment
from annotator.store import Project, ProjectError
from annotator.store.team_handout import assignment_file, work_in_file, write_assignment

REPO = Path(__file__).resolve().parents[2]


def _project(path: Path, n: int = 6) -> Project:
    project = Project.open(path, "lead")
    project.add_documents([NewDocument(text=f"강원 규제자유특구 지정 {i}번 기사", title=f"{i}") for i in range(n)])
    return project


def test_a_reviewer_file_that_is_the_project_itself_is_refused(tmp_path):
    path = tmp_path / "kim.annotator.db"
    with _project(path) as project:
        plan = plan_assignment(project.document_ids(), ["kim", "lee"], overlap=0.5)
        with pytest.raises(ProjectError, match="that is the project being handed out"):
            write_assignment(project, plan, tmp_path)
        assert project.count_documents() == 6
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kim.annotator.db"]  # no lee file, no part
    with Project.open(path, "lead", read_only=True) as project:
        assert project.count_documents() == 6 and project.get_meta("assignment") is None


def test_a_file_open_in_another_program_is_not_replaced(tmp_path):
    with _project(tmp_path / "team.db") as project:
        plan = plan_assignment(project.document_ids(), ["kim"], overlap=0)
        (kim_file,) = write_assignment(project, plan, tmp_path / "out")
        with Project.open(kim_file, "kim") as kim:  # the reviewer's app has it open
            kim.set_status(kim.document_ids()[0], "done")
            with pytest.raises(ProjectError, match="open in another program"):
                write_assignment(project, plan, tmp_path / "out")
            assert kim.status_counts("kim")["done"] == 1  # their work is still there, in the file they have open
        assert not list((tmp_path / "out").glob("*.part*"))


def test_a_replaced_file_takes_its_write_ahead_log_with_it(tmp_path):
    with _project(tmp_path / "team.db", 40) as project:
        plan = plan_assignment(project.document_ids(), ["kim", "lee"], overlap=0.5)
        kim_file, _ = write_assignment(project, plan, tmp_path / "out")
        # the reviewer's app killed: its work is in the file's -wal only
        script = (f"from annotator.store import Project\nimport os\np = Project.open({str(kim_file)!r}, 'kim')\n"
                  "p.conn.execute('PRAGMA wal_autocheckpoint = 0')\n"
                  "[p.set_status(d, 'done') for d in p.document_ids()]\nos._exit(0)\n")
        subprocess.run([sys.executable, "-c", script], check=True, cwd=REPO)
        assert Path(f"{kim_file}-wal").stat().st_size > 0
        assert "kim: " in work_in_file(kim_file) and "done" in work_in_file(kim_file)
        write_assignment(project, plan, tmp_path / "out")  # written over, as asked
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["kim.annotator.db", "lee.annotator.db"]
    conn = sqlite3.connect(kim_file)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert conn.execute("SELECT COUNT(*) FROM doc_status WHERE status = 'done'").fetchone() == (0,)  # a fresh file
    conn.close()


def test_what_a_file_holds_is_read_without_writing_to_it(tmp_path):
    empty = tmp_path / "empty.annotator.db"
    empty.write_bytes(b"")
    assert work_in_file(empty) == "an empty file" and empty.read_bytes() == b""
    junk = tmp_path / "junk.annotator.db"
    junk.write_bytes(b"not a database at all\n" * 100)
    assert work_in_file(junk).startswith("cannot be read as a project")
    with _project(tmp_path / "team.db") as project:
        (kim_file,) = write_assignment(project, plan_assignment(project.document_ids(), ["kim"], overlap=0),
                                       tmp_path / "out")
    with Project.open(kim_file, "kim") as kim:
        kim.set_status(kim.document_ids()[0], "done")
        kim.set_status(kim.document_ids()[1], "skipped")
    before = kim_file.read_bytes()
    assert work_in_file(kim_file) == "kim: 1 done and 1 in progress or skipped of its documents"
    assert kim_file.read_bytes() == before
    assert sorted(p.name for p in kim_file.parent.iterdir()) == ["kim.annotator.db"]  # no -wal, no -shm
    assert assignment_file(tmp_path / "out", "kim") == kim_file
