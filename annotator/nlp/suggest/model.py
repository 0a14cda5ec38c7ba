"""Suggestions from a spaCy NER pipeline: the base model shipped in the package, or a project's own.

The pipeline is loaded lazily, on first use, under a lock (a worker thread may be the first user), and
spaCy is imported only then. A proposal's score is the model's precision for that label, since a greedy
transition-based NER gives no per-entity probability: the held-out precision recorded beside the model
(meta.json "annotator_heldout" of the base model, metrics.json of an in-app trained one), discounted for
another domain, and, once calibrate() has seen the project's labelled documents, the precision measured
there, shrunk towards that prior while it rests on few proposals. Labels the scheme lacks are left out.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path

from annotator.nlp.suggest.base import MODEL, Suggestion

BASE_MODEL_NAME = "ko_klue_base"
BASE = "base"
DEFAULT_SCORE = 0.5  # a model that reports no per-label precision
# Held-out precision is in-domain (KLUE news and reviews); on policy news the base model does worse, so
# its scores are discounted, and a pattern or the dictionary wins where they disagree.
DOMAIN_DISCOUNT = 0.8
PRIOR_WEIGHT = 5  # calibrate(): the prior counts as this many proposals


class ModelError(ValueError):
    """A model folder that cannot be loaded; the message names it."""


def base_model_dir() -> Path:
    from annotator.paths import resource_path

    return resource_path("models", BASE_MODEL_NAME)


def label_precisions(model_dir: Path) -> dict[str, float]:
    """Per-label precision recorded beside a model (base: held-out KLUE; in-app: its dev split)."""
    for name, key in (("meta.json", "annotator_heldout"), ("metrics.json", None)):
        path = model_dir / name
        if not path.is_file():
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        block = data.get(key) if key else data
        per_label = (block or {}).get("per_label") or {}
        found = {label: float(v["p"]) for label, v in per_label.items() if isinstance(v, dict) and "p" in v}
        if found:
            return found
    return {}


class ModelSource:
    """spaCy NER proposals; `model` is BASE ("base") or a model folder."""

    source = MODEL

    def __init__(self, model: str | Path = BASE, *, labels: Iterable[str] | None = None) -> None:
        self.model_dir = base_model_dir() if str(model) == BASE else Path(model).expanduser()
        self.labels = frozenset(labels) if labels is not None else None
        self._nlp = None
        self._precision: dict[str, float] = {}
        self._calibrated: dict[str, float] = {}
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._nlp is not None

    def load(self):
        with self._lock:
            if self._nlp is None:
                if not (self.model_dir / "meta.json").is_file():
                    raise ModelError(f"{self.model_dir}: not a spaCy model folder (no meta.json)")
                import spacy

                import annotator.nlp.spacy_tokenizer  # noqa: F401  (registers the Korean tokenizer)

                try:
                    self._nlp = spacy.load(self.model_dir)
                except (OSError, ValueError, KeyError) as exc:
                    raise ModelError(f"{self.model_dir}: cannot load the model: {exc}") from None
                self._precision = label_precisions(self.model_dir)
            return self._nlp

    def suggest_regions(self, text: str, regions: Sequence[tuple[int, int]]) -> list[Suggestion]:
        """Proposals inside the given (start, end) regions of text (lines), one Doc per region."""
        nlp = self.load()
        out: list[Suggestion] = []
        pieces = [(s, e) for s, e in regions if text[s:e].strip()]
        for (offset, _end), doc in zip(pieces, nlp.pipe(text[s:e] for s, e in pieces)):
            for ent in doc.ents:
                if self.labels is not None and ent.label_ not in self.labels:
                    continue
                span = _trimmed(text, offset + ent.start_char, offset + ent.end_char)
                if span is None:
                    continue
                score = round(self.score(ent.label_), 4)
                out.append(Suggestion(*span, ent.label_, MODEL, score, f"{self.model_dir.name} NER"))
        return out

    def suggest(self, text: str) -> list[Suggestion]:
        return self.suggest_regions(text, [(0, len(text))])

    def prior(self, label: str) -> float:
        self.load()
        return self._precision.get(label, DEFAULT_SCORE) * DOMAIN_DISCOUNT

    def score(self, label: str) -> float:
        return self._calibrated.get(label, self.prior(label))

    def calibrate(self, documents: Iterable[tuple[str, Sequence[tuple[int, int]], Iterable[tuple[int, int, str]]]],
                  *, limit: int = 200) -> dict[str, float]:
        """Per-label scores from how often the model's proposals match the labels of reviewed documents
        (text, regions to search, labels), at most `limit` of them: (tp + w * prior) / (proposed + w)."""
        from annotator.nlp.suggest.scoring import Tally

        tally = Tally()
        self._calibrated = {}
        for n, (text, regions, labels) in enumerate(documents):
            if n >= limit:
                break
            tally.add(labels, [s.key for s in self.suggest_regions(text, regions)])
        scores = {label: (tally.tp[label] + PRIOR_WEIGHT * self.prior(label)) / (tally.proposed[label] + PRIOR_WEIGHT)
                  for label in tally.proposed}
        self._calibrated = scores
        return dict(scores)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span without edge punctuation or a trailing particle (as the snapping does); None if nothing is left."""
    from annotator.core import korean
    from annotator.core.korean_snap import trim_morphs

    morphs = [m for m in korean.iter_line_morphs(text, start, end) if m[0] >= start and m[1] <= end]
    kept = trim_morphs(morphs, keep_one=False)
    if not kept:
        return None
    return kept[0][0], kept[-1][1]


def evaluate_on(nlp, sentences) -> dict:
    """Exact-match P/R/F1 (overall and per label) of nlp on klue_base.Sentence items."""
    from annotator.nlp.suggest.scoring import Tally

    tally = Tally()
    for sent, doc in zip(sentences, nlp.pipe(s.text for s in sentences)):
        tally.add(sent.spans, [(e.start_char, e.end_char, e.label_) for e in doc.ents])
    return {**tally.overall(), "per_label": tally.per_label()}
