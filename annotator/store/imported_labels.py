"""The labels that come with imported documents: spans and relations into each import's layer, in bulk.

Every span is checked as before (bounds, known label, no overlap within its document) and a problem costs
only that span, named by FILE:LINE; the good ones of a whole batch go in with one executemany per table.
Span ids are counted here (max + 1 onwards, what SQLite picks for a row without one; the caller's transaction
holds the write lock), so that relations can refer to them without a round trip per span; the rows leave them to
SQLite, which finds the largest without the look-up per row an explicit id costs.

A batch that is large beside the spans already stored (a new project's import) is bulk-loaded: inside the same
transaction the spans table's non-unique indexes and its bounds trigger are dropped, the rows (already checked
here) inserted, and the trigger and indexes made again from their own SQL. Building an index over the rows at once
is cheaper than keeping it up row by row. The trigger's rule (no span past its text) is checked against the stored
text lengths, once per document, or else with one join over the batch. The batch's transaction runs with foreign
keys off (keys_set_aside): their rule is checked here once per document, layer and label, not once per row, and a
missing parent fails the batch with SQLite's own error at the row where the keys would have. The CHECK and any
unique index stay in force throughout. DDL is transactional in SQLite, so an error or a kill before the commit
leaves the schema as it was, and foreign keys are a setting of the connection, not of the file.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Iterable

from annotator.core.clock import now
from annotator.core.layers import IMPORT, import_layer_name
from annotator.core.model import NewDocument, SpanTriples, span_bounds_problem
from annotator.core.scheme import label_name_problem
from annotator.store.annotations import RELATION_INSERT
from annotator.store import bulk_insert
from annotator.store.bulk_insert import insert_flat, insert_grouped


_fields = attrgetter("start", "end", "label")


def add_imported_labels(project, c, docs: list[tuple[int, NewDocument]], stamp: str, result,
                        label_ids: dict[str, int], relation_ids: dict[str, int]) -> None:
    """Store the spans and relations of newly inserted documents ((doc id, document) pairs), with no author.
    In a transaction with foreign keys off (keys_set_aside) their rule is checked here, once per parent."""
    layers: dict[str, int] = {}
    span_rows: list = []  # flat: doc id, layer id, start, end, label id of one row after the other (SPAN_ROW_KEYS)
    relation_rows: list[tuple] = []
    doc_ends: dict[int, int] = {}  # doc id -> the end of its last row (the largest: kept rows are disjoint, in order)
    problems = result.problems
    get = label_ids.get
    next_span = c.execute("SELECT COALESCE(MAX(id), 0) FROM spans").fetchone()[0] + 1
    for doc_id, doc in docs:
        layer_name = doc.label_layer or import_layer_name(doc.origin or doc.source)
        layer_id = layers.get(layer_name)
        if layer_id is None:
            layer_id = layers[layer_name] = project.shared_layer_id(c, IMPORT, layer_name)
        first_span, n, last_end = next_span, len(doc.text), 0
        if not doc.relations:
            # The common case in one pass in input order: well-formed, known labels, each span after the end of
            # the one before. Such spans are in (start, end) order already and disjoint, so the checked pass
            # would keep every one of them; any other span sends the document there.
            spans = doc.spans
            if type(spans) is SpanTriples:  # a parser's values as they are (no NewSpan made)
                values = iter(spans.flat)
                triples = zip(values, values, values)
            else:
                triples = map(_fields, spans)
            for start, end, label in triples:
                label_id = get(label)
                if type(start) is int and type(end) is int and last_end <= start < end <= n and label_id is not None:
                    span_rows += (doc_id, layer_id, start, end, label_id)
                    next_span += 1
                    last_end = end
                else:
                    del span_rows[len(span_rows) - SPAN_ROW_VALUES * (next_span - first_span):]
                    next_span = first_span
                    break
            else:
                result.spans += next_span - first_span
                doc_ends[doc_id] = last_end
                continue
        next_span, last_end = _checked_pass(doc, doc_id, layer_id, label_ids, relation_ids, next_span, span_rows,
                                            relation_rows, stamp, result)
        result.spans += next_span - first_span
        if next_span > first_span:
            doc_ends[doc_id] = last_end
    lengths = _text_lengths(c, doc_ends)
    missing_docs = doc_ends.keys() - lengths.keys()
    if not keys_in_force(c):
        orphan = _first_orphan(c, _rows(span_rows), missing_docs, set(layers.values()), label_ids, SPAN_ROW_KEYS)
        if orphan is not None:  # where the foreign keys would stop the batch
            if len(span_rows) < BULK_MIN_ROWS * SPAN_ROW_VALUES:  # row by row, the bounds trigger in force: the
                # rows before it first
                c.executemany(imported_span_insert(stamp, ids=False), _rows(span_rows[:orphan * SPAN_ROW_VALUES]))
            raise sqlite3.IntegrityError(FOREIGN_KEY_FAILED)
    ends_checked = all(lengths.get(doc_id, -1) >= end for doc_id, end in doc_ends.items())
    insert_span_rows(c, span_rows, next_span - len(span_rows) // SPAN_ROW_VALUES - 1, stamp, ends_checked=ends_checked,
                     flat=True, ids=False)
    if relation_rows and not keys_in_force(c):
        # their document, layer, head and tail are those of span rows just stored (checked above): the label is not
        orphan = _first_orphan(c, relation_rows, set(), set(), relation_ids, RELATION_ROW_KEYS)
        if orphan is not None:
            c.executemany(RELATION_INSERT, relation_rows[:orphan])
            raise sqlite3.IntegrityError(FOREIGN_KEY_FAILED)
    c.executemany(RELATION_INSERT, relation_rows)


@dataclass(slots=True)
class StoredCopiesLabelled:
    """What add_labels_to_stored did: the stored documents that took a copy's labels, those that kept their own
    (their import layer of that name holds labels already), and the spans, relations and problems stored."""
    labelled: list[int] = field(default_factory=list)
    kept: list[int] = field(default_factory=list)
    refused: list[int] = field(default_factory=list)  # every label of the copy refused (each one a problem)
    spans: int = 0
    relations: int = 0
    problems: list[str] = field(default_factory=list)


def stored_copy_layer(doc: NewDocument) -> str:
    """The import layer a parsed document's labels go into (its file's: import:NAME)."""
    return doc.label_layer or import_layer_name(doc.origin or doc.source)


def add_labels_to_stored(project, pairs: list[tuple[int, NewDocument]]) -> StoredCopiesLabelled:
    """The labels of parsed copies of documents the project holds ((stored id, copy) pairs whose texts are equal:
    the same SHA-256) into each copy's import layer, in one transaction, checked as an import's are. A document
    whose import layer of that name holds labels already keeps them: importing the same labelled file again adds
    nothing, while a colleague's labelled export of documents imported before brings its labels in."""
    done = StoredCopiesLabelled()
    if not pairs:
        return done
    label_ids = project._label_ids("entity")
    relation_ids = project._label_ids("relation")
    stamp = now()

    def held(c, doc_id: int, doc: NewDocument) -> bool:
        return c.execute("SELECT 1 FROM spans s JOIN layers l ON l.id = s.layer_id WHERE s.doc_id = ? AND l.name = ?"
                         " LIMIT 1", (doc_id, stored_copy_layer(doc))).fetchone() is not None

    with project.transaction() as c:
        todo = []
        for doc_id, doc in pairs:
            if held(c, doc_id, doc):
                done.kept.append(doc_id)
            else:
                todo.append((doc_id, doc))
        if todo:
            result = _Counts()
            add_imported_labels(project, c, todo, stamp, result, label_ids, relation_ids)
            done.spans, done.relations, done.problems = result.spans, result.relations, result.problems
            for doc_id, doc in todo:
                (done.labelled if held(c, doc_id, doc) else done.refused).append(doc_id)
    return done


