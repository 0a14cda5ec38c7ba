"""A Label Studio file's predicted relation in the app: once the reviewer accepts its two predicted entities, the
relation recompute brings it up as a relation suggestion (source and score the file's), never a relation until
accepted."""

from __future__ import annotations

import json

import pytest

from annotator.io.importers import import_paths
from annotator.store import Project
from tests.ui.mw_support import sample_path_db, settings_dir, shown_window  # noqa: F401 (fixtures)

TEXT = "🚀 중소벤처기업부는 부산 해양모빌리티 규제자유특구를 지정했다."


def _region(rid, part, label):
    start = TEXT.index(part) + 1  # UTF-16: the rocket takes two units
    return {"id": rid, "type": "labels", "value": {"start": start, "end": start + len(part), "score": 0.9,
                                                  "text": part, "labels": [label]}}


@pytest.fixture
def window(qtbot, settings_dir, sample_path_db, tmp_path):  # noqa: F811
    from annotator.ui.app import app_settings

    result = [_region("p1", "중소벤처기업부", "ORG"), _region("p2", "부산 해양모빌리티 규제자유특구", "ZONE"),
              {"type": "relation", "from_id": "p1", "to_id": "p2", "labels": ["designates"]}]
    path = tmp_path / "ls.json"
    path.write_text(json.dumps([{"id": 9, "data": {"text": TEXT}, "predictions": [
        {"model_version": "ner-v2", "score": 0.66, "result": result}]}], ensure_ascii=False), encoding="utf-8")
    with Project.open(sample_path_db, "kim") as p:
        report = import_paths(p, [path])
        assert report.suggestions == 2 and report.predicted_relations == 1
    for shown in shown_window(qtbot, sample_path_db, app_settings()):
        shown.import_report = report
        yield shown


def test_the_import_message_counts_the_predicted_relations(window):
    from annotator.ui.main_actions import _reload_after_import

    _reload_after_import(window, window.import_report)
    message = window.statusBar().currentMessage()
    assert "2 suggestions from the files' predictions" in message
    assert "1 predicted relation kept (offered once both ends are labels)." in message


def test_accepting_both_ends_brings_up_the_predicted_relation(window, qtbot):
    project = window.project
    (doc_id,) = [d for d in project.document_ids() if project.document(d).text == TEXT]
    window.open_document(doc_id)
    review = window.editor.suggestion_review
    qtbot.waitUntil(lambda: len(review.pending) == 2, timeout=10000)
    review.accept([s.id for s in review.pending.visible])
    relations = window.editor.relation_review
    relations.set_enabled(True)  # the relation suggestions switch (off by default): a recompute
    qtbot.waitUntil(lambda: len(relations.all) == 1, timeout=10000)
    (found,) = relations.all
    assert (found.label, found.source, found.score) == ("designates", "label_studio:ner-v2", 0.66)
    assert (TEXT[found.head[0]:found.head[1]], TEXT[found.tail[0]:found.tail[1]]) == (
        "중소벤처기업부", "부산 해양모빌리티 규제자유특구")
    assert project.relations(doc_id) == []  # a suggestion until accepted
