"""spaCy DocBin export: entities equal DB spans, tokens split at gold boundaries, the report's counts."""

from __future__ import annotations

import argparse
import json

import pytest
from spacy.tokens import DocBin
from thinc.api import Config

from annotator.core import korean
from annotator.core.model import NewDocument, NewSpan, Relation, Span
from annotator.nlp.spacy_export import export_spacy, split_ids
from annotator.nlp.gold import ALL_SPANS_KEY, BLANK, OUTSIDE, OVERLAP, TRIMMED, build_gold_doc
from annotator.nlp.spacy_tokenizer import blank_korean
from tests.klue_fixture import load_klue_project, read_klue


def load_docs(out):
    vocab = blank_korean().vocab
    docs = []
    for name in ("train.spacy", "dev.spacy"):
        docs.extend(DocBin().from_disk(out / name).get_docs(vocab))
    return docs


def test_klue_docbin_entities_equal_db_spans(project, tmp_path):
    ids = load_klue_project(project)
    out = tmp_path / "spacy"
    report = export_spacy(project, out_dir=out)
    docs = load_docs(out)
    assert len(docs) == len(ids) == report.documents == 300
    assert report.train_documents == 240 and report.dev_documents == 60
    by_id = {d.user_data["annotator_doc_id"]: d for d in docs}
    assert set(by_id) == set(ids)
    expected_split = 0
    for doc_id in ids:
        text = project.document(doc_id).text
        doc = by_id[doc_id]
        assert doc.text == text
        db = [(s.start, s.end, s.label) for s in project.spans(doc_id)]
        assert [(e.start_char, e.end_char, e.label_) for e in doc.ents] == db
        bounds = korean.token_boundaries(text)
        expected_split += sum(not (s in bounds and e in bounds) for s, e, _ in db)
    total = sum(len(ents) for _sid, _text, ents in read_klue())
    assert report.entities_total == report.entities_exported == total
    assert report.entities_not_placed == 0 and report.not_placed == {}
    assert report.entities_split == expected_split > 0
    assert sum(report.labels.values()) == total
    assert (out / "config.cfg").is_file() and (out / "korean_tokenizer.py").is_file()


def test_config_uses_the_korean_tokenizer_and_path_variables(project, tmp_path):
    load_klue_project(project, limit=3)
    export_spacy(project, out_dir=tmp_path)
    config = Config().from_disk(tmp_path / "config.cfg", interpolate=False)
    assert config["nlp"]["lang"] == "ko"
    assert config["nlp"]["tokenizer"] == {"@tokenizers": "annotator.KoreanTokenizer.v1"}
    assert config["corpora"]["train"]["path"] == "${paths.train}"
    assert config["paths"]["train"] is None and config["paths"]["dev"] is None
    assert "annotator.nlp.spacy_tokenizer" in (tmp_path / "korean_tokenizer.py").read_text(encoding="utf-8")


def test_gold_boundary_inside_a_token_splits_the_token():
    text = "경찰은 오기웅차관을 만났다"
    assert 1 not in korean.token_boundaries(text)
    spans = [Span(1, 1, 0, 1, "PS"), Span(2, 1, 4, 7, "PS")]
    doc, outcome = build_gold_doc(blank_korean().vocab, text, spans)
    assert doc.text == text
    assert [(e.text, e.label_) for e in doc.ents] == [("경", "PS"), ("오기웅", "PS")]
    assert [t.text for t in doc][:2] == ["경", "찰"]
    assert outcome.split == 1 + (4 not in korean.token_boundaries(text) or 7 not in korean.token_boundaries(text))
    assert outcome.exported == 2 and outcome.not_placed == []


def test_unplaceable_spans_are_reported_with_reason_and_example():
    text = "경찰은 서울에서  만났다"
    spans = [
        Span(1, 1, 0, 2, "OG"),
        Span(2, 1, 1, 3, "OG"),  # overlaps the first
        Span(3, 1, 8, 10, "LC"),  # two spaces
        Span(4, 1, 3, 6, "LC"),  # " 서울": leading space trimmed
        Span(5, 1, 10, 99, "LC"),  # outside the text
    ]
    doc, outcome = build_gold_doc(blank_korean().vocab, text, spans)
    assert [(e.text, e.label_) for e in doc.ents] == [("경찰", "OG"), ("서울", "LC")]
    reasons = sorted(reason for reason, _example in outcome.not_placed)
    assert reasons == sorted([OVERLAP, BLANK, OUTSIDE])
    assert all(example for _reason, example in outcome.not_placed)
    assert [r for r, _ in outcome.adjusted] == [TRIMMED]
    assert len(doc.spans[ALL_SPANS_KEY]) == 3  # overlapping spans kept for the record


