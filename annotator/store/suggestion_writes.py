"""Writing a suggestion run (issue 13): each document's proposals replace its undecided suggestions in one
transaction, a batch of documents at a time (Project.write_suggestions; its rules are in that docstring).

A page makes ~100 rows, so the transaction does only what the tables need:
- The batch's text lengths, labels, rejections and stored suggestions are read with one query each.
- A stored suggestion proposed again exactly stays untouched; the replaced ones are deleted by document or
  by id; the new ones go in many rows to a statement, the spans as an import's are
  (imported_labels.insert_span_rows: author and time written into the statement, the bounds trigger set aside
  for a big batch, the indexes too when it is large beside the table).
- For a batch of ~10 pages or more the foreign keys are set aside (store/foreign_keys.py): every key this write
  stores is proven in its own transaction (the documents' ids by the length query, the layer and label ids read
  there, the suggestion_info rows' spans inserted just before them), and the rows it deletes take their children
  with them by one DELETE per child key, as the cascades would. With the keys on, their cascade programs were
  two thirds of the CPU of deleting a page's suggestions (0.30 against 0.10 ms).
"""

from __future__ import annotations

import bisect
import itertools
from collections import Counter
from dataclasses import dataclass, field
from operator import attrgetter, le
from typing import Mapping, Sequence

from annotator.core.clock import now
from annotator.core.suggestions import NewSuggestion
from annotator.store.bulk_insert import insert_flat
from annotator.store.errors import AnnotationError
from annotator.store.foreign_keys import keys_aside, span_cascade_deletes, span_children
from annotator.store.imported_labels import insert_span_rows
from annotator.store.relation_suggestions import RelationSuggestionsWritten


@dataclass(slots=True)
class SuggestionsWritten:
    """What one write of suggestions did: per document, and in total."""

    documents: int = 0
    written: int = 0
    replaced: int = 0  # undecided suggestions of an earlier run that the new ones replaced
    skipped_rejected: int = 0  # proposals the reviewer had rejected in the document before
    skipped_labelled: int = 0  # proposals overlapping a label of the document (any layer but the suggestions)
    # document id -> its proposals left out for an overlapping better one (the layer is flat); only where any were
    overlapping: dict[int, int] = field(default_factory=dict)
    by_label: dict[str, int] = field(default_factory=dict)
    by_source: dict[str, int] = field(default_factory=dict)
    relations: RelationSuggestionsWritten = field(default_factory=RelationSuggestionsWritten)

    def add(self, other: "SuggestionsWritten") -> None:
        self.relations.add(other.relations)
        self.documents += other.documents
        self.written += other.written
        self.replaced += other.replaced
        self.skipped_rejected += other.skipped_rejected
        self.skipped_labelled += other.skipped_labelled
        for doc_id, n in other.overlapping.items():
            self.overlapping[doc_id] = self.overlapping.get(doc_id, 0) + n
        for mine, theirs in ((self.by_label, other.by_label), (self.by_source, other.by_source)):
            for key, n in theirs.items():
                mine[key] = mine.get(key, 0) + n


# The keys are set aside for a batch of this many proposals or more (~10 pages). Turning them off and on again
# expires every prepared statement of the connection: ~0.3 ms of CPU a write, more than one page saves
# (one page a write, as the app's background worker writes: 2.2 -> 2.6 ms with the keys aside, load ~7.5).
KEYS_ASIDE_MIN_PROPOSALS = 1_000
INFO_INSERT = "INSERT INTO suggestion_info(span_id, source, score, detail) VALUES (?,?,?,?)"
_BY_CLEARED = "SELECT id FROM spans WHERE layer_id = ? AND doc_id IN ({})"


