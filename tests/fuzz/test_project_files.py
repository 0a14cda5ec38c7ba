"""Damaged project files, as the store and the team merge meet them: a seeded loop of byte-level damage (garbage
pages, flipped bytes, truncation, a lowered user_version) to a closed project. Whatever the damage, opening it
returns a project that passes SQLite's own check or raises a ProjectError naming the file; merging it as a
source does the same and leaves the team project as it was; and no message quotes the damaged data."""

from __future__ import annotations

import hashlib
import os
import random
import sqlite3

import pytest

from annotator.core.model import NewDocument
from annotator.store import Project, ProjectError
from annotator.store.team import merge_projects

CASES = int(os.environ.get("FUZZ_CASES", "16"))


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def closed_project(tmp_path_factory):
    path = tmp_path_factory.mktemp("seed") / "seed.db"
    with Project.open(path, "kim") as project:
        ids = project.add_documents([NewDocument(f"부산시 규제자유특구 {i}번 기사 " * 300) for i in range(20)]).imported
        project.add_span(ids[0], 0, 3, "LOC")
        project.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path.read_bytes()


def damage(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    b = bytearray(data)
    page = int.from_bytes(b[16:18], "big")
    kind = rng.choice(["garbage page", "flips", "truncate", "zero page", "user_version"])
    if kind == "garbage page":
        n = rng.randrange(len(b) // page)
        b[n * page + (100 if n == 0 else 0):(n + 1) * page] = bytes(rng.randrange(256) for _ in range(page))[
            :page - (100 if n == 0 else 0)]
    elif kind == "zero page":
        n = rng.randrange(1, len(b) // page)
        b[n * page:(n + 1) * page] = bytes(page)
    elif kind == "flips":
        for _ in range(rng.randint(1, 40)):
            b[rng.randrange(100, len(b))] ^= 1 << rng.randrange(8)
    elif kind == "truncate":
        b = b[:rng.randrange(100, len(b))]
    else:  # another program lowered (or broke) the schema version
        b[60:64] = rng.choice([-1, 0, 1, 3, 9]).to_bytes(4, "big", signed=True)
    return kind, bytes(b)


def _no_quoted_data(message: str) -> None:
    assert "with text" not in message and "\ufffd" not in message and len(message) < 600, message


@pytest.mark.parametrize("number", range(CASES))
def test_damaged_project_is_opened_whole_or_refused_by_name(tmp_path, closed_project, number):
    kind, data = damage(random.Random(number), closed_project)
    path = tmp_path / "damaged.db"
    path.write_bytes(data)
    try:
        with Project.open(path, "kim") as project:
            project.stats()
            for doc_id in project.document_ids():
                project.spans(project.document(doc_id, verify=True).id)
        con = sqlite3.connect(path)
        assert con.execute("PRAGMA quick_check").fetchone()[0] == "ok", kind
        con.close()
    except ProjectError as exc:
        assert str(path) in str(exc), (kind, str(exc))
        _no_quoted_data(str(exc))
        assert _digest(path) == hashlib.sha256(data).hexdigest(), f"{kind}: a refused file was changed"


@pytest.mark.parametrize("number", range(CASES))
def test_damaged_merge_source_is_refused_by_name_and_the_team_file_unchanged(tmp_path, closed_project, number):
    """It was 'not a readable project file (Could not decode to UTF-8 column 'value' with text '{"ORG": [...'
    for a garbage page under the scheme's patterns, and the temporary copy's name for a lowered user_version."""
    kind, data = damage(random.Random(1000 + number), closed_project)
    source = tmp_path / "kim.db"
    source.write_bytes(data)
    team = tmp_path / "team.db"
    with Project.open(team, "lead") as project:
        project.add_documents([NewDocument("팀 프로젝트의 기사")])
    before = _digest(team)
    with Project.open(team, "lead") as project:
        try:
            merge_projects(project, [source])
        except ProjectError as exc:
            assert str(exc).startswith(f"{source}: "), (kind, str(exc))
            _no_quoted_data(str(exc))
            refused = True
        else:
            refused = False
    if refused:
        assert _digest(team) == before or _same_rows(team, before)
    assert _digest(source) == hashlib.sha256(data).hexdigest(), f"{kind}: the merge changed its source"


def _same_rows(team, before) -> bool:
    con = sqlite3.connect(team)
    try:
        return con.execute("SELECT group_concat(text) FROM documents").fetchone()[0] == "팀 프로젝트의 기사"
    finally:
        con.close()
