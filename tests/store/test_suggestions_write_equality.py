"""write_suggestions (batched reads, one DELETE, a fast path for disjoint proposals) stores exactly what the
plain per-document, best-first loop it replaced stores: the reference below, kept here. A property over random
batches: documents with the reviewer's labels, their rejected proposals, overlapping or disjoint proposals.
Decisions are each reviewer's own (README "Several reviewers on one file"): the run is stored for everyone, and
what the reviewer has pending of it (not rejected by them, not under their labels) is what the counts say."""

from __future__ import annotations

import bisect

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from annotator.core.model import NewDocument
from annotator.core.suggestions import NewSuggestion
from annotator.store import Project, imported_labels

LABELS = ("ORG", "LOC", "DATE", "PERSON")
TEXT_LENGTH = 40


def reference_kept(items, rejected, labelled):
    """The old loop: best first (higher score, then earlier, then shorter), each kept unless rejected, over a
    label, or over one kept before; (kept by start, skipped rejected, skipped labelled)."""
    kept, skipped_rejected, skipped_labelled = [], 0, 0
    for item in sorted(items, key=lambda s: (-s.score, s.start, s.end)):
        if (item.start, item.end, item.label) in rejected:
            skipped_rejected += 1
        elif any(a < item.end and item.start < b for a, b in labelled):
            skipped_labelled += 1
        elif all(k.end <= item.start or item.end <= k.start for k in kept):
            bisect.insort(kept, item, key=lambda s: s.start)
    return kept, skipped_rejected, skipped_labelled


_span = st.tuples(st.integers(0, TEXT_LENGTH - 1), st.integers(1, 6)).map(
    lambda t: (t[0], min(TEXT_LENGTH, t[0] + t[1])))
_proposal = st.builds(lambda span, label, source, score: NewSuggestion(span[0], span[1], label, source, score, "d"),
                      _span, st.sampled_from(LABELS), st.sampled_from(("dictionary", "patterns", "model")),
                      st.sampled_from((0.1, 0.5, 0.5, 0.9)))


def _disjoint(items):
    out = []
    for item in sorted(items, key=lambda s: (s.start, s.end)):
        if not out or out[-1].end <= item.start:
            out.append(item)
    return out


@st.composite
def _documents(draw):
    docs = []
    for _ in range(draw(st.integers(1, 4))):
        proposals = draw(st.lists(_proposal, max_size=12))
        if draw(st.booleans()):
            proposals = _disjoint(proposals)  # as the engines give them: the fast path
        labelled = draw(st.lists(st.tuples(_span, st.sampled_from(LABELS)), max_size=3))
        rejected = [(p.start, p.end, p.label) for p in proposals if draw(st.integers(0, 4)) == 0]
        docs.append((proposals, labelled, rejected))
    return docs


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("write-equality")