@dataclass(slots=True)
class _Counts:  # what add_imported_labels adds to (an AddResult's label part)
    spans: int = 0
    relations: int = 0
    problems: list[str] = field(default_factory=list)


def _checked_pass(doc, doc_id, layer_id, label_ids, relation_ids, next_span, span_rows, relation_rows, stamp,
                  result) -> tuple[int, int]:
    """A document's spans checked one by one in (start, end) order, each problem reported, then its relations.
    Returns the next span id and the end of the last span stored."""
    problems = result.problems
    span_ids: dict[int, int] = {}  # input index -> span id, for the relations (kept only when there are any)
    keep_ids = bool(doc.relations)
    last_end, last_start = -1, -1
    n = len(doc.text)
    spans = doc.spans if type(doc.spans) is list else list(doc.spans)  # SpanTriples: its NewSpans, made once
    bounds = [(sp.start, sp.end) for sp in spans]
    for index in sorted(range(len(spans)), key=bounds.__getitem__):  # a C key: no Python call per span
        sp = spans[index]
        start, end = sp.start, sp.end
        label_id = label_ids.get(sp.label)
        # span_bounds_problem's pass, a known label, no overlap with the span before: the common case at once
        if not (type(start) is int and type(end) is int and 0 <= start < end <= n and label_id is not None
                and last_end <= start):
            problem = span_bounds_problem(start, end, n)
            if problem is not None:
                pass  # reported below
            elif label_id is None:
                problem = _unknown_label(sp.label)
            elif last_end > start:
                problem = f"span [{start}, {end}) {sp.label} overlaps span {[last_start, last_end]}"
            if problem is not None:
                problems.append(f"{where(doc, sp.line, doc_id)}: {problem}; span skipped")
                continue
        span_rows += (doc_id, layer_id, start, end, label_id)
        if keep_ids:
            span_ids[index] = next_span
        next_span += 1
        last_end, last_start = end, start
    stored: set[tuple[int, int, int]] = set()
    for rel in doc.relations:
        if rel.label not in relation_ids:
            problems.append(f"{where(doc, rel.line, doc_id)}: unknown relation type {rel.label!r}; relation skipped")
        elif rel.head not in span_ids or rel.tail not in span_ids:
            problems.append(f"{where(doc, rel.line, doc_id)}: relation {rel.label} refers to a span that was"
                            " not imported; skipped")
        elif rel.head == rel.tail:
            problems.append(f"{where(doc, rel.line, doc_id)}: relation {rel.label} links an entity to itself (a"
                            " relation joins two entities); skipped")
        elif (key := (span_ids[rel.head], span_ids[rel.tail], relation_ids[rel.label])) in stored:
            problems.append(f"{where(doc, rel.line, doc_id)}: relation {rel.label} repeats an earlier one"
                            " between the same spans; skipped")
        else:
            relation_rows.append((None, doc_id, layer_id, *key, None, stamp))
            stored.add(key)
    result.relations += len(stored)
    return next_span, last_end


