"""The search index is built in the background: the window is usable meanwhile and says how far it got."""

from __future__ import annotations

from tests.ui.mw_support import sample_path_db, sample_project, search, settings_dir, window  # noqa: F401 (fixtures)


def test_background_indexing_completes_and_reports(window, qtbot):
    from annotator.ui import tasks

    assert window.project.index_status() == (0, 3)  # the fixture stores the samples without indexing
    assert window.documents is not None and window.project.search("규제자유특구")  # found by the scan meanwhile
    window.indexer.start()
    qtbot.waitUntil(lambda: not tasks._running, timeout=30_000)
    assert window.project.index_status() == (3, 3)
    assert not window.indexer.label.isVisible()
    assert "Search index ready: 3 documents" in window.statusBar().currentMessage()


def test_progress_label_reads_percent(window):
    window.indexer._show_progress(0.42, "")
    assert window.indexer.label.text() == "Indexing for search 42%"


def test_import_in_the_app_indexes_afterwards(window, qtbot, tmp_path):
    from annotator.ui import tasks
    from annotator.ui.main_actions import run_import

    page = tmp_path / "new.txt"
    page.write_text("새 기사\n\n전북 특별자치도 바이오 특구 지정 소식이다.\n", encoding="utf-8")
    run_import(window, [page])
    qtbot.waitUntil(lambda: not tasks._running, timeout=30_000)
    qtbot.waitUntil(lambda: window.project.index_status() == (4, 4), timeout=10_000)
    assert window.project.search("바이오 특구") == [4]


def test_opening_a_project_with_a_damaged_index_rebuilds_it_in_the_background(qtbot, tmp_path, settings_dir):
    from annotator.ui import tasks
    from annotator.ui.launch import open_main_window
    from tests.store.test_search_index_damage import QUERIES, _damage, _everything_but_the_index, _project

    path = _project(tmp_path / "p.db")
    before = _everything_but_the_index(path)
    _damage(path, "leaves garbled")
    window = open_main_window(path, use_morphology=False)
    qtbot.addWidget(window)
    assert window.indexer.task is not None  # nothing was pending: the probe found the damage
    qtbot.waitUntil(lambda: not tasks._running, timeout=30_000)
    project = window.project
    assert project.check_search_index() is None and project.index_status() == (7, 7)
    assert {q: project.search(q) for q in QUERIES} == QUERIES and project.search_index_damage is None
    assert "Search index ready: 7 documents" in window.statusBar().currentMessage()
    window.close()
    after = _everything_but_the_index(path)
    assert after.pop("reviewers")[0][:3] == before.pop("reviewers")[0][:3]  # the app gives kim her uid on opening
    assert after == before


def test_a_search_that_meets_a_damaged_index_says_so_and_rebuilds_it(window, qtbot, sample_path_db):
    import sqlite3

    from annotator.ui import tasks

    window.indexer.start()
    qtbot.waitUntil(lambda: not tasks._running, timeout=30_000)
    expected = window.project.search("규제자유특구")
    assert expected and window.project.search_index_damage is None
    conn = sqlite3.connect(sample_path_db)  # damaged while the window is open (another program, a disk fault)
    conn.execute("DELETE FROM doc_fts_compact_data WHERE id > 10")
    conn.commit()
    conn.close()
    search(qtbot, window.documents, "규제자유특구")
    assert window.documents.model.rowCount() == len(expected)  # listed by the scan
    assert "The search index is damaged" in window.statusBar().currentMessage()
    assert window.indexer.task is not None
    qtbot.waitUntil(lambda: not tasks._running, timeout=30_000)
    assert window.project.check_search_index() is None
    assert window.project.search("규제자유특구") == expected and window.project.search_index_damage is None


def test_damage_a_search_meets_but_the_probe_misses_is_rebuilt_too(qtbot, tmp_path, settings_dir):
    """One leaf of one index segment gone: the probe's few documents read past it (the window opens without a
    rebuild), a search meets it; the rebuild it starts empties the index whatever the probe says (found by review,
    2026-12-03)."""
    import random
    import sqlite3

    from annotator.core.model import NewDocument
    from annotator.store import Project
    from annotator.ui import tasks
    from annotator.ui.launch import open_main_window

    rng = random.Random(7)
    words = ["충북", "강원", "부산", "대전", "전북", "광주", "인천", "울산", "세종", "제주", "경남", "경북"]
    texts = [f"{w} " + " ".join("".join(chr(0xAC00 + rng.randrange(11000)) for _ in range(5)) for _ in range(300))
             for w in words]
    path = tmp_path / "p.db"
    with Project.open(path, "kim") as project:
        project.conn.execute("INSERT INTO doc_fts_compact(doc_fts_compact, rank) VALUES ('automerge', 0)")
        project.add_documents([NewDocument(text=t, title=f"제목{i}") for i, t in enumerate(texts)])
        project.index_pending(batch=1)  # a segment a document
        project.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn = sqlite3.connect(path)
    conn.execute("DELETE FROM doc_fts_compact_data WHERE id = 137438953477")  # one leaf of one segment
    conn.commit()
    conn.close()
    window = open_main_window(path, use_morphology=False)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: not tasks._running, timeout=30_000)
    assert window.project.probe_search_index() is None  # what the probe sees: nothing
    search(qtbot, window.documents, "꾣푢훅릃쿖")
    assert window.documents.model.rowCount() == 1  # found by the scan
    assert "The search index is damaged" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: not tasks._running, timeout=30_000)
    project = window.project
    assert project.check_search_index() is None and project.index_status() == (12, 12)
    assert project.search("꾣푢훅릃쿖") == [2] and project.search_index_damage is None
    window.close()
