#!/usr/bin/env python3
"""Train the base NER model shipped in annotator/resources/models/ko_klue_base, from files in this repo.

    .venv/bin/python scripts/train_base_model.py [--data data/klue-ner/klue-ner-v1.1_dev.tsv] [--out DIR]

Data: the KLUE-NER v1.1 dev set (CC BY-SA 4.0, data/klue-ner/LICENSE-KLUE.md), tags mapped to the
default scheme as annotator/nlp/suggest/klue_base.py says (TI dropped). Split by a fixed seed: 72%
train, 8% to pick the best checkpoint, 20% held out and scored at the end (meta.json
"annotator_heldout"; `annotator bench --only suggest` re-scores the shipped model on the same 20%).
Pipeline: spaCy tok2vec (CNN, width 64) + ner on the project's Kiwi tokenizer (annotator.KoreanTokenizer.v1),
CPU, one thread, seed 0, a fixed number of steps, so a rerun gives the same model. A few minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from annotator.nlp.suggest import klue_base  # noqa: E402
from annotator.nlp.suggest.model import BASE_MODEL_NAME, base_model_dir  # noqa: E402

# Smaller than the in-app training config: the model ships inside the package.
OVERRIDES = {
    "components.tok2vec.model.encode.width": 64,
    "components.tok2vec.model.embed.rows": [4000, 1000, 2000, 2000],
    "training.max_steps": 3000,
    "training.eval_frequency": 250,
    "training.patience": 100000,  # stop at max_steps, never on time, so the run is reproducible
}
MODEL_LICENCE_NOTE = """\
# ko_klue_base: the base NER model shipped with annotator

A spaCy pipeline (tok2vec CNN + ner) on annotator's Kiwi tokenizer, trained by
`scripts/train_base_model.py` on 80% of the KLUE-NER v1.1 dev set, with KLUE's tags mapped to the
default scheme: OG->ORG, PS->PERSON, LC->LOC, DT->DATE, QT->MONEY (amounts in 원, 달러, 엔, 유로,
위안, 파운드) or QUANTITY; TI (times of day) dropped.

It is a work derived from KLUE (KLUE-benchmark/KLUE, https://github.com/KLUE-benchmark/KLUE), which is
licensed under Creative Commons Attribution-ShareAlike 4.0 International (CC BY-SA 4.0). This model is
therefore distributed under CC BY-SA 4.0 as well, with attribution to the KLUE authors; the licence
text is in LICENSE-KLUE.md beside this file. (The rest of annotator is MIT.)

Held-out scores (20% of KLUE dev never seen in training) are in meta.json, "annotator_heldout".
"""


def _docbin(sentences, vocab, path: Path) -> None:
    from spacy.tokens import DocBin

    from annotator.core.model import Span
    from annotator.nlp.gold import build_gold_doc

    db = DocBin(store_user_data=False)
    for sent in sentences:
        spans = [Span(i, 0, s, e, label) for i, (s, e, label) in enumerate(sent.spans)]
        doc, _outcome = build_gold_doc(vocab, sent.text, spans)
        db.add(doc)
    db.to_disk(path)


def _forget_temp_paths(config_path: Path) -> None:
    """The saved config names the temporary DocBins it was trained from; they are gone, so say null."""
    import re

    text = config_path.read_text(encoding="utf-8")
    text = re.sub(r'^(train|dev) = "[^"\n]*annotator-base-model-[^"\n]*"$', r"\1 = null", text, flags=re.M)
    config_path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=klue_base.default_data_path())
    parser.add_argument("--out", type=Path, default=base_model_dir())
    parser.add_argument("--max-steps", type=int, default=OVERRIDES["training.max_steps"])
    args = parser.parse_args(argv)
    started = time.monotonic()
    from annotator.nlp.spacy_tokenizer import blank_korean
    from annotator.nlp.suggest.model import evaluate_on
    from annotator.nlp.train import train_docbins

    sentences = klue_base.load_sentences(args.data)
    train, dev, held = klue_base.split(sentences)
    print(f"{len(sentences)} sentences: {len(train)} train, {len(dev)} checkpoint dev, {len(held)} held out",
          file=sys.stderr)
    vocab = blank_korean().vocab
    with tempfile.TemporaryDirectory(prefix="annotator-base-model-") as tmp:
        _docbin(train, vocab, Path(tmp) / "train.spacy")
        _docbin(dev, vocab, Path(tmp) / "dev.spacy")
        overrides = {**OVERRIDES, "training.max_steps": args.max_steps}

        def progress(fraction: float, message: str) -> None:
            print(f"  {fraction:5.1%} {message}", file=sys.stderr, flush=True)

        result = train_docbins(Path(tmp) / "train.spacy", Path(tmp) / "dev.spacy", out_dir=args.out,
                               seed=0, overrides=overrides, progress=progress,
                               meta={"name": BASE_MODEL_NAME, "version": "1.0.0", "license": "CC BY-SA 4.0",
                                     "sources": [{"name": "KLUE-NER v1.1 dev",
                                                  "url": "https://github.com/KLUE-benchmark/KLUE",
                                                  "license": "CC BY-SA 4.0"}]})
    if result.get("model_dir") is None:
        print(f"training produced no model: {result}", file=sys.stderr)
        return 1
    _forget_temp_paths(args.out / "config.cfg")
    import spacy

    nlp = spacy.load(args.out)
    held_out = evaluate_on(nlp, held)
    meta_path = args.out / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["annotator_heldout"] = {"sentences": len(held), "seed": klue_base.SPLIT_SEED, **held_out}
    meta["annotator_training"] = {k: result[k] for k in ("steps", "best_step", "stopped")}
    meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    shutil.copyfile(args.data.parent / "LICENSE-KLUE.md", args.out / "LICENSE-KLUE.md")
    (args.out / "README.md").write_text(MODEL_LICENCE_NOTE, encoding="utf-8")
    size = sum(p.stat().st_size for p in args.out.rglob("*") if p.is_file())
    print(json.dumps({"model_dir": str(args.out), "size_bytes": size, "seconds": round(time.monotonic() - started),
                      "held_out": {k: held_out[k] for k in ("p", "r", "f1")}}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
