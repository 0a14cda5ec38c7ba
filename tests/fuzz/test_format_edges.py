"""Edges of the labelled formats that the campaign's forced-format and mutation cases reached: a CoNLL tag whose
label was cut off ("B-", "E-", "I_") was stored as an entity labelled "B-" (with --add-labels) or refused the
document's labels for an unknown label; it is now read as O and said, and the token stays in the text."""

from __future__ import annotations

import pytest

from annotator.io.importers import import_paths
from tests.store_invariants import assert_store_invariants, stored_documents


@pytest.mark.parametrize("tag", ["B-", "I-", "E-", "S-", "I_", "B_"])
def test_a_prefix_without_its_label_is_read_as_outside(project, tmp_path, tag):
    path = tmp_path / "cut.conll"
    path.write_text(f"강원도\tB-LOC\n특구\t{tag}\n지정\tO\n\n김철수\tS-PERSON\n", encoding="utf-8")
    report = import_paths(project, [path], add_labels=True)
    assert report.problems == [f"{path}:2: the tag {tag!r} names no label; the token is read as O"]
    assert stored_documents(project.path) == {"강원도 특구 지정": ({(0, 3, "LOC")}, set()),
                                              "김철수": ({(0, 3, "PERSON")}, set())}
    assert {label.name for label in project.scheme().entities} >= {"LOC", "PERSON"}
    assert not any(label.name.rstrip("-_") != label.name for label in project.scheme().entities)
    assert_store_invariants(project.path)


def _ls_task(text: str, **fields) -> dict:
    return {"data": {"text": text}, **fields}


REGION = {"id": "a", "type": "labels", "value": {"start": 0, "end": 3, "text": "부산시", "labels": ["LOC"]}}


def test_label_studio_labels_of_a_shape_no_export_has_are_reported(project, tmp_path):
    """"annotations" as an object or a string, an annotation that is not an object, a "result" that is not a list:
    the task's labels were dropped without a word (found by the campaign's formats target)."""
    import json

    tasks = [_ls_task("부산시 첫째", annotations={"result": [REGION]}),
             _ls_task("부산시 둘째", annotations=["x", {"result": [REGION]}]),
             _ls_task("부산시 셋째", annotations=[{"result": {"0": REGION}}]),
             _ls_task("부산시 넷째", predictions="none"),
             _ls_task("부산시 다섯째", annotations=[{"result": [REGION]}])]
    path = tmp_path / "export.json"
    path.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    report = import_paths(project, [path], add_labels=True)
    assert report.problems == [
        f'{path}:1: task 1: "annotations" is not a list (dict); its labels are not imported',
        f"{path}:1: task 2: annotation 1 is not an object (str); skipped",
        f'{path}:1: task 3: annotation 1: "result" is not a list; its labels are not imported',
        f'{path}:1: task 4: "predictions" is not a list (str); its labels are not imported']
    stored = stored_documents(project.path)
    assert stored["부산시 둘째"] == stored["부산시 다섯째"] == ({(0, 3, "LOC")}, set())
    assert stored["부산시 첫째"] == ({*()}, set()) and len(stored) == 5


def test_an_export_of_label_studio_before_1_0_keeps_its_completions(project, tmp_path):
    """Label Studio 0.x wrote a task's annotations as "completions" (same shape): their labels were lost silently."""
    import json

    path = tmp_path / "old.json"
    path.write_text(json.dumps([_ls_task("부산시 발표", completions=[{"result": [REGION]}])], ensure_ascii=False),
                    encoding="utf-8")
    report = import_paths(project, [path], add_labels=True)
    assert report.problems == [] and report.spans == 1
    assert stored_documents(project.path) == {"부산시 발표": ({(0, 3, "LOC")}, set())}


def test_a_record_with_labels_in_two_shapes_says_which_it_read(project, tmp_path):
    """doccano "label" beside Prodigy "spans" (a hand-merged file): the "label" spans were dropped silently."""
    path = tmp_path / "both.jsonl"
    path.write_text('{"text": "다섯째 기록", "label": [[0, 3, "ORG"]], "spans": [{"start": 4, "end": 6, "label": "LOC"}]}'
                    '\n{"text": "여섯째", "entities": [{"id": 1, "start_offset": 0, "end_offset": 3, "label": "ORG"}],'
                    ' "label": [[0, 2, "LOC"]]}\n', encoding="utf-8")
    report = import_paths(project, [path], add_labels=True)
    assert report.problems == [f"{path}:1: labels in both 'spans' and 'label': only 'spans' read",
                               f"{path}:2: labels in both 'entities' and 'label': only 'entities' read"]
    assert stored_documents(project.path) == {"다섯째 기록": ({(4, 6, "LOC")}, set()), "여섯째": ({(0, 3, "ORG")}, set())}
