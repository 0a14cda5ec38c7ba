"""Refusing files that are not ours, damaged or from the future — and changing nothing while refusing."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest

from annotator.store import (
    CorruptDatabaseError,
    NewerSchemaError,
    NotAProjectError,
    Project,
    ProjectLockedError,
    schema,
)
from annotator.core.model import NewDocument


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_text_file_is_refused_unchanged(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("hello, this is not a database\n" * 20)
    before = _digest(path)
    with pytest.raises(NotAProjectError, match="not an annotator project"):
        Project.open(path)
    assert _digest(path) == before
    assert not (tmp_path / "notes.db-wal").exists()


def test_other_sqlite_database_is_refused_unchanged(tmp_path):
    path = tmp_path / "other.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE customers(id INTEGER)")
    con.commit()
    con.close()
    before = _digest(path)
    with pytest.raises(NotAProjectError, match="customers"):
        Project.open(path)
    assert _digest(path) == before


def test_newer_schema_is_refused_unchanged(tmp_path):
    path = tmp_path / "future.db"
    Project.open(path).close()
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 5}")
    con.commit()
    con.close()
    before = _digest(path)
    with pytest.raises(NewerSchemaError, match="newer version"):
        Project.open(path)
    assert _digest(path) == before


@pytest.mark.parametrize("where", ["every page but the header page", "the schema page"])
def test_corrupt_database_is_refused_and_named(tmp_path, where):
    """Garbage in the schema page makes SQLite's own message quote bytes that are not UTF-8: a clear refusal too."""
    path = tmp_path / "broken.db"
    with Project.open(path) as p:
        p.add_documents([NewDocument(f"문서 {i} " * 400) for i in range(30)])
        p.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")  # the file's page size, from its header
    if where == "the schema page":  # page 1 holds sqlite_master after the 100-byte file header (its leaves too)
        spots = [(base + offset, 100) for base in _schema_leaves(data, page)
                 for offset in range(200 if base == 0 else 100, page - 200, 512)]
    else:
        spots = [(offset + 10, 190) for offset in range(2 * page, len(data) - page, page)]
    for offset, size in spots:
        data[offset:offset + size] = b"\xff" * size
    path.write_bytes(bytes(data))
    before = _digest(path)
    with pytest.raises((CorruptDatabaseError, NotAProjectError)) as info:
        Project.open(path)
    assert str(path) in str(info.value)
    assert _digest(path) == before


def _schema_leaves(data: bytes, page: int) -> list[int]:
    """Byte offsets of the pages holding sqlite_master's rows: page 1, or, once the schema outgrows it (page 1 an
    interior b-tree page), the pages its cells and right-most pointer name."""
    if data[100] != 5:
        return [0]
    cells = int.from_bytes(data[103:105], "big")
    children = [int.from_bytes(data[108:112], "big")]
    for k in range(cells):
        at = int.from_bytes(data[112 + 2 * k:114 + 2 * k], "big")
        children.append(int.from_bytes(data[at:at + 4], "big"))
    return [(number - 1) * page for number in children]


def test_locked_database_gives_clear_error(tmp_path, monkeypatch):
    from annotator.store import connection

    path = tmp_path / "locked.db"
    project = Project.open(path)
    doc_id = project.add_documents([NewDocument("가나다라")]).imported[0]
    blocker = sqlite3.connect(path, timeout=0)
    blocker.execute("BEGIN IMMEDIATE")
    project.conn.execute("PRAGMA busy_timeout = 50")
    try:
        with pytest.raises(ProjectLockedError, match="locked"):
            project.add_span(doc_id, 0, 2, "ORG")
    finally:
        blocker.rollback()
        blocker.close()
    assert project.spans(doc_id) == []
    project.add_span(doc_id, 0, 2, "ORG")  # works once the lock is gone
    assert len(project.spans(doc_id)) == 1
    project.close()


@pytest.mark.parametrize("version", [-3, 1, 2, 4, 8, schema.MIGRATIONS.index(schema.ONE_SEARCH_INDEX)])
def test_schema_version_that_lies_is_refused_unchanged(tmp_path, version):
    """A current file whose user_version another program lowered: the upgrade steps would meet their own tables
    (it was "database error: view doc_compact already exists", or "no such table: doc_fts")."""
    path = tmp_path / "edited.db"
    with Project.open(path) as p:
        p.add_documents([NewDocument("가나다라")])
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA user_version = {version}")
    con.commit()
    con.close()
    before = _digest(path)
    with pytest.raises(CorruptDatabaseError, match="schema version") as info:
        Project.open(path)
    assert str(path) in str(info.value)
    assert _digest(path) == before


def _index_missing_a_row(path) -> None:
    """Damage that PRAGMA quick_check does not see: the name kept in the layers table's UNIQUE index for the
    reviewer layer "zqxreviewer" is changed in the file (the index page stays well formed, its entry no longer
    matches the row), as a flipped byte can leave it."""
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode = DELETE")  # everything in the main file
    page_size = con.execute("PRAGMA page_size").fetchone()[0]
    root = con.execute("SELECT rootpage FROM sqlite_master WHERE name = 'sqlite_autoindex_layers_1'").fetchone()[0]
    con.close()
    data = bytearray(path.read_bytes())
    page = slice((root - 1) * page_size, root * page_size)
    at = data[page].find(b"zqxreviewer")
    assert at >= 0
    data[(root - 1) * page_size + at + len("zqxreviewe")] = ord("s")  # "zqxreviewes": still in order
    path.write_bytes(bytes(data))
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA quick_check(1)").fetchone()[0] == "ok"
    assert "missing from index" in con.execute("PRAGMA integrity_check(1)").fetchone()[0]
    con.close()


