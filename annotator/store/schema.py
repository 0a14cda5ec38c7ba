"""Schema and forward migrations. PRAGMA user_version holds the version of the file."""

from __future__ import annotations

import json
import functools
import re
import sqlite3

from annotator.paths import resource_path

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

# Annotation layers. Every span and relation belongs to one layer: a reviewer's own, an import's (named after
# the file or source the labels came from), the machine suggestions, or the adjudicated gold. spans and
# relations are rebuilt with a NOT NULL layer_id (ALTER TABLE cannot add one); reviewer_id becomes the author,
# NULL for imported labels. v1 stored imported labels under whoever opened the project first, at the second
# their document was imported: those rows (created_at equal to the document's) move to an import layer named
# after the document's source. span_entities (v2) refers to spans: its rows are kept aside while spans is
# rebuilt (dropping spans would cascade to them) and put back, with the same span ids.
LAYERS_V4 = """
CREATE TABLE layers (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind = 'reviewer' OR kind = 'import' OR kind = 'suggestions' OR kind = 'gold'),
    name        TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    reviewer_id INTEGER UNIQUE REFERENCES reviewers(id),
    created_at  TEXT NOT NULL,
    CHECK ((kind = 'reviewer') = (reviewer_id IS NOT NULL))
);
INSERT INTO layers(kind, name, reviewer_id, created_at) SELECT 'reviewer', name, id, created_at FROM reviewers;
CREATE TEMP TABLE v1_imported AS
    SELECT s.id AS span_id, 'import:' || CASE WHEN trim(d.source) = '' THEN 'v1' ELSE d.source END AS layer,
        d.created_at AS created_at
    FROM spans s JOIN documents d ON d.id = s.doc_id WHERE s.created_at = d.created_at;
INSERT OR IGNORE INTO layers(kind, name, created_at)
    SELECT 'import', layer, min(created_at) FROM v1_imported GROUP BY layer;
CREATE TABLE spans_v2 (
    id          INTEGER PRIMARY KEY,
    doc_id      INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    layer_id    INTEGER NOT NULL REFERENCES layers(id) ON DELETE CASCADE,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    label_id    INTEGER NOT NULL REFERENCES labels(id) ON DELETE RESTRICT,
    reviewer_id INTEGER REFERENCES reviewers(id),
    created_at  TEXT NOT NULL,
    CHECK (0 <= start AND start < "end")
);
INSERT INTO spans_v2(id, doc_id, layer_id, start, "end", label_id, reviewer_id, created_at)
    SELECT s.id, s.doc_id, coalesce(
        (SELECT y.id FROM v1_imported i JOIN layers y ON y.name = i.layer WHERE i.span_id = s.id),
        (SELECT y.id FROM layers y WHERE y.reviewer_id = s.reviewer_id)),
        s.start, s."end", s.label_id,
        CASE WHEN s.id IN (SELECT span_id FROM v1_imported) THEN NULL ELSE s.reviewer_id END, s.created_at
    FROM spans s;
CREATE TABLE relations_v2 (
    id          INTEGER PRIMARY KEY,
    doc_id      INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    layer_id    INTEGER NOT NULL REFERENCES layers(id) ON DELETE CASCADE,
    head_id     INTEGER NOT NULL REFERENCES spans_v2(id) ON DELETE CASCADE,
    tail_id     INTEGER NOT NULL REFERENCES spans_v2(id) ON DELETE CASCADE,
    label_id    INTEGER NOT NULL REFERENCES labels(id) ON DELETE RESTRICT,
    reviewer_id INTEGER REFERENCES reviewers(id),
    created_at  TEXT NOT NULL,
    CHECK (head_id <> tail_id),
    UNIQUE (head_id, tail_id, label_id)
);
INSERT INTO relations_v2(id, doc_id, layer_id, head_id, tail_id, label_id, reviewer_id, created_at)
    SELECT x.id, x.doc_id, h.layer_id, x.head_id, x.tail_id, x.label_id,
        CASE WHEN h.reviewer_id IS NULL THEN NULL ELSE x.reviewer_id END, x.created_at
    FROM relations x JOIN spans_v2 h ON h.id = x.head_id;
CREATE TEMP TABLE v2_span_entities AS SELECT * FROM span_entities;
DROP TABLE relations;
DROP TABLE spans;
DROP TABLE v1_imported;
ALTER TABLE spans_v2 RENAME TO spans;
ALTER TABLE relations_v2 RENAME TO relations;
INSERT INTO span_entities(span_id, entity_id, reviewer_id, created_at)
    SELECT span_id, entity_id, reviewer_id, created_at FROM v2_span_entities;
DROP TABLE v2_span_entities;
CREATE INDEX spans_by_doc ON spans(doc_id, layer_id, start);
CREATE INDEX spans_by_label ON spans(label_id);
CREATE INDEX spans_by_layer ON spans(layer_id);
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
CREATE INDEX relations_by_doc ON relations(doc_id);
CREATE INDEX relations_by_tail ON relations(tail_id);
CREATE INDEX relations_by_layer ON relations(layer_id);
CREATE TRIGGER relations_within_layer BEFORE INSERT ON relations
WHEN (SELECT layer_id FROM spans WHERE id = NEW.head_id) IS NOT NEW.layer_id
  OR (SELECT layer_id FROM spans WHERE id = NEW.tail_id) IS NOT NEW.layer_id
BEGIN
    SELECT RAISE(ABORT, 'a relation links two entities of its own layer');
END;
"""

