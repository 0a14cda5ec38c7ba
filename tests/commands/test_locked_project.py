"""A project another program is writing to: commands that write fail at once naming the file (or wait with
--wait, saying so), before any work; reading commands go on (WAL readers never wait for a writer)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.io.importers import import_paths
from annotator.store import Project

REPO = Path(__file__).resolve().parents[2]
SAMPLES = sorted((REPO / "annotator" / "resources" / "samples").glob("*.txt"))


def _cli(*args, **kw):
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.Popen([sys.executable, "-m", "annotator", *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, cwd=REPO, **kw)


@pytest.fixture
def held(tmp_path):
    """A project with the samples and a second connection holding its write lock."""
    db = tmp_path / "p.db"
    with Project.open(db, "tester") as project:
        import_paths(project, SAMPLES)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    yield db, holder
    holder.close()


def _state(db: Path):
    c = sqlite3.connect(db)
    try:
        return [c.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("documents", "spans", "reviewers")]
    finally:
        c.close()


@pytest.mark.parametrize("command", [
    ["suggest", "--status", "all"], ["import", SAMPLES[0]], ["segment", "--all"], ["index"], ["tokenize"]])
def test_a_writing_command_fails_at_once_naming_the_file(held, command):
    db, holder = held
    before = _state(db)
    run = _cli(*command, "--db", db, "--wait", "0")
    out, err = run.communicate(timeout=120)
    assert run.returncode == 1, (out, err)
    assert f"{db}: another program is writing to the database" in err and "nothing was read or changed" in err
    assert "--wait SECONDS" in err and "waited" not in err and "waiting" not in err
    assert "Traceback" not in err and out == ""
    holder.execute("ROLLBACK")
    assert _state(db) == before


def test_merge_into_a_locked_team_file_fails_the_same_way(held, tmp_path):
    db, _holder = held
    source = tmp_path / "reviewer.db"
    with Project.open(source, "kim") as project:
        import_paths(project, SAMPLES[:1])
    run = _cli("merge", source, "--into", db, "--wait", "0")
    out, err = run.communicate(timeout=120)
    assert run.returncode == 1 and f"{db}: another program is writing to the database" in err, (out, err)
    assert db.exists()  # an existing team file is never removed


def test_wait_says_so_and_goes_on_when_the_lock_is_given_back(held):
    db, holder = held
    run = _cli("suggest", "--db", db, "--status", "all", "--wait", "60", "--json", "--quiet")
    line = run.stderr.readline()
    assert line.startswith(f"annotator: {db}: another program is writing to it; waiting up to 60 s"), line
    holder.execute("ROLLBACK")  # the other program finishes: the run starts
    out, err = run.communicate(timeout=300)
    assert run.returncode == 0, err
    assert json.loads(out)["written"] > 0


def test_reading_commands_do_not_wait_for_a_writer(held, tmp_path):
    db, _holder = held
    run = _cli("stats", "--db", db, "--json", "--wait", "0")
    out, err = run.communicate(timeout=120)
    assert run.returncode == 0, err
    assert json.loads(out)["documents"] == len(SAMPLES)
