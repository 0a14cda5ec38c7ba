"""Agreement figures on hand-computed cases and against the krippendorff package."""

from __future__ import annotations

import numpy as np
import krippendorff
import pytest
from hypothesis import given, settings, strategies as st

from annotator.core import agreement as ag
from annotator.core.agreement import DocumentAnnotations, LayerAnnotations, compute_agreement


def doc(doc_id, text, **layers):
    return DocumentAnnotations(doc_id=doc_id, text=text, layers={
        name: LayerAnnotations(spans=tuple(spans), relations=tuple(rels))
        for name, (spans, rels) in ((n, v if isinstance(v, tuple) else (v, ())) for n, v in layers.items())})


def test_exact_and_overlap_f1_by_hand():
    text = "중기부는 충북을 규제자유특구로 지정했다"
    a = [(0, 3, "ORG"), (5, 7, "LOC"), (9, 15, "ZONE")]
    b = [(0, 3, "ORG"), (5, 8, "LOC"), (9, 15, "POLICY")]
    report = compute_agreement([doc(1, text, kim=a, lee=b)])
    pair = report.to_dict()["pairs"][0]
    # exact: only ORG matches -> 2*1/(3+3)
    assert pair["exact"]["f1"] == pytest.approx(1 / 3, abs=1e-4)
    # overlap: ORG and LOC (same label, overlapping) match; ZONE/POLICY differ in label
    assert pair["overlap"]["f1"] == pytest.approx(2 / 3, abs=1e-4)
    assert pair["exact"]["per_label"]["LOC"] == {"f1": 0.0, "matched": 0, "left": 1, "right": 1}
    assert pair["overlap"]["per_label"]["LOC"]["f1"] == 1.0
    assert pair["exact"]["per_label"]["ZONE"] == {"f1": 0.0, "matched": 0, "left": 1, "right": 0}


def test_overlap_matching_is_one_to_one():
    text = "가" * 20
    a = [(0, 10, "ORG")]
    b = [(0, 4, "ORG"), (5, 10, "ORG")]
    counts = ag.overlap_matches(a, b)
    assert counts["ORG"] == 1  # one span of A cannot match two of B


def test_kappa_by_hand():
    # Two raters, units: non-whitespace characters of "가나다라" (4 units).
    # A: 가나 ORG, 다라 O ; B: 가 ORG, 나다라 O.  po = 3/4; pA(ORG)=1/2, pB(ORG)=1/4 -> pe = 1/8 + 3/8 = 1/2
    report = compute_agreement([doc(1, "가나 다라", a=[(0, 2, "ORG")], b=[(0, 1, "ORG")])])
    pair = report.to_dict()["pairs"][0]
    assert pair["cohen_kappa"] == pytest.approx((0.75 - 0.5) / 0.5, abs=1e-4)
    assert report.units == 4  # the space is not a unit


def test_alpha_by_hand_and_by_the_package():
    # Same 4 units as above; Krippendorff's nominal alpha by hand from the coincidence matrix:
    # values ORG/O: o(ORG,ORG)=2, o(ORG,O)=o(O,ORG)=1, o(O,O)=4; n_ORG=3, n_O=5, n=8
    # alpha = 1 - (n-1) * (1+1) / (2*3*5) = 1 - 7*2/30
    report = compute_agreement([doc(1, "가나 다라", a=[(0, 2, "ORG")], b=[(0, 1, "ORG")])])
    assert report.alpha == pytest.approx(1 - 14 / 30, abs=1e-9)
    reliability = np.array([[1, 1, 0, 0], [1, 0, 0, 0]], dtype=float)
    assert report.alpha == pytest.approx(krippendorff.alpha(reliability_data=reliability,
                                                            level_of_measurement="nominal"))


def test_relations_f1():
    org, loc = (0, 3, "ORG"), (5, 7, "LOC")
    a = ([org, loc], [(org, loc, "located_in")])
    b = ([org, loc], [(org, loc, "located_in"), (loc, org, "belongs_to")])
    pair = compute_agreement([doc(1, "중기부는 충북을", a=a, b=b)]).to_dict()["pairs"][0]
    assert pair["relations"]["f1"] == pytest.approx(2 * 1 / 3, abs=1e-4)


def test_documents_with_one_layer_are_passed_over_and_worst_comes_first():
    same = [(0, 2, "ORG")]
    docs = [doc(1, "가나다", a=same, b=same), doc(2, "가나다", a=same, b=[(1, 3, "LOC")]), doc(3, "가나다", a=same)]
    report = compute_agreement(docs)
    assert report.documents == 2
    assert [d["doc_id"] for d in report.per_document] == [2, 1]
    assert report.per_document[0]["disagreement"] == 1.0


