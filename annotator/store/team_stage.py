"""Set-based copying between project files, for hand-out and merge (store.team).

The files to read are first staged into one scratch database (`build_stage`), every table with a `src` column
saying which file a row came from. The project being written attaches that one database inside its own
transaction and copies with INSERT … SELECT, so a merge of 100k entities is a few statements, not 100k rows
through Python; and any number of files fit (SQLite attaches at most 10 databases to a connection, and a file
read inside a transaction cannot be detached before it ends).

Work tables (doc_map, label_map, layer_docs, span_map) live in the stage too, so the project's connection is
left as it was: the caller detaches the stage after its transaction.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Sequence

from annotator.store.errors import ProjectError

STAGE = "stage"

_TABLES = {  # stage table: (columns taken from the source, source query)
    "documents": ("id, ext_id, title, source, url, sha256, text_length, meta, created_at, text, segmenter_version,"
                  " state_updated_at",
                  "SELECT d.id, d.ext_id, d.title, d.source, d.url, d.sha256, d.text_length, d.meta, d.created_at,"
                  # a text the project (or an earlier file) has already is not needed: it is matched by hash
                  " CASE WHEN EXISTS (SELECT 1 FROM known.documents k WHERE k.sha256 = d.sha256)"
                  " OR EXISTS (SELECT 1 FROM main.documents s WHERE s.sha256 = d.sha256 AND s.text IS NOT NULL)"
                  " THEN NULL ELSE d.text END,"
                  " coalesce(st.segmenter_version, ''), st.updated_at FROM src.documents d"
                  " LEFT JOIN src.doc_state st ON st.doc_id = d.id ORDER BY d.id"),
    "doc_lines": ("doc_id, kinds, scores, reasons",
                  "SELECT doc_id, kinds, scores, reasons FROM src.doc_lines ORDER BY doc_id"),
    "doc_meta": ("doc_id, published, published_source, published_evidence, outlet, outlet_source, outlet_evidence,"
                 " updated_at", "SELECT doc_id, published, published_source, published_evidence, outlet, outlet_source,"
                 " outlet_evidence, updated_at FROM src.doc_meta ORDER BY doc_id"),
    "reviewers": ("id, name, uid", "SELECT id, name, uid FROM src.reviewers ORDER BY id"),
    "labels": ("id, kind, name", "SELECT id, kind, name FROM src.labels ORDER BY id"),
    "layers": ("id, kind, name, reviewer_id", "SELECT id, kind, name, reviewer_id FROM src.layers ORDER BY id"),
    "spans": ('id, doc_id, layer_id, start, "end", label_id, reviewer_id, created_at',
              'SELECT id, doc_id, layer_id, start, "end", label_id, reviewer_id, created_at FROM src.spans'
              " ORDER BY id"),
    "relations": ("id, doc_id, layer_id, head_id, tail_id, label_id, reviewer_id, created_at",
                  "SELECT id, doc_id, layer_id, head_id, tail_id, label_id, reviewer_id, created_at"
                  " FROM src.relations ORDER BY id"),
    "doc_status": ("doc_id, reviewer_id, status, updated_at",
                   "SELECT doc_id, reviewer_id, status, updated_at FROM src.doc_status ORDER BY doc_id, reviewer_id"),
    # suggestions and decisions on them (store.team_suggestions)
    "suggestion_info": ("span_id, source, score, detail",
                        "SELECT span_id, source, score, detail FROM src.suggestion_info ORDER BY span_id"),
    "suggestion_runs": ("doc_id, sources, created_at",
                        "SELECT doc_id, sources, created_at FROM src.suggestion_runs ORDER BY doc_id"),
    "rejected_suggestions": ('id, doc_id, start, "end", label_id, source, score, reviewer_id, created_at',
                             'SELECT id, doc_id, start, "end", label_id, source, score, reviewer_id, created_at'
                             " FROM src.rejected_suggestions ORDER BY id"),
    "relation_suggestions": ("id, doc_id, head_id, tail_id, label_id, source, score, detail, created_at",
                             "SELECT id, doc_id, head_id, tail_id, label_id, source, score, detail, created_at"
                             " FROM src.relation_suggestions ORDER BY id"),
    "rejected_relation_suggestions": (
        "id, doc_id, head_start, head_end, head_label_id, tail_start, tail_end, tail_label_id, label_id, source,"
        " score, reviewer_id, created_at",
        "SELECT id, doc_id, head_start, head_end, head_label_id, tail_start, tail_end, tail_label_id, label_id,"
        " source, score, reviewer_id, created_at FROM src.rejected_relation_suggestions ORDER BY id"),
    # a file's model's relations between its predicted entities, by the ends' offsets and labels
    "predicted_relations": (
        "id, doc_id, head_start, head_end, head_label_id, tail_start, tail_end, tail_label_id, label_id, source,"
        " score, created_at",
        "SELECT id, doc_id, head_start, head_end, head_label_id, tail_start, tail_end, tail_label_id, label_id,"
        " source, score, created_at FROM src.predicted_relations ORDER BY id"),
}
_KEYS = {"documents": "src, id", "doc_lines": "src, doc_id", "doc_meta": "src, doc_id",
         "reviewers": "src, id", "labels": "src, id", "layers": "src, id", "spans": "src, id",
         "relations": "src, id", "doc_status": "src, reviewer_id, doc_id", "suggestion_info": "src, span_id",
         "suggestion_runs": "src, doc_id", "rejected_suggestions": "src, id", "relation_suggestions": "src, id",
         "rejected_relation_suggestions": "src, id", "predicted_relations": "src, id"}
_WORK = """
CREATE TABLE doc_map (src INTEGER, src_id INTEGER, doc_id INTEGER NOT NULL, added INTEGER NOT NULL,
                      PRIMARY KEY (src, src_id)) WITHOUT ROWID;
