"""annotator import PATH...: import articles and labelled data into a project."""

from __future__ import annotations

import sys
from contextlib import nullcontext

from annotator.commands.common import (ProgressBar, add_quiet_argument, batch_gc, add_db_argument, add_reviewer_argument,
                                       counted, open_project, print_json)

def _format_choices() -> tuple[str, ...]:
    from annotator.io.formats import IMPORT, names

    return ("auto", *names(IMPORT))


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "import",
        help="import documents, with their labels if any: .txt, .html, JSONL (Prodigy, doccano), Label Studio, brat,"
        " CoNLL, KLUE-NER, WebAnno TSV (folders recursively)",
        description="Import articles into the project. Identical texts are imported once; bad records are "
        "reported as FILE:LINE: reason and the rest is imported.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders to import")
    add_db_argument(p)
    add_quiet_argument(p)
    add_reviewer_argument(p)
    p.add_argument("--format", choices=_format_choices(), default="auto",
                   help="input format (default: auto, by file extension and content)")
    p.add_argument("--add-labels", action="store_true",
                   help="add labels and relation types the project's scheme lacks instead of rejecting them")
    p.add_argument("--encoding", default=None, metavar="NAME",
                   help="read every file in this encoding (e.g. cp949, utf-16-le) instead of detecting it")
    p.add_argument("--max-document-mb", type=float, default=None, metavar="MB",
                   help="refuse single documents larger than this (default: 20)")
    p.add_argument("--index", choices=("now", "later"), default="now",
                   help="build the search index for the new documents right after the import (default), or "
                   "later (`annotator index`, or the app in the background); search works meanwhile, by a scan")
    p.add_argument("--webanno-label", action="append", default=[], metavar="LAYER=FEATURE",
                   help="WebAnno TSV: take a span or relation layer's labels from this feature (the layer's full or"
                   " short name; repeatable); by default a feature named value/label/tag/type/category, else the"
                   " first")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(func=run)


def run(args) -> int:
    from annotator.io.importers.runner import start_segmenters

    segmenter = start_segmenters(args.paths)  # they boot while the project opens
    try:
        code = _run(args, segmenter)
    finally:
        if segmenter is not None:
            segmenter.close()  # a no-op once the import has closed them
    from annotator.cli import end_at_once

    end_at_once()  # the project is closed, the report printed: nothing is left to tear down
    return code


def _run(args, segmenter) -> int:
    from annotator.io.importers import MAX_DOCUMENT_MB, FormatError, ImportStopped, import_paths

    chosen = nullcontext()
    if getattr(args, "webanno_label", None):  # (the module loads only then: a plain import never needs it)
        from annotator.io.importers.webanno_tsv import label_features, parse_choice

        try:
            chosen = label_features(dict(parse_choice(text) for text in args.webanno_label))
        except ValueError as exc:
            print(f"annotator import: error: --webanno-label {exc}", file=sys.stderr)
            return 2
    bar = ProgressBar("import", quiet=getattr(args, "quiet", False))
    limits = {"encoding": args.encoding, "max_document_mb": args.max_document_mb or MAX_DOCUMENT_MB}
    with batch_gc(), chosen, open_project(args) as project:
        try:
            report = import_paths(project, args.paths, format=args.format, add_labels=args.add_labels, progress=bar,
                                  segmenter=segmenter, **limits)
        except FormatError as exc:
            print(f"annotator import: error: {exc}", file=sys.stderr)
            return 2
        except ImportStopped as exc:  # disk full, locked: what was stored is listed, then why it stopped
            (print_json if args.json else print_summary)(exc.report.as_dict() if args.json else exc.report)
            print(f"annotator import: error: {exc}", file=sys.stderr)
            return 1
        finally:
            bar.close()
        # The documents are stored and usable; the search index follows as a second phase.
        indexing = None
        if args.index == "now" and not report.cancelled:
            index_bar = ProgressBar("search index", quiet=getattr(args, "quiet", False))
            try:
                indexing = project.index_pending(progress=index_bar)
            finally:
                index_bar.close()
        indexed, total = project.index_status()
    if args.json:
        data = report.as_dict()
        data["search_index"] = {"indexed": indexed, "pending": total - indexed,
                                **({"seconds": round(indexing.seconds, 3)} if indexing else {}),
                                **({"repaired": indexing.repaired} if indexing and indexing.repaired else {})}
        print_json(data)
    else:
        print_summary(report)
        if indexing is not None and indexing.repaired:
            print(f"search index: it was damaged ({indexing.repaired}), so every document was indexed again")
        if indexing is not None:
            print(f"search index: {counted(indexing.indexed, 'document')} added in {indexing.seconds:.1f} s")
        if total > indexed:
            print(f"search index: {counted(total - indexed, 'document')} not indexed yet (`annotator index` builds it;"
                  " search finds them meanwhile by a scan)")
    # nothing stored, nothing already there, something refused: the import failed (a wrong --format, a broken file)
    failed = not report.imported and not report.duplicates and not report.suggestions and bool(report.problems)
    return 0 if report.files_read > 0 and not failed else 1


PROBLEMS_SHOWN_PER_FILE = 20  # a CSV file named .jsonl printed one line a row; --json still lists them all


def print_summary(report, out=None) -> None:
    out = out or sys.stdout
    w = out.write
    from annotator.commands.common import counted

    w(f"imported: {counted(report.imported, 'document')} ({counted(report.spans, 'span')},"
      f" {counted(report.relations, 'relation')}) from {counted(report.files_read, 'file')}\n")
    if report.suggestions:
        w(f"suggestions: {report.suggestions} of the files' predictions stored (review them in the app;"
          " never labels until accepted)\n")
    if report.predicted_relations:
        w(f"predicted relations: {report.predicted_relations} kept (a reviewer is offered each once their layer"
          " holds both ends)\n")
    if report.stored_labelled:
        w(f"labels added to documents stored before: {counted(len(report.stored_labelled), 'document')}"
          f" ({counted(report.stored_spans, 'span')}, {counted(report.stored_relations, 'relation')}), each into"
          " its file's import layer\n")
    w(f"skipped as duplicate: {len(report.duplicates)}\n")
    for line in report.duplicates:
        w(f"  {line}\n")
    w(f"rejected: {len(report.problems)} problem{'' if len(report.problems) == 1 else 's'}\n")
    files = report.problem_files if len(report.problem_files) == len(report.problems) else [0] * len(report.problems)
    shown: dict[int, int] = {}
    for n, (line, file_index) in enumerate(zip(report.problems, files)):
        shown[file_index] = shown.get(file_index, 0) + 1
        if shown[file_index] <= PROBLEMS_SHOWN_PER_FILE:
            w(f"  {line}\n")
        elif n + 1 == len(files) or files[n + 1] != file_index:  # a file's problems come together, in line order
            more = shown[file_index] - PROBLEMS_SHOWN_PER_FILE
            w(f"  … and {counted(more, 'more problem')} in this file (--json lists every one)\n")
    if report.labels_added:
        w(f"labels added to the scheme: {', '.join(report.labels_added)}\n")
    if report.files_failed:
        w(f"files that could not be read: {report.files_failed}\n")
    if report.left_out:
        shown = ", ".join(report.left_out[:5]) + (" …" if len(report.left_out) > 5 else "")
        w(f"left out (no importer reads their suffix): {len(report.left_out)}: {shown}\n")
    if report.cancelled:
        w("cancelled: the documents listed as imported are stored whole; the rest was not imported\n")

