"""When kept tokens cannot be written, the reason given is the file's own error: `annotator tokenize` on a full
disk said "1 could not be kept (the file is read-only or locked)" and exited 0 (found by the campaign's full-disk
target on a small tmpfs: scripts/fuzz_campaign.py --target full_disk). Keeping the tokens is that command's whole
work, so it now exits 1 naming the file and what went wrong."""

from __future__ import annotations

import sqlite3

from annotator.core import korean
from annotator.core.model import NewDocument
from annotator.io.token_cache import TokenCache
from annotator.store import Project

PAGE = "부산시는 해양 모빌리티 규제자유특구를 발표했다.\n중소벤처기업부가 함께했다."


def _plain() -> korean.KoreanAnalyser:
    return korean.KoreanAnalyser()


def test_a_lock_held_by_another_program_is_the_reason_given(tmp_path):
    db = tmp_path / "p.db"
    with Project.open(db, "kim") as project:
        project.add_documents([NewDocument(PAGE)])
    with Project.open(db, "kim") as project:
        project.conn.execute("PRAGMA busy_timeout = 50")
        blocker = sqlite3.connect(db, isolation_level=None)
        blocker.execute("BEGIN IMMEDIATE")
        try:
            with TokenCache(project, _plain()) as cache:
                run = cache.pretokenize(project.document_ids())
        finally:
            blocker.rollback()
            blocker.close()
    assert (run.computed, run.stored, run.not_stored) == (1, 0, 1)
    assert run.not_stored_reason.startswith(f"{db}: ") and "locked" in run.not_stored_reason
    assert run.as_dict()["not_stored_reason"] == run.not_stored_reason


def test_a_read_only_project_says_so(tmp_path):
    db = tmp_path / "p.db"
    with Project.open(db, "kim") as project:
        project.add_documents([NewDocument(PAGE)])
    with Project.open(db, "kim", read_only=True) as project:
        with TokenCache(project, _plain()) as cache:
            run = cache.pretokenize(project.document_ids())
    assert run.not_stored == 1 and run.not_stored_reason == f"{db}: opened read-only"