def test_relations_in_prodigy_shape():
    text = "오기웅 차관은 중기부 소속이다"
    spans = [Span(10, 1, 0, 3, "PERSON"), Span(11, 1, 4, 6, "TITLE"), Span(12, 1, 8, 11, "ORG")]
    relations = [Relation(1, 1, 10, 12, "belongs_to"), Relation(2, 1, 10, 99, "holds_title")]
    doc, outcome = build_gold_doc(blank_korean().vocab, text, spans, relations)
    rels = doc.user_data["relations"]
    assert len(rels) == 1 and outcome.relations_exported == 1 and len(outcome.relations_not_placed) == 1
    rel = rels[0]
    head, child = doc.ents[0], doc.ents[2]
    assert rel["label"] == "belongs_to"
    assert rel["head"] == head.end - 1 and rel["child"] == child.end - 1
    assert rel["head_span"] == {"start": 0, "end": 3, "token_start": head.start, "token_end": head.end - 1,
                                "label": "PERSON"}
    assert rel["child_span"]["start"] == 8 and rel["child_span"]["label"] == "ORG"


def test_relations_survive_the_docbin(project, tmp_path):
    result = project.add_documents([NewDocument(text="오기웅 차관은 중기부 소속이다", spans=[
        NewSpan(0, 3, "PERSON"), NewSpan(8, 11, "ORG")])])
    doc_id = result.imported[0]
    a, b = project.spans(doc_id)
    project.add_relation(a.id, b.id, "belongs_to")
    project.set_status(doc_id, "done")
    report = export_spacy(project, out_dir=tmp_path)
    assert report.relations_exported == report.relations_total == 1
    assert report.dev_documents == 1 and report.notes  # one document serves as train and dev
    (doc,) = DocBin().from_disk(tmp_path / "train.spacy").get_docs(blank_korean().vocab)
    assert doc.user_data["relations"][0]["label"] == "belongs_to"


def test_status_filter_and_seeded_split(project, tmp_path):
    ids = load_klue_project(project, limit=10, done=False)
    for doc_id in ids[:4]:
        project.set_status(doc_id, "done")
    assert export_spacy(project, out_dir=tmp_path / "done").documents == 4
    assert export_spacy(project, out_dir=tmp_path / "all", status="all").documents == 10
    assert split_ids(ids, 0.8, 1) == split_ids(ids, 0.8, 1)
    train, dev = split_ids(ids, 0.8, 1)
    assert len(train) == 8 and len(dev) == 2 and not train & dev
    with pytest.raises(ValueError):
        split_ids(ids, 0.0, 1)


def test_cancel_writes_nothing(project, tmp_path):
    load_klue_project(project, limit=5)
    report = export_spacy(project, out_dir=tmp_path / "out", cancel=lambda: True)
    assert report.cancelled and not (tmp_path / "out").exists()


def test_cli_prints_the_report_as_json(project, db_path, tmp_path, capsys):
    from annotator.commands import export_spacy as command

    load_klue_project(project, limit=20)
    parser = argparse.ArgumentParser()
    command.register(parser.add_subparsers())
    args = parser.parse_args(["spacy", "--db", str(db_path), "--reviewer", "tester", "--out", str(tmp_path / "o"),
                              "--split", "0.5", "--seed", "3", "--json"])
    assert args.func(args) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["documents"] == 20 and data["train_documents"] == 10
    assert data["entities_exported"] == data["entities_total"] > 0
    args = parser.parse_args(["spacy", "--db", str(db_path), "--reviewer", "nobody", "--out", str(tmp_path / "p")])
    assert args.func(args) == 1  # nobody has done documents: refused, nothing written
    assert "nothing to export: no document is marked done by nobody" in capsys.readouterr().err
    assert not (tmp_path / "p").exists()


def test_common_exporter_interface(project, tmp_path):
    from annotator.io.exporters import exporter

    ids = load_klue_project(project, limit=12)
    report = exporter("spacy").export(project, out=tmp_path / "o", doc_ids=ids[:5])
    assert report.format == "spacy" and report.documents == 5
    assert report.spans == sum(len(project.spans(i)) for i in ids[:5])
    assert (tmp_path / "o" / "train.spacy").is_file()
    # by keyword: its problems were passed where the suggestions go, and `cancelled` where the problems go
    assert report.suggestions == 0 and report.problems == [] and report.cancelled is False
    cancelled = exporter("spacy").export(project, out=tmp_path / "c", doc_ids=ids[:5], cancel=lambda: True)
    assert cancelled.cancelled is True and isinstance(cancelled.problems, list)
