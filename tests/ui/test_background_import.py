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


def test_train_menu_runs_training_on_a_worker_with_progress(window, qtbot, tmp_path, monkeypatch):
    import annotator.nlp.train as train_module
    from PySide6.QtWidgets import QDialog, QTableWidget

    from annotator.ui import tasks
    from annotator.ui.main_actions import train_model
    from annotator.ui.train_dialog import TrainDialog

    calls = {}

    def fake_train_ner(db, *, out_dir, progress, cancel, reviewer, **kw):
        import threading

        calls.update(db=db, out_dir=out_dir, reviewer=reviewer, thread=threading.current_thread().name, **kw)
        progress(0.5, "step 10 · evaluation 1")
        return {"stopped": "finished", "steps": 10, "best_step": 10, "model_dir": str(out_dir), "ents_f": 0.5,
                "per_label": {"ORG": {"p": 0.5, "r": 0.5, "f": 0.5, "support": 2}}, "warnings": ["only 2 documents"]}

    def accept(dialog):
        dialog.folder.setText(str(tmp_path / "model"))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(train_module, "train_ner", fake_train_ner)
    monkeypatch.setattr(TrainDialog, "exec", accept)
    train_model(window)
    qtbot.waitUntil(lambda: not tasks._running and getattr(window, "last_training", None) is not None,
                    timeout=10_000)
    assert calls["out_dir"] == tmp_path / "model" and calls["reviewer"] == "kim"
    assert calls["scope"] == "labelled" and calls["user_words"] is True
    assert calls["thread"] != "MainThread"
    table = window.last_training_dialog.findChild(QTableWidget, "trainResult")
    assert table is not None and table.rowCount() == 2  # ORG and overall


def test_labels_imported_onto_the_open_document_show_at_once(window, qtbot, tmp_path):
    import json

    from annotator.ui import tasks
    from annotator.ui.main_actions import run_import

    doc_id = window.session.doc_id
    text = window.project.document(doc_id).text
    start = next(i for i, ch in enumerate(text) if not ch.isspace())
    labelled = tmp_path / "colleague.jsonl"
    labelled.write_text(json.dumps({"text": text, "label": [[start, start + 1, "ORG"]]}, ensure_ascii=False) + "\n",
                        encoding="utf-8")
    run_import(window, [labelled])
    qtbot.waitUntil(lambda: not tasks._running, timeout=30_000)
    shown = window.session.state
    qtbot.waitUntil(lambda: any(s.layer == "import:colleague.jsonl" for s in shown._all_other_spans + shown.spans),
                    timeout=5_000)
    assert "Labels added to 1 document stored before" in window.statusBar().currentMessage()
