"""Label Studio predicted relations (`predictions[].result` items of type `relation`): kept by their ends' offsets
and labels, and a relation suggestion of a reviewer once their layer holds both ends (they accepted the two entity
suggestions); decisions hold, a re-import replaces the file's predictions, unknown types are reported."""

from __future__ import annotations

import json
from pathlib import Path

from annotator.core.suggestions import PredictedRelation
from annotator.io.importers import import_paths
from annotator.store import Project

TEXT = "😀 김철수 부산시장은 중소벤처기업부 소속이다."
SOURCE = "label_studio:ner-v2"


def _region(rid, part, label, score=None):
    start = TEXT.index(part)
    s16 = len(TEXT[:start].encode("utf-16-le")) // 2  # Label Studio's UTF-16 offsets
    value = {"start": s16, "end": s16 + len(part.encode("utf-16-le")) // 2, "text": part, "labels": [label]}
    if score is not None:
        value["score"] = score
    return {"id": rid, "from_name": "label", "to_name": "text", "type": "labels", "value": value}


def _relation(head, tail, label):
    return {"type": "relation", "from_id": head, "to_id": tail, "direction": "right", "labels": [label]}


def _tasks(relations=True, score=0.8):
    result = [_region("p1", "김철수", "PERSON", 0.9), _region("p2", "부산시장", "TITLE", 0.7),
              _region("p3", "중소벤처기업부", "ORG", 0.95)]
    if relations:
        result += [_relation("p1", "p2", "holds_title"), _relation("p1", "p3", "belongs_to"),
                   _relation("p2", "p3", "holds"),  # not a type of the scheme: reported
                   _relation("p3", "p2", "located_in"),  # a type the scheme does not allow from ORG to TITLE
                   {"type": "relation", "from_id": "p1", "to_id": "gone", "labels": ["belongs_to"]}]
    prediction = {"model_version": "ner-v2", "result": result}
    if score is not None:
        prediction["score"] = score
    return [{"id": 1, "data": {"text": TEXT}, "predictions": [prediction]}]


def _write(path: Path, tasks) -> Path:
    path.write_text(json.dumps(tasks, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def _key(part: str, label: str):
    start = TEXT.index(part)
    return (start, start + len(part), label)


def _pending_relations(project, doc_id):
    return sorted((TEXT[s.head[0]:s.head[1]], s.label, TEXT[s.tail[0]:s.tail[1]], s.source, s.score)
                  for s in project.relation_suggestions(doc_id))


def _accept_all_entities(project, doc_id):
    project.accept_suggestions([s.id for s in project.suggestions(doc_id)])


def test_predicted_relations_are_kept_and_suggested_once_both_ends_are_entities(project, tmp_path):
    path = _write(tmp_path / "ls.json", _tasks())
    report = import_paths(project, [path])
    assert report.imported == 1 and report.suggestions == 3
    assert report.predicted_relations == 2 and report.as_dict()["predicted_relations"] == 2  # the two it kept
    (doc_id,) = project.document_ids()
    assert project.predicted_relations(doc_id) == [
        PredictedRelation(_key("김철수", "PERSON"), _key("부산시장", "TITLE"), "holds_title", SOURCE, 0.8),
        PredictedRelation(_key("김철수", "PERSON"), _key("중소벤처기업부", "ORG"), "belongs_to", SOURCE, 0.8)]
    problems = "\n".join(report.problems)
    assert f"{path}:2: " in problems  # FILE:LINE of the task
    assert "relation between 'p1' and 'gone', not both spans of this annotation; skipped" in problems
    assert "2 predicted relation(s) of types the scheme lacks, or does not allow between their ends' labels" \
           " ('holds', 'located_in'), not stored" in problems
    assert project.relation_suggestions(doc_id) == []  # the reviewer's layer has no entities yet
    _accept_all_entities(project, doc_id)
    project.write_relation_suggestions({doc_id: []})  # what a recompute does after the entities changed
    assert _pending_relations(project, doc_id) == [("김철수", "belongs_to", "중소벤처기업부", SOURCE, 0.8),
                                                   ("김철수", "holds_title", "부산시장", SOURCE, 0.8)]
    # never relations until accepted
    assert project.relations(doc_id) == []


def test_decisions_hold_and_another_reviewer_gets_their_own(project, tmp_path, db_path):
    import_paths(project, [_write(tmp_path / "ls.json", _tasks())])
    (doc_id,) = project.document_ids()
    _accept_all_entities(project, doc_id)
    project.write_relation_suggestions({doc_id: []})
    by_label = {s.label: s for s in project.relation_suggestions(doc_id)}
    _, made = project.accept_relation_suggestions([by_label["holds_title"].id])
    project.reject_relation_suggestions([by_label["belongs_to"].id])
    project.write_relation_suggestions({doc_id: []})
    assert project.relation_suggestions(doc_id) == []  # one is a relation now, the other stays rejected
    assert [r.label for r in project.relations(doc_id)] == ["holds_title"] and len(made) == 1
    with Project.open(db_path, "park") as other:
        assert other.relation_suggestions(doc_id) == []
        _accept_all_entities(other, doc_id)
        other.write_relation_suggestions({doc_id: []})
        assert sorted(s.label for s in other.relation_suggestions(doc_id)) == ["belongs_to", "holds_title"]


def test_a_reimport_replaces_the_files_predicted_relations(project, tmp_path):
    path = _write(tmp_path / "ls.json", _tasks())
    import_paths(project, [path])
    (doc_id,) = project.document_ids()
    _accept_all_entities(project, doc_id)
    project.write_relation_suggestions({doc_id: []})
    assert len(project.relation_suggestions(doc_id)) == 2
    # the same file again with a newer score: the reviewer holds both ends, so it is suggested at once
    again = import_paths(project, [_write(path, _tasks(score=0.6))])
    assert again.imported == 0 and len(again.duplicates) == 1
    assert [p.score for p in project.predicted_relations(doc_id)] == [0.6, 0.6]
    # a file without predicted relations: they go, and the next run no longer proposes them
    import_paths(project, [_write(path, _tasks(relations=False))])
    assert project.predicted_relations(doc_id) == []
    project.write_relation_suggestions({doc_id: []})
    assert project.relation_suggestions(doc_id) == []


def test_at_import_a_reviewer_who_holds_both_ends_gets_the_suggestion(project, tmp_path):
    import_paths(project, [_write(tmp_path / "first.json", _tasks(relations=False))])
    (doc_id,) = project.document_ids()
    _accept_all_entities(project, doc_id)
    import_paths(project, [_write(tmp_path / "second.json", _tasks(score=None))])
    # no prediction score: the less sure of its two ends (0.9 and 0.7; 0.9 and 0.95)
    assert _pending_relations(project, doc_id) == [("김철수", "belongs_to", "중소벤처기업부", SOURCE, 0.9),
                                                   ("김철수", "holds_title", "부산시장", SOURCE, 0.7)]


def test_the_import_summary_counts_the_kept_predicted_relations(project, tmp_path):
    import io

    from annotator.commands.import_ import print_summary

    report = import_paths(project, [_write(tmp_path / "ls.json", _tasks())])
    out = io.StringIO()
    print_summary(report, out)
    assert "suggestions: 3 of the files' predictions stored" in out.getvalue()
    assert "predicted relations: 2 kept" in out.getvalue()
    plain = import_paths(project, [_write(tmp_path / "plain.json", _tasks(relations=False))])
    assert plain.predicted_relations == 0  # none in that file: the line is left out
    out = io.StringIO()
    print_summary(plain, out)
    assert "predicted relations" not in out.getvalue()
