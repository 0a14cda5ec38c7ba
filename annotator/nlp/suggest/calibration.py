"""One calibrated score per proposed span, whichever sources proposed it: what "score >= X" means.

Each source scores its own proposals (the dictionary from the project's counts, a pattern from its measured
precision, the model per label and shape), but how often a span is right also depends on its label and on
who else proposed it: on policy news a model-only PERSON is right about one time in five, a pattern's LOC
that the dictionary confirms nearly always. So the engine groups the candidates by span and label and gives
each group one score from a logistic model over: the label, each source's presence and score (as a logit),
the source that proposed it alone (per label), the model's span shape, and for PERSON a name's shape
(2-4 Hangul syllables) and a TITLE right after it. The weights are fitted by scripts/calibrate_suggestions.py
on the tuning pages of scripts/suggest_devset and the bundled sample only, and shipped in
resources/schemes/combined_calibration.json, with the default minimum score chosen on those pages.
Labels the calibration does not know (a project's own scheme) keep their sources' scores.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from annotator.nlp.suggest.base import ENTITY_SOURCES, MODEL, Candidate
from annotator.nlp.suggest.dictionary import _separated

FILE_NAME = "combined_calibration.json"
_NAME = re.compile(r"[가-힣]{2,4}")
_EDGE = 0.02  # source scores are clamped into [EDGE, 1 - EDGE] before their logit


def _logit(p: float) -> float:
    p = min(max(p, _EDGE), 1.0 - _EDGE)
    return math.log(p / (1.0 - p))


def feature_names(labels: Sequence[str]) -> list[str]:
    names = ["bias", *(f"label={lab}" for lab in labels)]
    for source in ENTITY_SOURCES:
        names += [f"{source}", f"{source}:logit"]
    for source in ENTITY_SOURCES:
        names += [f"{source} alone, label={lab}" for lab in labels]
    names += [f"fused, label={lab}" for lab in labels]
    return names + ["model shape common", "model shape inside", "PERSON name shape", "PERSON before TITLE"]


def features(text: str, label: str, scores: dict[str, float], model_detail: str,
             title_starts: frozenset[int] | set[int]) -> dict[str, float]:
    """The non-zero features of one span and label, proposed by the sources in `scores` (best score each)."""
    x = {"bias": 1.0, f"label={label}": 1.0}
    for source, score in scores.items():
        x[source] = 1.0
        x[f"{source}:logit"] = _logit(score)
    if len(scores) == 1:
        x[f"{next(iter(scores))} alone, label={label}"] = 1.0
    if MODEL in scores:
        shape = model_detail.rsplit(", ", 1)[-1]
        if shape.endswith("common"):
            x["model shape common"] = 1.0
        if shape.startswith("inside"):
            x["model shape inside"] = 1.0
    return x


def person_features(text: str, start: int, end: int, title_starts) -> dict[str, float]:
    x = {}
    if _NAME.fullmatch(text, start, end):
        x["PERSON name shape"] = 1.0
    if end in title_starts or end + 1 in title_starts:
        x["PERSON before TITLE"] = 1.0
    return x


def grouped(candidates: Iterable[Candidate]) -> dict[tuple[int, int, str], dict[str, Candidate]]:
    """The candidates by (start, end, label), then by source: each source's best."""
    groups: dict[tuple[int, int, str], dict[str, Candidate]] = {}
    for c in candidates:
        by_source = groups.setdefault(c[:3], {})
        old = by_source.get(c[3])
        if old is None or c[4] > old[4]:
            by_source[c[3]] = c
    return groups


@dataclass(frozen=True, slots=True)
class Calibration:
    weights: dict[str, float]
    labels: frozenset[str]
    default_min_score: float = 0.0

    @classmethod
    def load(cls, path: Path) -> "Calibration":
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls({k: float(v) for k, v in data["weights"].items()}, frozenset(data["labels"]),
                   float(data.get("default_min_score", 0.0)))

    def probability(self, x: dict[str, float]) -> float:
        w = self.weights
        z = sum(w.get(name, 0.0) * value for name, value in x.items())
        return 1.0 / (1.0 + math.exp(-z)) if z > -500 else 0.0

    def span_features(self, text: str, key: tuple[int, int, str], by_source: dict[str, Candidate],
                      title_starts) -> dict[str, float]:
        start, end, label = key
        model = by_source.get(MODEL)
        x = features(text, label, {s: c[4] for s, c in by_source.items()}, model[5] if model else "", title_starts)
        if not _separated(text, start, end):  # part of a longer word: 한국 of 한국철강, 서울 of 일요서울
            x[f"fused, label={label}"] = 1.0
        if label == "PERSON":
            x.update(person_features(text, start, end, title_starts))
        return x

    def apply(self, text: str, candidates: list[Candidate]) -> list[Candidate]:
        """One candidate per span and label of a known label: the best source's, with the calibrated score
        and the other sources named in its detail; candidates of other labels unchanged."""
        groups = grouped(candidates)
        titles = {k[0] for k in groups if k[2] == "TITLE"}
        out: list[Candidate] = []
        rank = {name: i for i, name in enumerate(ENTITY_SOURCES)}
        for key, by_source in groups.items():
            if key[2] not in self.labels:
                out.extend(by_source.values())
                continue
            best = min(by_source.values(), key=lambda c: (-c[4], rank.get(c[3], len(rank))))
            score = round(self.probability(self.span_features(text, key, by_source, titles)), 4)
            others = sorted(set(by_source) - {best[3]})
            detail = best[5] + (f" (also {', '.join(others)})" if others else "")
            out.append((best[0], best[1], best[2], best[3], score, detail))
        return out


@functools.lru_cache(maxsize=1)
def shipped() -> Calibration | None:
    """The calibration shipped with the default scheme, or None when it is absent or unreadable."""
    from annotator.paths import resource_path

    try:
        return Calibration.load(resource_path("schemes", FILE_NAME))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def fit(rows: Sequence[tuple[dict[str, float], bool]], names: Sequence[str], *, l2: float = 1.0,
        iterations: int = 50) -> dict[str, float]:
    """Logistic regression weights by Newton's method with an L2 penalty (not on the bias)."""
    import numpy as np

    index = {n: i for i, n in enumerate(names)}
    X = np.zeros((len(rows), len(names)))
    for r, (x, _ok) in enumerate(rows):
        for name, value in x.items():
            X[r, index[name]] = value
    y = np.array([1.0 if ok else 0.0 for _x, ok in rows])
    penalty = np.full(len(names), l2)
    penalty[index["bias"]] = 1e-6
    w = np.zeros(len(names))
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-(X @ w)))
        gradient = X.T @ (p - y) + penalty * w
        hessian = X.T @ (X * (p * (1.0 - p))[:, None]) + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if float(np.max(np.abs(step))) < 1e-8:
            break
    return {n: round(float(v), 5) for n, v in zip(names, w)}
