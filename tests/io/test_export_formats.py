"""Each exporter's file shape, scope (status, selected documents), problems and cancel."""

from __future__ import annotations

import csv
import json

import pytest

from annotator.core.model import NewDocument, NewSpan
from annotator.io.exporters import EXPORTERS, ExportReport, exporter
from annotator.store import Project
from tests.io.export_sample import build_sample_project


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    project = build_sample_project(tmp_path_factory.mktemp("sample") / "p.db")
    yield project
    project.close()


def test_registry_names_every_format():
    assert set(EXPORTERS) == {"prodigy", "doccano", "conll", "brat", "csv", "spacy", "label_studio", "webanno"}
    assert EXPORTERS["spacy"] == "annotator.nlp.spacy_export"
    with pytest.raises(ValueError, match="unknown export format"):
        exporter("xml")


def test_prodigy_tokens_cover_the_text_and_spans_sit_on_token_edges(sample, tmp_path):
    out = tmp_path / "p.jsonl"
    exporter("prodigy").export(sample, out=out)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 4
    for rec in records:
        toks = rec["tokens"]
        assert "".join(t["text"] + (" " if t["ws"] else "") for t in toks) == rec["text"]
        assert [t["id"] for t in toks] == list(range(len(toks)))
        for sp in rec["spans"]:
            assert toks[sp["token_start"]]["start"] == sp["start"]
            assert toks[sp["token_end"]]["end"] == sp["end"]
        for rel in rec["relations"]:
            assert rel["head"] == rel["head_span"]["token_end"] and rel["child"] == rel["child_span"]["token_end"]
        assert rec["meta"]["title"]
    assert sum(len(r["relations"]) for r in records) == 61


def test_entity_boundary_inside_a_token_splits_the_token(tmp_path):
    with Project.open(tmp_path / "p.db", "kim") as p:
        text = "원주시를 방문했다"
        (doc_id,) = p.add_documents([NewDocument(text, spans=[NewSpan(0, 2, "LOC")])]).imported  # "원주" of 원주시
        p.set_status(doc_id, "done")
        exporter("prodigy").export(p, out=tmp_path / "p.jsonl")
        rec = json.loads((tmp_path / "p.jsonl").read_text(encoding="utf-8"))
        assert [t["text"] for t in rec["tokens"]][:2] == ["원주", "시"]
        assert rec["spans"][0]["token_start"] == rec["spans"][0]["token_end"] == 0
        exporter("conll").export(p, out=tmp_path / "c.conll")
        rows = [ln for ln in (tmp_path / "c.conll").read_text(encoding="utf-8").splitlines() if "\t" in ln]
        assert rows[:2] == ["원주\tB-LOC", "시\tO"]


def test_doccano_shape_and_ids(sample, tmp_path):
    out = tmp_path / "d.jsonl"
    report = exporter("doccano").export(sample, out=out)
    assert isinstance(report, ExportReport) and report.documents == 4
    rec = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    ids = {e["id"] for e in rec["entities"]}
    assert set(rec["entities"][0]) == {"id", "start_offset", "end_offset", "label", "canonical_id"}
    assert all(r["from_id"] in ids and r["to_id"] in ids and r["type"] for r in rec["relations"])


def test_status_and_selected_documents_narrow_the_scope(tmp_path):
    project = build_sample_project(tmp_path / "p.db")
    try:
        first, second, *_ = project.document_ids()
        project.set_status(second, "in_progress")
        assert exporter("doccano").export(project, out=tmp_path / "a.jsonl").documents == 3
        assert exporter("doccano").export(project, out=tmp_path / "b.jsonl", status="all").documents == 4
        chosen = exporter("doccano").export(project, out=tmp_path / "c.jsonl", status="all", doc_ids=[second])
        assert chosen.documents == 1
        assert json.loads((tmp_path / "c.jsonl").read_text(encoding="utf-8"))["id"] == second
        # Selected but not done: nothing with status=done.
        assert exporter("doccano").export(project, out=tmp_path / "d.jsonl", doc_ids=[second]).documents == 0
    finally:
        project.close()


