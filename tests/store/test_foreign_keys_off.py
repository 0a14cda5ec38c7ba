"""A batch whose spans are bulk-loaded is stored with foreign keys off, their rule checked once per document,
layer and label (annotator.store.imported_labels), and a document's spans that are in order go in with one pass.
Every table, every problem (FILE:LINE) and every refusal are those of the code before, whose rows SQLite's own
keys checked one by one (tests/store/span_import_oracle.py, kept verbatim): bad and overlapping spans, unknown
labels, broken lines, and labels deleted by another program after the import read the scheme. The code before
also made a NewSpan of each parsed span (JSONL spans now stay triples until the INSERT: core.model.SpanTriples)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from itertools import starmap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings, strategies as st

from annotator.core.model import NewDocument, NewRelation, NewSpan
from annotator.io.importers import jsonl, jsonl_labels, runner
from annotator.store import Project, bulk_insert, imported_labels
from annotator.store import project as project_module
from annotator.store.errors import AnnotationError
from annotator.store.foreign_keys import keys_aside
from tests.io.test_import_bulk_paths import import_lines, labelled_records
from tests.store import span_import_oracle

REPO = Path(__file__).resolve().parents[2]
GHOST = "GHOST"  # a label the project held when the import read its scheme, deleted since by another program
GHOST_ID = 10**6


@st.composite
def records(draw):
    """The bulk-path records of test_import_bulk_paths, plus records whose spans or relations use GHOST."""
    lines = draw(labelled_records())
    for n in range(draw(st.integers(0, 2))):  # in order but for one edge: the one-pass path must send them on
        text = f"가장자리{n} 가나다"
        cuts = sorted(draw(st.lists(st.integers(-1, len(text) + 1), min_size=2, max_size=8)))
        spans = [[a, b, "ORG"] for a, b in zip(cuts, cuts[1:])]  # adjacent, empty, before 0 or past the end
        lines.insert(draw(st.integers(0, len(lines))), json.dumps({"text": text, "label": spans}, ensure_ascii=False))
    for n in range(draw(st.integers(0, 2))):
        text = f"유령{n} " + "가나다라마바사" * 3
        if draw(st.booleans()):
            spans = [[2 * i, 2 * i + 1, draw(st.sampled_from(("ORG", GHOST)))] for i in range(draw(st.integers(1, 6)))]
            record = {"text": text, "label": spans}
        else:
            ents = [{"id": i, "start_offset": 2 * i, "end_offset": 2 * i + 1, "label": "ORG"} for i in range(3)]
            record = {"text": text, "entities": ents, "relations": [{"from_id": 0, "to_id": 1, "type": GHOST}]}
        lines.insert(draw(st.integers(0, len(lines))), json.dumps(record, ensure_ascii=False))
    return lines


def run_import(folder: Path, lines: list[str], *, before: bool, ghost: bool, add_labels: bool, monkeypatch):
    """Import the lines into a new project in `folder` with the code before (`before`) or now."""
    with monkeypatch.context() as m:
        if before:
            m.setattr(project_module, "add_imported_labels", span_import_oracle.add_imported_labels)
            m.setattr(jsonl, "read_labels_flat", flattened_read_labels)  # the parse read tuples...
            m.setattr(jsonl, "SpanTriples", lambda flat: list(starmap(NewSpan, zip(*[iter(flat)] * 3))))  # ...NewSpans
            m.setattr(project_module, "keys_set_aside", lambda batch: False)
        if ghost:
            read = Project._label_ids
            m.setattr(Project, "_label_ids", lambda self, kind: {**read(self, kind), GHOST: GHOST_ID})
        return import_lines(folder, lines, add_labels=add_labels, check=keys_on_and_held)


def flattened_read_labels(record):
    """The parse before: read_labels' tuples (made flat only to be handed on)."""
    spans, relations, problems = jsonl_labels.read_labels(record)
    return [value for span in spans for value in span], relations, problems


def keys_on_and_held(project) -> None:
    assert project.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1  # on again, whatever happened
    assert project.conn.execute("PRAGMA foreign_key_check").fetchall() == []


