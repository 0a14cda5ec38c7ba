"""annotator export FORMAT --db PATH --out PATH [--status done|all] [--include-boilerplate] [--json]"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from annotator.commands.common import ProgressBar, add_quiet_argument, add_db_argument, add_reviewer_argument, open_project, print_json

# Formats with their own sub-subparser here; "spacy" registers itself from annotator.commands.export_spacy.
FORMAT_HELP = {
    "prodigy": "Prodigy JSONL: text, Korean tokens, spans with token indexes, relations",
    "doccano": "doccano relation JSONL: entities and relations",
    "conll": "CoNLL IOB2: TOKEN<TAB>TAG per line, Kiwi sentences, relations in comments",
    "brat": "brat standoff: a folder of .txt/.ann pairs with annotation.conf",
    "csv": "CSV: one entity per row (UTF-8 with BOM, for spreadsheets)",
}


def add_scope_arguments(parser, *, default_name: str) -> None:
    """--db, --reviewer, --out, --status, --include-boilerplate, --json: shared by every export format."""
    add_db_argument(parser)
    add_quiet_argument(parser)
    add_reviewer_argument(parser)
    parser.add_argument("--out", type=Path, default=None,
                        help=f"output path (default: {default_name} in the export folder)")
    parser.add_argument("--status", choices=("done", "all"), default="done",
                        help="export only documents marked done by the reviewer (default) or all of them")
    parser.add_argument("--include-boilerplate", action="store_true",
                        help="export the whole page, not only its content lines")
    parser.add_argument("--json", action="store_true", help="print a JSON summary")


def register(subparsers) -> None:
    parser = subparsers.add_parser("export", help="export labelled documents for other tools")
    formats = parser.add_subparsers(dest="format", metavar="FORMAT")
    formats.required = True
    for name, help_text in FORMAT_HELP.items():
        from annotator.io.exporters import OUTPUT_SUFFIX

        sub = formats.add_parser(name, help=help_text, description=help_text)
        add_scope_arguments(sub, default_name=f"export-{name}{OUTPUT_SUFFIX[name]}")
        sub.set_defaults(func=run)
    try:
        spacy_command = importlib.import_module("annotator.commands.export_spacy")
    except ModuleNotFoundError as exc:
        if exc.name != "annotator.commands.export_spacy":
            raise
    else:
        spacy_command.register(formats)


def default_out(fmt: str) -> Path:
    from annotator.io.exporters import OUTPUT_SUFFIX
    from annotator.paths import default_export_dir

    return default_export_dir() / f"export-{fmt}{OUTPUT_SUFFIX.get(fmt, '')}"


def run(args) -> int:
    from annotator.io.exporters import exporter

    out = Path(args.out).expanduser() if args.out else default_out(args.format)
    bar = ProgressBar(f"export {args.format}", quiet=getattr(args, "quiet", False))
    with open_project(args) as project:
        try:
            report = exporter(args.format).export(project, out=out, status=args.status,
                                                  include_boilerplate=args.include_boilerplate, progress=bar)
        finally:
            bar.close()
    for problem in report.problems:
        print(f"annotator: warning: {problem}", file=sys.stderr)
    if args.json:
        print_json(report.to_dict())
    else:
        print(f"exported {report.documents} documents, {report.spans} entities and {report.relations} relations"
              f" to {report.out}")
        if report.documents == 0 and args.status == "done":
            print("no document is marked done by this reviewer; use --status all to export everything",
                  file=sys.stderr)
    return 0
