"""The session owns the open document: every edit is one committed transaction whose delta travels in the signal,
and every view (article, entity and relation lists, document list, status) updates from it without reading
SQLite again; worker jobs return a record the window applies; other layers are read-only and can be copied."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core.model import NewDocument, NewRelation, NewSpan
from tests.klue_fixture import KLUE_EXCERPT
from tests.ui.mw_support import sample_path_db, sample_project, settings_dir, window  # noqa: F401 (fixtures)


def _free_range(window, length=2):
    state = window.session.state
    text = state.text
    taken = [(s.start, s.end) for s in state.spans + state.other_spans]
    return next(i for i in range(len(text) - length)
                if text[i:i + length].strip() and len(text[i:i + length].strip()) == length and "\n" not in text[i:i + length]
                and not any(a < i + length and b > i for a, b in taken))


def _after_last_commit(statements):
    commits = [i for i, s in enumerate(statements) if s.strip().upper() == "COMMIT"]
    assert commits, statements
    return statements[commits[-1] + 1:]


def test_views_update_from_the_delta_without_reading_sqlite(window, qtbot):
    s, conn = window.session, window.project.conn
    first = s.add_span(*(lambda i: (i, i + 2))(_free_range(window)), "ORG")  # the first edit marks it in progress
    assert first is not None
    qtbot.wait(10)
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    try:
        steps = []

        def step(name, action):
            statements.clear()
            action()
            qtbot.wait(20)  # the event loop runs: queued updates, repaints
            steps.append((name, _after_last_commit(statements)))

        start = _free_range(window)
        rows = window.entity_list.rowCount()
        step("add", lambda: s.add_span(start, start + 2, "ORG"))
        added = s.state.span_at(start)
        assert added is not None and window.entity_list.rowCount() == rows + 1
        assert added.id in window.entity_list.row_ids()
        step("relabel", lambda: s.change_span_label(added.id, "LOC"))
        model = window.entity_list.model()
        row = window.entity_list.row_ids().index(added.id)
        assert model.data(model.index(row, 1)) == "LOC"
        step("relation", lambda: s.add_relation(first.id, added.id, "located_in") or None)
        assert len(window.relation_list.row_ids()) == len(s.state.relations)
        step("delete", lambda: s.delete_span(added.id))
        assert added.id not in window.entity_list.row_ids() and window.entity_list.rowCount() == rows
        step("undo", s.undo_stack.undo)
        assert added.id in window.entity_list.row_ids() and added.id in s.state.by_id
        step("redo", s.undo_stack.redo)
        assert added.id not in s.state.by_id
    finally:
        conn.set_trace_callback(None)
    assert [(name, after) for name, after in steps if after] == []  # nothing read after any commit
    assert window.entities_dock.windowTitle() == f"Entities ({len(s.state.spans)})"


def test_labels_added_by_a_gui_import_are_in_the_palette_at_once(window, qtbot):
    from annotator.ui import tasks
    from annotator.ui.main_actions import run_import

    assert window.palette.button("PS") is None and window.session.scheme.entity("PS") is None
    run_import(window, [KLUE_EXCERPT])
    qtbot.waitUntil(lambda: not tasks._running, timeout=60_000)
    qtbot.waitUntil(lambda: window.palette.button("PS") is not None, timeout=5_000)
    assert window.session.scheme.entity("PS") is not None  # the session labels with it, not grey
    assert window.editor.style.color("PS").name() == window.session.scheme.entity("PS").color.lower()
    assert window.documents.model.rowCount() == window.project.count_documents()


TEXT = "중기부는 강원에 특구를 지정했다."


def _imported(window):
    doc = NewDocument(TEXT, title="imported", origin="/data/seeds_labelled.jsonl:1",
                      spans=[NewSpan(0, 3, "ORG"), NewSpan(5, 7, "LOC")], relations=[NewRelation(0, 1, "located_in")])
    doc_id = window.project.add_documents([doc]).imported[0]
    window.documents.model.reload()
    return doc_id


def test_a_reviewer_starts_from_the_imported_labels_without_being_credited(window):
    doc_id = _imported(window)
    assert window.open_document(doc_id)
    s = window.session
    mine = [(x.start, x.end, x.label, x.layer, x.reviewer) for x in s.state.spans]
    assert mine == [(0, 3, "ORG", "kim", ""), (5, 7, "LOC", "kim", "")]  # hers to edit, nobody's work yet
    assert len(s.state.relations) == 1 and s.state.other_spans == []  # the import itself is not listed twice
    assert window.entity_list.rowCount() == 2 and window.entity_list.isColumnHidden(2)
    s.resize_span(s.state.spans[1].id, 5, 8)  # edits as before
    assert window.project.spans(doc_id, "kim")[1].reviewer == "kim"  # now her label
    imported = window.project.spans(doc_id, "import:seeds_labelled.jsonl")
    assert [(x.label, x.reviewer) for x in imported] == [("ORG", ""), ("LOC", "")]  # the import is untouched
    s.delete_span(s.state.spans[0].id)
    s.delete_span(s.state.spans[0].id)
    window.open_document(window.project.document_ids()[0])
    window.open_document(doc_id)  # started once: deleting everything is not undone by reopening
    assert s.state.spans == [] and len(s.state.other_spans) == 2


@pytest.fixture
def layered(window, qtbot):
    """A document lee labelled (from the import, plus a ZONE of her own), opened by kim, who started it
    elsewhere without labels."""
    from annotator.store import Project

    doc_id = _imported(window)
    with Project.open(window.project.path, "lee") as lee:
        lee.start_from_imports(doc_id)
        lee.add_span(doc_id, 9, 11, "ZONE")  # 특구
    window.project.set_status(doc_id, "in_progress")
    assert window.open_document(doc_id)
    return window


def test_other_layers_are_shown_read_only_and_copied_into_my_layer(layered, qtbot):
    window = layered
    s = window.session
    assert s.state.spans == [] and {o.layer for o in s.state.other_spans} == {"import:seeds_labelled.jsonl", "lee"}
    assert not window.entity_list.isColumnHidden(2)  # the Layer column shows where they come from
    assert window.entity_list.rowCount() == 3  # an entity both layers hold is listed once, with both names
    model = window.entity_list.model()
    assert model.data(model.index(0, 2)) == "import:seeds_labelled.jsonl, lee"
    assert "2 in other layers" not in window.entities_dock.windowTitle()
    assert window.entities_dock.windowTitle() == "Entities (0 mine, 3 in other layers)"
    zone = next(o for o in s.state.other_spans if o.label == "ZONE")
    messages = []
    s.message.connect(messages.append)
    s.delete_span(zone.id)
    s.change_span_label(zone.id, "LOC")
    assert "read-only" in messages[0] and len(window.project.spans(s.doc_id, "lee")) == 3  # nothing changed
    window.editor._move_caret(zone.start + 1)
    window.editor.copy_other_span_at_caret()  # C: into kim's layer
    assert [(x.start, x.label, x.layer, x.reviewer) for x in s.state.spans] == [(9, "ZONE", "kim", "kim")]
    assert window.entity_list.rowCount() == 3  # lee's ZONE is now listed once, as kim's
    s.copy_layer("lee")  # the rest of lee's, with the relation between the copies
    assert [x.label for x in s.state.spans] == ["ORG", "LOC", "ZONE"] and len(s.state.relations) == 1
    assert s.state.other_spans == [] and window.entity_list.rowCount() == 3
    assert window.relation_list.row_ids() == [s.state.relations[0].id]
    s.undo_stack.undo()
    assert [x.label for x in s.state.spans] == ["ZONE"] and s.state.relations == []
    assert window.entity_list.rowCount() == 3


SESSION_OPS = st.lists(st.tuples(st.sampled_from(["add", "relabel", "resize", "delete", "relate", "undo", "redo",
                                                  "copy"]),
                                 st.integers(0, 10_000)), min_size=1, max_size=25)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=SESSION_OPS)
def test_any_sequence_of_edits_leaves_the_state_as_a_fresh_load(tmp_path_factory, qtbot, ops):
    """Oracle: after any edits, undos and redos, the session's state equals the store read afresh."""
    from annotator.core.document_state import DocumentState
    from annotator.store import Project
    from annotator.ui.session import Session

    text = "중기부는 강원 원주에서 규제자유특구 지정을 발표했다.\n김철수 장관이 참석해 120억 원을 투입한다고 밝혔다."
    project = Project.open(tmp_path_factory.mktemp("p") / "p.db", reviewer="kim")
    try:
        project.add_documents([NewDocument(text, origin="x.jsonl:1", spans=[NewSpan(0, 3, "ORG"), NewSpan(5, 7, "LOC")])])
        doc_id = project.document_ids()[0]
        project.set_status(doc_id, "in_progress")  # no start from the import: its labels stay another layer
        session = Session(project)
        session.open_document(doc_id)
        for op, n in ops:
            state = session.state
            if op == "add":
                start = n % (len(text) - 3)
                session.add_span(start, start + 1 + n % 3, ("ORG", "LOC", "PERSON")[n % 3])
            elif op == "undo":
                session.undo_stack.undo()
            elif op == "redo":
                session.undo_stack.redo()
            elif op == "copy" and state.other_spans:
                session.copy_spans([state.other_spans[n % len(state.other_spans)].id])
            elif state.spans:
                span = state.spans[n % len(state.spans)]
                if op == "relabel":
                    session.change_span_label(span.id, "LOC" if span.label != "LOC" else "ORG")
                elif op == "resize":
                    session.resize_span(span.id, span.start, min(len(text), span.end + 1))
                elif op == "delete":
                    session.delete_span(span.id)
                elif op == "relate" and len(state.spans) > 1:
                    other = state.spans[(n + 1) % len(state.spans)]
                    session.add_relation(span.id, other.id, "located_in")
        fresh = DocumentState()
        fresh.load(doc_id, text, "kim", project.spans(doc_id, all_layers=True),
                   project.relations(doc_id, all_layers=True), project.segments(doc_id))
        state = session.state
        assert state.spans == fresh.spans and state.by_id == fresh.by_id
        assert sorted(state.relations, key=lambda r: r.id) == sorted(fresh.relations, key=lambda r: r.id)
        assert state.other_spans == fresh.other_spans and state.also_in == fresh.also_in
    finally:
        project.close()