def write_run(project, batch: Mapping[int, Sequence[NewSuggestion]], sources: str, family: str = ""
              ) -> SuggestionsWritten:
    """Project.write_suggestions (see there), for the project's running reviewer. family: whose stored suggestions
    the run replaces (core.suggestions.source_family): the others are carried, proposed again as they are."""
    result = SuggestionsWritten()
    if not batch:
        return result
    stamp = now()
    doc_ids = list(batch)
    cache = project.__dict__.setdefault("_span_children", {})  # this connection's
    big = sum(map(len, batch.values())) >= KEYS_ASIDE_MIN_PROPOSALS
    children = span_children(project.conn, cache) if big else None
    with keys_aside(project.conn, wanted=children is not None) as keys_off, project.transaction() as c:
        if keys_off and span_children(c, cache) != children:  # the schema changed since: a migration elsewhere
            raise AnnotationError("the project's schema changed while suggestions were written; nothing written")
        label_ids = project._label_ids("entity")  # in the transaction: with the keys aside, proven here
        layer_id = project._suggestions_layer(c)
        lengths = dict(rows_among(c, "SELECT id, text_length FROM documents WHERE id IN ({})", doc_ids))
        missing = [d for d in doc_ids if d not in lengths]
        if missing:
            raise AnnotationError(f"document {missing[0]} does not exist")
        rejected: dict[int, set] = {}  # for everyone (reviewer unknown): left out
        mine_rejected: dict[int, set] = {}  # by the running reviewer: stored for the others
        for doc_id, start, end, label, reviewer_id in rows_among(
                c, 'SELECT r.doc_id, r.start, r."end", l.name, r.reviewer_id FROM rejected_suggestions r'
                " JOIN labels l ON l.id = r.label_id WHERE r.doc_id IN ({})"
                " AND (r.reviewer_id IS NULL OR r.reviewer_id = ?)", doc_ids, (project.reviewer_id,)):
            (rejected if reviewer_id is None else mine_rejected).setdefault(doc_id, set()).add((start, end, label))
        labelled: dict[int, list] = {}  # everyone's labels: an import's or the gold
        own: dict[int, list] = {}  # the running reviewer's
        own_layer = project.layer_id
        for doc_id, start, end, layer in sorted(rows_among(
                c, 'SELECT s.doc_id, s.start, s."end", s.layer_id FROM spans s JOIN layers y ON y.id = s.layer_id'
                " WHERE s.doc_id IN ({}) AND (y.kind = 'import' OR y.kind = 'gold' OR s.layer_id = ?)",
                doc_ids, (own_layer,))):
            (own if layer == own_layer else labelled).setdefault(doc_id, []).append((start, end))
        # Ids from before the DELETE: a replaced suggestion's id never comes back as another one (a window
        # holding it must find it gone, not take a stranger).
        next_id = first_id = c.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM spans").fetchone()[0]
        previous, gone, carried = _previous_run(c, layer_id, doc_ids, family)
        result.replaced += len(gone) + sum(map(len, previous.values())) - sum(map(len, carried.values()))
        names = {label_id: name for name, label_id in label_ids.items()} if carried else None
        span_values: list = []  # (id, doc id, layer id, start, end, label id) of each new span, flat
        info_values: list = []  # (span id, source, score, detail) of each, flat
        cleared: list[int] = []  # documents none of whose stored suggestions stays
        by_label: Counter[str] = Counter()
        by_source: Counter[str] = Counter()
        for doc_id, items in batch.items():
            others = carried.get(doc_id)
            if others:  # another family's (imported predictions): they compete again, unchanged
                others = [NewSuggestion(start, end, names[label], source, score, detail)
                          for start, end, label, source, score, detail in others]
                items = [*items, *others]
            kept = _kept(doc_id, items, lengths[doc_id], label_ids, rejected.get(doc_id),
                         labelled.get(doc_id), result)
            stored = previous.pop(doc_id, None)
            fresh = _not_stored(kept, stored, label_ids, gone, doc_id, cleared) if stored else kept
            for item in fresh:  # rows flat: ten thousand tuples a batch would only feed the garbage collector
                span_values += (next_id, doc_id, layer_id, item.start, item.end, label_ids[item.label])
                info_values += (next_id, item.source, item.score, item.detail)
                next_id += 1
            # Stored for everyone; what the running reviewer has pending of it is counted as written.
            mine = _pending_for_me(kept, mine_rejected.get(doc_id), own.get(doc_id), result)
            if others:  # what this run wrote is counted, not what it carried
                ids = set(map(id, others))
                mine = [item for item in mine if id(item) not in ids]
            by_label.update(map(_LABEL, mine))
            by_source.update(map(_SOURCE, mine))
            result.written += len(mine)
        result.documents += len(batch)
        for marks, part in _parts(cleared):  # by document: cheaper than by id
            if keys_off:
                span_cascade_deletes(c, children, _BY_CLEARED.format(marks), (layer_id, *part))
            c.execute(f"DELETE FROM spans WHERE layer_id = ? AND doc_id IN ({marks})", (layer_id, *part))
        for marks, part in _parts(gone):
            if keys_off:
                span_cascade_deletes(c, children, marks, part)
            c.execute(f"DELETE FROM spans WHERE id IN ({marks})", part)
        insert_span_rows(c, span_values, first_id - 1, stamp, ends_checked=True, flat=True)  # bounds: in _kept
        insert_flat(c, INFO_INSERT, info_values, per=200)  # 200 rows a statement: 0.09 -> 0.05 ms CPU a page
        c.executemany("INSERT OR REPLACE INTO suggestion_runs(doc_id, sources, created_at) VALUES (?,?,?)",
                      [(doc_id, sources, stamp) for doc_id in batch])
    for mine, counted in ((result.by_label, by_label), (result.by_source, by_source)):
        for key, n in counted.items():  # in first-written order, as they were counted one by one
            mine[key] = n
    return result


