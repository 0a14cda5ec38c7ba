"""The suggestions layer in the store: pending machine suggestions with their source and score, the reviewer's
decisions on them and the record of which documents have been pre-annotated.

On a shared file the suggestions are one set for everyone and each decision is the reviewer's own (README,
"Several reviewers on one file"): accepting one makes an entity of the reviewer's layer, rejecting one remembers
the rejection for that reviewer in the document; neither removes it for the others. What a reviewer has pending
is what a run proposed, minus what they rejected and what lies under their own entities."""

from __future__ import annotations

import bisect
import itertools
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Mapping, Sequence

from annotator.core.clock import now
from annotator.core.layers import SUGGESTIONS, SUGGESTIONS_NAME
from annotator.core.model import Span
from annotator.core.suggestions import NewSuggestion, StoredSuggestion
from annotator.store.bulk_insert import insert_grouped
from annotator.store.errors import AnnotationError
from annotator.store.imported_labels import insert_span_rows
from annotator.store.relation_suggestions import RelationSuggestionsWritten



def pending_for(reviewer_id: int, layer_id: int, span: str = "s", *, under_own: bool = False) -> str:
    """SQL: the suggestion `span` (a spans row of the suggestions layer) is one the reviewer has not decided: not
    rejected by them (nor by everyone: reviewer_id NULL, from before decisions were per reviewer) and, unless
    under_own, not under an entity of their layer. The ids are the Project's own integers, written in."""
    reviewer_id, layer_id = int(reviewer_id), int(layer_id)
    sql = (f" AND NOT EXISTS (SELECT 1 FROM rejected_suggestions r WHERE r.doc_id = {span}.doc_id"
           f' AND r.start = {span}.start AND r."end" = {span}."end" AND r.label_id = {span}.label_id'
           f" AND (r.reviewer_id = {reviewer_id} OR r.reviewer_id IS NULL))")
    if not under_own:
        sql += (f" AND NOT EXISTS (SELECT 1 FROM spans o WHERE o.doc_id = {span}.doc_id AND o.layer_id = {layer_id}"
                f' AND o.start < {span}."end" AND o."end" > {span}.start)')
    return sql


SUGGESTION_SELECT = (
    "SELECT s.id, s.doc_id, s.start, s.\"end\", l.name, coalesce(i.source, 'unknown'), coalesce(i.score, 0.0),"
    " coalesce(i.detail, ''), s.created_at FROM spans s JOIN labels l ON l.id = s.label_id"
    " JOIN layers y ON y.id = s.layer_id AND y.kind = 'suggestions' LEFT JOIN suggestion_info i ON i.span_id = s.id"
)


@dataclass(slots=True)
class SuggestionsWritten:
    """What one write of suggestions did: per document, and in total."""

    documents: int = 0
    written: int = 0
    replaced: int = 0  # undecided suggestions of an earlier run that the new ones replaced
    skipped_rejected: int = 0  # proposals the reviewer had rejected in the document before
    skipped_labelled: int = 0  # proposals overlapping a label of the document (any layer but the suggestions)
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
        for mine, theirs in ((self.by_label, other.by_label), (self.by_source, other.by_source)):
            for key, n in theirs.items():
                mine[key] = mine.get(key, 0) + n


