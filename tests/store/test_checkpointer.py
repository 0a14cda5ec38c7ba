"""WAL checkpoints on a thread of their own during a large import (annotator.store.checkpointer): the importing
connection checkpoints never meanwhile, what was committed before stop() is in the database file itself once it
returns, the connection's own checkpoints and page cache size are put back, and an import leaves no such thread
behind. Meanwhile the importing connection has a page cache large enough for a group of chunks
(checkpointer.IMPORT_CACHE_KIB), so that SQLite does not write pages into the WAL before each commit."""

from __future__ import annotations

import sqlite3
import threading

from annotator.bench.peer import write_corpus
from annotator.io.importers import import_paths, runner
from annotator.store.checkpointer import IMPORT_CACHE_KIB
from annotator.store.project import Project


def _rows_in_the_file_itself(path) -> int:
    """Documents in the database file, not counting what is still only in the WAL (immutable: the WAL unread)."""
    conn = sqlite3.connect(f"file:{path}?immutable=1", uri=True)
    try:
        return conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    finally:
        conn.close()


def _checkpointer_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "annotator-checkpointer"]


def test_commits_before_stop_are_in_the_database_file_and_autocheckpoints_come_back(tmp_path):
    db = tmp_path / "p.db"
    with Project.open(db, "tester") as project:
        from annotator.core.model import NewDocument

        own_cache = project.conn.execute("PRAGMA cache_size").fetchone()
        checkpointer = project.checkpoints_behind()
        assert project.conn.execute("PRAGMA wal_autocheckpoint").fetchone() == (0,)
        assert project.conn.execute("PRAGMA cache_size").fetchone() == (-IMPORT_CACHE_KIB,)
        for batch in range(5):
            project.add_documents([NewDocument(text=f"page {batch} line {i}\n" * 200) for i in range(20)])
            checkpointer.nudge()
        checkpointer.stop()
        assert _rows_in_the_file_itself(db) == 100  # nothing committed waits in the WAL
        assert project.conn.execute("PRAGMA wal_autocheckpoint").fetchone() == (1000,)
        assert project.conn.execute("PRAGMA cache_size").fetchone() == own_cache
        assert checkpointer.checkpoints >= 1 and not _checkpointer_threads()
        checkpointer.stop()  # twice is harmless
        assert project.count_documents() == 100


def test_a_large_import_checkpoints_on_its_own_thread_and_ends_it(tmp_path, monkeypatch):
    write_corpus(tmp_path, documents=300, labelled=10)
    monkeypatch.setattr(runner, "PROCESS_MIN_BYTES", 0)
    monkeypatch.setattr(runner, "CHUNK_DOCS", 32)
    started = []
    original = Project.checkpoints_behind

    def recording(self):
        started.append(original(self))
        return started[-1]

    monkeypatch.setattr(Project, "checkpoints_behind", recording)
    db = tmp_path / "p.db"
    with Project.open(db, "tester") as project:
        report = import_paths(project, [tmp_path / "plain.jsonl"])
        assert report.imported == 300 and report.problems == []
        assert len(started) == 1 and started[0].checkpoints >= 1
        assert not _checkpointer_threads()
        assert project.conn.execute("PRAGMA wal_autocheckpoint").fetchone() == (1000,)
        assert project.conn.execute("PRAGMA cache_size").fetchone() == (-2000,)  # SQLite's default, as before
        assert _rows_in_the_file_itself(db) == 300


def test_a_small_import_does_not_start_one(tmp_path, monkeypatch):
    write_corpus(tmp_path, documents=20, labelled=5)
    monkeypatch.setattr(Project, "checkpoints_behind", lambda self: (_ for _ in ()).throw(AssertionError("started")))
    with Project.open(tmp_path / "p.db", "tester") as project:
        assert import_paths(project, [tmp_path / "plain.jsonl"]).imported == 20


def test_a_cache_size_set_in_pages_or_larger_is_kept(tmp_path):
    with Project.open(tmp_path / "p.db", "tester") as project:
        for own in (500, -2 * IMPORT_CACHE_KIB):
            project.conn.execute(f"PRAGMA cache_size = {own}")
            checkpointer = project.checkpoints_behind()
            assert project.conn.execute("PRAGMA cache_size").fetchone() == (own,)
            checkpointer.stop()
            assert project.conn.execute("PRAGMA cache_size").fetchone() == (own,)