def _project_with_layer(path) -> None:
    with Project.open(path, "zqxreviewer") as p:
        doc = p.add_documents([NewDocument("강원 특구 지정")]).imported[0]
        p.add_span(doc, 0, 2, "LOC")


def test_an_index_that_misses_a_row_is_refused_unchanged(tmp_path):
    path = tmp_path / "p.db"
    _project_with_layer(path)
    _index_missing_a_row(path)
    before = _digest(path)
    with pytest.raises(CorruptDatabaseError, match=r"p\.db: the database is damaged \(row \d+ missing from index"
                                                   r" sqlite_autoindex_layers_1\); nothing was changed"):
        Project.open(path, "kim")
    assert _digest(path) == before
    assert not (tmp_path / "p.db-wal").exists()


def test_a_large_file_has_its_small_tables_checked_whole(tmp_path, monkeypatch):
    """Past INTEGRITY_CHECK_MAX_BYTES the open reads every page (quick_check) and checks the indexes of the tables
    that stay small (labels, layers, reviewers, …) against their rows."""
    from annotator.store import connection

    path = tmp_path / "p.db"
    _project_with_layer(path)
    _index_missing_a_row(path)
    monkeypatch.setattr(connection, "INTEGRITY_CHECK_MAX_BYTES", 0)
    with pytest.raises(CorruptDatabaseError, match="missing from index sqlite_autoindex_layers_1"):
        Project.open(path, "kim")
    monkeypatch.setattr(connection, "_ALWAYS_CHECKED_TABLES", ())  # what quick_check alone lets through
    Project.open(path, "kim").close()


class _Checks:
    """A read-only connection's answers to the open-time checks, as SQLite 3.44 and later give them (they run
    FTS5's own check of the search index too): whole-file rows, or an error, and per-table answers."""

    def __init__(self, whole, per_table=None):
        self.whole, self.per_table, self.asked = whole, per_table or {}, []

    def execute(self, sql):
        self.asked.append(sql)
        table = sql.split('("', 1)[1].rstrip('")') if '("' in sql else None
        if table is None:
            if isinstance(self.whole, Exception):
                raise self.whole
            return [(row,) for row in self.whole]
        return _One(self.per_table.get(table, "ok"))


class _One:
    def __init__(self, value):
        self.value = value

    def fetchone(self):
        return (self.value,)


FTS_DAMAGE = 'fts5: corruption found reading blob 137438953477 from table "doc_fts_compact"'


def test_the_open_check_leaves_the_search_index_to_its_own_repair():
    from annotator.store.connection import first_problem

    tables = {"documents", "spans", "layers"}
    assert first_problem(_Checks(["ok"]), "quick_check", tables) == "ok"
    assert first_problem(_Checks([FTS_DAMAGE]), "quick_check", tables) == "ok"  # opened: rebuilt by the store
    layers = "row 2 missing from index sqlite_autoindex_layers_1"
    assert first_problem(_Checks([FTS_DAMAGE, layers]), "integrity_check", tables) == layers
    # the check stopped at the index: the other tables one by one
    stopped = _Checks(sqlite3.DatabaseError("invalid fts5 file format (found 0, expected 4) - run 'rebuild'"),
                      {"spans": "Page 47: btreeInitPage() returns error code 11"})
    assert first_problem(stopped, "quick_check", tables) == "Page 47: btreeInitPage() returns error code 11"
    assert sorted(sql for sql in stopped.asked if '("' in sql) == [
        'PRAGMA quick_check("documents")', 'PRAGMA quick_check("layers")', 'PRAGMA quick_check("spans")']
    many = _Checks([FTS_DAMAGE] * 100, {"layers": layers})  # up to the limit, all the index's: the rest is looked at
    assert first_problem(many, "integrity_check", tables) == layers
    with pytest.raises(sqlite3.DatabaseError, match="malformed"):  # damage of the file itself is not hidden
        first_problem(_Checks(sqlite3.DatabaseError("database disk image is malformed")), "quick_check", tables)


def _label_kind_past_its_check(path):
    """A flipped byte in labels.kind ('entity' -> 'en|ity'), as SQLite leaves it: a read-only check does not
    verify CHECK constraints."""
    con = sqlite3.connect(path)
    con.execute("PRAGMA ignore_check_constraints = ON")
    con.execute("UPDATE labels SET kind = 'en|ity' WHERE name = 'EVENT'")
    con.commit()
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()


def test_a_row_that_breaks_a_check_constraint_is_refused_unchanged(tmp_path):
    """It passed the read-only check and came out of the scheme as a TypeError (fuzz campaign 341, team 407)."""
    path = tmp_path / "p.db"
    _project_with_layer(path)
    _label_kind_past_its_check(path)
    before = _digest(path)
    with pytest.raises(CorruptDatabaseError, match=r"p\.db: the database is damaged \(CHECK constraint failed in"
                                                   r" labels\); nothing was changed"):
        Project.open(path, "kim")
    assert _digest(path) == before
    assert not (tmp_path / "p.db-wal").exists()


def test_a_large_file_with_a_label_past_its_check_is_refused_when_its_scheme_is_read(tmp_path, monkeypatch):
    """Past INTEGRITY_CHECK_MAX_BYTES the file is not copied to check its CHECKs; the scheme's reader refuses."""
    from annotator.store import connection

    path = tmp_path / "p.db"
    _project_with_layer(path)
    _label_kind_past_its_check(path)
    monkeypatch.setattr(connection, "INTEGRITY_CHECK_MAX_BYTES", 0)
    with Project.open(path, "kim") as project, pytest.raises(
            CorruptDatabaseError, match=r"p\.db: the database is damaged \(its label scheme breaks the schema's"
                                        r" rules\); nothing was changed"):
        project.scheme()
