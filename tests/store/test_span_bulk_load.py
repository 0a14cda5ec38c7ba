"""A large span batch is bulk-loaded (indexes and the bounds trigger set aside inside the import transaction, the
batch checked with one join, both made again): the schema after is the same, bad rows are still refused, a kill
rolls all of it back, and another connection on the project keeps working."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.core.model import NewDocument, NewSpan
from annotator.store import Project, bulk_insert, imported_labels
from annotator.store.errors import AnnotationError

REPO = Path(__file__).resolve().parents[2]


def schema_of(db) -> list[tuple]:
    """Every schema object as SQL (sorted: a bulk load gives the indexes new rows and pages in sqlite_master)."""
    with sqlite3.connect(db) as con:
        return sorted(con.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"))


def rootpages(db) -> dict[str, int]:
    with sqlite3.connect(db) as con:
        return dict(con.execute("SELECT name, rootpage FROM sqlite_master WHERE tbl_name = 'spans'"))


def labelled_docs(count: int, spans_each: int, tag: str = "") -> list[NewDocument]:
    text_of = "가나다라마바사아자차카타파하" * 20
    return [NewDocument(f"{tag}{i}번 {text_of}", origin=f"in.jsonl:{i + 1}",
                        spans=[NewSpan(3 * k + 3, 3 * k + 5, ("ORG", "PERSON", "LOC")[k % 3]) for k in range(spans_each)])
            for i in range(count)]


def spans_via(db, index: str) -> list[tuple]:
    with sqlite3.connect(db) as con:
        return con.execute(f'SELECT id, doc_id, layer_id, start, "end", label_id FROM spans INDEXED BY {index}'
                           " ORDER BY id").fetchall()


def assert_trigger_refuses(project, doc_id: int) -> None:
    """The bounds trigger is in force: a row past the text is refused by the database itself."""
    with pytest.raises(AnnotationError, match="beyond the document text"):
        with project.transaction() as c:
            c.execute("INSERT INTO spans(doc_id, layer_id, start, \"end\", label_id, created_at)"
                      " SELECT ?, id, 0, 100000, (SELECT MIN(id) FROM labels), 'now' FROM layers LIMIT 1", (doc_id,))


def test_a_big_batch_into_a_new_project_is_bulk_loaded_and_the_schema_is_unchanged(project, db_path):
    before, pages = schema_of(db_path), rootpages(db_path)
    result = project.add_documents(labelled_docs(40, 60), batch_size=1000)
    assert result.spans == 2400 >= imported_labels.BULK_MIN_ROWS and not result.problems
    assert schema_of(db_path) == before
    changed = {name for name, page in rootpages(db_path).items() if page != pages[name]}
    assert changed == {"spans_by_label", "spans_by_layer"}  # made again: the bulk path ran
    # (spans_by_doc is kept up: the rows come in the order of its key, imported_labels.ROWS_IN_ORDER_OF)
    with sqlite3.connect(db_path) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        plain = con.execute('SELECT id, doc_id, layer_id, start, "end", label_id FROM spans ORDER BY id').fetchall()
    for index in ("spans_by_doc", "spans_by_label", "spans_by_layer"):  # every index holds every row
        assert spans_via(db_path, index) == plain
    # the trigger is back: an edit beyond the text is refused
    doc_id = result.imported[0]
    with pytest.raises(AnnotationError, match="beyond the document text"):
        with project.transaction() as c:
            c.execute('UPDATE spans SET "end" = 10000 WHERE doc_id = ?', (doc_id,))


def test_small_batches_and_batches_small_beside_the_table_keep_the_indexes(project, db_path):
    project.add_documents(labelled_docs(40, 60, "a"), batch_size=1000)
    pages = rootpages(db_path)
    project.add_documents(labelled_docs(2, 60, "b"))  # 120 rows: row by row
    project.add_documents(labelled_docs(30, 60, "c"), batch_size=1000)  # 1,800 < BULK_MIN_ROWS
    assert rootpages(db_path) == pages
    project.add_documents(labelled_docs(35, 60, "d"), batch_size=1000)  # 2,100 rows beside 4,320 (over BULK_MAX_EXISTING_RATIO times): row by row
    assert rootpages(db_path) == pages


def test_a_big_batch_beside_a_bigger_table_sets_the_trigger_aside_and_keeps_the_indexes(project, db_path):
    project.add_documents(labelled_docs(120, 60, "a"), batch_size=1000)  # 7,200 rows
    before, pages = schema_of(db_path), rootpages(db_path)
    rows, _ = _rows_beyond_the_text(project)  # 3,000 rows beside 7,200: indexes kept, the trigger set aside
    after_id = project.conn.execute("SELECT MAX(id) FROM spans").fetchone()[0]
    rows = [(after_id + row[0], *row[1:]) for row in rows]
    with pytest.raises(AnnotationError, match="beyond the document text"):  # the join stands in for the trigger
        with project.transaction() as c:
            imported_labels.insert_span_rows(c, rows, after_id, "now")
    good = [row[:4] + (2,) + row[5:] for row in rows]
    statements: list[str] = []
    project.conn.set_trace_callback(statements.append)
    with project.transaction() as c:
        imported_labels.insert_span_rows(c, good, after_id, "now")
    project.conn.set_trace_callback(None)
    assert [s.split(" ON ")[0] for s in statements if s.startswith(("DROP", "CREATE"))] == [
        'DROP TRIGGER "spans_within_text"', "CREATE TRIGGER spans_within_text BEFORE INSERT"]
    assert schema_of(db_path) == before and rootpages(db_path) == pages  # no index was made again
    assert project.conn.execute("SELECT COUNT(*) FROM spans WHERE id > ?", (after_id,)).fetchone()[0] == 3000
    assert spans_via(db_path, "spans_by_layer") == spans_via(db_path, "spans_by_doc")
    assert_trigger_refuses(project, good[0][1])


@pytest.mark.parametrize("count", [0, 1, 249, 250, 251, 2999, 3001])
def test_rows_many_to_a_statement_store_what_one_row_a_statement_stores(project, count):
    doc_id = project.add_documents([NewDocument("가" * 4000)]).imported[0]
    layer = project.conn.execute("SELECT id FROM layers LIMIT 1").fetchone()[0]
    labels = [r[0] for r in project.conn.execute("SELECT id FROM labels WHERE kind = 'entity'")]
    rows = [(i + 1, doc_id, layer, i, i + 1 + i % 7, labels[i % len(labels)]) for i in range(count)]
    with project.transaction() as c:
        bulk_insert.insert_grouped(c, imported_labels.imported_span_insert("2026-01-02T03:04:05+00:00"), rows)
    stored = project.conn.execute('SELECT id, doc_id, layer_id, start, "end", label_id, reviewer_id, created_at'
                                  " FROM spans ORDER BY id").fetchall()
    assert stored == [(*row, None, "2026-01-02T03:04:05+00:00") for row in rows]


@pytest.mark.parametrize("before, count", [(0, 5), (0, 3001), (40, 3001), (3000, 3001), (4000, 10)])
def test_rows_without_ids_store_what_rows_with_their_ids_store(project, db_path, tmp_path, before, count):
    """ids=False: SQLite gives each row the largest id + 1, which is the id the caller counted."""
    doc_id = project.add_documents([NewDocument("가" * 9000)]).imported[0]
    layer = project.conn.execute("SELECT id FROM layers LIMIT 1").fetchone()[0]
    labels = [r[0] for r in project.conn.execute("SELECT id FROM labels WHERE kind = 'entity'")]
    rows = [(i + 1, doc_id, layer, i, i + 1 + i % 7, labels[i % len(labels)]) for i in range(before + count)]
    with project.transaction() as c:
        imported_labels.insert_span_rows(c, rows[:before], 0, "earlier")
    project.close()
    twins = [tmp_path / f"twin{n}.db" for n in range(3)]
    for twin in twins:
        with sqlite3.connect(db_path) as source, sqlite3.connect(twin) as copy:
            source.backup(copy)

    def stored(path, given_ids: bool, flat: bool = False) -> tuple[list, list]:
        with Project.open(path, "tester") as p, p.transaction() as c:
            new = rows[before:] if given_ids else [row[1:] for row in rows[before:]]
            if flat:  # the same rows given flat (an import's, and a suggestion write's with ids)
                new = [value for row in new for value in row]
            imported_labels.insert_span_rows(c, new, before, "2026-01-02T03:04:05+00:00", ids=given_ids, flat=flat)
        with sqlite3.connect(path) as con:
            every = con.execute("SELECT * FROM spans ORDER BY id").fetchall()
        return every, [spans_via(path, index) for index in ("spans_by_doc", "spans_by_layer", "spans_by_label")], \
            schema_of(path)

    assert stored(db_path, True) == stored(twins[0], False) == stored(twins[1], False, True) \
        == stored(twins[2], True, True)


def test_rows_without_ids_next_to_the_largest_id_are_given_theirs(project):
    """Past the largest id SQLite picks ids at random: the rows then go in with the ids they would have had."""
    doc_id = project.add_documents([NewDocument("가" * 100)]).imported[0]
    layer = project.conn.execute("SELECT id FROM layers LIMIT 1").fetchone()[0]
    label = project.conn.execute("SELECT id FROM labels WHERE kind = 'entity' LIMIT 1").fetchone()[0]
    top = imported_labels.MAX_ROWID - 3
    with project.transaction() as c:
        imported_labels.insert_span_rows(c, [(top, doc_id, layer, 0, 1, label)], 0, "t")
        imported_labels.insert_span_rows(c, [(doc_id, layer, i, i + 1, label) for i in (1, 2)], top, "t",
                                         ids=False)
        imported_labels.insert_span_rows(c, [doc_id, layer, 3, 4, label], top + 2, "t", ids=False, flat=True)
    assert [r[0] for r in project.conn.execute("SELECT id FROM spans ORDER BY id")] == [top, top + 1, top + 2, top + 3]
    assert [r[0] for r in project.conn.execute("SELECT start FROM spans ORDER BY id")] == [0, 1, 2, 3]


def test_a_short_row_is_refused_not_shifted_into_the_next(project):
    doc_id = project.add_documents([NewDocument("가" * 4000)]).imported[0]
    layer = project.conn.execute("SELECT id FROM layers LIMIT 1").fetchone()[0]
    label = project.conn.execute("SELECT id FROM labels WHERE kind = 'entity' LIMIT 1").fetchone()[0]
    rows = [(i + 1, doc_id, layer, i, i + 1, label) for i in range(600)]
    rows[10] = rows[10][:5]
    with pytest.raises(ValueError, match="6 values"):
        with project.transaction() as c:
            bulk_insert.insert_grouped(c, imported_labels.imported_span_insert("now"), rows)
    assert project.conn.execute("SELECT COUNT(*) FROM spans").fetchone()[0] == 0


def _rows_beyond_the_text(project) -> tuple[list[tuple], int]:
    doc_id = project.add_documents([NewDocument("짧은 글")]).imported[0]
    layer = project.conn.execute("SELECT id FROM layers LIMIT 1").fetchone()[0]
    label = project.conn.execute("SELECT id FROM labels WHERE kind = 'entity' LIMIT 1").fetchone()[0]
    rows = [(i + 1, doc_id, layer, 0, 2 if i != 1500 else 99, label) for i in range(3000)]
    return rows, label


def test_a_row_beyond_its_text_fails_the_batch_and_the_rollback_restores_the_schema(project, db_path):
    rows, _ = _rows_beyond_the_text(project)
    before, pages = schema_of(db_path), rootpages(db_path)
    with pytest.raises(AnnotationError, match="beyond the document text"):
        with project.transaction() as c:
            imported_labels.insert_span_rows(c, rows, 0, "now")
    assert schema_of(db_path) == before and rootpages(db_path) == pages
    assert project.conn.execute("SELECT COUNT(*) FROM spans").fetchone()[0] == 0


def test_foreign_keys_hold_during_a_bulk_load(project, db_path):
    rows, label = _rows_beyond_the_text(project)
    rows = [r[:3] + (0, 2, label if i != 2000 else 999_999) for i, r in enumerate(rows)]
    with pytest.raises(AnnotationError, match="FOREIGN KEY"):
        with project.transaction() as c:
            imported_labels.insert_span_rows(c, rows, 0, "now")
    assert project.conn.execute("SELECT COUNT(*) FROM spans").fetchone()[0] == 0


KILLED_MID_LOAD = r"""
import os, signal, sys
from annotator.store import Project, bulk_insert, imported_labels
project = Project.open(sys.argv[1], "writer")
doc_id = int(sys.argv[2])
layer = project.conn.execute("SELECT id FROM layers LIMIT 1").fetchone()[0]
label = project.conn.execute("SELECT id FROM labels WHERE kind = 'entity' LIMIT 1").fetchone()[0]

