"""Measure how often each default pattern and the base model are right on real policy news pages, for scores.

On the development batches of the entity gold of unseen pages (scripts/suggest_devset: tuning, held-out and
held-out-2 to held-out-4, pages 01-102; a newer blind batch is never read here, only scored by the bench),
searching the lines the boilerplate segmenter keeps as content (as a project does):

- per default pattern (label/id): how many of its proposals, as the patterns source keeps them, match a gold
  span exactly; written to annotator/resources/schemes/default_pattern_calibration.json, from which
  scripts/build_default_patterns.py sets each pattern's score (the count shrunk towards the pattern's own
  prior score, so that a pattern seen a few times keeps most of its prior);
- per label and shape, the same for the base model's proposals; written beside the model as
  calibration_news.json, which ModelSource reads in the place of its flat domain discount.

- the combined score of a span (annotator/nlp/suggest/calibration.py): a logistic model over its label and the
  sources that proposed it, fitted on those pages and the bundled sample, each page's dictionary made of
  the other pages' labels (as an unseen page sees a project that has reviewed these); written to
  annotator/resources/schemes/combined_calibration.json with the default minimum score: the lowest score at
  which the kept proposals of every batch, each scored by weights fitted without that batch, reach
  TARGET_PRECISION.

    python scripts/calibrate_suggestions.py [--pages DIR]    # then python scripts/build_default_patterns.py
    python scripts/calibrate_suggestions.py --combined        # after both: the combined scores

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
# The development batches: every batch of the gold but a newer blind one, which is only ever scored.
BATCHES = ("tuning", "held-out", "held-out-2", "held-out-3", "held-out-4")
COMBINED_FILE = ROOT / "annotator" / "resources" / "schemes" / "combined_calibration.json"
TARGET_PRECISION = 0.8  # the goal, out of fold on EVERY development batch (each held-out batch too)
L2 = 1.0


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


def combined_rows(pages, records) -> list[tuple[str, dict, bool]]:
    """(page name, features, right?) of every span that combine() keeps on each page and sample page,
    the dictionary made of the labels of the other pages of both."""
    from annotator.bench.suggest import gold_entities
    from annotator.core.scheme import default_scheme
    from annotator.nlp.suggest.base import combine_candidates
    from annotator.nlp.suggest.calibration import Calibration, grouped, prepared
    from annotator.nlp.suggest.dictionary import EntityDictionary
    from annotator.nlp.suggest.engine import Suggester

    docs = [(f"sample-{i}", r["text"], gold_entities(r)) for i, r in enumerate(records)]
    docs += [(p.name, p.text, list(p.spans)) for p in pages]
    scheme = default_scheme()
    labels = [e.name for e in scheme.entities]
    suggester = Suggester(scheme, calibration=None)
    probe = Calibration({}, frozenset(labels))
    rows = []
    for i, (name, text, gold) in enumerate(docs):
        dictionary = EntityDictionary()
        dictionary.add_documents([(t, g) for j, (_n, t, g) in enumerate(docs) if j != i])
        suggester.dictionary = dictionary
        candidates = prepared(text, suggester.candidates(text, suggester.regions(text)))
        groups = grouped(candidates)
        titles = {k[0] for k in groups if k[2] == "TITLE"}
        right = set(gold)
        for s in combine_candidates(candidates):
            rows.append((name, probe.span_features(text, s.key, groups[s.key], titles), s.key in right))
    return rows, labels, sum(len(set(g)) for _n, _t, g in docs)


def default_min_score(rows, labels, gold: int, batch_of: dict[str, str]) -> tuple[float, dict]:
    """The lowest score (in steps of 0.05) at which the kept spans are TARGET_PRECISION precise on every batch,
    each batch scored by weights fitted without it, as a new batch of pages would be (batch_of: page name ->
    batch; the sample's pages are one batch); with the pooled precision and recall there."""
    from annotator.nlp.suggest.calibration import Calibration, feature_names, fit

    names = feature_names(labels)
    scored = []
    for batch in sorted({batch_of.get(n, "sample") for n, _x, _ok in rows}):  # each batch as an unseen one
        weights = fit([(x, ok) for n, x, ok in rows if batch_of.get(n, "sample") != batch], names, l2=L2)
        model = Calibration(weights, frozenset(labels))
        scored += [(n, model.probability(x), ok) for n, x, ok in rows if batch_of.get(n, "sample") == batch]
    for step in range(0, 20):
        t = step / 20
        kept = [ok for _n, p, ok in scored if p >= t]
        precision = sum(kept) / len(kept) if kept else 0.0
        per_batch: dict[str, list[bool]] = {}
        for n, p, ok in scored:
            if p >= t:
                per_batch.setdefault(batch_of.get(n, "sample"), []).append(ok)
        if kept and all(sum(oks) / len(oks) >= TARGET_PRECISION for oks in per_batch.values()):
            return t, {"p": round(precision, 4), "r": round(sum(kept) / gold, 4)}
    return 0.95, {}


def calibrate_combined(pages) -> str:
    from annotator.bench.suggest import labelled_sample
    from annotator.nlp.suggest.calibration import feature_names, fit

    rows, labels, gold = combined_rows(pages, labelled_sample())
    threshold, at = default_min_score(rows, labels, gold, {p.name: p.batch for p in pages})
    weights = fit([(x, ok) for _n, x, ok in rows], feature_names(labels), l2=L2)
    _write(COMBINED_FILE, {"_doc": "Weights of the combined score of a proposed span (annotator/nlp/suggest/"
                           "calibration.py), fitted by scripts/calibrate_suggestions.py --combined on the development "
                           "pages of scripts/suggest_devset and the bundled sample; default_min_score: the lowest "
                           f"score at which each batch's proposals, scored by weights fitted without that batch, are "
                           f"{TARGET_PRECISION} precise.", "pages": sorted({r[0] for r in rows}), "spans": len(rows),
                           "l2": L2, "labels": labels, "default_min_score": threshold,
                           "at_default_min_score_batch_held_out": at, "weights": weights})
    return f"combined scores fitted on {len(rows)} spans; default minimum score {threshold} ({at})"


def _write(path: Path, data: dict) -> None:
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(data, indent=1, ensure_ascii=False, sort_keys=False) + "\n", encoding="utf-8")
    tmp.replace(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=Path, default=None, help="folder of the page texts")
    parser.add_argument("--combined", action="store_true", help="fit the combined scores (after the patterns')")
    parser.add_argument("--batches", default=",".join(BATCHES), help="comma-separated batches to fit on")
    args = parser.parse_args(argv)
    batches = set(args.batches.split(","))
    pages = [p for p in devset().load(args.pages) if p.batch in batches]
    if not pages:
        print(f"calibrate_suggestions: no page of {args.batches} found (see scripts/suggest_devset/README.md)",
              file=sys.stderr)
        return 1
    if args.combined:
        print(calibrate_combined(pages))
        return 0
    from annotator.nlp.suggest.model import base_model_dir

    pattern_counts, model_counts = counts(pages)
    names = [p.name for p in pages]
    _write(PATTERN_FILE, {"_doc": "Proposals of each default pattern on the development pages of "
                          "scripts/suggest_devset (content lines as segmented), and how many matched the gold: "
                          "scripts/calibrate_suggestions.py; scripts/build_default_patterns.py turns them into scores.",
                          "pages": names, "patterns": pattern_counts})
    _write(base_model_dir() / NEWS_FILE, {"description": "Proposals of this model on the development pages of "
                                          "the entity gold of unseen policy news pages (scripts/calibrate_suggestions.py): per "
                                          "label and shape, how many were right.", "pages": names,
                                          "per_label_shape": model_counts})
    print(f"calibrated on {len(pages)} pages of {args.batches}: {PATTERN_FILE.name}, {NEWS_FILE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