@pytest.mark.parametrize("bulk_min_rows", [1, 1 << 40], ids=["bounds-trigger-aside", "row-by-row"])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(docs=_documents())
def test_the_batched_write_stores_what_the_old_loop_stored(folder, monkeypatch, bulk_min_rows, docs):
    # every batch through imported_labels.insert_span_rows' big-batch path (the trigger set aside, the indexes
    # too when the batch is large beside the table), or none
    monkeypatch.setattr(imported_labels, "BULK_MIN_ROWS", bulk_min_rows)
    path = folder / "p.db"
    path.unlink(missing_ok=True)
    with Project.open(path, "kim") as project:
        project.add_documents([NewDocument("가" * TEXT_LENGTH + f" {i}") for i in range(len(docs))])
        ids = project.document_ids()
        expected = {"skipped_rejected": 0, "skipped_labelled": 0, "by_label": {}, "by_source": {}}
        stored_expected, pending_expected = {}, {}
        for doc_id, (proposals, labelled, rejected) in zip(ids, docs):
            mine = []
            for (start, end), label in labelled:  # the reviewer's own layer: flat, so overlaps are skipped
                if all(end <= a or b <= start for a, b in mine):
                    project.add_span(doc_id, start, end, label)
                    mine.append((start, end))
            if rejected:  # a run, then rejections: remembered for the document
                project.write_suggestions({doc_id: [NewSuggestion(s, e, label, "model", 0.5)
                                                    for s, e, label in dict.fromkeys(rejected)
                                                    if all(e <= a or b <= s for a, b in mine)]})
                pending = {(s.start, s.end, s.label): s.id for s in project.suggestions(doc_id)}
                project.reject_suggestions(list(pending.values()))
            refused = project.rejected_suggestions(doc_id)
            kept, _none_rejected, _none_labelled = reference_kept(proposals, set(), [])  # for everyone
            pending = []
            for item in kept:
                if (item.start, item.end, item.label) in refused:
                    expected["skipped_rejected"] += 1
                elif any(a < item.end and item.start < b for a, b in mine):
                    expected["skipped_labelled"] += 1
                else:
                    pending.append(item)
            for item in pending:
                expected["by_label"][item.label] = expected["by_label"].get(item.label, 0) + 1
                expected["by_source"][item.source] = expected["by_source"].get(item.source, 0) + 1
            stored_expected[doc_id] = [(s.start, s.end, s.label, s.source, s.score, s.detail) for s in kept]
            pending_expected[doc_id] = [(s.start, s.end, s.label, s.source, s.score, s.detail) for s in pending]
        written = project.write_suggestions(dict(zip(ids, (d[0] for d in docs))), sources="dictionary")
        assert written.documents == len(docs)
        assert written.written == sum(map(len, pending_expected.values()))
        assert (written.skipped_rejected, written.skipped_labelled) == (expected["skipped_rejected"],
                                                                        expected["skipped_labelled"])
        assert written.by_label == expected["by_label"] and list(written.by_label) == list(expected["by_label"])
        assert written.by_source == expected["by_source"]
        for doc_id in ids:
            stored = [(s.start, s.end, s.label, s.source, s.score, s.detail)
                      for s in project.suggestions(doc_id, everyone=True)]
            assert stored == stored_expected[doc_id]
            assert [(s.start, s.end, s.label, s.source, s.score, s.detail)
                    for s in project.suggestions(doc_id)] == pending_expected[doc_id]
        again = project.write_suggestions({ids[0]: []})  # a rerun replaces the undecided ones
        assert again.replaced == len(stored_expected[ids[0]])
        assert project.suggestions(ids[0]) == []


def test_an_unknown_document_is_refused_and_nothing_is_written(tmp_path):
    with Project.open(tmp_path / "p.db", "kim") as project:
        project.add_documents([NewDocument("가나다라마바사")])
        with pytest.raises(Exception, match="document 99 does not exist"):
            project.write_suggestions({1: [NewSuggestion(0, 2, "ORG", "model", 0.5)], 99: []})
        assert project.suggestions(1) == []


def test_a_rerun_never_reuses_the_id_of_a_replaced_suggestion(tmp_path):
    with Project.open(tmp_path / "p.db", "kim") as project:
        project.add_documents([NewDocument("가나다라마바사아자차")])
        project.write_suggestions({1: [NewSuggestion(0, 2, "ORG", "model", 0.5), NewSuggestion(3, 5, "LOC", "model", 0.5)]})
        before = max(s.id for s in project.suggestions(1))
        project.write_suggestions({1: [NewSuggestion(0, 2, "ORG", "model", 0.6)]})
        assert [s.id for s in project.suggestions(1)] == [before + 1]


def test_a_big_rerun_sets_the_bounds_trigger_aside_and_leaves_the_schema_as_it_was(tmp_path, monkeypatch):
    import sqlite3

    monkeypatch.setattr(imported_labels, "BULK_MIN_ROWS", 50)
    path = tmp_path / "p.db"
    with Project.open(path, "kim") as project:
        project.add_documents([NewDocument("가" * 400 + f" {i}") for i in range(5)])
        ids = project.document_ids()
        sources = ("patterns", "dictionary")
        batch = {d: [NewSuggestion(k * 4, k * 4 + 2, LABELS[k % 4], sources[k % 2], k / 40, f"{d}.{k}")
                     for k in range(40)] for d in ids}
        project.write_suggestions(batch)  # 200 rows into a table without spans: bulk-loaded, indexes made again
        for d in ids:  # info rows many to a statement: each with its own span
            assert [(s.start, s.end, s.label, s.source, s.score, s.detail) for s in project.suggestions(d)] == [
                (s.start, s.end, s.label, s.source, s.score, s.detail) for s in batch[d]]

        def schema():
            with sqlite3.connect(path) as con:
                return (sorted(con.execute("SELECT type, name, sql FROM sqlite_master")),
                        dict(con.execute("SELECT name, rootpage FROM sqlite_master WHERE type = 'index'")))

        sql, pages = schema()
        statements: list[str] = []
        project.conn.set_trace_callback(statements.append)
        rescored = {d: [NewSuggestion(s.start, s.end, s.label, s.source, 0.6) for s in batch[d]] for d in ids}
        project.write_suggestions({ids[0]: rescored[ids[0]][:30], ids[1]: rescored[ids[1]]})  # 70 new beside 200
        assert schema() == (sql, pages)  # the trigger is back; the indexes were kept (same pages)
        project.conn.set_trace_callback(None)
        ddl = [q.split(" ON ")[0] for q in statements if q.startswith(("DROP", "CREATE"))]
        assert ddl == ['DROP TRIGGER "spans_within_text"', "CREATE TRIGGER spans_within_text BEFORE INSERT"]
        with sqlite3.connect(path) as con:
            assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert len(project.suggestions(ids[0])) == 30 and len(project.suggestions(ids[1])) == 40
        with pytest.raises(Exception, match="beyond the document text"):  # the database refuses it again
            with project.transaction() as c:
                c.execute('UPDATE spans SET "end" = 100000 WHERE doc_id = ?', (ids[0],))


