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
