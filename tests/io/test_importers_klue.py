"""KLUE-NER importer on the real excerpt (tests/fixtures/klue, CC BY-SA 4.0): one document per sentence."""

from __future__ import annotations

import re
from pathlib import Path

from annotator.io.importers import import_paths

KLUE = Path(__file__).resolve().parents[1] / "fixtures" / "klue" / "klue-ner-v1.1_dev.excerpt.tsv"
_INLINE = re.compile(r"<([^<>]+):([A-Z]{2})>")


def inline_gold() -> dict[str, tuple[str, list[tuple[int, int, str]]]]:
    """Sentence id -> (text, entities), read from the inline-tagged copy on each "## id<TAB>..." line,
    independently of the character-BIO columns the importer reads."""
    gold = {}
    for line in KLUE.read_text(encoding="utf-8").split("\n"):
        if not line.startswith("## klue-ner"):
            continue
        sid, tagged = line[3:].split("\t", 1)
        text, spans, pos = [], [], 0
        for m in _INLINE.finditer(tagged):
            text.append(tagged[pos:m.start()])
            start = sum(map(len, text))
            text.append(m.group(1))
            spans.append((start, start + len(m.group(1)), m.group(2)))
            pos = m.end()
        text.append(tagged[pos:])
        gold[sid] = ("".join(text), spans)
    return gold


def test_klue_excerpt_sentences_and_entities(project):
    report = import_paths(project, [KLUE])
    gold = inline_gold()
    assert len(gold) == 300
    assert report.problems == [] and report.imported == 300 and report.files_read == 1
    assert sorted(report.labels_added) == ["DT", "LC", "OG", "PS", "QT", "TI"]
    docs = list(project.iter_documents())
    assert [d.ext_id for d in docs] == list(gold)
    for doc in docs:
        text, spans = gold[doc.ext_id]
        assert doc.text == text
        assert [(s.start, s.end, s.label) for s in project.spans(doc.id)] == spans
    assert report.spans == sum(len(s) for _, s in gold.values())
    first = docs[0]
    assert first.source == "wikitree" and first.meta["dataset"] == "klue-ner"
    assert first.segmenter_version == "dataset"
    assert [(s.kind, s.reason) for s in project.segments(first.id)] == [("content", "sentence dataset")]


def test_klue_detected_by_content_and_bad_tags_reported(project, tmp_path):
    path = tmp_path / "mini.txt"  # no .tsv suffix: recognised by its content
    path.write_text(
        "## s-1\t<원주:LC>시\n원\tB-LC\n주\tI-LC\n시\tO\n\n"
        "## s-2\t오늘\n오\tX-LC\n늘\tO\n\n"
        "## s-3\t<김:PS>\n김\tI-PS\n",
        encoding="utf-8",
    )
    report = import_paths(project, [path])
    docs = list(project.iter_documents())
    assert [(d.ext_id, d.text) for d in docs] == [("s-1", "원주시"), ("s-2", "오늘"), ("s-3", "김")]
    assert [(s.start, s.end, s.label) for s in project.spans(docs[0].id)] == [(0, 2, "LC")]
    assert project.spans(docs[1].id) == []
    assert [(s.start, s.end, s.label) for s in project.spans(docs[2].id)] == [(0, 1, "PS")]  # I- opens an entity
    assert report.problems == [f"{path}:7: unknown tag 'X-LC' (expected O, B-X or I-X); character kept untagged"]
