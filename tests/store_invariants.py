"""What every project file must satisfy after any import, however bad the input: SQLite's own checks and
the schema's invariants, read with plain sqlite3 so the store's code is not its own judge."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from annotator.core.text import line_bounds, text_sha256


def assert_store_invariants(db: Path) -> None:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        lengths = {}
        for doc_id, text, length, sha in con.execute("SELECT id, text, text_length, sha256 FROM documents"):
            assert isinstance(text, str) and "\x00" not in text, doc_id
            assert length == len(text) and sha == text_sha256(text), doc_id
            lengths[doc_id] = length
            kinds, scores, reasons = con.execute("SELECT kinds, scores, reasons FROM doc_lines WHERE doc_id = ?",
                                                 (doc_id,)).fetchone()
            lines = line_bounds(text)  # one kind, score and reason per line of the text
            assert len(kinds) == len(json.loads(scores)) == len(json.loads(reasons)) == len(lines), doc_id
            assert all((k == "n") == (not text[s:e].strip()) for k, (s, e) in zip(kinds, lines)), doc_id
        states = {r[0] for r in con.execute("SELECT doc_id FROM doc_state")}
        assert states == set(lengths)
        mark = con.execute("SELECT value FROM meta WHERE key = 'fts_indexed_through'").fetchone()
        assert mark is None or int(mark[0]) <= max(lengths, default=0) or not lengths
        previous: dict[int, int] = {}
        spans = {}
        for span_id, doc_id, start, end in con.execute('SELECT id, doc_id, start, "end" FROM spans ORDER BY doc_id, start'):
            assert 0 <= start < end <= lengths[doc_id], span_id
            assert previous.get(doc_id, 0) <= start, f"span {span_id} overlaps"
            previous[doc_id] = end
            spans[span_id] = doc_id
        keys = set()
        for doc_id, head, tail, label in con.execute("SELECT doc_id, head_id, tail_id, label_id FROM relations"):
            assert spans[head] == doc_id == spans[tail] and head != tail
            assert (head, tail, label) not in keys
            keys.add((head, tail, label))
    finally:
        con.close()


def stored_documents(db: Path, *, labels_only: bool = False) -> dict[str, tuple[set, set]]:
    """text -> ({(start, end, label)}, {(head span, tail span, relation)}) with spans as (start, end, label).
    labels_only: without the suggestions layer (what an export writes as labels)."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        out: dict[str, tuple[set, set]] = {}
        texts = dict(con.execute("SELECT id, text FROM documents"))
        span_of = {}
        for text in texts.values():
            out[text] = (set(), set())
        for span_id, doc_id, start, end, label in con.execute(
                'SELECT s.id, s.doc_id, s.start, s."end", l.name FROM spans s JOIN labels l ON l.id = s.label_id'
                + (" WHERE s.layer_id NOT IN (SELECT id FROM layers WHERE kind = 'suggestions')" if labels_only else "")):
            span_of[span_id] = (start, end, label)
            out[texts[doc_id]][0].add((start, end, label))
        for doc_id, head, tail, label in con.execute(
                "SELECT r.doc_id, r.head_id, r.tail_id, l.name FROM relations r JOIN labels l ON l.id = r.label_id"):
            if head in span_of:  # (a relation suggestion's ends are suggestions)
                out[texts[doc_id]][1].add((span_of[head], span_of[tail], label))
        return out
    finally:
        con.close()
