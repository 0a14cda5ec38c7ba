"""Calibration.apply's fast paths (fused() by one regex match for the rest of the word and memoised by it; a span of
one source scored without sorting its sources) give what the code they replaced gave (kept here verbatim), on the
engine's candidates over random pieces of the bundled sample pages."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings, strategies as st

from annotator.nlp.suggest.base import ENTITY_SOURCES, MODEL, Candidate
from annotator.nlp.suggest.calibration import _ENDING, _FIELD_RUN_ON, grouped, joined_places, scheme_read, shipped
from tests.nlp.suggest.test_fast_paths_on_page_pieces import TEXTS, suggester  # noqa: F401 (a fixture)

_WORD_LETTER = re.compile(r"[\w&+]")


def old_fused(text: str, start: int, end: int, label: str) -> bool:
    """True when the span is a piece of a longer word: the rest of its word is not an ending (_ENDING)."""
    rest_end = end
    n = len(text)
    while rest_end < n and _WORD_LETTER.match(text[rest_end]):
        rest_end += 1
    rest = text[end:rest_end]
    if not rest:
        return False
    if label == "FIELD" and rest.startswith(_FIELD_RUN_ON):
        return False
    return _ENDING.fullmatch(rest) is None


def old_gated(text, candidates):
    return [c for c in candidates
            if c[2] == "ZONE" or (c[3] != MODEL and c[3] != "dictionary" and c[2] in ("PERSON", "TITLE"))
            or not old_fused(text, c[0], c[1], c[2])]


def old_prepared(text, candidates):
    kept = scheme_read(old_gated(text, candidates))
    return kept + joined_places(text, kept)


def old_apply(self, text: str, candidates: list[Candidate]) -> list[Candidate]:
    groups = grouped(old_prepared(text, candidates))
    titles = {k[0] for k in groups if k[2] == "TITLE"}
    out: list[Candidate] = []
    rank = {name: i for i, name in enumerate(ENTITY_SOURCES)}
    for key, by_source in groups.items():
        if key[2] not in self.labels:
            out.extend(by_source.values())
            continue
        best = min(by_source.values(), key=lambda c: (-c[4], rank.get(c[3], len(rank))))
        score = self.score(text, key, by_source, titles)
        others = sorted(set(by_source) - {best[3]})
        detail = best[5] + (f" (also {', '.join(others)})" if others else "")
        out.append((best[0], best[1], best[2], best[3], score, detail))
    return out


def test_whole_sample_pages(suggester):
    calibration = shipped()
    assert calibration is not None
    for text in TEXTS:
        candidates = suggester.candidates(text, suggester.regions(text))
        assert calibration.apply(text, candidates) == old_apply(calibration, text, candidates)


_piece = st.tuples(st.integers(0, len(TEXTS) - 1), st.floats(0, 1), st.integers(1, 160),
                   st.sampled_from(["", " ", "\n", "는 ", "산업", "FIELD", "&", "기업"]))


def _text(pieces) -> str:
    """Pieces of the sample pages joined by the glue strings."""
    text = ""
    for which, at, length, glue in pieces:
        source = TEXTS[which]
        start = int(at * (len(source) - 1))
        text += source[start:start + length] + glue
    return text


_labels = st.sampled_from(["FIELD", "ORG", "LOC", "PERSON", "TITLE", "ZONE", "POLICY", "LOC", "ZONE"])


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_piece, min_size=1, max_size=6), st.lists(st.tuples(st.integers(0, 400), st.integers(1, 12), _labels,
                                                                     st.sampled_from(["dictionary", "patterns", MODEL]),
                                                                     st.floats(0.01, 0.99), st.booleans()),
                                                           max_size=12))
def test_property_apply_equals_the_old_apply(suggester, pieces, extra):
    text = _text(pieces)
    candidates = suggester.candidates(text, suggester.regions(text))
    # and candidates of every label and source anywhere (spans of several sources, the model's, FIELD run-ons)
    # (a scheme reading of a zone word: zone-scheme; places one space apart are joined)
    candidates += [(s, min(s + n, len(text)), label, source, round(score, 4),
                    "m, common" if source == MODEL else "zone-scheme" if scheme else "x")
                   for s, n, label, source, score, scheme in extra if s < len(text) and s < min(s + n, len(text))]
    calibration = shipped()
    assert calibration.apply(text, candidates) == old_apply(calibration, text, candidates)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(1, 4), st.sampled_from(["PERSON", "ORG", "TITLE", "LOC"]),
                          st.sampled_from(["dictionary", "patterns", MODEL, "other"]), st.sampled_from([0.3, 0.5, 0.9]),
                          st.sampled_from(["x", "m, common", "m, inside word"])), min_size=1, max_size=30))
def test_property_agreeing_sources_scored_as_before(spans):
    """Spans that two or three sources propose, with equal scores (the tie goes to the earlier source), an unknown
    source, the model's shapes, PERSON names before titles: the two-source path against the old apply, each from
    an empty memo; then the same again must find every one- and two-source span in the memo."""
    from annotator.nlp.suggest.calibration import Calibration

    text = "김철수 장관은 부산시 중기부와 강원도를 방문했다 홍길동 기자"
    candidates = [(s, min(s + n, len(text)), label, source, score, detail)
                  for s, n, label, source, score, detail in spans]
    fresh = shipped()
    new = Calibration(fresh.weights, fresh.labels, fresh.default_min_score)
    old = Calibration(fresh.weights, fresh.labels, fresh.default_min_score)
    assert new.apply(text, candidates) == old_apply(old, text, candidates)
    # the fast paths build score()'s own memo keys: again, every span's score is found without score()
    calls = []
    real = Calibration.score
    Calibration.score = lambda self, *args: calls.append(args) or real(self, *args)
    try:
        new.apply(text, candidates)
    finally:
        Calibration.score = real
    assert all(len(by_source) > 2 for _text, _key, by_source, _titles in calls)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 7), st.integers(1, 3), st.sampled_from(["LOC", "LOC", "ZONE", "POLICY", "ORG"]),
                          st.sampled_from(["dictionary", "patterns", MODEL]), st.sampled_from([0.3, 0.5, 0.9]),
                          st.sampled_from(["x", "zone-scheme", "m, common"])), min_size=1, max_size=14))
def test_property_joined_places_and_scheme_readings_as_before(spans):
    """Places one space apart (joined into one LOC reading), a zone word a pattern reads as the scheme, of one and
    of several sources: the one-pass grouping against the old apply."""
    from annotator.nlp.suggest.calibration import Calibration

    words = ["서울시", "마포구", "한국지방재정공제회관", "규제자유특구", "부산", "강동일반산업단지", "경주", "제도"]
    text = " ".join(words)
    starts = [sum(len(w) + 1 for w in words[:i]) for i in range(len(words))]
    candidates = [(starts[i], starts[min(i + n, len(words)) - 1] + len(words[min(i + n, len(words)) - 1]), label,
                   source, score, detail) for i, n, label, source, score, detail in spans]
    fresh = shipped()
    new = Calibration(fresh.weights, fresh.labels, fresh.default_min_score)
    old = Calibration(fresh.weights, fresh.labels, fresh.default_min_score)
    assert new.apply(text, candidates) == old_apply(old, text, candidates)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_piece, min_size=1, max_size=6))
def test_property_one_pass_groups_are_what_the_fit_script_groups(suggester, pieces):
    """apply's one-pass grouping and grouped(prepared()) (what scripts/calibrate_suggestions.py fits on) agree: the
    same spans in the same order, the same best candidate of each source, the same TITLE starts."""
    from annotator.nlp.suggest.calibration import _prepared_groups, prepared

    text = _text(pieces)
    candidates = suggester.candidates(text, suggester.regions(text))
    groups, titles = _prepared_groups(text, candidates)
    expected = grouped(prepared(text, candidates))
    assert list(groups) == list(expected)
    assert {k: (v if isinstance(v, dict) else {v[3]: v}) for k, v in groups.items()} == expected
    assert titles == {k[0] for k in expected if k[2] == "TITLE"}
