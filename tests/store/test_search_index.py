"""The search index follows the import: documents are usable at once, search is right at every moment."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

from hypothesis import given, settings, strategies as st

from annotator.core.model import NewDocument
from annotator.core.search import compact
from annotator.store import Project
from annotator.store.search_index import WATERMARK_KEY

TEXTS = ["충북 규제자유특구 지정", "글로벌 혁신 특구 지정 협의회", "강원 정밀의료 산업", "부산 해양 모빌리티 특구 지정",
         "대전 연구개발특구 성과", "Regulation-free zone ABC"]


def _docs(texts):
    return [NewDocument(text=t, title=f"제목 {i}") for i, t in enumerate(texts)]


def test_import_leaves_documents_unindexed_and_search_still_finds_them(tmp_path):
    with Project.open(tmp_path / "p.db", "kim") as project:
        project.add_documents(_docs(TEXTS))
        assert project.index_status() == (0, len(TEXTS))
        assert project.search("특구 지") == [1, 2, 4]  # 3 characters and more: index + scan
        assert project.search("zone abc") == [6]  # case-insensitive like the index
        run = project.index_pending(batch=2)
        assert (run.indexed, run.remaining) == (len(TEXTS), 0)
        assert project.index_status() == (len(TEXTS), len(TEXTS))
        assert project.search("특구 지") == [1, 2, 4]
        assert project.search("zone abc") == [6]
        assert project.search("혁신 특구") == [2]
        project.conn.execute("INSERT INTO doc_fts_compact(doc_fts_compact, rank) VALUES ('integrity-check', 1)")


def test_an_interrupted_index_run_resumes_where_it_stopped(tmp_path):
    with Project.open(tmp_path / "p.db", "kim") as project:
        project.add_documents(_docs(TEXTS))
        calls = iter([False, True])  # one batch, then "cancelled" (as a kill between batches would leave it)
        run = project.index_pending(batch=2, cancel=lambda: next(calls))
        assert run.cancelled and run.indexed == 2 and run.remaining == 4
    with Project.open(tmp_path / "p.db", "kim") as project:
        assert project.index_status() == (2, 6)
        assert project.search("특구 지정", exact_spacing=True) == [1, 2, 4]  # two from the index, one by the scan
        assert project.search("특구지정") == [1, 2, 4]  # the same across spacing, from the compact index
        assert project.index_pending().indexed == 4
        project.conn.execute("INSERT INTO doc_fts_compact(doc_fts_compact, rank) VALUES ('integrity-check', 1)")


def test_a_file_from_before_deferred_indexing_counts_as_indexed(tmp_path):
    path = tmp_path / "old.db"
    with Project.open(path, "kim") as project:
        project.add_documents(_docs(TEXTS[:2]))
        project.index_pending()
        project.conn.execute("DELETE FROM meta WHERE key = ?", (WATERMARK_KEY,))
    with Project.open(path, "kim") as project:
        assert project.index_status() == (2, 2)
        assert project.index_pending().indexed == 0


@settings(max_examples=40, deadline=None)
@given(texts=st.lists(st.text(alphabet="특구혁신지정 ab", min_size=1, max_size=12), min_size=1, max_size=8, unique=True),
       indexed=st.integers(0, 8), query=st.text(alphabet="특구혁신지정 ab", min_size=3, max_size=4))
def test_search_equals_a_substring_scan_at_every_index_state(tmp_path_factory, texts, indexed, query):
    path = tmp_path_factory.mktemp("idx") / "p.db"
    with Project.open(path, "kim") as project:
        stored = project.add_documents([NewDocument(text=t, title="") for t in texts]).imported
        if indexed:
            stop = iter([False] * (indexed) + [True] * 10)
            project.index_pending(batch=1, cancel=lambda: next(stop))
        if not query.strip():
            return
        expected = [doc_id for doc_id, t in zip(stored, texts) if query.strip().lower() in t.lower()]
        assert project.search(query, exact_spacing=True) == expected
        # the default, across spacing: the whitespace-free query in the whitespace-free text
        loose = [doc_id for doc_id, t in zip(stored, texts) if compact(query).lower() in compact(t).lower()]
        assert project.search(query) == (loose if compact(query) else [])


def _cli(*args, cwd):
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANNOTATOR_")}
    env["ANNOTATOR_REVIEWER"] = "kim"
    done = subprocess.run([sys.executable, "-m", "annotator", *args], capture_output=True, text=True, env=env,
                          cwd=cwd, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_cli_import_later_then_index(tmp_path):
    source = tmp_path / "docs.jsonl"
    source.write_text("".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in TEXTS), encoding="utf-8")
    db = str(tmp_path / "p.db")
    report = json.loads(_cli("import", str(source), "--db", db, "--index", "later", "--json", "--quiet", cwd=tmp_path))
    assert report["search_index"] == {"indexed": 0, "pending": len(TEXTS)}
    stats = json.loads(_cli("stats", "--db", db, "--json", cwd=tmp_path))
    assert stats["search_index"] == {"indexed": 0, "documents": len(TEXTS)}
    done = json.loads(_cli("index", "--db", db, "--json", "--quiet", cwd=tmp_path))
    assert done["indexed"] == len(TEXTS) and done["remaining"] == 0
    now = json.loads(_cli("import", str(source), "--db", str(tmp_path / "q.db"), "--json", "--quiet", cwd=tmp_path))
    assert now["search_index"]["pending"] == 0
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT COUNT(*) FROM doc_fts_compact WHERE text LIKE '%특구지정%'").fetchone()[0] == 3
