"""Full disks, locks, damaged files and unwritable folders (issue 10, classes 2, 7 and 8): one clear message,
a non-zero exit, the project intact and nothing acknowledged lost."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.core.model import NewDocument
from annotator.io.importers import ImportStopped, import_paths
from annotator.store import CorruptDatabaseError, NotAProjectError, Project
from tests.store_invariants import assert_store_invariants

REPO = Path(__file__).resolve().parents[2]


def run_cli(*args, cwd=REPO):
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.run([sys.executable, "-m", "annotator", *map(str, args)], capture_output=True, text=True,
                          env=env, cwd=cwd, timeout=180)


def _records(path: Path, n: int, repeat: int = 60) -> Path:
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps({"text": f"기사 {i} " + "규제자유특구 지정 발표 " * repeat}, ensure_ascii=False) + "\n")
    return path


def _count(db: Path) -> int:
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    finally:
        con.close()


def _stored_in_message(text: str) -> int:
    return int(text.split("import stopped: ", 1)[1].split(" documents stored", 1)[0])


# 2. disk full -------------------------------------------------------------------------------------------
def test_disk_full_through_a_page_limit_stops_with_one_message(tmp_path, monkeypatch, capsys):
    """Works for any user: the database's own size limit (PRAGMA max_page_count) fills up like a disk."""
    from annotator import cli
    from annotator.store import project as project_module

    opened = project_module.open_connection

    def limited(path, **kwargs):
        conn = opened(path, **kwargs)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages + 1_200_000 // page_size}")  # about 1.2 MB more
        return conn

    monkeypatch.setattr(project_module, "open_connection", limited)
    db = tmp_path / "p.db"
    source = _records(tmp_path / "many.jsonl", 1500)
    status = cli.main(["import", str(source), "--db", str(db)])
    out, err = capsys.readouterr()
    assert status == 1
    assert "disk full" in err and "cannot rollback" not in err + out
    stored = _stored_in_message(err)
    assert 0 < stored < 1500 and _count(db) == stored
    assert f"imported: {stored} documents" in out
    assert_store_invariants(db)
    monkeypatch.setattr(project_module, "open_connection", opened)  # space again: the rest comes in
    assert cli.main(["import", str(source), "--db", str(db)]) == 0
    assert _count(db) == 1500


def _mount_tmpfs(where: Path, size: str) -> bool:
    where.mkdir()
    return subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                          capture_output=True).returncode == 0


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a tmpfs needs root; the page-limit test covers the rest")
def test_disk_full_on_a_real_full_filesystem(tmp_path):
    disk = tmp_path / "disk"
    if not _mount_tmpfs(disk, "3m"):  # an empty project takes ~1 MB (63 pages of 16 KB)
        pytest.skip("this container may not mount a tmpfs")
    try:
        db = disk / "p.db"
        out = run_cli("import", _records(tmp_path / "many.jsonl", 800), "--db", db)
        assert out.returncode == 1
        assert "disk full" in out.stderr and "nothing saved before was lost" in out.stderr
        assert "cannot rollback" not in out.stderr + out.stdout and "Traceback" not in out.stderr
        assert _count(db) == _stored_in_message(out.stderr) > 0
        assert_store_invariants(db)
        assert run_cli("stats", "--db", db).returncode == 0
        # An export on the full disk fails whole: the earlier output stays, no 0-byte file, no leftovers.
        from annotator.nlp.spacy_export import export_spacy

        small = tmp_path / "small.db"
        for side in disk.glob("p.db*"):
            side.unlink()
        export = disk / "spacy"
        with Project.open(small) as project:
            import_paths(project, [_records(tmp_path / "few.jsonl", 5, repeat=2)])
            export_spacy(project, out_dir=export, status="all")
        before = {p.name: p.read_bytes() for p in export.iterdir()}
        with open(disk / "filler", "wb") as fh:
            try:
                while True:
                    fh.write(b"\0" * 65536)
            except OSError:
                pass
        again = run_cli("export", "spacy", "--db", small, "--status", "all", "--out", export)
        assert again.returncode == 1 and "disk full" in again.stderr and "Traceback" not in again.stderr
        assert {p.name: p.read_bytes() for p in export.iterdir()} == before
        report = run_cli("report", "--db", small, "--out", disk / "report.xlsx")
        assert report.returncode == 1 and "Exception ignored" not in report.stderr
        assert not [p for p in disk.iterdir() if p.name.endswith(".part")]
    finally:
        subprocess.run(["umount", "-l", str(disk)], capture_output=True)


