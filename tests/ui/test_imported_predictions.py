"""A Label Studio file's predictions in the app: pending suggestions of the open document (never labels), with
their source and score, decided like the engines' (an accepted one becomes the reviewer's entity)."""

from __future__ import annotations

import json

import pytest

from annotator.io.importers import import_paths
from annotator.store import Project
from tests.ui.mw_support import sample_path_db, settings_dir, shown_window  # noqa: F401 (fixtures)

TEXT = "🚀 중소벤처기업부는 부산 해양모빌리티 규제자유특구를 지정했다."


@pytest.fixture
def window(qtbot, settings_dir, sample_path_db, tmp_path):  # noqa: F811
    from annotator.ui.app import app_settings

    start = TEXT.index("중소벤처기업부")
    value = {"start": start + 1, "end": start + 8, "score": 0.87, "text": "중소벤처기업부", "labels": ["ORG"]}  # UTF-16
    path = tmp_path / "ls.json"
    path.write_text(json.dumps([{"id": 9, "data": {"text": TEXT}, "predictions": [
        {"model_version": "ner-v2", "result": [{"id": "p1", "type": "labels", "value": value}]}]}],
        ensure_ascii=False), encoding="utf-8")
    with Project.open(sample_path_db, "kim") as p:
        assert import_paths(p, [path]).suggestions == 1
    yield from shown_window(qtbot, sample_path_db, app_settings())


def test_the_predictions_are_pending_suggestions_in_the_article_view(window, qtbot):
    project = window.project
    (doc_id,) = [d for d in project.document_ids() if project.document(d).text == TEXT]
    window.open_document(doc_id)
    review = window.editor.suggestion_review
    qtbot.waitUntil(lambda: len(review.pending) == 1, timeout=10000)
    (found,) = review.pending.visible
    assert (TEXT[found.start:found.end], found.label, found.source, found.score) == (
        "중소벤처기업부", "ORG", "label_studio:ner-v2", 0.87)
    assert project.spans(doc_id) == []  # not a label until accepted
    review.accept([found.id])
    assert [(TEXT[s.start:s.end], s.label) for s in project.spans(doc_id)] == [("중소벤처기업부", "ORG")]
    assert len(review.pending) == 0
