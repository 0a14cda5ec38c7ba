"""Suggestions from a spaCy NER pipeline: the base model shipped in the package, or a project's own.

The pipeline is loaded lazily, on first use, under a lock (a worker thread may be the first user), and
spaCy is imported only then. A greedy transition-based NER gives no per-entity probability, so a
proposal's score is the model's measured precision for proposals like it: of its label and its shape
(shape_of: does it start inside a word; is it common nouns only: 서비스, 고용), since those are wrong far
more often. Prior: the precision per label and shape measured on KLUE data the model was not fitted to
(calibration.json beside the base model, written by scripts/calibrate_base_model.py), else the label's
held-out precision (meta.json "annotator_heldout", metrics.json of an in-app trained model), discounted
for another domain. Once calibrate() has seen the project's labelled documents: the precision measured
there per label and shape, shrunk towards that prior while it rests on few proposals. Labels the scheme
lacks are left out.
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
CALIBRATION_FILE = "calibration.json"
# Counts like calibration.json's, on policy news pages (scripts/calibrate_suggestions.py): when a model has
# them, they replace the flat DOMAIN_DISCOUNT.
NEWS_CALIBRATION_FILE = "calibration_news.json"
SHAPES = ("word", "inside", "word/common", "inside/common")


def shape_of(text: str, start: int, end: int, tags: Sequence[str]) -> str:
    """"word" when the span starts a word (after whitespace, punctuation or the line's start), "inside"
    when it starts inside one (정통부 of 과기정통부); "/common" when its morphs are all common nouns (NNG)."""
    inside = start > 0 and text[start - 1].isalnum()
    common = bool(tags) and all(tag.startswith("NNG") for tag in tags)
    return ("inside" if inside else "word") + ("/common" if common else "")


def shrunk(tp: int, proposed: int, prior: float, weight: float = PRIOR_WEIGHT) -> float:
    """Measured precision, pulled towards a prior that counts as `weight` proposals."""
    return (tp + weight * prior) / (proposed + weight)


def shape_calibration(nlp, sentences) -> dict:
    """Per label and shape, how many of the model's proposals on klue_base.Sentence items were right."""
    from annotator.core import korean

    table: dict[str, dict[str, dict[str, int]]] = {}
    for sent, doc in zip(sentences, nlp.pipe(s.text for s in sentences)):
        gold = set(sent.spans)
        for ent in doc.ents:
            tags = [m[2][0] for m in korean.iter_line_morphs(sent.text, ent.start_char, ent.end_char)
                    if m[0] >= ent.start_char and m[1] <= ent.end_char and m[2]]
            cell = table.setdefault(ent.label_, {}).setdefault(
                shape_of(sent.text, ent.start_char, ent.end_char, tags), {"tp": 0, "proposed": 0})
            cell["proposed"] += 1
            cell["tp"] += (ent.start_char, ent.end_char, ent.label_) in gold
    return table


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
        self._shapes: dict[str, dict[str, dict[str, int]]] = {}
        self._news: dict[str, dict[str, dict[str, int]]] = {}
        self._calibrated: dict[tuple[str, str], float] = {}
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
                self._shapes = _read_shapes(self.model_dir / CALIBRATION_FILE)
                self._news = _read_shapes(self.model_dir / NEWS_CALIBRATION_FILE)
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
                trimmed = _trimmed(text, offset + ent.start_char, offset + ent.end_char)
                if trimmed is None:
                    continue
                start, end, tags = trimmed
                shape = shape_of(text, start, end, tags)
                score = round(self.score(ent.label_, shape), 4)
                out.append(Suggestion(start, end, ent.label_, MODEL, score, f"{self.model_dir.name} NER, {shape}"))
        return out

    def suggest(self, text: str) -> list[Suggestion]:
        return self.suggest_regions(text, [(0, len(text))])

    def prior(self, label: str, shape: str = "word") -> float:
        """The score before any project calibration: the label's precision for this shape measured on
        KLUE, shrunk towards the shape's precision over all labels, itself shrunk towards the label's
        overall precision; discounted for another domain, or, where the model was measured on policy news
        pages, the precision there shrunk towards that."""
        self.load()
        precision = self._precision.get(label, DEFAULT_SCORE)
        # Few proposals per label and shape: the shape's precision over all labels comes in between.
        pooled = [cells[shape] for cells in self._shapes.values() if shape in cells]
        if pooled:
            precision = shrunk(sum(c["tp"] for c in pooled), sum(c["proposed"] for c in pooled), precision)
        cell = self._shapes.get(label, {}).get(shape)
        if cell:
            precision = shrunk(cell["tp"], cell["proposed"], precision)
        news = self._news.get(label, {}).get(shape)
        if news:
            return shrunk(news["tp"], news["proposed"], precision * DOMAIN_DISCOUNT)
        return precision * DOMAIN_DISCOUNT

    def score(self, label: str, shape: str = "word") -> float:
        return self._calibrated.get((label, shape), self.prior(label, shape))

    def calibrate(self, documents: Iterable[tuple[str, Sequence[tuple[int, int]], Iterable[tuple[int, int, str]]]],
                  *, limit: int = 200) -> dict[tuple[str, str], float]:
        """Per label and shape, scores from how often the model's proposals match the labels of reviewed
        documents (text, regions to search, labels), at most `limit` of them: shrunk() towards prior()."""
        tp: dict[tuple[str, str], int] = {}
        proposed: dict[tuple[str, str], int] = {}
        self._calibrated = {}
        for n, (text, regions, labels) in enumerate(documents):
            if n >= limit:
                break
            gold = set(labels)
            for s in self.suggest_regions(text, regions):
                key = (s.label, s.detail.rsplit(", ", 1)[-1])
                proposed[key] = proposed.get(key, 0) + 1
                tp[key] = tp.get(key, 0) + (s.key in gold)
        scores = {key: shrunk(tp[key], n, self.prior(*key)) for key, n in proposed.items()}
        self._calibrated = scores
        return dict(scores)


def _read_shapes(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    table = data.get("per_label_shape") if isinstance(data, dict) else None
    return table if isinstance(table, dict) else {}


def _trimmed(text: str, start: int, end: int) -> tuple[int, int, list[str]] | None:
    """The span without edge punctuation or a trailing particle (as the snapping does), with the first tag
    of each morph left; None if nothing is left."""
    from annotator.core import korean
    from annotator.core.korean_snap import trim_morphs

    morphs = [m for m in korean.iter_line_morphs(text, start, end) if m[0] >= start and m[1] <= end]
    kept = trim_morphs(morphs, keep_one=False)
    if not kept:
        return None
    return kept[0][0], kept[-1][1], [m[2][0] for m in kept if m[2]]


def evaluate_on(nlp, sentences) -> dict:
    """Exact-match P/R/F1 (overall and per label) of nlp on klue_base.Sentence items."""
    from annotator.nlp.suggest.scoring import Tally

    tally = Tally()
    for sent, doc in zip(sentences, nlp.pipe(s.text for s in sentences)):
        tally.add(sent.spans, [(e.start_char, e.end_char, e.label_) for e in doc.ents])
    return {**tally.overall(), "per_label": tally.per_label()}
