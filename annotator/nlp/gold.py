"""Gold spaCy Docs from stored annotations: tokens split at entity boundaries, every span accounted for.

Kiwi puts about 98% of entity boundaries on token boundaries; for the rest the token is split where the
gold boundary falls, so an entity is never lost to misalignment. Spans that still cannot be entities
(overlaps, whitespace only, outside the text) are reported with a reason, never dropped silently, and all
spans are also kept in doc.spans[ALL_SPANS_KEY].
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import NamedTuple

from annotator.core import korean
from annotator.core.model import Relation, Span

ALL_SPANS_KEY = "annotator"

# Reasons a span is not placed in doc.ents (keys of GoldOutcome.not_placed).
OUTSIDE = "outside the text"
BLANK = "empty or whitespace only"
OVERLAP = "overlaps another entity (kept in doc.spans['annotator'] only)"
NO_ALIGN = "could not be aligned to tokens"
TRIMMED = "leading/trailing whitespace trimmed"


@dataclass(slots=True)
class GoldOutcome:
    """What happened to the spans of one document."""

    exported: int = 0
    split: int = 0  # entities whose start or end fell inside a token
    split_examples: list[str] = field(default_factory=list)
    adjusted: list[tuple[str, str]] = field(default_factory=list)  # (reason, example), still exported
    not_placed: list[tuple[str, str]] = field(default_factory=list)  # (reason, example)
    relations_exported: int = 0
    relations_not_placed: list[tuple[str, str]] = field(default_factory=list)


def _example(text: str, start: int, end: int, label: str) -> str:
    start, end = max(0, start), min(len(text), end)
    left = text[max(0, start - 10):start].replace("\n", " ")
    right = text[end:end + 10].replace("\n", " ")
    return f"{left}[{text[start:end]}]{right} ({label}, {start}-{end})"


def split_tokens(tokens: Sequence[korean.Token], cuts: set[int]) -> list[korean.Token]:
    """Split tokens at every cut strictly inside them; the trailing ws stays on the last piece."""
    return korean.split_tokens(list(tokens), cuts, split_spaces=False)


def _clean_spans(text: str, spans: Sequence[Span], outcome: GoldOutcome):
    """Valid spans with whitespace trimmed: (entities, overlapping), entities first-come by (start, -end)."""
    usable: list[tuple[Span, int, int]] = []
    overlapping: list[tuple[Span, int, int]] = []
    n = len(text)
    for sp in sorted(spans, key=lambda s: (s.start, -s.end, s.id)):
        if not (0 <= sp.start < sp.end <= n):
            outcome.not_placed.append((OUTSIDE, f"{sp.label} {sp.start}-{sp.end} in a text of {n} characters"))
            continue
        start, end = sp.start, sp.end
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start == end:
            outcome.not_placed.append((BLANK, _example(text, sp.start, sp.end, sp.label)))
            continue
        if (start, end) != (sp.start, sp.end):
            outcome.adjusted.append((TRIMMED, _example(text, sp.start, sp.end, sp.label)))
        if usable and start < usable[-1][2]:
            outcome.not_placed.append((OVERLAP, _example(text, start, end, sp.label)))
            overlapping.append((sp, start, end))
            continue
        usable.append((sp, start, end))
    return usable, overlapping


class GoldEnt(NamedTuple):
    """An entity or span of the gold doc as token range [start, end) and characters (the spaCy Span fields
    the relations and exports read)."""

    start: int
    end: int
    start_char: int
    end_char: int
    label_: str


@dataclass(slots=True)
class GoldPlan:
    """Everything a gold Doc holds, without the Doc: its tokens (split at entity boundaries), doc.ents,
    doc.spans[ALL_SPANS_KEY] and the relations (Prodigy's shape). build_gold_doc makes the Doc from it; the
    spaCy export writes its DocBin rows straight from it (annotator.nlp.docbin_stream)."""

    tokens: list[korean.Token]
    ents: list[GoldEnt]
    all_spans: list[GoldEnt]
    relations: list[dict]
    outcome: GoldOutcome


def token_columns(text: str, *, analyser=None) -> tuple[list[str], "numpy.ndarray"]:
    """The texts of korean.tokenize(text)'s tokens and whether each has a trailing space (a bool array), without
    making the Tokens: the gold doc of a page with nothing to place (most pages of a big export) needs no more.
    The same rules as korean.tokenize, on arrays: a run of whitespace not taken as a token's single trailing
    space is a token of its own, and so is whatever follows the last token."""
    import numpy

    analyser = analyser or korean.default_analyser()
    lines = text.split("\n")
    analyses = analyser.analyse_lines(lines)
    starts, ends, line_start = [], [], 0
    for line, analysis in zip(lines, analyses):
        line_starts, line_ends = analysis.offsets()
        if len(line_starts):
            starts.append(numpy.asarray(line_starts, dtype=numpy.int64) + line_start)
            ends.append(numpy.asarray(line_ends, dtype=numpy.int64) + line_start)
        line_start += len(line) + 1
    size = len(text)
    if not starts:
        return ([text] if size else []), numpy.zeros(1 if size else 0, dtype=bool)
    start, end = numpy.concatenate(starts), numpy.concatenate(ends)
    codes = numpy.frombuffer((text + "\n").encode("utf-32-le"), dtype="<u4")  # a non-space past the end
    spaced = codes[numpy.minimum(end, size)] == 32
    after = end + spaced  # where the next token may start
    before = numpy.concatenate(([0], after[:-1]))
    gap = start > before  # whitespace before the token: a token of its own
    trailing = bool(after[-1] < size)
    at = numpy.arange(len(start)) + numpy.cumsum(gap)
    count = len(start) + int(gap.sum()) + trailing
    out_start, out_end = numpy.empty(count, dtype=numpy.int64), numpy.empty(count, dtype=numpy.int64)
    out_space = numpy.zeros(count, dtype=bool)
    out_start[at], out_end[at], out_space[at] = start, end, spaced
    gaps = at[gap] - 1
    out_start[gaps], out_end[gaps] = before[gap], start[gap]
    if trailing:
        out_start[-1], out_end[-1] = after[-1], size
    return [text[a:b] for a, b in zip(out_start.tolist(), out_end.tolist())], out_space


def plan_gold(text: str, spans: Sequence[Span], relations: Sequence[Relation] = (), *,
              analyser=None) -> GoldPlan:
    """The gold doc of text with the spans as entities (see build_gold_doc), as token ranges."""
    from bisect import bisect_right

    outcome = GoldOutcome()
    tokens = korean.tokenize(text, analyser=analyser)
    if not spans and not relations:  # most pages of a big export: nothing to place
        return GoldPlan(tokens, [], [], [], outcome)
    solid = [t for t in tokens if not t[2].isspace()]
    native = set(map(itemgetter(0), solid))
    native.update(map(itemgetter(1), solid))
    usable, overlapping = _clean_spans(text, spans, outcome)
    cuts: set[int] = set()
    for sp, start, end in usable:
        if start not in native or end not in native:
            outcome.split += 1
            if len(outcome.split_examples) < 3:
                outcome.split_examples.append(_example(text, start, end, sp.label))
        cuts.update((start, end))
    tokens = split_tokens(tokens, cuts)
    starts = list(map(itemgetter(0), tokens))
    first_at = dict(zip(starts, range(len(starts))))
    last_at = dict(zip(map(itemgetter(1), tokens), range(len(tokens))))
    ents: list[GoldEnt] = []
    placed: dict[int, GoldEnt] = {}
    for sp, start, end in usable:
        # doc.char_span(start, end) in spaCy's strict mode: a token starts at start and one ends at end
        first, last = first_at.get(start), last_at.get(end)
        if first is None or last is None:  # unreachable after the split above; reported rather than assumed
            outcome.not_placed.append((NO_ALIGN, _example(text, start, end, sp.label)))
            continue
        ent = GoldEnt(first, last + 1, start, end, sp.label)
        ents.append(ent)
        placed[sp.id] = ent
    outcome.exported = len(ents)
    every = []
    for sp, start, end in usable + overlapping:
        # char_span(alignment_mode="expand"): from the token holding start to the one holding end - 1 (a
        # token holds its trailing space; the tokens tile the text)
        first, last = bisect_right(starts, start) - 1, bisect_right(starts, end - 1) - 1
        every.append(GoldEnt(first, last + 1, tokens[first][0], tokens[last][1], sp.label))
    return GoldPlan(tokens, ents, every, _relations(text, spans, relations, placed, outcome), outcome)


def build_gold_doc(vocab, text: str, spans: Sequence[Span], relations: Sequence[Relation] = (), *, analyser=None):
    """A spaCy Doc of text with the spans as doc.ents and relations in doc.user_data["relations"].

    Returns (doc, GoldOutcome). Relations use Prodigy's shape: head/child are the index of the last
    token of the head/child span, with head_span/child_span giving the full spans.
    """
    from spacy.tokens import Doc, Span as SpacySpan, SpanGroup

    plan = plan_gold(text, spans, relations, analyser=analyser)
    tokens = plan.tokens
    doc = Doc(vocab, words=[t.text for t in tokens], spaces=[bool(t.ws) for t in tokens])
    doc.ents = [SpacySpan(doc, e.start, e.end, label=e.label_) for e in plan.ents]
    doc.spans[ALL_SPANS_KEY] = SpanGroup(doc, name=ALL_SPANS_KEY, spans=[
        SpacySpan(doc, e.start, e.end, label=e.label_) for e in plan.all_spans])
    doc.user_data["relations"] = plan.relations
    return doc, plan.outcome


def _span_dict(ent) -> dict:
    return {
        "start": ent.start_char,
        "end": ent.end_char,
        "token_start": ent.start,
        "token_end": ent.end - 1,
        "label": ent.label_,
    }


def _relations(text, spans, relations, placed, outcome: GoldOutcome) -> list[dict]:
    by_id = {sp.id: sp for sp in spans}
    out = []
    for rel in relations:
        head, child = placed.get(rel.head_id), placed.get(rel.tail_id)
        if head is None or child is None:
            missing = by_id.get(rel.head_id if head is None else rel.tail_id)
            where = _example(text, missing.start, missing.end, missing.label) if missing else f"span {rel.head_id}"
            outcome.relations_not_placed.append((f"{rel.label}: a span of the relation is not an entity", where))
            continue
        out.append({
            "head": head.end - 1,
            "child": child.end - 1,
            "head_span": _span_dict(head),
            "child_span": _span_dict(child),
            "label": rel.label,
        })
    outcome.relations_exported = len(out)
    return out
