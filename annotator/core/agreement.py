"""Inter-annotator agreement between layers (reviewers, an imported file, the model's suggestions).

Qt-free and store-free: callers hand in, per document, its text and the spans and relations of each layer that
finished it. Figures:

- span F1 between each pair of layers, exact (same start, end and label) and overlapping (same label, one-to-one
  matching by largest overlap), per label and overall; F1 is symmetric: 2·matched / (|A| + |B|);
- relation F1 (head span, tail span and type all equal);
- Krippendorff's alpha (nominal) over all layers and Cohen's kappa per pair, on the character level: every
  non-whitespace code point of a document is one unit whose value is the label of the span covering it, or "O".
  Characters because spans are stored as code-point offsets: the figure does not depend on a tokenizer (a Kiwi
  update cannot change it), and a boundary disagreement costs what it covers. Whitespace is left out: a separator
  is not a decision;
- per document, the disagreement (1 − mean pairwise exact F1), worst first, for the adjudicator.

Alpha comes from the `krippendorff` package. Its input is a units × values table, which for a large project
(tens of millions of characters) is too big; there the same coincidence matrix is summed per document instead
(`_alpha_from_coincidences`, checked equal to the package in the tests).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from itertools import combinations
from typing import Iterable

import numpy as np

OUTSIDE = "O"
# Above this many units, alpha is computed from the summed coincidence matrix rather than by the package.
LIBRARY_UNIT_LIMIT = 300_000

SpanKey = tuple[int, int, str]
RelationKey = tuple[SpanKey, SpanKey, str]


@dataclass(frozen=True)
class LayerAnnotations:
    spans: tuple[SpanKey, ...]
    relations: tuple[RelationKey, ...] = ()


@dataclass(frozen=True)
class DocumentAnnotations:
    doc_id: int
    text: str
    layers: dict[str, LayerAnnotations]
    title: str = ""


@dataclass
class PairCounts:
    """Matched and total counts of one pair of layers, overall and per label."""

    matched: Counter = field(default_factory=Counter)
    left: Counter = field(default_factory=Counter)
    right: Counter = field(default_factory=Counter)

    def add(self, label: str, matched: int, left: int, right: int) -> None:
        self.matched[label] += matched
        self.left[label] += left
        self.right[label] += right

    def f1(self, label: str | None = None) -> float | None:
        if label is None:
            m, a, b = sum(self.matched.values()), sum(self.left.values()), sum(self.right.values())
        else:
            m, a, b = self.matched[label], self.left[label], self.right[label]
        return None if a + b == 0 else 2 * m / (a + b)

    def to_dict(self) -> dict:
        labels = sorted(set(self.left) | set(self.right))
        return {
            "f1": _round(self.f1()),
            "matched": sum(self.matched.values()), "left": sum(self.left.values()), "right": sum(self.right.values()),
            "per_label": {lb: {"f1": _round(self.f1(lb)), "matched": self.matched[lb], "left": self.left[lb],
                               "right": self.right[lb]} for lb in labels},
        }


def exact_matches(a: Iterable[SpanKey], b: Iterable[SpanKey]) -> Counter:
    """Per label, how many spans the two sets share exactly."""
    shared = set(a) & set(b)
    return Counter(label for _, _, label in shared)


def overlap_matches(a: Iterable[SpanKey], b: Iterable[SpanKey]) -> Counter:
    """Per label, a one-to-one matching of same-label spans that overlap, largest overlap first (ties: in the
    order of a, then of b)."""
    b_by_label: dict[str, list[tuple[int, int, int]]] = {}
    for j, (s2, e2, l2) in enumerate(b):
        b_by_label.setdefault(l2, []).append((j, s2, e2))
    candidates = []
    for i, (s1, e1, l1) in enumerate(a):
        for j, s2, e2 in b_by_label.get(l1, ()):
            if s1 < e2 and s2 < e1:
                candidates.append((-(min(e1, e2) - max(s1, s2)), i, j, l1))
    candidates.sort()
    used_a, used_b, matched = set(), set(), Counter()
    for _, i, j, label in candidates:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            matched[label] += 1
    return matched


def _label_counts(spans: Iterable[SpanKey]) -> Counter:
    return Counter(label for _, _, label in spans)


# Per code point up to the last space (U+3000, the ideographic space): not str.isspace; above it, none is a space.
_IS_UNIT = np.array([not chr(cp).isspace() for cp in range(0x3001)] + [True], dtype=bool)


def unit_mask(text: str) -> np.ndarray:
    """True for the characters that are units (every non-whitespace code point, as str.isspace says)."""
    code_points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return _IS_UNIT[np.minimum(code_points, len(_IS_UNIT) - 1)]


def character_codes(text: str, spans: Iterable[SpanKey], label_index: dict[str, int],
                    mask: np.ndarray | None = None) -> np.ndarray:
    """The label code of every unit character (0 = outside every span)."""
    codes = np.zeros(len(text), dtype=np.int32)
    for start, end, label in spans:
        codes[max(0, start):end] = label_index[label]  # a slice stops at the end of the array by itself
    return codes[unit_mask(text) if mask is None else mask]


def _alpha_from_coincidences(coincidences: np.ndarray) -> float | None:
    """Krippendorff's nominal alpha from a values × values coincidence matrix (None when undefined)."""
    n_c = coincidences.sum(axis=1)
    n = n_c.sum()
    if n <= 1:
        return None
    observed = coincidences.sum() - np.trace(coincidences)
    expected = n_c.sum() ** 2 - (n_c ** 2).sum()
    if expected == 0:
        return None
    return float(1.0 - (n - 1) * observed / expected)


