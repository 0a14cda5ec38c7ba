"""Relation suggestions in the store: pending candidates between two entities of the reviewer's own layer, with
source and score; accepting one makes a relation of that layer, rejecting one removes it and remembers it for the
reviewer in the document (by the two ends' offsets and labels) so that no later run proposes it to them again
(each reviewer has candidates of their own, between their own entities). Exports and the report
read the relations table only, so a pending candidate never reaches them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Mapping, Sequence

from annotator.core.clock import now
from annotator.core.model import Relation
from annotator.core.suggestions import EntityKey, NewRelationSuggestion, PredictedRelation, StoredRelationSuggestion
from annotator.store.errors import AnnotationError

RELATION_SUGGESTION_SELECT = (
    "SELECT x.id, x.doc_id, x.head_id, x.tail_id, l.name, x.source, x.score, x.detail, x.created_at,"
    ' h.start, h."end", hl.name, t.start, t."end", tl.name'
    " FROM relation_suggestions x JOIN labels l ON l.id = x.label_id"
    " JOIN spans h ON h.id = x.head_id JOIN labels hl ON hl.id = h.label_id"
    " JOIN spans t ON t.id = x.tail_id JOIN labels tl ON tl.id = t.label_id"
)
REJECTED_KEY = ("doc_id = ? AND head_start = ? AND head_end = ? AND head_label_id = ? AND tail_start = ?"
                " AND tail_end = ? AND tail_label_id = ? AND label_id = ?")


def _stored(row) -> StoredRelationSuggestion:
    return StoredRelationSuggestion(*row[:9], head=tuple(row[9:12]), tail=tuple(row[12:15]))


@dataclass(slots=True)
class RelationSuggestionsWritten:
    """What one write of relation candidates did."""

    documents: int = 0
    written: int = 0
    replaced: int = 0  # undecided candidates of an earlier run that this one no longer proposes
    skipped_rejected: int = 0  # candidates the reviewer had rejected in the document before
    skipped_existing: int = 0  # candidates the reviewer's layer already has as a relation
    by_label: dict[str, int] = field(default_factory=dict)

    def add(self, other: "RelationSuggestionsWritten") -> None:
        self.documents += other.documents
        self.written += other.written
        self.replaced += other.replaced
        self.skipped_rejected += other.skipped_rejected
        self.skipped_existing += other.skipped_existing
        for key, n in other.by_label.items():
            self.by_label[key] = self.by_label.get(key, 0) + n


@dataclass(slots=True)
class PredictedRelationsWritten:
    """What one write of a file's predicted relations did."""

    stored: int = 0  # kept for the documents (each reviewer's suggestion once their layer holds both ends)
    suggested: int = 0  # of those, made the reviewer's relation suggestions at once (their layer holds both ends)
    # document id -> type -> how many: labels the scheme lacks, or a type it does not allow between the ends' labels
    refused: dict[int, dict[str, int]] = field(default_factory=dict)


PREDICTED_DETAIL = "predicted by the imported file's model"
PREDICTED_SELECT = (
    "SELECT p.head_start, p.head_end, hl.name, p.tail_start, p.tail_end, tl.name, l.name, p.source, p.score"
    " FROM predicted_relations p JOIN labels hl ON hl.id = p.head_label_id JOIN labels tl ON tl.id = p.tail_label_id"
    " JOIN labels l ON l.id = p.label_id WHERE p.doc_id = ?"
)