def test_label_filter():
    a = [(0, 2, "ORG"), (3, 5, "LOC")]
    b = [(0, 2, "ORG"), (3, 5, "ZONE")]
    report = compute_agreement([doc(1, "가나 다라마", a=a, b=b)], labels={"ORG"})
    assert report.labels == ["ORG"]
    assert report.to_dict()["pairs"][0]["exact"]["f1"] == 1.0


spans_strategy = st.lists(st.tuples(st.integers(0, 29), st.integers(1, 6), st.sampled_from(["ORG", "LOC", "DATE"])),
                          max_size=6)


def _non_overlapping(raw):
    taken, spans = set(), []
    for start, length, label in raw:
        end = min(30, start + length)
        if start < end and not taken & set(range(start, end)):
            taken |= set(range(start, end))
            spans.append((start, end, label))
    return spans


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(spans_strategy, min_size=2, max_size=3), min_size=1, max_size=4))
def test_summed_coincidences_equal_the_package(raw_docs):
    """The large-project path gives the package's alpha, documents with two or three layers mixed."""
    text = "가나다라마 바사아자차 카타파하가 나다라마바 사아자차카 타파하가나"[:30]
    docs = [doc(i, text, **{f"r{j}": _non_overlapping(spans) for j, spans in enumerate(layers)})
            for i, layers in enumerate(raw_docs)]
    report = compute_agreement(docs)
    values = len(report.labels) + 1
    index = {label: i + 1 for i, label in enumerate(report.labels)}
    coincidence = np.zeros((values, values))
    rows = []
    for d in docs:
        names = sorted(d.layers)
        codes = [ag.character_codes(d.text, d.layers[n].spans, index) for n in names]
        rows.append(ag._value_counts(codes, values))
        for a in range(len(names)):
            for b in range(len(names)):
                if a != b:
                    coincidence += np.bincount(codes[a] * values + codes[b], minlength=values ** 2).reshape(
                        values, values) / (len(names) - 1)
    ours = ag._alpha_from_coincidences(coincidence)
    theirs = ag._library_alpha(np.concatenate(rows))
    if theirs is None:
        assert ours is None or report.alpha is None
    else:
        assert ours == pytest.approx(theirs, abs=1e-9)
        assert report.alpha == pytest.approx(theirs, abs=1e-9)


def test_per_label_alpha_equals_the_package_on_binary_values():
    a = [(0, 2, "ORG"), (3, 5, "LOC")]
    b = [(0, 1, "ORG"), (3, 5, "ORG")]
    report = compute_agreement([doc(1, "가나 다라마바", a=a, b=b)])
    # units: 가 나 다 라 마 바 -> ORG-or-not per rater
    reliability = np.array([[1, 1, 0, 0, 0, 0], [1, 0, 1, 1, 0, 0]], dtype=float)
    assert report.alpha_per_label["ORG"] == pytest.approx(
        krippendorff.alpha(reliability_data=reliability, level_of_measurement="nominal"))


def _overlap_by_brute_force(a, b):
    """The matching as first written: every pair of spans, largest overlap first."""
    from collections import Counter

    candidates = sorted((-(min(e1, e2) - max(s1, s2)), i, j, l1) for i, (s1, e1, l1) in enumerate(a)
                        for j, (s2, e2, l2) in enumerate(b) if l1 == l2 and s1 < e2 and s2 < e1)
    used_a, used_b, matched = set(), set(), Counter()
    for _, i, j, label in candidates:
        if i not in used_a and j not in used_b:
            used_a.add(i), used_b.add(j)
            matched[label] += 1
    return matched


_spans = st.lists(st.tuples(st.integers(0, 30), st.integers(1, 8), st.sampled_from("AB")).map(
    lambda t: (t[0], t[0] + t[1], t[2])), max_size=8)


@settings(max_examples=200, deadline=None)
@given(a=_spans, b=_spans)
def test_overlap_matching_equals_the_brute_force(a, b):
    assert ag.overlap_matches(a, b) == _overlap_by_brute_force(a, b)


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)
       | st.text(alphabet=" \t\n\r\x0b\x0c\x1c\x85\xa0\u1680\u2000\u2028\u3000\u3001가a\U0001F600", max_size=40))
def test_units_are_the_characters_str_isspace_rejects(text):
    assert ag.unit_mask(text).tolist() == [not ch.isspace() for ch in text]
