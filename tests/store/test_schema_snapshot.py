"""A new project is made from one script, the snapshot of the migration steps: the file it makes is the file the
steps make one by one (schema in sqlite_master order, user_version, every row), a step appended after the
snapshot still runs, and a snapshot made from other steps is not used. New files get NEW_FILE_PAGE_SIZE pages;
an older file keeps its own."""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

import pytest

from annotator.store import Project, connection, schema

REPO = Path(__file__).resolve().parents[2]


def migrated_step_by_step(path: Path, migrations: list[str]) -> None:
    """The file the migration steps make, each in its own transaction (migrate before the snapshot)."""
    conn = sqlite3.connect(path, isolation_level=None)
    for version, script in enumerate(migrations):
        conn.execute("BEGIN IMMEDIATE")
        for statement in schema._split_statements(script):
            conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {version + 1}")
        conn.execute("COMMIT")
    conn.close()


def contents(path: Path) -> dict:
    """Everything a file holds but its page layout: sqlite_master in order, user_version, every table's rows."""
    conn = sqlite3.connect(path)
    try:
        master = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY rowid").fetchall()
        tables = [name for kind, name, _, sql in master if kind == "table" and not (sql or "").startswith(
            "CREATE VIRTUAL")]
        return {"master": master, "user_version": schema.user_version(conn),
                "rows": {name: sorted(conn.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr)
                         for name in tables}}
    finally:
        conn.close()


def opened_new(path: Path) -> list[str]:
    """Open a new project file as the app does; the statements it ran."""
    statements: list[str] = []
    real_connect = sqlite3.connect

    def traced(*args, **kwargs):
        conn = real_connect(*args, **kwargs)
        conn.set_trace_callback(statements.append)
        return conn

    sqlite3.connect = traced
    try:
        connection.open_connection(path).close()
    finally:
        sqlite3.connect = real_connect
    return statements


def test_a_new_file_made_from_the_snapshot_is_the_file_the_steps_make(tmp_path):
    statements = opened_new(tmp_path / "new.db")
    assert not any(s.startswith("ALTER TABLE") for s in statements)  # made from the snapshot, not the steps
    migrated_step_by_step(tmp_path / "steps.db", schema.MIGRATIONS)
    made, expected = contents(tmp_path / "new.db"), contents(tmp_path / "steps.db")
    assert made["user_version"] == schema.SCHEMA_VERSION
    assert made == expected
    with sqlite3.connect(tmp_path / "new.db") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_the_snapshot_holds_what_its_steps_leave(tmp_path):
    snapshot = json.loads(schema.SNAPSHOT_PATH.read_text(encoding="utf-8"))
    version = snapshot["schema_version"]
    assert 0 < version <= schema.SCHEMA_VERSION
    assert snapshot["migrations"] == schema.migrations_digest(version)
    migrated_step_by_step(tmp_path / "steps.db", schema.MIGRATIONS[:version])
    with sqlite3.connect(tmp_path / "steps.db") as conn:
        assert snapshot["statements"] == schema.snapshot_statements(conn)


def test_a_step_appended_after_the_snapshot_runs_after_it(tmp_path, monkeypatch):
    step = "CREATE TABLE later_step (id INTEGER PRIMARY KEY, note TEXT NOT NULL);\nCREATE INDEX later_by_note ON later_step(note);"
    migrations = [*schema.MIGRATIONS, step]
    monkeypatch.setattr(schema, "MIGRATIONS", migrations)
    monkeypatch.setattr(schema, "SCHEMA_VERSION", len(migrations))
    statements = opened_new(tmp_path / "new.db")
    assert not any(s.startswith("ALTER TABLE") for s in statements)
    migrated_step_by_step(tmp_path / "steps.db", migrations)
    assert contents(tmp_path / "new.db") == contents(tmp_path / "steps.db")
    assert contents(tmp_path / "new.db")["user_version"] == len(migrations)


@pytest.mark.parametrize("damage", ["other steps", "not json", "missing"])
def test_a_snapshot_that_does_not_fit_these_steps_is_not_used(tmp_path, monkeypatch, damage):
    snapshot = json.loads(schema.SNAPSHOT_PATH.read_text(encoding="utf-8"))
    fake = tmp_path / "snapshot.json"
    if damage == "other steps":
        snapshot["statements"] = snapshot["statements"][:3]  # would make a wrong file if it were used
        snapshot["migrations"] = "0" * 64
        fake.write_text(json.dumps(snapshot), encoding="utf-8")
    elif damage == "not json":
        fake.write_text("{", encoding="utf-8")
    monkeypatch.setattr(schema, "SNAPSHOT_PATH", fake)
    statements = opened_new(tmp_path / "new.db")
    assert any(s.startswith("ALTER TABLE") for s in statements)  # the steps ran
    migrated_step_by_step(tmp_path / "steps.db", schema.MIGRATIONS)
    assert contents(tmp_path / "new.db") == contents(tmp_path / "steps.db")


def test_the_script_writes_the_snapshot_in_the_repo(tmp_path, monkeypatch):
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        import write_schema_snapshot
    finally:
        sys.path.remove(str(REPO / "scripts"))
    monkeypatch.setattr(schema, "SNAPSHOT_PATH", tmp_path / "schema" / "new_project.json")
    assert write_schema_snapshot.main() == 0
    written = json.loads((tmp_path / "schema" / "new_project.json").read_text(encoding="utf-8"))
    committed = json.loads((REPO / "annotator" / "resources" / "schema" / "new_project.json").read_text("utf-8"))
    if committed["schema_version"] == schema.SCHEMA_VERSION:
        assert written == committed
    else:  # a step appended since: the committed one still serves (see above); written anew it takes the step in
        assert written["schema_version"] == schema.SCHEMA_VERSION


def test_new_files_get_the_new_page_size_and_older_files_keep_theirs(tmp_path):
    with Project.open(tmp_path / "new.db", "kim") as project:
        assert project.conn.execute("PRAGMA page_size").fetchone()[0] == connection.NEW_FILE_PAGE_SIZE
    old = tmp_path / "old.db"
    conn = sqlite3.connect(old)
    conn.execute("PRAGMA page_size = 4096")
    conn.close()
    migrated_step_by_step(old, schema.MIGRATIONS)
    with Project.open(old, "kim") as project:
        assert project.conn.execute("PRAGMA page_size").fetchone()[0] == 4096
        assert project.count_documents() == 0
