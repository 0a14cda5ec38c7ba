"""annotator train: train a CPU NER model on the project's done documents (spaCy), with a progress bar."""

from __future__ import annotations

import sys
from pathlib import Path

from annotator.commands.common import ProgressBar, add_quiet_argument, add_db_argument, add_reviewer_argument, open_project, print_json


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "train",
        help="train a spaCy NER model from the done documents",
        description="Train a CPU NER model on the project's done documents. The model is written to --out "
        "(load it with spacy.load(OUT)); OUT/metrics.json holds per-label precision, recall and F1 on the dev split.",
    )
    add_db_argument(p)
    add_quiet_argument(p)
    add_reviewer_argument(p, reads_done=True)
    p.add_argument("--out", type=Path, required=True, help="model folder (new, empty, or an earlier model)")
    p.add_argument("--max-minutes", type=float, default=None, help="stop after this many minutes (best model kept)")
    p.add_argument("--max-steps", type=int, default=None, help="stop after this many updates (default 20000)")
    p.add_argument("--status", choices=("done", "all"), default="done",
                   help="train on the documents marked done by the reviewer (default) or on all documents")
    p.add_argument("--split", type=float, default=0.8, help="share of documents for training (default 0.8)")
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p.add_argument("--user-words", action="store_true",
                   help="make the project's entity strings Kiwi user words (kept in the model's config)")
    p.add_argument("--base", nargs="?", const="base", default=None, metavar="MODEL",
                   help="start from a trained model's weights: the shipped KLUE base model, or a model folder")
    from annotator.commands.export import add_layer_argument

    add_layer_argument(p, suggestions=False)
    p.add_argument("--json", action="store_true", help="print the metrics as JSON")
    p.set_defaults(func=run)


def run(args) -> int:
    from annotator.nlp.train import TrainingError, train_ner

    bar = ProgressBar("train", quiet=getattr(args, "quiet", False))
    try:
        with open_project(args) as project:
            result = train_ner(project, out_dir=args.out, max_minutes=args.max_minutes, seed=args.seed,
                               split=args.split, status=args.status, progress=bar, max_steps=args.max_steps,
                               user_words=args.user_words, base_model=args.base, layer=args.layer)
    except TrainingError as exc:
        bar.close()
        print(f"annotator: error: {exc}", file=sys.stderr)
        return 1
    bar.close()
    if args.json:
        print_json(result)
        return 0 if result["model_dir"] else 1
    if not result["model_dir"]:
        print(f"training stopped ({result['stopped']}) before any evaluation; no model written", file=sys.stderr)
        return 1
    print(f"model: {result['model_dir']} (stopped: {result['stopped']}, {result['steps']} steps)")
    if result["export"].get("user_words"):
        print(f"user words: {result['export']['user_words']} entity strings (in the model's config)")
    print(f"dev  P {result['ents_p']:.3f}  R {result['ents_r']:.3f}  F {result['ents_f']:.3f}")
    for label, s in result["per_label"].items():
        print(f"  {label:<12} P {s['p']:.3f}  R {s['r']:.3f}  F {s['f']:.3f}")
    return 0