SPAN_ROW_WIDTH = 6  # (id, doc id, layer id, start, end, label id)
SPAN_ROW_VALUES = 5  # an import's span row: the same without the id, which SQLite gives


def _rows(flat: list):
    """Flat span rows of an import (SPAN_ROW_VALUES a row) read a tuple a row, as they are asked for."""
    return zip(*[iter(flat)] * SPAN_ROW_VALUES)


BULK_MIN_ROWS = 2_000  # smaller batches are not worth two DDL statements a rule
# Set the indexes aside too when the rows already there are at most this many times the batch: past it,
# rebuilding the indexes over the whole table costs more than keeping them up. Thread CPU ms of the peer import's
# 127k span rows cut in two (the second batch with its indexes kept up vs rebuilt; keys off, bounds trigger aside,
# sqlb2.py, load 7): 40k then 87.5k 89 vs 77; 50k then 77.5k 76 vs 72; 57k then 70.5k 67 vs 69; 64k then 63.5k 61
# vs 66; 81k then 46.5k 46 vs 60; 100k then 27.5k 28 vs 53. The bounds trigger is set aside for any batch of
# BULK_MIN_ROWS: checking the batch with one join costs less than a lookup per row whatever the table holds.
BULK_MAX_EXISTING_RATIO = 0.75
# A bulk load puts this many times bulk_insert.ROWS_PER_STATEMENT (100) rows in one INSERT statement: the peer
# import's 127k span rows with their indexes took 99 -> 93 CPU ms from 100 to 500 rows a statement, and no less
# with more (sqlb.py, load 5.9).
BULK_STATEMENT_ROWS_FACTOR = 5
# An import's rows come in the order of this index's key (new documents' ids are the largest, a document's spans
# in start order), so SQLite appends them at its end: kept up, it cost 133M instructions less than made again
# (callgrind, 127k rows), the CPU seconds within their noise (0.146 vs 0.148, load 10).
ROWS_IN_ORDER_OF = "spans_by_doc"
BOUNDS_TRIGGER = "spans_within_text"  # its rule is checked over the batch by BOUNDS_VIOLATION instead
BOUNDS_VIOLATION = (
    'SELECT s.id, s."end", d.text_length FROM spans s JOIN documents d ON d.id = s.doc_id'
    ' WHERE s.id > ? AND s."end" > d.text_length LIMIT 1'
)
def insert_span_rows(c, rows: list, after_id: int, stamp: str, *, ends_checked: bool = False,
                     flat: bool = False, ids: bool = True) -> None:
    """Insert imported span rows ((id, doc id, layer id, start, end, label id), ids above `after_id`, the largest
    span id before them; no author, created at `stamp`) in the caller's transaction. A batch of BULK_MIN_ROWS or
    more is bulk-loaded: the bounds trigger set aside and its rule checked over the batch at once, and the
    indexes that enforce nothing set aside too when the batch is large beside the table (after_id bounds how
    many rows it holds); both are made again from their own SQL before this returns. ends_checked: the caller
    has compared every row's end with its document's stored text_length already, so no join is needed. flat:
    rows holds the rows' values one row after another (bulk_insert.insert_flat), not a tuple a row. ids=False: the
    rows leave out the id, which is after_id + 1 onwards in their order (after_id must then be the largest id the
    table holds): SQLite gives a row without one the largest + 1, without the look-up an explicit id costs (127k
    peer rows 0.067 -> 0.054 CPU s)."""
    width = SPAN_ROW_WIDTH if ids else SPAN_ROW_VALUES
    count = len(rows) // width if flat else len(rows)
    if not ids and after_id + count >= MAX_ROWID:  # SQLite would pick ids at random: give them
        rows = [(i, *row) for i, row in enumerate(_rows(rows) if flat else rows, after_id + 1)]
        ids, flat = True, False
    if count < BULK_MIN_ROWS:
        c.executemany(imported_span_insert(stamp, ids=ids), zip(*[iter(rows)] * width) if flat else rows)
        return
    dropped = _bulk_droppable(c, indexes=after_id <= count * BULK_MAX_EXISTING_RATIO)
    for kind, name, _ in dropped:
        c.execute(f'DROP {kind} "{name}"')
    # many rows to a statement
    (insert_flat if flat else insert_grouped)(c, imported_span_insert(stamp, ids=ids), rows,
                                              per=BULK_STATEMENT_ROWS_FACTOR * bulk_insert.ROWS_PER_STATEMENT)
    bad = None if ends_checked else c.execute(BOUNDS_VIOLATION, (after_id,)).fetchone()
    if bad is not None:  # as the trigger would: the statement fails and the caller rolls the batch back
        raise sqlite3.IntegrityError(f"span ends beyond the document text (span {bad[0]} ends at {bad[1]},"
                                     f" its text has {bad[2]} characters)")
    for _, _, sql in dropped:
        c.execute(sql)


