"""annotator index: add the documents an import left unindexed to the search index (resumable)."""

from __future__ import annotations

from annotator.commands.common import ProgressBar, add_db_argument, add_quiet_argument, open_project, print_json


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "index",
        help="build the search index for documents imported with --index later",
        description="Add every document not yet in the search index to it, a batch per transaction; an "
        "interrupted run resumes where it stopped. Search is correct before, during and after.",
    )
    add_db_argument(p)
    add_quiet_argument(p)
    p.add_argument("--json", action="store_true", help="print what was done as JSON")
    p.set_defaults(func=run)


def run(args) -> int:
    bar = ProgressBar("search index", quiet=args.quiet)
    with open_project(args) as project:
        try:
            result = project.index_pending(progress=bar)
        finally:
            bar.close()
    if args.json:
        print_json(result.as_dict())
    else:
        print(f"search index: {result.indexed} documents added in {result.seconds:.1f} s;"
              f" {result.remaining} left")
    return 0