# Reviewer identity: a stable id per person (a UUID made at their first launch), so that two people with the same
# name stay two and one person on two machines can be one when their files are merged. The name stays unique
# within a project (merges give a second "kim" a distinct name). A reviewer without an id (made before this step,
# or by the command line) is adopted by the first launch of the app that opens the project under that name.
REVIEWER_UID = """
ALTER TABLE reviewers ADD COLUMN uid TEXT CHECK (uid IS NULL OR length(uid) = 36);
CREATE UNIQUE INDEX reviewers_by_uid ON reviewers(uid);
"""

# Adjudication: the gold layer's own status per document (doc_status is per reviewer). No row: not started;
# in_progress from the first gold edit; adjudicated when the adjudicator says so (an adjudicated document with
# no gold entity is a decision too: it has none). reviewer_id: who set it.
GOLD_STATUS = """
CREATE TABLE gold_status (
    doc_id      INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    status      TEXT NOT NULL CHECK (status = 'in_progress' OR status = 'adjudicated'),
    reviewer_id INTEGER REFERENCES reviewers(id),
    updated_at  TEXT NOT NULL
);
CREATE INDEX gold_status_by_status ON gold_status(status);
"""

# Line segments packed per document (annotator.core.line_kinds): one row per document, not one per line. Start
# and end were always the line's bounds in the text, so they are not kept. The rows of a document are read in
# line order (the ordered subquery feeds the aggregates in order; a test checks it on shuffled rows); scores keep
# all 17 digits (json_group_array alone writes 15).
PACKED_LINES = """
CREATE TABLE doc_lines (
    doc_id  INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    kinds   TEXT NOT NULL CHECK (length(kinds) > 0 AND kinds NOT GLOB '*[^cbnu]*'),
    scores  TEXT NOT NULL,
    reasons TEXT NOT NULL
);
INSERT INTO doc_lines(doc_id, kinds, scores, reasons)
    SELECT doc_id,
        group_concat(CASE kind WHEN 'content' THEN 'c' WHEN 'boilerplate' THEN 'b' WHEN 'blank' THEN 'n' ELSE 'u' END,
                     ''),
        json_group_array(CASE WHEN score IS NULL THEN NULL ELSE json(printf('%!.17g', score)) END),
        json_group_array(reason)
    FROM (SELECT doc_id, line_no, kind, score, reason FROM segments ORDER BY doc_id, line_no)
    GROUP BY doc_id;
DROP TABLE segments;
"""

