"""annotator export FORMAT --db PATH --out PATH [--status done|all] [--include-boilerplate] [--json]"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

from annotator.commands.common import ProgressBar, batch_gc, counted, add_quiet_argument, add_db_argument, add_reviewer_argument, open_project, print_json

SUGGESTIONS_NAME = "suggestions"  # core.layers.SUGGESTIONS_NAME, without importing the domain at parse time

# Export formats with options of their own register their subcommand from annotator.commands.export_<name>.
OWN_COMMANDS = {"spacy": "annotator.commands.export_spacy"}


def add_scope_arguments(parser, *, default_name: str) -> None:
    """--db, --reviewer, --out, --status, --include-boilerplate, --json: shared by every export format."""
    add_db_argument(parser)
    add_quiet_argument(parser)
    add_reviewer_argument(parser, reads_done=True)
    parser.add_argument("--out", type=Path, default=None,
                        help=f"output path (default: {default_name} in exports/ of a source checkout, else in"
                        " Documents/annotator-exports)")
    parser.add_argument("--status", choices=("done", "all"), default="done",
                        help="export only documents marked done by the reviewer (default) or all of them")
    parser.add_argument("--include-boilerplate", action="store_true",
                        help="export the whole page, not only its content lines")
    add_layer_argument(parser)
    parser.add_argument("--json", action="store_true", help="print a JSON summary")


def add_layer_argument(parser, *, status: bool = True, suggestions: bool = True) -> None:
    """--layer; status: the command has --status (whose meaning gold changes); suggestions=False: a command that
    reads labels only (the report, training) refuses the suggestions layer."""
    def labels_only(value: str) -> str:
        if value == SUGGESTIONS_NAME:
            raise argparse.ArgumentTypeError("the machine's suggestions are not labels: this command reads labels"
                                             " only (export --layer suggestions writes them for inspection)")
        return value

    parser.add_argument("--layer", default=None, metavar="NAME|gold|suggestions|all" if suggestions else "NAME|gold|all",
                        type=None if suggestions else labels_only,
                        help="the annotation layers to read: a layer's name (a reviewer, or import:FILE), gold,"
                        + (" suggestions (the machine's, for inspection)," if suggestions else "")
                        + " or all; default: the gold layer where a document has one, else every reviewer's and"
                        " import's layer with duplicates removed"
                        + (". With gold, --status done means the adjudicated documents" if status else ""))


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "export", help="export labelled documents for other tools",
        description="Write the labelled documents in another tool's format (FORMAT --help for its options): the"
        " labels only, unless --layer suggestions asks for the machine's suggestions (for inspection). An export"
        " whose scope holds no document is refused and leaves an earlier one as it was.")
    formats = parser.add_subparsers(dest="format", metavar="FORMAT")
    formats.required = True
    from annotator.io.formats import EXPORT
    from annotator.io.formats import formats as format_table

    for spec in format_table(EXPORT):
        if spec.name in OWN_COMMANDS:
            importlib.import_module(OWN_COMMANDS[spec.name]).register(formats)
            continue
        sub = formats.add_parser(spec.name, help=spec.description, description=spec.description)
        add_scope_arguments(sub, default_name=f"export-{spec.name}{spec.output_suffix}")
        sub.set_defaults(func=run)


def default_out(fmt: str) -> Path:
    from annotator.io.exporters import OUTPUT_SUFFIX
    from annotator.paths import default_export_dir

    return default_export_dir() / f"export-{fmt}{OUTPUT_SUFFIX.get(fmt, '')}"


def run(args) -> int:
    from annotator.io.exporters import exporter

    out = Path(args.out).expanduser() if args.out else default_out(args.format)
    bar = ProgressBar(f"export {args.format}", quiet=getattr(args, "quiet", False))
    with batch_gc(), open_project(args) as project:
        refused = empty_scope_message(project, args, out)
        if refused:  # before anything is written: an earlier export at --out stays as it was
            bar.close()
            return refuse_empty_export(args, out, refused)
        try:
            module = exporter(args.format)
            extra = {}
            if getattr(module, "WORKERS", False):
                from annotator.io.exporters.halves import default_workers

                extra["workers"] = default_workers()
            report = module.export(project, out=out, status=args.status,
                                   include_boilerplate=args.include_boilerplate, progress=bar, layer=args.layer,
                                   **extra)
        finally:
            bar.close()
    for problem in report.problems:
        print(f"annotator: warning: {problem}", file=sys.stderr)
    if args.json:
        print_json(report.to_dict())
    else:
        also = f" (and {counted(report.suggestions, 'suggestion')} as predictions)" if report.suggestions else ""
        if report.holds_relations:
            print(f"exported {counted(report.documents, 'document')}, {counted(report.spans, 'entity')} and"
                  f" {counted(report.relations, 'relation')}{also} to {report.out}")
        else:  # "0 relations" read as if the project had none
            print(f"exported {counted(report.documents, 'document')} and {counted(report.spans, 'entity')}{also}"
                  f" to {report.out} (the {report.format} format has no place for relations)")
    return 0


def empty_scope_message(project, args, out: Path) -> str:
    """Why an export of args' scope would hold no document ("" when it holds one): it is refused then, so that
    a mistaken scope never replaces an earlier export with an empty one (the app's export dialog refuses too)."""
    from annotator.io.exporters.common import scope_ids

    project.resolve_layer_choice(args.layer)  # an unknown layer, or gold before any: its own message first
    if scope_ids(project, args.status, None, args.layer):
        return ""
    if args.status == "all":
        return "the project holds no documents"
    done_by = {name: project.status_counts(name)["done"] for name in project.reviewers()}
    return nothing_done_hint(args, project.reviewer, done_by)


def refuse_empty_export(args, out: Path, why: str) -> int:
    """Exit 1 with the reason an export was not written and what became of --out (nothing)."""
    kept = (f"the existing {out} is left as it was" if out.exists() else f"{out} was not written")
    if getattr(args, "json", False):
        print_json({"format": getattr(args, "format", None) or "spacy", "out": str(out), "documents": 0, "written": False, "reason": why})
    print(f"annotator: nothing to export: {why}; {kept}", file=sys.stderr)
    return 1


def nothing_done_hint(args, reviewer: str, done_by: dict[str, int]) -> str:
    """Why a --status done export wrote nothing, and the options: the team's lead runs the CLI under their own
    name, and the reviewers' done marks are theirs."""
    if args.layer == "gold":
        return "no document is adjudicated yet; use --status all to export the gold there is"
    hint = (f"no document is marked done by {reviewer or 'this reviewer'} (the reviewer this command runs as:"
            " --reviewer NAME or $ANNOTATOR_REVIEWER)")
    others = {name: n for name, n in done_by.items() if name != reviewer and n}
    if others:
        marked = ", ".join(f"{name} {n}" for name, n in sorted(others.items()))
        first = sorted(others)[0]
        hint += (f"; documents marked done by other reviewers: {marked}. --reviewer {first} exports the ones"
                 f" {first} marked done, --layer gold the adjudicated ones, --status all every document")
    else:
        hint += "; use --status all to export everything"
    return hint