_LABEL = attrgetter("label")
_SOURCE = attrgetter("source")
_START_END = attrgetter("start", "end")
_IN_PARAMETERS = 500  # ids per IN (...) list: below SQLite's bound-parameter limit


def _parts(ids: Sequence[int]):
    for i in range(0, len(ids), _IN_PARAMETERS):
        part = ids[i:i + _IN_PARAMETERS]
        yield ",".join("?" * len(part)), part


def rows_among(c, sql: str, ids: Sequence[int], extra: tuple = ()) -> list[tuple]:
    """The rows of sql (its IN list as {}) for every id, 500 ids a query."""
    rows: list[tuple] = []
    for marks, part in _parts(ids):
        rows += c.execute(sql.format(marks), (*part, *extra)).fetchall()
    return rows


def _previous_run(c, layer_id: int, doc_ids: Sequence[int], family: str = ""
                  ) -> tuple[dict[int, dict[tuple, int]], list[int], dict[int, list[tuple]]]:
    """The batch's stored suggestions: per document, the id of each by (start, end, label id, source, score,
    detail); the ids of those that cannot be told apart that way (a second copy: replaced whatever comes); and per
    document the keys of those of another family than the run's (carried: proposed again as they are)."""
    previous: dict[int, dict[tuple, int]] = {}
    gone: list[int] = []
    carried: dict[int, list[tuple]] = {}
    doc_id, stored = None, {}
    for row in rows_among(  # a document's rows come together (by the index): one dict lookup a document
            c, 'SELECT s.doc_id, s.id, s.start, s."end", s.label_id, i.source, i.score, i.detail FROM spans s'
            " LEFT JOIN suggestion_info i ON i.span_id = s.id WHERE s.doc_id IN ({}) AND s.layer_id = ?",
            doc_ids, (layer_id,)):
        if row[0] != doc_id:
            doc_id = row[0]
            stored = previous.setdefault(doc_id, {})
        span_id = row[1]
        if stored.setdefault(row[2:], span_id) != span_id:
            gone.append(span_id)
        elif row[5] is not None and (":" in row[5] if not family else not row[5].startswith(family + ":")):
            carried.setdefault(row[0], []).append(row[2:])
    return previous, gone, carried


def _not_stored(kept: Sequence[NewSuggestion], stored: dict[tuple, int], label_ids: Mapping[str, int],
                gone: list[int], doc_id: int, cleared: list[int]) -> list[NewSuggestion]:
    """Of a document's proposals to store, those not stored already exactly so (same place, label, source, score
    and detail: that row stays as it is, its id too); the stored ones not proposed again go into gone, or the
    document into cleared when none stays."""
    fresh = [item for item in kept if stored.pop((item.start, item.end, label_ids[item.label], item.source,
                                                  item.score, item.detail), None) is None]
    if len(fresh) == len(kept):
        cleared.append(doc_id)
    else:
        gone.extend(stored.values())
    return fresh


