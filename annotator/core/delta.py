"""What one committed edit changed in a document: an immutable value the session applies to its state and
hands to every view, so no view re-reads the store after an edit."""

from __future__ import annotations

from dataclasses import dataclass

from annotator.core.model import Relation, Span


@dataclass(frozen=True, slots=True)
class AnnotationDelta:
    """Spans and relations added and removed, and line overrides set (line_no, kind or None to clear).
    An update is the removal of the old span plus the addition of the new one (same id).
    gold_statuses: (doc_id, before, after) of a gold status the edit moved (the first gold edit of a document
    moves it from new to in progress): undo puts `before` back, redo `after` (store GoldMixin.replay).
    nothing_added / nothing_removed: (doc_id, start, end) of "gold holds nothing here" decisions recorded and
    dropped (a gold entity taken into a stretch decided as nothing replaces that decision)."""

    added_spans: tuple[Span, ...] = ()
    removed_spans: tuple[Span, ...] = ()
    added_relations: tuple[Relation, ...] = ()
    removed_relations: tuple[Relation, ...] = ()
    line_overrides: tuple[tuple[int, str | None], ...] = ()
    gold_statuses: tuple[tuple[int, str, str], ...] = ()
    nothing_added: tuple[tuple[int, int, int], ...] = ()
    nothing_removed: tuple[tuple[int, int, int], ...] = ()

    def for_doc(self, doc_id: int) -> "AnnotationDelta":
        """Only the part of the change in one document (label-all-occurrences spans several)."""
        return AnnotationDelta(
            tuple(s for s in self.added_spans if s.doc_id == doc_id),
            tuple(s for s in self.removed_spans if s.doc_id == doc_id),
            tuple(r for r in self.added_relations if r.doc_id == doc_id),
            tuple(r for r in self.removed_relations if r.doc_id == doc_id),
            self.line_overrides,
            tuple(g for g in self.gold_statuses if g[0] == doc_id),
            tuple(n for n in self.nothing_added if n[0] == doc_id),
            tuple(n for n in self.nothing_removed if n[0] == doc_id),
        )

    def inverse(self) -> "AnnotationDelta":
        return AnnotationDelta(self.removed_spans, self.added_spans, self.removed_relations, self.added_relations,
                               gold_statuses=tuple((doc, after, before) for doc, before, after in self.gold_statuses),
                               nothing_added=self.nothing_removed, nothing_removed=self.nothing_added)

    @property
    def parts(self) -> frozenset[str]:
        """What it touches: "spans", "relations", "lines"."""
        out = set()
        if self.added_spans or self.removed_spans:
            out.add("spans")
        if self.added_relations or self.removed_relations:
            out.add("relations")
        if self.line_overrides:
            out.add("lines")
        return frozenset(out)

    @property
    def span_ranges(self) -> list[tuple[int, int]]:
        """The text ranges whose look changes (old and new places of the spans)."""
        return [(s.start, s.end) for s in self.removed_spans + self.added_spans]

    def __bool__(self) -> bool:
        return bool(self.added_spans or self.removed_spans or self.added_relations or self.removed_relations
                    or self.line_overrides or self.gold_statuses or self.nothing_added or self.nothing_removed)


@dataclass(frozen=True, slots=True)
class ChangeRecord:
    """What a worker job (import, export, segment, train, suggest) changed in the project, for the window to
    apply on the GUI thread: documents added, the label scheme changed, documents whose annotations or lines
    changed."""

    documents_added: int = 0
    scheme_changed: bool = False
    documents_changed: tuple[int, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.documents_added or self.scheme_changed or self.documents_changed)