def test_csv_one_entity_per_row_and_formula_text_is_inert(tmp_path):
    with Project.open(tmp_path / "p.db", "kim") as p:
        text = '=HYPERLINK("http://x") 기관\n+중기부 발표'
        (doc_id,) = p.add_documents([NewDocument(text, title="@제목", spans=[
            NewSpan(0, 22, "ORG"), NewSpan(26, 30, "ORG")])]).imported
        p.set_status(doc_id, "done")
        report = exporter("csv").export(p, out=tmp_path / "e.csv")
    assert report.spans == 2
    raw = (tmp_path / "e.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: spreadsheet programs then read UTF-8
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert [r["text"] for r in rows] == ["'=HYPERLINK(\"http://x\")", "'+중기부"]
    assert rows[0]["label_display"] == "기관" and rows[0]["title"] == "'@제목"
    assert rows[1]["context"] == "'+중기부 발표"


def test_brat_writes_pairs_and_annotation_conf(sample, tmp_path):
    report = exporter("brat").export(sample, out=tmp_path / "brat")
    names = sorted(p.name for p in (tmp_path / "brat").iterdir())
    assert "annotation.conf" in names and "emoji-doc.txt" in names and "emoji-doc.ann" in names
    assert len([n for n in names if n.endswith(".ann")]) == report.documents == 4
    conf = (tmp_path / "brat" / "annotation.conf").read_text(encoding="utf-8")
    assert "designates\tArg1:ORG, Arg2:ZONE" in conf


@pytest.mark.parametrize("fmt,name", [("doccano", "x.jsonl"), ("conll", "x.conll"), ("brat", "x"), ("csv", "x.csv")])
def test_cancel_stops_and_leaves_no_partial_output(sample, tmp_path, fmt, name):
    calls = []
    report = exporter(fmt).export(sample, out=tmp_path / name, cancel=lambda: len(calls) > 1 or calls.append(1))
    assert report.cancelled
    assert list(tmp_path.iterdir()) == []


def test_progress_reaches_one(sample, tmp_path):
    seen = []
    exporter("doccano").export(sample, out=tmp_path / "x.jsonl", progress=lambda f, m: seen.append(f))
    assert seen[0] == 0.0 and seen[-1] == 1.0 and seen == sorted(seen)


def test_conll_reports_a_span_with_outer_whitespace(tmp_path):
    with Project.open(tmp_path / "p.db", "kim") as p:
        (doc_id,) = p.add_documents([NewDocument("강원 원주시", spans=[NewSpan(2, 6, "LOC")])]).imported
        p.set_status(doc_id, "done")
        report = exporter("conll").export(p, out=tmp_path / "c.conll")
    assert report.spans == 1 and "whitespace" in report.problems[0]


def test_chunked_reading_does_not_change_what_is_exported(tmp_path):
    """iter_export_docs reads documents in chunks; the chunk size must not change a thing."""
    from annotator.core.model import LineSegment
    from annotator.io.exporters.common import content_view, iter_export_docs

    project = build_sample_project(tmp_path / "p.db")
    try:
        first, second, *_ = project.document_ids()
        text = project.document(first).text
        lines = text.split("\n")
        segments, start = [], 0
        for no, line in enumerate(lines, 1):
            segments.append(LineSegment(no, start, start + len(line), "content" if no % 3 else "boilerplate"))
            start += len(line) + 1
        project.replace_segments(first, segments, "test")
        project.set_line_override(second, 1, "content")  # an override alone makes a content line
        for boilerplate in (False, True):
            want = list(iter_export_docs(project, status="all", include_boilerplate=boilerplate))
            got = list(iter_export_docs(project, status="all", include_boilerplate=boilerplate, chunk=2))
            assert [(g.doc.id, g.text, g.spans, g.relations, g.status) for g in got] == \
                   [(w.doc.id, w.text, w.spans, w.relations, w.status) for w in want]
            if not boilerplate:
                expected_text, _, expected_spans = content_view(text, project.segments(first), project.spans(first))
                assert (want[0].text, want[0].spans) == (expected_text, expected_spans)
                assert len(want[0].text) < len(text)
        assert len(want[0].text) == len(text)
    finally:
        project.close()


def test_exports_carry_the_canonical_entity_id(sample, tmp_path):
    project = sample
    import json as _json

    from annotator.io.exporters import exporter

    exporter("doccano").export(project, out=tmp_path / "d.jsonl", status="all")
    exporter("prodigy").export(project, out=tmp_path / "p.jsonl", status="all")
    exporter("brat").export(project, out=tmp_path / "brat", status="all")
    doccano = [_json.loads(line) for line in (tmp_path / "d.jsonl").read_text(encoding="utf-8").splitlines()]
    by_text = {rec["text"][e["start_offset"]:e["end_offset"]]: e["canonical_id"] for rec in doccano for e in rec["entities"]}
    assert by_text["중기부"] == by_text["중소벤처기업부"] == "ORG:중소벤처기업부"
    assert by_text["오"] == "PERSON:오기웅"
    prodigy = [_json.loads(line) for line in (tmp_path / "p.jsonl").read_text(encoding="utf-8").splitlines()]
    spans = {rec["text"][s["start"]:s["end"]]: s["canonical_id"] for rec in prodigy for s in rec["spans"]}
    assert spans["중기부"] == "ORG:중소벤처기업부"
    assert any(entry[2] == "ORG:중소벤처기업부" for rec in prodigy for entry in rec["meta"]["canonical_ids"])
    ann = "\n".join(p.read_text(encoding="utf-8") for p in (tmp_path / "brat").glob("*.ann"))
    assert "\tReference " in ann and "annotator:ORG:중소벤처기업부\t중소벤처기업부" in ann


def test_csv_context_is_the_line_cut_round_the_entity_when_long(tmp_path):
    """A page on one line: every row held all of it (10,000 entities of a 60k-character line, a 1.1 GB file)."""
    from annotator.io.exporters.csv import CONTEXT_CHARS, line_around

    words = " ".join(f"기관{i}" for i in range(3000))
    text = "짧은 첫 줄 중기부\n" + words + "\n끝"
    at = text.index("기관1500")
    assert line_around(text, 7, 10) == "짧은 첫 줄 중기부"  # a short line whole
    cut = line_around(text, at, at + 6)
    assert cut.startswith("…") and cut.endswith("…") and len(cut) == 2 * CONTEXT_CHARS + 6 + 2
    assert cut[1 + CONTEXT_CHARS:1 + CONTEXT_CHARS + 6] == "기관1500"
    first = text.index("기관0")
    assert line_around(text, first, first + 3) == words[:3 + CONTEXT_CHARS] + "…"  # no mark at the line's start
    with Project.open(tmp_path / "p.db", "kim") as p:
        starts = [i for i in range(len(text)) if text.startswith("기관", i) and (i == 0 or text[i - 1] in " \n")]
        (doc_id,) = p.add_documents([NewDocument(text, spans=[NewSpan(s, text.index(" ", s) if " " in text[s:s + 9]
                                                                       else text.index("\n", s), "ORG")
                                                               for s in starts])]).imported
        p.set_status(doc_id, "done")
        report = exporter("csv").export(p, out=tmp_path / "e.csv")
    assert report.spans == 3000
    rows = list(csv.DictReader((tmp_path / "e.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert max(len(r["context"]) for r in rows) <= 2 * CONTEXT_CHARS + 8 + 2
    assert all(r["text"] in r["context"] for r in rows)
