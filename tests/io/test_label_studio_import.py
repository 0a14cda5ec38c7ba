"""Label Studio's JSON export (tests/fixtures/import/label_studio_export.json has the shape Label Studio 1.x writes:
tasks with data, annotations with result[], drafts, predictions and their bookkeeping fields)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.io.importers import import_paths, label_studio
from annotator.io.importers.base import ImportProblem
from annotator.io.importers.detect import choose_format

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "import" / "label_studio_export.json"


def _task_lines(path: Path) -> list[int]:
    """The line each task object of the export starts on (indent=2: a line that is exactly "  {")."""
    return [n for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if line == "  {"]


def _labelled(project):
    out = {}
    for doc in project.iter_documents():
        spans = [s for s in project.spans(doc.id, all_layers=True) if s.layer != "suggestions"]
        index = {s.id: s for s in spans}
        rels = [(doc.text[index[r.head_id].start:index[r.head_id].end], r.label, doc.text[index[r.tail_id].start:index[r.tail_id].end])
                for r in project.relations(doc.id, all_layers=True)]
        out[doc.ext_id] = (doc.text, sorted((doc.text[s.start:s.end], s.label) for s in spans), rels)
    return out


def test_a_label_studio_export_imports_its_tasks_and_says_what_it_left(project):
    report = import_paths(project, [FIXTURE], add_labels=True)
    lines = _task_lines(FIXTURE)
    assert len(lines) == 6
    assert report.imported == 5 and report.files_failed == 0
    assert report.problems == [
        f"{FIXTURE}:{lines[1]}: task 2: 1 result(s) of type 'choices' not imported (only text labels and relations are"
        " read)",
        f"{FIXTURE}:{lines[2]}: task 3: result 3: relation without a label; skipped",
        f"{FIXTURE}:{lines[3]}: task 4: 1 more annotation(s) by 2 not imported (a document takes one import layer; the"
        " first is kept)",
        f"{FIXTURE}:{lines[4]}: task 5: task has no \"data\" object; task skipped",
    ]
    got = _labelled(project)
    assert sorted(got) == ["101", "102", "103", "104", "106"]
    assert got["101"][1] == sorted([("중소벤처기업부", "ORG"), ("부산 해양모빌리티 규제자유특구", "ZONE"), ("김철수", "PERSON"),
                                    ("부산시장", "TITLE")])
    assert got["101"][2] == [("중소벤처기업부", "designates", "부산 해양모빌리티 규제자유특구")]
    # UTF-16 offsets (after two emoji) moved to code points: the spans hold the text Label Studio quoted
    assert got["102"][1] == sorted([("강원 디지털헬스케어 특구", "ZONE"), ("원주시", "LOC")])
    # CRLF normalised, offsets after it shifted; the cancelled annotation is not the one imported
    assert "\r" not in got["103"][0] and got["103"][1] == sorted([("박영희", "PERSON"), ("대구시장", "TITLE")])
    assert got["104"][1] == [("세종시", "LOC")] and got["106"][1] == []
    (doc,) = [d for d in project.iter_documents() if d.ext_id == "101"]
    assert (doc.title, doc.url) == ("부산 해양모빌리티 특구 지정", "https://news.example.kr/a/101")
    assert doc.meta["dataset"] == "label-studio" and doc.meta["project"] == 3
    # task 3's prediction is a suggestion (its score the prediction's), never a label
    (doc,) = [d for d in project.iter_documents() if d.ext_id == "103"]
    assert [(doc.text[s.start:s.end], s.label, s.source, s.score, s.detail) for s in project.suggestions(doc.id)] \
        == [("대구시", "LOC", "label_studio:ner-v2", 0.81, "p1")]
    assert report.suggestions == 1


def test_rerun_is_idempotent(project):
    import_paths(project, [FIXTURE], add_labels=True)
    before = _labelled(project)
    again = import_paths(project, [FIXTURE], add_labels=True)
    assert again.imported == 0 and _labelled(project) == before


def test_auto_detection(tmp_path):
    head = FIXTURE.read_bytes()[:65536]
    assert choose_format(FIXTURE, head, "utf-8") == "label_studio"
    plain = tmp_path / "plain.json"
    plain.write_text('[{"text": "보통 JSON 배열 기사", "data": 1}]', encoding="utf-8")
    assert choose_format(plain, plain.read_bytes(), "utf-8") == "jsonl"


def test_a_single_task_object_and_a_broken_array(tmp_path):
    one = tmp_path / "one.json"
    one.write_text(json.dumps({"data": {"body": "본문만 있는 과제"}, "annotations": []}, ensure_ascii=False),
                   encoding="utf-8")
    (doc,) = label_studio.parse(one, one.read_text(encoding="utf-8").split("\n"))
    assert doc.text == "본문만 있는 과제"
    tasks = json.loads(FIXTURE.read_text(encoding="utf-8"))
    cut = json.dumps(tasks[:2], ensure_ascii=False, indent=2)[:-40]  # the second task cut off
    items = list(label_studio.parse(tmp_path / "cut.json", cut.split("\n")))
    assert [type(i).__name__ for i in items] == ["NewDocument", "ImportProblem"]
    assert "task 2: invalid JSON" in items[1].message and "the rest of the file skipped" in items[1].message


_VALUES = st.one_of(st.none(), st.booleans(), st.integers(-5, 200), st.text(max_size=8),
                    st.lists(st.text(max_size=4), max_size=2), st.dictionaries(st.text(max_size=4), st.integers(), max_size=2))


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.integers(0, 4), st.sampled_from(["data", "annotations", "result", "value", "start", "labels", "from_id",
                                           "type", "text"]), _VALUES)
def test_property_one_damaged_task_costs_only_itself(victim, field, junk):
    tasks = json.loads(FIXTURE.read_text(encoding="utf-8"))[:5]
    task = tasks[victim]
    result = (task.get("annotations") or [{}])[-1].get("result") or [{}]
    target = {"data": task, "annotations": task, "text": task.get("data", {}), "result": (task.get("annotations")
              or [{}])[-1], "value": result[0], "type": result[0], "from_id": result[-1],
              "start": result[0].get("value", {}), "labels": result[0].get("value", {})}[field]
    target[field] = junk
    text = json.dumps(tasks, ensure_ascii=False, indent=2)
    items = list(label_studio.parse(Path("x.json"), text.split("\n")))
    docs = {d.ext_id: d for d in items if not isinstance(d, ImportProblem)}
    clean = {d.ext_id: d for d in label_studio.parse(Path("x.json"), FIXTURE.read_text(encoding="utf-8").split("\n"))
             if not isinstance(d, ImportProblem)}
    for ext_id, doc in clean.items():
        if ext_id != str(tasks[victim].get("id")) and ext_id in {str(t.get("id")) for t in tasks}:
            assert replace(docs[ext_id], origin="") == replace(doc, origin="")  # lines move with the junk


def test_utf16_offsets_past_the_code_point_end_are_moved():
    """"가😀" labelled whole is [0, 3) in UTF-16: read as code points the slice clamps to the same text, and the span
    would end past the text (hypothesis found it)."""
    task = {"data": {"text": "가😀"}, "annotations": [{"result": [
        {"id": "a", "type": "labels", "value": {"start": 0, "end": 3, "text": "가😀", "labels": ["LOC"]}}]}]}
    (doc,) = [i for i in label_studio.task_items(Path("t.json"), 1, task) if not isinstance(i, ImportProblem)]
    assert [(s.start, s.end) for s in doc.spans] == [(0, 2)]
