"""Undo/redo of every kind of edit, through the session's QUndoStack, with the editor following along."""

import pytest

from annotator.core.model import NewDocument
from annotator.store import Project
from annotator.ui.article_view import ArticleEditor
from annotator.ui.session import Session

TEXT = "오기웅 중기부 차관은 강원 원주를 찾았다. 강원 특구\n메뉴 | 로그인"


@pytest.fixture
def setup(qtbot, tmp_path):
    project = Project.open(tmp_path / "p.db", reviewer="kim")
    project.add_documents([NewDocument(TEXT)])
    session = Session(project)
    editor = ArticleEditor(session, use_morphology=False)
    qtbot.addWidget(editor)
    session.open_document(project.document_ids()[0])
    yield session, editor
    project.close()


def state(session):
    p, d = session.project, session.doc_id
    return (
        [(s.start, s.end, s.label) for s in p.spans(d)],
        [(r.head_id, r.tail_id, r.label) for r in p.relations(d)],
        [(s.line_no, s.override) for s in p.segments(d) if s.override],
        p.status(d),
    )


def undo_redo_round_trip(session, editor, action):
    before = state(session)
    action()
    after = state(session)
    assert after != before
    session.undo_stack.undo()
    assert state(session) == before
    assert sorted((s.start, s.end, s.label) for s in editor.layer.spans) == before[0]
    session.undo_stack.redo()
    assert state(session) == after
    assert sorted((s.start, s.end, s.label) for s in editor.layer.spans) == after[0]
    assert len(editor.layer.relations) == len(after[1])


def test_undo_redo_each_action(setup):
    session, editor = setup
    session.project.set_status(session.doc_id, "in_progress")  # the automatic new -> in progress is no undo step
    person = lambda: session.project.spans(session.doc_id)[0]  # noqa: E731
    undo_redo_round_trip(session, editor, lambda: session.add_span(0, 3, "PERSON"))
    undo_redo_round_trip(session, editor, lambda: session.add_span(4, 7, "ORG"))
    org_id = session.project.spans(session.doc_id)[1].id
    undo_redo_round_trip(session, editor, lambda: session.add_relation(person().id, org_id, "belongs_to"))
    undo_redo_round_trip(session, editor, lambda: session.resize_span(org_id, 4, 6))
    rel_id = session.project.relations(session.doc_id)[0].id
    undo_redo_round_trip(session, editor, lambda: session.delete_relation(rel_id))
    session.undo_stack.undo()  # bring the relation back for the cascade case
    undo_redo_round_trip(session, editor, lambda: session.delete_span(org_id))
    undo_redo_round_trip(session, editor, lambda: session.change_span_label(person().id, "TITLE"))
    undo_redo_round_trip(session, editor, lambda: session.set_line_override(2, "boilerplate"))
    undo_redo_round_trip(session, editor, lambda: session.set_status("done"))
    loc = session.add_span(TEXT.index("강원"), TEXT.index("강원") + 2, "LOC")
    undo_redo_round_trip(session, editor, lambda: session.label_all_occurrences(loc.id))


def test_refused_change_pushes_nothing(setup):
    session, _editor = setup
    person = session.add_span(0, 3, "PERSON")
    org = session.add_span(4, 7, "ORG")
    session.add_relation(person.id, org.id, "belongs_to")
    count = session.undo_stack.count()
    session.change_span_label(org.id, "DATE")  # would break belongs_to (PERSON -> ORG)
    session.add_relation(org.id, person.id, "belongs_to")  # ORG -> PERSON is not allowed
    assert session.undo_stack.count() == count
    assert session.project.span(org.id).label == "ORG"


def test_redo_keeps_ids_so_later_commands_still_apply(setup):
    session, _editor = setup
    person = session.add_span(0, 3, "PERSON")
    org = session.add_span(4, 7, "ORG")
    session.add_relation(person.id, org.id, "belongs_to")
    for _ in range(3):
        session.undo_stack.undo()
    for _ in range(3):
        session.undo_stack.redo()
    rels = session.project.relations(session.doc_id)
    assert [(r.head_id, r.tail_id) for r in rels] == [(person.id, org.id)]


def test_undo_and_redo_report_what_they_changed(qtbot, tmp_path):
    project = Project.open(tmp_path / "d.db", reviewer="kim")
    project.add_documents([NewDocument("오기웅 중기부 차관", title="a")])
    s = Session(project)
    s.open_document(project.document_ids()[0])
    deltas = []
    s.annotations_changed.connect(lambda _doc, delta: deltas.append(delta))
    person = s.add_span(0, 3, "PERSON")
    org = s.add_span(4, 7, "ORG")
    rel = s.add_relation(person.id, org.id, "belongs_to")
    s.delete_span(org.id)
    assert deltas[-1].removed_spans == (org,) and deltas[-1].removed_relations == (rel,)
    s.undo_stack.undo()  # restores the span and its relation
    assert deltas[-1].added_spans == (org,) and deltas[-1].added_relations == (rel,)
    s.undo_stack.undo()  # the relation
    assert deltas[-1].removed_relations == (rel,) and deltas[-1].added_spans == ()
    s.undo_stack.redo()
    assert deltas[-1].added_relations == (rel,)
    project.close()


def _link(project, span_id):
    return project.conn.execute("SELECT entity_id FROM span_entities WHERE span_id = ?", (span_id,)).fetchone()


def test_undoing_a_delete_restores_the_canonical_link(setup):
    session, _ = setup
    project, doc = session.project, session.doc_id
    span = session.add_span(TEXT.index("중기부"), TEXT.index("중기부") + 3, "ORG")
    person = session.add_span(0, 3, "PERSON")
    entity = project.create_entity("ORG", "중소벤처기업부")
    project.link_span(span.id, entity)
    session.delete_span(span.id)
    assert _link(project, span.id) is None  # the cascade took it
    session.undo_stack.undo()
    assert _link(project, span.id) == (entity,)
    assert project.span_links(doc)[span.id] == "중소벤처기업부"
    session.undo_stack.redo()  # deleted again, and undone again: the link still comes back
    session.undo_stack.undo()
    assert _link(project, span.id) == (entity,)
    # an entity removed in the meantime is not brought back: the mention falls back to the proposals
    project.link_span(person.id, project.create_entity("PERSON", "오기웅"))
    session.delete_span(person.id)
    with project.transaction() as c:
        c.execute("DELETE FROM entities WHERE name = '오기웅'")
    session.undo_stack.undo()
    assert [s.id for s in project.spans(doc)].count(person.id) == 1 and _link(project, person.id) is None


def test_undoing_an_addition_and_redoing_it_keeps_a_link_made_since(setup):
    session, _ = setup
    project = session.project
    span = session.add_span(TEXT.index("중기부"), TEXT.index("중기부") + 3, "ORG")
    entity = project.create_entity("ORG", "중소벤처기업부")
    project.link_span(span.id, entity)
    session.undo_stack.undo()
    assert project.spans(session.doc_id) == [] and _link(project, span.id) is None
    session.undo_stack.redo()
    assert _link(project, span.id) == (entity,)