# Machine suggestions (issue 13). Pending suggestions are entities of the suggestions layer; each one's source
# and score sit beside it in suggestion_info. A rejection is remembered per document and label (who, when, what
# proposed it), so no later run proposes it again; suggestion_runs records which documents were pre-annotated.
SUGGESTIONS = """
CREATE TABLE suggestion_info (
    span_id INTEGER PRIMARY KEY REFERENCES spans(id) ON DELETE CASCADE,
    source  TEXT NOT NULL CHECK (length(trim(source)) > 0),
    score   REAL NOT NULL CHECK (score >= 0 AND score <= 1),
    detail  TEXT NOT NULL DEFAULT ''
);
CREATE TABLE rejected_suggestions (
    doc_id      INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    label_id    INTEGER NOT NULL REFERENCES labels(id) ON DELETE CASCADE,
    source      TEXT NOT NULL DEFAULT '',
    score       REAL CHECK (score IS NULL OR (score >= 0 AND score <= 1)),
    reviewer_id INTEGER REFERENCES reviewers(id),
    created_at  TEXT NOT NULL,
    CHECK (0 <= start AND start < "end"),
    PRIMARY KEY (doc_id, start, "end", label_id)
) WITHOUT ROWID;
CREATE TABLE suggestion_runs (
    doc_id     INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    sources    TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
"""

# The token cache (issue 17): the Kiwi analyses of a document's lines, computed once and kept, one compact value
# per document and tokenizer version (annotator.core.korean_codec), never a row per token. A tokenizer is the
# string KoreanAnalyser.tokenizer_key (Kiwi and model versions, analysis version, user words): another key is
# another tokenizer, so changed user words or a Kiwi upgrade never reuse stale tokens. The text of a document is
# immutable and unique (sha256), so its id stands for its text hash. A cache: dropping it loses no work.
# A rowid table: values are kilobytes, too big for WITHOUT ROWID's b-tree.
TOKEN_CACHE = """
CREATE TABLE tokenizers (
    id      INTEGER PRIMARY KEY,
    key     TEXT NOT NULL UNIQUE CHECK (length(key) > 0),
    version TEXT NOT NULL,           -- the key without its user words: Kiwi, model and analysis versions
    origin  TEXT NOT NULL CHECK (origin = 'batch' OR origin = 'gui'),
    used_at TEXT NOT NULL
);
CREATE TABLE doc_tokens (
    tokenizer_id INTEGER NOT NULL REFERENCES tokenizers(id) ON DELETE CASCADE,
    doc_id       INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    data         BLOB NOT NULL CHECK (length(data) >= 2),
    PRIMARY KEY (tokenizer_id, doc_id)
);
CREATE INDEX doc_tokens_by_doc ON doc_tokens(doc_id);
"""

# Relation suggestions (issue 13): a pending candidate links two entities of one reviewer's own layer (so it goes
# with either of them), with its source and score; accepting one makes a relation of that layer. A rejection is
# kept per document by the two ends' offsets and labels (entity ids change when an entity is deleted and redrawn),
# so no later run proposes it again.
RELATION_SUGGESTIONS = """
CREATE TABLE relation_suggestions (
    id         INTEGER PRIMARY KEY,
    doc_id     INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    head_id    INTEGER NOT NULL REFERENCES spans(id) ON DELETE CASCADE,
    tail_id    INTEGER NOT NULL REFERENCES spans(id) ON DELETE CASCADE,
    label_id   INTEGER NOT NULL REFERENCES labels(id) ON DELETE CASCADE,
    source     TEXT NOT NULL CHECK (length(trim(source)) > 0),
    score      REAL NOT NULL CHECK (score >= 0 AND score <= 1),
    detail     TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    CHECK (head_id <> tail_id),
    UNIQUE (head_id, tail_id, label_id)
);
CREATE INDEX relation_suggestions_by_doc ON relation_suggestions(doc_id);
CREATE INDEX relation_suggestions_by_tail ON relation_suggestions(tail_id);
CREATE TRIGGER relation_suggestions_within_layer BEFORE INSERT ON relation_suggestions
WHEN (SELECT layer_id FROM spans WHERE id = NEW.head_id) IS NOT (SELECT layer_id FROM spans WHERE id = NEW.tail_id)
  OR (SELECT doc_id FROM spans WHERE id = NEW.head_id) IS NOT NEW.doc_id
  OR (SELECT doc_id FROM spans WHERE id = NEW.tail_id) IS NOT NEW.doc_id
BEGIN
    SELECT RAISE(ABORT, 'a relation suggestion links two entities of one layer and document');
END;
CREATE TABLE rejected_relation_suggestions (
    doc_id        INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    head_start    INTEGER NOT NULL,
    head_end      INTEGER NOT NULL,
    head_label_id INTEGER NOT NULL REFERENCES labels(id) ON DELETE CASCADE,
    tail_start    INTEGER NOT NULL,
    tail_end      INTEGER NOT NULL,
    tail_label_id INTEGER NOT NULL REFERENCES labels(id) ON DELETE CASCADE,
    label_id      INTEGER NOT NULL REFERENCES labels(id) ON DELETE CASCADE,
    source        TEXT NOT NULL DEFAULT '',
    score         REAL CHECK (score IS NULL OR (score >= 0 AND score <= 1)),
    reviewer_id   INTEGER REFERENCES reviewers(id),
    created_at    TEXT NOT NULL,
    PRIMARY KEY (doc_id, head_start, head_end, head_label_id, tail_start, tail_end, tail_label_id, label_id)
) WITHOUT ROWID;
"""

