"""The window figures: what a reviewer feels, timed in the real MainWindow (document list, article, entity and
relation docks, palette, status bar; shown offscreen), each action until the event loop is idle and the
window has repainted.

window_<action>_<size>_p50_ms / _p95_ms for add (a span), relabel, delete, undo, add_relation and open_next (N / P
to the neighbouring document of the same size), at 10kb (200 entities) and 100kb (1,000 entities);
window_open_1mb_ms opens a 1 MB article (2,000 entities) the same way.
Goals: p95 <= 16 for every action; open 10 KB <= 50; open 1 MB <= 500. Kiwi's child process is not started
(snapping does not run in these actions).
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

ROUNDS = 30


def _settle(app) -> None:
    """Run what the action queued (layout, update requests: the repaint) until nothing is left."""
    for _ in range(3):
        app.sendPostedEvents()
        app.processEvents()


def _percentiles(name: str, times: list[float]) -> dict:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, int(round(len(ordered) * 0.95)) - 1)]
    return {f"{name}_p50_ms": round(statistics.median(ordered) * 1000, 2), f"{name}_p95_ms": round(p95 * 1000, 2)}


def run_window(app, project, ids: dict[str, list[int]]) -> dict:
    from PySide6.QtCore import QSettings

    from annotator.ui.main_window import MainWindow

    figures: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        settings = QSettings(str(Path(tmp) / "bench.ini"), QSettings.Format.IniFormat)
        settings.setValue("suggestions/background", False)  # these figures are the editing alone (bench/review.py)
        window = MainWindow(project, settings=settings, use_morphology=False)
        window.resize(1480, 900)
        window.show()
        _settle(app)
        session = window.session

        def timed(action) -> float:
            started = time.perf_counter()
            action()
            _settle(app)
            return time.perf_counter() - started

        for size in ("10kb", "100kb"):
            first, second = ids[size]
            window.open_document(first)
            _settle(app)
            state = session.state
            taken = [(s.start, s.end) for s in state.spans]
            text = state.text
            free = [a_end + 1 for (_a, a_end), (b_start, _b) in zip(taken, taken[1:]) if b_start - a_end > 4]
            free = [p for p in free if text[p] not in " \n" and text[p + 1] not in " \n"]
            times: dict[str, list[float]] = {k: [] for k in ("add", "relabel", "delete", "undo", "add_relation")}
            session.add_span(free[-1], free[-1] + 2, "ORG")  # the first edit of a document also sets its status
            _settle(app)
            for pos in free[:ROUNDS]:
                span_holder = []
                times["add"].append(timed(lambda: span_holder.append(session.add_span(pos, pos + 2, "ORG"))))
                span = span_holder[0]
                if span is None:
                    continue
                times["relabel"].append(timed(lambda: session.change_span_label(span.id, "PERSON")))
                times["delete"].append(timed(lambda: session.delete_span(span.id)))
                times["undo"].append(timed(session.undo_stack.undo))
            spans = state.spans
            pairs = [(h, t) for h, t in zip(spans, spans[1:]) if h.label == "ORG" and t.label == "LOC"]
            for head, tail in pairs[:ROUNDS]:
                times["add_relation"].append(timed(lambda: session.add_relation(head.id, tail.id, "located_in")))
            for action, values in times.items():
                if values:
                    figures.update(_percentiles(f"window_{action}_{size}", values))
            # N and P between the two documents of this size (adjacent in the list), as a reviewer moves on.
            window.open_document(first)
            _settle(app)
            opens = [timed(window.next_document if i % 2 == 0 else window.previous_document)
                     for i in range(ROUNDS // 2)]
            assert session.doc_id in (first, second)
            figures.update(_percentiles(f"window_open_next_{size}", opens))
        window.open_document(ids["1mb"][0])
        _settle(app)
        opens = [timed(window.next_document if i % 2 == 0 else window.previous_document) for i in range(3)]
        figures["window_open_1mb_ms"] = round(statistics.median(opens) * 1000, 2)
        window.close()
    return figures
