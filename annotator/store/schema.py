"""Schema and forward migrations. PRAGMA user_version holds the version of the file."""

from __future__ import annotations

import sqlite3

# CHECKs compare with OR chains, not IN lists: SQLite builds a temporary table for an IN list on every
# row, which made segment inserts 2.3x slower.
SCHEMA_V1 = """
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE reviewers (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    created_at TEXT NOT NULL
);
CREATE TABLE documents (
    id          INTEGER PRIMARY KEY,
    ext_id      TEXT,
    title       TEXT NOT NULL DEFAULT '',
    source      TEXT NOT NULL DEFAULT '',
    url         TEXT NOT NULL DEFAULT '',
    sha256      TEXT NOT NULL UNIQUE,
    text_length INTEGER NOT NULL CHECK (text_length = length(text)),
    meta        TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(meta)),
    created_at  TEXT NOT NULL,
    -- Last, so reading the small columns never walks the text's overflow pages.
    text        TEXT NOT NULL
);
-- Mutable per-document state lives apart from the immutable row, so an edit never rewrites the text.
CREATE TABLE doc_state (
    doc_id            INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    segmenter_version TEXT NOT NULL DEFAULT '',
    updated_at        TEXT NOT NULL
);
CREATE TRIGGER documents_text_immutable BEFORE UPDATE OF text ON documents
WHEN NEW.text IS NOT OLD.text
BEGIN
    SELECT RAISE(ABORT, 'document text is immutable after import');
END;
CREATE TABLE segments (
    doc_id  INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    line_no INTEGER NOT NULL CHECK (line_no >= 1),
    start   INTEGER NOT NULL,
    "end"   INTEGER NOT NULL,
    kind    TEXT NOT NULL CHECK (kind = 'content' OR kind = 'boilerplate' OR kind = 'blank' OR kind = 'unclassified'),
    score   REAL CHECK (score IS NULL OR (score >= 0 AND score <= 1)),
    reason  TEXT NOT NULL DEFAULT '',
    CHECK (0 <= start AND start <= "end"),
    PRIMARY KEY (doc_id, line_no)
) WITHOUT ROWID;
CREATE TABLE line_overrides (
    doc_id      INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    line_no     INTEGER NOT NULL CHECK (line_no >= 1),
    kind        TEXT NOT NULL CHECK (kind = 'content' OR kind = 'boilerplate'),
    reviewer_id INTEGER NOT NULL REFERENCES reviewers(id),
    created_at  TEXT NOT NULL,
    PRIMARY KEY (doc_id, line_no)
) WITHOUT ROWID;
CREATE TABLE line_frequencies (
    source TEXT NOT NULL,
    line   INTEGER NOT NULL,  -- annotator.core.line_stats.line_key of the stripped line
    docs   INTEGER NOT NULL CHECK (docs >= 1),
    PRIMARY KEY (source, line)
) WITHOUT ROWID;
CREATE TABLE source_documents (
    source TEXT PRIMARY KEY,
    docs   INTEGER NOT NULL CHECK (docs >= 0)
) WITHOUT ROWID;
CREATE TABLE labels (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind = 'entity' OR kind = 'relation'),
    name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
    display     TEXT NOT NULL DEFAULT '',
    color       TEXT NOT NULL DEFAULT '#cccccc',
    hotkey      TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    position    INTEGER NOT NULL DEFAULT 0,
    UNIQUE (kind, name)
);
CREATE TABLE relation_rules (
    relation_id INTEGER NOT NULL REFERENCES labels(id) ON DELETE CASCADE,
    role        TEXT NOT NULL CHECK (role = 'head' OR role = 'tail'),
    entity_id   INTEGER NOT NULL REFERENCES labels(id) ON DELETE CASCADE,
    PRIMARY KEY (relation_id, role, entity_id)
) WITHOUT ROWID;
CREATE TABLE spans (
    id          INTEGER PRIMARY KEY,
    doc_id      INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    label_id    INTEGER NOT NULL REFERENCES labels(id) ON DELETE RESTRICT,
    reviewer_id INTEGER NOT NULL REFERENCES reviewers(id),
    created_at  TEXT NOT NULL,
    CHECK (0 <= start AND start < "end")
);
CREATE INDEX spans_by_doc ON spans(doc_id, start);
CREATE INDEX spans_by_label ON spans(label_id);
CREATE TRIGGER spans_within_text BEFORE INSERT ON spans
WHEN NEW."end" > (SELECT text_length FROM documents WHERE id = NEW.doc_id)
BEGIN
    SELECT RAISE(ABORT, 'span ends beyond the document text');
END;
CREATE TRIGGER spans_within_text_update BEFORE UPDATE OF start, "end" ON spans
WHEN NEW."end" > (SELECT text_length FROM documents WHERE id = NEW.doc_id)
BEGIN
    SELECT RAISE(ABORT, 'span ends beyond the document text');
END;
CREATE TABLE relations (
    id          INTEGER PRIMARY KEY,
    doc_id      INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    head_id     INTEGER NOT NULL REFERENCES spans(id) ON DELETE CASCADE,
    tail_id     INTEGER NOT NULL REFERENCES spans(id) ON DELETE CASCADE,
    label_id    INTEGER NOT NULL REFERENCES labels(id) ON DELETE RESTRICT,
    reviewer_id INTEGER NOT NULL REFERENCES reviewers(id),
    created_at  TEXT NOT NULL,
    CHECK (head_id <> tail_id),
    UNIQUE (head_id, tail_id, label_id)
);
CREATE INDEX relations_by_doc ON relations(doc_id);
CREATE INDEX relations_by_tail ON relations(tail_id);
CREATE TABLE doc_status (
    doc_id      INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    reviewer_id INTEGER NOT NULL REFERENCES reviewers(id),
    status      TEXT NOT NULL CHECK (status = 'new' OR status = 'in_progress' OR status = 'done' OR status = 'skipped'),
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (doc_id, reviewer_id)
) WITHOUT ROWID;
CREATE INDEX doc_status_by_reviewer ON doc_status(reviewer_id, status);
CREATE VIRTUAL TABLE doc_fts USING fts5(
    title, text, content='documents', content_rowid='id', tokenize='trigram', detail=none
);
"""