class RelationSuggestionsMixin:
    """Mixed into Project; relies on conn, reviewer, reviewer_id, layer_id, layer_name, transaction(), _touch()
    and the annotation mixin's label and relation helpers."""

    # reading ----------------------------------------------------------------------------------------
    def relation_suggestions(self, doc_id: int, *, min_score: float = 0.0) -> list[StoredRelationSuggestion]:
        """The document's pending relation candidates in the reviewer's own layer, scored at least min_score,
        in text order of their heads; one whose entity was relabelled to a label the type does not allow is
        left out (a rerun replaces it)."""
        rows = self.conn.execute(
            f"{RELATION_SUGGESTION_SELECT} WHERE x.doc_id = ? AND h.layer_id = ? AND x.score >= ?"
            ' ORDER BY h.start, t.start, l.name', (doc_id, self.layer_id, min_score))
        found = [_stored(r) for r in rows]
        if not found:
            return found
        scheme = self.scheme()
        return [s for s in found if s.label in {r.name for r in scheme.allowed_relations(s.head[2], s.tail[2])}]

    def relation_suggestion(self, suggestion_id: int) -> StoredRelationSuggestion:
        row = self.conn.execute(f"{RELATION_SUGGESTION_SELECT} WHERE x.id = ?", (suggestion_id,)).fetchone()
        if row is None:
            raise AnnotationError(f"relation suggestion {suggestion_id} is not pending (already decided, one of its"
                                  " entities deleted, or replaced by a newer run)")
        return _stored(row)

    def rejected_relation_suggestions(self, doc_id: int) -> set[tuple[EntityKey, EntityKey, str]]:
        """(head (start, end, label), tail (start, end, label), relation type) of every candidate the reviewer
        rejected in the document (or someone did before rejections were per reviewer)."""
        rows = self.conn.execute(
            "SELECT r.head_start, r.head_end, hl.name, r.tail_start, r.tail_end, tl.name, l.name"
            " FROM rejected_relation_suggestions r JOIN labels hl ON hl.id = r.head_label_id"
            " JOIN labels tl ON tl.id = r.tail_label_id JOIN labels l ON l.id = r.label_id WHERE r.doc_id = ?"
            " AND (r.reviewer_id = ? OR r.reviewer_id IS NULL)", (doc_id, self.reviewer_id))
        return {(tuple(r[0:3]), tuple(r[3:6]), r[6]) for r in rows}

    # writing a run ----------------------------------------------------------------------------------
    def write_relation_suggestions(self, batch: Mapping[int, Sequence[NewRelationSuggestion]]
                                   ) -> RelationSuggestionsWritten:
        """Replace the reviewer's undecided relation candidates in each document of the batch (one transaction):
        one proposed again keeps its id, one no longer proposed goes.
        Both ends must be entities of the reviewer's layer in that document and the scheme must allow the
        type between their labels; a candidate rejected before, or already a relation, is left out."""
        result = RelationSuggestionsWritten()
        if not batch:
            return result
        scheme = self.scheme()
        relation_ids = self._label_ids("relation")
        stamp = now()
        with self.transaction() as c:
            predicted = c.execute("SELECT 1 FROM predicted_relations LIMIT 1").fetchone() is not None
            for doc_id, items in batch.items():
                result.documents += 1
                ends = self._own_ends(c, doc_id)
                if predicted:  # a file's predicted relations between these entities come with every run
                    items = [*items, *self._predicted_candidates(c, doc_id, ends, scheme)]
                existing = set(c.execute("SELECT x.head_id, x.tail_id, l.name FROM relations x JOIN labels l"
                                         " ON l.id = x.label_id WHERE x.doc_id = ? AND x.layer_id = ?",
                                         (doc_id, self.layer_id)))
                rejected = self.rejected_relation_suggestions(doc_id)
                best: dict[tuple[int, int, str], NewRelationSuggestion] = {}
                for item in items:
                    head, tail = ends.get(item.head_id), ends.get(item.tail_id)
                    if head is None or tail is None or item.head_id == item.tail_id:
                        raise AnnotationError(f"document {doc_id}: a relation suggestion links two different"
                                              f" entities of {self.layer_name}'s layer in the document")
                    if item.label not in relation_ids or item.label not in {
                            r.name for r in scheme.allowed_relations(head[2], tail[2])}:
                        raise AnnotationError(f"document {doc_id}: the scheme does not allow {item.label!r}"
                                              f" from {head[2]} to {tail[2]}")
                    if not 0.0 <= item.score <= 1.0:
                        raise AnnotationError(f"document {doc_id}: relation suggestion score {item.score}"
                                              " is not in [0, 1]")
                    key = (item.head_id, item.tail_id, item.label)
                    if (head, tail, item.label) in rejected:
                        result.skipped_rejected += 1
                    elif key in existing:
                        result.skipped_existing += 1
                    elif key not in best or best[key].score < item.score:
                        best[key] = item
                pending = {(r[1], r[2], r[3]): r[0] for r in c.execute(
                    "SELECT x.id, x.head_id, x.tail_id, l.name FROM relation_suggestions x JOIN labels l"
                    " ON l.id = x.label_id JOIN spans s ON s.id = x.head_id WHERE x.doc_id = ? AND s.layer_id = ?",
                    (doc_id, self.layer_id))}
                gone = [(sid,) for key, sid in pending.items() if key not in best]
                c.executemany("DELETE FROM relation_suggestions WHERE id = ?", gone)
                result.replaced += len(gone)
                # One still proposed keeps its id (a review's current candidate stays current); its score and
                # source are this run's.
                c.executemany("UPDATE relation_suggestions SET source = ?, score = ?, detail = ? WHERE id = ?",
                              [(i.source, i.score, i.detail, pending[key]) for key, i in best.items()
                               if key in pending])
                c.executemany(
                    "INSERT INTO relation_suggestions(doc_id, head_id, tail_id, label_id, source, score, detail,"
                    " created_at) VALUES (?,?,?,?,?,?,?,?)",
                    [(doc_id, i.head_id, i.tail_id, relation_ids[i.label], i.source, i.score, i.detail, stamp)
                     for key, i in best.items() if key not in pending])
                result.written += len(best)
                for item in best.values():
                    result.by_label[item.label] = result.by_label.get(item.label, 0) + 1
        return result

    def _own_ends(self, c, doc_id: int) -> dict[int, EntityKey]:
        """{span id: (start, end, label)} of the reviewer's own entities in the document."""
        return {r[0]: (r[1], r[2], r[3]) for r in c.execute(
            'SELECT s.id, s.start, s."end", l.name FROM spans s JOIN labels l ON l.id = s.label_id'
            " WHERE s.doc_id = ? AND s.layer_id = ?", (doc_id, self.layer_id))}

    # a file's predicted relations -------------------------------------------------------------------
    def write_predicted_relations(self, batch: Mapping[int, Sequence[PredictedRelation]], *, family: str
                                  ) -> PredictedRelationsWritten:
        """Replace each document's predicted relations of the family ("label_studio": the sources
        "label_studio:<model>") with these, in one transaction: a re-import's file has the last word. Those whose
        labels the scheme lacks, or whose type it does not allow between the ends' labels, are left out (counted).
        The reviewer's layer gets those whose both ends it already holds as relation suggestions at once; from then
        on every run of relation suggestions (write_relation_suggestions) brings them in for the reviewer it runs
        for, once that reviewer's layer holds both ends (they accepted the two entity suggestions)."""
        result = PredictedRelationsWritten()
        if not batch:
            return result
        scheme = self.scheme()
        entity_ids, relation_ids = self._label_ids("entity"), self._label_ids("relation")
        stamp = now()
        with self.transaction() as c:
            for doc_id, items in batch.items():
                c.execute("DELETE FROM predicted_relations WHERE doc_id = ? AND source >= ? AND source < ?",
                          (doc_id, family + ":", family + ";"))
                rows: dict[tuple, tuple] = {}
                for item in items:
                    (hs, he, hl), (ts, te, tl) = item.head, item.tail
                    if (item.label not in relation_ids or hl not in entity_ids or tl not in entity_ids
                            or item.label not in {r.name for r in scheme.allowed_relations(hl, tl)}):
                        counts = result.refused.setdefault(doc_id, {})
                        counts[item.label] = counts.get(item.label, 0) + 1
                        continue
                    key = (doc_id, hs, he, entity_ids[hl], ts, te, entity_ids[tl], relation_ids[item.label],
                           item.source)
                    if key not in rows or rows[key][-2] < item.score:
                        rows[key] = (*key, item.score, stamp)
                c.executemany(
                    "INSERT INTO predicted_relations(doc_id, head_start, head_end, head_label_id, tail_start, tail_end,"
                    " tail_label_id, label_id, source, score, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    rows.values())
                result.stored += len(rows)
                result.suggested += self._suggest_predicted(c, doc_id, scheme, stamp)
        return result

    def predicted_relation_count(self) -> int:
        """Predicted relations stored, of every document."""
        return self.conn.execute("SELECT COUNT(*) FROM predicted_relations").fetchone()[0]

    def predicted_relations(self, doc_id: int) -> list[PredictedRelation]:
        """The document's predicted relations, as stored (every reviewer's)."""
        return [PredictedRelation((r[0], r[1], r[2]), (r[3], r[4], r[5]), r[6], r[7], r[8])
                for r in self.conn.execute(PREDICTED_SELECT + " ORDER BY p.id", (doc_id,))]

    def _predicted_candidates(self, c, doc_id: int, ends: Mapping[int, EntityKey], scheme
                              ) -> list[NewRelationSuggestion]:
        """The document's predicted relations whose both ends are entities of the reviewer's layer (ends: span id ->
        (start, end, label)) and whose type the scheme allows between them, as candidates."""
        by_key = {key: span_id for span_id, key in ends.items()}
        out = []
        for hs, he, hl, ts, te, tl, label, source, score in c.execute(PREDICTED_SELECT, (doc_id,)):
            head, tail = by_key.get((hs, he, hl)), by_key.get((ts, te, tl))
            if head is not None and tail is not None and head != tail and label in {
                    r.name for r in scheme.allowed_relations(hl, tl)}:
                out.append(NewRelationSuggestion(head, tail, label, source, score, PREDICTED_DETAIL))
        return out

    def _suggest_predicted(self, c, doc_id: int, scheme, stamp: str) -> int:
        """Add the document's predicted relations between the reviewer's entities to their pending relation
        suggestions (none replaced; one rejected before, or already a relation, left out); returns how many."""
        ends = self._own_ends(c, doc_id)
        found = self._predicted_candidates(c, doc_id, ends, scheme) if len(ends) > 1 else []
        if not found:
            return 0
        rejected = self.rejected_relation_suggestions(doc_id)
        existing = set(c.execute("SELECT x.head_id, x.tail_id, l.name FROM relations x JOIN labels l ON l.id ="
                                 " x.label_id WHERE x.doc_id = ? AND x.layer_id = ?", (doc_id, self.layer_id)))
        relation_ids = self._label_ids("relation")
        rows = [(doc_id, i.head_id, i.tail_id, relation_ids[i.label], i.source, i.score, i.detail, stamp) for i in found
                if (ends[i.head_id], ends[i.tail_id], i.label) not in rejected
                and (i.head_id, i.tail_id, i.label) not in existing]
        before = c.total_changes
        c.executemany("INSERT INTO relation_suggestions(doc_id, head_id, tail_id, label_id, source, score, detail,"
                      " created_at) VALUES (?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING", rows)
        return c.total_changes - before

    # decisions --------------------------------------------------------------------------------------
    def accept_relation_suggestions(self, ids: Sequence[int], labels: Mapping[int, str] | None = None, *,
                                    relation_ids: Mapping[int, int] | None = None
                                    ) -> tuple[list[StoredRelationSuggestion], list[Relation]]:
        """Make relations of the reviewer's layer from pending candidates (one transaction), each of type
        labels[id] or its own; returns (the candidates taken, the relations made). A candidate taken as another
        type is remembered as rejected in its own type (the rules would propose it again). relation_ids: by
        candidate id, the id its relation got the first time (a redo). A candidate already made a relation by
        hand is taken without a second one."""
        labels = labels or {}
        taken: list[StoredRelationSuggestion] = []
        created: list[Relation] = []
        stamp = now()
        with self.transaction() as c:
            for sid in ids:
                suggestion = self.relation_suggestion(sid)
                label = labels.get(sid, suggestion.label)
                if suggestion.head_id not in self._own_span_ids(c, suggestion):
                    raise AnnotationError(f"relation suggestion {sid} is not in {self.layer_name}'s layer")
                self._check_relation_allowed(label, suggestion.head[2], suggestion.tail[2])
                if c.execute("SELECT 1 FROM relations WHERE head_id = ? AND tail_id = ? AND label_id = ?",
                             (suggestion.head_id, suggestion.tail_id,
                              self._label_id("relation", label))).fetchone() is None:
                    created.append(self._insert_relation(c, Relation(
                        (relation_ids or {}).get(sid), suggestion.doc_id, suggestion.head_id,
                        suggestion.tail_id, label, self.reviewer, stamp, self.layer_name)))
                c.execute("DELETE FROM relation_suggestions WHERE id = ?", (sid,))
                if label != suggestion.label:
                    self._remember_rejected(c, suggestion, stamp)
                taken.append(suggestion)
            for doc_id in {s.doc_id for s in taken}:
                self._touch(c, doc_id)
        return taken, created

    def undo_accept_relations(self, taken: Sequence[StoredRelationSuggestion], created: Sequence[Relation]) -> None:
        """The relations an accept made go, and the candidates come back pending (with their ids; one taken as
        another type is no longer rejected in its own)."""
        with self.transaction() as c:
            c.executemany("DELETE FROM relations WHERE id = ?", [(r.id,) for r in created])
            self._forget_rejected(c, taken)
            self._restore_relation_suggestions(c, taken)
            for doc_id in {s.doc_id for s in taken}:
                self._touch(c, doc_id)

    def reject_relation_suggestions(self, ids: Sequence[int]) -> list[StoredRelationSuggestion]:
        """Remove candidates and remember them as rejected in their document (one transaction)."""
        stamp = now()
        rejected = []
        with self.transaction() as c:
            for sid in ids:
                s = self.relation_suggestion(sid)
                c.execute("DELETE FROM relation_suggestions WHERE id = ?", (sid,))
                self._remember_rejected(c, s, stamp)
                rejected.append(s)
        return rejected

    def undo_reject_relations(self, rejected: Sequence[StoredRelationSuggestion]) -> None:
        """Forget the rejections and bring the candidates back pending (with their ids)."""
        with self.transaction() as c:
            self._forget_rejected(c, rejected)
            self._restore_relation_suggestions(c, rejected)

    def _remember_rejected(self, c, s: StoredRelationSuggestion, stamp: str) -> None:
        c.execute("INSERT INTO rejected_relation_suggestions(doc_id, head_start, head_end, head_label_id,"
                  " tail_start, tail_end, tail_label_id, label_id, source, score, reviewer_id, created_at)"
                  " VALUES (?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING",
                  (*self._rejected_key(s), s.source, s.score, self.reviewer_id, stamp))

    def _forget_rejected(self, c, items: Iterable[StoredRelationSuggestion]) -> None:
        c.executemany(f"DELETE FROM rejected_relation_suggestions WHERE {REJECTED_KEY} AND reviewer_id = ?",
                      [(*self._rejected_key(s), self.reviewer_id) for s in items])

    def _rejected_key(self, s: StoredRelationSuggestion) -> tuple:
        return (s.doc_id, s.head[0], s.head[1], self._label_id("entity", s.head[2]), s.tail[0], s.tail[1],
                self._label_id("entity", s.tail[2]), self._label_id("relation", s.label))

    def _own_span_ids(self, c, s: StoredRelationSuggestion) -> set[int]:
        return {r[0] for r in c.execute("SELECT id FROM spans WHERE id IN (?, ?) AND layer_id = ?",
                                        (s.head_id, s.tail_id, self.layer_id))}

    def _restore_relation_suggestions(self, c, items: Iterable[StoredRelationSuggestion]) -> None:
        for s in items:
            if len(self._own_span_ids(c, s)) < 2:
                raise AnnotationError(f"an entity of the {s.label} suggestion has been deleted since")
            c.execute("INSERT INTO relation_suggestions(id, doc_id, head_id, tail_id, label_id, source, score,"
                      " detail, created_at) VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING",
                      (s.id, s.doc_id, s.head_id, s.tail_id, self._label_id("relation", s.label), s.source, s.score,
                       s.detail, s.created_at))
