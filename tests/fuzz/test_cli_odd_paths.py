"""The CLI as a whole process on odd paths: a clear one-line error, exit 1, no traceback, and nothing made or
changed. A reading command (stats, export, report) given a --db that does not exist made an empty project there
(a typo left a new file and an export of nothing)."""

from __future__ import annotations

import pytest

from tests.commands.test_import_cli import run_cli


@pytest.mark.parametrize("command", [["stats"], ["export", "csv", "--out", "{tmp}/o.csv"], ["export", "doccano",
                                     "--out", "{tmp}/o.jsonl"], ["report", "--out", "{tmp}/r.xlsx", "-q"]])
def test_reading_command_on_a_missing_project_makes_nothing(tmp_path, command):
    db = tmp_path / "typo.db"
    out = run_cli(*[part.format(tmp=tmp_path) for part in command], "--db", db)
    assert out.returncode == 1
    assert out.stderr.strip().splitlines()[-1] == (f"annotator: error: {db}: no such project file (nothing was "
                                                   f"written; `annotator import --db {db} FILES` makes one)")
    assert "Traceback" not in out.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", [["index"], ["tokenize", "-q"], ["suggest", "-q"], ["segment", "--all"],
                                     ["train", "--out", "{tmp}/model"], ["assign", "--reviewers", "a,b", "--out",
                                                                         "{tmp}/handout"]])
@pytest.mark.parametrize("empty_file", [False, True])
def test_a_command_on_a_projects_documents_refuses_a_db_that_is_none(tmp_path, command, empty_file):
    """index, tokenize, suggest, segment --all, train and assign given a mistyped --db (or an empty file) made an
    empty project there and reported success on it ("stored 0 suggestions in 0 documents")."""
    db = tmp_path / "typo.db"
    if empty_file:
        db.touch()
    out = run_cli(*[part.format(tmp=tmp_path) for part in command], "--db", db)
    what = "an empty file, not a project yet" if empty_file else "no such project file"
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert out.stderr.strip().splitlines()[-1].endswith(
        f"{db}: {what} (nothing was written; `annotator import --db {db} FILES` makes one)")
    assert sorted(p.name for p in tmp_path.iterdir()) == (["typo.db"] if empty_file else [])
    assert not empty_file or db.stat().st_size == 0


def test_lying_schema_version_through_the_cli(tmp_path):
    import sqlite3

    db = tmp_path / "p.db"
    src = tmp_path / "a.txt"
    src.write_text("부산시 규제자유특구 기사", encoding="utf-8")
    assert run_cli("import", "--db", db, "-q", src).returncode == 0
    con = sqlite3.connect(db)
    con.execute("PRAGMA user_version = 2")
    con.commit()
    con.close()
    before = db.read_bytes()
    for command in (["stats"], ["import", "-q", src], ["export", "csv", "--out", tmp_path / "o.csv"]):
        out = run_cli(*command, "--db", db)
        assert out.returncode == 1 and "Traceback" not in out.stderr
        assert out.stderr.strip().splitlines()[-1].startswith(f"annotator: error: {db}: its schema version (2) does"
                                                              " not match its tables")
    assert db.read_bytes() == before


def test_a_refused_import_leaves_the_project_file_as_it_was(tmp_path):
    """Every input refused: exit 1, and the project's bytes unchanged. The import registered the login name as a
    reviewer first (an empty reviewer layer that agreement, merges and the app then showed), even when it
    imported nothing; imported labels have no author, so an import registers no one."""
    import os
    import sqlite3
    import subprocess
    import sys

    from tests.commands.test_import_cli import REPO

    db = tmp_path / "p.db"
    good = tmp_path / "a.txt"
    good.write_text("부산시 규제자유특구 기사", encoding="utf-8")
    png = tmp_path / "b.txt"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))

    def run(*args, reviewer):
        env = dict(os.environ, PYTHONPATH=str(REPO), ANNOTATOR_REVIEWER=reviewer)
        return subprocess.run([sys.executable, "-m", "annotator", *map(str, args)], capture_output=True, text=True,
                              env=env, cwd=REPO, timeout=120)

    assert run("import", "--db", db, "-q", good, reviewer="kim").returncode == 0
    before = db.read_bytes()
    out = run("import", "--db", db, "-q", png, reviewer="lee")
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert f"{png}: binary file (PNG image), not text; file skipped" in out.stdout + out.stderr
    assert db.read_bytes() == before and not os.path.exists(f"{db}-wal")
    con = sqlite3.connect(db)
    assert con.execute("SELECT COUNT(*) FROM reviewers").fetchone()[0] == 0
    con.close()


@pytest.mark.parametrize("command", [["stats"], ["export", "csv", "--out", "{tmp}/o.csv"], ["report", "--out",
                                     "{tmp}/r.xlsx", "-q"], ["agreement"]])
def test_reading_command_on_an_empty_file_writes_nothing(tmp_path, command):
    """An empty file (`touch p.db`, a failed copy) is no project: SQLite takes it as an empty database, and a
    reading command wrote a whole new project's schema into it (1 MB) and exported nothing (campaign --target
    states)."""
    db = tmp_path / "empty.db"
    db.write_bytes(b"")
    out = run_cli(*[part.format(tmp=tmp_path) for part in command], "--db", db)
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert out.stderr.strip().splitlines()[-1] == (f"annotator: error: {db}: an empty file, not a project yet "
                                                   f"(nothing was written; `annotator import --db {db} FILES` "
                                                   "makes one)")
    assert db.read_bytes() == b"" and sorted(p.name for p in tmp_path.iterdir()) == ["empty.db"]
