"""The suggestion write as it was before its transaction set the foreign keys aside (main at 2504c7c,
annotator/store/suggestions.py: write_suggestions and its helpers, kept verbatim but for the method made a
function of the project): the oracle of tests/store/test_suggestions_write_paths.py."""

from __future__ import annotations

import bisect
import itertools
from collections import Counter
from typing import Mapping, Sequence

from annotator.core.clock import now
from annotator.core.suggestions import NewSuggestion
from annotator.store.bulk_insert import insert_grouped
from annotator.store.errors import AnnotationError
from annotator.store.imported_labels import insert_span_rows
from annotator.store.suggestions import SuggestionsWritten


def reference_write_suggestions(self, batch: Mapping[int, Sequence[NewSuggestion]], *, sources: str = ""
                      ) -> SuggestionsWritten:
    """Replace the suggestions of each document of the batch with new ones (one transaction).

    Labels are never touched: a proposal overlapping an entity of an import or the gold is left out, as is one
    rejected for everyone, and of overlapping proposals the higher scored one is kept (the layer is flat).
    One a reviewer rejected, or that overlaps a reviewer's entity, is kept for the others: the counts
    (written, skipped_rejected, skipped_labelled) are what the running reviewer has pending of the run.
    A stored suggestion proposed again exactly (place, label, source, score, detail) stays as it is, with its
    id; the others are replaced (all of them are counted as replaced) and a new one never takes an old id.
    The batch's text lengths, labels, rejections and stored suggestions are read with one query each, the
    replaced deleted by id, and the new rows inserted with one executemany per table, the spans as an
    import's are (imported_labels.insert_span_rows: author and time written into the statement, the bounds
    trigger set aside for a big batch, the indexes too when it is large beside the table)."""
    result = SuggestionsWritten()
    if not batch:
        return result
    label_ids = self._label_ids("entity")
    stamp = now()
    doc_ids = list(batch)
    with self.transaction() as c:
        layer_id = self._suggestions_layer(c)
        lengths = dict(_rows_among(c, "SELECT id, text_length FROM documents WHERE id IN ({})", doc_ids))
        missing = [d for d in doc_ids if d not in lengths]
        if missing:
            raise AnnotationError(f"document {missing[0]} does not exist")
        rejected: dict[int, set] = {}  # for everyone (reviewer unknown): left out
        mine_rejected: dict[int, set] = {}  # by the running reviewer: stored for the others
        for doc_id, start, end, label, reviewer_id in _rows_among(
                c, 'SELECT r.doc_id, r.start, r."end", l.name, r.reviewer_id FROM rejected_suggestions r'
                " JOIN labels l ON l.id = r.label_id WHERE r.doc_id IN ({})"
                " AND (r.reviewer_id IS NULL OR r.reviewer_id = ?)", doc_ids, (self.reviewer_id,)):
            (rejected if reviewer_id is None else mine_rejected).setdefault(doc_id, set()).add((start, end, label))
        labelled: dict[int, list] = {}  # everyone's labels: an import's or the gold
        own: dict[int, list] = {}  # the running reviewer's
        for doc_id, start, end, layer in sorted(_rows_among(
                c, 'SELECT s.doc_id, s.start, s."end", s.layer_id FROM spans s JOIN layers y ON y.id = s.layer_id'
                " WHERE s.doc_id IN ({}) AND (y.kind = 'import' OR y.kind = 'gold' OR s.layer_id = ?)",
                doc_ids, (self.layer_id,))):
            (own if layer == self.layer_id else labelled).setdefault(doc_id, []).append((start, end))
        # Ids from before the DELETE: a replaced suggestion's id never comes back as another one (a window
        # holding it must find it gone, not take a stranger).
        next_id = first_id = c.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM spans").fetchone()[0]
        previous, gone = _previous_run(c, layer_id, doc_ids)
        result.replaced += len(gone) + sum(map(len, previous.values()))
        span_rows, info_rows = [], []
        cleared: list[int] = []  # documents none of whose stored suggestions stays
        by_label: Counter[str] = Counter()
        by_source: Counter[str] = Counter()
        for doc_id, items in batch.items():
            result.documents += 1
            kept = _kept(doc_id, items, lengths[doc_id], label_ids, rejected.get(doc_id, ()),
                         labelled.get(doc_id, ()), result)
            fresh = _not_stored(kept, previous.pop(doc_id, {}), label_ids, gone, doc_id, cleared)
            ids = range(next_id, next_id + len(fresh))
            next_id += len(fresh)
            span_rows += [(i, doc_id, layer_id, item.start, item.end, label_ids[item.label])
                          for i, item in zip(ids, fresh)]
            info_rows += [(i, item.source, item.score, item.detail) for i, item in zip(ids, fresh)]
            # Stored for everyone; what the running reviewer has pending of it is counted as written.
            mine = _pending_for_me(kept, mine_rejected.get(doc_id, ()), own.get(doc_id, ()), result)
            by_label.update([item.label for item in mine])
            by_source.update([item.source for item in mine])
            result.written += len(mine)
        for marks, part in _parts(cleared):  # by document: cheaper than by id
            c.execute(f"DELETE FROM spans WHERE layer_id = ? AND doc_id IN ({marks})", (layer_id, *part))
        for marks, part in _parts(gone):
            c.execute(f"DELETE FROM spans WHERE id IN ({marks})", part)
        insert_span_rows(c, span_rows, first_id - 1, stamp)  # no author; bounds checked above (_kept)
        insert_grouped(c, "INSERT INTO suggestion_info(span_id, source, score, detail) VALUES (?,?,?,?)",
                       info_rows, per=200)  # 0.09 -> 0.05 ms CPU for a page's 96 rows
        c.executemany("INSERT OR REPLACE INTO suggestion_runs(doc_id, sources, created_at) VALUES (?,?,?)",
                      [(doc_id, sources, stamp) for doc_id in batch])
    for mine, counted in ((result.by_label, by_label), (result.by_source, by_source)):
        for key, n in counted.items():  # in first-written order, as they were counted one by one
            mine[key] = n
    return result


