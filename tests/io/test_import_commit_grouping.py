"""An import commits consecutive chunks together, about once every COMMIT_SECONDS: the same rows as a commit
per chunk, progress counts only committed documents, and a SIGKILL loses nothing acknowledged."""

from __future__ import annotations

import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from annotator.io.importers import import_paths, runner
from annotator.store import Project

_IMPORTED = re.compile(r"^(\d+) documents imported$")
# documents without created_at, doc_meta and doc_state without updated_at: stamped per transaction
_TABLES = {"documents": "id, ext_id, title, source, url, sha256, text_length, meta, text",
           "doc_state": "doc_id, segmenter_version", "doc_lines": "*",
           "doc_meta": "doc_id, published, published_source, published_evidence, outlet, outlet_source,"
                       " outlet_evidence",
           "line_frequencies": "*", "source_documents": "*"}


def _write(path: Path, records) -> None:
    """records: dicts, or None for a broken line."""
    with open(path, "w", encoding="utf-8") as fh:
        for rec in records:
            fh.write("{broken\n" if rec is None else json.dumps(rec, ensure_ascii=False) + "\n")


def _pages(n: int, start: int = 0) -> list[dict]:
    return [{"text": f"기사 {i}\n규제자유특구 지정 발표 {i % 7}\n본문 {i} 입니다.", "url": f"https://news{i % 3}.kr/{i}"}
            for i in range(start, start + n)]


def _rows(db: Path) -> dict:
    con = sqlite3.connect(db)
    try:
        return {table: con.execute(f"SELECT {columns} FROM {table} ORDER BY 1, 2").fetchall()
                for table, columns in _TABLES.items()}
    finally:
        con.close()


def _committed(db: Path) -> int:
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    finally:
        con.close()


class _Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _record_groups(monkeypatch) -> list[int]:
    """The number of chunks of each transaction the runner stores."""
    groups: list[int] = []
    original = runner.store_group

    def counting(project, parts):
        groups.append(len(parts))
        return original(project, parts)

    monkeypatch.setattr(runner, "store_group", counting)
    return groups


def test_chunks_are_committed_about_once_a_second_and_progress_counts_committed_documents(tmp_path, monkeypatch):
    path, db = tmp_path / "pages.jsonl", tmp_path / "p.db"
    _write(path, _pages(40))
    clock = _Clock()
    monkeypatch.setattr(runner, "_clock", clock)
    monkeypatch.setattr(runner, "COMMIT_SECONDS", 1.0)
    monkeypatch.setattr(runner, "CHUNK_DOCS", 4)  # ten chunks
    groups = _record_groups(monkeypatch)
    said: list[tuple[int, int]] = []  # (documents the progress message says are imported, committed then)

    def progress(fraction, message):
        found = _IMPORTED.match(message)
        if found:
            said.append((int(found.group(1)), _committed(db)))
            clock.now += 0.4  # each chunk takes 0.4 s: a commit once 1 s has passed since the last one

    with Project.open(db, "tester") as project:
        report = import_paths(project, [path], progress=progress)
    assert report.imported == 40 and report.problems == []
    assert groups == [4, 3, 3]  # at 1.2 s (four chunks), then every three
    assert [n for n, _ in said] == [0, 0, 0, 16, 16, 16, 28, 28, 28, 40, 40, 40]  # the final flush, the last commit
    assert all(n == committed for n, committed in said)  # acknowledged = committed, never more


def test_the_last_progress_message_counts_every_stored_document_with_a_child_segmenter(tmp_path, monkeypatch):
    """With a child segmenter the last chunks are stored after the input is read: the last message says so (it
    said the count of the last chunk read, short of the report's)."""
    path, db = tmp_path / "pages.jsonl", tmp_path / "p.db"
    _write(path, _pages(40))
    monkeypatch.setattr(runner, "PROCESS_MIN_BYTES", 0)
    monkeypatch.setattr(runner, "CHUNK_DOCS", 4)
    said = []
    with Project.open(db, "tester") as project:
        report = import_paths(project, [path], progress=lambda fraction, message: said.append((fraction, message)))
    assert report.imported == 40 and said[-1] == (1.0, "40 documents imported")


def test_a_group_is_also_cut_at_its_size_limit(tmp_path, monkeypatch):
    path = tmp_path / "pages.jsonl"
    _write(path, _pages(40))
    monkeypatch.setattr(runner, "_clock", _Clock())  # time stands still: only sizes cut groups
    monkeypatch.setattr(runner, "CHUNK_DOCS", 4)
    monkeypatch.setattr(runner, "GROUP_CHARS", 4 * 30 * 4)  # about four chunks of ~30-character pages
    groups = _record_groups(monkeypatch)
    with Project.open(tmp_path / "p.db", "tester") as project:
        assert import_paths(project, [path]).imported == 40
    assert sum(groups) == 10 and len(groups) >= 3 and max(groups) <= 5