CREATE TABLE label_map (src INTEGER, src_id INTEGER, label_id INTEGER NOT NULL, PRIMARY KEY (src, src_id))
    WITHOUT ROWID;
CREATE TABLE layer_docs (doc_id INTEGER PRIMARY KEY, src_latest TEXT NOT NULL DEFAULT '', tgt_latest TEXT,
                         differs INTEGER NOT NULL DEFAULT 0, write INTEGER NOT NULL DEFAULT 0);
CREATE TABLE span_map (src_id INTEGER PRIMARY KEY, span_id INTEGER NOT NULL);
CREATE TABLE only_documents (id INTEGER PRIMARY KEY);
CREATE INDEX spans_by_layer ON spans(src, layer_id, doc_id);
"""


# A reviewer's work: rows a merge places by their parents' ids, and leaves out without a word when one is gone.
_WORK_KEYS = ("layers", "spans", "relations", "doc_status")
_ROW_WORDS = {"layers": ("layer", "layers"), "spans": ("entity", "entities"), "relations": ("relation", "relations"),
              "doc_status": ("document status", "document statuses")}
_PARENT_WORDS = {"documents": "a document", "layers": "a layer", "labels": "a label", "reviewers": "a reviewer",
                 "spans": "an entity"}


def build_stage(stage_path: Path, files: Sequence[str | Path], *, known: Path | None = None,
                names: Sequence[str] | None = None, check_keys: bool = False) -> None:
    """Stage `files` (project files at the current schema version, or URIs that read them; never written) as
    src 0, 1, …
    known: the project to be written; the texts of documents it has already are left out of the stage (NULL).
    names: what to call the files in an error (default: their paths).
    check_keys: refuse a file whose work is damaged (_refuse_damaged_work; merge: files from elsewhere)."""
    conn = sqlite3.connect(str(stage_path), isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = OFF")  # a scratch file: thrown away after the merge
        conn.execute("PRAGMA synchronous = OFF")
        for table, (columns, _query) in _TABLES.items():
            conn.execute(f"CREATE TABLE {table} (src INTEGER, {columns}, PRIMARY KEY ({_KEYS[table]}))")
        conn.execute("CREATE INDEX documents_by_hash ON documents(sha256)")
        if known is not None and Path(known).exists():
            conn.execute("ATTACH DATABASE ? AS known", (f"{Path(known).resolve().as_uri()}?mode=ro",))  # open: WAL
        else:
            conn.execute("ATTACH DATABASE ':memory:' AS known")
            conn.execute("CREATE TABLE known.documents (sha256 TEXT PRIMARY KEY)")
        for n, path in enumerate(files):
            uri = path if str(path).startswith("file:") else f"{Path(path).resolve().as_uri()}?mode=ro"
            conn.execute("ATTACH DATABASE ? AS src", (uri,))
            try:
                if check_keys:
                    _refuse_damaged_work(conn, names[n] if names else path)
                conn.execute("BEGIN")
                for table, (columns, query) in _TABLES.items():
                    conn.execute(f"INSERT INTO {table} (src, {columns}) SELECT {n}, * FROM ({query})")
                conn.execute("COMMIT")
            except sqlite3.Error as exc:
                raise ProjectError(f"{names[n] if names else path}: cannot be read ({exc})") from None
            finally:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                conn.execute("DETACH DATABASE src")
        conn.execute("DETACH DATABASE known")
        conn.executescript(_WORK)
    finally:
        conn.close()


def _refuse_damaged_work(conn: sqlite3.Connection, name) -> None:
    """ProjectError naming the file when its work cannot be merged as it is, which SQLite's own checks (run only
    when asked) and quick_check do not see; another program's edit, or a flipped bit in a row, makes them:
    rows of its work pointing at a document, layer, label, reviewer or entity it does not hold; a document whose
    hash is not its text's (documents are matched by hash: it came in again beside the one with its text);
    entities with a relation type for label, relations with an entity label; entities overlapping in one
    labelled layer (the app never writes them)."""
    from annotator.core.text import utf8_sha256

    counts: dict[tuple[str, str], int] = {}
    for table in _WORK_KEYS:
        for _table, _rowid, parent, _key in conn.execute(f"PRAGMA src.foreign_key_check({table})"):
            counts[table, parent] = counts.get((table, parent), 0) + 1
    said = [f"{n} {_ROW_WORDS[table][n != 1]} {'point' if n != 1 else 'points'} at"
            f" {_PARENT_WORDS.get(parent, parent)} that is not in it" for (table, parent), n in counts.items()]
    unhashed = sum(utf8_sha256(text) != sha for text, sha in
                   conn.execute("SELECT CAST(text AS BLOB), sha256 FROM src.documents"))
    if unhashed:
        said.append(f"{unhashed} document's text does not match its hash" if unhashed == 1 else
                    f"{unhashed} documents' texts do not match their hashes")
    for table, kind, other in (("spans", "entity", "a relation type"), ("relations", "relation", "an entity label")):
        n = conn.execute(f"SELECT COUNT(*) FROM src.{table} WHERE label_id IN"  # by the label index
                         f" (SELECT id FROM src.labels WHERE kind != '{kind}')").fetchone()[0]
        if n:
            said.append(f"{n} {_ROW_WORDS[table][n != 1]} {'has' if n == 1 else 'have'} {other} for"
                        f" {'its' if n == 1 else 'their'} label")
    # in start order (the index's) an overlap anywhere is one with the entity before: 0.2 s for 200k entities
    overlapping = conn.execute(
        'SELECT COUNT(*) FROM (SELECT start, lag("end") OVER (PARTITION BY doc_id, layer_id ORDER BY start) AS before'
        " FROM src.spans WHERE layer_id NOT IN (SELECT id FROM src.layers WHERE kind = 'suggestions'))"
        " WHERE before > start").fetchone()[0]
    if overlapping:
        said.append("1 entity overlaps another of its layer" if overlapping == 1 else
                    f"{overlapping} entities overlap others of their layer")
    if said:
        raise ProjectError(f"{name}: {'; '.join(said)}: the file is damaged or was edited by another program;"
                           " nothing was merged")


def attach_stage(c: sqlite3.Connection, stage_path: Path) -> None:
    """Attach the stage to the project's connection (before its transaction); its work tables are written in
    that transaction too, with the journal in memory: the stage is thrown away afterwards."""
    c.execute(f"ATTACH DATABASE ? AS {STAGE}", (str(stage_path),))
    c.execute(f"PRAGMA {STAGE}.journal_mode = MEMORY")
    c.execute(f"PRAGMA {STAGE}.synchronous = OFF")


def detach_stage(c: sqlite3.Connection) -> None:
    if any(row[1] == STAGE for row in c.execute("PRAGMA database_list")):
        c.execute(f"DETACH DATABASE {STAGE}")


# documents --------------------------------------------------------------------------------------------
def map_documents(c, src: int, *, only: Sequence[int] | None = None, keep_ids: bool = False) -> tuple[int, int]:
    """Match the staged documents of `src` (of `only`, when given) to the project's by text hash and add the
    missing ones with their state, segments and article metadata. Returns (added, matched)."""
    if only is not None:
        c.execute("DELETE FROM stage.only_documents")
        c.executemany("INSERT INTO stage.only_documents(id) VALUES (?)", [(i,) for i in only])
        chosen = "AND s.id IN (SELECT id FROM stage.only_documents)"
    else:
        chosen = ""
    c.execute("DELETE FROM stage.doc_map WHERE src = ?", (src,))
    c.execute("INSERT INTO stage.doc_map(src, src_id, doc_id, added) SELECT s.src, s.id, d.id, 0"
              f" FROM stage.documents s JOIN main.documents d ON d.sha256 = s.sha256 WHERE s.src = ? {chosen}", (src,))
    matched = c.execute("SELECT changes()").fetchone()[0]
    new = (f"FROM stage.documents s WHERE s.src = ? {chosen} AND NOT EXISTS"
           " (SELECT 1 FROM stage.doc_map m WHERE m.src = s.src AND m.src_id = s.id)")
    columns = "ext_id, title, source, url, sha256, text_length, meta, created_at, text"
    id_column = "id, " if keep_ids else ""
    c.execute(f"INSERT INTO main.documents({id_column}{columns})"
              f" SELECT {'s.id, ' if keep_ids else ''}{', '.join('s.' + x for x in columns.split(', '))} {new}"
              " ORDER BY s.id", (src,))
    c.execute("INSERT INTO stage.doc_map(src, src_id, doc_id, added) SELECT s.src, s.id, d.id, 1"
              f" {new.replace('FROM stage.documents s', 'FROM stage.documents s JOIN main.documents d ON d.sha256 = s.sha256')}",
              (src,))
    added = c.execute("SELECT changes()").fetchone()[0]
    c.execute("INSERT INTO main.doc_state(doc_id, segmenter_version, updated_at)"
              " SELECT m.doc_id, s.segmenter_version, coalesce(s.state_updated_at, s.created_at)"
              " FROM stage.doc_map m JOIN stage.documents s ON s.src = m.src AND s.id = m.src_id"
              " WHERE m.src = ? AND m.added ORDER BY m.doc_id", (src,))
    c.execute("INSERT INTO main.doc_lines(doc_id, kinds, scores, reasons)"
              " SELECT m.doc_id, g.kinds, g.scores, g.reasons"
              " FROM stage.doc_map m JOIN stage.doc_lines g ON g.src = m.src AND g.doc_id = m.src_id"
              " WHERE m.src = ? AND m.added ORDER BY m.doc_id", (src,))
    meta = "published, published_source, published_evidence, outlet, outlet_source, outlet_evidence, updated_at"
    c.execute(f"INSERT OR IGNORE INTO main.doc_meta(doc_id, {meta}) SELECT m.doc_id,"
              f" {', '.join('g.' + x for x in meta.split(', '))}"
              " FROM stage.doc_map m JOIN stage.doc_meta g ON g.src = m.src AND g.doc_id = m.src_id"
              " WHERE m.src = ? AND m.added ORDER BY m.doc_id", (src,))
    return added, matched


def map_labels(c, src: int) -> None:
    """Source label id → the project's label of the same kind and name (the schemes are reconciled first)."""
    c.execute("DELETE FROM stage.label_map WHERE src = ?", (src,))
    c.execute("INSERT INTO stage.label_map(src, src_id, label_id) SELECT s.src, s.id, l.id FROM stage.labels s"
              " JOIN main.labels l ON l.kind = s.kind AND l.name = s.name WHERE s.src = ?", (src,))
    missing = c.execute("SELECT group_concat(s.name, ', ') FROM stage.labels s WHERE s.src = ? AND NOT EXISTS"
                        " (SELECT 1 FROM stage.label_map m WHERE m.src = s.src AND m.src_id = s.id)",
                        (src,)).fetchone()[0]
    if missing:
        raise ProjectError(f"labels {missing} of a source are missing after reconciling the schemes")


