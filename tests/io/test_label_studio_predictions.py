"""Label Studio predictions become suggestions (never labels): source, score, UTF-16 offsets, re-imports, the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.suggestions import NewSuggestion
from annotator.io.importers import import_paths, label_studio
from annotator.io.importers.base import ImportProblem

REPO = Path(__file__).resolve().parents[2]
TEXT = "🚀 부산시 중소벤처기업부가 😀 김철수 부산시장과 특구를 지정했다.\r\n끝."


def _u16(text: str, start: int, end: int) -> tuple[int, int]:
    """Code points -> Label Studio's UTF-16 offsets."""
    return len(text[:start].encode("utf-16-le")) // 2, len(text[:end].encode("utf-16-le")) // 2


def _region(rid, text, part, label, score=None, nth=0):
    start = text.index(part)
    for _ in range(nth):
        start = text.index(part, start + 1)
    s16, e16 = _u16(text, start, start + len(part))
    value = {"start": s16, "end": e16, "text": part, "labels": [label]}
    if score is not None:
        value["score"] = score
    return {"id": rid, "from_name": "label", "to_name": "text", "type": "labels", "value": value}


def _tasks():
    return [
        {"id": 1, "data": {"text": TEXT},
         "annotations": [{"completed_by": 1, "result": [_region("a1", TEXT, "특구", "ZONE")]}],
         "predictions": [
             {"model_version": "ner-v2", "score": 0.8, "result": [
                 _region("p1", TEXT, "중소벤처기업부", "ORG", 0.93),
                 _region("p2", TEXT, "김철수", "PERSON"),  # no region score: the prediction's 0.8
                 _region("p3", TEXT, "부산시장", "TITLE", 1.7),  # clamped to 1
                 _region("p4", TEXT, "특구", "ZONE", 0.99),  # under the annotation's label: left out
                 _region("p5", TEXT, "부산시", "NOPE", 0.5),  # not in the scheme: reported
                 {"id": "r1", "type": "relation", "from_id": "p2", "to_id": "p3", "labels": ["holds"]}]},
             {"model_version": "crf", "result": [  # no score at all: MISSING_SCORE
                 _region("q1", TEXT, "부산시", "LOC", nth=0),
                 _region("q2", TEXT, "김철수 부산시장", "PERSON", 0.3)]}]},  # overlaps better ones: the layer is flat
        {"id": 2, "data": {"text": "세종시 자율주행 특구."},
         "predictions": [{"result": [_region("s1", "세종시 자율주행 특구.", "세종시", "LOC", 0.6),
                                     {"id": "bad", "type": "labels",
                                      "value": {"start": 0, "end": 2, "text": "엉뚱", "labels": ["LOC"]}}]}]},
    ]