# One search index (issue 17): the whitespace-free trigram index of step 2 answers exact-spacing searches too (its
# candidates are checked against the text, ListingMixin._search_sql), so the index of the texts as written goes.
# Indexing then costs one trigram pass over the whitespace-free text instead of two passes.
ONE_SEARCH_INDEX = """
DROP TABLE doc_fts;
"""

# Decisions on suggestions are each reviewer's own (issue 13, a shared file): a rejection is kept per reviewer, so
# the suggestion stays pending for the others (reviewer_id NULL: who rejected it is unknown, a rejection for
# everyone). The primary keys cannot hold a nullable column, so both tables become rowid tables with a unique
# index over the key and ifnull(reviewer_id, 0).
REVIEWER_DECISIONS = """
CREATE TABLE rejected_suggestions_v2 (
    id          INTEGER PRIMARY KEY,
    doc_id      INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    label_id    INTEGER NOT NULL REFERENCES labels(id) ON DELETE CASCADE,
    source      TEXT NOT NULL DEFAULT '',
    score       REAL CHECK (score IS NULL OR (score >= 0 AND score <= 1)),
    reviewer_id INTEGER REFERENCES reviewers(id),
    created_at  TEXT NOT NULL,
    CHECK (0 <= start AND start < "end")
);
INSERT INTO rejected_suggestions_v2(doc_id, start, "end", label_id, source, score, reviewer_id, created_at)
    SELECT doc_id, start, "end", label_id, source, score, reviewer_id, created_at FROM rejected_suggestions;
DROP TABLE rejected_suggestions;
ALTER TABLE rejected_suggestions_v2 RENAME TO rejected_suggestions;
CREATE UNIQUE INDEX rejected_suggestions_key
    ON rejected_suggestions(doc_id, start, "end", label_id, ifnull(reviewer_id, 0));
CREATE TABLE rejected_relation_suggestions_v2 (
    id            INTEGER PRIMARY KEY,
    doc_id        INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    head_start    INTEGER NOT NULL,
    head_end      INTEGER NOT NULL,
    head_label_id INTEGER NOT NULL REFERENCES labels(id) ON DELETE CASCADE,
    tail_start    INTEGER NOT NULL,
    tail_end      INTEGER NOT NULL,
    tail_label_id INTEGER NOT NULL REFERENCES labels(id) ON DELETE CASCADE,
    label_id      INTEGER NOT NULL REFERENCES labels(id) ON DELETE CASCADE,
    source        TEXT NOT NULL DEFAULT '',
    score         REAL CHECK (score IS NULL OR (score >= 0 AND score <= 1)),
    reviewer_id   INTEGER REFERENCES reviewers(id),
    created_at    TEXT NOT NULL
);
INSERT INTO rejected_relation_suggestions_v2(doc_id, head_start, head_end, head_label_id, tail_start, tail_end,
        tail_label_id, label_id, source, score, reviewer_id, created_at)
    SELECT doc_id, head_start, head_end, head_label_id, tail_start, tail_end, tail_label_id, label_id, source, score,
        reviewer_id, created_at FROM rejected_relation_suggestions;
DROP TABLE rejected_relation_suggestions;
ALTER TABLE rejected_relation_suggestions_v2 RENAME TO rejected_relation_suggestions;
CREATE UNIQUE INDEX rejected_relation_suggestions_key ON rejected_relation_suggestions(doc_id, head_start, head_end,
    head_label_id, tail_start, tail_end, tail_label_id, label_id, ifnull(reviewer_id, 0));
"""

