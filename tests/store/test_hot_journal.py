"""A project in rollback-journal mode whose writer was killed mid-write (another program set the mode, or a crash
while a new file is first written through its journal) has a hot journal beside it: SQLite undoes the cut-off
write the next time the file is opened where it can be written. The check every open makes first reads it
read-only, which cannot undo it, and said "the database is read-only (the folder . cannot be written)" of a
folder that can be: no command, the app included, could open the project."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

from annotator.core.model import NewDocument, NewSpan
from annotator.store import Project
from tests.commands.test_import_cli import run_cli

KILLED_WRITER = ("import os, sqlite3, sys\ncon = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
                 "con.execute('PRAGMA cache_size = 1')\ncon.execute('BEGIN')\ncon.execute('DELETE FROM spans')\n"
                 "con.execute('DELETE FROM doc_status')\n"
                 "con.execute('UPDATE documents SET title = title || hex(randomblob(3000))')\nos._exit(0)\n")


def labelled_project(db: Path) -> Path:
    """2 documents, 20 entities."""
    with Project.open(db, "kim") as project:
        doc = NewDocument("부산시 규제자유특구 기사 " * 20)
        doc.spans = [NewSpan(14 * i, 14 * i + 3, "LOC") for i in range(20)]
        project.add_documents([doc, NewDocument("강원도 기사")])
    return db


def cut_off_write(db: Path) -> Path:
    """The project put in rollback-journal mode, then a writer killed while it deleted every entity and status,
    its changed pages spilled into the file (a cache of one page); returns the hot journal left beside it."""
    con = sqlite3.connect(db)
    con.execute("PRAGMA journal_mode = DELETE")
    con.close()
    subprocess.run([sys.executable, "-c", KILLED_WRITER, str(db)], check=True)
    journal = Path(f"{db}-journal")
    assert journal.stat().st_size > 0
    return journal


def test_every_command_opens_it_as_last_committed(tmp_path):
    db = labelled_project(tmp_path / "p.db")
    journal = cut_off_write(db)
    out = run_cli("stats", "--db", db, "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["spans"] == 20  # not the 0 of the write that was cut off
    assert not journal.exists()
    with Project.open(db, "kim") as project:
        assert project.count_documents() == 2
        assert sum(len(project.spans(d, all_layers=True)) for d in project.document_ids()) == 20
    assert sqlite3.connect(db).execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_import_opens_it_too(tmp_path):
    db = labelled_project(tmp_path / "p.db")
    cut_off_write(db)
    (tmp_path / "new.txt").write_text("새로 들어온 기사", encoding="utf-8")
    out = run_cli("import", "--db", db, "-q", tmp_path / "new.txt")
    assert out.returncode == 0, out.stderr
    with Project.open(db, "kim", read_only=True) as project:
        assert project.count_documents() == 3
        assert sum(len(project.spans(d, all_layers=True)) for d in project.document_ids()) == 20
