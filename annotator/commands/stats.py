"""annotator stats: counts of documents, spans and relations."""

from __future__ import annotations

from annotator.commands.common import add_db_argument, add_reviewer_argument, counted, db_path, open_project, print_json


def register(subparsers) -> None:
    p = subparsers.add_parser("stats", help="counts of documents, entities and relations",
                              description="Counts of documents (by status: the reviewer's the command runs as, then"
                              " every other reviewer's who has begun), entities by label, relations by type.")
    add_db_argument(p)
    add_reviewer_argument(p, reads_done=False)
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=run)


def run(args) -> int:
    with open_project(args) as project:
        stats = project.stats()
        # a team file: each reviewer's own statuses (a status is a reviewer's; the lead's are often all "new")
        by_reviewer = {name: project.status_counts(name) for name in project.reviewers()}
    if args.json:
        print_json({**{k: stats[k] for k in ("documents", "spans", "relations", "reviewer", "by_status",
                                             "by_gold_status", "by_label", "by_relation", "search_index")},
                    "by_reviewer_status": by_reviewer})
        return 0
    if not args.db:  # the default project or $ANNOTATOR_DB's: say which file these counts are of
        print(f"project: {db_path(args)}")
    print(f"{counted(stats['documents'], 'document')}, {counted(stats['spans'], 'entity')},"
          f" {counted(stats['relations'], 'relation')}")
    print(f"status ({stats['reviewer']}): " + ", ".join(f"{k} {v}" for k, v in stats["by_status"].items()))
    for name, counts in by_reviewer.items():
        if name != stats["reviewer"] and any(n for status, n in counts.items() if status != "new"):
            print(f"  {name}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    print("gold:     " + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in stats["by_gold_status"].items()))
    print("entities: " + ", ".join(f"{k} {v}" for k, v in stats["by_label"].items() if v))
    print("relations: " + ", ".join(f"{k} {v}" for k, v in stats["by_relation"].items() if v))
    return 0
