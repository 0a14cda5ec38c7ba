"""The app's first Prodigy/CoNLL export: the tokenising is its own phase ("Tokenising k of N documents"), on the
worker, cancellable; a cancelled export writes nothing and keeps the tokens it already kept."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget

from annotator.ui import export_dialog, export_phases
from tests.io.export_sample import build_sample_project


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "p.db"
    build_sample_project(path, emoji=False).close()
    return path


def kept_documents(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT count(DISTINCT doc_id) FROM doc_tokens").fetchone()[0]


def options(fmt: str, out: Path) -> export_dialog.ExportOptions:
    return export_dialog.ExportOptions(format=fmt, out=out, status="all", doc_ids=None, include_boilerplate=False)


def run_export(qtbot, db, opts, monkeypatch, *, cancel_after: int | None = None):
    """Start the export as the dialog does; returns (label texts the progress dialog showed, finished, message
    boxes). cancel_after=k: Cancel is pressed on the worker once k tokenising steps are done (no race with the
    worker, as a click on the GUI thread would have)."""
    labels, boxes, finished = [], [], []
    monkeypatch.setattr(export_dialog, "offer_to_open_folder",
                        lambda parent, title, text, out, problems=(): finished.append(text))
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: boxes.append(text))
    parent = QWidget()
    qtbot.addWidget(parent)
    holder = []
    if cancel_after is not None:
        from annotator.io.token_cache import TokenCache

        original, steps = TokenCache.pretokenize, []

        def pretokenize(self, *args, **kwargs):
            run = original(self, *args, **kwargs)
            steps.append(run)
            if len(steps) == cancel_after:
                holder[0].cancel()
            return run

        monkeypatch.setattr(TokenCache, "pretokenize", pretokenize)
    task = export_dialog.start_export(parent, db, "kim", opts)
    holder.append(task)
    labels.append(task.dialog.labelText())
    task.progressed.connect(lambda _fraction, message: labels.append(message))
    qtbot.waitUntil(lambda: bool(finished or boxes), timeout=120_000)
    return labels, finished, boxes


@pytest.mark.parametrize("fmt", ["prodigy", "conll"])
def test_first_export_shows_the_tokenising_phase_with_counts(qtbot, db, tmp_path, monkeypatch, fmt):
    out = tmp_path / f"out.{fmt}"
    labels, finished, _ = run_export(qtbot, db, options(fmt, out), monkeypatch)
    assert labels[0] == "Preparing the Korean tokens…"
    tokenising = [text for text in labels if text.startswith("Tokenising")]
    assert "Tokenising 1 of 3 documents…" in tokenising and tokenising[-1] == "Tokenising 3 of 3 documents…"
    assert any(text.startswith("Writing") for text in labels)
    assert labels.index(tokenising[-1]) < max(i for i, t in enumerate(labels) if t.startswith("Writing"))
    assert "Reading the documents…" not in labels
    assert finished and out.exists() and kept_documents(db) == 3


def test_a_second_export_does_not_tokenise_again(qtbot, db, tmp_path, monkeypatch):
    run_export(qtbot, db, options("prodigy", tmp_path / "a.jsonl"), monkeypatch)
    labels, finished, _ = run_export(qtbot, db, options("conll", tmp_path / "b.conll"), monkeypatch)
    assert finished and not [text for text in labels if text.startswith("Tokenising")]


def test_cancel_while_tokenising_writes_nothing_and_keeps_the_tokens_kept(qtbot, db, tmp_path, monkeypatch):
    out = tmp_path / "out.jsonl"
    labels, finished, boxes = run_export(qtbot, db, options("prodigy", out), monkeypatch,
                                         cancel_after=1)
    assert boxes == ["The export was cancelled; nothing was written."] and not finished
    assert not out.exists() and not list(tmp_path.glob("out*"))
    assert kept_documents(db) == 1  # the first document's tokens stay kept
    assert not [text for text in labels if text.startswith("Writing")]
    # The next export goes on from there: only the documents left are tokenised.
    monkeypatch.undo()
    labels, finished, _ = run_export(qtbot, db, options("prodigy", out), monkeypatch)
    assert finished and out.exists() and kept_documents(db) == 3


def test_writing_text_says_the_exporters_counts_in_words():
    assert export_phases.writing_text("exporting 12/40") == "Writing 12 of 40 documents…"
    assert export_phases.writing_text("exporting done") == "Writing the export…"
    assert export_phases.tokenising_text(2, 5) == "Tokenising 2 of 5 documents…"


def test_a_big_first_export_tokenises_on_the_worker_processes_with_counts(qtbot, db, tmp_path, monkeypatch):
    """Past the pool's size the tokenising is one pretokenize call on Kiwi worker processes, its task counts
    shown in the same words."""
    from annotator.io.token_cache import TokenCache

    original = TokenCache.__init__

    def two_workers(self, project, analyser=None, **kwargs):
        kwargs.update(workers=2, pool_min_chars=0)
        original(self, project, analyser, **kwargs)

    monkeypatch.setattr(TokenCache, "__init__", two_workers)
    monkeypatch.setattr(export_phases, "_chars_reach", lambda project, ids, limit: True)
    out = tmp_path / "out.jsonl"
    labels, finished, _ = run_export(qtbot, db, options("prodigy", out), monkeypatch)
    assert finished and out.exists() and kept_documents(db) == 3
    assert [text for text in labels if text.startswith("Tokenising")][-1] == "Tokenising 3 of 3 documents…"


def test_the_progress_dialog_has_room_for_the_longer_notes(qtbot):
    from annotator.ui import tasks

    parent = QWidget()
    qtbot.addWidget(parent)
    task = tasks.run_task(parent, "Exporting", lambda progress, cancel: None, label="Reading…")
    dialog = task.dialog
    longest = "Tokenising 12000 of 12000 documents…"
    assert dialog.minimumWidth() >= dialog.fontMetrics().horizontalAdvance(longest) + 20  # was cut at the first label's width
    qtbot.waitUntil(lambda: not tasks._running, timeout=5_000)
