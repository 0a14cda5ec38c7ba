"""Screenshot of Tools ▸ Agreement… over the real main window, on the labelled samples marked up by two reviewers.

    xvfb-run -a -s "-screen 0 1366x768x24" env QT_QPA_PLATFORM=xcb \\
        .venv/bin/python -m annotator.ui.screenshot_team docs/agreement.png [--lang ko|en]

kim takes every imported label of the samples into her layer; lee takes four in five of them and labels a few
of the rest differently, so the two disagree a little. Nothing of the user's is touched: the project and
QSettings live in a temporary folder.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
from pathlib import Path


def label_as_two_reviewers(db_path: Path) -> None:
    from annotator.store import AnnotationError, Project

    rng = random.Random(3)
    with Project.open(db_path, "kim") as project:
        for reviewer, keep in (("kim", 1.0), ("lee", 0.8)):
            project.set_reviewer(reviewer)
            labels = [e.name for e in project.scheme().entities]
            for doc_id in project.document_ids():
                imported = [s for layer in project.layers_of(doc_id) if layer.kind == "import"
                            for s in project.spans(doc_id, layer.name)]
                project.copy_spans([s.id for s in imported if rng.random() < keep])
                if keep < 1.0:  # relabel a few of lee's own
                    for span in project.spans(doc_id, project.layer_name)[::9]:
                        try:
                            project.update_span(span.id, label=rng.choice([n for n in labels if n != span.label]))
                        except AnnotationError:
                            pass  # its relations do not allow the other label: leave it
                project.set_status(doc_id, "done")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m annotator.ui.screenshot_team")
    parser.add_argument("out", type=Path)
    parser.add_argument("--lang", choices=("ko", "en"), default="en")
    parser.add_argument("--size", default="1366x768")
    parser.add_argument("--wait-ms", type=int, default=4000)
    args = parser.parse_args(argv)
    os.environ["ANNOTATOR_LANG"] = args.lang
    os.environ.setdefault("ANNOTATOR_REVIEWER", "adjudicator")
    os.environ.setdefault("ANNOTATOR_MORPHOLOGY", "0")

    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from annotator.ui.app import create_application

    tmp = Path(tempfile.mkdtemp(prefix="annotator-shot-"))
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp / "settings"))
    app = create_application()
    from annotator.ui.first_run import read_doccano_samples, sample_path
    from annotator.store import Project

    db_path = tmp / "team.db"
    with Project.open(db_path, "adjudicator") as project:
        project.add_documents(read_doccano_samples(sample_path()))
    label_as_two_reviewers(db_path)
    from annotator.ui.launch import open_main_window
    from annotator.ui.main_actions import show_agreement

    window = open_main_window(db_path)
    width, height = (int(v) for v in args.size.split("x"))
    window.setGeometry(0, 0, width, height)
    window.open_initial_document()
    QTimer.singleShot(300, lambda: show_agreement(window))

    def grab() -> None:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        screen = window.screen() or QApplication.primaryScreen()
        pixmap = screen.grabWindow(0, 0, 0, width, height)
        ok = pixmap.save(str(args.out))
        print(f"{'saved' if ok else 'could not save'} {args.out} ({pixmap.width()}x{pixmap.height()})")
        window.close()
        app.exit(0 if ok else 1)

    QTimer.singleShot(args.wait_ms, grab)
    return int(app.exec())


if __name__ == "__main__":
    sys.exit(main())
