"""Exports of odd projects come back whole: documents with awkward characters (tabs, NBSP, U+2028, zero-width
and combining marks, emoji, CR-free line ends, long lines) and spans anywhere a reviewer may put them (one
character, touching, at the text's ends), exported as doccano, Prodigy and brat and imported into a fresh
project, give the same texts, spans and relations; CSV and CoNLL exports finish and say what they changed."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.model import NewDocument
from annotator.io.exporters import exporter
from annotator.io.importers import import_paths
from annotator.store import Project
from tests.fuzz_oracle import FUZZ, HANGUL
from tests.io.export_sample import annotations

ODD = "\ufffd\t\u00a0\u2028\u2029\u200b\u0301\u3000\U0001F600\U00020000 ,.:;#=<>&\"'\\/"
EXACT = {"doccano": ("doccano.jsonl", "jsonl"), "prodigy": ("prodigy.jsonl", "jsonl"), "brat": ("brat", "brat")}
LABELS = ("PERSON", "ORG", "LOC", "ZONE")
RULES = {("PERSON", "ORG"): "belongs_to", ("ZONE", "LOC"): "located_in", ("ORG", "LOC"): "located_in"}

line = st.text(alphabet=HANGUL + ODD + "abc123", min_size=1, max_size=60)


@st.composite
def document(draw, n: int):
    lines = draw(st.lists(line, min_size=1, max_size=4))
    if draw(st.booleans()):
        lines.append("가" * draw(st.integers(300, 3000)))  # a long line
    text = f"{n}번 " + "\n".join(lines)
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), unique=True, max_size=8)))
    spans = []
    for start, end in zip(cuts[::2], cuts[1::2]):
        if text[start:end].strip() and text[start:end] == text[start:end].strip():
            spans.append((start, end, draw(st.sampled_from(LABELS))))
    return text, spans


@settings(FUZZ, max_examples=max(1, FUZZ.max_examples // 4))  # an example exports five formats: ~1 s
@given(st.lists(st.integers(), min_size=1, max_size=4).flatmap(
    lambda ns: st.tuples(*[document(i) for i in range(len(ns))])))
def test_odd_projects_export_and_come_back(tmp_path_factory, docs):
    root = tmp_path_factory.mktemp("roundtrip")
    with Project.open(root / "src.db", "kim") as source:
        ids = source.add_documents([NewDocument(text) for text, _ in docs]).imported
        assert len(ids) == len(docs)
        for doc_id, (text, spans) in zip(ids, docs):
            made = [source.add_span(doc_id, s, e, label) for s, e, label in spans]
            for head, tail in zip(made, made[1:]):
                if (head.label, tail.label) in RULES:
                    source.add_relation(head.id, tail.id, RULES[head.label, tail.label])
        want = {source.document(d).text: annotations(source, d) for d in ids}
        for fmt, (name, import_format) in EXACT.items():
            report = exporter(fmt).export(source, out=root / name, status="all")
            assert not report.problems and report.documents == len(docs), (fmt, report.problems)
            with Project.open(root / f"back-{fmt}.db", "lee") as back:
                imported = import_paths(back, [root / name], format=import_format)
                assert not imported.problems, (fmt, imported.problems)
                got = {back.document(d).text: annotations(back, d) for d in back.document_ids()}
            assert got == want, fmt
        for fmt, name in (("csv", "out.csv"), ("conll", "out.conll")):
            report = exporter(fmt).export(source, out=root / name, status="all")
            assert report.documents == len(docs) and not report.cancelled
