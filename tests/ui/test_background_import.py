"""File ▸ Import runs on a worker thread with its own connection; the window stays usable and reloads."""

from __future__ import annotations

from tests.ui.mw_support import sample_path_db, sample_project, settings_dir, window  # noqa: F401 (fixtures)


def test_import_runs_in_the_background_and_the_list_reloads(window, qtbot, tmp_path):
    from annotator.ui import tasks
    from annotator.ui.main_actions import run_import

    folder = tmp_path / "incoming"
    folder.mkdir()
    for i in range(40):
        (folder / f"{i:02d}.txt").write_text(
            f"기사 {i} 제목\n\n강원 원주시가 규제자유특구 {i}호로 지정됐다고 중기부가 밝혔다.\n", encoding="utf-8"
        )
    run_import(window, [folder])
    qtbot.waitUntil(lambda: not tasks._running, timeout=30_000)
    qtbot.waitUntil(lambda: window.documents.model.rowCount() == 43, timeout=5_000)
    assert window.position_label.text().endswith("/ 43")
    # The GUI thread's connection still works after the worker's writes.
    assert window.project.count_documents() == 43