def staged_rows(c, table: str, src: int, columns: str) -> list[tuple]:
    return c.execute(f"SELECT {columns} FROM stage.{table} WHERE src = ? ORDER BY id", (src,)).fetchall()


def staged_span_count(c, src: int, layer: int) -> int:
    return c.execute("SELECT COUNT(*) FROM stage.spans WHERE src = ? AND layer_id = ?", (src, layer)).fetchone()[0]


# one layer of many documents --------------------------------------------------------------------------
# The staged layer's spans and relations of `src` on the project's documents, by the project's label ids.
_SRC_SPANS = ('SELECT m.doc_id, s.start, s."end", lm.label_id FROM stage.spans s'
              " JOIN stage.doc_map m ON m.src = s.src AND m.src_id = s.doc_id"
              " JOIN stage.label_map lm ON lm.src = s.src AND lm.src_id = s.label_id"
              " WHERE s.src = :src AND s.layer_id = :layer")
_TGT_SPANS = ('SELECT t.doc_id, t.start, t."end", t.label_id FROM main.spans t'
              " WHERE t.layer_id = :target AND t.doc_id IN (SELECT doc_id FROM stage.layer_docs)")
_SRC_RELATIONS = ('SELECT m.doc_id, h.start, h."end", hl.label_id, t.start, t."end", tl.label_id, lm.label_id'
                  " FROM stage.relations x JOIN stage.doc_map m ON m.src = x.src AND m.src_id = x.doc_id"
                  " JOIN stage.spans h ON h.src = x.src AND h.id = x.head_id"
                  " JOIN stage.spans t ON t.src = x.src AND t.id = x.tail_id"
                  " JOIN stage.label_map hl ON hl.src = h.src AND hl.src_id = h.label_id"
                  " JOIN stage.label_map tl ON tl.src = t.src AND tl.src_id = t.label_id"
                  " JOIN stage.label_map lm ON lm.src = x.src AND lm.src_id = x.label_id"
                  " WHERE x.src = :src AND x.layer_id = :layer")
