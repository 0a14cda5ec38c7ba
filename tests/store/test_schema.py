"""Schema constraints, migrations from an empty file, immutability of document text."""

from __future__ import annotations

import sqlite3

import pytest

from annotator.core.model import NewDocument, NewRelation, NewSpan
from annotator.store import Project, schema


def _doc(project, text="중기부는 강원에 특구를 지정했다.", **kw):
    result = project.add_documents([NewDocument(text, title="t", **kw)])
    return result.imported[0]


def test_new_file_is_migrated_from_v0_to_current(db_path):
    sqlite3.connect(db_path).close()  # an empty v0 file
    assert db_path.exists()
    with Project.open(db_path, "kim") as p:
        version = p.conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {r[0] for r in p.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert p.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert p.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert version == schema.SCHEMA_VERSION >= 1
    assert schema.OUR_TABLES <= tables
    assert {"doc_fts_compact", "line_overrides", "relation_rules"} <= tables


def test_reopen_keeps_data_and_does_not_remigrate(db_path):
    with Project.open(db_path, "kim") as p:
        doc_id = _doc(p)
        p.add_span(doc_id, 0, 3, "ORG")
    with Project.open(db_path, "lee") as p:
        assert [s.label for s in p.spans(doc_id)] == ["ORG"]
        assert p.spans(doc_id)[0].reviewer == "kim"
        assert set(p.reviewers()) == {"kim", "lee"}


@pytest.mark.parametrize("start,end", [(-1, 2), (3, 3), (5, 2)])
def test_span_check_constraint_rejects_bad_offsets_at_sql_level(project, start, end):
    doc_id = _doc(project)
    label_id = project.conn.execute("SELECT id FROM labels WHERE name='ORG'").fetchone()[0]
    with pytest.raises(sqlite3.IntegrityError):
        project.conn.execute(
            'INSERT INTO spans(doc_id, start, "end", label_id, reviewer_id, created_at) VALUES (?,?,?,?,?,?)',
            (doc_id, start, end, label_id, project.reviewer_id, "now"),
        )


def test_span_beyond_text_is_rejected_by_trigger(project):
    doc_id = _doc(project, "가나다")
    label_id = project.conn.execute("SELECT id FROM labels WHERE name='ORG'").fetchone()[0]
    with pytest.raises(sqlite3.IntegrityError, match="beyond"):
        project.conn.execute(
            'INSERT INTO spans(doc_id, start, "end", label_id, reviewer_id, created_at) VALUES (?,?,?,?,?,?)',
            (doc_id, 0, 4, label_id, project.reviewer_id, "now"),
        )


def test_document_text_is_immutable(project):
    doc_id = _doc(project)
    with pytest.raises(sqlite3.IntegrityError, match="immutable"):
        project.conn.execute("UPDATE documents SET text = 'x' WHERE id = ?", (doc_id,))
    project.conn.execute("UPDATE documents SET title = 'new title' WHERE id = ?", (doc_id,))


def test_relations_cascade_when_span_deleted(project):
    doc_id = _doc(
        project,
        spans=[NewSpan(0, 3, "ORG"), NewSpan(9, 11, "ZONE")],
        relations=[NewRelation(0, 1, "designates")],
    )
    head = project.spans(doc_id)[0]
    project.conn.execute("DELETE FROM spans WHERE id = ?", (head.id,))
    assert project.relations(doc_id) == []


def test_foreign_keys_refuse_orphans(project):
    with pytest.raises(sqlite3.IntegrityError):
        project.conn.execute(
            'INSERT INTO spans(doc_id, start, "end", label_id, reviewer_id, created_at) VALUES (999, 0, 1, 1, 1, "x")'
        )


def test_status_and_segment_kinds_are_checked(project):
    doc_id = _doc(project)
    with pytest.raises(sqlite3.IntegrityError):
        project.conn.execute(
            "INSERT INTO doc_status(doc_id, reviewer_id, status, updated_at) VALUES (?, ?, 'finished', 'x')",
            (doc_id, project.reviewer_id),
        )
    with pytest.raises(sqlite3.IntegrityError):
        project.conn.execute("UPDATE doc_lines SET kinds = 'cx' WHERE doc_id = ?", (doc_id,))


def test_every_annotation_row_records_who_and_when(project):
    doc_id = _doc(project)
    span = project.add_span(doc_id, 0, 3, "ORG")
    row = project.conn.execute("SELECT reviewer_id, created_at FROM spans WHERE id = ?", (span.id,)).fetchone()
    assert row[0] == project.reviewer_id and row[1].startswith("20")
    project.set_line_override(doc_id, 1, "boilerplate")
    row = project.conn.execute("SELECT reviewer_id, created_at FROM line_overrides").fetchone()
    assert row[0] == project.reviewer_id and row[1]