UNKNOWN_IN_ORDER = [json.dumps({"text": "유령0 가나다라마바사", "label": [[0, 1, "ORG"], [2, 3, GHOST]]},
                               ensure_ascii=False)]  # a label the scheme lacks, in the one-pass path


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records(), st.booleans(), st.booleans(), st.sampled_from([1, 4, 1 << 40]), st.sampled_from([3, 128]))
@example(UNKNOWN_IN_ORDER, False, False, 1, 3)
@example(UNKNOWN_IN_ORDER, False, True, 1 << 40, 128)
def test_every_table_and_problem_is_what_row_by_row_keys_gave(tmp_path_factory, monkeypatch, lines, add_labels,
                                                              ghost, bulk_min, chunk):
    monkeypatch.setattr(runner, "CHUNK_DOCS", chunk)
    monkeypatch.setattr(imported_labels, "BULK_MIN_ROWS", bulk_min)
    monkeypatch.setattr(bulk_insert, "ROWS_PER_STATEMENT", 3)
    folder = tmp_path_factory.mktemp("import")
    reference = run_import(folder, lines, before=True, ghost=ghost, add_labels=add_labels, monkeypatch=monkeypatch)
    report, tables = run_import(folder, lines, before=False, ghost=ghost, add_labels=add_labels,
                                monkeypatch=monkeypatch)
    assert report == reference[0]
    assert tables == reference[1]
    assert all(p.startswith(f"{folder / 'in.jsonl'}:") for p in report["problems"])


def many_spans(count: int, spans_each: int, label: str = "ORG", tag: str = "") -> list[NewDocument]:
    text = "가나다라마바사아자차카타파하" * 20
    return [NewDocument(f"{tag}{i}번 {text}", origin=f"in.jsonl:{i + 1}",
                        spans=[NewSpan(3 * k + 3, 3 * k + 5, label if k == 7 else "ORG") for k in range(spans_each)])
            for i in range(count)]


@pytest.mark.parametrize("skipped", [False, True])
def test_a_label_deleted_meanwhile_refuses_the_batch_as_the_keys_did(project, monkeypatch, skipped):
    """The same AnnotationError, nothing stored, keys on again after, whether the batch is bulk-loaded or (most
    spans skipped) stored row by row."""
    monkeypatch.setattr(imported_labels, "BULK_MIN_ROWS", 100)
    read = Project._label_ids
    monkeypatch.setattr(Project, "_label_ids", lambda self, kind: {**read(self, kind), GHOST: GHOST_ID})
    docs = many_spans(3, 40, GHOST)
    if skipped:  # 120 spans predicted, 3 stored
        for doc in docs:
            doc.spans = [sp if k == 7 else NewSpan(sp.start, sp.end, "NOT_IN_SCHEME") for k, sp in enumerate(doc.spans)]
    outcomes = []
    for oracle in (True, False):
        with monkeypatch.context() as m:
            if oracle:
                m.setattr(project_module, "add_imported_labels", span_import_oracle.add_imported_labels)
                m.setattr(project_module, "keys_set_aside", lambda batch: False)
            with pytest.raises(AnnotationError) as refused:
                project.add_documents(docs, batch_size=100)
        outcomes.append((str(refused.value), project.conn.execute("SELECT COUNT(*) FROM documents").fetchone(),
                         project.conn.execute("PRAGMA foreign_keys").fetchone()))
    assert outcomes[0] == outcomes[1] == ("FOREIGN KEY constraint failed", (0,), (1,))
    assert project.add_documents(many_spans(3, 40), batch_size=100).spans == 120  # and the next batch goes in


def test_the_keys_are_off_only_around_a_bulk_batch_and_on_again_after(project, monkeypatch):
    monkeypatch.setattr(imported_labels, "BULK_MIN_ROWS", 100)
    seen: list[int] = []
    real = imported_labels.insert_span_rows

    def watched(c, rows, *args, **kw):
        seen.append(c.execute("PRAGMA foreign_keys").fetchone()[0])
        real(c, rows, *args, **kw)

    monkeypatch.setattr(imported_labels, "insert_span_rows", watched)
    project.add_documents(many_spans(2, 40, tag="a"), batch_size=100)  # 80 spans: row by row, keys on
    project.add_documents(many_spans(3, 40, tag="b"), batch_size=100)  # 120: bulk, keys off
    assert seen == [1, 0]
    assert project.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


NO_FOREIGN_KEYS = {"documents", "line_frequencies", "source_documents"}
WRITTEN_THEIR_PARENTS = {"doc_state", "doc_meta", "doc_lines", "layers"}  # keyed on rows this batch wrote itself
CHECKED = {"spans", "relations"}  # checked once per parent by add_imported_labels


