"""annotator export spacy: DocBin training data, config.cfg and the tokenizer code file."""

from __future__ import annotations

import sys
from pathlib import Path

from annotator.commands.common import ProgressBar, add_quiet_argument, add_db_argument, add_reviewer_argument, open_project, print_json


def register(export_subparsers) -> None:
    from annotator.io.formats import EXPORT, spec

    p = export_subparsers.add_parser(
        "spacy",
        help=spec(EXPORT, "spacy").description,
        description="Write train.spacy / dev.spacy (DocBin), config.cfg and korean_tokenizer.py into --out; then "
        "`.venv/bin/python -m spacy train OUT/config.cfg --code OUT/korean_tokenizer.py --paths.train "
        "OUT/train.spacy --paths.dev OUT/dev.spacy --output OUT/model` trains a Korean NER model into OUT/model "
        "(the command is printed with this interpreter's path at the end of the export).",
    )
    add_db_argument(p)
    add_quiet_argument(p)
    add_reviewer_argument(p, reads_done=True)
    p.add_argument("--out", type=Path, required=True, help="output folder (created if missing)")
    p.add_argument("--split", type=float, default=0.8, help="share of documents for training (default 0.8)")
    p.add_argument("--seed", type=int, default=0, help="seed of the train/dev shuffle and of training (default 0)")
    p.add_argument("--status", choices=("done", "all"), default="done",
                   help="export only documents marked done (default) or all documents")
    p.add_argument("--include-boilerplate", action="store_true",
                   help="export whole pages, not only the content lines")
    p.add_argument("--user-words", action="store_true",
                   help="make the project's entity strings Kiwi user words (written into config.cfg, so the "
                   "trained model tokenises the same way)")
    from annotator.commands.export import add_layer_argument

    add_layer_argument(p)
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(func=run)


def run(args) -> int:
    from annotator.commands.export import batch_gc
    from annotator.io.exporters.halves import default_workers
    from annotator.nlp.spacy_export import export_spacy

    if not 0.0 < args.split <= 1.0:
        print(f"annotator: error: --split must be in (0, 1], not {args.split}", file=sys.stderr)
        return 2
    from annotator.commands.export import empty_scope_message, refuse_empty_export

    bar = ProgressBar("export spacy", quiet=getattr(args, "quiet", False))
    try:
        with batch_gc(), open_project(args) as project:
            refused = empty_scope_message(project, args, args.out)
            if refused:  # train.spacy / dev.spacy of an earlier export stay as they were
                return refuse_empty_export(args, args.out, refused)
            report = export_spacy(project, out_dir=args.out, split=args.split, seed=args.seed, status=args.status,
                                  include_boilerplate=args.include_boilerplate, progress=bar,
                                  user_words=args.user_words, layer=args.layer, workers=default_workers())
    finally:
        bar.close()
    if args.json:
        print_json(report.to_dict())
    else:
        print(report.format_text())
    return 0 if report.documents else 1
