"""A damaged search index (its FTS5 shadow tables garbled or cut: PRAGMA quick_check passes) never gives wrong
search results, says so, and is rebuilt from the documents without changing anything else."""

from __future__ import annotations

import json
import random
import sqlite3
import subprocess
import sys

import pytest

from annotator.core.model import NewDocument
from annotator.store import Project
from annotator.store.connection import first_problem
from annotator.store.search_index import RESET_KEY, WATERMARK_KEY

TEXTS = ["충북 규제자유특구 지정", "글로벌 혁신 특구 지정 협의회", "강원 정밀의료 산업", "부산 해양 모빌리티 특구 지정",
         "대전 연구개발특구 성과", "Regulation-free zone ABC", "전북 특별자치도 바이오 특구 지정 소식"]
QUERIES = {"특구 지": [1, 2, 4, 7], "zone abc": [6], "혁신특구": [2], "정밀 의료": [3], "없는 말": []}


def _garble_leaves(conn):
    rng = random.Random(5)
    for (row_id,) in conn.execute("SELECT id FROM doc_fts_compact_data WHERE id > 10").fetchall():
        conn.execute("UPDATE doc_fts_compact_data SET block = ? WHERE id = ?", (rng.randbytes(40), row_id))


DAMAGE = {
    "leaves garbled": _garble_leaves,
    "leaves deleted": lambda c: c.execute("DELETE FROM doc_fts_compact_data WHERE id > 10"),
    # 3 bytes: FTS5 reads it as an empty index, and every search found nothing, silently
    "structure truncated": lambda c: c.execute("UPDATE doc_fts_compact_data SET block = x'010203' WHERE id = 10"),
    "structure garbled": lambda c: c.execute("UPDATE doc_fts_compact_data SET block = ? WHERE id = 10",
                                             (random.Random(3).randbytes(40),)),
    "structure deleted": lambda c: c.execute("DELETE FROM doc_fts_compact_data WHERE id = 10"),
    "config deleted": lambda c: c.execute("DELETE FROM doc_fts_compact_config"),
}


def _project(path):
    with Project.open(path, "kim") as project:
        project.add_documents([NewDocument(text=t, title=f"제목 {i}") for i, t in enumerate(TEXTS)])
        assert project.index_pending().remaining == 0
        project.add_span(1, 3, 9, "ZONE")
        project.set_status(2, "done")
    return path


def _damage(path, how):
    conn = sqlite3.connect(path)
    DAMAGE[how](conn)
    conn.commit()
    # the open-time check lets it through (SQLite 3.44+ sees the index's damage in it: left to the store's repair)
    ordinary = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"
                                           " AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'")}
    assert first_problem(conn, "integrity_check", ordinary) == "ok"
    conn.close()


def _everything_but_the_index(path) -> dict:
    conn = sqlite3.connect(path)
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"
                                         " AND name NOT LIKE 'doc_fts_compact%' AND name NOT LIKE 'sqlite_%'")]
    out = {t: conn.execute(f"SELECT * FROM {t}").fetchall() for t in tables}
    out["meta"] = [r for r in out["meta"] if r[0] not in (WATERMARK_KEY, RESET_KEY)]
    conn.close()
    return out


def _searches(project) -> dict:
    return {query: project.search(query) for query in QUERIES}


@pytest.mark.parametrize("how", sorted(DAMAGE))
def test_a_damaged_index_opens_and_searches_by_a_scan_saying_so(tmp_path, how):
    path = _project(tmp_path / "p.db")
    _damage(path, how)
    with Project.open(path, "kim") as project:  # opening does not refuse it, nor read the whole index
        assert project.search_index_damage is None
        assert _searches(project) == QUERIES
        message = project.search_index_damage
        assert message is not None and str(path) in message and "annotator index --rebuild" in message
        # the document list's queries answer the same way
        assert [row.id for row in project.document_page(0, 10, query="특구 지")] == QUERIES["특구 지"]
        assert project.count_filtered(query="특구 지정", exact_spacing=True) == 4
        assert project.filtered_status_counts(query="특구 지")["done"] == 1
        assert project.next_open_document(1, query="특구 지") == 4
        assert project.probe_search_index() is not None
        assert project.check_search_index() is not None


@pytest.mark.parametrize("how", sorted(DAMAGE))
def test_rebuild_repairs_the_index_and_changes_nothing_else(tmp_path, how):
    path = _project(tmp_path / "p.db")
    before = _everything_but_the_index(path)
    _damage(path, how)
    with Project.open(path, "kim") as project:
        run = project.rebuild_search_index(batch=3)
        assert (run.indexed, run.remaining) == (len(TEXTS), 0)
        assert project.search_index_damage is None
        assert project.probe_search_index() is None and project.check_search_index() is None
        assert _searches(project) == QUERIES
        assert project.search_index_damage is None
    assert _everything_but_the_index(path) == before
    with Project.open(path, "kim") as project:
        assert project.index_status() == (len(TEXTS), len(TEXTS))
        assert _searches(project) == QUERIES and project.search_index_damage is None
        project.conn.execute("INSERT INTO doc_fts_compact(doc_fts_compact, rank) VALUES ('integrity-check', 1)")


def test_a_sound_index_passes_the_probe_and_the_check_and_is_used(tmp_path):
    path = _project(tmp_path / "p.db")
    with Project.open(path, "kim") as project:
        assert project.probe_search_index() is None and project.check_search_index() is None
        assert _searches(project) == QUERIES and project.search_index_damage is None
        sql, _args = project._search_sql("특구 지")
        assert "doc_fts_compact" in sql  # the index answers, not a scan
        project.add_documents([NewDocument(text="경남 우주항공 특구 지정", title="")])  # indexed later
        assert project.check_search_index() is None  # what is after the watermark is not damage
        assert project.search("특구 지") == [*QUERIES["특구 지"], 8]