class KilledHalfway(list):
    def __iter__(self):
        for i, row in enumerate(list.__iter__(self)):
            if i == len(self) // 2:  # the indexes and the trigger are dropped, half the rows are in
                print("dropped", flush=True)
                os.kill(os.getpid(), signal.SIGKILL)
            yield row

rows = KilledHalfway((i + 1, doc_id, layer, 0, 2, label) for i in range(5000))
with project.transaction() as c:
    imported_labels.insert_span_rows(c, rows, 0, "now")
"""


def test_a_kill_in_the_middle_of_a_bulk_load_leaves_the_project_as_it_was(project, db_path):
    doc_id = project.add_documents([NewDocument("짧은 글")]).imported[0]
    before, pages = schema_of(db_path), rootpages(db_path)
    env = dict(os.environ, PYTHONPATH=str(REPO))
    child = subprocess.run([sys.executable, "-c", KILLED_MID_LOAD, str(db_path), str(doc_id)], env=env,
                           capture_output=True, text=True, timeout=120)
    assert child.returncode == -signal.SIGKILL and child.stdout == "dropped\n", child.stderr
    project.close()
    assert schema_of(db_path) == before and rootpages(db_path) == pages
    with Project.open(db_path, "reader") as again:
        assert again.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert again.conn.execute("SELECT COUNT(*) FROM spans").fetchone()[0] == 0
        assert_trigger_refuses(again, doc_id)


def test_another_connection_reads_and_writes_across_a_bulk_load(project, db_path):
    first = project.add_documents(labelled_docs(1, 5, "x")).imported[0]
    with Project.open(db_path, "other") as other:  # the app open on the same project
        assert len(other.spans(first, all_layers=True)) == 5  # its statements are prepared and cached
        pages = rootpages(db_path)
        result = project.add_documents(labelled_docs(40, 60), batch_size=1000)
        assert rootpages(db_path) != pages  # the bulk path ran under it
        assert len(other.spans(first, all_layers=True)) == 5
        new = result.imported[-1]
        assert [(s.start, s.end) for s in other.spans(new, all_layers=True)][:2] == [(3, 5), (6, 8)]
        span = other.add_span(new, 200, 203, "ORG")  # writes go on, with the rules in force
        assert other.span(span.id).label == "ORG"
        assert_trigger_refuses(other, new)
    assert len(project.spans(new, all_layers=True)) == 61
