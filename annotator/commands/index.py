"""annotator index: add the documents an import left unindexed to the search index (resumable); check it, or
rebuild it when it is damaged."""

from __future__ import annotations

from annotator.commands.common import (ProgressBar, add_db_argument, add_quiet_argument, counted, open_project,
                                       print_json)


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "index",
        help="build the search index for documents imported with --index later; check or rebuild it",
        description="Add every document not yet in the search index to it, a batch per transaction; an "
        "interrupted run resumes where it stopped. Search is correct before, during and after. A damaged index "
        "(a quick probe finds it) is rebuilt from the documents; only the index is written.",
    )
    add_db_argument(p)
    add_quiet_argument(p)
    what = p.add_mutually_exclusive_group()
    what.add_argument("--rebuild", action="store_true",
                      help="empty the search index and index every document again (documents and labels are kept)")
    what.add_argument("--check", action="store_true",
                      help="run SQLite's full integrity check of the search index (reads every document) and "
                      "change nothing; exit status 1 when it is damaged")
    p.add_argument("--json", action="store_true", help="print what was done as JSON")
    p.set_defaults(func=run)


def run(args) -> int:
    if args.check:
        return _check(args)
    bar = ProgressBar("search index", quiet=args.quiet)
    with open_project(args) as project:
        damage = None if args.rebuild else project.probe_search_index()
        try:
            if args.rebuild or damage is not None:
                result = project.rebuild_search_index(progress=bar)
            else:
                result = project.index_pending(progress=bar)
        finally:
            bar.close()
        path = project.path
    rebuilt = args.rebuild or damage is not None
    if args.json:
        print_json({**result.as_dict(), "rebuilt": rebuilt, "damage": damage})
    elif rebuilt:
        why = f"it was damaged ({damage})" if damage is not None else "as asked"
        print(f"search index of {path}: rebuilt, {why}: {counted(result.indexed, 'document')} indexed in"
              f" {result.seconds:.1f} s; {result.remaining} left; documents and labels unchanged")
    else:
        print(f"search index: {counted(result.indexed, 'document')} added in {result.seconds:.1f} s;"
              f" {result.remaining} left")
    return 0


def _check(args) -> int:
    with open_project(args) as project:
        damage = project.check_search_index()
        indexed, total = project.index_status()
        path = project.path
    if args.json:
        print_json({"damaged": damage is not None, "damage": damage, "indexed": indexed, "documents": total})
    elif damage is None:
        print(f"search index of {path}: sound ({indexed} of {total} documents indexed)")
    else:
        print(f"search index of {path}: damaged ({damage}); searches read every document instead until"
              f" `annotator index --rebuild --db {path}` rebuilds it (documents and labels are not affected)")
    return 0 if damage is None else 1
