"""Labels carried by JSONL records (Prodigy and doccano shapes), as plain tuples for the JSONL parser."""

from __future__ import annotations

from bisect import bisect_left
from typing import Any

from annotator.core.text import normalize_newlines

Spans = list[tuple[int, int, str]]
Relations = list[tuple[int, int, str]]  # (head span index, tail span index, label)


LABEL_KEYS = frozenset(("entities", "spans", "relations", "label", "labels"))  # every key read_labels reads


class LabelError(ValueError):
    """The record's label fields have the wrong structure altogether."""


class RecordRefused(LabelError):
    """The record says its labels are not an annotation to keep (Prodigy's answer "reject" or "ignore")."""


REFUSED_ANSWERS = ("reject", "ignore")  # Prodigy's db-out "answer" besides "accept" (prodi.gy/docs/api-interfaces)


def read_labels(record: dict) -> tuple[Spans, Relations, list[str]]:
    """Spans and relations of a record in any supported shape, plus messages for entries skipped."""
    if record.keys().isdisjoint(LABEL_KEYS):  # a plain record: one check, not a dozen look-ups
        return [], [], []
    if record.get("answer") in REFUSED_ANSWERS:  # a rejected or skipped example: its labels are no annotation,
        # and its text is left out too, or it would shadow an accepted record of the same text (a duplicate)
        raise RecordRefused(f"Prodigy answer {record['answer']!r}: only accepted examples are imported")
    problems: list[str] = []
    for key in ("entities", "spans", "relations"):
        if record.get(key) is not None and not isinstance(record[key], list):
            raise LabelError(f"\"{key}\" is {type(record[key]).__name__}, not a list")
    shapes = [key for key in ("entities", "spans", "label") if isinstance(record.get(key), list) and record[key]]
    if len(shapes) > 1:  # one is read (in this order); the others were dropped without a word
        problems.append(f"labels in both {' and '.join(repr(k) for k in shapes)}: only {shapes[0]!r} read")
    if isinstance(record.get("entities"), list):
        return _doccano_entities(record, problems)
    if isinstance(record.get("spans"), list):
        return _prodigy(record, problems)
    for key in ("label", "labels"):
        value = record.get(key)
        if isinstance(value, list) and value:
            spans = []
            for n, item in enumerate(value, 1):
                if type(item) is list and len(item) == 3:  # the common case, checked inline: one call less a span
                    start, end, label = item
                    if type(start) is int and type(end) is int and type(label) is str and (label := label.strip()):
                        spans.append((start, end, label))
                        continue
                if isinstance(item, (list, tuple)) and len(item) >= 3:
                    span = _span(item[0], item[1], item[2], f"{key} {n}", problems)
                    if span:
                        spans.append(span)
                else:
                    problems.append(f"{key} {n} is not [start, end, label]; skipped")
            return spans, [], problems
    for key in ("relations",):
        if record.get(key):
            problems.append("relations without spans or entities; skipped")
    return [], [], problems


def read_labels_flat(record: dict) -> tuple[list, Relations, list[str]]:
    """read_labels() with the spans flat: (start, end, label, start, end, label, ...), as core.model.SpanTriples
    holds them. A doccano `label` list of plain [start, end, label] entries (the common labelled record) is read
    here without a tuple a span; anything else is read by read_labels and flattened."""
    get = record.get
    value = get("label")
    # (a record with any other key read_labels reads, or an "answer", goes through read_labels itself)
    if (type(value) is list and value and get("entities") is None and get("spans") is None
            and get("relations") is None and get("answer") is None):
        flat: list = []
        for item in value:
            # read_labels' common case, a label already stripped: the entry's own values, appended in C
            if type(item) is list and len(item) == 3:
                start, end, label = item
                if type(start) is int and type(end) is int and type(label) is str and label and label.strip() is label:
                    flat += item
                    continue
            break
        else:
            return flat, [], []
    spans, relations, problems = read_labels(record)
    return [value for span in spans for value in span], relations, problems


def _span(start: Any, end: Any, label: Any, what: str, problems: list[str]) -> tuple[int, int, str] | None:
    if isinstance(start, bool) or isinstance(end, bool) or not isinstance(start, int) or not isinstance(end, int):
        problems.append(f"{what}: offsets {start!r}, {end!r} are not integers; span skipped")
        return None
    if not isinstance(label, str) or not label.strip():
        problems.append(f"{what}: missing label; span skipped")
        return None
    return start, end, label.strip()


def _entity_id(value: Any) -> Any:
    """An entity id a relation can refer to (a string or an integer), else None."""
    return value if isinstance(value, (str, int)) and not isinstance(value, bool) else None


