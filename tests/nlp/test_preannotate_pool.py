"""Pre-annotation on several processes (nlp/preannotate_pool): every table of the project ends the same as after
one process (forked and spawned workers, rejected and accepted suggestions, a reviewer's own entities, empty and
boilerplate-only pages), a cancel keeps the committed batches, a failed or killed worker is a clear error that
keeps what was written, and a SIGKILL of the whole run loses no committed batch and leaves no worker behind."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from annotator.bench.suggest import kept_project, labelled_sample, pages
from annotator.nlp import preannotate, preannotate_pool
from annotator.nlp.preannotate import preannotate as run_preannotate, project_suggester
from annotator.store import Project

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = ["중소벤처기업부는 13일 강원 원주에서 글로벌 혁신 특구 설명회를 열었다고 밝혔다.\n오기웅 중소벤처기업부 차관은 120억 원을 지원한다.",
            "산업통상자원부는 2024년 7월 26일 규제자유특구 14개 시도를 발표했다.\n장관은 3곳을 더 지정한다.",
            "강원도는 내년 상반기 1조5000억원 규모의 사업을 시작한다.",
            "가",  # nothing to propose
            "로그인 | 회원가입 | 전체메뉴\n\n저작권자 © 무단전재 및 재배포 금지",  # chrome only
            "\n\n2030년까지 3천만 원\n"]


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    """A project with kept tokens: the labelled sample (the dictionary), 14 page pieces and the short articles;
    a first run's suggestions decided on by kim (some rejected, one accepted) and an entity of kim's own."""
    path = tmp_path_factory.mktemp("pool") / "base.db"
    records = labelled_sample()
    texts = [f"{t.rstrip()}\n({n})" for n, t in enumerate(pages(records, 14))] + ARTICLES
    ids = kept_project(path, texts, records)
    with Project.open(path, "kim") as project:
        run_preannotate(project, project_suggester(project, sources="dictionary,patterns").suggester, ids)
        pending = [s for doc_id in ids[:6] for s in project.suggestions(doc_id)]
        project.reject_suggestions([s.id for s in pending[::5]])
        project.accept_suggestions([pending[1].id])
        project.add_span(ids[2], 0, 2, "ORG")
    return path


def _tables(path: Path) -> dict[str, list]:
    """Every table's rows, sorted, the time columns left out (a run writes its own clock)."""
    con = sqlite3.connect(path)
    try:
        found = {}
        for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"):
            columns = [r[1] for r in con.execute(f'PRAGMA table_info("{name}")')]
            keep = [f'"{c}"' for c in columns if not c.endswith("_at")]
            found[name] = sorted(map(repr, con.execute(f'SELECT {", ".join(keep)} FROM "{name}"')))
        return found
    finally:
        con.close()


def _run(path: Path, workers: int, *, write: bool = True, **kwargs):
    with Project.open(path, "kim") as project:
        suggester = project_suggester(project, sources="dictionary,patterns,relations").suggester
        ids = project.document_ids()
        return run_preannotate(project, suggester, ids, workers=workers, write=write, **kwargs)


def _small_tasks(monkeypatch) -> None:
    monkeypatch.setattr(preannotate_pool, "TASK_DOCUMENTS", 2)  # many tasks, handed out and done here in turn
    monkeypatch.setattr(preannotate_pool, "MIN_TASK_DOCUMENTS", 2)
    monkeypatch.setattr(preannotate, "WRITE_BATCH", 3)