# 8. a lock past the timeout in the middle of an import --------------------------------------------------
def test_a_lock_mid_import_says_how_many_documents_were_stored(tmp_path, monkeypatch):
    from annotator.io.importers import runner

    monkeypatch.setattr(runner, "COMMIT_SECONDS", 0.0)  # a commit per chunk: the lock comes between two of them
    db = tmp_path / "p.db"
    source = _records(tmp_path / "many.jsonl", 400)
    blocker = None
    with Project.open(db) as project:
        project.conn.execute("PRAGMA busy_timeout = 200")

        def progress(fraction, message):
            nonlocal blocker
            if blocker is None and project.count_documents() > 0:
                blocker = sqlite3.connect(db, isolation_level=None)
                blocker.execute("BEGIN IMMEDIATE")

        with pytest.raises(ImportStopped) as info:
            import_paths(project, [source], progress=progress)
    blocker.execute("ROLLBACK")
    blocker.close()
    message = str(info.value)
    assert "locked by another program" in message
    assert _count(db) == _stored_in_message(message) > 0
    assert_store_invariants(db)


# 7. damaged databases -----------------------------------------------------------------------------------
def _project_with_text(db: Path, text: str) -> None:
    with Project.open(db) as project:
        project.add_documents([NewDocument(text)])
        project.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _patch_file(db: Path, old: bytes, new: bytes) -> None:
    data = db.read_bytes()
    assert data.count(old) == 1
    db.write_bytes(data.replace(old, new))


def test_text_that_is_no_longer_utf8_gives_a_clear_error_not_a_dump(tmp_path):
    db = tmp_path / "p.db"
    text = "규제자유특구 " * 2000 + "MARKER" + " 끝" * 10
    _project_with_text(db, text)
    _patch_file(db, b"MARKER", b"MA\xff\xfeER")
    for command in (["export", "csv", "--out", tmp_path / "x.csv"], ["report", "--out", tmp_path / "r.xlsx"]):
        out = run_cli(*command, "--db", db, "--status", "all") if command[0] == "export" else \
            run_cli(*command, "--db", db)
        assert out.returncode == 1
        assert "damaged" in out.stderr and str(db) in out.stderr
        assert "Traceback" not in out.stderr and "규제자유특구" not in out.stderr
    assert not (tmp_path / "x.csv").exists()


def test_a_changed_text_that_stays_utf8_fails_its_checksum(tmp_path):
    db = tmp_path / "p.db"
    _project_with_text(db, "부산 해양 모빌리티 특구 " * 500 + "MARKER")
    _patch_file(db, b"MARKER", b"MARKET")
    with Project.open(db) as project:
        with pytest.raises(CorruptDatabaseError, match="does not match its checksum"):
            list(project.iter_documents(verify=True))
    for fmt in ("brat", "doccano"):  # the export read hashes the stored bytes (CAST(text AS BLOB))
        out = run_cli("export", fmt, "--db", db, "--status", "all", "--out", tmp_path / fmt)
        assert out.returncode == 1 and "does not match its checksum" in out.stderr
        assert not (tmp_path / fmt).exists()


def test_a_refused_file_keeps_no_wal_or_shm_beside_it(tmp_path):
    other = tmp_path / "other.db"
    con = sqlite3.connect(other)
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("CREATE TABLE notes (x)")
    con.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.db"]
    with pytest.raises(NotAProjectError):
        Project.open(other)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.db"]


# 8. a folder without write permission ------------------------------------------------------------------
@pytest.fixture
def read_only_folder(tmp_path):
    """A folder holding a project that this process cannot write: chmod for a normal user, a read-only
    bind mount for root (whom permission bits do not stop)."""
    source = tmp_path / "data"
    source.mkdir()
    out = run_cli("import", REPO / "tests" / "fixtures" / "import", "--db", source / "p.db")
    assert out.returncode == 0, out.stderr
    if os.geteuid() != 0:
        source.chmod(0o555)
        yield source
        source.chmod(0o755)
        return
    view = tmp_path / "view"
    view.mkdir()
    if subprocess.run(["mount", "--bind", str(source), str(view)], capture_output=True).returncode != 0:
        pytest.skip("root without the right to bind-mount: cannot make a folder read-only here")
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(view)], check=True, capture_output=True)
        yield view
    finally:
        subprocess.run(["umount", "-l", str(view)], capture_output=True)


def test_reading_commands_work_in_a_folder_without_write_permission(read_only_folder, tmp_path):
    db = read_only_folder / "p.db"
    stats = run_cli("stats", "--db", db, "--json")
    assert stats.returncode == 0, stats.stderr
    assert json.loads(stats.stdout)["documents"] == 22  # the import fixtures: 17 documents + 5 Label Studio tasks
    assert "opened read-only" in stats.stderr
    export = run_cli("export", "csv", "--db", db, "--status", "all", "--out", tmp_path / "x.csv")
    assert export.returncode == 0 and (tmp_path / "x.csv").exists()
    write = run_cli("import", REPO / "tests" / "fixtures" / "import" / "article_cp949.txt", "--db", db)
    assert write.returncode == 1
    assert f"the folder {read_only_folder} cannot be written" in write.stderr
    assert "unable to open database file" not in write.stderr
    assert sorted(p.name for p in read_only_folder.iterdir()) == ["p.db"]
