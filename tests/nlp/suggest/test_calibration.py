"""The combined score of a proposed span: one per span and label, from the shipped logistic calibration."""

from annotator.core.scheme import default_scheme
from annotator.nlp.suggest.calibration import Calibration, feature_names, fit, grouped, shipped
from annotator.nlp.suggest.dictionary import EntityDictionary
from annotator.nlp.suggest.engine import Suggester

TEXT = "리포트를 만든 박영선 장관이 부산에서 말했다"
CANDIDATES = [
    (0, 3, "PERSON", "model", 0.12, "ko NER, word/common"),  # 리포트: a common noun the model calls a person
    (8, 11, "PERSON", "patterns", 0.95, "name-before-title"),
    (8, 11, "PERSON", "model", 0.43, "ko NER, word"),
    (12, 14, "TITLE", "patterns", 0.97, "title-after-name"),
    (16, 18, "LOC", "patterns", 0.9, "province"),
    (16, 18, "LOC", "dictionary", 0.8, "labelled LOC 4 of 5 times"),
    (16, 18, "LOC", "dictionary", 0.6, "a weaker reading of the same source"),
    (0, 3, "CUSTOM", "patterns", 0.5, "a label the calibration does not know"),
]


def test_the_shipped_calibration_knows_the_default_labels_and_a_default_min_score():
    calibration = shipped()
    assert calibration is not None
    assert calibration.labels == {e.name for e in default_scheme().entities}
    assert 0.0 < calibration.default_min_score < 1.0
    assert set(calibration.weights) == set(feature_names([e.name for e in default_scheme().entities]))


def test_one_candidate_per_span_and_label_with_the_other_sources_named():
    out = {c[:3]: c for c in shipped().apply(TEXT, CANDIDATES)}
    assert len(out) == 5
    loc = out[16, 18, "LOC"]
    assert loc[3] == "patterns" and loc[5] == "province (also dictionary)"
    assert 0.0 <= loc[4] <= 1.0
    assert out[0, 3, "CUSTOM"] == CANDIDATES[-1]  # unknown labels keep their source's score
    # Memoised scores are the features' probability.
    calibration = shipped()
    groups = grouped(CANDIDATES)
    titles = {k[0] for k in groups if k[2] == "TITLE"}
    for key in (k for k in groups if k[2] in calibration.labels):
        fresh = round(calibration.probability(calibration.span_features(TEXT, key, groups[key], titles)), 4)
        assert out[key][4] == fresh == calibration.score(TEXT, key, groups[key], titles)
    # A model-only common noun as PERSON falls far below a pattern's name before a title.
    assert out[0, 3, "PERSON"][4] < 0.2 < 0.9 < out[8, 11, "PERSON"][4]


