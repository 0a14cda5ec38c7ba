import pytest

from annotator.core.model import NewDocument
from annotator.store import Project
from annotator.ui.occurrences import find_unlabelled_occurrences
from annotator.ui.session import Session

TEXT = "오기웅 중기부 차관은 강원 원주를 찾았다.\n중기부는 강원 특구를 지정했다.\n북강원 중기부"


@pytest.fixture
def session(qtbot, tmp_path):
    project = Project.open(tmp_path / "p.db", reviewer="kim")
    project.add_documents([NewDocument(TEXT, title="a"), NewDocument("다른 기사: 중기부 발표", title="b")])
    s = Session(project)
    s.open_document(project.document_ids()[0])
    yield s
    project.close()


def test_add_span_commits_and_signals(session, qtbot):
    start = TEXT.index("중기부")
    with qtbot.waitSignals([session.annotations_changed, session.saved]):
        span = session.add_span(start, start + 3, "ORG")
    assert span is not None
    stored = session.project.spans(session.doc_id)
    assert [(s.start, s.end, s.label, s.reviewer) for s in stored] == [(start, start + 3, "ORG", "kim")]
    assert session.project.status(session.doc_id) == "in_progress"  # first edit starts the document


def test_overlap_is_refused_with_message_and_no_undo_step(session, qtbot):
    start = TEXT.index("중기부")
    session.add_span(start, start + 3, "ORG")
    with qtbot.waitSignal(session.message) as blocker:
        assert session.add_span(start + 1, start + 5, "LOC") is None
    assert "overlap" in blocker.args[0]
    assert session.undo_stack.count() == 1
    assert len(session.project.spans(session.doc_id)) == 1


def test_label_all_occurrences_in_article_and_project(session):
    start = TEXT.index("강원")
    span = session.add_span(start, start + 2, "LOC")
    # "강원" inside "북강원" continues a word and is skipped
    assert session.label_all_occurrences(span.id) == 1
    texts = [TEXT[s.start : s.end] for s in session.project.spans(session.doc_id)]
    assert texts == ["강원", "강원"]
    org = session.add_span(TEXT.index("중기부"), TEXT.index("중기부") + 3, "ORG")
    assert session.label_all_occurrences(org.id, whole_project=True) == 3
    other = session.project.document_ids()[1]
    assert [(s.label) for s in session.project.spans(other)] == ["ORG"]
    session.undo_stack.undo()  # one undo step removes the whole batch, across documents
    assert session.project.spans(other) == []
    session.undo_stack.redo()
    assert len(session.project.spans(other)) == 1


def test_find_unlabelled_occurrences_skips_labelled_and_word_inner_hits():
    from annotator.core.model import Span

    text = "AI AIR 중기부, 중기부는 북중기부"
    taken = [Span(1, 1, text.index("중기부"), text.index("중기부") + 3, "ORG")]
    assert find_unlabelled_occurrences(text, "AI", []) == [(0, 2)]
    second = text.index("중기부는")
    assert find_unlabelled_occurrences(text, "중기부", taken) == [(second, second + 3)]


def test_status_change_is_undoable(session, qtbot):
    with qtbot.waitSignal(session.status_changed) as blocker:
        session.set_status("done")
    assert blocker.args == [session.doc_id, "done"]
    session.undo_stack.undo()
    assert session.project.status(session.doc_id) == "new"
    session.undo_stack.redo()
    assert session.project.status(session.doc_id) == "done"


def test_undo_in_another_document_opens_it(session):
    first = session.doc_id
    session.add_span(0, 3, "PERSON")
    session.open_document(session.project.document_ids()[1])
    session.undo_stack.undo()
    assert session.doc_id == first
    assert session.project.spans(first) == []


def test_save_scheme_with_rename_keeps_spans_and_follows_active_label(session, qtbot):
    session.add_span(0, 3, "PERSON")
    session.set_active_label("PERSON")
    scheme = session.project.scheme()
    scheme.entities[[e.name for e in scheme.entities].index("PERSON")].name = "PER"
    for rel in scheme.relations:
        rel.heads = ["PER" if h == "PERSON" else h for h in rel.heads]
        rel.tails = ["PER" if t == "PERSON" else t for t in rel.tails]
    with qtbot.waitSignal(session.scheme_changed):
        session.save_scheme(scheme, renames={"PERSON": "PER"})
    assert session.project.spans(session.doc_id)[0].label == "PER"
    assert session.active_label == "PER"
    assert session.undo_stack.count() == 0


def test_label_all_in_project_publishes_each_document_its_own_delta(session):
    other = session.project.document_ids()[1]
    start = TEXT.index("중기부")
    span = session.add_span(start, start + 3, "ORG")
    seen = {}
    session.annotations_changed.connect(lambda doc_id, delta: seen.setdefault(doc_id, delta))
    assert session.label_all_occurrences(span.id, whole_project=True) == 3
    assert {s.doc_id for s in seen[session.doc_id].added_spans} == {session.doc_id}
    assert len(seen[session.doc_id].added_spans) == 2
    assert [s.doc_id for s in seen[other].added_spans] == [other]
    assert seen[other].added_spans[0] in session.project.spans(other)