@pytest.mark.parametrize("forked, workers", [(True, 2), (True, 3), (False, 2)])
def test_every_table_is_what_one_process_leaves(base, tmp_path, monkeypatch, forked, workers):
    _small_tasks(monkeypatch)
    monkeypatch.setattr(preannotate_pool, "can_fork", lambda: forked)
    one, many = tmp_path / "one.db", tmp_path / "many.db"
    shutil.copy(base, one)
    shutil.copy(base, many)
    done_one, written_one = _run(one, 1)
    used = []
    real = preannotate_pool.pooled_proposals
    monkeypatch.setattr(preannotate_pool, "pooled_proposals", lambda *a, **k: used.append(k["workers"]) or real(*a, **k))
    done_many, written_many = _run(many, workers)
    assert used == [workers]
    assert written_many == written_one and written_one.written > 0 and written_one.skipped_rejected > 0
    assert [(d.doc_id, d.title, d.text, d.found) for d in done_many] == [(d.doc_id, d.title, d.text, d.found)
                                                                        for d in done_one]
    assert _tables(many) == _tables(one)
    # a dry run (rejected suggestions left out by the engine) finds the same too, and stores nothing
    before = _tables(many)
    dry_one, _ = _run(one, 1, write=False)
    dry_many, _ = _run(many, workers, write=False)
    assert [(d.doc_id, d.found) for d in dry_many] == [(d.doc_id, d.found) for d in dry_one]
    assert _tables(many) == before
    assert multiprocessing.active_children() == []


def test_cancel_keeps_the_committed_batches(base, tmp_path, monkeypatch):
    _small_tasks(monkeypatch)
    reference, path = tmp_path / "reference.db", tmp_path / "cancelled.db"
    shutil.copy(base, reference)
    shutil.copy(base, path)
    _run(reference, 1)
    with Project.open(path, "kim") as project:
        project.conn.execute("DELETE FROM suggestion_runs")  # so that what this run writes shows
    seen = []
    done, _ = _run(path, 2, progress=lambda fraction, message: seen.append(message), cancelled=lambda: len(seen) > 7)
    assert 7 <= len(done) < 20
    with Project.open(path, "kim") as project, Project.open(reference, "kim") as full:
        ids = project.document_ids()
        assert project.suggested_among(ids) == {d.doc_id for d in done} == set(ids[:len(done)])
        for doc_id in (d.doc_id for d in done):
            assert ([(s.start, s.end, s.label, s.score) for s in project.suggestions(doc_id)]
                    == [(s.start, s.end, s.label, s.score) for s in full.suggestions(doc_id)])
    assert multiprocessing.active_children() == []


def _failing(monkeypatch, parent: int, how) -> None:
    """A worker process fails (how) on its second task; this process never does."""
    real = preannotate.batch_proposals
    calls = [0]

    def batch_proposals(project, suggester, tokens, docs, **kwargs):
        if os.getpid() != parent:
            calls[0] += 1
            if calls[0] == 2:
                how()
        return real(project, suggester, tokens, docs, **kwargs)

    monkeypatch.setattr(preannotate, "batch_proposals", batch_proposals)  # a forked worker has it too


def _crash() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _raise() -> None:
    raise MemoryError("out of memory (a test)")


@pytest.mark.parametrize("how, said", [(_crash, "was killed by signal 9"), (_raise, "MemoryError: out of memory")])
def test_a_failed_worker_is_a_clear_error_and_keeps_what_was_written(base, tmp_path, monkeypatch, capsys, how, said):
    import re

    from annotator.cli import main

    _small_tasks(monkeypatch)
    monkeypatch.setattr(preannotate_pool, "can_fork", lambda: True)
    path = tmp_path / "failed.db"
    shutil.copy(base, path)
    with Project.open(path, "kim") as project:
        ids = project.document_ids()
        project.conn.execute("DELETE FROM suggestion_runs")  # so that what this run writes shows
    _failing(monkeypatch, os.getpid(), how)
    monkeypatch.setenv("ANNOTATOR_REVIEWER", "kim")
    capsys.readouterr()
    code = main(["suggest", "--db", str(path), "--status", "all", "--sources", "dictionary,patterns", "--workers",
                 "2", "--quiet"])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("annotator: error: a suggestion worker") and said in err, err
    assert "what was written before is kept" in err and "Traceback" not in err
    assert multiprocessing.active_children() == []
    failed = int(re.search(r"on documents (\d+)", err).group(1))
    with Project.open(path, "kim") as project:
        assert project.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        written = project.suggested_among(ids)
    # the documents found before the failure are written (in input order); the failed task's are not
    assert written == set(ids[:len(written)]) and failed not in written


