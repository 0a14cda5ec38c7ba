"""The registered spaCy tokenizer: spacy.blank("ko", ...) without MeCab, exact text, save and load."""

from __future__ import annotations

import spacy

from annotator.core import korean
from annotator.nlp import TOKENIZER_NAME
from annotator.nlp.spacy_tokenizer import KoreanTokenizer, blank_korean
from tests.klue_fixture import read_klue

TEXT = "  중기부는 어제  발표했다.\n\n경찰은 😀 漢字 테스트했습니다\t끝 "


def test_blank_ko_with_the_registered_tokenizer():
    nlp = spacy.blank("ko", config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER_NAME}}})
    assert isinstance(nlp.tokenizer, KoreanTokenizer)
    doc = nlp(TEXT)
    assert doc.text == TEXT
    assert [t.text for t in doc] == [t.text for t in korean.tokenize(TEXT)]
    assert [t.whitespace_ for t in doc] == [t.ws for t in korean.tokenize(TEXT)]
    assert "중기부" in [t.text for t in doc] and "했" in [t.text for t in doc]


def test_klue_sentences_keep_their_text():
    nlp = blank_korean()
    for _sid, text, ents in read_klue()[:100]:
        doc = nlp(text)
        assert doc.text == text
        assert "".join(t.text_with_ws for t in doc) == text


def test_pipeline_with_the_tokenizer_saves_and_loads(tmp_path):
    nlp = blank_korean()
    nlp.add_pipe("sentencizer")
    nlp.to_disk(tmp_path / "pipe")
    loaded = spacy.load(tmp_path / "pipe")
    assert isinstance(loaded.tokenizer, KoreanTokenizer)
    assert loaded(TEXT).text == TEXT
    again = blank_korean().from_bytes(nlp.to_bytes())
    assert [t.text for t in again(TEXT)] == [t.text for t in nlp(TEXT)]


def test_pipe_yields_one_doc_per_text():
    nlp = blank_korean()
    docs = list(nlp.pipe(["경찰은", "중기부는 발표했다"]))
    assert [d.text for d in docs] == ["경찰은", "중기부는 발표했다"]