_TGT_RELATIONS = ('SELECT x.doc_id, h.start, h."end", h.label_id, t.start, t."end", t.label_id, x.label_id'
                  " FROM main.relations x JOIN main.spans h ON h.id = x.head_id JOIN main.spans t ON t.id = x.tail_id"
                  " WHERE x.layer_id = :target AND x.doc_id IN (SELECT doc_id FROM stage.layer_docs)")


def touched_documents(c, src: int, layer: int, *, reviewer: int | None) -> None:
    """Fill layer_docs with the project's documents where the staged layer (or, for a reviewer's layer, the
    reviewer's status) says something, each with the time of its latest entity, relation or status."""
    c.execute("DELETE FROM stage.layer_docs")
    status = (" UNION ALL SELECT doc_id, updated_at FROM stage.doc_status WHERE src = :src AND reviewer_id = :reviewer"
              if reviewer is not None else "")
    c.execute("INSERT INTO stage.layer_docs(doc_id, src_latest) SELECT m.doc_id, max(x.t) FROM ("
              "SELECT doc_id, created_at AS t FROM stage.spans WHERE src = :src AND layer_id = :layer"
              " UNION ALL SELECT doc_id, created_at FROM stage.relations WHERE src = :src AND layer_id = :layer"
              f"{status}) x JOIN stage.doc_map m ON m.src = :src AND m.src_id = x.doc_id GROUP BY m.doc_id",
              {"src": src, "layer": layer, "reviewer": reviewer})


