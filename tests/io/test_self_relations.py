"""A relation from an entity to itself, in every labelled format that can write one: it was reported as "refers
to a span that was not imported" of an entity that was imported, so the reader looked for a missing entity."""

from __future__ import annotations

import json

import pytest

from annotator.io.importers import import_paths
from annotator.store import Project

TEXT = "부산시 중소벤처기업부 발표"
SELF = "relation belongs_to links an entity to itself (a relation joins two entities); skipped"


def _files(tmp_path, fmt):
    if fmt == "doccano":
        record = {"text": TEXT, "entities": [{"id": 1, "start_offset": 0, "end_offset": 3, "label": "ORG"}],
                  "relations": [{"id": 1, "from_id": 1, "to_id": 1, "type": "belongs_to"}]}
        return {"a.jsonl": json.dumps(record, ensure_ascii=False) + "\n"}, "a.jsonl:1"
    if fmt == "prodigy":
        record = {"text": TEXT, "spans": [{"start": 0, "end": 3, "label": "ORG"}],
                  "relations": [{"head": 0, "child": 0, "label": "belongs_to"}]}
        return {"a.jsonl": json.dumps(record, ensure_ascii=False) + "\n"}, "a.jsonl:1"
    if fmt == "brat":
        return {"a.txt": TEXT, "a.ann": "T1\tORG 0 3\t부산시\nR1\tbelongs_to Arg1:T1 Arg2:T1\n"}, "a.ann:2"
    tasks = [{"data": {"text": TEXT}, "annotations": [{"result": [
        {"id": "a", "type": "labels", "from_name": "l", "to_name": "t",
         "value": {"start": 0, "end": 3, "text": "부산시", "labels": ["ORG"]}},
        {"type": "relation", "from_id": "a", "to_id": "a", "labels": ["belongs_to"]}]}]}]
    return {"a.json": json.dumps(tasks, ensure_ascii=False)}, "a.json:1"


@pytest.mark.parametrize("fmt", ["doccano", "prodigy", "brat", "label_studio"])
def test_a_relation_of_an_entity_to_itself_is_said_to_be_one(tmp_path, fmt):
    files, where = _files(tmp_path, fmt)
    for name, body in files.items():
        (tmp_path / name).write_text(body, encoding="utf-8")
    source = tmp_path / next(n for n in files if not n.endswith(".txt") or len(files) == 1)
    with Project.open(tmp_path / "p.db", "kim") as project:
        report = import_paths(project, [source], add_labels=True)
        assert report.spans == 1 and report.relations == 0
        assert report.problems == [f"{tmp_path / where}: {SELF}"]
