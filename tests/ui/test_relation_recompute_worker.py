"""Relation candidates are computed and written on a worker thread with its own connection: the window's connection
never writes them, the view follows when they arrive, a request overtaken by an edit or a decision never shows a
stale candidate, and closing the view stops the thread."""

import threading

import pytest

from annotator.store import Project
from annotator.ui import relation_recompute
from tests.ui.test_relation_candidates_view import editor, settle, stored  # noqa: F401 (fixture)


@pytest.fixture
def held(monkeypatch):
    """The worker waits at the start of each request until the test lets it go."""
    go = threading.Event()
    started = threading.Event()
    real = relation_recompute.compute_and_write

    def waiting(project, request):
        started.set()
        assert go.wait(10), "the test never let the worker go"
        return real(project, request)

    monkeypatch.setattr(relation_recompute, "compute_and_write", waiting)
    return started, go


def test_the_window_connection_never_writes_candidates(editor, tmp_path, qtbot, monkeypatch):  # noqa: F811
    def refuse(*_args, **_kw):
        raise AssertionError("relation candidates written on the UI thread")

    monkeypatch.setattr(editor.session.project, "write_relation_suggestions", refuse)
    relations = editor.relation_review
    relations.reject_all()
    editor.session.undo_stack.undo()  # pending again, as the store has them
    editor.session.add_span(30, 33, "PERSON")  # 김철수 장관: a new PERSON, then a TITLE after it
    editor.session.add_span(34, 36, "TITLE")
    qtbot.waitUntil(lambda: any(s.head[0] == 30 for s in relations.visible), timeout=10000)
    settle(qtbot, editor)
    assert stored(tmp_path)[1] == ["belongs_to", "holds_title", "holds_title"]


def test_a_request_overtaken_by_a_rejection_never_shows_the_rejected(editor, tmp_path, qtbot, held):  # noqa: F811
    started, go = held
    relations = editor.relation_review
    relations.recompute()
    assert started.wait(10)
    assert relations.reject_all() == 2  # while the worker is computing
    go.set()
    settle(qtbot, editor)
    assert relations.visible == [] and stored(tmp_path) == ([], [], ["belongs_to", "holds_title"])


def test_a_request_overtaken_by_a_deleted_entity_is_followed_by_a_fresh_one(editor, tmp_path, qtbot,  # noqa: F811
                                                                            held):
    started, go = held
    relations = editor.relation_review
    relations.recompute()
    assert started.wait(10)
    title = next(s for s in editor.layer.spans if s.label == "TITLE")
    editor.session.delete_span(title.id)  # the snapshot's TITLE goes: its write is refused, another request follows
    go.set()
    qtbot.waitUntil(lambda: relations._serial >= 2, timeout=10000)
    settle(qtbot, editor)
    assert [s.label for s in relations.visible] == ["belongs_to"]
    assert stored(tmp_path)[1] == ["belongs_to"]
    editor.session.undo_stack.undo()  # the TITLE is back: so is its candidate
    qtbot.waitUntil(lambda: len(relations.visible) == 2, timeout=10000)


def test_stopping_the_review_ends_its_thread(editor, qtbot):  # noqa: F811
    worker = editor.relation_review._worker
    assert worker is not None and worker.isRunning()
    editor.relation_review.stop()
    assert worker.isFinished() and worker not in relation_recompute._running


def test_the_worker_reads_as_the_window_reviewer(tmp_path, qtbot):
    """A request names its reviewer: the worker's connection follows a switch of reviewer in the window."""
    from annotator.core.model import NewDocument
    from annotator.nlp.preannotate import own_relation_candidates  # noqa: F401 (the worker's import, warmed)

    path = tmp_path / "r.db"
    with Project.open(path, "kim") as p:
        p.add_documents([NewDocument("오기웅 차관은 말했다.", title="t")])
        p.add_span(1, 0, 3, "PERSON")
        p.add_span(1, 4, 6, "TITLE")
        p.set_reviewer("lee")
        p.add_span(1, 0, 3, "PERSON")
        p.add_span(1, 4, 6, "TITLE")
        scheme, text = p.scheme(), p.document(1).text
        spans = {name: tuple(p.spans(1, f"{name}")) for name in ("kim", "lee")}
        uid = {name: None for name in spans}
    worker = relation_recompute.RelationRecomputer(path)
    results = []
    worker.computed.connect(results.append)
    try:
        for n, name in enumerate(("kim", "lee"), start=1):
            worker.submit(relation_recompute.RecomputeRequest(n, 1, name, uid[name], scheme, text, spans[name],
                                                              ("content",)))
            qtbot.waitUntil(lambda n=n: len(results) == n, timeout=10000)
    finally:
        worker.stop()
    assert [r.error for r in results] == ["", ""]
    assert [{s.head_id for s in r.pending} for r in results] == [{spans["kim"][0].id}, {spans["lee"][0].id}]