def compare_with_target(c, src: int, layer: int, target_layer: int, target_reviewer: int) -> None:
    """For a reviewer's layer: the project's latest time per touched document, and whether the two differ."""
    args = {"src": src, "layer": layer, "target": target_layer, "reviewer": target_reviewer}
    c.execute("UPDATE stage.layer_docs SET tgt_latest = (SELECT max(t) FROM ("
              "SELECT max(created_at) AS t FROM main.spans WHERE doc_id = layer_docs.doc_id AND +layer_id = :target"
              # "+layer_id": look the document up by relations_by_doc; by the layer it is a scan per document
              " UNION ALL SELECT max(created_at) FROM main.relations WHERE doc_id = layer_docs.doc_id"
              " AND +layer_id = :target"
              " UNION ALL SELECT updated_at FROM main.doc_status WHERE doc_id = layer_docs.doc_id"
              " AND reviewer_id = :reviewer))", args)
    counts = ("SELECT doc_id, COUNT(*) AS n FROM ({}) GROUP BY doc_id")
    c.execute(
        "UPDATE stage.layer_docs SET differs = 1 WHERE doc_id IN ("
        f"SELECT doc_id FROM ({_SRC_SPANS} EXCEPT {_TGT_SPANS})"
        f" UNION SELECT doc_id FROM ({_TGT_SPANS} EXCEPT {_SRC_SPANS})"
        f" UNION SELECT doc_id FROM ({_SRC_RELATIONS} EXCEPT {_TGT_RELATIONS})"
        f" UNION SELECT doc_id FROM ({_TGT_RELATIONS} EXCEPT {_SRC_RELATIONS})"
        # the same set with a repeated entity is still a different layer
        f" UNION SELECT a.doc_id FROM ({counts.format(_SRC_SPANS)}) a LEFT JOIN ({counts.format(_TGT_SPANS)}) b"
        " ON b.doc_id = a.doc_id WHERE b.n IS NOT a.n)", args)


