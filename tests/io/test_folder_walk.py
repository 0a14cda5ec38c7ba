"""What an imported folder holds besides files to read. A pipe, a socket, a broken or looping link, a link to a
folder and a folder that cannot be listed were all left out without a word (pathlib's rglob swallows the
permission error; the walk kept regular files only): a user's articles behind a linked or locked folder were
not imported and the import said "0 problems". Each is now a problem naming its path; nothing is opened that
could block (a pipe), and the good files are imported as before."""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
from pathlib import Path

import pytest

from annotator.io.importers import files_under, import_paths
from tests.commands.test_import_cli import run_cli
from tests.fuzz.test_read_only_places import _in_child_as_unprivileged
from tests.store_invariants import stored_documents


def _odd_folder(root: Path) -> Path:
    folder = root / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.txt").write_text("부산시 규제자유특구 기사", encoding="utf-8")
    (folder / "sub" / "deep.txt").write_text("강원도 특구 지정 기사", encoding="utf-8")
    os.mkfifo(folder / "pipe.jsonl")  # opening it would wait for a writer for ever
    (folder / "gone.txt").symlink_to(root / "nowhere.txt")
    (folder / "loop1.txt").symlink_to(folder / "loop2.txt")
    (folder / "loop2.txt").symlink_to(folder / "loop1.txt")
    (folder / "sub" / "up").symlink_to(folder)  # followed, it would recur without end
    (folder / "linked.txt").symlink_to(folder / "good.txt")  # a link to a file is read as the file
    (folder / ".hidden").symlink_to(root / "nowhere")  # hidden: left out as before, not reported
    return folder


def test_odd_entries_of_a_folder_are_reported_and_the_good_files_imported(project, tmp_path):
    folder = _odd_folder(tmp_path)
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(folder / "sock.txt"))
        report = import_paths(project, [folder])
    assert report.problems == [
        f"{folder / 'gone.txt'}: a broken link (its target is missing, or it links back to itself); skipped",
        f"{folder / 'loop1.txt'}: a broken link (its target is missing, or it links back to itself); skipped",
        f"{folder / 'loop2.txt'}: a broken link (its target is missing, or it links back to itself); skipped",
        f"{folder / 'pipe.jsonl'}: not a regular file (a pipe, socket or device); skipped",
        f"{folder / 'sock.txt'}: not a regular file (a pipe, socket or device); skipped",
        f"{folder / 'sub' / 'up'}: a link to a folder, not followed; import that folder by its own path"]
    assert report.files_failed == 6
    assert set(stored_documents(project.path)) == {"부산시 규제자유특구 기사", "강원도 특구 지정 기사"}
    assert [p.name for p in files_under(folder)] == ["good.txt", "linked.txt", "deep.txt"]  # sorted, as before


def test_the_cli_says_it_and_exits_as_for_any_other_problem(tmp_path):
    folder = _odd_folder(tmp_path)
    out = run_cli("import", "-q", "--db", tmp_path / "p.db", folder)
    assert out.returncode == 0 and "Traceback" not in out.stderr  # the good files were imported
    assert f"  {folder / 'pipe.jsonl'}: not a regular file (a pipe, socket or device); skipped" in out.stdout
    assert "rejected: 5 problems" in out.stdout and "files that could not be read: 5" in out.stdout


@pytest.fixture
def shared_folder():
    """A folder user nobody can reach (pytest's own tmp_path is root's 0700)."""
    folder = Path(tempfile.mkdtemp(prefix="annotator-walk-"))
    os.chmod(folder, 0o755)
    yield folder
    for path in folder.rglob("*"):
        if path.is_dir():
            os.chmod(path, 0o755)
    shutil.rmtree(folder)


def test_a_folder_that_cannot_be_listed_is_named(shared_folder):
    (shared_folder / "locked").mkdir()
    (shared_folder / "locked" / "a.txt").write_text("잠긴 기사", encoding="utf-8")
    (shared_folder / "open.txt").write_text("열린 기사", encoding="utf-8")
    os.chmod(shared_folder / "locked", 0)

    def walk() -> str:
        passed: list = []
        found = files_under(shared_folder, passed_over=passed)
        return repr(([p.name for p in found], [(str(p), why) for p, why in passed]))

    code, out = _in_child_as_unprivileged(walk)
    assert code == 0, out
    assert out == repr((["open.txt"], [(str(shared_folder / "locked"), "cannot read this folder (Permission"
                                                                       " denied); the files in it are not imported")]))


def test_a_given_folder_that_cannot_be_listed_is_said_once(project, tmp_path, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()

    def refuse(path):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(os, "scandir", refuse)  # as for user nobody on a folder of mode 000
    report = import_paths(project, [folder])
    monkeypatch.undo()
    assert report.problems == [f"{folder}: cannot read this folder (Permission denied); the files in it are not"
                               " imported"]  # not also "no importable files in this folder"
