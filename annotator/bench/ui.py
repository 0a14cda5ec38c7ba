"""Article view figures, measured offscreen on synthetic articles in a temporary project; the window figures
(annotator.bench.window: the real MainWindow) come from the same project.

open_10kb_200spans_ms  open a 10 KB article with 200 entities and paint it (goal <= 50 and <= 2x setPlainText)
setplaintext_10kb_ms   a bare QPlainTextEdit.setPlainText of the same text and paint, for comparison
open_1mb_ms            open a 1 MB article (2,000 entities) and paint it (goal <= 500)
label_action_p95_ms    add a span on a 100 KB article with 1,000 entities: commit, re-highlight, repaint (goal <= 16)
Every article carries a relation between each second pair of neighbouring entities, so the arcs (and the rows
the layout reserves for them) are on in every figure but the bare setPlainText.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

RELATION = "located_in"  # any relation of the default scheme; the bench measures painting, not validity
WORDS = ("중소벤처기업부는", "강원도", "원주시에서", "규제자유특구", "지정을", "발표했다", "글로벌", "혁신", "특구의",
         "사업비", "120억", "원을", "투입한다고", "밝혔다", "의료기기", "산업", "기업", "지원")


def _article(chars: int, n_spans: int, seed: int) -> tuple[str, list[tuple[int, int]]]:
    """Lines of ~90 characters of Korean words; n_spans word-long spans spread evenly."""
    lines, length, i = [], 0, seed
    while length < chars:
        line, words = [], 0
        while words < 90:
            w = WORDS[i % len(WORDS)]
            i += 7
            line.append(w)
            words += len(w) + 1
        text = " ".join(line)
        lines.append(text)
        length += len(text) + 1
    text = "\n".join(lines)[:chars]
    starts = [p for p in range(1, len(text)) if text[p - 1] in " \n" and text[p] not in " \n"]
    step = max(1, len(starts) // max(1, n_spans))
    spans = []
    for p in starts[::step][:n_spans]:
        end = p
        while end < len(text) and text[end] not in " \n":
            end += 1
        spans.append((p, min(end, p + 3)))
    return text, spans


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def shown_editor(app, project):
    """(Session, ArticleEditor) on `project`, shown at 1000x800 and exposed (or repaint() paints nothing)."""
    from annotator.ui.article_view import ArticleEditor
    from annotator.ui.session import Session

    session = Session(project)
    editor = ArticleEditor(session, use_morphology=False)
    editor.resize(1000, 800)
    editor.show()
    for _ in range(5):
        app.processEvents()
    return session, editor


def run(*, scale: int) -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QFontDatabase
    from PySide6.QtWidgets import QApplication, QPlainTextEdit

    from annotator.core.model import NewDocument, NewRelation, NewSpan
    from annotator.paths import resource_path
    from annotator.store import Project

    app = QApplication.instance() or QApplication([])
    QFontDatabase.addApplicationFont(str(resource_path("fonts", "NanumGothic.ttf")))
    labels = ("ORG", "LOC", "PERSON", "POLICY", "ZONE")
    with tempfile.TemporaryDirectory() as tmp:
        project = Project.open(Path(tmp) / "bench.db", reviewer="bench")
        specs = {"10kb": (10_000, 200), "1mb": (1_000_000, 2000), "100kb": (100_000, 1000)}
        ids: dict[str, list[int]] = {}
        texts = {}
        for name, (chars, n_spans) in specs.items():
            for copy in range(2):  # two of each, to alternate between (re-opening one doc is a no-op)
                text, spans = _article(chars, n_spans, seed=copy)
                texts[name] = text
                result = project.add_documents([NewDocument(
                    text, title=f"{name}-{copy}",
                    spans=[NewSpan(s, e, labels[i % len(labels)]) for i, (s, e) in enumerate(spans)],
                    relations=[NewRelation(i, i + 1, RELATION) for i in range(0, len(spans) - 1, 2)])])
                # The reviewer starts from the imported labels, as in the app (their layer, editable).
                project.start_from_imports(result.imported[0])
                ids.setdefault(name, []).extend(result.imported)

        bare = QPlainTextEdit()
        bare.resize(1000, 800)
        bare.show()
        for _ in range(5):  # let the window be exposed, or repaint() paints nothing
            app.processEvents()
        bare_times = []
        for _ in range(7):
            started = time.perf_counter()
            bare.setPlainText(texts["10kb"])
            bare.viewport().repaint()
            bare_times.append(time.perf_counter() - started)
            bare.clear()
        bare.close()

        session, editor = shown_editor(app, project)

        def open_time(name: str, rounds: int) -> float:
            times = []
            for i in range(rounds):
                started = time.perf_counter()
                session.open_document(ids[name][i % 2])
                editor.view.viewport().repaint()
                times.append(time.perf_counter() - started)
            return statistics.median(times)

        open_10kb = open_time("10kb", 7)
        open_1mb = open_time("1mb", 3)

        session.open_document(ids["100kb"][0])
        editor.view.viewport().repaint()
        text = texts["100kb"]
        taken = [(s.start, s.end) for s in project.spans(session.doc_id)]
        free = [(a_end + 1, b_start - 1) for (_a, a_end), (b_start, _b) in zip(taken, taken[1:]) if b_start - a_end > 4]
        label_times = []
        for start, _end in free[:60]:
            pos = start
            while pos < len(text) and text[pos] in " \n":
                pos += 1
            started = time.perf_counter()
            span = session.add_span(pos, pos + 2, "ORG")
            editor.view.viewport().repaint()
            label_times.append(time.perf_counter() - started)
            if span is None:
                break
        label_times.sort()
        p95 = label_times[min(len(label_times) - 1, int(len(label_times) * 0.95))] if label_times else float("nan")
        editor.close()
        from annotator.bench.window import run_window

        window_figures = run_window(app, project, ids)
        project.close()
    return {
        "setplaintext_10kb_ms": _ms(statistics.median(bare_times)),
        "open_10kb_200spans_ms": _ms(open_10kb),
        "open_1mb_ms": _ms(open_1mb),
        "label_action_p95_ms": _ms(p95),
        **window_figures,
    }


if __name__ == "__main__":
    import json

    print(json.dumps(run(scale=0), indent=2))