def _write(path: Path, tasks) -> Path:
    path.write_text(json.dumps(tasks, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def _pending(project):
    out = {}
    for doc in project.iter_documents():
        out[doc.ext_id] = sorted((doc.text[s.start:s.end], s.label, s.source, s.score, s.detail)
                                 for s in project.suggestions(doc.id))
    return out


EXPECTED = {
    "1": sorted([("중소벤처기업부", "ORG", "label_studio:ner-v2", 0.93, "p1"),
                 ("김철수", "PERSON", "label_studio:ner-v2", 0.8, "p2"),
                 ("부산시장", "TITLE", "label_studio:ner-v2", 1.0, "p3"),
                 ("부산시", "LOC", "label_studio:crf", label_studio.MISSING_SCORE, "q1")]),
    "2": [("세종시", "LOC", "label_studio:prediction", 0.6, "s1")],
}


def test_predictions_are_suggestions_with_their_source_and_score(project, tmp_path):
    path = _write(tmp_path / "ls.json", _tasks())
    report = import_paths(project, [path])
    assert report.imported == 2 and report.suggestions == 5
    assert _pending(project) == EXPECTED
    # never labels: the import layer holds the annotation only
    (doc,) = [d for d in project.iter_documents() if d.ext_id == "1"]
    labels = [(doc.text[s.start:s.end], s.label) for s in project.spans(doc.id, all_layers=True)
              if s.layer != "suggestions"]
    assert labels == [("특구", "ZONE")] and "\r" not in doc.text
    problems = "\n".join(report.problems)
    assert "1 predicted relation(s) of types the scheme lacks, or does not allow between their ends' labels" \
           " ('holds'), not stored" in problems
    assert "1 prediction score(s) outside [0, 1] clamped to it" in problems
    assert "1 prediction(s) with labels not in the scheme ('NOPE') not stored as suggestions" in problems
    # q2 overlaps p2 and p3 (higher scores): left out, and said so for its task
    assert sum("prediction(s) overlapping a higher-scored one not stored" in p for p in report.problems) == 1
    assert f"{path}:2: 1 prediction(s) overlapping a higher-scored one not stored as suggestions" in problems
    assert "prediction 1: result 2: offsets 0-2 do not hold its text '엉뚱'; span skipped" in problems
    assert all(f"{path}:" in p for p in report.problems)  # FILE:LINE of the task


def test_a_reimport_keeps_decisions_and_the_engines_suggestions(project, tmp_path):
    path = _write(tmp_path / "ls.json", _tasks())
    import_paths(project, [path])
    (doc,) = [d for d in project.iter_documents() if d.ext_id == "1"]
    by_text = {doc.text[s.start:s.end]: s for s in project.suggestions(doc.id)}
    project.reject_suggestions([by_text["김철수"].id])
    project.accept_suggestions([by_text["중소벤처기업부"].id])
    # an engine run on the document: it keeps the imported predictions beside its own
    end = doc.text.index("끝")
    engine = project.write_suggestions({doc.id: [NewSuggestion(end, end + 1, "ORG", "dictionary", 0.4, "")]},
                                       sources="dictionary")
    assert engine.written == 1 and engine.replaced == 0
    kept_ids = {s.id for s in project.suggestions(doc.id)}
    again = import_paths(project, [path])
    assert again.imported == 0 and len(again.duplicates) == 2
    pending = {(doc.text[s.start:s.end], s.source) for s in project.suggestions(doc.id)}
    assert ("김철수", "label_studio:ner-v2") not in pending  # rejected stays rejected
    assert ("중소벤처기업부", "label_studio:ner-v2") not in pending  # accepted: under the reviewer's entity
    assert ("끝", "dictionary") in pending and ("부산시장", "label_studio:ner-v2") in pending
    assert {s.id for s in project.suggestions(doc.id)} == kept_ids  # proposed again exactly: the same rows
    assert [doc.text[s.start:s.end] for s in project.spans(doc.id) if s.layer == project.layer_name] == ["중소벤처기업부"]
    # a new model version in the file replaces that file's predictions, not the engine's
    tasks = _tasks()
    tasks[0]["predictions"] = [{"model_version": "ner-v3", "result": [_region("n1", TEXT, "부산시장", "TITLE", 0.7)]}]
    again = import_paths(project, [_write(path, tasks)])
    assert sorted((doc.text[s.start:s.end], s.source, s.score) for s in project.suggestions(doc.id)) == [
        ("끝", "dictionary", 0.4), ("부산시장", "label_studio:ner-v3", 0.7)]
    # and an engine run over it leaves the file's predictions alone
    project.write_suggestions({doc.id: []}, sources="dictionary,patterns,model")
    assert [(s.source, s.score) for s in project.suggestions(doc.id)] == [("label_studio:ner-v3", 0.7)]


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(["가", "나", "😀", "𠀋", " ", "a", "\n", "é"]), min_size=2, max_size=40),
       st.lists(st.tuples(st.integers(0, 40), st.integers(1, 6),
                          st.one_of(st.none(), st.floats(-1, 2, allow_nan=False))), max_size=6))
