"""annotator report --db PATH --out report.xlsx: the Excel report for readers outside the project."""

from __future__ import annotations

import sys
from pathlib import Path

from annotator.commands.common import ProgressBar, add_quiet_argument, add_db_argument, add_reviewer_argument, open_project, print_json


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "report", help="write the Excel report (summary, entities, zones, people)",
        description="Write the Excel report a ministry reads: a one-page summary, then the entities, zones,"
        " people, relations, documents and, for a team, the agreement. It reads the labels only (never the"
        " suggestions). --from/--to keep the articles published in that period (those without a known date are"
        " left out, and the report says how many).")
    add_db_argument(parser)
    add_quiet_argument(parser)
    add_reviewer_argument(parser)
    parser.add_argument("--out", type=Path, default=None,
                        help="the .xlsx file to write (default: report.xlsx in exports/ of a source checkout, else in"
                        " Documents/annotator-exports)")
    parser.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", default=None,
                        help="only articles published on or after this day")
    parser.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", default=None,
                        help="only articles published on or before this day")
    from annotator.commands.export import add_layer_argument

    add_layer_argument(parser, status=False, suggestions=False)
    parser.add_argument("--json", action="store_true", help="print a JSON summary")
    parser.set_defaults(func=run)


def default_out() -> Path:
    from annotator.paths import default_export_dir

    return default_export_dir() / "report.xlsx"


def run(args) -> int:
    from annotator.io.report import Period, write_report
    from annotator.store.doc_meta import check_day
    from annotator.store.errors import ProjectError

    period = Period(check_day(args.date_from) if args.date_from else None,
                    check_day(args.date_to) if args.date_to else None)
    if period.date_from and period.date_to and period.date_from > period.date_to:
        raise ProjectError(f"--from {period.date_from} is after --to {period.date_to}; nothing written")
    out = Path(args.out).expanduser() if args.out else default_out()
    if out.suffix.lower() != ".xlsx":
        out = out.with_name(out.name + ".xlsx")
    bar = ProgressBar("report", quiet=getattr(args, "quiet", False))
    with open_project(args) as project:
        project.read_layers = project.resolve_layer_choice(getattr(args, "layer", None))  # what the report reads
        try:
            summary = write_report(project, out=out, period=period, progress=bar)
        finally:
            bar.close()
    if args.json:
        print_json(summary.to_dict())
    else:
        from annotator.commands.common import counted

        print(f"wrote {summary.out}: {counted(summary.documents, 'document')}, {counted(summary.entities, 'entity')},"
              f" {counted(summary.relations, 'relation')}, {counted(summary.zones, 'zone')},"
              f" {counted(summary.people, 'person')} ({counted(summary.canonical, 'canonical entity')})")
    if summary.undated_left_out:  # on stderr, also with --json
        print(f"note: {summary.undated_left_out} documents have no known date and are not in the period"
              " (without --from/--to the report includes them)", file=sys.stderr)
    return 0