def _kappa(confusion: np.ndarray) -> float | None:
    """Cohen's kappa from a two-rater confusion matrix (None when chance agreement is total)."""
    total = confusion.sum()
    if total == 0:
        return None
    observed = np.trace(confusion) / total
    expected = float((confusion.sum(axis=1) * confusion.sum(axis=0)).sum()) / total ** 2
    if expected >= 1.0:
        return None
    return float((observed - expected) / (1.0 - expected))


@dataclass
class AgreementReport:
    layers: list[str]
    labels: list[str]
    documents: int
    units: int
    alpha: float | None
    alpha_per_label: dict[str, float | None]
    alpha_method: str
    pairs: dict[tuple[str, str], dict]
    per_document: list[dict]

    def to_dict(self) -> dict:
        return {
            "layers": self.layers, "labels": self.labels, "documents": self.documents,
            "unit": "non-whitespace character", "units": self.units,
            "krippendorff_alpha": _round(self.alpha),
            "krippendorff_alpha_per_label": {k: _round(v) for k, v in self.alpha_per_label.items()},
            "alpha_method": self.alpha_method,
            "pairs": [{"left": a, "right": b, **data} for (a, b), data in self.pairs.items()],
            "per_document": self.per_document,
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def compute_agreement(documents: Iterable[DocumentAnnotations], *, labels: Iterable[str] | None = None) -> AgreementReport:
    """Agreement over documents that at least two layers annotated (the others are passed over).

    `labels` limits every figure to those labels (spans of other labels are ignored, as if absent).
    """
    wanted = set(labels) if labels is not None else None
    docs = []
    for doc in documents:
        layers = {name: _filtered(layer, wanted) for name, layer in doc.layers.items()}
        if len(layers) >= 2:
            docs.append((doc, layers))
    layer_names = sorted({name for _, layers in docs for name in layers})
    label_names = sorted({lb for _, layers in docs for layer in layers.values() for _, _, lb in layer.spans})
    index = {label: i + 1 for i, label in enumerate(label_names)}
    values = len(label_names) + 1

    exact = {pair: PairCounts() for pair in combinations(layer_names, 2)}
    overlap = {pair: PairCounts() for pair in combinations(layer_names, 2)}
    relations = {pair: PairCounts() for pair in combinations(layer_names, 2)}
    confusion = {pair: np.zeros((values, values), dtype=np.int64) for pair in combinations(layer_names, 2)}
    coincidence = np.zeros((values, values), dtype=np.float64)
    library_rows: list[np.ndarray] = []
    units = 0
    per_document = []

    for doc, layers in docs:
        names = sorted(layers)
        mask = unit_mask(doc.text)
        codes = {name: character_codes(doc.text, layers[name].spans, index, mask) for name in names}
        units += len(next(iter(codes.values())))
        doc_f1 = []
        # Coincidences: each ordered pair of values within a unit, weighted 1 / (m_u - 1); the ordered pair (b, a)
        # is the transpose of (a, b).
        weight = 1.0 / (len(names) - 1)
        for a, b in combinations(names, 2):
            sa, sb = layers[a].spans, layers[b].spans
            ca, cb = _label_counts(sa), _label_counts(sb)
            m_exact, m_overlap = exact_matches(sa, sb), overlap_matches(sa, sb)
            for label in set(ca) | set(cb):
                exact[(a, b)].add(label, m_exact[label], ca[label], cb[label])
                overlap[(a, b)].add(label, m_overlap[label], ca[label], cb[label])
            ra, rb = set(layers[a].relations), set(layers[b].relations)
            shared = Counter(t for _, _, t in ra & rb)
            left, right = Counter(t for _, _, t in ra), Counter(t for _, _, t in rb)
            for rtype in set(left) | set(right):
                relations[(a, b)].add(rtype, shared[rtype], left[rtype], right[rtype])
            pair_matrix = np.bincount(codes[a] * values + codes[b], minlength=values * values).reshape(values, values)
            confusion[(a, b)] += pair_matrix
            coincidence += weight * (pair_matrix + pair_matrix.T)
            total = len(sa) + len(sb)
            doc_f1.append(1.0 if total == 0 else 2 * sum(m_exact.values()) / total)
        if units <= LIBRARY_UNIT_LIMIT:
            library_rows.append(_value_counts([codes[n] for n in names], values))
        disagreement = 1.0 - sum(doc_f1) / len(doc_f1)
        per_document.append({"doc_id": doc.doc_id, "title": doc.title, "layers": names,
                             "disagreement": round(disagreement, 4),
                             "spans": {n: len(layers[n].spans) for n in names}})

    per_document.sort(key=lambda d: (-d["disagreement"], d["doc_id"]))
    if units <= LIBRARY_UNIT_LIMIT and library_rows:
        alpha, method = _library_alpha(np.concatenate(library_rows)), "krippendorff package"
    else:
        alpha, method = _alpha_from_coincidences(coincidence), "coincidence matrix summed per document"
    pairs = {}
    for pair in combinations(layer_names, 2):
        if not any(pair[0] in layers and pair[1] in layers for _, layers in docs):
            continue
        labels_here = sorted(set(exact[pair].left) | set(exact[pair].right))
        pairs[pair] = {
            "exact": exact[pair].to_dict(), "overlap": overlap[pair].to_dict(), "relations": relations[pair].to_dict(),
            "cohen_kappa": _round(_kappa(confusion[pair])),
            "cohen_kappa_per_label": {lb: _round(_kappa(_binary(confusion[pair], index[lb]))) for lb in labels_here},
        }
    return AgreementReport(
        layers=layer_names, labels=label_names, documents=len(docs), units=units, alpha=alpha,
        # "label or not" is a function of the values, so its coincidences are the collapsed matrix.
        alpha_per_label={lb: _alpha_from_coincidences(_binary(coincidence, index[lb])) for lb in label_names},
        alpha_method=method, pairs=pairs, per_document=per_document,
    )


def _value_counts(code_rows: list[np.ndarray], values: int) -> np.ndarray:
    """Units × values: how many layers gave each unit each value (the package's `value_counts` input)."""
    n_units = len(code_rows[0])
    counts = np.zeros((n_units, values), dtype=np.int64)
    positions = np.arange(n_units)
    for row in code_rows:
        counts[positions, row] += 1  # one value per layer and unit, so no index repeats within a row
    return counts


def _library_alpha(value_counts: np.ndarray) -> float | None:
    import krippendorff

    if value_counts.shape[0] == 0 or np.count_nonzero(value_counts.sum(axis=0)) < 2:
        return None  # one value everywhere: alpha is undefined
    return float(krippendorff.alpha(value_counts=value_counts, level_of_measurement="nominal"))


def _binary(confusion: np.ndarray, i: int) -> np.ndarray:
    """Collapse a label confusion (or coincidence) matrix to "label i or not"."""
    inside_both = confusion[i, i]
    a_only = confusion[i, :].sum() - inside_both
    b_only = confusion[:, i].sum() - inside_both
    rest = confusion.sum() - inside_both - a_only - b_only
    return np.array([[rest, b_only], [a_only, inside_both]])


def _filtered(layer: LayerAnnotations, wanted: set[str] | None) -> LayerAnnotations:
    if wanted is None:
        return layer
    return LayerAnnotations(
        spans=tuple(s for s in layer.spans if s[2] in wanted),
        relations=tuple(r for r in layer.relations if r[0][2] in wanted and r[1][2] in wanted),
    )
