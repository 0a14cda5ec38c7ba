"""The one-time back-fill of older projects' dates and outlets: with progress, cancellable between chunks and
resumed by the next run; on the command line with a progress line on stderr (the app's worker:
tests/ui/test_article_meta_backfill.py)."""

from __future__ import annotations

import os
import subprocess
import sys

from annotator.core.model import NewDocument
from annotator.store import Project
from annotator.store import doc_meta


def older_project(path, n: int):
    """A project as the migration that added article metadata leaves one: no doc_meta rows, the back-fill
    pending."""
    with Project.open(path, "kim") as project:
        project.add_documents([NewDocument(f"[CWN 최한결 기자] 입력 2024.0{1 + i % 9}.02 10:00\n본문 {i}", title=f"기사 {i}")
                               for i in range(n)] + [NewDocument("날짜 없는 기사", title="날짜 없음")])
        with project.transaction() as c:
            c.execute("DELETE FROM doc_meta")
            c.execute("INSERT INTO meta(key, value) VALUES ('article_meta_pending', '1')")
    return path


def test_progress_cancel_and_resume(tmp_path, monkeypatch):
    monkeypatch.setattr(doc_meta, "BACKFILL_CHUNK", 10)
    path = older_project(tmp_path / "old.db", 34)
    with Project.open(path, "kim", backfill=False) as project:
        assert project.article_meta_pending() == 35
        reports = []
        run = project.backfill_article_meta(progress=lambda f, m: reports.append((f, m)),
                                            cancel=lambda: len(reports) >= 2)
        assert run.cancelled and run.read == 20 and run.total == 35
        assert reports[-1] == (20 / 35, "read the date and outlet of 20/35 documents")
        assert project.article_meta_pending() == 15  # what was read is committed; the flag stays
    with Project.open(path, "kim", backfill=False) as project:
        reports.clear()
        run = project.backfill_article_meta(progress=lambda f, m: reports.append(f))
        assert not run.cancelled and (run.read, run.total, run.dated) == (15, 15, 14)
        assert reports[-1] == 1.0 and project.article_meta_pending() == 0
        assert project.get_meta("article_meta_pending") is None
        assert project.article_info(1).published == "2024-01-02 10:00" and project.article_info(1).outlet == "CWN"
        assert project.backfill_article_meta().read == 0  # once


def test_open_still_backfills_by_default(tmp_path):
    path = older_project(tmp_path / "old.db", 3)
    with Project.open(path, "kim") as project:
        assert project.article_meta_pending() == 0 and project.article_info(2).published.startswith("2024-02-02")


def test_the_command_line_shows_progress_on_stderr(tmp_path):
    path = older_project(tmp_path / "old.db", 5)
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANNOTATOR_")}
    done = subprocess.run([sys.executable, "-m", "annotator", "stats", "--db", str(path), "--json"],
                          capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "article dates: 100%" in done.stderr and "6/6" in done.stderr
    assert "read the date and outlet of 6 documents" in done.stderr and "(5 dated)" in done.stderr
    with Project.open(path, "kim", backfill=False) as project:
        assert project.article_meta_pending() == 0
    again = subprocess.run([sys.executable, "-m", "annotator", "stats", "--db", str(path), "--json"],
                           capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300)
    assert "article dates" not in again.stderr  # once
