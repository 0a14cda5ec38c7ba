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
relations_unseen                       the same on unseen real pages with a relation gold (scripts/suggest_devset
                                       load_relations: held-out batches, labelled without running the rules), per
                                       batch: P / R / F1 overall, per relation type, and precision at score thresholds;
                                       None when the gold or the page texts are absent. The rules were never
                                       developed on these pages.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

from annotator.bench.window import _percentiles, _settle

ROUNDS = 5
SCORE_STEPS = (0.5, 0.55, 0.6, 0.7, 0.8, 0.9)  # 0.55: the bar's default threshold


def unseen_relation_figures(pages) -> dict:
    """Candidates of the rules as the app makes them (document_candidates over the content lines the segmenter
    finds, no Kiwi) on each page's gold entities, against its gold relations, per batch."""
    from annotator.core.scheme import default_scheme
    from annotator.nlp.suggest.engine import content_regions
    from annotator.nlp.suggest.relations import document_candidates
    from annotator.nlp.suggest.scoring import prf

    scheme = default_scheme()
    out: dict = {}
    for batch in sorted({p.batch for p in pages}):
        chosen = [p for p in pages if p.batch == batch]
        hits: list[tuple[float, bool, str]] = []  # (score, right, type) of every candidate
        gold_by_type: dict[str, int] = {}
        for page in chosen:
            gold = set(page.relations)
            for _h, _t, kind in gold:
                gold_by_type[kind] = gold_by_type.get(kind, 0) + 1
            for r in document_candidates(page.text, list(page.spans), scheme, content_regions(page.text)):
                hits.append((r.score, (r.head, r.tail, r.label) in gold, r.label))
        n_gold = sum(gold_by_type.values())
        types = sorted(set(gold_by_type) | {kind for _s, _ok, kind in hits})
        out[batch.replace("-", "_")] = {
            "pages": len(chosen),
            **prf(sum(ok for _s, ok, _k in hits), len(hits), n_gold),
            "per_relation": {kind: prf(sum(ok for _s, ok, k in hits if k == kind),
                                       sum(1 for _s, _ok, k in hits if k == kind), gold_by_type.get(kind, 0))
                             for kind in types},
            "at_score": {f"{step:g}": prf(sum(ok for sc, ok, _k in hits if sc >= step),
                                            sum(1 for sc, _ok, _k in hits if sc >= step), n_gold)
                         for step in SCORE_STEPS},
        }
    return out


def unseen_pages():
    """The relation gold's pages (scripts/suggest_devset load_relations), or None without it or the texts."""
    import io

    from annotator.bench.suggest import devset_loader

    loader = devset_loader()
    if loader is None or not hasattr(loader, "load_relations"):
        return None
    pages = loader.load_relations(report=io.StringIO())
    return pages or None


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
    unseen = unseen_pages()
    figures["relations_unseen"] = unseen_relation_figures(unseen) if unseen else None
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
