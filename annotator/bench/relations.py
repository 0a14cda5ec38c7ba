"""Suggested relations (issue 13), timed in the real MainWindow (offscreen) on the bundled sample pages (~2.5-4.4 KB,
40-75 entities each, taken as the reviewer's own, their relations removed so that every rule fires as on a page
being labelled), with Suggestions ▸ Suggest relations on and background pre-annotation off:

relations_recompute_ui_p50_ms / _p95_ms  what recomputing costs the window (UI thread): the snapshot handed to the
                                       worker thread, until the event loop is idle (a label edit triggers this
                                       200 ms after the last one)
relations_ready_p50_ms / _p95_ms       from that request until the worker has computed and written the page's
                                       candidates and the window draws them
relations_tab_accept_p95_ms            Tab to the next suggested relation, then Enter (a relation made, drawn) until idle
relations_by_hand_p95_ms               for comparison: the same relation made by hand (session.add_relation) until idle
relations_candidates_per_page          candidates per page (median)
relations_precision / _recall          the rules on the pages' gold entities against their gold relations: in-sample
                                       (the rules were written on these pages), an upper bound (suggest.relation_figures)
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

from annotator.bench.window import _percentiles, _settle

ROUNDS = 5


def run(*, scale: int) -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEvent, QSettings, Qt
    from PySide6.QtGui import QFontDatabase, QKeyEvent
    from PySide6.QtWidgets import QApplication

    from annotator.bench.suggest import labelled_sample, relation_figures
    from annotator.paths import resource_path
    from annotator.store import Project
    from annotator.ui.first_run import read_doccano_samples
    from annotator.ui.main_window import MainWindow

    figures: dict = {}
    quality = relation_figures(labelled_sample())
    figures["relations_precision"], figures["relations_recall"] = quality["p"], quality["r"]
    figures["relations_detail"] = quality
    app = QApplication.instance() or QApplication([])
    QFontDatabase.addApplicationFont(str(resource_path("fonts", "NanumGothic.ttf")))
    os.environ["ANNOTATOR_BACKGROUND_SUGGESTIONS"] = "0"
    with tempfile.TemporaryDirectory() as tmp:
        project = Project.open(Path(tmp) / "relations.db", "bench")
        project.add_documents(read_doccano_samples(resource_path("samples", "seeds_labelled.jsonl")))
        for doc_id in project.document_ids():  # the entities the reviewer's own, their relations left behind
            project.copy_spans([s.id for s in project.spans(doc_id)], with_relations=False)
        settings = QSettings(str(Path(tmp) / "bench.ini"), QSettings.Format.IniFormat)
        settings.setValue("suggestions/relations", True)
        window = MainWindow(project, settings=settings, use_morphology=False)
        window.resize(1366, 768)
        window.show()
        _settle(app)
        relations = window.editor.relation_review
        view = window.editor.view

        def timed(action) -> float:
            started = time.perf_counter()
            action()
            _settle(app)
            return time.perf_counter() - started

        def ready() -> float:
            """Until the worker has answered and the window has drawn it."""
            started = time.perf_counter()
            while relations.recomputing():
                app.processEvents()
                time.sleep(0.0005)
            _settle(app)
            return time.perf_counter() - started

        def tab_enter() -> None:
            for key in (Qt.Key.Key_Tab, Qt.Key.Key_Return):
                QApplication.sendEvent(view, QKeyEvent(QEvent.Type.KeyPress, key, Qt.KeyboardModifier.NoModifier, ""))

        recompute, arrived, accept, by_hand, per_page = [], [], [], [], []
        for _ in range(ROUNDS):
            for doc_id in project.document_ids():
                window.open_document(doc_id)
                _settle(app)
                relations.recompute()  # the opening's own request (200 ms later) done now, then timed
                ready()
                ui = timed(relations.recompute)
                recompute.append(ui)
                arrived.append(ui + ready())
                per_page.append(len(relations.visible))
                window.editor._move_caret(0)
                relations.set_current(None)
                if relations.visible:
                    first = relations.visible[0]
                    accept.append(timed(tab_enter))
                    window.session.undo_stack.undo()  # the page as it was, for the next round
                    _settle(app)
                    by_hand.append(timed(lambda: window.session.add_relation(first.head_id, first.tail_id,
                                                                             first.label)))
                    window.session.undo_stack.undo()
                    _settle(app)
        figures.update(_percentiles("relations_recompute_ui", recompute))
        figures.update(_percentiles("relations_ready", arrived))
        figures["relations_tab_accept_p95_ms"] = _percentiles("x", accept)["x_p95_ms"] if accept else None
        figures["relations_by_hand_p95_ms"] = _percentiles("x", by_hand)["x_p95_ms"] if by_hand else None
        figures["relations_candidates_per_page"] = statistics.median(per_page)
        relations.stop()
        window.close()
        _settle(app)
        project.close()
    return figures


if __name__ == "__main__":
    import json

    print(json.dumps(run(scale=0), indent=2))
