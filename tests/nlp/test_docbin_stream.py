"""The streaming DocBin writes the bytes spaCy's DocBin writes, holding each token array compressed."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.tokens import DocBin, Span

from annotator.nlp.docbin_stream import StreamingDocBin
from annotator.nlp.spacy_tokenizer import blank_korean

VOCAB = blank_korean().vocab
WORDS = st.lists(st.sampled_from(["중기부", "는", "규제자유특구", "를", "지정", "했다", "2024년", ".", "강원"]),
                 min_size=1, max_size=40)


def _doc(words, ents, n):
    from spacy.tokens import Doc

    doc = Doc(VOCAB, words=words)
    spans, end = [], 0
    for start, length, label in ents:
        if start >= end and start + length <= len(doc):
            spans.append(Span(doc, start, start + length, label=label))
            end = start + length
    doc.ents = spans
    doc.user_data["annotator_doc_id"] = n
    return doc


DOCS = st.lists(st.tuples(WORDS, st.lists(st.tuples(st.integers(0, 39), st.integers(1, 3),
                                                    st.sampled_from(["ORG", "ZONE", "DATE"])), max_size=5)),
                max_size=6)


@settings(max_examples=40, deadline=None)
@given(DOCS, st.booleans())
def test_the_file_is_byte_identical_to_spacys(tmp_path_factory, docs, user_data):
    plain, streamed = DocBin(store_user_data=user_data), StreamingDocBin(store_user_data=user_data)
    for n, (words, ents) in enumerate(docs):
        plain.add(_doc(words, ents, n))
        streamed.add(_doc(words, ents, n))
    assert streamed.to_bytes() == plain.to_bytes()
    path = tmp_path_factory.mktemp("bin") / "train.spacy"
    streamed.to_disk(path)
    back = list(DocBin().from_disk(path).get_docs(VOCAB))
    assert [[t.text for t in d] for d in back] == [words for words, _ in docs]
    assert [[(e.start, e.end, e.label_) for e in d.ents] for d in back] == \
        [[(e.start, e.end, e.label_) for e in d.ents] for d in plain.get_docs(VOCAB)]
    assert len(streamed) == len(docs)


def test_a_long_document_uses_the_wide_bin_header():
    words = ["규제자유특구", "를"] * 5000
    plain, streamed = DocBin(), StreamingDocBin()
    plain.add(_doc(words, [], 0))
    streamed.add(_doc(words, [], 0))
    assert streamed.to_bytes() == plain.to_bytes()
    assert [t.text for t in next(streamed.get_docs(VOCAB))] == words


@pytest.mark.parametrize("n", [0, 1])
def test_empty_and_single_bins(n):
    plain, streamed = DocBin(store_user_data=True), StreamingDocBin(store_user_data=True)
    for i in range(n):
        plain.add(_doc(["강원"], [(0, 1, "LOC")], i))
        streamed.add(_doc(["강원"], [(0, 1, "LOC")], i))
    assert streamed.to_bytes() == plain.to_bytes()
