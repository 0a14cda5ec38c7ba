"""Export the sample project, import the file with the matching importer into a fresh project, and get
the same spans (offsets, label, covered text) and relations back: prodigy, doccano, conll and brat."""

from __future__ import annotations

import pytest

from annotator.core.model import LineSegment
from annotator.io.exporters import exporter
from annotator.io.exporters.common import iter_export_docs
from annotator.io.importers import import_paths
from annotator.store import Project
from tests.io.export_sample import EMOJI_TEXT, annotations, build_sample_project

FORMATS = {"prodigy": ("prodigy.jsonl", "jsonl"), "doccano": ("doccano.jsonl", "jsonl"),
           "conll": ("out.conll", "conll"), "brat": ("brat", "brat"), "webanno": ("webanno", "webanno")}


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    project = build_sample_project(tmp_path_factory.mktemp("sample") / "p.db")
    yield project
    project.close()


def expected_view(project, include_boilerplate):
    """What the export should hold: {text: (spans, relations)} as comparable values."""
    view = {}
    for item in iter_export_docs(project, status="done", include_boilerplate=include_boilerplate):
        by_id = {sp.id: (sp.start, sp.end, sp.label, item.text[sp.start:sp.end]) for sp in item.spans}
        rels = sorted((by_id[r.head_id], by_id[r.tail_id], r.label) for r in item.relations)
        view[item.text] = (sorted(by_id.values()), rels)
    return view


def imported_view(project):
    return {project.document(d).text: annotations(project, d) for d in project.document_ids()}


def round_trip(source, tmp_path, fmt, include_boilerplate):
    name, import_format = FORMATS[fmt]
    out = tmp_path / name
    report = exporter(fmt).export(source, out=out, include_boilerplate=include_boilerplate)
    assert not report.problems and not report.cancelled
    with Project.open(tmp_path / "fresh.db", "lee") as fresh:
        imported = import_paths(fresh, [out], format=import_format)
        assert not imported.problems, imported.problems
        assert imported.imported == report.documents
        return report, imported_view(fresh)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_whole_page_round_trip(sample, tmp_path, fmt):
    report, got = round_trip(sample, tmp_path, fmt, include_boilerplate=True)
    want = expected_view(sample, True)
    assert report.documents == 4 and report.spans == 191 and report.relations == 61
    assert set(got) == set(want)  # texts come back exactly (emoji and supplementary-plane Hanja included)
    for text, (spans, relations) in want.items():
        assert got[text][0] == spans
        assert got[text][1] == relations
    # The stored annotations are those of the source project, offsets unchanged.
    stored = {sample.document(d).text: annotations(sample, d) for d in sample.document_ids()}
    assert got == stored
    emoji = got[EMOJI_TEXT]
    assert ((5, 7, "LOC", "𠀀𠀁") in emoji[0]) and any(s[3] == "𠮷차관" for s in emoji[0])


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_content_only_round_trip(tmp_path, fmt):
    """Boilerplate lines are left out; the spans move with the text and none is lost."""
    project = build_sample_project(tmp_path / "src.db")
    try:
        for doc_id in project.document_ids():
            text = project.document(doc_id).text
            span_lines = {text.count("\n", 0, sp.start) + 1 for sp in project.spans(doc_id)}
            segments = []
            start = 0
            for no, line in enumerate(text.split("\n"), 1):
                kind = "blank" if not line.strip() else ("content" if no in span_lines or no == 1 else "boilerplate")
                segments.append(LineSegment(no, start, start + len(line), kind))
                start += len(line) + 1
            project.replace_segments(doc_id, segments, "test")
        want = expected_view(project, False)
        assert sum(len(s) for s, _ in want.values()) == 191
        assert all(len(text) < len(project.document(d).text) for text, d in zip(want, project.document_ids()))
        report, got = round_trip(project, tmp_path, fmt, include_boilerplate=False)
        assert report.spans == 191 and report.relations == 61
        assert got == want
    finally:
        project.close()
