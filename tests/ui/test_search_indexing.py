"""The search index is built in the background: the window is usable meanwhile and says how far it got."""

from __future__ import annotations

from tests.ui.mw_support import sample_path_db, sample_project, settings_dir, window  # noqa: F401 (fixtures)


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