def test_a_rerun_keeps_the_rows_it_proposes_again_exactly_and_replaces_the_others(tmp_path):
    with Project.open(tmp_path / "p.db", "kim") as project:
        project.add_documents([NewDocument("가나다라마바사아자차카타파하"),
                               NewDocument("하파타카차자아사바마라다나가")])
        same, moved = NewSuggestion(0, 2, "ORG", "model", 0.5, "d"), NewSuggestion(3, 5, "LOC", "model", 0.5)
        rescored = NewSuggestion(6, 8, "DATE", "patterns", 0.5)
        project.write_suggestions({1: [same, moved, rescored], 2: [same]})
        before = {(s.doc_id, s.start): s for d in (1, 2) for s in project.suggestions(d)}
        top = max(s.id for s in before.values())
        again = project.write_suggestions({1: [same, NewSuggestion(3, 6, "LOC", "model", 0.5),
                                               NewSuggestion(6, 8, "DATE", "patterns", 0.7)], 2: []})
        assert again.replaced == 4 and again.written == 3  # counted as before: every stored one was replaced
        after = {(s.doc_id, s.start): s for s in project.suggestions(1)}
        assert after[(1, 0)] == before[(1, 0)]  # the same row: id and time
        assert after[(1, 3)].end == 6 and after[(1, 6)].score == 0.7
        assert sorted(after[(1, k)].id for k in (3, 6)) == [top + 1, top + 2]  # new ids, never an old one
        assert project.suggestions(2) == []
        assert project.conn.execute("SELECT COUNT(*) FROM suggestion_info").fetchone()[0] == 3


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=st.lists(st.lists(_proposal, max_size=10), min_size=1, max_size=3), data=st.data())
def test_a_rerun_stores_what_the_old_loop_stored_keeping_the_ids_of_what_it_proposed_again(folder, first, data):
    path = folder / "rerun.db"
    path.unlink(missing_ok=True)
    with Project.open(path, "kim") as project:
        project.add_documents([NewDocument("가" * TEXT_LENGTH + f" {i}") for i in range(len(first))])
        ids = project.document_ids()
        project.write_suggestions(dict(zip(ids, first)))
        before = {d: {(s.start, s.end, s.label, s.source, s.score, s.detail): s.id for s in project.suggestions(d)}
                  for d in ids}
        top = project.conn.execute("SELECT MAX(id) FROM spans").fetchone()[0] or 0
        second = [data.draw(st.lists(st.sampled_from(items), unique=True)) + data.draw(st.lists(_proposal, max_size=4))
                  if items else data.draw(st.lists(_proposal, max_size=4)) for items in first]
        again = project.write_suggestions(dict(zip(ids, second)))
        assert again.replaced == sum(map(len, before.values()))
        for doc_id, proposals in zip(ids, second):
            kept, _r, _l = reference_kept(proposals, set(), [])
            stored = project.suggestions(doc_id)
            assert [(s.start, s.end, s.label, s.source, s.score, s.detail) for s in stored] == [
                (s.start, s.end, s.label, s.source, s.score, s.detail) for s in kept]
            for s in stored:  # proposed again exactly: the same row; else a new id above every old one
                key = (s.start, s.end, s.label, s.source, s.score, s.detail)
                assert s.id == before[doc_id][key] if key in before[doc_id] else s.id > top
        assert project.conn.execute("SELECT COUNT(*) FROM suggestion_info").fetchone()[0] == \
            project.conn.execute("SELECT COUNT(*) FROM spans").fetchone()[0]
