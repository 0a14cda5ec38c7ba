"""Measure how often each default pattern and the base model are right on real policy news pages, for scores.

On the "tuning" batch of the entity gold of unseen pages (scripts/suggest_devset, pages 01-30; the "held-out"
batch is never read here), searching the lines the boilerplate segmenter keeps as content (as a project does):

- per default pattern (label/id): how many of its proposals, as the patterns source keeps them, match a gold
  span exactly; written to annotator/resources/schemes/default_pattern_calibration.json, from which
  scripts/build_default_patterns.py sets each pattern's score (the count shrunk towards the pattern's own
  prior score, so that a pattern seen a few times keeps most of its prior);
- per label and shape, the same for the base model's proposals; written beside the model as
  calibration_news.json, which ModelSource reads in the place of its flat domain discount.

    python scripts/calibrate_suggestions.py [--pages DIR]    # then python scripts/build_default_patterns.py

Needs the page texts ($ANNOTATOR_SUGGEST_DEVSET, by default ../devset-pages beside the checkout).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PATTERN_FILE = ROOT / "annotator" / "resources" / "schemes" / "default_pattern_calibration.json"
NEWS_FILE = "calibration_news.json"
BATCH = "tuning"


def devset():
    from annotator.bench.suggest import devset_loader

    return devset_loader()


def counts(pages) -> tuple[dict, dict]:
    """({"LABEL/id": {"tp", "proposed"}}, {label: {shape: {"tp", "proposed"}}}) over the pages."""
    from annotator.core.scheme import default_scheme
    from annotator.nlp.suggest.base import combine
    from annotator.nlp.suggest.engine import Suggester

    suggester = Suggester(default_scheme(), sources=("patterns", "model"))
    patterns: dict[str, dict[str, int]] = {}
    model: dict[str, dict[str, dict[str, int]]] = {}
    for page in pages:
        gold = set(page.spans)
        regions = suggester.regions(page.text)
        for s in combine(suggester.patterns.suggest_regions(page.text, regions)):
            cell = patterns.setdefault(f"{s.label}/{s.detail}", {"tp": 0, "proposed": 0})
            cell["proposed"] += 1
            cell["tp"] += s.key in gold
        for s in suggester.model.suggest_regions(page.text, regions):
            shape = s.detail.rsplit(", ", 1)[-1]
            cell = model.setdefault(s.label, {}).setdefault(shape, {"tp": 0, "proposed": 0})
            cell["proposed"] += 1
            cell["tp"] += s.key in gold
    return dict(sorted(patterns.items())), dict(sorted(model.items()))


def _write(path: Path, data: dict) -> None:
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(data, indent=1, ensure_ascii=False, sort_keys=False) + "\n", encoding="utf-8")
    tmp.replace(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=Path, default=None, help="folder of the page texts")
    args = parser.parse_args(argv)
    pages = [p for p in devset().load(args.pages) if p.batch == BATCH]
    if not pages:
        print("calibrate_suggestions: no tuning page found (see scripts/suggest_devset/README.md)", file=sys.stderr)
        return 1
    from annotator.nlp.suggest.model import base_model_dir

    pattern_counts, model_counts = counts(pages)
    names = [p.name for p in pages]
    _write(PATTERN_FILE, {"_doc": "Proposals of each default pattern on the tuning pages of scripts/suggest_devset "
                          "(content lines as segmented), and how many matched the gold: "
                          "scripts/calibrate_suggestions.py; scripts/build_default_patterns.py turns them into scores.",
                          "pages": names, "patterns": pattern_counts})
    _write(base_model_dir() / NEWS_FILE, {"description": "Proposals of this model on the tuning pages of the entity "
                                          "gold of unseen policy news pages (scripts/calibrate_suggestions.py): per "
                                          "label and shape, how many were right.", "pages": names,
                                          "per_label_shape": model_counts})
    print(f"calibrated on {len(pages)} tuning pages: {PATTERN_FILE.name}, {NEWS_FILE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