def _overlaps_labelled(starts: list[int], reach: list[int], start: int, end: int) -> bool:
    """Whether [start, end) overlaps one of the labelled spans (sorted by start; reach: the furthest end among the
    first i+1 of them)."""
    i = bisect.bisect_left(starts, end)  # the spans starting before end
    return bool(i) and reach[i - 1] > start


def _pending_for_me(kept: list[NewSuggestion], rejected: set | None, own: list[tuple[int, int]] | None,
                    result: SuggestionsWritten) -> list[NewSuggestion]:
    """Of the stored proposals (by start), those the running reviewer has pending: not rejected by them, not
    under their entities (own: sorted (start, end)); the others counted in result as left out for them."""
    if not rejected and not own:
        return kept
    own = own or ()
    own_starts = [a for a, _b in own]
    own_reach = list(itertools.accumulate((b for _a, b in own), max))
    mine = []
    for item in kept:
        if rejected and (item.start, item.end, item.label) in rejected:
            result.skipped_rejected += 1
        elif own and _overlaps_labelled(own_starts, own_reach, item.start, item.end):
            result.skipped_labelled += 1
        else:
            mine.append(item)
    return mine


def _kept(doc_id: int, items: Sequence[NewSuggestion], length: int, label_ids: Mapping[str, int],
          rejected: set | None, labelled: list[tuple[int, int]] | None, result: SuggestionsWritten
          ) -> list[NewSuggestion]:
    """The document's proposals to store, by start: valid (else AnnotationError), neither rejected nor over a label
    (counted in result), and of overlapping ones the best (higher score, then earlier, then shorter) kept first."""
    for item in items:
        if item.label not in label_ids:
            raise AnnotationError(f"document {doc_id}: unknown label {item.label!r} in a suggestion")
        if not (0 <= item.start < item.end <= length) or not 0.0 <= item.score <= 1.0:
            raise AnnotationError(f"document {doc_id}: suggestion [{item.start}, {item.end})"
                                  f" score {item.score} does not fit the text")
    # the engines' are disjoint and by start already (each ends before the next starts): then that is the order
    # sorting by (start, end) gives, without the sort
    starts = [item.start for item in items]
    ends = [item.end for item in items]
    disjoint = all(map(le, ends, starts[1:]))
    if disjoint:
        by_start = list(items)
    else:
        by_start = sorted(items, key=_START_END)
        ends = [item.end for item in by_start]
        starts = [item.start for item in by_start]
        disjoint = all(map(le, ends, starts[1:]))
    if disjoint and not rejected and not labelled:
        return by_start  # nothing pushes any out (the usual case: one page of one engine run)
    candidates = by_start if disjoint else sorted(items, key=_best_first)
    labelled = labelled or ()
    labelled_starts = [a for a, _b in labelled]
    labelled_reach = list(itertools.accumulate((b for _a, b in labelled), max))  # furthest end so far
    kept: list[NewSuggestion] = []
    kept_starts: list[int] = []  # the kept are disjoint: by start, only the one before may overlap
    for item in candidates:
        if rejected and (item.start, item.end, item.label) in rejected:
            result.skipped_rejected += 1
        elif labelled and _overlaps_labelled(labelled_starts, labelled_reach, item.start, item.end):
            result.skipped_labelled += 1
        elif disjoint:
            kept.append(item)
        else:
            i = bisect.bisect_left(kept_starts, item.end)  # the kept starting before its end
            if not i or kept[i - 1].end <= item.start:
                kept_starts.insert(i, item.start)
                kept.insert(i, item)
            else:
                result.overlapping[doc_id] = result.overlapping.get(doc_id, 0) + 1
    return kept


def _best_first(item: NewSuggestion) -> tuple[float, int, int]:
    return -item.score, item.start, item.end
