"""A project in a folder nobody may write (a read-only share, a CD, another user's folder) is still read by the
reading commands; messages about unwritable outputs and damaged files name the file in one line.

Found by the campaign (reports25/H-robust-scripts/db_states.py, as an unprivileged user): `stats`/`export` of a
WAL project whose folder cannot be written failed with "the database is read-only" (SQLite cannot create the
-shm there and says "attempt to write a readonly database", which the read-only fallback did not know); an
output in an unwritable folder was reported as "[Errno 13] Permission denied: '/x/.o.csv.4242.ab12.part'"; a page
of garbage gave a two-line message ("*** in database main ***\\nPage 47: ...")."""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from annotator.commands.common import error_message
from annotator.core.model import NewDocument
from annotator.store import CorruptDatabaseError, Project

NOBODY = 65534


def _in_child_as_unprivileged(work) -> tuple[int, str]:
    """Run work() in a forked child without root's right to write anywhere (as root: as user nobody); returns
    (exit code, what it printed to the pipe)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        code = 1
        try:
            os.close(read)
            if os.geteuid() == 0:
                os.setgid(NOBODY)
                os.setuid(NOBODY)
            os.write(write, work().encode())
            code = 0
        except BaseException as exc:  # noqa: BLE001 - reported to the parent
            os.write(write, f"{type(exc).__name__}: {exc}".encode())
        finally:
            os._exit(code)
    os.close(write)
    with os.fdopen(read, "rb") as f:
        out = f.read().decode()
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]), out


@pytest.fixture
def shared_folder():
    """A folder under the system temp dir that user nobody can reach (pytest's own tmp_path is root's 0700)."""
    folder = Path(tempfile.mkdtemp(prefix="annotator-ro-"))
    os.chmod(folder, 0o755)
    yield folder
    os.chmod(folder, 0o755)
    shutil.rmtree(folder)


def test_a_project_in_a_read_only_folder_is_read(shared_folder):
    db = shared_folder / "p.db"
    with Project.open(db, "kim") as project:
        project.add_documents([NewDocument("부산시 규제자유특구 기사"), NewDocument("강원도 기사")])
    assert sorted(p.name for p in shared_folder.iterdir()) == ["p.db"]  # closed: no -wal/-shm beside it
    os.chmod(db, 0o444)
    os.chmod(shared_folder, 0o555)
    before = db.read_bytes()

    def read() -> str:
        with Project.open(db, None, read_only=True) as project:
            return " / ".join(d.text for d in project.iter_documents())

    code, out = _in_child_as_unprivileged(read)
    assert (code, out) == (0, "부산시 규제자유특구 기사 / 강원도 기사")
    assert db.read_bytes() == before and sorted(p.name for p in shared_folder.iterdir()) == ["p.db"]


def test_an_unwritable_output_is_named_not_its_temporary_file():
    exc = PermissionError(errno.EACCES, "Permission denied", "/data/out/.report.xlsx.4242.k2j3h4g5.part")
    assert error_message(exc) == "/data/out/report.xlsx: permission denied; nothing was written there"
    folder = PermissionError(errno.EACCES, "Permission denied", "/data/out/.brat.977.abcdefgh.part")
    assert error_message(folder) == "/data/out/brat: permission denied; nothing was written there"
    full = OSError(errno.ENOSPC, "No space left on device", "/data/out/.o.jsonl.12.x_y-z.part")
    assert "writing /data/out/o.jsonl" in error_message(full)


def test_a_garbage_page_is_reported_in_one_line(tmp_path):
    db = tmp_path / "p.db"
    with Project.open(db, "kim") as project:
        project.add_documents([NewDocument(f"부산시 규제자유특구 {i}번 기사 " * 300) for i in range(40)])
        project.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(db.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    data[page * 3:page * 4] = bytes(range(256)) * (page // 256)
    db.write_bytes(bytes(data))
    with pytest.raises(CorruptDatabaseError) as info:
        Project.open(db, "kim")
    message = str(info.value)
    assert message.startswith(f"{db}: the database is damaged (") and "\n" not in message and "***" not in message
    from annotator.store import ProjectError
    from annotator.store.team import merge_projects

    with Project.open(tmp_path / "team.db", "lead") as team:
        with pytest.raises(ProjectError) as merged:
            merge_projects(team, [db])
    assert str(db) in str(merged.value) and "\n" not in str(merged.value) and "***" not in str(merged.value)


def test_a_project_with_a_cut_off_write_in_a_read_only_folder_is_refused_not_read_half_written(shared_folder):
    """A file in rollback-journal mode whose writer was killed mid-write holds pages it never committed until
    its journal is played back, which needs the folder written. Read as immutable (the fallback for a folder
    that cannot be written) it showed the uncommitted state: here no entity of the 40 committed."""
    from annotator.store import ProjectError
    from tests.store.test_hot_journal import cut_off_write, labelled_project

    db = labelled_project(shared_folder / "p.db")
    cut_off_write(db)
    for path in (db, Path(f"{db}-journal")):
        os.chmod(path, 0o444)
    os.chmod(shared_folder, 0o555)
    before = db.read_bytes()

    def read() -> str:
        try:
            with Project.open(db, None, read_only=True) as project:
                return f"read: {sum(len(project.spans(d, all_layers=True)) for d in project.document_ids())} entities"
        except ProjectError as exc:
            return f"refused: {exc}"

    code, out = _in_child_as_unprivileged(read)
    assert code == 0 and out.startswith(f"refused: {db}: "), out
    assert f"{db}-journal" in out and "where it can be written" in out
    assert db.read_bytes() == before
    os.chmod(shared_folder, 0o755)
    with Project.open(db, None, read_only=True) as project:  # where it can be written, as it was committed
        assert sum(len(project.spans(d, all_layers=True)) for d in project.document_ids()) == 20
