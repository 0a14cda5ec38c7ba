"""The training dialog: scopes with their counts and warnings before a run; the result as a per-label table."""

from __future__ import annotations

from annotator.ui.train_dialog import TrainDialog, result_table, result_text
from tests.ui.mw_support import sample_path_db, sample_project, settings_dir, window  # noqa: F401 (fixtures)


def test_scopes_show_counts_and_warn_with_numbers(window, qtbot, tmp_path):
    dialog = TrainDialog(window, tmp_path / "model")
    qtbot.addWidget(dialog)
    project = window.project
    assert not dialog.scope_buttons["mine"].isEnabled()  # nothing marked done yet
    assert dialog.scope() == "labelled" and dialog.scope_buttons["labelled"].isChecked()
    n_docs = len(project.labelled_document_ids())
    n_entities = sum(len(project.spans(d)) for d in project.labelled_document_ids())
    assert f"{n_docs} documents, {n_entities} entities" in dialog.scope_buttons["labelled"].text()
    warning = dialog.warning_label.text()
    assert "Too little to learn from" in warning and f"only {n_docs - 1} documents to train on" in warning
    assert dialog.user_words.isChecked() and dialog.train_button.isEnabled()
    window.session.set_status("done", project.document_ids()[0])
    again = TrainDialog(window, tmp_path / "model")
    qtbot.addWidget(again)
    assert again.scope_buttons["mine"].isEnabled() and again.scope() == "mine"


def test_result_table_per_label_and_overall(qtbot):
    result = {"stopped": "cancelled", "steps": 340, "best_step": 200, "model_dir": "/tmp/m",
              "ents_p": 0.5, "ents_r": 0.25, "ents_f": 0.3333, "support": 12,
              "per_label": {"LOC": {"p": 1.0, "r": 0.5, "f": 0.6667, "support": 4},
                            "ORG": {"p": 0.25, "r": 0.125, "f": 0.1667, "support": 8}},
              "export": {"train_documents": 16, "dev_documents": 4}}
    table = result_table(result)
    qtbot.addWidget(table)
    rows = [[table.item(r, c).text() for c in range(5)] for r in range(table.rowCount())]
    assert rows == [["LOC", "1.000", "0.500", "0.667", "4"], ["ORG", "0.250", "0.125", "0.167", "8"],
                    ["overall", "0.500", "0.250", "0.333", "12"]]
    text = result_text(result)
    assert "Cancelled at step 340: the best model so far was kept" in text
    assert "Trained on 16 documents, evaluated on 4" in text
    assert "no model" in result_text({"stopped": "cancelled", "model_dir": None})


def test_progress_lines_are_shown_in_the_ui_language():
    from annotator.nlp.train import _progress_text
    from annotator.ui.train_dialog import progress_text

    line = _progress_text(340, 20000, 2, 0.4123, 0.4551, 200)
    assert progress_text(line) == "Step 340 of at most 20000 · evaluation 2\ndev F1 0.412 (best 0.455 at step 200)"
    assert progress_text(_progress_text(3, 0, 1, None, -1.0, None)) == "Step 3 · evaluation 1"


def test_the_tokenising_line_of_the_export_phase_is_shown_in_the_ui_language(qapp):
    """The progress dialog said "tokenising 3/3 documents" in English between two Korean lines."""
    from PySide6.QtWidgets import QApplication

    from annotator.ui.app import install_translator
    from annotator.ui.train_dialog import progress_text

    assert progress_text("tokenising 3/40 documents") == "Tokenising 3 of 40 documents…"
    translator = install_translator(QApplication.instance(), "ko")
    try:
        korean = progress_text("tokenising 3/40 documents")
        assert "tokenising" not in korean.lower() and "3" in korean and "40" in korean
    finally:
        QApplication.instance().removeTranslator(translator)


def test_a_folder_with_an_earlier_model_is_replaced_only_when_the_user_says_so(window, qtbot, tmp_path, monkeypatch):
    """Every training went to exports/ner-model and replaced the model there without a word, a run cancelled
    after a step too (with a model worth nothing)."""
    from PySide6.QtWidgets import QDialog, QMessageBox

    from annotator.ui.train_dialog import TrainDialog

    folder = tmp_path / "ner-model"
    folder.mkdir()
    (folder / "meta.json").write_text("{}", encoding="utf-8")
    asked = []
    answer = [QMessageBox.StandardButton.No]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or answer[0])
    dialog = TrainDialog(window, folder)
    qtbot.addWidget(dialog)
    dialog.accept()
    assert asked and str(folder) in asked[0] and dialog.result() != QDialog.DialogCode.Accepted
    answer[0] = QMessageBox.StandardButton.Yes
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    fresh = TrainDialog(window, tmp_path / "new-model")
    qtbot.addWidget(fresh)
    asked.clear()
    fresh.accept()
    assert not asked and fresh.result() == QDialog.DialogCode.Accepted
