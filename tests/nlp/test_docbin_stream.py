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


# add_tokens: the rows of the export's gold Docs, written without the Doc ------------------------------------------
TEXT_PIECES = st.sampled_from(["중기부는", " ", "  ", "규제자유특구를", "\n", "지정했다.", "ABC", "Seoul", "2024년",
                               "강원", "\t", "(주)", "에서", "...", "UPPER lower"])
LABELS = st.sampled_from(["ORG", "ZONE", "DATE"])


def _gold_case(draw_text, raw_spans, raw_relations):
    from annotator.core.model import Relation, Span as DbSpan

    text = "".join(draw_text)
    spans = [DbSpan(i + 1, 1, start, start + length, label) for i, (start, length, label) in enumerate(raw_spans)]
    relations = [Relation(i + 1, 1, spans[h % len(spans)].id, spans[t % len(spans)].id, "REL")
                 for i, (h, t) in enumerate(raw_relations)] if spans else []
    return text, spans, relations


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.lists(TEXT_PIECES, max_size=14),
                          st.lists(st.tuples(st.integers(-2, 60), st.integers(0, 12), LABELS), max_size=6),
                          st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5)), max_size=3)), max_size=5),
       st.booleans())
def test_rows_written_from_tokens_equal_the_gold_docs_rows(cases, user_data):
    from annotator.nlp.gold import ALL_SPANS_KEY, GoldOutcome, _clean_spans, build_gold_doc, plan_gold

    plain, direct = DocBin(store_user_data=user_data), StreamingDocBin(store_user_data=user_data)
    for n, case in enumerate(cases):
        text, spans, relations = _gold_case(*case)
        doc, _outcome = build_gold_doc(VOCAB, text, spans, relations)
        doc.user_data["annotator_doc_id"] = n
        plain.add(doc)
        plan = plan_gold(text, spans, relations)
        direct.add_tokens(VOCAB, plan.tokens, plan.ents, {ALL_SPANS_KEY: plan.all_spans},
                          {"relations": plan.relations, "annotator_doc_id": n})
        # the plan's token ranges are what spaCy's own char_span finds on that Doc for the (trimmed) spans
        usable, overlapping = _clean_spans(text, spans, GoldOutcome())
        strict = [doc.char_span(start, end) for _sp, start, end in usable]
        assert [(e.start, e.end, e.start_char, e.end_char) for e in plan.ents] == \
            [(s.start, s.end, s.start_char, s.end_char) for s in strict if s is not None]
        expanded = [doc.char_span(start, end, alignment_mode="expand") for _sp, start, end in usable + overlapping]
        assert [(e.start, e.end, e.start_char, e.end_char) for e in plan.all_spans] == \
            [(s.start, s.end, s.start_char, s.end_char) for s in expanded]
    assert direct.to_bytes() == plain.to_bytes()


def test_add_tokens_refuses_other_attributes():
    from annotator.core.korean import Token

    with pytest.raises(ValueError):
        StreamingDocBin(attrs=["ORTH", "LEMMA"]).add_tokens(VOCAB, [Token(0, 2, "강원", "")])


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.lists(TEXT_PIECES, max_size=14),
                          st.lists(st.tuples(st.integers(-2, 60), st.integers(0, 12), LABELS), max_size=6),
                          st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5)), max_size=3)), max_size=6),
       st.integers(0, 6))
def test_bins_made_apart_pickled_and_merged_write_the_bytes_of_one(cases, cut):
    """The two-process export: a child's bin, pickled and merged after the parent's, renumbers its lexemes."""
    import pickle

    from annotator.nlp.gold import ALL_SPANS_KEY, plan_gold

    whole, first, second = (StreamingDocBin(store_user_data=True) for _ in range(3))
    for n, case in enumerate(cases):
        text, spans, relations = _gold_case(*case)
        plan = plan_gold(text, spans, relations)
        for target in (whole, first if n < cut else second):
            target.add_tokens(VOCAB, plan.tokens, plan.ents, {ALL_SPANS_KEY: plan.all_spans},
                              {"relations": plan.relations, "annotator_doc_id": n})
    first.merge(pickle.loads(pickle.dumps(second)))
    assert first.to_bytes() == whole.to_bytes()
    assert len(first) == len(cases)


SPACED = st.lists(st.sampled_from(["중기부", " ", "  ", "\n", "\t", "는", "ABC", " \n", "2024년", "."]), max_size=12)


class _GivenAnalyses:
    """An analyser answering with given analyses: any offsets (overlapping, at a space, past the line's end), so
    that token_columns is checked against korean.tokenize on what no tokenizer makes too."""

    def __init__(self, analyses):
        self.analyses = analyses

    def analyse_lines(self, lines):
        assert len(lines) == len(self.analyses)
        return self.analyses

    def tokenize(self, text):
        from annotator.core.korean import KoreanAnalyser

        return KoreanAnalyser.tokenize(self, text)


@settings(max_examples=200, deadline=None)
@given(SPACED, st.data())
def test_token_columns_are_korean_tokenize_without_the_tokens(pieces, data):
    from annotator.core import korean
    from annotator.nlp.gold import token_columns

    text = "".join(pieces)
    analyses = []
    for line in text.split("\n"):
        pairs = sorted(data.draw(st.lists(st.tuples(st.integers(0, len(line) + 1), st.integers(0, 3)), max_size=8)))
        analyses.append(korean.LineAnalysis.from_arrays([a for a, _ in pairs], [a + n for a, n in pairs],
                                                        [0] * len(pairs), [("NNG",)], ()))
    analyser = _GivenAnalyses(analyses)
    tokens = korean.tokenize(text, analyser=analyser)
    words, spaces = token_columns(text, analyser=analyser)
    assert words == [t.text for t in tokens]
    assert spaces.tolist() == [bool(t.ws) for t in tokens]


@settings(max_examples=40, deadline=None)
@given(st.lists(TEXT_PIECES, max_size=14))
def test_token_columns_with_kiwi(pieces):
    from annotator.core import korean
    from annotator.nlp.gold import token_columns

    text = "".join(pieces)
    tokens = korean.tokenize(text)
    words, spaces = token_columns(text)
    assert words == [t.text for t in tokens] and spaces.tolist() == [bool(t.ws) for t in tokens]
