"""annotator assign: hand out a project's documents to reviewers, one project file each, with a shared overlap."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from annotator.commands.common import (
    ProgressBar,
    add_db_argument,
    add_quiet_argument,
    db_path,
    open_project,
    print_json,
)


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "assign",
        help="write one project file per reviewer with their share of the documents",
        description="Every reviewer gets the --overlap fraction of the documents (the shared sample that agreement "
        "is measured on) plus a disjoint share of the rest. Each file carries the label scheme, the project's "
        "settings, the import layers of its documents and the reviewer's own labels and statuses of them so far. "
        "Merge the returned files with `annotator merge`.",
    )
    add_db_argument(p)
    add_quiet_argument(p)
    p.add_argument("--reviewers", required=True, help="reviewer names, comma-separated")
    p.add_argument("--overlap", type=float, default=0.2, help="share of documents every reviewer gets (default 0.2)")
    p.add_argument("--seed", type=int, default=0, help="seed of the shuffle (default 0)")
    p.add_argument("--status", choices=("all", "new"), default="all",
                   help="hand out every document (default) or only those nobody has marked done")
    p.add_argument("--out", type=Path, required=True, help="folder for the reviewer files")
    p.add_argument("--replace", action="store_true",
                   help="write over reviewer files already in --out (refused otherwise: they may hold work not"
                   " merged back yet)")
    p.add_argument("--json", action="store_true", help="print the plan as JSON")
    p.set_defaults(func=run)


def run(args) -> int:
    from annotator.core.team import plan_assignment
    from annotator.store.team_handout import (assignment_file, check_assignment_target, documents_nobody_finished,
                                              handout_carries, work_in_file, write_assignment)

    names = [n.strip() for n in args.reviewers.split(",") if n.strip()]
    bar = ProgressBar("assign", quiet=args.quiet)
    db = db_path(args)
    with open_project(args) as project:
        doc_ids = project.document_ids()
        if args.status == "new":
            doc_ids = documents_nobody_finished(project)
        try:
            plan = plan_assignment(doc_ids, names, overlap=args.overlap, seed=args.seed)
        except ValueError as exc:
            print(f"annotator assign: error: {exc}", file=sys.stderr)
            return 2
        check_assignment_target(project, args.out, plan.reviewers)  # never the project itself, even with --replace
        existing = [path for name in plan.reviewers if (path := assignment_file(args.out, name)).exists()]
        if existing and not args.replace:
            bar.close()
            for path in existing:
                work = work_in_file(path)
                print(f"annotator assign: error: {path} exists already" + (f" and holds work ({work})" if work else ""),
                      file=sys.stderr)
            print(f"annotator assign: nothing was written. Merge the returned files first (`annotator merge"
                  f" {' '.join(shlex.quote(str(p)) for p in existing)} --into {shlex.quote(str(db))}`), choose"
                  " another --out, or give --replace to write over them", file=sys.stderr)
            return 1
        try:
            paths = write_assignment(project, plan, args.out, progress=bar)
        finally:
            bar.close()
    summary = plan.as_dict()
    summary["files"] = [str(p) for p in paths]
    for name, path in zip(plan.reviewers, paths):
        summary["per_reviewer"][name].update(handout_carries(path, name))
    if args.json:
        print_json(summary)
    else:
        print(f"{len(doc_ids)} documents, {summary['shared']} shared by every reviewer:")
        if len(plan.reviewers) == 1:
            print("  note: one reviewer shares with nobody; agreement and adjudication need two or more")
        for name, path in zip(plan.reviewers, paths):
            mine = summary["per_reviewer"][name]
            carried = [f"{n} {what}" for n, what in ((mine["suggestions"], "machine suggestions"),
                                                     (mine["predicted_relations"], "predicted relations")) if n]
            also = f" (with {' and '.join(carried)})" if carried else ""
            print(f"  {name}: {mine['documents']} documents{also} -> {path}")
        print("next: each reviewer opens their file in the app (File ▸ Open project…, or `annotator gui --db"
              " FILE`), labels, marks each finished document done (Ctrl+Enter) and sends the file back; then:")
        print(f"  annotator merge {' '.join(shlex.quote(str(p)) for p in paths)} --into {shlex.quote(str(db))}")
    return 0

