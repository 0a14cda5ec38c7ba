"""Many rows to one INSERT store what one INSERT a row stores: every table an import writes, row for row."""

from __future__ import annotations

import sqlite3

from hypothesis import HealthCheck, given, settings, strategies as st

from annotator.core.model import LineSegment, NewDocument
from annotator.store import Project, bulk_insert

TABLES = ("documents", "doc_state", "doc_meta", "doc_lines", "line_frequencies", "source_documents")

pages = st.lists(st.lists(st.text(alphabet="가나다 .2024년3월5일기자\t", min_size=0, max_size=30), min_size=1,
                          max_size=6).map("\n".join), min_size=0, max_size=12, unique=True)


def rows_of(db) -> dict[str, list[tuple]]:
    with sqlite3.connect(db) as con:
        return {table: con.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall() for table in TABLES}


def imported(folder, texts: list[str], per: int, monkeypatch) -> dict[str, list[tuple]]:
    monkeypatch.setattr(bulk_insert, "ROWS_PER_STATEMENT", per)
    db = folder / f"p{per}.db"
    docs = [NewDocument(text, source="src", segments=[LineSegment(i + 1, 0, 0, "content", 0.5, "r")
                                                      for i, _ in enumerate(text.split("\n"))] if n % 2 else None)
            for n, text in enumerate(texts)]
    with Project.open(db, "kim") as project:
        project.add_documents(docs, batch_size=5, line_counts=[("src", text.split("\n")) for text in texts])
    rows = rows_of(db)
    for name in ("documents", "doc_state", "doc_meta"):  # the stamps differ from run to run
        rows[name] = [tuple(v for v in row if not (isinstance(v, str) and v[:2] == "20" and "T" in v))
                      for row in rows[name]]
    return rows


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pages)
def test_rows_many_to_a_statement_are_the_rows_one_a_statement_makes(tmp_path_factory, monkeypatch, texts):
    folder = tmp_path_factory.mktemp("bulk")
    assert imported(folder, texts, 2, monkeypatch) == imported(folder, texts, 1 << 20, monkeypatch)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.text(max_size=3), st.floats(0, 1)), max_size=40),
       st.integers(1, 9))
def test_flat_rows_many_to_a_statement_are_the_rows_one_a_statement_makes(rows, per):
    """insert_flat (rows given flat) stores what an INSERT a row stores, in order, in the caller's transaction; a
    failing row fails it with the same error (and the caller rolls the transaction back)."""
    insert = "INSERT INTO t(k, s, x) VALUES (?, ?, ?)"

    def stored(write) -> tuple[list, str | None]:
        con = sqlite3.connect(":memory:", isolation_level=None)
        con.execute("CREATE TABLE t(n INTEGER PRIMARY KEY, k INTEGER UNIQUE, s TEXT, x REAL)")
        con.execute("BEGIN")
        try:
            write(con)
            con.execute("COMMIT")
            failed = None
        except sqlite3.IntegrityError as exc:
            con.execute("ROLLBACK")
            failed = str(exc)
        return con.execute("SELECT * FROM t ORDER BY n").fetchall(), failed

    def one_a_statement(con):
        for row in rows:
            con.execute(insert, row)

    flat = [value for row in rows for value in row]
    assert stored(lambda con: bulk_insert.insert_flat(con, insert, flat, per=per)) == stored(one_a_statement)


def test_flat_values_that_are_not_whole_rows_are_refused():
    con = sqlite3.connect(":memory:")
    con.execute("CREATE TABLE t(a, b)")
    try:
        bulk_insert.insert_flat(con, "INSERT INTO t(a, b) VALUES (?, ?)", [1, 2, 3])
    except ValueError as exc:
        assert "not rows of 2" in str(exc)
    else:
        raise AssertionError("three values taken as rows of two")
    assert con.execute("SELECT COUNT(*) FROM t").fetchone() == (0,)