FOREIGN_KEY_FAILED = "FOREIGN KEY constraint failed"  # SQLite's own message for the rows its keys refuse


def keys_set_aside(batch: list[NewDocument]) -> bool:
    """Whether a batch of new documents is stored with foreign keys off (store.foreign_keys.keys_aside): when its spans are
    many enough to be bulk-loaded. Checking the keys of each of 127k span rows took a fifth of the rows' SQL
    (0.16 -> 0.13 CPU s); add_imported_labels checks them instead once per document, layer and label. The
    transaction writes no other row whose parent it has not just written itself (doc_state, doc_meta and
    doc_lines refer to the documents inserted before them; import layers have no reviewer), and deletes
    nothing, so no cascade is missed (tests/store/test_foreign_keys_off.py holds it to that)."""
    total = 0
    for doc in batch:
        total += len(doc.spans)
        if total >= BULK_MIN_ROWS:
            return True
    return False


def keys_in_force(c) -> bool:
    return c.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def _text_lengths(c, doc_ids) -> dict[int, int]:
    """{doc id: stored text_length} of those of the documents the project holds."""
    if not doc_ids:
        return {}
    low, high = min(doc_ids), max(doc_ids)
    if high - low < 2 * len(doc_ids):  # the new documents of a batch: one range
        found = dict(c.execute("SELECT id, text_length FROM documents WHERE id BETWEEN ? AND ?", (low, high)))
        return {doc_id: found[doc_id] for doc_id in doc_ids if doc_id in found}
    return dict(_rows_by_id(c, "SELECT id, text_length FROM documents", list(doc_ids)))