def _overlaps_labelled(starts: list[int], reach: list[int], start: int, end: int) -> bool:
    """Whether [start, end) overlaps one of the labelled spans (sorted by start; reach: the furthest end among the
    first i+1 of them)."""
    i = bisect.bisect_left(starts, end)  # the spans starting before end
    return bool(i) and reach[i - 1] > start


_IN_PARAMETERS = 500  # ids per IN (...) list: below SQLite's bound-parameter limit


def _parts(ids: Sequence[int]):
    for i in range(0, len(ids), _IN_PARAMETERS):
        part = ids[i:i + _IN_PARAMETERS]
        yield ",".join("?" * len(part)), part


def _rows_among(c, sql: str, ids: Sequence[int], extra: tuple = ()) -> list[tuple]:
    """The rows of sql (its IN list as {}) for every id, 500 ids a query."""
    rows: list[tuple] = []
    for marks, part in _parts(ids):
        rows += c.execute(sql.format(marks), (*part, *extra)).fetchall()
    return rows


def _previous_run(c, layer_id: int, doc_ids: Sequence[int]) -> tuple[dict[int, dict[tuple, int]], list[int]]:
    """The batch's stored suggestions: per document, the id of each by (start, end, label id, source, score,
    detail); and the ids of those that cannot be told apart that way (a second copy: replaced whatever comes)."""
    previous: dict[int, dict[tuple, int]] = {}
    gone: list[int] = []
    for span_id, doc_id, *key in _rows_among(
            c, 'SELECT s.id, s.doc_id, s.start, s."end", s.label_id, i.source, i.score, i.detail FROM spans s'
            " LEFT JOIN suggestion_info i ON i.span_id = s.id WHERE s.doc_id IN ({}) AND s.layer_id = ?",
            doc_ids, (layer_id,)):
        stored = previous.setdefault(doc_id, {})
        twin = stored.setdefault(tuple(key), span_id)
        if twin != span_id:
            gone.append(span_id)
    return previous, gone


def _not_stored(kept: Sequence[NewSuggestion], stored: dict[tuple, int], label_ids: Mapping[str, int],
                gone: list[int], doc_id: int, cleared: list[int]) -> list[NewSuggestion]:
    """Of a document's proposals to store, those not stored already exactly so (same place, label, source, score
    and detail: that row stays as it is, its id too); the stored ones not proposed again go into gone, or the
    document into cleared when none stays."""
    if not stored:
        return list(kept)
    fresh = [item for item in kept if stored.pop((item.start, item.end, label_ids[item.label], item.source,
                                                  item.score, item.detail), None) is None]
    if len(fresh) == len(kept):
        cleared.append(doc_id)
    else:
        gone.extend(stored.values())
    return fresh


def _pending_for_me(kept: Sequence[NewSuggestion], rejected, own: Sequence[tuple[int, int]],
                    result: SuggestionsWritten) -> list[NewSuggestion]:
    """Of the stored proposals (by start), those the running reviewer has pending: not rejected by them, not
    under their entities (own: sorted (start, end)); the others counted in result as left out for them."""
    if not rejected and not own:
        return list(kept)
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


def _kept(doc_id: int, items: Sequence[NewSuggestion], length: int, label_ids: Mapping[str, int], rejected,
          labelled: Sequence[tuple[int, int]], result: SuggestionsWritten) -> list[NewSuggestion]:
    """The document's proposals to store, by start: valid (else AnnotationError), neither rejected nor over a label
    (counted in result), and of overlapping ones the best (higher score, then earlier, then shorter) kept first."""
    for item in items:
        if item.label not in label_ids:
            raise AnnotationError(f"document {doc_id}: unknown label {item.label!r} in a suggestion")
        if not (0 <= item.start < item.end <= length) or not 0.0 <= item.score <= 1.0:
            raise AnnotationError(f"document {doc_id}: suggestion [{item.start}, {item.end})"
                                  f" score {item.score} does not fit the text")
    by_start = sorted(items, key=_start_end)  # the engines' are disjoint and by start already: cheap
    if all(a.end <= b.start for a, b in zip(by_start, by_start[1:])):
        candidates, disjoint = by_start, True  # none can push another out: the order they are looked at is moot
    else:
        candidates, disjoint = sorted(items, key=_best_first), False
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
    return kept


def _start_end(item: NewSuggestion) -> tuple[int, int]:
    return item.start, item.end


def _best_first(item: NewSuggestion) -> tuple[float, int, int]:
    return -item.score, item.start, item.end
