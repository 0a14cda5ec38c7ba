"""A machine suggestion as the store keeps it: an entity of the suggestions layer with its source and score.

Suggestions are proposals, never labels: exports, the report and training read the reviewer, import and gold
layers only. The suggestions layer holds the pending (undecided) ones: accepting one moves it into the
reviewer's own layer, rejecting one removes it and remembers the rejection for the document, so that no later
run proposes it again.
"""

from __future__ import annotations

from collections.abc import Iterable
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
class Suggestion:
    """A proposed entity: text[start:end] labelled `label`, proposed by `source` with `score` in [0, 1].

    `detail` says what inside the source proposed it (the pattern id, the dictionary string's counts).
    """

    start: int
    end: int
    label: str
    source: str
    score: float
    detail: str = ""

    def __post_init__(self) -> None:
        _check(self.start, self.end, self.label, self.source, self.score)

    @property
    def key(self) -> tuple[int, int, str]:
        return self.start, self.end, self.label

    def to_dict(self, text: str | None = None) -> dict:
        # asdict() without its deep copies (a batch run prints every suggestion of thousands of pages)
        data = {"start": self.start, "end": self.end, "label": self.label, "source": self.source,
                "score": self.score, "detail": self.detail}
        if text is not None:
            data["text"] = text[self.start:self.end]
        return data


def _check(start, end, label, source, score) -> None:
    if not 0 <= start < end:
        raise ValueError(f"suggestion offsets must satisfy 0 <= start < end, got {start}, {end}")
    if not 0.0 <= score <= 1.0:
        raise ValueError(f"suggestion score must be in [0, 1], got {score}")
    if not label or not source:
        raise ValueError("a suggestion needs a label and a source")


_new = object.__new__
_SET = tuple(Suggestion.__dict__[name].__set__ for name in ("start", "end", "label", "source", "score", "detail"))


def suggestions_from(rows: Iterable[tuple]) -> list[Suggestion]:
    """[Suggestion(*row) for row in rows] (rows of all six fields), each checked as __init__ checks it, but each
    field set through its slot: a frozen dataclass's __init__ costs twice as much, and a page makes ~100."""
    set_start, set_end, set_label, set_source, set_score, set_detail = _SET
    made: list[Suggestion] = []
    append = made.append
    for start, end, label, source, score, detail in rows:
        if not (0 <= start < end and 0.0 <= score <= 1.0 and label and source):
            _check(start, end, label, source, score)  # raises, saying which
        s = _new(Suggestion)
        set_start(s, start)
        set_end(s, end)
        set_label(s, label)
        set_source(s, source)
        set_score(s, score)
        set_detail(s, detail)
        append(s)
    return made


NewSuggestion = Suggestion  # what the suggestion engines propose is what the store takes in


def source_family(source: str) -> str:
    """Whose suggestion a source names: "" for the engines' (dictionary, patterns, model, ...), the part before
    the colon for one imported with a file ("label_studio:ner-v2" -> "label_studio"). A suggestion run replaces
    the undecided suggestions of its own family only (Project.write_suggestions)."""
    return source.partition(":")[0] if ":" in source else ""


EntityKey = tuple[int, int, str]  # (start, end, label) of an entity


@dataclass(frozen=True, slots=True)
class PredictedRelation:
    """A relation that a file's model predicted between two of its predicted entities (Label Studio's predictions),
    kept by its ends' offsets and labels: a relation suggestion for each reviewer whose own layer holds both ends
    (as once they accept the two entity suggestions)."""

    head: EntityKey
    tail: EntityKey
    label: str  # the relation type
    source: str  # "label_studio:<model_version>"
    score: float  # in [0, 1]


@dataclass(frozen=True, slots=True)
class StoredRelationSuggestion:
    """A pending relation candidate between two entities of a reviewer's own layer."""

    id: int
    doc_id: int
    head_id: int
    tail_id: int
    label: str  # the relation type
    source: str  # relations (annotator.nlp.suggest.base)
    score: float  # in [0, 1]
    detail: str = ""
    created_at: str = ""
    head: EntityKey = (0, 0, "")
    tail: EntityKey = (0, 0, "")

    @property
    def key(self) -> tuple[EntityKey, EntityKey, str]:
        """What a rejection remembers: the two ends by offsets and label, and the relation type."""
        return self.head, self.tail, self.label


@dataclass(frozen=True, slots=True)
class NewRelationSuggestion:
    """A relation candidate on its way into the store: between two entity ids of the reviewer's layer."""

    head_id: int
    tail_id: int
    label: str
    source: str
    score: float
    detail: str = ""