def write_layer(c, src: int, layer: int, target_layer: int, *, author: int | None) -> tuple[int, int]:
    """Replace the project layer `target_layer` on the documents marked `write` in layer_docs with the staged
    layer's entities and relations (times kept; `author` as their reviewer). Returns (entities, relations)."""
    args = {"src": src, "layer": layer, "target": target_layer, "author": author}
    c.execute("DELETE FROM main.spans WHERE layer_id = :target AND doc_id IN"
              " (SELECT doc_id FROM stage.layer_docs WHERE write)", args)  # relations go by ON DELETE CASCADE
    c.execute("DELETE FROM stage.span_map")
    args["base"] = c.execute("SELECT coalesce(max(id), 0) FROM main.spans").fetchone()[0]
    c.execute('INSERT INTO stage.span_map(src_id, span_id) SELECT s.id, :base + row_number() OVER'
              ' (ORDER BY m.doc_id, s.start, s."end", s.id) FROM stage.spans s'
              " JOIN stage.doc_map m ON m.src = s.src AND m.src_id = s.doc_id"
              " JOIN stage.layer_docs w ON w.doc_id = m.doc_id AND w.write"
              " WHERE s.src = :src AND s.layer_id = :layer", args)
    c.execute('INSERT INTO main.spans(id, doc_id, layer_id, start, "end", label_id, reviewer_id, created_at)'
              ' SELECT p.span_id, m.doc_id, :target, s.start, s."end", lm.label_id, :author, s.created_at'
              " FROM stage.span_map p JOIN stage.spans s ON s.src = :src AND s.id = p.src_id"
              " JOIN stage.doc_map m ON m.src = s.src AND m.src_id = s.doc_id"
              " JOIN stage.label_map lm ON lm.src = s.src AND lm.src_id = s.label_id ORDER BY p.span_id", args)
    spans = c.execute("SELECT changes()").fetchone()[0]
    c.execute("INSERT INTO main.relations(doc_id, layer_id, head_id, tail_id, label_id, reviewer_id, created_at)"
              " SELECT m.doc_id, :target, h.span_id, t.span_id, lm.label_id, :author, x.created_at"
              " FROM stage.relations x JOIN stage.span_map h ON h.src_id = x.head_id"
              " JOIN stage.span_map t ON t.src_id = x.tail_id"
              " JOIN stage.doc_map m ON m.src = x.src AND m.src_id = x.doc_id"
              " JOIN stage.label_map lm ON lm.src = x.src AND lm.src_id = x.label_id"
              " WHERE x.src = :src AND x.layer_id = :layer ORDER BY x.id", args)
    relations = c.execute("SELECT changes()").fetchone()[0]
    return spans, relations