def test_an_index_out_of_step_with_its_watermark_is_found(tmp_path):
    """Documents counted as indexed that the index lacks (a watermark written by another program)."""
    path = tmp_path / "p.db"
    with Project.open(path, "kim") as project:
        project.add_documents([NewDocument(text=t, title="") for t in TEXTS])
        project.index_pending()
        project.add_documents([NewDocument(text="경남 우주항공 특구 지정", title="")])
    conn = sqlite3.connect(path)
    conn.execute("UPDATE meta SET value = '8' WHERE key = ?", (WATERMARK_KEY,))
    conn.commit()
    conn.close()
    with Project.open(path, "kim") as project:
        assert project.search("특구 지") == [*QUERIES["특구 지"], 8]  # found by the scan, not lost
        assert "document 8 is missing" in project.search_index_damage
        assert project.check_search_index() is not None  # FTS5 finds the index lacks document 8
        project.rebuild_search_index()
        assert project.check_search_index() is None and project.search_index_damage is None


def test_a_rebuild_by_another_connection_is_trusted_again(tmp_path):
    path = _project(tmp_path / "p.db")
    _damage(path, "leaves deleted")
    with Project.open(path, "kim") as app, Project.open(path, "kim") as worker:
        assert _searches(app) == QUERIES and app.search_index_damage is not None
        worker.reset_search_index()  # the app's background indexer: emptied, then indexed batch by batch
        assert app.search_index_damage is None  # the reset is seen, by the notice too (no stale "damaged")
        assert _searches(app) == QUERIES and app.search_index_damage is None
        worker.index_pending(batch=2, cancel=iter([False, True]).__next__)  # half way
        assert _searches(app) == QUERIES and app.search_index_damage is None
        worker.index_pending()
        assert _searches(app) == QUERIES and "doc_fts_compact" in app._search_sql("특구 지")[0]


def test_damage_elsewhere_than_the_index_is_not_hidden(tmp_path):
    path = _project(tmp_path / "p.db")
    with Project.open(path, "kim") as project:
        calls = []

        def broken(*_args, **_kwargs):
            calls.append(1)
            raise sqlite3.DatabaseError("database disk image is malformed")

        project._search_sql = broken  # every try fails, the scan too: the file itself is damaged
        with pytest.raises(sqlite3.DatabaseError):
            project.search("특구 지")
        assert len(calls) == 2 and project.search_index_damage is None


def _cli(*args, cwd):
    return subprocess.run([sys.executable, "-m", "annotator", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=120)


def test_cli_check_finds_the_damage_and_index_rebuilds_it(tmp_path):
    path = _project(tmp_path / "p.db")
    before = _everything_but_the_index(path)
    _damage(path, "leaves garbled")
    db = str(path)
    checked = _cli("index", "--check", "--db", db, cwd=tmp_path)
    assert checked.returncode == 1, checked.stderr
    assert "damaged (database disk image is malformed)" in checked.stdout and "--rebuild" in checked.stdout
    assert _everything_but_the_index(path) == before  # the check changed nothing
    done = _cli("index", "--db", db, "--json", "--quiet", cwd=tmp_path)  # a plain run finds it and rebuilds
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["rebuilt"] and "malformed" in report["damage"] and report["indexed"] == len(TEXTS)
    sound = _cli("index", "--check", "--db", db, "--json", cwd=tmp_path)
    assert sound.returncode == 0 and json.loads(sound.stdout)["damaged"] is False
    again = _cli("index", "--rebuild", "--db", db, "--quiet", cwd=tmp_path)
    assert again.returncode == 0 and f"search index of {db}: rebuilt, as asked: 7 documents" in again.stdout
    assert _everything_but_the_index(path) == before
    with Project.open(path, "kim") as project:
        assert _searches(project) == QUERIES and project.search_index_damage is None


def test_indexing_new_documents_into_a_damaged_index_rebuilds_it(tmp_path):
    path = _project(tmp_path / "p.db")
    before = _everything_but_the_index(path)
    _damage(path, "leaves garbled")
    source = tmp_path / "more.jsonl"
    source.write_text(json.dumps({"text": "경남 우주항공 특구 지정"}, ensure_ascii=False) + "\n", encoding="utf-8")
    done = _cli("import", str(source), "--db", str(path), "--json", "--quiet", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    index = json.loads(done.stdout)["search_index"]
    assert index["pending"] == 0 and "malformed" in index["repaired"]
    after = _everything_but_the_index(path)
    assert {t: rows for t, rows in after.items() if t == "spans" or t == "doc_status"} == {
        t: rows for t, rows in before.items() if t == "spans" or t == "doc_status"}
    with Project.open(path, "kim") as project:
        assert project.check_search_index() is None
        assert project.search("특구 지") == [*QUERIES["특구 지"], 8] and project.search_index_damage is None


@pytest.mark.parametrize("how", ["structure truncated", "structure garbled", "structure deleted", "config deleted"])
def test_damage_the_probe_missed_is_repaired_when_indexing_meets_it(tmp_path, how, monkeypatch):
    """Indexing new documents into an index whose damage the probe did not see (here: it is told to see none)
    empties it and indexes every document again, instead of failing the import that asked for it."""
    path = _project(tmp_path / "p.db")
    _damage(path, how)
    with Project.open(path, "kim") as project:
        monkeypatch.setattr(project, "probe_search_index", lambda: None)
        project.add_documents([NewDocument(text="새로 들어온 강원 특구 소식 " * 30, title="새 문서")])
        run = project.index_pending()
        assert run.repaired and run.remaining == 0
        monkeypatch.undo()
        assert project.check_search_index() is None
        assert project.search("들어온강원") == [len(TEXTS) + 1]
