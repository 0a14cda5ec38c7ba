"""Undo commands for decisions on suggestions. Each one is a Project call committed at once (ui/undo.py explains
the skipped first redo); the deltas carry the suggestions as spans of the suggestions layer, which the session's
state leaves aside and the review reads again."""

from __future__ import annotations

from annotator.core.delta import AnnotationDelta
from annotator.core.model import Span
from annotator.core.suggestions import StoredSuggestion
from annotator.ui.undo import EditCommand


class AcceptSuggestionsCommand(EditCommand):
    """Suggestions moved into the reviewer's layer (with their labels, or the one chosen instead)."""

    def __init__(self, session, doc_id: int, taken: list[StoredSuggestion], created: list[Span], text: str) -> None:
        super().__init__(session, doc_id, text)
        self.taken, self.created = taken, created

    def apply(self) -> AnnotationDelta:
        labels = {t.id: c.label for t, c in zip(self.taken, self.created)}
        self.taken, self.created = self.session.project.accept_suggestions(
            [t.id for t in self.taken], labels, span_ids=[c.id for c in self.created])
        return accepted_delta(self.taken, self.created)

    def revert(self) -> AnnotationDelta:
        self.session.project.undo_accept(self.taken, self.created)
        return accepted_delta(self.taken, self.created).inverse()


class RejectSuggestionsCommand(EditCommand):
    def __init__(self, session, doc_id: int, rejected: list[StoredSuggestion], text: str) -> None:
        super().__init__(session, doc_id, text)
        self.rejected = rejected

    def apply(self) -> AnnotationDelta:
        self.rejected = self.session.project.reject_suggestions([s.id for s in self.rejected])
        return rejected_delta(self.rejected)

    def revert(self) -> AnnotationDelta:
        self.session.project.undo_reject(self.rejected)
        return rejected_delta(self.rejected).inverse()


def accepted_delta(taken: list[StoredSuggestion], created: list[Span]) -> AnnotationDelta:
    return AnnotationDelta(added_spans=tuple(created), removed_spans=tuple(s.as_span() for s in taken))


def rejected_delta(rejected: list[StoredSuggestion]) -> AnnotationDelta:
    return AnnotationDelta(removed_spans=tuple(s.as_span() for s in rejected))
