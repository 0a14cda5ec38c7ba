"""The suggestions layer in the store: pending machine suggestions with their source and score, the reviewer's
decisions on them and the record of which documents have been pre-annotated.

On a shared file the suggestions are one set for everyone and each decision is the reviewer's own (README,
"Several reviewers on one file"): accepting one makes an entity of the reviewer's layer, rejecting one remembers
the rejection for that reviewer in the document; neither removes it for the others. What a reviewer has pending
is what a run proposed, minus what they rejected and what lies under their own entities."""

from __future__ import annotations

from typing import Iterable, Mapping, Sequence

from annotator.core.clock import now
from annotator.core.layers import SUGGESTIONS, SUGGESTIONS_NAME
from annotator.core.model import Span
from annotator.core.suggestions import NewSuggestion, StoredSuggestion
from annotator.store.errors import AnnotationError
from annotator.store.suggestion_writes import SuggestionsWritten, rows_among, write_run


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
        rows = rows_among(self.conn, 'SELECT s.doc_id, s.start, s."end", l.name FROM spans s'
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
    def write_suggestions(self, batch: Mapping[int, Sequence[NewSuggestion]], *, sources: str = "",
                          family: str = "") -> SuggestionsWritten:
        """Replace the suggestions of each document of the batch with new ones (one transaction).

        Labels are never touched: a proposal overlapping an entity of an import or the gold is left out, as is one
        rejected for everyone, and of overlapping proposals the higher scored one is kept (the layer is flat).
        One a reviewer rejected, or that overlaps a reviewer's entity, is kept for the others: the counts
        (written, skipped_rejected, skipped_labelled) are what the running reviewer has pending of the run.
        A stored suggestion proposed again exactly (place, label, source, score, detail) stays as it is, with its
        id; the others are replaced (all of them are counted as replaced) and a new one never takes an old id.
        family (core.suggestions.source_family): the run replaces only the stored suggestions of its own family
        ("": the engines'; "label_studio": a Label Studio file's predictions); those of another family are
        carried, competing with the new proposals as they are (kept exactly, with their ids, unless a better
        one overlaps them). How the rows are written: store/suggestion_writes.py."""
        return write_run(self, batch, sources, family)

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