class SuggestionsMixin:
    """Mixed into Project; relies on conn, reviewer, reviewer_id, layer_name, transaction() and the
    annotation and layer mixins."""

    def _suggestions_layer(self, c) -> int:
        return self.shared_layer_id(c, SUGGESTIONS, SUGGESTIONS_NAME)

    # reading ----------------------------------------------------------------------------------------
    def suggestions(self, doc_id: int, *, min_score: float = 0.0, everyone: bool = False,
                    under_own: bool = False) -> list[StoredSuggestion]:
        """The document's suggestions the reviewer has pending (everyone: all a run stored, whoever decided them;
        under_own: also those under the reviewer's entities, which the article view hides while they are
        there), scored at least min_score, in text order."""
        mine = "" if everyone else pending_for(self.reviewer_id, self.layer_id, under_own=under_own)
        rows = self.conn.execute(
            f"{SUGGESTION_SELECT} WHERE s.doc_id = ? AND coalesce(i.score, 0.0) >= ?{mine}"
            ' ORDER BY s.start, s."end"', (doc_id, min_score))
        return [StoredSuggestion(*r) for r in rows]

    def suggestion(self, span_id: int) -> StoredSuggestion:
        row = self.conn.execute(f"{SUGGESTION_SELECT} WHERE s.id = ?", (span_id,)).fetchone()
        if row is None:
            raise AnnotationError(f"suggestion {span_id} is not pending (already decided, or replaced by a newer run)")
        return StoredSuggestion(*row)

    def rejected_suggestions(self, doc_id: int, *, everyone: bool = False) -> set[tuple[int, int, str]]:
        """(start, end, label) of every suggestion the reviewer rejected in the document (everyone: only those
        rejected for all reviewers, from before decisions were per reviewer)."""
        who, args = ("r.reviewer_id IS NULL", ()) if everyone else ("(r.reviewer_id = ? OR r.reviewer_id IS NULL)",
                                                                    (self.reviewer_id,))
        return set(self.conn.execute(
            'SELECT r.start, r."end", l.name FROM rejected_suggestions r JOIN labels l ON l.id = r.label_id'
            f" WHERE r.doc_id = ? AND {who}", (doc_id, *args)))

    def labelled_among(self, doc_ids: Sequence[int]) -> dict[int, list[tuple[int, int, str]]]:
        """(start, end, label) of the entities of imports and the gold, per document of doc_ids (each one present,
        by start, end and layer): what a suggestion run leaves alone for everyone (a reviewer's labels leave a
        proposal in for the others), for a batch in one query."""
        found: dict[int, list[tuple[int, int, str]]] = {doc_id: [] for doc_id in doc_ids}
        rows = _rows_among(self.conn, 'SELECT s.doc_id, s.start, s."end", l.name FROM spans s'
                           " JOIN labels l ON l.id = s.label_id JOIN layers y ON y.id = s.layer_id"
                           " WHERE s.doc_id IN ({}) AND (y.kind = 'import' OR y.kind = 'gold')"
                           ' ORDER BY s.doc_id, s.start, s."end", s.layer_id', list(found))
        for doc_id, start, end, label in rows:
            found[doc_id].append((start, end, label))
        return found

    def suggested_document_ids(self) -> set[int]:
        """Documents a suggestion run has pre-annotated (whether or not anything was proposed)."""
        return {r[0] for r in self.conn.execute("SELECT doc_id FROM suggestion_runs")}

    def suggested_among(self, doc_ids: Sequence[int]) -> set[int]:
        """Those of doc_ids that a suggestion run has pre-annotated."""
        ids = list(doc_ids)
        found: set[int] = set()
        for i in range(0, len(ids), 500):  # below SQLite's bound-parameter limit
            part = ids[i:i + 500]
            found.update(r[0] for r in self.conn.execute(
                f"SELECT doc_id FROM suggestion_runs WHERE doc_id IN ({','.join('?' * len(part))})", part))
        return found

    def label_count(self) -> int:
        """Entities of every layer but the suggestions (a worker rebuilds its dictionary when this changes)."""
        return self.conn.execute("SELECT COUNT(*) FROM spans WHERE layer_id NOT IN"
                                 " (SELECT id FROM layers WHERE kind = 'suggestions')").fetchone()[0]

    def suggestion_totals(self) -> dict[str, int]:
        """Pending suggestions, rejections and pre-annotated documents in the project."""
        q = self.conn.execute
        return {
            "pending": q("SELECT COUNT(*) FROM spans s JOIN layers y ON y.id = s.layer_id"
                         " WHERE y.kind = 'suggestions'").fetchone()[0],
            "rejected": q("SELECT COUNT(*) FROM rejected_suggestions").fetchone()[0],
            "documents_suggested": q("SELECT COUNT(*) FROM suggestion_runs").fetchone()[0],
        }

    # writing a run ----------------------------------------------------------------------------------
    def write_suggestions(self, batch: Mapping[int, Sequence[NewSuggestion]], *, sources: str = ""
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

    # decisions (each reviewer's own: none removes the suggestion for the others) ---------------------
    def accept_suggestions(self, ids: Sequence[int], labels: Mapping[int, str] | None = None, *,
                           span_ids: Sequence[int] | None = None, skip_clashes: bool = False
                           ) -> tuple[list[StoredSuggestion], list[Span]]:
        """Entities of the reviewer's own layer from suggestions (one transaction), each with labels[id] or its
        own label; returns (the suggestions taken, the entities made). The suggestion stays for the other
        reviewers; for this one it is decided (under their entity). span_ids: the ids the entities got the first
        time (a redo). An entity of the own layer in the way refuses the lot, or with skip_clashes leaves that
        suggestion pending."""
        labels = labels or {}
        taken: list[StoredSuggestion] = []
        created: list[Span] = []
        stamp = now()
        with self.transaction() as c:
            for n, sid in enumerate(ids):
                suggestion = self.suggestion(sid)
                label = labels.get(sid, suggestion.label)
                if skip_clashes and c.execute(
                        'SELECT 1 FROM spans WHERE doc_id = ? AND layer_id = ? AND start < ? AND "end" > ? LIMIT 1',
                        (suggestion.doc_id, self.layer_id, suggestion.end, suggestion.start)).fetchone():
                    continue
                span = Span(span_ids[n] if span_ids else None, suggestion.doc_id, suggestion.start, suggestion.end,
                            label, self.reviewer, stamp, self.layer_name)
                created.append(self._insert_span(c, span, self._text_length(suggestion.doc_id)))
                taken.append(suggestion)
            for doc_id in {s.doc_id for s in taken}:
                self._touch(c, doc_id)
        return taken, created

    def undo_accept(self, taken: Sequence[StoredSuggestion], created: Sequence[Span]) -> None:
        """The entities an accept made go: the suggestions are pending for the reviewer again."""
        with self.transaction() as c:
            c.executemany("DELETE FROM spans WHERE id = ?", [(s.id,) for s in created])
            for doc_id in {s.doc_id for s in taken}:
                self._touch(c, doc_id)

    def reject_suggestions(self, ids: Sequence[int]) -> list[StoredSuggestion]:
        """Remember suggestions as rejected by the reviewer in their document (one transaction): no longer
        pending for them, through later runs too; still pending for the others."""
        stamp = now()
        rejected = []
        with self.transaction() as c:
            for sid in ids:
                suggestion = self.suggestion(sid)
                c.execute('INSERT INTO rejected_suggestions(doc_id, start, "end", label_id, source, score,'
                          " reviewer_id, created_at) VALUES (?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING",
                          (suggestion.doc_id, suggestion.start, suggestion.end,
                           self._label_id("entity", suggestion.label), suggestion.source, suggestion.score,
                           self.reviewer_id, stamp))
                rejected.append(suggestion)
        return rejected

    def undo_reject(self, rejected: Sequence[StoredSuggestion]) -> None:
        """Forget the reviewer's rejections: the suggestions are pending for them again (with their ids)."""
        with self.transaction() as c:
            c.executemany('DELETE FROM rejected_suggestions WHERE doc_id = ? AND start = ? AND "end" = ?'
                          " AND label_id = ? AND reviewer_id = ?",
                          [(s.doc_id, s.start, s.end, self._label_id("entity", s.label), self.reviewer_id)
                           for s in rejected])
            self._restore_suggestions(c, rejected)

    def _restore_suggestions(self, c, items: Iterable[StoredSuggestion]) -> None:
        """Put back those a newer run replaced meanwhile (the same place and label: nothing else in the way)."""
        layer_id = self._suggestions_layer(c)
        for s in items:
            if c.execute('SELECT 1 FROM spans WHERE doc_id = ? AND layer_id = ? AND start = ? AND "end" = ?'
                         " AND label_id = ?", (s.doc_id, layer_id, s.start, s.end,
                                               self._label_id("entity", s.label))).fetchone():
                continue  # still there (the usual case), or proposed again by a newer run
            if c.execute('SELECT 1 FROM spans WHERE doc_id = ? AND layer_id = ? AND start < ? AND "end" > ? LIMIT 1',
                         (s.doc_id, layer_id, s.end, s.start)).fetchone():
                raise AnnotationError(f"a newer suggestion run proposed something else at {s.start}–{s.end}")
            c.execute('INSERT INTO spans(id, doc_id, layer_id, start, "end", label_id, reviewer_id, created_at)'
                      " VALUES (?,?,?,?,?,?,NULL,?)",
                      (s.id, s.doc_id, layer_id, s.start, s.end, self._label_id("entity", s.label), s.created_at))
            c.execute("INSERT INTO suggestion_info(span_id, source, score, detail) VALUES (?,?,?,?)",
                      (s.id, s.source, s.score, s.detail))


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