def test_the_engine_scores_with_the_calibration_and_can_go_without():
    dictionary = EntityDictionary([("부산", "LOC")])
    text = "부산에서 14일 회의가 열렸다"
    kw = {"sources": ("dictionary", "patterns"), "dictionary": dictionary, "content_only": False}
    calibrated = Suggester(default_scheme(), **kw)
    plain = Suggester(default_scheme(), **kw, calibration=None)
    regions = calibrated.regions(text)
    candidates = calibrated.candidates(text, regions)
    expected = {c[:3]: c[4] for c in calibrated.calibration.apply(text, candidates)}
    got = calibrated.suggest(text).entities
    assert got and all(s.score == expected[s.key] for s in got)
    assert any(s.score != expected.get(s.key) for s in plain.suggest(text).entities)  # the sources' own scores
    # Above a minimum score, only what the calibration scores at least that high is kept.
    cut = sorted(expected.values())[len(expected) // 2]
    high = Suggester(default_scheme(), **kw, min_score=cut).suggest(text).entities
    assert high and all(s.score >= cut for s in high) and len(high) < len(got)


def test_fit_learns_which_feature_predicts_a_right_span():
    names = ["bias", "good", "bad"]
    rows = [({"bias": 1.0, "good": 1.0}, True)] * 40 + [({"bias": 1.0, "good": 1.0}, False)] * 4
    rows += [({"bias": 1.0, "bad": 1.0}, False)] * 40 + [({"bias": 1.0, "bad": 1.0}, True)] * 4
    model = Calibration(fit(rows, names, l2=0.1), frozenset())
    good, bad = model.probability({"bias": 1.0, "good": 1.0}), model.probability({"bias": 1.0, "bad": 1.0})
    assert abs(good - 40 / 44) < 0.03 and abs(bad - 4 / 44) < 0.03


def test_pieces_of_a_longer_word_are_gated_but_particles_and_designed_fusions_are_not():
    from annotator.nlp.suggest.calibration import fused, gated

    text = "한국철강 공장과 서울MBC에서 기자회견을 연 최성열기자는 강원도에서 지자체간 정밀의료산업을 특구계획에 담았다"
    assert fused(text, 0, 2, "LOC")  # 한국 of 한국철강
    assert fused(text, 9, 11, "LOC")  # 서울 of 서울MBC
    assert not fused(text, 5, 7, "LOC")  # 공장과: a particle
    assert not fused(text, 43, 47, "FIELD")  # 정밀의료산업: FIELD runs on into 산업
    assert not fused(text, 38, 41, "ORG")  # 지자체간
    candidates = [(0, 2, "LOC", "patterns", 0.9, ""), (17, 19, "TITLE", "dictionary", 0.9, ""),
                  (25, 28, "PERSON", "patterns", 0.9, "fused-byline-name"), (25, 28, "PERSON", "model", 0.4, ""),
                  (28, 30, "TITLE", "patterns", 0.9, "fused-byline-title"), (51, 53, "ZONE", "dictionary", 0.8, ""),
                  (32, 34, "LOC", "patterns", 0.9, "")]  # 강원 of 강원도
    kept = {(c[0], c[3]) for c in gated(text, candidates)}
    # 기자 of 기자회견 from the dictionary and the model's fused PERSON go; the byline patterns and 특구 stay.
    assert kept == {(25, "patterns"), (28, "patterns"), (51, "dictionary"), (32, "patterns")}  # 도 may be a particle


def test_places_one_space_apart_are_joined_into_one_reading():
    from annotator.nlp.suggest.calibration import joined_places

    text = "서울시 마포구 한국지방재정공제회관에서, 세종과 부산"
    candidates = [(0, 3, "LOC", "patterns", 0.9, ""), (4, 7, "LOC", "patterns", 0.8, ""),
                  (8, 18, "LOC", "model", 0.4, ""), (22, 24, "LOC", "patterns", 0.9, ""),
                  (26, 28, "LOC", "patterns", 0.9, "")]
    joined = joined_places(text, candidates)
    assert (0, 18, "LOC", "model", 0.4) in [c[:5] for c in joined]  # a piece of the model's alone: the model's
    assert (4, 18) in [c[:2] for c in joined] and (0, 7) not in [c[:2] for c in joined]  # the longest chain
    assert all(c[0] != 22 for c in joined)  # 세종과 부산: a particle between, not one place
    candidates[2] = (8, 18, "LOC", "patterns", 0.7, "venue")
    out = shipped().apply(text, candidates)
    kept = {s.key for s in Suggester(default_scheme(), sources=("patterns",)).propose(text, candidates)}
    assert (0, 18, "LOC") in kept and (0, 3, "LOC") not in kept
    assert any(c[:3] == (0, 18, "LOC") and "joined places" in c[5] for c in out)


def test_a_kind_of_zone_read_as_the_scheme_loses_its_zone_readings_on_that_span_only():
    from annotator.nlp.suggest.calibration import prepared

    text = "기회발전특구 지정 절차를 밟는 기회발전특구에"
    candidates = [(0, 6, "ZONE", "patterns", 0.87, "zone-kind"), (0, 6, "ZONE", "dictionary", 0.8, "labelled"),
                  (0, 6, "POLICY", "patterns", 0.8, "zone-scheme"), (17, 23, "ZONE", "patterns", 0.87, "zone-kind")]
    kept = prepared(text, candidates)
    assert [(c[0], c[2], c[5]) for c in kept] == [(0, "POLICY", "zone-scheme"), (17, "ZONE", "zone-kind")]
    # without a scheme reading nothing goes
    assert prepared(text, candidates[:2]) == candidates[:2]