# Article metadata (date and outlet, each with where it came from), report roles on labels, and the
# catalogue of canonical entities with their aliases and the mentions linked to them.
ARTICLE_META_AND_ENTITIES = """
CREATE TABLE doc_meta (
    doc_id             INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    published          TEXT NOT NULL DEFAULT ''
                       CHECK (published = '' OR published GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]*'),
    published_source   TEXT NOT NULL DEFAULT '',
    published_evidence TEXT NOT NULL DEFAULT '',
    outlet             TEXT NOT NULL DEFAULT '',
    outlet_source      TEXT NOT NULL DEFAULT '',
    outlet_evidence    TEXT NOT NULL DEFAULT '',
    updated_at         TEXT NOT NULL
);
CREATE INDEX doc_meta_by_published ON doc_meta(published);
INSERT INTO meta(key, value) SELECT 'article_meta_pending', '1' WHERE EXISTS (SELECT 1 FROM documents);
ALTER TABLE labels ADD COLUMN report_role TEXT NOT NULL DEFAULT '';
UPDATE labels SET report_role = CASE name
    WHEN 'ZONE' THEN 'zone' WHEN 'LOC' THEN 'region' WHEN 'LC' THEN 'region' WHEN 'FIELD' THEN 'field'
    WHEN 'PERSON' THEN 'person' WHEN 'PS' THEN 'person' WHEN 'ORG' THEN 'organisation' WHEN 'OG' THEN 'organisation'
    WHEN 'TITLE' THEN 'title' WHEN 'MONEY' THEN 'amount' WHEN 'QUANTITY' THEN 'figure' WHEN 'QT' THEN 'figure'
    WHEN 'DATE' THEN 'date' WHEN 'DT' THEN 'date' ELSE '' END
WHERE kind = 'entity';
UPDATE labels SET report_role = CASE name
    WHEN 'located_in' THEN 'location' WHEN 'in_field' THEN 'field' WHEN 'designates' THEN 'designation'
    WHEN 'on_date' THEN 'date' WHEN 'has_amount' THEN 'amount' WHEN 'has_figure' THEN 'figure'
    WHEN 'holds_title' THEN 'title' WHEN 'belongs_to' THEN 'affiliation' ELSE '' END
WHERE kind = 'relation';
CREATE TABLE entities (
    id         INTEGER PRIMARY KEY,
    label_id   INTEGER NOT NULL REFERENCES labels(id) ON DELETE CASCADE,
    name       TEXT NOT NULL CHECK (length(trim(name)) > 0),
    created_at TEXT NOT NULL,
    UNIQUE (label_id, name)
);
CREATE TABLE entity_aliases (
    entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    alias     TEXT NOT NULL CHECK (length(trim(alias)) > 0),
    PRIMARY KEY (entity_id, alias)
) WITHOUT ROWID;
CREATE INDEX entity_aliases_by_alias ON entity_aliases(alias);
-- A mention the reviewer has linked to a canonical entity (confirmed); unlinked mentions get proposals.
CREATE TABLE span_entities (
    span_id     INTEGER PRIMARY KEY REFERENCES spans(id) ON DELETE CASCADE,
    entity_id   INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    reviewer_id INTEGER NOT NULL REFERENCES reviewers(id),
    created_at  TEXT NOT NULL
);
CREATE INDEX span_entities_by_entity ON span_entities(entity_id);
"""

