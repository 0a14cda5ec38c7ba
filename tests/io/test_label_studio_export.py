"""Label Studio JSON export: the documented task shape, UTF-16 offsets, predictions; import(export(x)) == x."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.model import NewDocument, NewRelation, NewSpan
from annotator.core.scheme import RelationLabel
from annotator.core.suggestions import NewSuggestion
from annotator.io.exporters import exporter
from annotator.io.importers import import_paths
from annotator.store import Project

REPO = Path(__file__).resolve().parents[2]
LABELS = ("ORG", "LOC", "PERSON", "ZONE")
RELATION = "mentioned_with"  # a type of no head/tail limits, as --add-labels makes it


def _project(path: Path, docs) -> Project:
    """A project holding docs: (text, [(start, end, label)], [(head, tail)], [(start, end, label, source, score)])."""
    project = Project.open(path, "kim")
    scheme = project.scheme()
    scheme.relations.append(RelationLabel(RELATION, RELATION))
    project.save_scheme(scheme)
    project.add_documents([NewDocument(text=text, ext_id=str(n), spans=[NewSpan(*s) for s in spans],
                                       relations=[NewRelation(h, t, RELATION) for h, t in relations],
                                       origin=f"test:{n}")
                           for n, (text, spans, relations, _) in enumerate(docs)])
    ids = {d.ext_id: d.id for d in project.iter_documents()}
    for n, (*_, suggestions) in enumerate(docs):
        project.write_suggestions({ids[str(n)]: [NewSuggestion(*s) for s in suggestions]}, sources="label_studio",
                                  family="label_studio")
    return project


def _content(project) -> dict:
    """Per text: its labels, relations (by their spans) and suggestions: what a round trip keeps."""
    out = {}
    for doc in project.iter_documents():
        spans = [s for s in project.spans(doc.id, all_layers=True) if s.layer != "suggestions"]
        key = {s.id: (s.start, s.end, s.label) for s in spans}
        out[doc.text] = (sorted(key.values()),
                         sorted((key[r.head_id], key[r.tail_id], r.label) for r in project.relations(doc.id, all_layers=True)),
                         sorted((s.start, s.end, s.label, s.source, s.score) for s in project.suggestions(doc.id)))
    return out


_CHARS = st.sampled_from(["가", "나", "다", "😀", "🚀", "𠀋", " ", "\n", "a", "é"])


@st.composite
def _documents(draw):
    docs = []
    for _ in range(draw(st.integers(1, 3))):
        text = "기사 " + "".join(draw(st.lists(_CHARS, min_size=2, max_size=30)))
        cuts = sorted(draw(st.sets(st.integers(0, len(text)), min_size=2, max_size=10)))
        pieces = [(a, b) for a, b in zip(cuts, cuts[1:]) if b > a]
        roles = [draw(st.sampled_from(["label", "suggestion", "none"])) for _ in pieces]
        spans = [(a, b, draw(st.sampled_from(LABELS))) for (a, b), r in zip(pieces, roles) if r == "label"]
        suggestions = [(a, b, draw(st.sampled_from(LABELS)), draw(st.sampled_from(["label_studio:m1", "label_studio:v2"])),
                        draw(st.sampled_from([0.0, 0.25, 0.731, 1.0]))) for (a, b), r in zip(pieces, roles)
                       if r == "suggestion"]
        relations = sorted(draw(st.sets(st.tuples(st.integers(0, len(spans) - 1), st.integers(0, len(spans) - 1))
                                        .filter(lambda p: p[0] != p[1]), max_size=3))) if len(spans) > 1 else []
        docs.append((text, spans, relations, suggestions))
    texts = [d[0] for d in docs]
    return [d for n, d in enumerate(docs) if d[0] not in texts[:n]]  # one document a text


@settings(max_examples=25, deadline=None, derandomize=True)
@given(_documents())
def test_property_import_of_the_export_is_the_project(docs):
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        with _project(folder / "x.db", docs) as x:
            exporter("label_studio").export(x, out=folder / "x.json", status="all", include_boilerplate=True)
            want = _content(x)
        with Project.open(folder / "y.db", "lee") as y:
            report = import_paths(y, [folder / "x.json"], add_labels=True)
            assert report.problems == [] and report.imported == len(docs)
            assert _content(y) == want


def test_the_task_shape_offsets_and_predictions(tmp_path):
    text = "😀 부산시 김철수 시장\n둘째 줄 𠀋 원주시"
    docs = [(text, [(2, 5, "LOC"), (6, 9, "PERSON")], [(1, 0)],
             [(text.index("원주시"), text.index("원주시") + 3, "LOC", "label_studio:ner-v2", 0.75),
              (text.index("시장"), text.index("시장") + 2, "ORG", "label_studio:ner-v2", 0.5)])]
    with _project(tmp_path / "x.db", docs) as x:
        # an engine's suggestion beside the file's: its own prediction, "annotator/<source>"
        (doc,) = list(x.iter_documents())
        x.write_suggestions({doc.id: [NewSuggestion(text.index("둘째"), text.index("둘째") + 2, "ORG", "dictionary",
                                                    0.4, "")]}, sources="dictionary")
        report = exporter("label_studio").export(x, out=tmp_path / "x.json", status="all", include_boilerplate=True)
    assert (report.documents, report.spans, report.relations, report.suggestions) == (1, 2, 1, 3)
    (task,) = json.loads((tmp_path / "x.json").read_text(encoding="utf-8"))
    assert task["data"]["text"] == text and set(task["data"]) <= {"text", "title", "url"}
    assert task["id"] == task["meta"]["doc_id"]
    (annotation,) = task["annotations"]
    assert annotation["was_cancelled"] is False and annotation["ground_truth"] is False
    regions = [r for r in annotation["result"] if r["type"] == "labels"]
    # UTF-16: the emoji before 부산시 counts two units
    assert [(r["value"]["start"], r["value"]["end"], r["value"]["text"], r["value"]["labels"]) for r in regions] == [
        (3, 6, "부산시", ["LOC"]), (7, 10, "김철수", ["PERSON"])]
    assert all(r["from_name"] == "label" and r["to_name"] == "text" for r in regions)
    (relation,) = [r for r in annotation["result"] if r["type"] == "relation"]
    assert (relation["from_id"], relation["to_id"], relation["labels"]) == (regions[1]["id"], regions[0]["id"], [RELATION])
    versions = {p["model_version"]: p for p in task["predictions"]}
    assert sorted(versions) == ["annotator/dictionary", "ner-v2"]
    assert versions["ner-v2"]["score"] == 0.5  # the lowest of its regions'
    far = [r["value"] for r in versions["ner-v2"]["result"] if r["value"]["text"] == "원주시"][0]
    assert (far["start"], far["end"], far["score"]) == (len(text[:text.index("원주시")].encode("utf-16-le")) // 2,
                                                        len(text[:text.index("원주시")].encode("utf-16-le")) // 2 + 3, 0.75)
    ids = [r["id"] for r in annotation["result"] if "id" in r] + [r["id"] for p in task["predictions"] for r in p["result"]]
    assert len(ids) == len(set(ids))


def test_the_cli_writes_it_and_the_format_table_lists_it(tmp_path):
    docs = [("부산시 규제자유특구 기사", [(0, 3, "LOC")], [], [(4, 10, "ZONE", "label_studio:m", 0.9)])]
    with _project(tmp_path / "x.db", docs):
        pass
    env = dict(os.environ, PYTHONPATH=str(REPO))
    out = subprocess.run([sys.executable, "-m", "annotator", "export", "label_studio", "--db", tmp_path / "x.db",
                          "--out", tmp_path / "x.json", "--status", "all"], capture_output=True, text=True, env=env,
                         cwd=REPO, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "exported 1 document, 1 entity and 0 relations (and 1 suggestion as predictions)" in out.stdout
    (task,) = json.loads((tmp_path / "x.json").read_text(encoding="utf-8"))
    assert task["predictions"][0]["result"][0]["value"]["text"] == "규제자유특구"