def test_property_utf16_offsets_land_on_the_quoted_text(chars, regions):
    """Oracle: a region quoting text[start:end] (sent as UTF-16 offsets, as Label Studio writes them) is that very
    span, its score clamped."""
    text = "".join(chars)
    if not text.strip():
        text = "기사" + text
    result, expected = [], []
    for n, (start, length, score) in enumerate(regions):
        start, end = min(start, len(text) - 1), min(len(text), start + length)
        s16, e16 = _u16(text, start, end)
        value = {"start": s16, "end": e16, "text": text[start:end], "labels": ["LOC"]}
        if score is not None:
            value["score"] = score
        result.append({"id": f"r{n}", "type": "labels", "value": value})
        if start < end:
            wanted = label_studio.MISSING_SCORE if score is None else min(1.0, max(0.0, score))
            expected.append((start, end, "LOC", "label_studio:m", wanted, f"r{n}"))
    task = {"data": {"text": text}, "predictions": [{"model_version": "m", "result": result}]}
    (doc,) = [i for i in label_studio.task_items(Path("t.json"), 1, task) if not isinstance(i, ImportProblem)]
    got = sorted((s.start, s.end, s.label, s.source, s.score, s.detail) for s in doc.suggestions)
    assert got == sorted(expected)  # the very place, even where the same text also sits at the code-point offsets


def test_the_cli_imports_them_and_exports_the_suggestions_layer(tmp_path):
    path = _write(tmp_path / "ls.json", _tasks())
    db = tmp_path / "p.db"
    env = dict(os.environ, PYTHONPATH=str(REPO))

    def cli(*args):
        return subprocess.run([sys.executable, "-m", "annotator", *map(str, args)], capture_output=True, text=True,
                              env=env, cwd=REPO, timeout=120)

    out = cli("import", path, "--db", db)
    assert out.returncode == 0, out.stderr
    assert "suggestions: 5 of the files' predictions stored" in out.stdout
    out = cli("export", "doccano", "--db", db, "--out", tmp_path / "s.jsonl", "--status", "all",
              "--layer", "suggestions", "--include-boilerplate")
    assert out.returncode == 0, out.stderr
    records = {r["text"]: r for r in map(json.loads, (tmp_path / "s.jsonl").read_text(encoding="utf-8").splitlines())}
    got = sorted((text[e["start_offset"]:e["end_offset"]], e["label"]) for text, r in records.items()
                 for e in r["entities"])
    assert got == sorted((t, label) for items in EXPECTED.values() for t, label, *_ in items)


_JUNK = st.one_of(st.none(), st.booleans(), st.integers(-10, 10), st.just(10 ** 400), st.floats(allow_nan=True),
                  st.text(max_size=5), st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=3),
                                                                                             st.integers(), max_size=2))


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.sampled_from(["predictions", "prediction", "model_version", "score", "result", "item", "value", "start",
                        "end", "labels", "region score", "text"]), _JUNK)
def test_property_a_damaged_prediction_costs_only_itself(field, junk):
    """Junk anywhere in a task's predictions: the task's document and labels are still read, no exception."""
    task = _tasks()[0]
    prediction = task["predictions"][0]
    region = prediction["result"][0]
    target, key = {"predictions": (task, "predictions"), "prediction": (task["predictions"], 0),
                   "model_version": (prediction, "model_version"), "score": (prediction, "score"),
                   "result": (prediction, "result"), "item": (prediction["result"], 0), "value": (region, "value"),
                   "start": (region["value"], "start"), "end": (region["value"], "end"),
                   "labels": (region["value"], "labels"), "region score": (region["value"], "score"),
                   "text": (region["value"], "text")}[field]
    target[key] = junk
    items = list(label_studio.task_items(Path("t.json"), 1, task))
    (doc,) = [i for i in items if not isinstance(i, ImportProblem)]
    assert doc.text == TEXT.replace("\r\n", "\n") and [(s.label) for s in doc.spans] == ["ZONE"]
    assert all(0 <= s.start < s.end <= len(doc.text) and 0.0 <= s.score <= 1.0 for s in doc.suggestions)
