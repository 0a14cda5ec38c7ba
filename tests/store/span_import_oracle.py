"""The import's span storing as it was before foreign keys were set aside around a bulk batch (main 2504c7c,
annotator/store/imported_labels.py, kept verbatim as the oracle of tests/store/test_foreign_keys_off.py): every
span checked in (start, end) order, rows refused by SQLite's own foreign keys row by row, the bounds rule of a
bulk batch checked with a join. One change since: a relation of an entity to itself says so (it said "refers to a
span that was not imported"), as the code now does."""

from __future__ import annotations

import sqlite3

from annotator.core.layers import IMPORT, import_layer_name
from annotator.core.model import NewDocument, span_bounds_problem
from annotator.store.annotations import RELATION_INSERT
from annotator.store.bulk_insert import insert_grouped
from annotator.store.imported_labels import (BOUNDS_VIOLATION, BULK_MAX_EXISTING_RATIO, _bulk_droppable,
                                             _unknown_label, imported_span_insert, where)
from annotator.store import imported_labels


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
                    problem = _unknown_label(sp.label)
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
    insert_span_rows(c, span_rows, next_span - len(span_rows) - 1, stamp)
    c.executemany(RELATION_INSERT, relation_rows)


def insert_span_rows(c, rows: list[tuple], after_id: int, stamp: str) -> None:
    """Insert imported span rows ((id, doc id, layer id, start, end, label id), ids above `after_id`, the largest
    span id before them; no author, created at `stamp`) in the caller's transaction. A batch of BULK_MIN_ROWS or
    more is bulk-loaded: the bounds trigger set aside and its rule checked over the batch at once, and the
    indexes that enforce nothing set aside too when the batch is large beside the table (after_id bounds how
    many rows it holds); both are made again from their own SQL before this returns."""
    if len(rows) < imported_labels.BULK_MIN_ROWS:
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

