"""A machine suggestion as the store keeps it: an entity of the suggestions layer with its source and score.

Suggestions are proposals, never labels: exports, the report and training read the reviewer, import and gold
layers only. The suggestions layer holds the pending (undecided) ones: accepting one moves it into the
reviewer's own layer, rejecting one removes it and remembers the rejection for the document, so that no later
run proposes it again.
"""

from __future__ import annotations

from dataclasses import dataclass

from annotator.core.layers import SUGGESTIONS_NAME
from annotator.core.model import Span


@dataclass(frozen=True, slots=True)
class StoredSuggestion:
    id: int  # its span id in the suggestions layer
    doc_id: int
    start: int
    end: int
    label: str
    source: str  # dictionary, patterns, model (annotator.nlp.suggest.base)
    score: float  # in [0, 1]
    detail: str = ""
    created_at: str = ""

    @property
    def key(self) -> tuple[int, int, str]:
        return self.start, self.end, self.label

    def overlaps(self, start: int, end: int) -> bool:
        return self.start < end and start < self.end

    def as_span(self) -> Span:
        """The entity of the suggestions layer it is (what an AnnotationDelta carries)."""
        return Span(self.id, self.doc_id, self.start, self.end, self.label, "", self.created_at, SUGGESTIONS_NAME)


@dataclass(frozen=True, slots=True)
class NewSuggestion:
    """A suggestion on its way into the store."""

    start: int
    end: int
    label: str
    source: str
    score: float
    detail: str = ""