# Space-insensitive search (core/search.py): a whitespace-free copy of each title and text, indexed by trigrams.
# The view strips exactly core.search.SPACES; the index takes its content from the view, so nothing is stored
# twice but the index itself. It covers the documents doc_fts covers (up to the search-index watermark, or all of
# them in a file from before the watermark); index_pending() adds later ones to both.
COMPACT_SEARCH = """
CREATE VIEW doc_compact AS SELECT id,
    replace(replace(replace(replace(replace(replace(title, ' ', ''), char(9), ''), char(10), ''), char(13), ''),
            char(160), ''), char(12288), '') AS title,
    replace(replace(replace(replace(replace(replace(text, ' ', ''), char(9), ''), char(10), ''), char(13), ''),
            char(160), ''), char(12288), '') AS text
FROM documents;
CREATE VIRTUAL TABLE doc_fts_compact USING fts5(
    title, text, content='doc_compact', content_rowid='id', tokenize='trigram', detail=none
);
INSERT INTO doc_fts_compact(rowid, title, text) SELECT id, title, text FROM doc_compact
WHERE id <= COALESCE((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'fts_indexed_through'),
                     (SELECT MAX(id) FROM documents), 0);
"""

# Index i upgrades a file from version i to version i + 1. Append only; never edit a released step.
MIGRATIONS: list[str] = [SCHEMA_V1, ARTICLE_META_AND_ENTITIES, COMPACT_SEARCH]
SCHEMA_VERSION = len(MIGRATIONS)

OUR_TABLES = {"meta", "reviewers", "documents", "doc_state", "segments", "labels", "spans", "relations", "doc_status"}


def user_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the file forward to SCHEMA_VERSION, one step per transaction. Returns the start version."""
    start = user_version(conn)
    for version in range(start, SCHEMA_VERSION):
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in _split_statements(MIGRATIONS[version]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:  # SQLite rolls back by itself on some errors (a full disk)
                conn.execute("ROLLBACK")
            raise
    return start


def _split_statements(script: str) -> list[str]:
    """Split a schema script into statements, keeping trigger bodies whole."""
    statements, buf = [], []
    for line in script.strip().splitlines():
        buf.append(line)
        candidate = "\n".join(buf)
        if sqlite3.complete_statement(candidate):
            statements.append(candidate)
            buf = []
    if buf and "\n".join(buf).strip():
        statements.append("\n".join(buf))
    return statements
