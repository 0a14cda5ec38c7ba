"""Search across Korean spacing: "혁신특구" finds "글로벌 혁신 특구" through the whitespace-free trigram index,
with hits per document and a snippet; exact spacing on request; files of schema v1 gain the index on open."""

from __future__ import annotations

import sqlite3

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.model import NewDocument
from annotator.core.search import SPACES, compact, find_hits, search_pattern
from annotator.store import Project, schema

DOCS = [
    NewDocument("강원도는 글로벌 혁신 특구로 지정됐다.\n글로벌혁신특구 사업비는 120억 원.", title="강원 특구"),
    NewDocument("중기부는 혁신\n특구 두 곳을 더 지정했다.", title="중기부 발표"),
    NewDocument("규제자유특구 심의위원회가 열렸다.", title="혁신 없는 날"),
]


def _project(db_path):
    project = Project.open(db_path, "kim")
    ids = project.add_documents(DOCS).imported
    return project, ids


def test_space_insensitive_by_default_and_exact_on_request(db_path):
    project, (a, b, c) = _project(db_path)
    assert project.search("혁신특구") == [a, b]  # across a space and across a line break
    assert project.search("혁신 특구") == [a, b]
    assert project.search("혁신 특구", exact_spacing=True) == [a]
    assert project.search("혁신특구", exact_spacing=True) == [a]  # "글로벌혁신특구"
    assert project.search("혁신", exact_spacing=False) == [a, b, c]  # two characters: a scan, title included
    assert project.count_filtered(query="혁신특구") == 2
    assert project.search("   ") == []
    project.close()


def test_the_index_answers_spaceless_queries(db_path):
    project, _ids = _project(db_path)
    sql, args = project._search_sql("혁신특구")
    plan = " ".join(str(r) for r in project.conn.execute(f"EXPLAIN QUERY PLAN {sql}", args))
    assert "doc_fts_compact" in plan and "VIRTUAL TABLE INDEX" in plan
    project.close()


def test_hits_and_snippets_per_document_in_the_page(db_path):
    project, (a, b, c) = _project(db_path)
    rows = {r.id: r for r in project.document_page(0, 50, query="혁신특구")}
    assert set(rows) == {a, b}
    assert rows[a].hits == 2 and rows[b].hits == 1
    assert "글로벌 혁신 특구" in rows[a].snippet
    assert "혁신 특구" in rows[b].snippet and "\n" not in rows[b].snippet
    exact = {r.id: r for r in project.document_page(0, 50, query="혁신 특구", exact_spacing=True)}
    assert exact[a].hits == 1
    plain = project.document_page(0, 50)
    assert all(r.hits == 0 and r.snippet == "" for r in plain)
    project.close()


def test_a_schema_v1_file_gains_the_compact_index_on_open(db_path):
    conn = sqlite3.connect(db_path)
    for statement in schema._split_statements(schema.MIGRATIONS[0]):
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO documents(title, source, sha256, text_length, meta, created_at, text)"
                 " VALUES ('t', '', 'x', 9, '{}', '2024-01-01', '글로벌 혁신 특구')")
    conn.commit()
    conn.close()
    with Project.open(db_path, "kim") as project:
        assert project.conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
        assert project.search("혁신특구") == [1]


words = st.sampled_from(["혁신", "특구", "글로벌", "강원", "지정", "AI", "ai"])
spaces = st.text(alphabet=SPACES, max_size=2)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(words, spaces), min_size=1, max_size=8), st.lists(words, min_size=1, max_size=3))
def test_pattern_matches_what_the_compact_text_contains(parts, query_words):
    """Oracle: a space-insensitive hit exists exactly when the whitespace-free query is in the
    whitespace-free text (case folded), and every hit is the query once its whitespace is dropped."""
    text = "".join(w + s for w, s in parts)
    query = " ".join(query_words)
    pattern = search_pattern(query)
    hits = find_hits(pattern, text)
    assert bool(hits) == (compact(query).lower() in compact(text).lower())
    for start, end in hits:
        assert compact(text[start:end]).lower() == compact(query).lower()
