"""Prodigy's db-out records carry "answer" (accept / reject / ignore): only accepted examples become labels."""

from __future__ import annotations

import json

from annotator.io.importers import import_paths


def _records():
    text = "중소벤처기업부는 부산을 규제자유특구로 지정했다."
    span = {"start": 0, "end": 7, "label": "ORG"}
    return [
        {"text": text, "spans": [{"start": 9, "end": 11, "label": "ORG"}], "answer": "reject"},  # binary: "not ORG"
        {"text": text, "spans": [span], "answer": "accept"},
        {"text": "무시된 예시 문장입니다.", "spans": [{"start": 0, "end": 3, "label": "ORG"}], "answer": "ignore"},
        {"text": "답이 없는 예시.", "spans": [{"start": 0, "end": 2, "label": "ORG"}]},  # no answer: labels as before
    ]


def test_rejected_and_ignored_examples_are_not_labels(project, tmp_path):
    path = tmp_path / "db-out.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in _records()) + "\n", encoding="utf-8")
    report = import_paths(project, [path])
    assert report.imported == 2 and report.spans == 2 and report.duplicates == []
    assert report.problems == [
        f"{path}:1: Prodigy answer 'reject': only accepted examples are imported; line skipped",
        f"{path}:3: Prodigy answer 'ignore': only accepted examples are imported; line skipped",
    ]
    got = sorted((d.text, [(d.text[s.start:s.end], s.label) for s in project.spans(d.id, all_layers=True)])
                 for d in project.iter_documents())
    assert got == [("답이 없는 예시.", [("답이", "ORG")]),
                   ("중소벤처기업부는 부산을 규제자유특구로 지정했다.", [("중소벤처기업부", "ORG")])]