def test_a_worker_that_cannot_open_the_project_says_why(base, tmp_path, monkeypatch):
    from annotator.store.errors import ProjectError

    _small_tasks(monkeypatch)
    monkeypatch.setattr(preannotate_pool, "can_fork", lambda: True)
    path = tmp_path / "unopened.db"
    shutil.copy(base, path)
    parent, real = os.getpid(), Project.open.__func__

    def open_(cls, *args, **kwargs):
        if os.getpid() != parent:
            raise ProjectError(f"{args[0]}: locked (a test)")
        return real(cls, *args, **kwargs)

    monkeypatch.setattr(Project, "open", classmethod(open_))
    with pytest.raises(preannotate_pool.WorkerError, match=r"failed on documents \d+\.\.\d+: ProjectError: .*locked"):
        _run(path, 2)
    assert multiprocessing.active_children() == []


KILLED_RUN = r"""
import sys, time
from annotator.nlp import preannotate, preannotate_pool
from annotator.nlp.suggest.engine import Suggester
from annotator.store import Project

preannotate.WRITE_BATCH = 4
preannotate_pool.TASK_DOCUMENTS = preannotate_pool.MIN_TASK_DOCUMENTS = 2
slow = Suggester.suggest
def suggest(self, *a, **k):
    time.sleep(0.05)  # slow enough to be killed half-way
    return slow(self, *a, **k)
Suggester.suggest = suggest
with Project.open(sys.argv[1], "kim") as project:
    suggester = preannotate.project_suggester(project, sources="dictionary,patterns", calibrate=False).suggester
    print("started", flush=True)
    preannotate.preannotate(project, suggester, project.document_ids(), workers=2)
print("finished", flush=True)
"""


def _processes_on(path: Path) -> list[int]:
    """Processes whose command line names path (a forked worker has its parent's)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and str(path).encode() in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue
    return found


@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="finds the workers through /proc")
def test_sigkill_of_a_run_on_two_processes_loses_no_committed_batch(base, tmp_path):
    path = tmp_path / "killed.db"
    shutil.copy(base, path)
    with Project.open(path, "kim") as project:
        project.conn.execute("DELETE FROM suggestion_runs")  # so that a batch's commit shows
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    child = subprocess.Popen([sys.executable, "-c", KILLED_RUN, str(path)], stdout=subprocess.PIPE, text=True,
                             env=env)
    assert child.stdout.readline().strip() == "started"
    seen: dict[int, list] = {}
    deadline = time.monotonic() + 60
    while len(seen) < 8 and time.monotonic() < deadline:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            with con:  # one read transaction: the runs and their suggestions as committed together
                runs = [r[0] for r in con.execute("SELECT doc_id FROM suggestion_runs")]
                seen = {doc_id: sorted(con.execute(
                    'SELECT s.start, s."end", s.label_id, i.score FROM spans s JOIN layers y ON y.id = s.layer_id'
                    " AND y.kind = 'suggestions' LEFT JOIN suggestion_info i ON i.span_id = s.id"
                    " WHERE s.doc_id = ?", (doc_id,))) for doc_id in runs}
        finally:
            con.close()
        time.sleep(0.01)
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert 8 <= len(seen), "the run did not get going"
    deadline = time.monotonic() + 10
    while _processes_on(path) and time.monotonic() < deadline:  # the worker sees its pipe close and leaves
        time.sleep(0.05)
    assert _processes_on(path) == []
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        runs = [r[0] for r in con.execute("SELECT doc_id FROM suggestion_runs")]
        total = con.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        assert set(runs) >= set(seen) and (len(runs) % 4 == 0 or len(runs) == total)  # whole batches only
        for doc_id, stored in seen.items():
            assert sorted(con.execute(
                'SELECT s.start, s."end", s.label_id, i.score FROM spans s JOIN layers y ON y.id = s.layer_id'
                " AND y.kind = 'suggestions' LEFT JOIN suggestion_info i ON i.span_id = s.id"
                " WHERE s.doc_id = ?", (doc_id,))) == stored
    finally:
        con.close()
