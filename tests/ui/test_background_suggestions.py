"""Background pre-annotation in the real main window: the open document and the next ones of the queue get
suggestions from a worker process, the review shows them when they are written, a status-bar note says so, and
documents pre-annotated once are not done again (a rerun is asked for)."""

import pytest

from annotator.store import Project
from tests.ui.mw_support import sample_path_db, settings_dir, suggesting_window  # noqa: F401 (fixtures)


@pytest.fixture
def window(suggesting_window):
    return suggesting_window


def test_the_open_document_and_the_next_ones_are_pre_annotated(window, qtbot):
    project = window.project
    first_extra = project.document_ids()[3]
    background = window.background_suggestions
    assert background.enabled
    with qtbot.waitSignal(background.ready, timeout=60000,
                          check_params_cb=lambda doc_id, n: doc_id == first_extra):
        window.open_document(first_extra)
    review = window.editor.suggestion_review
    qtbot.waitUntil(lambda: len(review.pending) > 0, timeout=10000)
    texts = {project.document(first_extra).text[s.start:s.end] for s in review.pending.visible}
    # 규제자유특구 is labelled in the samples (the dictionary proposes it); a zone pattern reads the whole name.
    assert "강원 원주시 규제자유특구" in texts
    assert "Suggestions ready" in window.statusBar().currentMessage()
    following = background.queue_after(first_extra)
    assert len(following) == 3
    qtbot.waitUntil(lambda: project.suggested_among(following) == set(following), timeout=60000)
    assert project.spans(first_extra) == []  # suggestions only: no label made by the machine


def test_a_decided_document_is_not_redone_unless_asked(window, qtbot):
    project = window.project
    doc = project.document_ids()[4]
    worker = window.background_suggestions  # its ready signal comes on the GUI thread
    with qtbot.waitSignal(worker.ready, timeout=60000, check_params_cb=lambda d, n: d == doc):
        window.open_document(doc)
    review = window.editor.suggestion_review
    qtbot.waitUntil(lambda: len(review.pending) > 0, timeout=10000)
    rejected = review.pending.visible[0]
    others = {s.key for s in review.pending.all} - {rejected.key}
    review.reject([rejected.id])
    window.open_document(project.document_ids()[0])
    window.open_document(doc)  # already pre-annotated: nothing queued, the rejection stands
    assert rejected.key not in {s.key for s in review.pending.all}
    with qtbot.waitSignal(worker.ready, timeout=60000, check_params_cb=lambda d, n: d == doc):
        window.actions_by_name["suggest_again"].trigger()
    assert rejected.key not in {s.key for s in project.suggestions(doc)}  # never proposed again
    assert {s.key for s in review.pending.all} == others  # the rest proposed again


def test_turning_it_off_stops_the_worker(window, qtbot):
    background = window.background_suggestions
    worker = background._ensure_worker()
    assert worker.waitForStarted(30000)
    window.actions_by_name["background_suggestions"].setChecked(False)
    assert background.worker is None and not background.enabled
    assert worker.state() == worker.ProcessState.NotRunning
    assert window.settings.value("suggestions/background") in (False, "false")


def test_the_model_loads_in_the_worker_process_never_in_the_window(window, qtbot, monkeypatch):
    from annotator.nlp.suggest.model import ModelSource

    loaded_here = []
    monkeypatch.setattr(ModelSource, "load", lambda self: loaded_here.append(self))
    background = window.background_suggestions
    background.sources = "dictionary,patterns,model"
    doc = window.project.document_ids()[5]
    with qtbot.waitSignal(background.ready, timeout=120000, check_params_cb=lambda d, n: d == doc):
        window.open_document(doc)
    assert loaded_here == []  # the window's process never loads spaCy's model...
    assert "model" in {s.source for s in window.project.suggestions(doc)}  # ...the worker's did


def test_the_threshold_is_remembered(window, qtbot, sample_path_db):  # noqa: F811
    from annotator.nlp.suggest.calibration import shipped
    from annotator.ui.main_window import MainWindow

    # A reviewer who never chose one starts at the minimum score chosen with the shipped calibration.
    assert window.editor.suggestion_review.bar.threshold.value() == shipped().default_min_score > 0
    window.editor.suggestion_review.bar.threshold.setValue(0.65)
    settings = window.settings
    again = MainWindow(window.project, db_path=sample_path_db, settings=settings, use_morphology=False)
    qtbot.addWidget(again)
    assert again.editor.suggestion_review.bar.threshold.value() == 0.65
    assert again.editor.suggestion_review.pending.threshold == 0.65
    again.close()


def test_the_worker_writes_relation_candidates_where_the_reviewer_has_entities(sample_path_db):  # noqa: F811
    """The worker's queue in this process (the protocol is what the tests above run): with the relations source
    it writes candidates between the reviewer's own entities of each document it pre-annotates."""
    import threading

    from annotator.ui.suggest_worker import PreannotationQueue

    with Project.open(sample_path_db, "kim") as project:
        doc_id = project.document_ids()[0]
        for relation in project.relations(doc_id, project.layer_name):  # else they would leave little to propose
            project.delete_relation(relation.id)
    messages: list[dict] = []
    done = threading.Event()
    queue = PreannotationQueue(str(sample_path_db), "kim", sources="relations", model="base",
                               emit=lambda m: (messages.append(m), done.set()))
    worker = threading.Thread(target=queue.serve)
    worker.start()
    queue.request([doc_id])
    assert done.wait(60)
    queue.stop()
    worker.join(30)
    assert messages[0]["ready"] == doc_id and messages[0]["relations"] > 0
    with Project.open(sample_path_db, "kim", read_only=True) as project:
        assert len(project.relation_suggestions(doc_id)) == messages[0]["relations"]


def test_switching_relations_on_restarts_the_worker_with_them_without_waiting(window, qtbot):
    background = window.background_suggestions
    worker = background._ensure_worker()
    assert worker.waitForStarted(30000)
    with qtbot.waitSignal(worker.finished, timeout=30000):  # it ends after the document at hand
        window.actions_by_name["suggest_relations"].setChecked(True)
        assert background.worker is None  # retired at once: the window does not wait for it
    assert "relations" in background.worker_sources().split(",")
    window.actions_by_name["suggest_relations"].setChecked(False)
    assert background.worker_sources() == "dictionary,patterns"


def test_after_a_change_of_reviewer_the_worker_runs_as_the_new_one(window, qtbot):
    """The worker kept pre-annotating as the reviewer the window opened with (their labels hiding proposals,
    their rejections left out) after File ▸ Change reviewer."""
    project = window.project
    background = window.background_suggestions
    first, second = project.document_ids()[3], project.document_ids()[-1]  # the last: not in first's lookahead
    with qtbot.waitSignal(background.ready, timeout=60000, check_params_cb=lambda d, n: d == first):
        window.open_document(first)
    assert background.worker.arguments()[3] == "kim"  # -m annotator.ui.suggest_worker DB REVIEWER ...
    window.set_reviewer("lee")
    with qtbot.waitSignal(background.ready, timeout=60000, check_params_cb=lambda d, n: d == second):
        window.open_document(second)
    assert background.worker.arguments()[3] == "lee"
