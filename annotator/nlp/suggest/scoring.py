"""Exact-match precision, recall and F1 of proposed entity spans against gold ones, per label and overall."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

Span3 = tuple[int, int, str]


def prf(true_positives: int, proposed: int, gold: int) -> dict[str, float | int]:
    p = true_positives / proposed if proposed else 0.0
    r = true_positives / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4), "tp": true_positives,
            "proposed": proposed, "gold": gold}


class Tally:
    """Counts over many documents; a span counts when start, end and label all match."""

    def __init__(self) -> None:
        self.tp: Counter[str] = Counter()
        self.proposed: Counter[str] = Counter()
        self.gold: Counter[str] = Counter()

    def add(self, gold: Iterable[Span3], proposed: Iterable[Span3]) -> None:
        gold_set, proposed_set = set(gold), set(proposed)
        for _s, _e, label in gold_set:
            self.gold[label] += 1
        for span in proposed_set:
            self.proposed[span[2]] += 1
            self.tp[span[2]] += span in gold_set

    def overall(self) -> dict[str, float | int]:
        return prf(sum(self.tp.values()), sum(self.proposed.values()), sum(self.gold.values()))

    def per_label(self) -> dict[str, dict[str, float | int]]:
        labels = sorted(set(self.gold) | set(self.proposed))
        return {label: prf(self.tp[label], self.proposed[label], self.gold[label]) for label in labels}
