"""annotator agreement: how far reviewers (or any layers) agree, on the documents two or more of them finished."""

from __future__ import annotations

import shlex
import sys

from annotator.commands.common import add_db_argument, add_quiet_argument, db_path, open_project, print_json


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "agreement",
        help="inter-annotator agreement: span and relation F1, Cohen's kappa, Krippendorff's alpha",
        description="Agreement between reviewer layers on the documents that two or more reviewers marked done "
        "(or between any layers with --layers: an import, the suggestions, gold). Span F1 exact and "
        "overlapping per label, relation F1, Cohen's kappa per pair and Krippendorff's alpha (nominal) on "
        "non-whitespace characters, and the documents sorted by disagreement.",
    )
    add_db_argument(p)
    add_quiet_argument(p)
    p.add_argument("--reviewers", default=None, help="compare only these reviewers (comma-separated)")
    p.add_argument("--layers", default=None, help="compare these layers by name (comma-separated), any kind")
    p.add_argument("--label", action="append", default=None, help="only this entity label (repeatable)")
    p.add_argument("--top", type=int, default=10, help="documents listed by disagreement (default 10)")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.set_defaults(func=run)


def _names(value: str | None) -> list[str] | None:
    return [v.strip() for v in value.split(",") if v.strip()] if value else None


def run(args) -> int:
    from annotator.core.agreement import compute_agreement
    from annotator.store.agreement_queries import agreement_documents, agreement_layers

    with open_project(args) as project:
        known = [e.name for e in project.scheme().entities]
        unknown = [name for name in args.label or () if name not in known]
        if unknown:  # a mistyped label would compare nothing and print a table of dashes
            print(f"annotator agreement: error: no entity label {', '.join(map(repr, unknown))} in the project's"
                  f" scheme (it has: {', '.join(known)})", file=sys.stderr)
            return 2
        chosen = agreement_layers(project, layers=_names(args.layers), reviewers=_names(args.reviewers))
        report = compute_agreement(agreement_documents(project, chosen), labels=args.label)
    data = report.to_dict()
    if args.json:
        print_json(data)
        return 0
    if report.documents == 0:
        print(f"no document is covered by two or more of: {', '.join(n for _, n, _ in chosen) or '(no layers)'}"
              " (a reviewer layer covers the documents its reviewer marked done). Reviewers mark documents done"
              " (Ctrl+Enter in the app) in the files `annotator assign` wrote; `annotator merge FILES --into"
              " THIS` brings them here; --layers A,B compares layers of any kind by name", file=sys.stderr)
        return 1
    print_text(data, top=args.top)
    print("next: adjudicate the documents listed first: in the app (`annotator gui --db"
          f" {shlex.quote(str(db_path(args)))}`) View ▸ Adjudicate (Ctrl+Alt+J)")
    return 0


def _fmt(value) -> str:
    return "   –  " if value is None else f"{value:6.3f}"


def print_text(data: dict, *, top: int = 10, out=None) -> None:
    w = (out or sys.stdout).write
    w(f"documents: {data['documents']}  layers: {', '.join(data['layers'])}  units: {data['units']} characters\n")
    w(f"Krippendorff's alpha (nominal, characters): {_fmt(data['krippendorff_alpha']).strip()}\n")
    for pair in data["pairs"]:
        w(f"\n{pair['left']} × {pair['right']}\n")
        w(f"  span F1 exact {_fmt(pair['exact']['f1'])}   overlap {_fmt(pair['overlap']['f1'])}"
          f"   relations F1 {_fmt(pair['relations']['f1'])}   Cohen's kappa {_fmt(pair['cohen_kappa'])}\n")
        w(f"  {'label':<12} {'exact':>6} {'overlap':>7} {'kappa':>6} {'alpha':>6}  spans (left/right)\n")
        for label, exact in pair["exact"]["per_label"].items():
            w(f"  {label:<12} {_fmt(exact['f1'])} {_fmt(pair['overlap']['per_label'][label]['f1']):>7}"
              f" {_fmt(pair['cohen_kappa_per_label'].get(label))}"
              f" {_fmt(data['krippendorff_alpha_per_label'].get(label))}  {exact['left']}/{exact['right']}\n")
    w("\nmost disagreement first:\n")
    for doc in data["per_document"][:top]:
        w(f"  {doc['disagreement']:.3f}  #{doc['doc_id']} {doc['title'][:50]}  "
          + " ".join(f"{k}:{v}" for k, v in doc["spans"].items()) + "\n")