# Relations a file's model predicted (Label Studio's predictions) between its predicted entities, kept by the ends'
# offsets and labels (the entities exist only once a reviewer accepts the two suggestions): each reviewer whose
# own layer holds both ends gets one as a relation suggestion (store/relation_suggestions.py). A re-import of the
# file replaces its family's rows for the document.
PREDICTED_RELATIONS = """
CREATE TABLE predicted_relations (
    id            INTEGER PRIMARY KEY,
    doc_id        INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    head_start    INTEGER NOT NULL,
    head_end      INTEGER NOT NULL,
    head_label_id INTEGER NOT NULL REFERENCES labels(id) ON DELETE CASCADE,
    tail_start    INTEGER NOT NULL,
    tail_end      INTEGER NOT NULL,
    tail_label_id INTEGER NOT NULL REFERENCES labels(id) ON DELETE CASCADE,
    label_id      INTEGER NOT NULL REFERENCES labels(id) ON DELETE CASCADE,
    source        TEXT NOT NULL CHECK (length(trim(source)) > 0),
    score         REAL NOT NULL CHECK (score >= 0 AND score <= 1),
    created_at    TEXT NOT NULL,
    CHECK (0 <= head_start AND head_start < head_end AND 0 <= tail_start AND tail_start < tail_end),
    UNIQUE (doc_id, head_start, head_end, head_label_id, tail_start, tail_end, tail_label_id, label_id, source)
);
"""

# Adjudication: "gold holds nothing here" is a decision too (a reviewer who labelled nothing taken, or a
# disagreement's gold dropped): a row per stretch of text so decided, by whom and when. A gold entity taken into
# the stretch later replaces the decision (store/gold.py).
GOLD_NOTHING = """
CREATE TABLE gold_nothing (
    doc_id      INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    reviewer_id INTEGER REFERENCES reviewers(id),
    created_at  TEXT NOT NULL,
    CHECK (0 <= start AND start < "end"),
    PRIMARY KEY (doc_id, start, "end")
);
"""

# Index i upgrades a file from version i to version i + 1. Append only; never edit a released step.
MIGRATIONS: list[str] = [SCHEMA_V1, ARTICLE_META_AND_ENTITIES, COMPACT_SEARCH, LAYERS_V4, REVIEWER_UID, GOLD_STATUS,
                         PACKED_LINES, SUGGESTIONS, TOKEN_CACHE, RELATION_SUGGESTIONS, ONE_SEARCH_INDEX,
                         REVIEWER_DECISIONS, PREDICTED_RELATIONS, GOLD_NOTHING]
SCHEMA_VERSION = len(MIGRATIONS)

# Tables every version of a project file has (the check before a file is migrated).
OUR_TABLES = {"meta", "reviewers", "documents", "doc_state", "labels", "spans", "relations", "doc_status"}


# Tables and views only: an index or trigger is dropped with its table, and a step that rebuilds a table makes
# them again under the same name (so does a test that lowers user_version to stand for an older file).
_CREATED = re.compile(r"CREATE\s+(?:VIRTUAL\s+)?(?:TABLE|VIEW)\s+(?!IF\b)(\w+)", re.I)
_REMOVED = re.compile(r"(?:DROP\s+(?:TABLE|VIEW|INDEX|TRIGGER)\s+(?:IF\s+EXISTS\s+)?|RENAME\s+TO\s+)(\w+)|"
                      r"ALTER\s+TABLE\s+(\w+)\s+RENAME\s+TO", re.I)


