"""The gold layer in the store: adjudication actions on one document and its own status (new, in progress,
adjudicated). Every public method is one committed transaction and returns what it changed (an AnnotationDelta,
which undo replays inverted with replay())."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Sequence

from annotator.core.clock import now
from annotator.core.layers import GOLD, GOLD_NAME, REVIEWER
from annotator.core.model import Relation, Span
from annotator.store.annotations import REL_SELECT, SPAN_SELECT
from annotator.store.errors import AnnotationError

# annotator.core.adjudication and core.delta load on the first gold action: every command opens a Project,
# few adjudicate (their dataclasses cost each start ~3 ms).
if TYPE_CHECKING:
    from annotator.core.adjudication import Comparison, GoldPlan
    from annotator.core.delta import AnnotationDelta

GOLD_STATUSES = ("new", "in_progress", "adjudicated")


@dataclass(frozen=True, slots=True)
class AdjudicationState:
    """One document as the adjudicator sees it: the reviewer layers compared, their spans and relations, the
    comparison, and the gold layer so far."""

    doc_id: int
    comparison: Comparison
    reviewer_spans: tuple[Span, ...]
    reviewer_relations: tuple[Relation, ...]
    gold: tuple[Span, ...]
    gold_relations: tuple[Relation, ...]
    status: str
    nothing: tuple[tuple[int, int], ...] = ()  # (start, end) decided as "gold holds nothing here"

    @property
    def layers(self) -> tuple[str, ...]:
        return self.comparison.layers


class GoldMixin:
    """Mixed into Project; relies on conn, reviewer_id, transaction(), shared_layer_id() and the span helpers."""

    # reading ----------------------------------------------------------------------------------------
    def adjudication_layers(self, doc_id: int) -> list[str]:
        """The reviewer layers of a document worth comparing, in layer order: those whose reviewer marked it
        done (also with no entity: a reviewer who found nothing is a voice too), and those holding an entity
        the reviewer made or changed. A layer holding only the untouched imported labels it started from
        (authorless copies, see start_from_imports) is nobody's judgement yet."""
        return [r[0] for r in self.conn.execute(
            "SELECT y.name FROM layers y WHERE y.kind = ? AND (y.id IN"
            " (SELECT layer_id FROM spans WHERE doc_id = ? AND reviewer_id IS NOT NULL)"
            " OR y.reviewer_id IN (SELECT reviewer_id FROM doc_status WHERE doc_id = ? AND status = 'done'))"
            " ORDER BY y.id", (REVIEWER, doc_id, doc_id))]

    def adjudication(self, doc_id: int, layers: Sequence[str] | None = None) -> AdjudicationState:
        """The document compared over `layers` (default: adjudication_layers), with its gold so far."""
        from annotator.core.adjudication import compare_layers

        names = list(layers) if layers is not None else self.adjudication_layers(doc_id)
        spans, relations = self._layer_annotations(doc_id, [*names, GOLD_NAME])
        reviewer_spans = tuple(s for s in spans if s.layer != GOLD_NAME)
        reviewer_relations = tuple(r for r in relations if r.layer != GOLD_NAME)
        return AdjudicationState(
            doc_id, compare_layers(names, reviewer_spans, reviewer_relations), reviewer_spans, reviewer_relations,
            tuple(s for s in spans if s.layer == GOLD_NAME), tuple(r for r in relations if r.layer == GOLD_NAME),
            self.gold_status(doc_id), self.gold_nothing(doc_id))

    def gold_of(self, doc_id: int) -> tuple[tuple[Span, ...], tuple[Relation, ...], str, tuple[tuple[int, int], ...]]:
        """The document's gold entities, relations, status and "nothing here" decisions (what changes while
        adjudicating)."""
        spans, relations = self._layer_annotations(doc_id, [GOLD_NAME])
        return tuple(spans), tuple(relations), self.gold_status(doc_id), self.gold_nothing(doc_id)

    def gold_nothing(self, doc_id: int) -> tuple[tuple[int, int], ...]:
        """The stretches of the document decided as "gold holds nothing here", in text order."""
        return tuple((r[0], r[1]) for r in self.conn.execute(
            'SELECT start, "end" FROM gold_nothing WHERE doc_id = ? ORDER BY start, "end"', (doc_id,)))

    def _layer_annotations(self, doc_id: int, names: Sequence[str]) -> tuple[list[Span], list[Relation]]:
        marks = ",".join("?" * len(names))
        spans = [Span(*r) for r in self.conn.execute(
            f'{SPAN_SELECT} WHERE s.doc_id = ? AND y.name IN ({marks}) ORDER BY s.start, s."end", s.layer_id',
            (doc_id, *names))]
        relations = [Relation(*r) for r in self.conn.execute(
            f"{REL_SELECT} WHERE x.doc_id = ? AND y.name IN ({marks}) ORDER BY x.id", (doc_id, *names))]
        return spans, relations

    def documents_to_adjudicate(self) -> list[tuple[int, int]]:
        """(document id, entities not every compared reviewer has) of the documents with two or more layers
        worth comparing (adjudication_layers) that are not adjudicated yet: the worst first, then by id. One
        query over the whole project (an entity is keyed by offsets and label, as in the comparison)."""
        return [(r[0], r[1]) for r in self.conn.execute(
            "WITH voices AS (SELECT s.doc_id, s.layer_id FROM spans s JOIN layers y ON y.id = s.layer_id"
            "   WHERE y.kind = ? AND s.reviewer_id IS NOT NULL"
            "  UNION SELECT d.doc_id, y.id FROM doc_status d JOIN layers y ON y.reviewer_id = d.reviewer_id"
            "   WHERE d.status = 'done'),"
            " counted AS (SELECT doc_id, COUNT(*) AS n FROM voices GROUP BY doc_id HAVING COUNT(*) >= 2),"
            " held AS (SELECT s.doc_id, COUNT(DISTINCT s.layer_id) AS holders FROM spans s"
            "   JOIN voices v ON v.doc_id = s.doc_id AND v.layer_id = s.layer_id"
            '   GROUP BY s.doc_id, s.start, s."end", s.label_id)'
            " SELECT c.doc_id, COALESCE(SUM(h.holders < c.n), 0) AS open FROM counted c"
            " LEFT JOIN held h ON h.doc_id = c.doc_id"
            " WHERE c.doc_id NOT IN (SELECT doc_id FROM gold_status WHERE status = 'adjudicated')"
            " GROUP BY c.doc_id ORDER BY open DESC, c.doc_id", (REVIEWER,))]

    def gold_status(self, doc_id: int) -> str:
        row = self.conn.execute("SELECT status FROM gold_status WHERE doc_id = ?", (doc_id,)).fetchone()
        return row[0] if row else "new"

    def adjudicated_ids(self, doc_ids: Iterable[int] | None = None) -> set[int]:
        rows = self.conn.execute("SELECT doc_id FROM gold_status WHERE status = 'adjudicated'")
        ids = {r[0] for r in rows}
        return ids if doc_ids is None else ids & set(doc_ids)

    def gold_status_counts(self) -> dict[str, int]:
        counts = dict.fromkeys(GOLD_STATUSES, 0)
        for status, n in self.conn.execute("SELECT status, COUNT(*) FROM gold_status GROUP BY status"):
            counts[status] = n
        counts["new"] = self.count_documents() - counts["in_progress"] - counts["adjudicated"]
        return counts

    # status -----------------------------------------------------------------------------------------
    def set_gold_status(self, doc_id: int, status: str) -> str:
        """Set the document's gold status; returns the previous one (for undo)."""
        if status not in GOLD_STATUSES:
            raise AnnotationError(f"unknown gold status {status!r}; use one of {', '.join(GOLD_STATUSES)}")
        previous = self.gold_status(doc_id)
        with self.transaction() as c:
            self._text_length(doc_id)  # the document exists
            self._write_gold_status(c, doc_id, status)
        return previous

    def _write_gold_status(self, c, doc_id: int, status: str) -> None:
        if status == "new":
            c.execute("DELETE FROM gold_status WHERE doc_id = ?", (doc_id,))
        else:
            c.execute("INSERT INTO gold_status(doc_id, status, reviewer_id, updated_at) VALUES (?,?,?,?)"
                      " ON CONFLICT(doc_id) DO UPDATE SET status = excluded.status,"
                      " reviewer_id = excluded.reviewer_id, updated_at = excluded.updated_at",
                      (doc_id, status, self.reviewer_id or None, now()))

    def _gold_started(self, c, doc_id: int) -> tuple[tuple[int, str, str], ...]:
        """A first gold edit moves the document from new to in progress (adjudicated stays adjudicated);
        returns that move for the edit's delta (its undo puts the document back to new), () when none."""
        moved = c.execute("INSERT INTO gold_status(doc_id, status, reviewer_id, updated_at)"
                          " VALUES (?, 'in_progress', ?, ?) ON CONFLICT(doc_id) DO NOTHING",
                          (doc_id, self.reviewer_id or None, now())).rowcount
        return ((doc_id, "new", "in_progress"),) if moved else ()

    # actions ----------------------------------------------------------------------------------------
    def take_spans(self, span_ids: Sequence[int]) -> AnnotationDelta:
        """Copy these reviewer entities into gold, replacing the gold entities they overlap; their layers'
        relations come along where both ends are then in gold."""
        from annotator.core.adjudication import AdjudicationError, plan_take
        from annotator.core.delta import AnnotationDelta

        sources = [self.span(i) for i in span_ids]
        if not sources:
            return AnnotationDelta()
        doc_id = self._one_document(sources)
        state = self.adjudication(doc_id, self._source_layers(sources))
        try:
            plan = plan_take(state.gold, state.gold_relations, sources, context=state.reviewer_spans,
                             context_relations=state.reviewer_relations)
        except AdjudicationError as exc:
            raise AnnotationError(str(exc)) from None
        return self._carry_out(doc_id, plan)

    def take_layer(self, doc_id: int, layer: str) -> AnnotationDelta:
        """Gold becomes this layer's version of the document (entities and relations)."""
        from annotator.core.adjudication import plan_take

        self._layer_id_of(layer)  # AnnotationError for an unknown name
        if layer == GOLD_NAME:
            raise AnnotationError("the gold layer cannot be taken into itself")
        state = self.adjudication(doc_id, [layer])
        plan = plan_take(state.gold, state.gold_relations, state.reviewer_spans,
                         context_relations=state.reviewer_relations, replace_all=True)
        compared = self.adjudication(doc_id)
        if layer in compared.layers:  # where this reviewer labelled nothing, gold now holds nothing: decided
            plan.nothing = [(d.start, d.end) for d in compared.comparison.disagreements
                            if layer in d.silent and (d.start, d.end) not in compared.nothing]
        return self._carry_out(doc_id, plan)

    def accept_agreed(self, doc_id: int) -> tuple[AnnotationDelta, int]:
        """Copy every agreed entity (and every relation all reviewers have between agreed or gold entities)
        into gold. A gold decision is kept: an agreed entity overlapping a different gold entity is skipped.
        Returns the change and how many were skipped."""
        from annotator.core.adjudication import plan_take

        state = self.adjudication(doc_id)
        if len(state.layers) < 2:
            raise AnnotationError(f"document {doc_id} has {len(state.layers)} reviewer layer(s); agreement needs two")
        by_id = {s.id: s for s in state.reviewer_spans}
        agreed = state.comparison.agreed_relations
        plan = plan_take(state.gold, state.gold_relations, [by_id[c.span_ids[0]] for c in state.comparison.agreed],
                         context=state.reviewer_spans, context_relations=state.reviewer_relations, keep_gold=True,
                         relation_filter=lambda r, head, tail: (head, tail, r.label) in agreed)
        return self._carry_out(doc_id, plan), len(plan.skipped)

    def take_relation(self, relation_id: int) -> AnnotationDelta:
        """Copy one reviewer relation into gold, between the gold entities its ends match (by offsets and
        label); refused while gold lacks one of them."""
        from annotator.core.adjudication import AdjudicationError, plan_take_relation, span_key

        row = self.conn.execute(f"{REL_SELECT} WHERE x.id = ?", (relation_id,)).fetchone()
        if row is None:
            raise AnnotationError(f"relation {relation_id} does not exist")
        source = Relation(*row)
        if source.layer == GOLD_NAME:
            raise AnnotationError("that relation is in gold already")
        head, tail = self.span(source.head_id), self.span(source.tail_id)
        state = self.adjudication(source.doc_id, [])
        try:
            plan = plan_take_relation(state.gold, state.gold_relations, source, span_key(head), span_key(tail))
        except AdjudicationError as exc:
            raise AnnotationError(str(exc)) from None
        return self._carry_out(source.doc_id, plan)

    def decide_nothing(self, doc_id: int, start: int, end: int) -> AnnotationDelta:
        """Gold holds nothing in [start, end) (a disagreement's extent): its gold entities go (with their
        relations) and the decision is recorded, so the disagreement counts as decided."""
        from annotator.core.adjudication import plan_nothing

        if not 0 <= start < end <= self._text_length(doc_id):
            raise AnnotationError(f"{start}–{end} is not a stretch of document {doc_id}")
        state = self.adjudication(doc_id, [])
        return self._carry_out(doc_id, plan_nothing(state.gold, state.nothing, start, end))

    def drop_gold(self, span_ids: Sequence[int]) -> AnnotationDelta:
        """Remove gold entities (with their relations)."""
        from annotator.core.adjudication import plan_drop
        from annotator.core.delta import AnnotationDelta

        spans = [self.span(i) for i in span_ids]
        if not spans:
            return AnnotationDelta()
        if any(s.layer != GOLD_NAME for s in spans):
            raise AnnotationError("only gold entities can be dropped here")
        doc_id = self._one_document(spans)
        state = self.adjudication(doc_id, [])
        return self._carry_out(doc_id, plan_drop(state.gold, span_ids))

    def add_gold_span(self, doc_id: int, start: int, end: int, label: str) -> AnnotationDelta:
        """A gold entity no reviewer made (the adjudicator's own)."""
        from annotator.core.delta import AnnotationDelta

        stamp = now()
        with self.transaction() as c:
            self.shared_layer_id(c, GOLD, GOLD_NAME)
            span = self._insert_span(c, Span(None, doc_id, start, end, label, self.reviewer, stamp, GOLD_NAME),
                                     self._text_length(doc_id))
            started = self._gold_started(c, doc_id)
            replaced = self._replace_nothing(c, doc_id, [span])
            self._touch(c, doc_id)
        return AnnotationDelta(added_spans=(span,), gold_statuses=started, nothing_removed=replaced)

    def replay(self, delta: AnnotationDelta) -> None:
        """Apply a recorded change exactly (undo replays the inverse, redo the change): relations and entities
        removed, entities and relations added with their ids, authors and times, and the gold status the change
        moved (undoing the edit that started a document's gold makes it new again); one transaction."""
        docs = {s.doc_id for s in delta.added_spans + delta.removed_spans}
        docs |= {r.doc_id for r in delta.added_relations + delta.removed_relations}
        docs |= {n[0] for n in delta.nothing_added + delta.nothing_removed}
        with self.transaction() as c:
            c.executemany("DELETE FROM relations WHERE id = ?", [(r.id,) for r in delta.removed_relations])
            c.executemany("DELETE FROM spans WHERE id = ?", [(s.id,) for s in delta.removed_spans])
            for span in delta.added_spans:
                self._insert_span(c, span, self._text_length(span.doc_id))
            for rel in delta.added_relations:
                self._insert_relation(c, rel)
            for doc_id, _before, after in delta.gold_statuses:
                self._write_gold_status(c, doc_id, after)
            c.executemany('DELETE FROM gold_nothing WHERE doc_id = ? AND start = ? AND "end" = ?',
                          delta.nothing_removed)
            self._record_nothing(c, delta.nothing_added)
            for doc_id in docs:
                self._touch(c, doc_id)

    # plumbing ---------------------------------------------------------------------------------------
    def _carry_out(self, doc_id: int, plan: GoldPlan) -> AnnotationDelta:
        from annotator.core.delta import AnnotationDelta

        if not plan:
            return AnnotationDelta()
        stamp = now()
        removed_ids = {s.id for s in plan.remove}
        with self.transaction() as c:
            self.shared_layer_id(c, GOLD, GOLD_NAME)
            removed_relations = [Relation(*r) for r in c.execute(
                f"{REL_SELECT} WHERE x.doc_id = ? AND y.name = ? ORDER BY x.id", (doc_id, GOLD_NAME))
                if r[2] in removed_ids or r[3] in removed_ids]
            c.executemany("DELETE FROM spans WHERE id = ?", [(i,) for i in removed_ids])
            length = self._text_length(doc_id)
            copies: dict[int, Span] = {}
            for src in sorted(plan.add, key=lambda s: (s.start, s.end)):
                copies[src.id] = self._insert_span(
                    c, Span(None, doc_id, src.start, src.end, src.label, self.reviewer, stamp, GOLD_NAME), length)
            relations = []
            scheme = self.scheme()
            label_of = {s.id: s.label for s in copies.values()} | {g.id: g.label for g in self.spans(doc_id, GOLD_NAME)}
            for copy in plan.relations:
                head, tail = (copies[ref[1]].id if ref[0] == "new" else ref[1] for ref in (copy.head, copy.tail))
                rule = scheme.relation(copy.source.label)
                if rule is None or (rule.heads and label_of[head] not in rule.heads) or (
                        rule.tails and label_of[tail] not in rule.tails):
                    continue  # the scheme no longer allows it (changed since the reviewer made it): not gold
                relations.append(self._insert_relation(c, Relation(
                    None, doc_id, head, tail, copy.source.label, self.reviewer, stamp, GOLD_NAME)))
            started = self._gold_started(c, doc_id)
            replaced = self._replace_nothing(c, doc_id, list(copies.values()))
            recorded = tuple((doc_id, start, end) for start, end in plan.nothing)
            self._record_nothing(c, recorded)
            self._touch(c, doc_id)
        return AnnotationDelta(added_spans=tuple(copies.values()), removed_spans=tuple(plan.remove),
                               added_relations=tuple(relations), removed_relations=tuple(removed_relations),
                               gold_statuses=started, nothing_added=recorded, nothing_removed=replaced)

    def _replace_nothing(self, c, doc_id: int, added: Sequence[Span]) -> tuple[tuple[int, int, int], ...]:
        """A gold entity taken into a stretch decided as nothing replaces that decision: removes and returns
        the decisions the added spans overlap."""
        if not added:
            return ()
        gone = tuple((doc_id, start, end) for start, end in self.gold_nothing(doc_id)
                     if any(s.start < end and start < s.end for s in added))
        c.executemany('DELETE FROM gold_nothing WHERE doc_id = ? AND start = ? AND "end" = ?', gone)
        return gone

    def _record_nothing(self, c, decisions: Iterable[tuple[int, int, int]]) -> None:
        stamp, who = now(), self.reviewer_id or None
        c.executemany('INSERT OR IGNORE INTO gold_nothing(doc_id, start, "end", reviewer_id, created_at)'
                      " VALUES (?,?,?,?,?)", [(*d, who, stamp) for d in decisions])

    @staticmethod
    def _one_document(spans: Sequence[Span]) -> int:
        docs = {s.doc_id for s in spans}
        if len(docs) != 1:
            raise AnnotationError("an adjudication action works on one document")
        return docs.pop()

    @staticmethod
    def _source_layers(spans: Sequence[Span]) -> list[str]:
        layers = list(dict.fromkeys(s.layer for s in spans))
        if GOLD_NAME in layers:
            raise AnnotationError("that entity is in gold already")
        return layers


__all__ = ["AdjudicationState", "GOLD_STATUSES", "GoldMixin"]