def test_changing_the_reviewer_edits_their_layer(window):
    doc_id = window.session.doc_id
    kim_count = len(window.session.state.spans)
    assert kim_count > 0 and window.session.undo_stack.count() == 0
    window.session.add_span(*(lambda i: (i, i + 2))(_free_range(window)), "ORG")
    window.set_reviewer("lee")
    s = window.session
    assert s.doc_id == doc_id and s.state.edit_layer == "lee" and s.undo_stack.count() == 0
    # lee starts from the import too; kim's entity of her own shows read-only (her copies equal lee's)
    assert len(s.state.spans) == kim_count and {x.layer for x in s.state.spans} == {"lee"}
    assert [(x.layer, x.label) for x in s.state.other_spans] == [("kim", "ORG")]
    added = s.add_span(*(lambda i: (i, i + 2))(_free_range(window)), "LOC")
    assert added is not None and added.layer == "lee"


def test_the_import_dialog_filter_is_the_format_table(window, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from annotator.io.formats import import_dialog_filter
    from annotator.ui.main_actions import import_files

    asked = []
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: asked.append(a) or ([], "")))
    import_files(window)
    shown = asked[0][3]
    assert shown == import_dialog_filter()
    assert "*.ann" in shown and "*.conllu" in shown and "*.ndjson" in shown and "*.zip" not in shown


def test_other_layers_can_be_hidden_for_an_independent_review(layered):
    window = layered
    s = window.session
    action = window.actions_by_name["other_layers"]
    assert action.isChecked() and window.entity_list.rowCount() == 3
    action.trigger()  # View > Show other layers' labels: off
    assert not s.state.show_others and s.state.other_spans == [] and s.state.has_other_layers
    assert window.entity_list.rowCount() == 0 and window.relation_list.rowCount() == 0
    assert window.entity_list.isColumnHidden(2) and window.entities_dock.windowTitle() == "Entities (0)"
    assert window.settings.value("view/other_layers") in (False, "false")
    s.add_span(0, 3, "ORG")  # labelling blind: the other layers' ORG here is no obstacle and stays hidden
    assert window.entity_list.rowCount() == 1
    action.trigger()
    assert s.state.show_others and window.entity_list.rowCount() == 3  # kim's ORG now stands for both
