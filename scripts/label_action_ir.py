"""Instructions of one label action in the article editor (annotator.bench.ui's `label_action_p95_ms` set-up: a
100 KB article, 1,000 entities, 500 relations; add a span, commit, re-highlight, repaint offscreen), counted by
callgrind, which gives the same count whatever the machine's load. Run it with N=0 and N=20 label actions; the
difference / 20 is one action:

    QT_QPA_PLATFORM=offscreen valgrind --tool=callgrind --callgrind-out-file=cg.0 .venv/bin/python scripts/label_action_ir.py 0
    QT_QPA_PLATFORM=offscreen valgrind --tool=callgrind --callgrind-out-file=cg.20 .venv/bin/python scripts/label_action_ir.py 20

(each a few minutes; "Collected : N" in valgrind's output). For another version, PYTHONPATH=DIR of its `git archive`.
"""
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
N = int(sys.argv[1])
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication

from annotator.bench.ui import RELATION, _article, shown_editor
from annotator.core.model import NewDocument, NewRelation, NewSpan
from annotator.paths import resource_path
from annotator.store import Project

app = QApplication.instance() or QApplication([])
QFontDatabase.addApplicationFont(str(resource_path("fonts", "NanumGothic.ttf")))
labels = ("ORG", "LOC", "PERSON", "POLICY", "ZONE")
with tempfile.TemporaryDirectory() as tmp:
    project = Project.open(Path(tmp) / "bench.db", reviewer="bench")
    text, spans = _article(100_000, 1000, seed=0)
    result = project.add_documents([NewDocument(
        text, title="100kb", spans=[NewSpan(s, e, labels[i % len(labels)]) for i, (s, e) in enumerate(spans)],
        relations=[NewRelation(i, i + 1, RELATION) for i in range(0, len(spans) - 1, 2)])])
    project.start_from_imports(result.imported[0])
    session, editor = shown_editor(app, project)
    session.open_document(result.imported[0])
    editor.view.viewport().repaint()
    taken = [(s.start, s.end) for s in project.spans(session.doc_id)]
    free = [(a_end + 1, b_start - 1) for (_a, a_end), (b_start, _b) in zip(taken, taken[1:]) if b_start - a_end > 4]
    done = 0
    for start, _end in free[:60]:
        if done >= N:
            break
        pos = start
        while pos < len(text) and text[pos] in " \n":
            pos += 1
        span = session.add_span(pos, pos + 2, "ORG")
        editor.view.viewport().repaint()
        done += 1
    print("label actions", done)
    editor.close()
    project.close()
