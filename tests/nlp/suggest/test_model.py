"""The shipped base model: package data with its licence, loaded lazily, proposing mapped labels."""

from __future__ import annotations

import json
import tomllib

import pytest

from annotator.nlp.suggest.model import BASE_MODEL_NAME, ModelError, ModelSource, base_model_dir
from tests.conftest import REPO


def test_base_model_is_package_data_with_its_licence():
    folder = base_model_dir()
    assert folder.is_relative_to(REPO / "annotator" / "resources")
    assert "Attribution-ShareAlike 4.0" in (folder / "LICENSE-KLUE.md").read_text(encoding="utf-8")
    assert "CC BY-SA 4.0" in (folder / "README.md").read_text(encoding="utf-8")
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    assert meta["name"] == BASE_MODEL_NAME and meta["license"] == "CC BY-SA 4.0"
    assert set(meta["annotator_heldout"]["per_label"]) == {"DATE", "LOC", "MONEY", "ORG", "PERSON", "QUANTITY"}
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    assert size < 8_000_000
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    globs = pyproject["tool"]["setuptools"]["package-data"]["annotator"]
    assert {"resources/models/*/*", "resources/models/*/*/*"} <= set(globs)
    assert "pyahocorasick>=2.0" in pyproject["project"]["dependencies"]


def test_loads_lazily_and_proposes_scheme_labels():
    source = ModelSource(labels={"ORG", "PERSON", "LOC", "DATE", "MONEY", "QUANTITY"})
    assert not source.loaded
    text = "오기웅 중소벤처기업부 차관은 13일 강원 원주를 방문했다."
    found = source.suggest(text)
    assert source.loaded
    assert found, "the base model proposes nothing on a plain news sentence"
    for s in found:
        assert s.source == "model" and 0 < s.score <= 1 and text[s.start:s.end].strip() == text[s.start:s.end]
    assert ("13일", "DATE") in {(text[s.start:s.end], s.label) for s in found}


def test_labels_outside_the_scheme_are_left_out():
    source = ModelSource(labels={"DATE"})
    assert {s.label for s in source.suggest("김철수 씨는 2024년 3월 서울시청을 찾았다.")} <= {"DATE"}


def test_a_folder_that_is_not_a_model_is_refused_with_its_name(tmp_path):
    with pytest.raises(ModelError, match=str(tmp_path)):
        ModelSource(tmp_path).suggest("텍스트")


def test_klue_tags_map_to_the_default_scheme():
    from annotator.nlp.suggest.klue_base import read_sentences, scheme_label, split
    from tests.conftest import FIXTURES

    assert scheme_label("QT", "120억 원") == "MONEY" and scheme_label("QT", "16명") == "QUANTITY"
    assert scheme_label("OG", "경찰") == "ORG" and scheme_label("TI", "오후 3시") is None
    path = FIXTURES / "klue" / "klue-ner-v1.1_dev.excerpt.tsv"
    sentences = read_sentences(path, path.read_text(encoding="utf-8").split("\n"))
    assert len(sentences) == 300
    labels = {label for s in sentences for _a, _b, label in s.spans}
    assert labels <= {"ORG", "PERSON", "LOC", "DATE", "MONEY", "QUANTITY"} and "QUANTITY" in labels
    train, dev, held = split(sentences)
    assert (len(train), len(dev), len(held)) == (216, 24, 60)
    assert split(sentences)[2] == held  # the same seed gives the same held-out part
    assert not {s.ext_id for s in held} & {s.ext_id for s in train + dev}


def test_calibration_on_labelled_documents_moves_scores_from_the_prior():
    source = ModelSource(labels={"DATE", "PERSON", "ORG", "LOC", "MONEY", "QUANTITY"})
    text = "김부겸 국무총리는 13일 서울에서 말했다."
    proposed = source.suggest(text)
    prior = {(s.label, s.detail.rsplit(", ", 1)[-1]): s.score for s in proposed}
    date = next(s.key for s in proposed if s.label == "DATE")
    # Documents where every DATE the model proposes is right and nothing else is labelled.
    scores = source.calibrate([(text, [(0, len(text))], [date])] * 10)
    assert set(scores) == set(prior)
    (date_key,) = [k for k in scores if k[0] == "DATE"]
    assert scores[date_key] > prior[date_key]
    assert all(scores[k] < prior[k] for k in scores if k[0] != "DATE")
    assert {s.label: s.score for s in source.suggest(text)}["DATE"] == round(scores[date_key], 4)


def test_shape_of_a_proposal():
    from annotator.nlp.suggest.model import shape_of

    text = "과기정통부는 서비스를"
    assert shape_of(text, 0, 5, ["NNP"]) == "word"
    assert shape_of(text, 2, 5, ["NNP"]) == "inside"  # 정통부 of 과기정통부
    assert shape_of(text, 7, 10, ["NNG"]) == "word/common"


def test_spans_starting_inside_a_word_or_of_common_nouns_score_lower():
    # From the base model's calibration on KLUE (calibration.json): such proposals are wrong more often.
    # (On policy news, calibration_news.json, the model's common-noun ORGs such as 지자체 are right more often.)
    source = ModelSource()
    source.load()
    source._news = {}
    for label in ("PERSON", "ORG", "LOC"):
        assert source.prior(label, "inside") < source.prior(label, "word")
        assert source.prior(label, "word/common") < source.prior(label, "word")
        assert 0 < source.prior(label, "inside/common") < 1


def test_the_base_model_scores_come_from_policy_news_pages_where_it_was_measured_there():
    import json

    from annotator.nlp.suggest.model import NEWS_CALIBRATION_FILE, base_model_dir, shrunk

    news = json.loads((base_model_dir() / NEWS_CALIBRATION_FILE).read_text(encoding="utf-8"))["per_label_shape"]
    source = ModelSource()
    cell = news["PERSON"]["word/common"]  # 서비스, 제시: common nouns taken for names
    assert cell["proposed"] >= 10 and source.prior("PERSON", "word/common") < 0.3
    source.load()
    klue_only = ModelSource()
    klue_only.load()
    klue_only._news = {}
    expected = shrunk(news["ORG"]["word"]["tp"], news["ORG"]["word"]["proposed"], klue_only.prior("ORG", "word"))
    assert source.prior("ORG", "word") == expected