def created_by_steps_from(version: int) -> set[str]:
    """Names of the tables and views only the upgrade steps from `version` on create (and leave so named): a file
    at `version` that already has one of them has a version number that lies (edited by another program). A
    name an earlier step made too (an index made again over a rebuilt table) is not one of them."""
    created: set[str] = set()
    earlier: set[str] = set()
    for number, step in enumerate(MIGRATIONS):
        for statement in _split_statements(step):
            if number < version:
                earlier |= set(_CREATED.findall(statement))
                continue
            created |= set(_CREATED.findall(statement))
            for dropped, renamed_from in _REMOVED.findall(statement):
                created.discard(dropped or renamed_from)
    return created - earlier


# In the order a step's SQL runs: a table made, dropped, or renamed (old name, new name).
_OBJECT_CHANGES = re.compile(r"CREATE\s+(?:VIRTUAL\s+)?(?:TABLE|VIEW)\s+(?!IF\b)(\w+)|"
                             r"DROP\s+(?:TABLE|VIEW)\s+(?:IF\s+EXISTS\s+)?(\w+)|"
                             r"ALTER\s+TABLE\s+(\w+)\s+RENAME\s+TO\s+(\w+)", re.I)


@functools.lru_cache(maxsize=None)
def objects_at(version: int) -> frozenset[str]:
    """Names of the tables and views a file at `version` has (the steps before it create them and leave them so
    named): a file that lacks one was cut down by another program, and every command would fail on it later, each
    with its own message (or store a document half)."""
    names: set[str] = set()
    for step in MIGRATIONS[:version]:
        for made, dropped, old, new in _OBJECT_CHANGES.findall(step):
            names.add(made or new)
            names.discard(dropped or old)
    names.discard("")
    return frozenset(names)


def user_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the file forward to SCHEMA_VERSION, one step per transaction. Returns the start version. A new,
    empty file is first made at once from the snapshot of the steps (new_project_statements), then any step
    appended after the snapshot was written follows as for an older file."""
    start = user_version(conn)
    version = start
    if start == 0 and conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0] == 0:
        version = _create_from_snapshot(conn)
    for version in range(version, SCHEMA_VERSION):
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


# A new project's schema is built by one script, the statements the migration steps leave in sqlite_master (in
# its order), instead of replaying every step: 12 transactions and the rebuilds of old tables cost a new file
# ~12 ms CPU, the script ~4 ms. It is data written by `python scripts/write_schema_snapshot.py` from the steps
# themselves; tests/store/test_schema_snapshot.py checks that a file made from it equals one migrated step by step.
SNAPSHOT_PATH = resource_path("schema", "new_project.json")


def _create_from_snapshot(conn: sqlite3.Connection) -> int:
    """Make an empty file's schema from the snapshot in one transaction; returns the version it is at (0, with
    nothing done, when there is no usable snapshot: the steps then run from the start)."""
    try:
        snapshot = json.loads(SNAPSHOT_PATH.read_text(encoding="utf-8"))
        version, statements = int(snapshot["schema_version"]), list(snapshot["statements"])
    except (OSError, ValueError, KeyError, TypeError):
        return 0
    if not 0 < version <= SCHEMA_VERSION or snapshot.get("migrations") != migrations_digest(version):
        return 0  # written from other steps than these: replaying the steps is always right
    conn.execute("BEGIN IMMEDIATE")
    try:
        for statement in statements:
            conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {version}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return version


def migrations_digest(version: int) -> str:
    """A hash of the first `version` steps' SQL: a snapshot names the steps it was made from."""
    import hashlib

    return hashlib.sha256("\0".join(MIGRATIONS[:version]).encode("utf-8")).hexdigest()


def snapshot_statements(conn: sqlite3.Connection) -> list[str]:
    """The SQL of every schema object of a migrated file, in sqlite_master order, that makes it again: not the
    indexes SQLite makes for UNIQUE and PRIMARY KEY (no SQL), nor a virtual table's shadow tables (its CREATE
    VIRTUAL TABLE makes them)."""
    shadow = {row[1] for row in conn.execute("PRAGMA main.table_list") if row[2] == "shadow"}
    return [sql for name, sql in conn.execute("SELECT name, sql FROM sqlite_master ORDER BY rowid")
            if sql is not None and name not in shadow]


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
