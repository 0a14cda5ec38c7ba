"""One calibrated score per proposed span, whichever sources proposed it: what "score >= X" means.

Each source scores its own proposals (the dictionary from the project's counts, a pattern from its measured
precision, the model per label and shape), but how often a span is right also depends on its label and on
who else proposed it: on policy news a model-only PERSON is right about one time in five, a pattern's LOC
that the dictionary confirms nearly always. So the engine groups the candidates by span and label and gives
each group one score from a logistic model over: the label, each source's presence and score (as a logit),
the source that proposed it alone (per label), the model's span shape, and for PERSON a name's shape
(2-4 Hangul syllables) and a TITLE right after it. Before that, a proposal that is a piece of a longer word is
dropped (gated: 한국 of 한국철강), a kind of zone that a pattern reads as the scheme loses its ZONE readings
(scheme_read) and LOC readings one space apart are joined into one place (joined_places).
The weights are fitted by scripts/calibrate_suggestions.py on the development pages of scripts/suggest_devset
(tuning and held-out 1-4) and the bundled sample (the L2 penalty by out-of-fold log-loss there), and shipped in
resources/schemes/combined_calibration.json, with the default minimum score chosen on those pages (every
batch at least 0.8 precise when scored by weights fitted without it).
Labels the calibration does not know (a project's own scheme) keep their sources' scores.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from annotator.nlp.suggest.base import ENTITY_SOURCES, MODEL, Candidate
from annotator.nlp.suggest.boundaries import _separated

FILE_NAME = "combined_calibration.json"
_NAME = re.compile(r"[가-힣]{2,4}")
_EDGE = 0.02  # source scores are clamped into [EDGE, 1 - EDGE] before their logit


# What may follow an entity inside its word: particles, the copula, plural and a few bound nouns (간, 별,
# 마다, 내: 지자체간, 시도별); anything else makes the span a piece of a longer word (한국 of 한국철강, 서울 of
# 서울MBC, 기자 of 기자회견, 장관 of 장관회의). FIELD may also run on into 산업/분야 (the guideline leaves it out).
_ENDING = re.compile(
    "(?:은|는|이|가|을|를|의|에|에서|에선|엔|에게|께|께서|로|으로|로서|으로서|로써|으로써|와|과|도|만|까지|부터|처럼|보다|"
    "이나|나|란|이란|라는|이라는|이라고|라고|이라|라|에는|에서는|으로는|로는|와는|과는|와의|과의|에도|에서도|으로도|로도|"
    "에의|에서의|으로의|로의|이다|다|입니다|이며|며|이고|고|이자|자|였다|이었다|였던|이었던|인|일|임|이던|던|"
    "들|측|간|별|마다|내|외|상|께선|이든|든|씩|뿐|조차|마저|부턴|까진|이라도|라도|요)"
    "(?:의|은|는|이|가|을|를|에|에서|에게|과|와|도|만|로|으로)?")
_FIELD_RUN_ON = ("산업", "분야")


_WORD_RUN = re.compile(r"[\w&+]*")  # the rest of a word after a span
_FUSED: dict[tuple[str, bool], bool] = {}  # fused() by the rest of the word (and FIELD or not): few distinct ones


def fused(text: str, start: int, end: int, label: str) -> bool:
    """True when the span is a piece of a longer word: the rest of its word is not an ending (_ENDING)."""
    rest = text[end:_WORD_RUN.match(text, end).end()]
    if not rest:
        return False
    field = label == "FIELD"
    found = _FUSED.get((rest, field))
    if found is None:
        if len(_FUSED) > 50_000:
            _FUSED.clear()
        found = _FUSED[rest, field] = not (field and rest.startswith(_FIELD_RUN_ON)) and _ENDING.fullmatch(rest) is None
    return found


def gated(text: str, candidates: Iterable[Candidate]) -> list[Candidate]:
    """Without the candidates that are pieces of a longer word, except where that is their design: the
    patterns of fused bylines (최성열기자: PERSON, TITLE) and zone words inside compounds (특구계획)."""
    kept: list[Candidate] = []
    append = kept.append
    size = len(text)
    for c in candidates:
        label, end = c[2], c[1]
        # no word character after it (_WORD_RUN: \w is isalnum() or "_"): the rest of its word is empty, not fused
        if (label == "ZONE" or end >= size or (c[3] != MODEL and c[3] != "dictionary" and label in ("PERSON", "TITLE"))
                or not (text[end].isalnum() or text[end] in "_&+") or not fused(text, c[0], end, label)):
            append(c)
    return kept


def joined_places(text: str, candidates: Sequence[Candidate]) -> list[Candidate]:
    """LOC readings one space apart joined into one (서울시 마포구 한국지방재정공제회관, 경주 강동일반산업단지):
    the guideline's place written before a place without a particle. A joined reading takes its first
    piece's source unless a piece is the model's alone, and the lowest score of its pieces."""
    best: dict[tuple[int, int], Candidate] = {}
    for c in candidates:
        if c[2] == "LOC":
            old = best.get((c[0], c[1]))
            if old is None or (old[3] == MODEL and c[3] != MODEL) or (old[3] == c[3] and c[4] > old[4]):
                best[(c[0], c[1])] = c
    if len(best) < 2:
        return []
    by_start: dict[int, list[Candidate]] = {}
    for c in best.values():
        by_start.setdefault(c[0], []).append(c)
    joined: list[Candidate] = []
    for first in sorted(best.values()):
        chain = [first]
        while True:
            end = chain[-1][1]
            if end >= len(text) or text[end] != " " or not by_start.get(end + 1):
                break
            chain.append(max(by_start[end + 1], key=lambda c: c[1]))  # the longest reading there
        if len(chain) > 1:
            source = MODEL if any(c[3] == MODEL for c in chain) else chain[0][3]
            joined.append((first[0], chain[-1][1], "LOC", source, min(c[4] for c in chain),
                           "joined places: " + " + ".join(text[c[0]:c[1]] for c in chain)))
    return joined


# Patterns that read a kind of zone by its context as the scheme (규제자유특구 제도, 강소특구 모델): on their span
# the zone readings of the dictionary and the word lists go (the guideline's ZONE/POLICY split).
SCHEME_READINGS = frozenset({"zone-scheme"})


def scheme_read(candidates: Sequence[Candidate]) -> list[Candidate]:
    """Without the ZONE readings of a span that a scheme pattern reads as POLICY."""
    schemes = {(c[0], c[1]) for c in candidates if c[2] == "POLICY" and c[5] in SCHEME_READINGS}
    if not schemes:
        return list(candidates)
    return [c for c in candidates if c[2] != "ZONE" or (c[0], c[1]) not in schemes]


def prepared(text: str, candidates: Iterable[Candidate]) -> list[Candidate]:
    """The candidates the calibration scores: gated(), scheme_read(), plus joined_places()."""
    kept = scheme_read(gated(text, candidates))
    return kept + joined_places(text, kept)


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
        key = c[:3]
        by_source = groups.get(key)
        if by_source is None:  # most spans have one candidate: no empty dict made for them
            groups[key] = {c[3]: c}
            continue
        old = by_source.get(c[3])
        if old is None or c[4] > old[4]:
            by_source[c[3]] = c
    return groups


@dataclass(frozen=True, slots=True)
class Calibration:
    weights: dict[str, float]
    labels: frozenset[str]
    default_min_score: float = 0.0
    # score by everything the features depend on (label, sources and scores, model shape, flags): pages repeat
    # the same few readings, so most spans are scored without building their features
    _memo: dict = field(default_factory=dict, compare=False, repr=False)
    # the same scores of spans of one source, by a flat key (label, source, score, model shape, separated, person)
    _single: dict = field(default_factory=dict, compare=False, repr=False)

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
        if not _separated(text, start, end):  # the rest of the word is not a plain particle (강원도, 충북과)
            x[f"fused, label={label}"] = 1.0
        if label == "PERSON":
            x.update(person_features(text, start, end, title_starts))
        return x

    def score(self, text: str, key: tuple[int, int, str], by_source: dict[str, Candidate], title_starts) -> float:
        """The calibrated score of one span and label (span_features, then probability, memoised)."""
        start, end, label = key
        model = by_source.get(MODEL)
        person = None
        if label == "PERSON":
            person = (_NAME.fullmatch(text, start, end) is not None, end in title_starts or end + 1 in title_starts)
        memo_key = (label, tuple(sorted((s, c[4]) for s, c in by_source.items())),
                    model[5].rsplit(", ", 1)[-1] if model else "", _separated(text, start, end), person)
        found = self._memo.get(memo_key)
        if found is None:
            if len(self._memo) > 100_000:
                self._memo.clear()
            found = self._memo[memo_key] = round(self.probability(self.span_features(text, key, by_source,
                                                                                      title_starts)), 4)
        return found

    def apply(self, text: str, candidates: list[Candidate]) -> list[Candidate]:
        """One candidate per span and label of a known label: the best source's, with the calibrated score
        and the other sources named in its detail; candidates of other labels unchanged.

        What prepared() and grouped() do, in one pass over the candidates: a span of one source stays its candidate
        (no dict of sources made for it), and the lookups of the common spans are done inline."""
        groups, titles = _prepared_groups(text, candidates)
        out: list[Candidate] = []
        append = out.append
        rank = _SOURCE_RANK
        unknown = len(rank)
        labels, memo, single = self.labels, self._memo, self._single
        size = len(text)
        for key, best in groups.items():
            label = key[2]
            if type(best) is tuple:  # the common case: one source, its detail as it is
                if label not in labels:
                    append(best)
                    continue
                start, end = key[0], key[1]
                if (start == 0 or text[start - 1].isspace()) and (end >= size or text[end].isspace()):
                    separated = True  # as _separated says, without the call
                elif start and text[start - 1].isalnum():
                    separated = False
                else:
                    separated = _separated(text, start, end)
                person = None
                if label == "PERSON":
                    person = (_NAME.fullmatch(text, start, end) is not None, end in titles or end + 1 in titles)
                source = best[3]
                shape = best[5].rsplit(", ", 1)[-1] if source == MODEL else ""
                flat = (label, source, best[4], shape, separated, person)
                score = single.get(flat)
                if score is None:
                    score = memo.get((label, ((source, best[4]),), shape, separated, person))
                    if score is None:
                        score = self.score(text, key, {source: best}, titles)
                    if len(single) > 100_000:
                        single.clear()
                    single[flat] = score
                append((start, end, label, source, score, best[5]))
                continue
            by_source = best
            if label not in labels:
                out.extend(by_source.values())
                continue
            if len(by_source) == 2:  # the next most common: two sources agree; as below, without sorting
                (source_a, a), (source_b, b) = by_source.items()
                if (-a[4], rank.get(source_a, unknown)) <= (-b[4], rank.get(source_b, unknown)):
                    best, other = a, source_b
                else:
                    best, other = b, source_a
                start, end = key[0], key[1]
                person = None
                if label == "PERSON":
                    person = (_NAME.fullmatch(text, start, end) is not None,
                              end in titles or end + 1 in titles)
                model = a if source_a == MODEL else b if source_b == MODEL else None
                pairs = ((source_a, a[4]), (source_b, b[4])) if source_a < source_b else \
                    ((source_b, b[4]), (source_a, a[4]))
                score = memo.get((label, pairs, model[5].rsplit(", ", 1)[-1] if model else "",
                                  _separated(text, start, end), person))
                if score is None:
                    score = self.score(text, key, by_source, titles)
                append((best[0], best[1], best[2], best[3], score, f"{best[5]} (also {other})"))
                continue
            best = min(by_source.values(), key=lambda c: (-c[4], rank.get(c[3], unknown)))
            score = self.score(text, key, by_source, titles)
            others = sorted(set(by_source) - {best[3]})
            detail = best[5] + (f" (also {', '.join(others)})" if others else "")
            append((best[0], best[1], best[2], best[3], score, detail))
        return out


_SOURCE_RANK = {name: i for i, name in enumerate(ENTITY_SOURCES)}


def _prepared_groups(text: str, candidates: Iterable[Candidate]) -> tuple[dict, set[int]]:
    """grouped(prepared(text, candidates)) with a span of one source as its candidate, not a dict of one (most spans
    have one), and the starts of the TITLE spans. Gated as gated() gates, the ZONE spans of a scheme reading dropped
    (scheme_read: a group of its own, so dropping it leaves the others' order), the joined places (joined_places: of
    the LOC candidates kept, which scheme_read never drops) added last."""
    groups: dict = {}
    get = groups.get
    locations: list[Candidate] = []
    titles: set[int] = set()
    schemes = None
    size = len(text)
    word_run = _WORD_RUN.match
    for c in candidates:
        label, end = c[2], c[1]
        # gated(): no word character after it (_WORD_RUN: \w is isalnum() or "_"), or not fused, or by design
        if not (label == "ZONE" or end >= size):
            ch = text[end]
            if ((ch.isalnum() or ch in "_&+")
                    and not (c[3] != MODEL and c[3] != "dictionary" and label in ("PERSON", "TITLE"))):
                found = _FUSED.get((text[end:word_run(text, end).end()], label == "FIELD"))  # fused(), known
                if found is None:
                    found = fused(text, c[0], end, label)
                if found:
                    continue
        key = c[:3]
        if get(key) is None:  # _group()'s first case, inline: most spans have one candidate
            groups[key] = c
        else:
            _group(groups, c)
        if label == "LOC":
            locations.append(c)
        elif label == "TITLE":
            titles.add(c[0])
        elif label == "POLICY" and c[5] in SCHEME_READINGS:
            if schemes is None:
                schemes = set()
            schemes.add((c[0], c[1]))
    if schemes:
        for start, end in schemes:
            groups.pop((start, end, "ZONE"), None)
    if len(locations) > 1:
        for c in joined_places(text, locations):
            _group(groups, c)
    return groups, titles


def _group(groups: dict, c: Candidate) -> None:
    """grouped()'s step for one candidate: a span's first candidate as it is, a second source's makes a dict by
    source; of one source the higher score (the first of equal ones)."""
    key = c[:3]
    old = groups.get(key)
    if old is None:
        groups[key] = c
    elif type(old) is tuple:
        if old[3] != c[3]:
            groups[key] = {old[3]: old, c[3]: c}
        elif c[4] > old[4]:
            groups[key] = c
    else:
        prev = old.get(c[3])
        if prev is None or c[4] > prev[4]:
            old[c[3]] = c


@functools.lru_cache(maxsize=1)
def shipped() -> Calibration | None:
    """The calibration shipped with the default scheme, or None when it is absent or unreadable."""
    from annotator.paths import resource_path

    try:
        return Calibration.load(resource_path("schemes", FILE_NAME))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def default_min_score() -> float:
    """The minimum score a reviewer starts with: the shipped calibration's (chosen on its tuning pages), else 0."""
    calibration = shipped()
    return calibration.default_min_score if calibration is not None else 0.0


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