SPAN_ROW_KEYS = (0, 1, 4)  # where an import's span row (no id) holds its document, layer and label id
RELATION_ROW_KEYS = (1, 2, 5)  # the same in a relation row


def _first_orphan(c, rows: Iterable[tuple], missing_docs: set[int], layer_ids: set[int],
                  label_ids: dict[str, int], keys: tuple[int, int, int]) -> int | None:
    """With foreign keys off: the index of the first row (a span or relation row, its document, layer and label
    id at `keys`) whose document, layer or label the project does not hold, where the keys would have
    stopped the batch; None if there is none. Each parent is looked up once, not once a row."""
    labels = set(label_ids.values())
    missing_labels = labels - {row[0] for row in _rows_by_id(c, "SELECT id FROM labels", list(labels))}
    missing_layers = layer_ids - {row[0] for row in _rows_by_id(c, "SELECT id FROM layers", list(layer_ids))}
    if not missing_labels and not missing_layers and not missing_docs:
        return None
    doc_at, layer_at, label_at = keys
    for index, row in enumerate(rows):
        if row[doc_at] in missing_docs or row[layer_at] in missing_layers or row[label_at] in missing_labels:
            return index
    return None


def _rows_by_id(c, select: str, ids: list[int]) -> list[tuple]:
    rows: list[tuple] = []
    for i in range(0, len(ids), 500):
        part = ids[i:i + 500]
        rows += c.execute(f"{select} WHERE id IN ({','.join('?' * len(part))})", part).fetchall()
    return rows


MAX_ROWID = 2**63 - 1


def imported_span_insert(stamp: str, *, ids: bool = True) -> str:
    """The INSERT of a batch's span rows, its author (none) and time written into the statement: bound on every
    row, those two values were half the CPU of inserting the rows. ids=False: the rows leave out the id (SQLite
    gives the largest + 1)."""
    if "\x00" in stamp:
        raise ValueError("a time stamp holds a NUL character")
    literal = "'" + stamp.replace("'", "''") + "'"
    if not ids:
        return ('INSERT INTO spans(doc_id, layer_id, start, "end", label_id, reviewer_id, created_at)'
                f" VALUES (?, ?, ?, ?, ?, NULL, {literal})")
    return ('INSERT INTO spans(id, doc_id, layer_id, start, "end", label_id, reviewer_id, created_at)'
            f" VALUES (?, ?, ?, ?, ?, ?, NULL, {literal})")


def _bulk_droppable(c, *, indexes: bool) -> list[tuple[str, str, str]]:
    """(kind, name, sql) of what a bulk load may set aside, in creation order: the bounds trigger, which
    BOUNDS_VIOLATION stands in for, and with `indexes` the indexes that enforce nothing (not unique)."""
    plain = {row[1] for row in c.execute("PRAGMA index_list(spans)") if not row[2]} if indexes else set()
    plain.discard(ROWS_IN_ORDER_OF)
    return [(kind.upper(), name, sql) for kind, name, sql in c.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'spans' AND sql IS NOT NULL"
        " AND (type = 'index' OR (type = 'trigger' AND name = ?)) ORDER BY rowid", (BOUNDS_TRIGGER,))
        if kind == "trigger" or name in plain]


def where(doc: NewDocument, line: int, doc_id: int) -> str:
    """FILE:LINE of a label problem: the label's own line when the importer knows it."""
    if not doc.origin:
        return f"document {doc_id}"
    if line:
        return f"{doc.origin.rsplit(':', 1)[0]}:{line}"
    return doc.origin


def _unknown_label(name) -> str:
    cannot = label_name_problem(name)
    if cannot is not None:
        return f"label {str(name)[:120]!r} cannot be added to the scheme: it has {cannot}"
    # Before the file's first import: imported again, its documents are duplicates, whose labels are not taken.
    return (f"unknown label {name!r} (to keep such spans, add it to the label scheme or use --add-labels before the"
            " file is first imported: importing it again skips the documents already stored)")
