"""annotator stats: counts of documents, spans and relations."""

from __future__ import annotations

from annotator.commands.common import add_db_argument, open_project, print_json


def register(subparsers) -> None:
    p = subparsers.add_parser("stats", help="counts of documents, entities and relations",
                              description="Counts of documents (by status, for the reviewer the command runs as),"
                              " entities by label, relations by type, and per layer.")
    add_db_argument(p)
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=run)


def run(args) -> int:
    with open_project(args) as project:
        stats = project.stats()
    if args.json:
        print_json({k: stats[k] for k in ("documents", "spans", "relations", "by_status", "by_gold_status", "by_label",
                                          "by_relation", "search_index")})
        return 0
    print(f"{stats['documents']} documents, {stats['spans']} entities, {stats['relations']} relations")
    print("status:   " + ", ".join(f"{k} {v}" for k, v in stats["by_status"].items()))
    print("gold:     " + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in stats["by_gold_status"].items()))
    print("entities: " + ", ".join(f"{k} {v}" for k, v in stats["by_label"].items() if v))
    print("relations: " + ", ".join(f"{k} {v}" for k, v in stats["by_relation"].items() if v))
    return 0
