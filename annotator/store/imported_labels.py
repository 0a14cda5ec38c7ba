"""The labels that come with imported documents: spans and relations into each import's layer, in bulk.

Every span is checked as before (bounds, known label, no overlap within its document) and a problem costs
only that span, named by FILE:LINE; the good ones of a whole batch go in with one executemany per table.
Span ids are given explicitly (max + 1 onwards, what SQLite would pick; the caller's transaction holds the
write lock), so that relations can refer to them without a round trip per span.
"""

from __future__ import annotations

from annotator.core.layers import IMPORT, import_layer_name
from annotator.core.model import NewDocument, span_bounds_problem
from annotator.store.annotations import RELATION_INSERT, SPAN_INSERT


def add_imported_labels(project, c, docs: list[tuple[int, NewDocument]], stamp: str, result,
                        label_ids: dict[str, int], relation_ids: dict[str, int]) -> None:
    """Store the spans and relations of newly inserted documents ((doc id, document) pairs), with no author."""
    layers: dict[str, int] = {}
    span_rows: list[tuple] = []
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
        stored_spans = 0
        last_end, last = -1, None
        n = len(doc.text)
        spans = doc.spans
        bounds = [(sp.start, sp.end) for sp in spans]
        for index in sorted(range(len(spans)), key=bounds.__getitem__):  # a C key: no Python call per span
            sp = spans[index]
            start, end = sp.start, sp.end
            if type(start) is int and type(end) is int and 0 <= start < end <= n:  # span_bounds_problem's pass
                problem = None
            else:
                problem = span_bounds_problem(start, end, n)
            if problem is not None:
                pass  # reported below
            elif (label_id := label_ids.get(sp.label)) is None:
                problem = f"unknown label {sp.label!r} (add it to the label scheme, or import with --add-labels)"
            elif last_end > sp.start:
                problem = f"span [{sp.start}, {sp.end}) {sp.label} overlaps span {list(last)}"
            if problem:
                problems.append(f"{where(doc, sp.line, doc_id)}: {problem}; span skipped")
                continue
            span_rows.append((next_span, doc_id, layer_id, start, end, label_id, None, stamp))
            if keep_ids:
                span_ids[index] = next_span
            next_span += 1
            stored_spans += 1
            last_end, last = end, (start, end)
        result.spans += stored_spans
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
    c.executemany(SPAN_INSERT, span_rows)
    c.executemany(RELATION_INSERT, relation_rows)


def where(doc: NewDocument, line: int, doc_id: int) -> str:
    """FILE:LINE of a label problem: the label's own line when the importer knows it."""
    if not doc.origin:
        return f"document {doc_id}"
    if line:
        return f"{doc.origin.rsplit(':', 1)[0]}:{line}"
    return doc.origin
