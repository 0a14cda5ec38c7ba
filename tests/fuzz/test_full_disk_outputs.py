"""Outputs on a full disk, simulated by a file-size limit (RLIMIT_FSIZE) on the CLI process: every write past it
fails as a full disk's does. Each command exits 1 with one line naming what could not be written, no traceback and
no "Exception ignored", and leaves nothing half-written: no `.part`, no -wal/-shm, no new folder, an older output
unchanged. Found by the campaign on a real full tmpfs (reports25/H-robust-scripts/full_disk.py): `report` printed
zipfile's "Exception ignored ... No space left on device" after its message, and `assign` left
`REVIEWER.annotator.db.part` (and the hand-out folder) behind."""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.core.model import NewDocument, NewSpan
from annotator.store import Project

REPO = Path(__file__).resolve().parents[2]
LIMIT = 96 * 1024
SENTENCE = "부산시는 해양 모빌리티 규제자유특구 사업을 중소벤처기업부와 함께 발표했다. "


@pytest.fixture(scope="module")
def big_project(tmp_path_factory):
    path = tmp_path_factory.mktemp("full") / "p.db"
    with Project.open(path, "kim") as project:
        docs = [NewDocument(f"{i}번 기사\n" + SENTENCE * 12, spans=[NewSpan(0, len(str(i)), "QUANTITY")])
                for i in range(400)]
        project.ensure_entity_labels(["QUANTITY"])
        project.add_documents(docs)
        project.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


def _limited():
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG from write(), as ENOSPC on a full disk, not a kill
    resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))


def _run(*args):
    env = dict(os.environ, PYTHONPATH=str(REPO), ANNOTATOR_REVIEWER="kim")
    return subprocess.run([sys.executable, "-m", "annotator", *map(str, args)], capture_output=True, text=True,
                          env=env, cwd=REPO, timeout=300, preexec_fn=_limited)


@pytest.mark.parametrize("command, target", [
    (["report", "-q", "--out", "{out}/r.xlsx"], "r.xlsx"),
    (["assign", "-q", "--reviewers", "lee,park", "--out", "{out}/team"], "team"),
    (["export", "doccano", "--status", "all", "-q", "--out", "{out}/old.jsonl"], "old.jsonl"),
    (["merge", "-q", "--into", "{out}/team.db", "{db}"], "team.db"),
])
def test_an_output_that_does_not_fit_is_not_left_half_written(big_project, tmp_path, command, target):
    out = tmp_path / "out"
    out.mkdir()
    (out / "old.jsonl").write_text('{"text": "이전 내보내기"}\n', encoding="utf-8")
    before = big_project.read_bytes()
    args = [part.format(out=out, db=big_project) for part in command]
    proc = _run(*args, *([] if command[0] == "merge" else ["--db", big_project]))
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr and "Exception ignored" not in proc.stderr, proc.stderr
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith("annotator: error: ") and "damaged" not in last, last
    assert str(out) in last or (command[0] == "assign" and str(big_project) in last), last
    assert sorted(p.name for p in out.iterdir()) == ["old.jsonl"]  # nothing new, nothing half-written
    assert json.loads((out / "old.jsonl").read_text(encoding="utf-8")) == {"text": "이전 내보내기"}
    assert big_project.read_bytes() == before
