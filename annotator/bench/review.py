"""The suggestion review figures, timed in the real MainWindow (offscreen) with background pre-annotation on, on the
bundled sample pages (~3 KB each) and numbered copies of them, as a reviewer goes through a queue of new ones:

review_open_next_p50_ms / _p95_ms      N to the next document until the event loop is idle, while the worker
                                       pre-annotates (dictionary, patterns, base model) on its thread
review_open_next_off_p50_ms / _p95_ms  the same with background pre-annotation off, on documents pre-annotated
                                       beforehand (the same painting), for comparison
review_first_ready_ms                  from opening the first document to its suggestions shown (the worker builds
                                       its suggester and loads Kiwi and the spaCy model first)
review_ready_p50_ms                    from opening a later document to its suggestions shown (0 when the lookahead
                                       had them ready before it was opened)
review_accept_p95_ms / review_reject_p95_ms   Tab then Enter (Backspace) on a suggestion until idle
review_suggestions_per_document        suggestions shown per opened document (median)
Goal (issue 13): the UI never waits for a suggestion: open and decisions stay within a frame or so (16 ms) of the
figures without the worker.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

from annotator.bench.window import _percentiles, _settle

ROUNDS = 12
SOURCES = "dictionary,patterns,model"


def _project(path: Path, copies: int):
    """The labelled samples (the dictionary) and `copies` new, unlabelled numbered copies of the sample pages."""
    from annotator.core.model import NewDocument
    from annotator.paths import resource_path
    from annotator.store import Project
    from annotator.ui.first_run import read_doccano_samples

    project = Project.open(path, "bench")
    project.add_documents(read_doccano_samples(resource_path("samples", "seeds_labelled.jsonl")))
    pages = [p.read_text(encoding="utf-8") for p in sorted(resource_path("samples").glob("*.txt"))]
    project.add_documents([NewDocument(f"{pages[i % len(pages)]}\n({i + 1})", title=f"copy {i + 1}")
                           for i in range(copies)])
    return project


def run(*, scale: int) -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.pop("ANNOTATOR_BACKGROUND_SUGGESTIONS", None)
    from PySide6.QtCore import QEvent, QSettings, Qt
    from PySide6.QtGui import QFontDatabase, QKeyEvent
    from PySide6.QtWidgets import QApplication

    from annotator.paths import resource_path
    from annotator.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    QFontDatabase.addApplicationFont(str(resource_path("fonts", "NanumGothic.ttf")))
    figures: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        project = _project(Path(tmp) / "review.db", copies=2 * ROUNDS + 8)
        first_new = project.document_ids()[3]
        # The documents of the pass without the worker carry suggestions too (written here, before any timing),
        # so both passes paint the same: the difference is the worker running.
        from annotator.nlp.preannotate import preannotate, project_suggester

        off_ids = [first_new + ROUNDS + 4 + i for i in range(ROUNDS // 2 + 1)]
        preannotate(project, project_suggester(project, sources=SOURCES).suggester, off_ids)
        for background in (False, True):
            settings = QSettings(str(Path(tmp) / f"bench-{background}.ini"), QSettings.Format.IniFormat)
            settings.setValue("suggestions/background", background)
            settings.setValue("suggestions/sources", SOURCES)
            window = MainWindow(project, settings=settings, use_morphology=False)
            window.resize(1366, 768)
            window.show()
            _settle(app)
            review = window.editor.suggestion_review
            ready: dict[int, float] = {}
            window.background_suggestions.ready.connect(lambda doc_id, _n: ready.setdefault(doc_id, time.perf_counter()))

            def timed(action) -> float:
                started = time.perf_counter()
                action()
                _settle(app)
                return time.perf_counter() - started

            def wait_ready(doc_id: int, limit: float = 300.0) -> None:
                deadline = time.perf_counter() + limit
                while doc_id not in ready and time.perf_counter() < deadline:
                    app.processEvents()
                    time.sleep(0.002)

            start = first_new if background else first_new + ROUNDS + 4  # fresh documents for each pass
            opened = time.perf_counter()
            window.open_document(start)
            _settle(app)
            if background:
                wait_ready(start)
                figures["review_first_ready_ms"] = round((ready.get(start, float("nan")) - opened) * 1000, 1)
            opens, waits, shown = [], [], []
            for _ in range(ROUNDS if background else ROUNDS // 2):
                before = time.perf_counter()
                opens.append(timed(window.next_document))
                if background:
                    doc_id = window.session.doc_id
                    wait_ready(doc_id)
                    waits.append(max(0.0, ready.get(doc_id, before) - before))
                    shown.append(len(review.pending))
            figures.update(_percentiles("review_open_next" if background else "review_open_next_off", opens))
            if background:
                figures["review_ready_p50_ms"] = round(statistics.median(waits) * 1000, 1)
                figures["review_suggestions_per_document"] = statistics.median(shown)
                times = {"accept": [], "reject": []}
                for i in range(2 * ROUNDS):
                    if not review.pending.visible:
                        window.next_document()
                        _settle(app)
                        wait_ready(window.session.doc_id)
                        continue
                    key = Qt.Key.Key_Return if i % 2 == 0 else Qt.Key.Key_Backspace
                    view = window.editor.view

                    def decide(key=key) -> None:
                        for k in (Qt.Key.Key_Tab, key):
                            QApplication.sendEvent(view, QKeyEvent(QEvent.Type.KeyPress, k,
                                                                   Qt.KeyboardModifier.NoModifier, ""))
                    times["accept" if i % 2 == 0 else "reject"].append(timed(decide))
                for name, values in times.items():
                    if values:
                        figures[f"review_{name}_p95_ms"] = _percentiles("x", values)["x_p95_ms"]
            window.close()
            _settle(app)
        project.close()
    return figures


if __name__ == "__main__":
    import json

    print(json.dumps(run(scale=0), indent=2))
