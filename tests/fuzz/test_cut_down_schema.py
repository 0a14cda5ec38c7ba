"""A project file another program cut down (a table or view dropped, e.g. by a clean-up script or a careless
`sqlite3 p.db "DROP TABLE ..."`): opening it is refused by name, unchanged, before any command reads or writes.

Found by the campaign (scripts/fuzz_campaign.py --target states): only the eight oldest tables were checked, so a
file without doc_lines opened; `import` then reported each good input record as "cannot be stored (ProjectError:
database error: no such table: doc_lines)" and exited 0, `export prodigy` wrote tokens into it and then failed with
"the database is damaged (OperationalError)", and each other command failed later with its own message."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest

from annotator.core.model import NewDocument
from annotator.store import CorruptDatabaseError, Project, schema
from tests.commands.test_import_cli import run_cli


@pytest.fixture(scope="module")
def current_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("cut") / "seed.db"
    with Project.open(path, "kim") as project:
        project.add_documents([NewDocument("부산시 규제자유특구 기사"), NewDocument("강원도 기사")])
    return path.read_bytes()


def _cut(tmp_path, data, name) -> tuple:
    path = tmp_path / "p.db"
    path.write_bytes(data)
    con = sqlite3.connect(path)
    kind = con.execute("SELECT type FROM sqlite_master WHERE name = ?", (name,)).fetchone()[0]
    con.execute(f"DROP {kind.upper()} {name}")
    con.commit()
    con.close()
    return path, hashlib.sha256(path.read_bytes()).hexdigest()


def test_every_object_a_current_file_has_is_known():
    """objects_at follows the steps' CREATE, DROP and RENAME: a new file has exactly its tables and views."""
    con = sqlite3.connect(":memory:")
    for step in schema.MIGRATIONS:
        for statement in schema._split_statements(step):
            con.execute(statement)
    shadow = {r[1] for r in con.execute("PRAGMA main.table_list") if r[2] == "shadow"}
    made = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")} - shadow
    assert schema.objects_at(schema.SCHEMA_VERSION) == made


@pytest.mark.parametrize("name", sorted(schema.objects_at(schema.SCHEMA_VERSION) - schema.OUR_TABLES))
def test_a_file_without_one_of_its_tables_is_refused_unchanged(tmp_path, current_file, name):
    path, before = _cut(tmp_path, current_file, name)
    with pytest.raises(CorruptDatabaseError) as info:
        Project.open(path, "kim")
    assert str(info.value) == f"{path}: project tables are missing ({name}); nothing was changed"
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_a_lowered_version_whose_later_tables_are_gone_says_so(tmp_path, current_file):
    """A current file lowered to version 10 lacks doc_fts, which step 11 drops: the version lies, no table is lost.
    (The tables later steps make are dropped too, or those would say it first.)"""
    path = tmp_path / "p.db"
    path.write_bytes(current_file)
    con = sqlite3.connect(path)
    names = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for name in sorted(schema.created_by_steps_from(10) & names):
        con.execute(f"DROP TABLE {name}")
    con.execute("PRAGMA user_version = 10")
    con.commit()
    con.close()
    with pytest.raises(CorruptDatabaseError, match=r"its schema version \(10\) does not match its tables \(doc_fts"):
        Project.open(path, "kim")


@pytest.mark.parametrize("command", [["import", "-q", "{src}"], ["export", "prodigy", "--status", "all", "--out",
                                     "{tmp}/o.jsonl"], ["stats"], ["suggest", "-q", "--workers", "1"]])
def test_every_command_refuses_it_the_same_way(tmp_path, current_file, command):
    path, before = _cut(tmp_path, current_file, "doc_lines")
    src = tmp_path / "a.txt"
    src.write_text("새 기사 본문", encoding="utf-8")
    out = run_cli(*[part.format(src=src, tmp=tmp_path) for part in command], "--db", path)
    assert out.returncode == 1 and "Traceback" not in out.stderr, out.stderr
    assert out.stderr.strip().splitlines()[-1] == (f"annotator: error: {path}: project tables are missing "
                                                   "(doc_lines); nothing was changed")
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert not (tmp_path / "o.jsonl").exists()