def write_statuses(c, src: int, reviewer: int, target_reviewer: int) -> list[int]:
    """The staged reviewer's status of each touched document the project's copy is not newer on; returns the
    documents whose status was written."""
    found = ("FROM stage.doc_status s JOIN stage.doc_map m ON m.src = s.src AND m.src_id = s.doc_id"
             " JOIN stage.layer_docs w ON w.doc_id = m.doc_id"
             " WHERE s.src = :src AND s.reviewer_id = :reviewer AND w.src_latest >= coalesce(w.tgt_latest, '')"
             " AND NOT EXISTS (SELECT 1 FROM main.doc_status t WHERE t.doc_id = m.doc_id AND t.reviewer_id = :target"
             " AND t.status = s.status AND t.updated_at = s.updated_at)")
    args = {"src": src, "reviewer": reviewer, "target": target_reviewer}
    changed = [row[0] for row in c.execute(f"SELECT m.doc_id {found}", args)]
    c.execute(f"INSERT OR REPLACE INTO main.doc_status(doc_id, reviewer_id, status, updated_at)"
              f" SELECT m.doc_id, :target, s.status, s.updated_at {found}", args)
    return changed


def documents_to_write(c) -> list[int]:
    return [row[0] for row in c.execute("SELECT doc_id FROM stage.layer_docs WHERE write")]


def decide_reviewer_layer(c) -> tuple[int, int, int]:
    """Mark for writing the touched documents where the staged layer differs and is at least as recent as the
    project's. Returns (written, unchanged, kept because the project's copy is newer)."""
    c.execute("UPDATE stage.layer_docs SET write = 1 WHERE differs AND src_latest >= coalesce(tgt_latest, '')")
    row = c.execute("SELECT coalesce(sum(write), 0), coalesce(sum(NOT differs AND src_latest >= coalesce(tgt_latest, '')), 0),"
                    " coalesce(sum(src_latest < coalesce(tgt_latest, '')), 0) FROM stage.layer_docs").fetchone()
    return row[0], row[1], row[2]


def decide_shared_layer(c, target_layer: int) -> int:
    """An import layer is added where the project's layer has nothing on the document. Returns how many."""
    c.execute("UPDATE stage.layer_docs SET write = 1 WHERE NOT EXISTS"
              " (SELECT 1 FROM main.spans t WHERE t.doc_id = layer_docs.doc_id AND t.layer_id = ?)", (target_layer,))
    return c.execute("SELECT changes()").fetchone()[0]