def test_a_keys_off_batch_writes_no_table_whose_keys_nothing_checks_and_deletes_nothing(project, monkeypatch):
    """What keys_set_aside's proof relies on: if an import's transaction ever writes another table, or deletes
    (a cascade the keys would have made), this fails and the proof has to cover it."""
    monkeypatch.setattr(imported_labels, "BULK_MIN_ROWS", 100)
    docs = many_spans(3, 40, tag="c")
    docs[0].relations = [NewRelation(0, 1, "belongs_to")]
    written: set[tuple[int, str]] = set()

    def note(action, arg1, arg2, db_name, source):
        if action in (sqlite3.SQLITE_INSERT, sqlite3.SQLITE_UPDATE, sqlite3.SQLITE_DELETE) \
                and not arg1.startswith("sqlite_"):
            written.add((action, arg1))
        return sqlite3.SQLITE_OK

    project.conn.set_authorizer(note)
    result = project.add_documents(docs, batch_size=100, line_counts=[("src", ["한 줄", "두 줄"])])
    project.conn.set_authorizer(None)
    assert result.spans == 120 and result.relations == 1
    tables = {table for _, table in written}
    assert {action for action, _ in written} <= {sqlite3.SQLITE_INSERT, sqlite3.SQLITE_UPDATE}
    assert tables <= NO_FOREIGN_KEYS | WRITTEN_THEIR_PARENTS | CHECKED, tables
    for table in NO_FOREIGN_KEYS:
        assert project.conn.execute(f"PRAGMA foreign_key_list({table})").fetchall() == []


KILLED_WITH_KEYS_OFF = r"""
import os, signal, sys
from annotator.core.model import NewDocument, NewSpan
from annotator.store import Project, imported_labels
real = imported_labels.insert_flat

def killed_halfway(c, insert, values, **kw):  # the span rows given flat, five values a row
    real(c, insert, values[:len(values) // 10 * 5], **kw)
    print("keys", c.execute("PRAGMA foreign_keys").fetchone()[0], flush=True)
    os.kill(os.getpid(), signal.SIGKILL)

imported_labels.insert_flat = killed_halfway
project = Project.open(sys.argv[1], "writer")
text = "가나다라마바사아자차카타파하" * 20
project.add_documents([NewDocument(f"{i}번 {text}", spans=[NewSpan(3 * k + 3, 3 * k + 5, "ORG") for k in range(60)])
                       for i in range(40)], batch_size=1000)
"""


def test_a_kill_during_a_keys_off_batch_loses_nothing_stored_and_the_keys_hold_after(project, db_path):
    kept = project.add_documents(many_spans(1, 5, tag="kept")).imported[0]
    project.close()
    child = subprocess.run([sys.executable, "-c", KILLED_WITH_KEYS_OFF, str(db_path)], capture_output=True,
                           text=True, timeout=120, env=dict(os.environ, PYTHONPATH=str(REPO)))
    assert child.returncode == -signal.SIGKILL and child.stdout == "keys 0\n", child.stderr
    with Project.open(db_path, "reader") as again:
        c = again.conn
        assert c.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert c.execute("PRAGMA foreign_key_check").fetchall() == []
        assert [r[0] for r in c.execute("SELECT id FROM documents")] == [kept]
        assert c.execute("SELECT COUNT(*) FROM spans").fetchone()[0] == 5
        with pytest.raises(AnnotationError, match="FOREIGN KEY"):
            with again.transaction() as t:
                t.execute("INSERT INTO spans(doc_id, layer_id, start, \"end\", label_id, created_at)"
                          " SELECT ?, id, 0, 1, ?, 'now' FROM layers LIMIT 1", (kept, GHOST_ID))



def test_the_keys_stay_as_they_were_inside_an_open_transaction_or_when_already_off(project):
    conn = project.conn
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT INTO meta(key, value) VALUES ('x', '1')")
    with keys_aside(conn) as off:
        assert not off and imported_labels.keys_in_force(conn)  # SQLite would ignore the pragma: it checks the rows
    assert conn.in_transaction  # the caller's transaction is not rolled back
    conn.execute("COMMIT")
    assert project.get_meta("x") == "1"
    conn.execute("PRAGMA foreign_keys = OFF")
    with keys_aside(conn):
        pass
    assert not imported_labels.keys_in_force(conn)  # not switched on by a block that did not switch it off
    conn.execute("PRAGMA foreign_keys = ON")
    with pytest.raises(RuntimeError):
        with keys_aside(conn):
            conn.execute("BEGIN IMMEDIATE")  # left open by a failure: rolled back, then the keys go on again
            raise RuntimeError
    assert imported_labels.keys_in_force(conn) and not conn.in_transaction
