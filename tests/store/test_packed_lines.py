"""Line segments stored one row per document (core.line_kinds): the v6 migration and the round trip."""

from __future__ import annotations

import random
import sqlite3

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.line_kinds import pack_lines, pack_unclassified, unpack_lines
from annotator.core.model import LineSegment, NewDocument
from annotator.core.text import line_bounds, unclassified_segments
from annotator.store import Project, schema

KINDS = ("content", "boilerplate", "blank", "unclassified")


def _segments(text: str, rng: random.Random) -> list[LineSegment]:
    return [LineSegment(no, s, e, rng.choice(KINDS[:2]) if text[s:e].strip() else "blank",
                        rng.choice([None, rng.random(), 0.0, 1.0]), rng.choice(["", "sentence-like", "반복 줄 ✓"]))
            for no, (s, e) in enumerate(line_bounds(text), 1)]


def _v5_file(path, docs: list[tuple[str, list[LineSegment]]], overrides: dict[tuple[int, int], str]) -> None:
    """A project as version 5 wrote it: one segments row per line, inserted here in shuffled order."""
    conn = sqlite3.connect(path)
    for script in schema.MIGRATIONS[:5]:
        for statement in schema._split_statements(script):
            conn.execute(statement)
    conn.execute("PRAGMA user_version = 5")
    conn.execute("INSERT INTO reviewers(id, name, created_at) VALUES (1, 'kim', 'x')")
    conn.execute("INSERT INTO layers(kind, name, reviewer_id, created_at) VALUES ('reviewer', 'kim', 1, 'x')")
    rows = []
    for doc_id, (text, segments) in enumerate(docs, 1):
        conn.execute("INSERT INTO documents(id, sha256, text_length, created_at, text) VALUES (?,?,?,?,?)",
                     (doc_id, f"sha{doc_id}", len(text), "x", text))
        conn.execute("INSERT INTO doc_state(doc_id, segmenter_version, updated_at) VALUES (?, 'bp-1.3', 'x')", (doc_id,))
        rows += [(doc_id, s.line_no, s.start, s.end, s.kind, s.score, s.reason) for s in segments]
    random.Random(3).shuffle(rows)
    conn.executemany('INSERT INTO segments(doc_id, line_no, start, "end", kind, score, reason) VALUES (?,?,?,?,?,?,?)',
                     rows)
    conn.executemany("INSERT INTO line_overrides(doc_id, line_no, kind, reviewer_id, created_at) VALUES (?,?,?,1,'x')",
                     [(d, n, kind) for (d, n), kind in overrides.items()])
    conn.commit()
    conn.close()


def test_v5_segments_become_one_row_per_document_and_read_back_the_same(tmp_path):
    rng = random.Random(5)
    docs = []
    for i in range(60):
        lines = ["" if rng.random() < 0.2 else f"{i}번 줄 {k} " * rng.randint(1, 4) for k in range(rng.randint(1, 40))]
        text = "\n".join(lines)
        docs.append((text, _segments(text, rng)))
    overrides = {(3, 1): "boilerplate", (7, 2): "content"}
    path = tmp_path / "v5.db"
    _v5_file(path, docs, overrides)
    with Project.open(path, "kim") as p:
        assert schema.user_version(p.conn) == schema.SCHEMA_VERSION
        tables = {r[0] for r in p.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert "segments" not in tables and p.conn.execute("SELECT COUNT(*) FROM doc_lines").fetchone()[0] == 60
        for doc_id, (text, segments) in enumerate(docs, 1):
            expected = [LineSegment(s.line_no, s.start, s.end, s.kind, s.score, s.reason,
                                    overrides.get((doc_id, s.line_no))) for s in segments]
            assert p.segments(doc_id) == expected, doc_id
        # overrides keep working on the packed rows
        assert p.set_line_override(3, 1, None) == "boilerplate"
        assert p.segments(3)[0].override is None
        assert p.documents_with_content(range(1, 61)) == {
            d for d, (_, segs) in enumerate(docs, 1) if any(s.kind == "content" for s in segs)} | {7}


def test_a_new_segmentation_replaces_the_row_and_keeps_overrides(project):
    text = "제목\n\n본문 문장이다.\n저작권"
    doc_id = project.add_documents([NewDocument(text)]).imported[0]
    assert [s.kind for s in project.segments(doc_id)] == ["unclassified", "blank", "unclassified", "unclassified"]
    project.set_line_override(doc_id, 4, "boilerplate")
    segments = _segments(text, random.Random(1))
    project.replace_segments(doc_id, segments, "bp-test")
    got = project.segments(doc_id)
    assert [(s.kind, s.score, s.reason) for s in got] == [(s.kind, s.score, s.reason) for s in segments]
    assert got[3].override == "boilerplate" and project.segments(doc_id + 1) == []


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="가나 \t.x", max_size=12), min_size=1, max_size=30), st.randoms())
def test_pack_and_unpack_are_inverse(lines, rng):
    text = "\n".join(lines)
    segments = _segments(text, rng)
    assert unpack_lines(text, *pack_lines(segments)) == segments
    assert unpack_lines(text, *pack_unclassified(text)) == unclassified_segments(text)
