"""annotator merge: bring reviewers' project files together into a team project (one transaction)."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from annotator.commands.common import ProgressBar, add_quiet_argument, add_wait_argument, print_json


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "merge",
        help="merge reviewers' project files into a team project",
        description="Documents are matched by their text; each reviewer's layer is taken from the file where it "
        "is newer; label schemes are reconciled (this project's definitions win; missing labels are added; "
        "relation rules are united) and every difference is reported. Suggestions come along, never as labels: "
        "a document's from the file whose suggestion run is newest, each reviewer's rejections for that "
        "reviewer, suggested relations with their reviewer's layer. Sources are only read. Merging the "
        "same file again changes nothing.",
    )
    p.add_argument("sources", nargs="+", type=Path, metavar="SRC", help="reviewer project files")
    p.add_argument("--into", type=Path, required=True, help="the team project (created if missing)")
    p.add_argument("--map-reviewer", action="append", default=[], metavar="FROM=TO",
                   help="the reviewer FROM (id or name) in the sources is TO (id or name) in the team project; "
                   "repeatable (one person on two machines)")
    p.add_argument("--index", choices=("now", "later"), default="now",
                   help="build the search index for the added documents right after the merge (default), or later"
                   " (`annotator index`, or the app in the background); search works meanwhile, by a scan")
    p.add_argument("--json", action="store_true", help="print the merge report as JSON")
    add_quiet_argument(p)
    add_wait_argument(p)
    p.set_defaults(func=run)


def run(args) -> int:
    from annotator.commands.common import lock_wait_of, waiting_notice
    from annotator.store import Project
    from annotator.store.connection import remove_project_file
    from annotator.store.team import merge_projects

    mapping = {}
    for item in args.map_reviewer:
        old, sep, new = item.partition("=")
        if not sep or not old.strip() or not new.strip():
            print(f"annotator merge: error: --map-reviewer wants FROM=TO, not {item!r}", file=sys.stderr)
            return 2
        mapping[old.strip()] = new.strip()
    if mapping:  # a mistyped name would merge under the unmapped one, unnoticed until the agreement
        from annotator.store.team import source_reviewers  # reads without writing anything beside the files

        found = [source_reviewers(source) for source in args.sources]
        held = sorted({name for people in found for name, _uid in people})
        missing = [name for name in mapping if name not in held]
        if missing and all(found):  # a file this cannot read here is left to the merge, which says why
            print(f"annotator merge: error: --map-reviewer: no reviewer {', '.join(map(repr, missing))} in the"
                  f" files to merge (they hold: {', '.join(held) or 'no reviewer'}); nothing was merged",
                  file=sys.stderr)
            return 2
    bar = ProgressBar("merge", quiet=args.quiet)
    created = not args.into.exists()
    try:
        with Project.open(args.into, lock_wait=lock_wait_of(args),  # as $ANNOTATOR_REVIEWER or the login name:
                          on_wait=waiting_notice(args.into)) as team:  # the adjudicator
            try:
                report = merge_projects(team, args.sources, reviewer_map=mapping, progress=bar,
                                        index=args.index == "now")
            finally:
                bar.close()
    except BaseException:
        if created:  # a merge that failed leaves no empty team project behind
            remove_project_file(args.into)
        raise
    data = report.as_dict()
    if args.json:
        print_json(data)
        return 0
    print(f"merged {len(report.sources)} files into {args.into}: {report.documents_added} documents added,"
          f" {report.documents_matched} already in the project (matched by text,"
          f" {report.document_copies_matched} copies in the files); {report.layers_updated} reviewer layers of documents updated,"
          f" {report.layers_unchanged} unchanged, {report.layers_kept_newer} kept (newer here)")
    if (report.suggestion_documents or report.rejections_written or report.relation_suggestions_written
            or report.predicted_relations_written):
        print(f"suggestions (not labels): {report.suggestions_written} from newer runs on"
              f" {report.suggestion_documents} documents, {report.rejections_written} rejections,"
              f" {report.relation_suggestions_written} suggested relations with reviewers' layers,"
              f" {report.predicted_relations_written} predicted relations of imported files added")
    if report.reviewers_added:
        print(f"reviewers added: {', '.join(report.reviewers_added)}")
    for note in report.scheme_notes + report.left_out:
        print(f"  {note}")
    team = shlex.quote(str(args.into))
    print(f"next: `annotator agreement --db {team}` compares the reviewers on the documents two or more of them"
          f" marked done; in the app (`annotator gui --db {team}`) View ▸ Adjudicate decides where they differ;"
          f" `annotator report --db {team} --out report.xlsx` writes the Excel report")
    return 0
