"""Adjudication figures (`annotator bench --only adjudication`): what the adjudicator feels, timed in the real
MainWindow (shown offscreen) in the adjudication mode, each action until the event loop is idle, then undone.

adjudicate_<action>_<size>_p50_ms / _p95_ms for accept (all agreed), choice (take a reviewer's choice of the
current disagreement), layer (take a reviewer's whole version) and undo, on the bundled article with the most
entities labelled by two reviewers ("sample", ~140 reviewer entities) and a 100 KB article with 1,000 entities per
reviewer ("100kb"); adjudicate_mode_<size>_ms switches the mode on (the article is read again as gold).
Goal: p95 <= 100 ms for every action on a news article (one transaction and a repaint); on the 100 KB article the
bulk actions (accept, layer: ~900 entities in one transaction) show how they scale.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

OPT_IN = True
ROUNDS = 10


def _project(folder: Path) -> tuple[Path, dict[str, int]]:
    from annotator.bench.ui import _article
    from annotator.core.model import NewDocument, NewSpan
    from annotator.store import Project
    from annotator.ui.adjudication_sample import build_two_reviewer_sample, second_reviewer_differs

    path = folder / "team.db"
    ids = build_two_reviewer_sample(path)
    with Project.open(path, "kim") as kim:
        sample = max(ids, key=lambda d: len(kim.spans(d, "kim")))
        text, spans = _article(100_000, 1000, seed=3)
        labels = ("ORG", "LOC", "PERSON", "POLICY", "ZONE")
        big = kim.add_documents([NewDocument(text, title="100kb", origin="bench:1", spans=[
            NewSpan(s, e, labels[i % len(labels)]) for i, (s, e) in enumerate(spans)])]).imported[0]
        kim.copy_spans([s.id for s in kim.spans(big)])
        kim.set_status(big, "done")
    second_reviewer_differs(path, "kim", "lee", [big])
    return path, {"sample": sample, "100kb": big}


def run(*, scale: int) -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from annotator.bench.window import _percentiles, _settle
    from annotator.store import Project
    from annotator.ui.app import load_fonts
    from annotator.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    load_fonts()
    figures: dict = {}
    with tempfile.TemporaryDirectory(prefix="annotator-adjudicate-") as tmp:
        path, docs = _project(Path(tmp))
        settings = QSettings(str(Path(tmp) / "bench.ini"), QSettings.Format.IniFormat)
        project = Project.open(path, "adjudicator")
        window = MainWindow(project, db_path=path, settings=settings, use_morphology=False)
        window.resize(1366, 768)
        window.show()
        _settle(app)
        adjudicator, stack = window.adjudicator, window.session.undo_stack

        def timed(action) -> float:
            started = time.perf_counter()
            action()
            _settle(app)
            return time.perf_counter() - started

        for size, doc_id in docs.items():
            window.actions_by_name["adjudicate"].setChecked(False)
            window.open_document(doc_id)
            _settle(app)
            figures[f"adjudicate_mode_{size}_ms"] = round(
                timed(lambda: window.actions_by_name["adjudicate"].setChecked(True)) * 1000, 1)
            first = adjudicator.state.comparison.disagreements[0]
            actions = {"accept": adjudicator.accept_agreed,
                       "choice": lambda: adjudicator.take_choice(0, first.start),
                       "layer": lambda: adjudicator.take_layer(1)}
            times: dict[str, list[float]] = {name: [] for name in (*actions, "undo")}
            for _ in range(ROUNDS):
                for name, action in actions.items():
                    times[name].append(timed(action))
                    times["undo"].append(timed(stack.undo))
            for name, values in times.items():
                figures.update(_percentiles(f"adjudicate_{name}_{size}", values))
            figures[f"adjudicate_reviewer_entities_{size}"] = len(adjudicator.state.reviewer_spans)
        window.close()
        project.close()
    return figures
