"""Take the README screenshot: the real main window on a temporary project holding the labelled samples.

    xvfb-run -a -s "-screen 0 1366x768x24" env QT_QPA_PLATFORM=xcb \\
        .venv/bin/python -m annotator.ui.screenshot docs/screenshot.png [--doc N] [--lang ko|en] [--adjudicate]
        .venv/bin/python -m annotator.ui.screenshot docs/screenshot-suggestions.png --doc 2 --suggestions
        .venv/bin/python -m annotator.ui.screenshot docs/screenshot-accept-as.png --doc 2 --suggestions --accept-as

--adjudicate shows the adjudication mode on the samples labelled by two reviewers (ui/adjudication_sample.py),
with the agreed entities accepted and the first disagreements decided. --suggestions pre-annotates the document and
shows its pending suggestions beside its labels, with suggested relations (dashed arcs) between its entities, the
first suggested relation current (else the first suggestion); --accept-as opens the context menu on it with its
"Accept as" types.

Nothing of the user's is touched: the project and QSettings live in a temporary folder.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m annotator.ui.screenshot")
    parser.add_argument("out", type=Path)
    parser.add_argument("--doc", type=int, default=3, help="which sample to show (1-3)")
    parser.add_argument("--lang", choices=("ko", "en"), default="en")
    parser.add_argument("--size", default="1366x768", help="window size (the docs use a 1366x768 laptop screen)")
    parser.add_argument("--wait-ms", type=int, default=6000, help="time for the morphology worker and painting")
    parser.add_argument("--adjudicate", action="store_true", help="the adjudication mode on a two-reviewer sample")
    parser.add_argument("--suggestions", action="store_true",
                        help="pre-annotate the document first (dictionary, patterns, base model) and show the first"
                             " suggestion current, beside the labels")
    parser.add_argument("--accept-as", action="store_true",
                        help="with --suggestions: the context menu on the current suggested relation, Accept as open")
    args = parser.parse_args(argv)
    os.environ["ANNOTATOR_LANG"] = args.lang
    os.environ.setdefault("ANNOTATOR_REVIEWER", "reviewer")

    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from annotator.ui.app import create_application

    tmp = Path(tempfile.mkdtemp(prefix="annotator-shot-"))
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp / "settings"))
    app = create_application()
    from annotator.ui.launch import open_main_window

    if args.adjudicate:
        from annotator.ui.adjudication_sample import build_two_reviewer_sample

        build_two_reviewer_sample(tmp / "project.db")
        os.environ["ANNOTATOR_REVIEWER"] = "adjudicator"
    window = open_main_window(tmp / "project.db", import_samples=not args.adjudicate)
    width, height = (int(v) for v in args.size.split("x"))
    window.setGeometry(0, 0, width, height)
    ids = window.project.document_ids()
    doc_id = ids[min(max(args.doc, 1), len(ids)) - 1]
    if args.suggestions:
        from annotator.nlp.preannotate import preannotate, project_suggester

        window.project.start_from_imports(doc_id)  # the labels are the reviewer's, as on opening
        built = project_suggester(window.project)
        print("suggestions:", preannotate(window.project, built.suggester, [doc_id])[1])
        if args.accept_as:  # the sample has every relation the rules find: leave its hosts ones to be suggested
            for relation in window.project.relations(doc_id, window.project.layer_name):
                if relation.label == "hosts":
                    window.project.delete_relation(relation.id)
    window.open_document(doc_id)
    if args.adjudicate:
        _adjudicate(window)
    elif args.suggestions:
        window.actions_by_name["suggest_relations"].setChecked(True)  # suggested relations drawn too (dashed arcs)
        review = window.editor.suggestion_review
        relations = window.editor.relation_review
        while relations.recomputing():  # computed on a worker thread
            app.processEvents()
        if relations.visible:  # the first suggested relation current, as Tab makes it (the view scrolls to it)
            first = relations.visible[0]
            review._go_to((min(first.head[0], first.tail[0]), 1, first.id))
        elif review.pending.visible:  # the first one current, as Tab makes it (the view stays at the article start)
            review._set_current(review.pending.visible[0].id)
    else:
        spans = window.project.spans(window.session.doc_id)
        relations = window.project.relations(window.session.doc_id)
        if spans:
            window.editor.select_span(spans[0].id)
        if relations:
            window.relation_list.select_id(relations[0].id)

    def open_accept_as() -> None:
        """The context menu on the current suggested relation's label, its Accept as submenu open."""
        view = window.editor.view
        current = window.editor.relation_review.current()
        box = next((shape[2] for shape in view.overlay.candidate_shapes if current and shape[0] == current.id), None)
        if box is None:
            return
        menu = window.editor.build_context_menu(box.center().toPoint())
        menu.popup(view.viewport().mapToGlobal(box.bottomLeft().toPoint()))
        action = next(a for a in menu.actions() if a.menu() is not None and "(R)" in a.text())
        menu.setActiveAction(action)
        QTimer.singleShot(300, lambda: action.menu().popup(menu.geometry().topRight() + menu.actionGeometry(
            action).topLeft()))
        window._accept_as_menu = menu  # kept alive until the grab

    if args.suggestions and args.accept_as:
        QTimer.singleShot(max(0, args.wait_ms - 1500), open_accept_as)

    def grab() -> None:
        window.editor.focusProxy().setFocus() if window.editor.focusProxy() else None
        args.out.parent.mkdir(parents=True, exist_ok=True)
        screen = window.screen() or QApplication.primaryScreen()
        pixmap = screen.grabWindow(0, 0, 0, width, height)
        if pixmap.isNull() or pixmap.width() < 10:
            pixmap = window.grab()
        ok = pixmap.save(str(args.out))
        print(f"{'saved' if ok else 'could not save'} {args.out} ({pixmap.width()}x{pixmap.height()})")
        window.close()
        app.exit(0 if ok else 1)

    QTimer.singleShot(args.wait_ms, grab)
    try:
        return int(app.exec())
    finally:
        window.project.close()
        shutil.rmtree(tmp, ignore_errors=True)  # the scratch project and settings


def _adjudicate(window) -> None:
    """The mode on, the agreed entities accepted, the first disagreement taken from reviewer 2, the next one
    current, so the picture shows gold, undecided disagreements and the side list."""
    window.actions_by_name["adjudicate"].setChecked(True)
    adjudicator = window.adjudicator
    adjudicator.accept_agreed()
    found = adjudicator.step(True, 0)
    if found is not None:
        adjudicator.take_choice(1, found.start)
        found = adjudicator.step(True, found.end)
        if found is not None:
            window.editor._move_caret(found.start)
            adjudicator.disagreement(found.start)


if __name__ == "__main__":
    sys.exit(main())
