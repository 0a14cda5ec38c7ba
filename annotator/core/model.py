"""Plain data classes shared by the store, importers, exporters and the UI."""

from __future__ import annotations

from dataclasses import dataclass, field

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing in every segmenter process
if TYPE_CHECKING:
    from typing import Any

STATUSES = ("new", "in_progress", "done", "skipped")
LINE_KINDS = ("content", "boilerplate", "blank", "unclassified")
OVERRIDE_KINDS = ("content", "boilerplate")


@dataclass(frozen=True, slots=True)
class Document:
    id: int
    ext_id: str | None
    title: str
    source: str
    url: str
    text: str
    meta: dict[str, Any]
    segmenter_version: str
    created_at: str
    updated_at: str


@dataclass(frozen=True, slots=True)
class Span:
    id: int
    doc_id: int
    start: int
    end: int
    label: str
    reviewer: str = ""  # who made it; "" for imported labels
    created_at: str = ""
    layer: str = ""  # the name of its annotation layer (annotator.core.layers)


def _span_from_row(setters=tuple(Span.__dict__[name].__set__ for name in Span.__slots__), new=object.__new__):
    set_id, set_doc, set_start, set_end, set_label, set_reviewer, set_created, set_layer = setters

    def span_from_row(id, doc_id, start, end, label, reviewer, created_at, layer) -> Span:
        span = new(Span)
        set_id(span, id)
        set_doc(span, doc_id)
        set_start(span, start)
        set_end(span, end)
        set_label(span, label)
        set_reviewer(span, reviewer)
        set_created(span, created_at)
        set_layer(span, layer)
        return span

    return span_from_row


# Span(...) for rows read by the hundred thousand (an export's): the slots are filled directly, without the frozen
# dataclass's object.__setattr__ call per field (~0.4 us a span less). The same object as Span(...) makes.
span_from_row = _span_from_row()


@dataclass(frozen=True, slots=True)
class Relation:
    id: int
    doc_id: int
    head_id: int
    tail_id: int
    label: str
    reviewer: str = ""
    created_at: str = ""
    layer: str = ""  # always its spans' layer


@dataclass(slots=True)
class LineSegment:
    """One line of a document (text split on "\\n"); start/end exclude the newline."""

    line_no: int  # 1-based
    start: int
    end: int
    kind: str = "unclassified"
    score: float | None = None
    reason: str = ""
    override: str | None = None

    @property
    def effective_kind(self) -> str:
        return self.override or self.kind


def span_bounds_problem(start, end, length: int) -> str | None:
    """Why [start, end) cannot be an entity of a text of that length (None: it can): the one check of
    offsets, for edits and imports alike (the store checks overlap within a layer on top)."""
    if not (isinstance(start, int) and isinstance(end, int)) or isinstance(start, bool) or isinstance(end, bool):
        return f"span [{start}, {end}) does not have whole-number offsets"
    if not 0 <= start < end <= length:
        return f"span [{start}, {end}) is outside the text (length {length})"
    return None


@dataclass(slots=True)
class NewSpan:
    start: int
    end: int
    label: str
    line: int = 0  # the input line it was read from, for messages (0: the document's origin line)


class SpanTriples:
    """The spans of a parsed record kept as the values its parser read, flat (start, end, label, start, end, label,
    ...: JSONL labels), and read as a sequence of NewSpan (line 0), made from them when first asked. The import's
    store reads `flat` itself, so importing 127k such spans makes no NewSpan at all (their creation was ~0.04 CPU s
    of the peer labelled import), nor a tuple a span (127k of them for the collector to scan while they wait to be
    stored: flat, the parse and the span rows took ~0.03 CPU s less). Read-only: a consumer that needs a list of its
    own makes one (list(spans))."""

    __slots__ = ("flat", "_spans")

    def __init__(self, flat: list):
        if len(flat) % 3:
            raise ValueError(f"{len(flat)} values are not (start, end, label) triples")
        self.flat = flat
        self._spans: list[NewSpan] | None = None

    @classmethod
    def of(cls, triples) -> SpanTriples:
        """The SpanTriples of (start, end, label) triples."""
        return cls([value for triple in triples for value in triple])

    @property
    def triples(self) -> list[tuple]:
        """(start, end, label) of each span, in order."""
        values = iter(self.flat)
        return list(zip(values, values, values))

    def _made(self) -> list[NewSpan]:
        if self._spans is None:
            values = iter(self.flat)
            self._spans = [NewSpan(start, end, label) for start, end, label in zip(values, values, values)]
        return self._spans

    def __len__(self) -> int:
        return len(self.flat) // 3

    def __getitem__(self, index):
        return self._made()[index]

    def __iter__(self):
        return iter(self._made())

    def __eq__(self, other) -> bool:
        if isinstance(other, SpanTriples):
            return self.flat == other.flat
        if isinstance(other, (list, tuple)):
            return self._made() == list(other)
        return NotImplemented

    __hash__ = None  # like the list it stands for

    def __repr__(self) -> str:
        return repr(self._made())

    def labels(self):
        """The label of each span, in order, without making the NewSpans."""
        return self.flat[2::3]


def span_labels(spans) -> list:
    """The label of each of a document's spans (a list of NewSpan, or SpanTriples without making NewSpans)."""
    return spans.labels() if type(spans) is SpanTriples else [sp.label for sp in spans]


@dataclass(slots=True)
class NewRelation:
    """Relation between two spans of the same NewDocument, given as indexes into its spans list."""

    head: int
    tail: int
    label: str
    line: int = 0  # the input line it was read from, for messages (0: the document's origin line)


@dataclass(slots=True)
class NewDocument:
    """A document on its way into the store (text already CRLF-normalised)."""

    text: str
    title: str = ""
    source: str = ""
    url: str = ""
    ext_id: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    spans: list[NewSpan] = field(default_factory=list)  # or SpanTriples (read-only), from a parser
    relations: list[NewRelation] = field(default_factory=list)
    segments: list[LineSegment] | None = None
    segmenter_version: str = ""
    origin: str = ""  # "FILE:LINE" where the record came from, for error messages
    label_layer: str = ""  # the import layer its labels go into; "" derives it from origin
    # Worked out on the way in, so that nothing is computed twice (the importer hashes for duplicates, the
    # segmenter processes read the article metadata); empty/None: the store works them out itself.
    sha256: str = ""  # of the text as UTF-8, when already computed
    # annotator.core.article_meta.ArticleMeta when already read, or its six values (published value, source,
    # evidence, outlet value, source, evidence) as a segmenter process sends them
    article: Any = None
    packed_lines: tuple[str, str, str] | None = None  # segments in their stored form (core.line_kinds), if packed
    utf8: bytes | None = None  # the text as UTF-8 (so free of surrogates), by whoever encoded it; whoever changes text clears it
    # Pre-annotations the file carries (core.suggestions.Suggestion, its source naming the file's tool and model):
    # written into the suggestions layer after the document is stored (io/importers/imported_suggestions.py)
    suggestions: "tuple | list" = ()  # () not a new list: most documents carry none
    # Relations the file's model predicted between those pre-annotations (core.suggestions.PredictedRelation)
    relation_suggestions: "tuple | list" = ()
