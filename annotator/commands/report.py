"""annotator report --db PATH --out report.xlsx: the Excel report for readers outside the project."""

from __future__ import annotations

from pathlib import Path

from annotator.commands.common import ProgressBar, add_quiet_argument, add_db_argument, add_reviewer_argument, open_project, print_json


def register(subparsers) -> None:
    parser = subparsers.add_parser("report", help="write the Excel report (summary, entities, zones, people)")
    add_db_argument(parser)
    add_quiet_argument(parser)
    add_reviewer_argument(parser)
    parser.add_argument("--out", type=Path, default=None,
                        help="the .xlsx file to write (default: report.xlsx in the export folder)")
    parser.add_argument("--json", action="store_true", help="print a JSON summary")
    parser.set_defaults(func=run)


def default_out() -> Path:
    from annotator.paths import default_export_dir

    return default_export_dir() / "report.xlsx"


def run(args) -> int:
    from annotator.io.report import write_report

    out = Path(args.out).expanduser() if args.out else default_out()
    if out.suffix.lower() != ".xlsx":
        out = out.with_name(out.name + ".xlsx")
    bar = ProgressBar("report", quiet=getattr(args, "quiet", False))
    with open_project(args) as project:
        try:
            summary = write_report(project, out=out, progress=bar)
        finally:
            bar.close()
    if args.json:
        print_json(summary.to_dict())
    else:
        print(f"wrote {summary.out}: {summary.documents} documents, {summary.entities} entities,"
              f" {summary.relations} relations, {summary.zones} zones, {summary.people} people")
    return 0