def _doccano_entities(record: dict, problems: list[str]) -> tuple[Spans, Relations, list[str]]:
    spans: Spans = []
    by_id: dict[Any, int] = {}
    ambiguous: set[Any] = set()
    for n, ent in enumerate(record["entities"], 1):
        if not isinstance(ent, dict):
            problems.append(f"entity {n} is not an object; skipped")
            continue
        ident = _entity_id(ent.get("id", n - 1))
        shown = f"entity {ident!r}" if ident is not None else f"entity {n}"
        span = _span(ent.get("start_offset"), ent.get("end_offset"), ent.get("label"), shown, problems)
        if not span:
            continue
        if ident is None:
            problems.append(f"entity {n}: its id is {type(ent.get('id')).__name__}, not a string or number;"
                            " relations cannot refer to it")
        elif ident in by_id or ident in ambiguous:
            problems.append(f"entity {ident!r}: duplicate id; relations that refer to it are skipped")
            ambiguous.add(ident)
            by_id.pop(ident, None)
        else:
            by_id[ident] = len(spans)
        spans.append(span)
    relations: Relations = []
    for n, rel in enumerate(record.get("relations") or (), 1):
        if not isinstance(rel, dict):
            problems.append(f"relation {n} is not an object; skipped")
            continue
        name = _entity_id(rel.get("id")) or n
        ends = [_entity_id(rel.get("from_id")), _entity_id(rel.get("to_id"))]
        head, tail = (by_id.get(e) if e is not None else None for e in ends)
        label = rel.get("type", rel.get("label"))
        if any(e in ambiguous for e in ends if e is not None):
            problems.append(f"relation {name!r}: refers to a duplicated entity id; relation skipped")
        elif head is None or tail is None:
            problems.append(f"relation {name!r}: entity {ends[0]!r} or {ends[1]!r} was not imported;"
                            " relation skipped")
        elif not isinstance(label, str) or not label:
            problems.append(f"relation {name!r}: missing type; relation skipped")
        else:
            relations.append((head, tail, label))
    return spans, relations, problems


def _prodigy(record: dict, problems: list[str]) -> tuple[Spans, Relations, list[str]]:
    spans: Spans = []
    tokens: list[tuple[int, int]] = []  # (token_start, token_end) of each kept span
    for n, sp in enumerate(record["spans"], 1):
        if not isinstance(sp, dict):
            problems.append(f"span {n} is not an object; skipped")
            continue
        span = _span(sp.get("start"), sp.get("end"), sp.get("label"), f"span {n}", problems)
        if span:
            spans.append(span)
            tokens.append((sp.get("token_start", -1), sp.get("token_end", -1)))
    relations: Relations = []
    for n, rel in enumerate(record.get("relations") or (), 1):
        if not isinstance(rel, dict):
            problems.append(f"relation {n} is not an object; skipped")
            continue
        head = _find_span(rel, "head", spans, tokens, problems)
        tail = _find_span(rel, "child", spans, tokens, problems)
        label = rel.get("label")
        if head is None or tail is None:
            problems.append(f"relation {n} ({label}): its head or child span was not found; relation skipped")
        elif not isinstance(label, str) or not label:
            problems.append(f"relation {n}: missing label; relation skipped")
        else:
            relations.append((head, tail, label))
    return spans, relations, problems


def _find_span(rel: dict, end: str, spans: Spans, tokens: list[tuple[int, int]], problems: list[str]) -> int | None:
    box = rel.get(f"{end}_span")
    if isinstance(box, dict):
        key = (box.get("start"), box.get("end"))
        for i, (s, e, _) in enumerate(spans):
            if (s, e) == key:
                return i
        # The span exists only inside the relation: add it when it carries a label.
        span = _span(box.get("start"), box.get("end"), box.get("label"), f"{end} span", problems)
        if span:
            spans.append(span)
            tokens.append((box.get("token_start", -1), box.get("token_end", -1)))
            return len(spans) - 1
        return None
    index = rel.get(end)
    if not isinstance(index, int) or isinstance(index, bool):
        return None
    for i, (ts, te) in enumerate(tokens):  # a token index inside the span
        if isinstance(ts, int) and isinstance(te, int) and ts <= index <= te:
            return i
    for i, (s, _, _) in enumerate(spans):  # or a span start offset
        if s == index:
            return i
    return None


def shift_for_newlines(text: str, spans: Spans) -> tuple[str, Spans]:
    """Normalise CRLF/CR to LF and move span offsets with it (each dropped CR shifts later offsets)."""
    if "\r" not in text:
        return text, spans
    if not spans:
        return normalize_newlines(text), spans
    dropped = []  # positions of the CR of each CRLF, in the original text
    pos = text.find("\r\n")
    while pos >= 0:
        dropped.append(pos)
        pos = text.find("\r\n", pos + 2)

    def move(offset: int) -> int:
        return offset - bisect_left(dropped, offset)

    return normalize_newlines(text), [(move(s), move(e), label) for s, e, label in spans]
