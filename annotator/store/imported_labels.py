"""The labels that come with imported documents: spans and relations into each import's layer, in bulk.

Every span is checked as before (bounds, known label, no overlap within its document) and a problem costs
only that span, named by FILE:LINE; the good ones of a whole batch go in with one executemany per table.
Span ids are given explicitly (max + 1 onwards, what SQLite would pick; the caller's transaction holds the
write lock), so that relations can refer to them without a round trip per span.

A batch that is large beside the spans already stored (a new project's import) is bulk-loaded: inside the same
transaction the spans table's non-unique indexes and its bounds trigger are dropped, the rows (already checked
here) inserted, the trigger's rule checked once over the batch with a join, and the trigger and indexes made
again from their own SQL. Building an index over the rows at once is cheaper than keeping it up row by row;
the foreign keys, the CHECK and any unique index stay in force throughout. DDL is transactional in SQLite, so
an error or a kill before the commit leaves the schema as it was.
"""

from __future__ import annotations

import sqlite3

from annotator.core.layers import IMPORT, import_layer_name
from annotator.core.model import NewDocument, span_bounds_problem
from annotator.store.annotations import RELATION_INSERT
from annotator.store.bulk_insert import insert_grouped


def add_imported_labels(project, c, docs: list[tuple[int, NewDocument]], stamp: str, result,
                        label_ids: dict[str, int], relation_ids: dict[str, int]) -> None:
    """Store the spans and relations of newly inserted documents ((doc id, document) pairs), with no author."""
    layers: dict[str, int] = {}
    span_rows: list[tuple] = []
    span_rows_append = span_rows.append
    relation_rows: list[tuple] = []
    problems = result.problems
    next_span = c.execute("SELECT COALESCE(MAX(id), 0) FROM spans").fetchone()[0] + 1
    for doc_id, doc in docs:
        layer_name = doc.label_layer or import_layer_name(doc.origin or doc.source)
        layer_id = layers.get(layer_name)
        if layer_id is None:
            layer_id = layers[layer_name] = project.shared_layer_id(c, IMPORT, layer_name)
        span_ids: dict[int, int] = {}  # input index -> span id, for the relations (kept only when there are any)
        keep_ids = bool(doc.relations)
        first_span = next_span
        last_end, last_start = -1, -1
        n = len(doc.text)
        spans = doc.spans
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
                    problem = f"unknown label {sp.label!r} (add it to the label scheme, or import with --add-labels)"
                elif last_end > start:
                    problem = f"span [{start}, {end}) {sp.label} overlaps span {[last_start, last_end]}"
                if problem is not None:
                    problems.append(f"{where(doc, sp.line, doc_id)}: {problem}; span skipped")
                    continue
            span_rows_append((next_span, doc_id, layer_id, start, end, label_id))
            if keep_ids:
                span_ids[index] = next_span
            next_span += 1
            last_end, last_start = end, start
        result.spans += next_span - first_span
        stored: set[tuple[int, int, int]] = set()
        for rel in doc.relations:
            if rel.label not in relation_ids:
                problems.append(f"{where(doc, rel.line, doc_id)}: unknown relation type {rel.label!r}; relation skipped")
            elif rel.head not in span_ids or rel.tail not in span_ids or rel.head == rel.tail:
                problems.append(f"{where(doc, rel.line, doc_id)}: relation {rel.label} refers to a span that was"
                                " not imported; skipped")
            elif (key := (span_ids[rel.head], span_ids[rel.tail], relation_ids[rel.label])) in stored:
                problems.append(f"{where(doc, rel.line, doc_id)}: relation {rel.label} repeats an earlier one"
                                " between the same spans; skipped")
            else:
                relation_rows.append((None, doc_id, layer_id, *key, None, stamp))
                stored.add(key)
        result.relations += len(stored)
    insert_span_rows(c, span_rows, next_span - len(span_rows) - 1, stamp)
    c.executemany(RELATION_INSERT, relation_rows)


BULK_MIN_ROWS = 2_000  # smaller batches are not worth two DDL statements a rule
# Set the indexes aside too when the rows already there are at most this many times the batch: past it,
# rebuilding the indexes over the whole table costs more than keeping them up. CPU seconds for 127k rows with
# their commit, row by row vs bulk: 0.47 vs 0.26 into an empty table, 0.53 vs 0.36 over as many rows again, 0.90
# vs 0.48 over twice as many, 0.54 vs 0.76 over four times as many. The bounds trigger is set aside for any batch
# of BULK_MIN_ROWS: checking the batch with one join costs less than a lookup per row whatever the table holds.
BULK_MAX_EXISTING_RATIO = 2.0
BOUNDS_TRIGGER = "spans_within_text"  # its rule is checked over the batch by BOUNDS_VIOLATION instead
BOUNDS_VIOLATION = (
    'SELECT s.id, s."end", d.text_length FROM spans s JOIN documents d ON d.id = s.doc_id'
    ' WHERE s.id > ? AND s."end" > d.text_length LIMIT 1'
)
def insert_span_rows(c, rows: list[tuple], after_id: int, stamp: str) -> None:
    """Insert imported span rows ((id, doc id, layer id, start, end, label id), ids above `after_id`, the largest
    span id before them; no author, created at `stamp`) in the caller's transaction. A batch of BULK_MIN_ROWS or
    more is bulk-loaded: the bounds trigger set aside and its rule checked over the batch at once, and the
    indexes that enforce nothing set aside too when the batch is large beside the table (after_id bounds how
    many rows it holds); both are made again from their own SQL before this returns."""
    if len(rows) < BULK_MIN_ROWS:
        c.executemany(imported_span_insert(stamp), rows)
        return
    dropped = _bulk_droppable(c, indexes=after_id <= len(rows) * BULK_MAX_EXISTING_RATIO)
    for kind, name, _ in dropped:
        c.execute(f'DROP {kind} "{name}"')
    insert_grouped(c, imported_span_insert(stamp), rows)  # many rows to a statement
    bad = c.execute(BOUNDS_VIOLATION, (after_id,)).fetchone()
    if bad is not None:  # as the trigger would: the statement fails and the caller rolls the batch back
        raise sqlite3.IntegrityError(f"span ends beyond the document text (span {bad[0]} ends at {bad[1]},"
                                     f" its text has {bad[2]} characters)")
    for _, _, sql in dropped:
        c.execute(sql)


def imported_span_insert(stamp: str) -> str:
    """The INSERT of a batch's span rows, its author (none) and time written into the statement: bound on every
    row, those two values were half the CPU of inserting the rows."""
    if "\x00" in stamp:
        raise ValueError("a time stamp holds a NUL character")
    literal = "'" + stamp.replace("'", "''") + "'"
    return ('INSERT INTO spans(id, doc_id, layer_id, start, "end", label_id, reviewer_id, created_at)'
            f" VALUES (?, ?, ?, ?, ?, ?, NULL, {literal})")


def _bulk_droppable(c, *, indexes: bool) -> list[tuple[str, str, str]]:
    """(kind, name, sql) of what a bulk load may set aside, in creation order: the bounds trigger, which
    BOUNDS_VIOLATION stands in for, and with `indexes` the indexes that enforce nothing (not unique)."""
    plain = {row[1] for row in c.execute("PRAGMA index_list(spans)") if not row[2]} if indexes else set()
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
