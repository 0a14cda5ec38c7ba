#!/usr/bin/env python3
"""Measure the shipped base model's precision per label and shape, for its suggestion scores.

    .venv/bin/python scripts/calibrate_base_model.py [--data data/klue-ner/klue-ner-v1.1_dev.tsv]

Writes annotator/resources/models/ko_klue_base/calibration.json: for each label and shape (see
annotator.nlp.suggest.model.shape_of) how many of the model's proposals were right on the 8% of KLUE dev
that picked the training checkpoint (never fitted to; the 20% held out for `annotator bench` stays
untouched). Deterministic: a rerun on the same model and data writes the same file. Seconds on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from annotator.nlp.suggest import klue_base  # noqa: E402
from annotator.nlp.suggest.model import CALIBRATION_FILE, ModelSource, base_model_dir, shape_calibration  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=klue_base.default_data_path())
    args = parser.parse_args(argv)
    _train, checkpoint, _held = klue_base.split(klue_base.load_sentences(args.data))
    table = shape_calibration(ModelSource().load(), checkpoint)
    out = base_model_dir() / CALIBRATION_FILE
    data = {"description": "Proposals of this model on the KLUE-NER dev sentences that picked its checkpoint "
                           "(scripts/calibrate_base_model.py): per label and shape, how many were right.",
            "sentences": len(checkpoint),
            "per_label_shape": {label: dict(sorted(cells.items())) for label, cells in sorted(table.items())}}
    out.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    for label, cells in sorted(table.items()):
        print(label, {shape: f"{c['tp']}/{c['proposed']}" for shape, c in sorted(cells.items())})
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