@st.composite
def _corpus(draw):
    """Pages with some broken lines, duplicates (of an earlier line) and empty texts."""
    pages = _pages(draw(st.integers(1, 30)))
    out: list = []
    for page in pages:
        kind = draw(st.integers(0, 9))
        if kind == 0:
            out.append(None)
        elif kind == 1 and out:
            out.append(draw(st.sampled_from(out)))
        elif kind == 2:
            out.append({"text": "  "})
        out.append(page)
    return out


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records=_corpus(), chunk=st.integers(1, 6), every=st.integers(1, 5))
def test_grouped_commits_store_what_a_commit_per_chunk_stores(monkeypatch, records, chunk, every):
    """Oracle: the same import committed chunk by chunk. Every good record kept, the same rows, each bad line
    reported with FILE:LINE."""
    monkeypatch.setattr(runner, "CHUNK_DOCS", chunk)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "in.jsonl"
        _write(path, records)
        results = []
        for name, seconds in (("each", 0.0), ("grouped", None)):
            clock = _Clock()
            monkeypatch.setattr(runner, "_clock", clock)
            monkeypatch.setattr(runner, "COMMIT_SECONDS", 0.0 if seconds is not None else 1.0)
            calls = [0]

            def progress(fraction, message, clock=clock, calls=calls):
                calls[0] += 1
                if calls[0] % every == 0:
                    clock.now += 1.0

            db = Path(tmp) / f"{name}.db"
            with Project.open(db, "tester") as project:
                report = import_paths(project, [path], progress=progress)
            results.append((report.imported, report.problems, report.duplicates, _rows(db)))
        assert results[1] == results[0]
        imported, problems, duplicates, _ = results[0]
        assert imported == len({r["text"] for r in records if r is not None and r["text"].strip()})
        broken = [n for n, r in enumerate(records, 1) if r is None]
        assert [p for p in problems if "invalid JSON" in p] == [f"{path}:{n}: invalid JSON (Expecting property name"
                                                               f" enclosed in double quotes at column 2); line skipped"
                                                               for n in broken]


_CHILD = r"""
import sys
from annotator.io.importers import import_paths, runner
from annotator.store import Project
runner.COMMIT_SECONDS = 0.05
runner.CHUNK_DOCS = 8

def progress(fraction, message):
    if message.endswith(" documents imported"):
        print(message.split()[0], flush=True)  # acknowledged: committed before the message is made

with Project.open(sys.argv[1], "writer") as project:
    import_paths(project, [sys.argv[2]], progress=progress)
print("done", flush=True)
"""


def test_sigkill_mid_import_loses_no_acknowledged_document(tmp_path):
    path, db = tmp_path / "pages.jsonl", tmp_path / "p.db"
    _write(path, _pages(6000))
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    child = subprocess.Popen([sys.executable, "-c", _CHILD, str(db), str(path)], stdout=subprocess.PIPE, text=True,
                             env=env)
    acknowledged = 0
    wanted = random.Random().randint(1, 400)  # acknowledged documents before the kill
    deadline = time.monotonic() + 120
    while acknowledged < wanted and time.monotonic() < deadline:
        line = child.stdout.readline()
        if not line or line.startswith("done"):
            break
        acknowledged = max(acknowledged, int(line))
    child.send_signal(signal.SIGKILL)
    for line in child.stdout.read().splitlines():  # acknowledgements already in the pipe count too
        if not line.startswith("done"):
            acknowledged = max(acknowledged, int(line))
    child.wait()
    assert acknowledged > 0, "the import did not get going"
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = con.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        # whole documents only: each with its text, state, lines and metadata
        for table in ("doc_state", "doc_lines", "doc_meta"):
            assert con.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == stored
        assert con.execute("SELECT COUNT(*) FROM documents WHERE length(text) != text_length").fetchone()[0] == 0
    finally:
        con.close()
    assert stored >= acknowledged


def test_chunks_with_labels_are_cut_by_size_only(tmp_path, monkeypatch):
    """Split by time, a span batch would be bulk-loaded twice, each time rebuilding the span indexes."""
    path = tmp_path / "labelled.jsonl"
    _write(path, [{**page, "label": [[0, 2, "ORG"]]} for page in _pages(40)])
    clock = _Clock()
    monkeypatch.setattr(runner, "_clock", clock)
    monkeypatch.setattr(runner, "CHUNK_DOCS", 4)
    groups = _record_groups(monkeypatch)

    def progress(fraction, message):
        clock.now += 0.4

    with Project.open(tmp_path / "p.db", "tester") as project:
        report = import_paths(project, [path], progress=progress)
    assert report.imported == 40 and report.spans == 40
    assert groups == [10]
