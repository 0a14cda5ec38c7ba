"""Project entity strings as Kiwi user words: collected from the DB, in config.cfg, in training and spacy.load."""

from __future__ import annotations

import argparse
import json

import pytest
import spacy
from spacy.tokens import DocBin
from thinc.api import Config

from annotator.core import korean
from annotator.core.model import NewDocument, NewSpan
from annotator.nlp.spacy_export import export_spacy
from annotator.nlp.config import config_text, config_user_words, load_config
from annotator.nlp.spacy_tokenizer import KoreanTokenizer, blank_korean
from annotator.nlp.train import train_ner
from annotator.nlp.user_words import config_safe, entity_strings
from tests.klue_fixture import load_klue_project

WORD = "글로벌혁신특구"  # Kiwi splits it without a user word
TEXT = f"{WORD}는 강원도에 있다."


def _project_with_word(project, *, copies: int = 6) -> list[int]:
    project.ensure_entity_labels(["LC", "OG"])
    gangwon = TEXT.index("강원도")
    docs = [NewDocument(TEXT, spans=[NewSpan(0, len(WORD), "LC"), NewSpan(gangwon, gangwon + 3, "LC")])]
    docs += [NewDocument(f"경찰 {i}명이 {WORD}에 갔다.", spans=[NewSpan(0, 2, "OG")]) for i in range(copies - 1)]
    ids = project.add_documents(docs).imported
    for doc_id in ids:
        project.set_status(doc_id, "done")
    return ids


def _tokens(out) -> list[str]:
    vocab = blank_korean().vocab
    return [t.text for name in ("train.spacy", "dev.spacy") for doc in DocBin().from_disk(out / name).get_docs(vocab)
            for t in doc]


def test_entity_strings_are_distinct_normalised_and_per_document(project):
    project.ensure_entity_labels(["LC"])
    ids = project.add_documents([NewDocument("서울  특별시와 서울 그리고 X", spans=[
        NewSpan(0, 7, "LC"), NewSpan(9, 11, "LC"), NewSpan(16, 17, "LC")])]).imported
    # whitespace collapsed, the 1-character "X" dropped
    assert entity_strings(project) == {"서울 특별시", "서울"}
    project.add_span(ids[0], 12, 13, "LC")  # one character: never a user word
    doc = project.add_documents([NewDocument("부산에서", spans=[NewSpan(0, 2, "LC")])]).imported[0]
    assert entity_strings(project, [doc]) == {"부산"}
    assert entity_strings(project, []) == frozenset()
    assert entity_strings(project) == {"서울 특별시", "서울", "부산"}


def test_config_round_trips_awkward_words():
    words, skipped = config_safe(['a"b', "c\\d", "f%g", "h # i", "[j]", "k;l", "한국 은행", "$x", "${y}"])
    assert skipped == 2 and "$x" not in words
    config = Config().from_str(config_text(user_words=words))
    assert config["nlp"]["tokenizer"]["user_words"] == words
    assert load_config(user_words=words).interpolate()["nlp"]["tokenizer"]["user_words"] == words
    assert "user_words" not in Config().from_str(config_text())["nlp"]["tokenizer"]


def test_tokenizer_uses_its_own_words():
    assert WORD not in [t.text for t in blank_korean()(TEXT)]
    nlp = blank_korean([WORD])
    assert [t.text for t in nlp(TEXT)][:2] == [WORD, "는"]
    assert WORD not in [t.text for t in blank_korean()(TEXT)]  # another tokenizer, without words
    assert isinstance(nlp.tokenizer, KoreanTokenizer) and nlp.tokenizer.user_words == {WORD}
    assert nlp.tokenizer.analyser is not korean.default_analyser()


def test_export_writes_user_words_and_tokenises_with_them(project, tmp_path):
    _project_with_word(project)
    plain = export_spacy(project, out_dir=tmp_path / "plain")
    assert plain.user_words == 0 and config_user_words(tmp_path / "plain" / "config.cfg") == []
    report = export_spacy(project, out_dir=tmp_path / "words", user_words=True)
    assert report.user_words == 3
    assert config_user_words(tmp_path / "words" / "config.cfg") == sorted([WORD, "강원도", "경찰"])
    assert "user words added:       3" in report.format_text()
    assert _tokens(tmp_path / "words").count(WORD) == 6 and WORD not in _tokens(tmp_path / "plain")
    assert korean.default_analyser().user_words == frozenset()  # the shared analyser is untouched


def test_export_leaves_phrases_out_of_the_user_words(project, tmp_path):
    _project_with_word(project)
    doc = project.add_documents([NewDocument("부산시는 앞으로 지정했다", spans=[NewSpan(0, 6, "LC")])]).imported[0]
    project.set_status(doc, "done")
    report = export_spacy(project, out_dir=tmp_path / "words", user_words=True)
    assert config_user_words(tmp_path / "words" / "config.cfg") == sorted([WORD, "강원도", "경찰"])
    assert any("부산시는 앞" in note for note in report.notes)


def test_training_and_loading_use_the_same_user_words(project, tmp_path):
    _project_with_word(project)
    load_klue_project(project, limit=20)
    out = tmp_path / "model"
    result = train_ner(project, out_dir=out, max_steps=2, eval_frequency=1, user_words=True)
    assert result["export"]["user_words"] > 3
    nlp = spacy.load(out)
    assert WORD in nlp.tokenizer.user_words
    assert [t.text for t in nlp(TEXT)][:2] == [WORD, "는"]
    saved = Config().from_disk(out / "config.cfg", interpolate=False)
    assert saved["nlp"]["tokenizer"]["user_words"] == config_user_words(out / "config.cfg")
    assert len(saved["nlp"]["tokenizer"]["user_words"]) == result["export"]["user_words"]


def test_cli_flags(project, db_path, tmp_path, capsys):
    from annotator.commands import export_spacy as export_command
    from annotator.commands import train as train_command

    _project_with_word(project)
    parser = argparse.ArgumentParser()
    subparsers = parser.add_subparsers()
    export_command.register(subparsers)
    train_command.register(subparsers)
    args = parser.parse_args(["spacy", "--db", str(db_path), "--reviewer", "tester", "--out", str(tmp_path / "e"),
                              "--user-words", "--json"])
    assert args.func(args) == 0
    assert json.loads(capsys.readouterr().out)["user_words"] == 3
    args = parser.parse_args(["train", "--db", str(db_path), "--reviewer", "tester", "--out", str(tmp_path / "m"),
                              "--max-steps", "2", "--user-words"])
    assert args.func(args) == 0
    assert "user words: 3 entity strings" in capsys.readouterr().out
    assert spacy.load(tmp_path / "m").tokenizer.user_words == {WORD, "강원도", "경찰"}
