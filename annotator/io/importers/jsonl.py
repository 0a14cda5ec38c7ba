"""JSON Lines: one record per line with `text` and optional `id`, `title`, `url`, `meta`.

Labels already in a record are imported too, in either shape:
  - Prodigy: "spans": [{"start", "end", "label"}], "relations": [{"head", "child", "label",
    "head_span": {"start", "end"}, "child_span": {...}}] (head/child may also be token indices or
    span starts when the *_span dicts are missing);
  - doccano: "label": [[start, end, label], ...], or "entities": [{"id", "start_offset", "end_offset",
    "label"}] with "relations": [{"from_id", "to_id", "type"}].
Offsets are code points into `text`; when the text holds CRLF or CR they are moved with the newline
normalisation. A broken line is reported and skipped; the file goes on.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterable, Iterator
from urllib.parse import urlsplit

from annotator.core.model import NewDocument, NewRelation, NewSpan
from annotator.io.importers.base import ImportProblem, ParsedItem, first_line_title, origin
from annotator.io.importers.jsonl_labels import LabelError, read_labels, shift_for_newlines

FORMAT = "jsonl"
EXTENSIONS = (".jsonl", ".ndjson", ".json")
FIXED_LABELS: tuple[str, ...] = ()
SENTENCE_DATASET = False
UNDECODABLE = "skip"  # a record with broken bytes would import a silently changed text


def sniff(head: str) -> bool:
    for line in head.split("\n", 20)[:20]:
        line = line.strip()
        if line:
            return line.startswith("{") and '"text"' in line
    return False


def parse(path: Path, lines: Iterable[str]) -> Iterator[ParsedItem]:
    lines = iter(lines)
    no = 0
    first = True
    for line in lines:
        no += 1
        stripped = line.strip()
        if not stripped:
            continue
        if first and stripped[0] == "[":  # a JSON array file (.json): the records are inside one value
            yield from _parse_array(path, no, line, lines)
            return
        first = False
        try:
            record = json.loads(stripped, parse_constant=_no_constant)
        except json.JSONDecodeError as exc:
            yield ImportProblem(no, f"invalid JSON ({exc.msg} at column {exc.colno}); line skipped")
            continue
        if "\\u" in stripped and _has_lone_surrogate(record):
            yield ImportProblem(no, "text holds an unpaired UTF-16 surrogate escape (not valid Unicode); line skipped")
            continue
        yield from record_to_items(path, no, record)


def _parse_array(path: Path, first_no: int, first: str, rest: Iterator[str]) -> Iterator[ParsedItem]:
    try:
        records = json.loads("\n".join([first, *rest]), parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        yield ImportProblem(first_no + exc.lineno - 1, f"invalid JSON ({exc.msg} at column {exc.colno}); file skipped")
        return
    if not isinstance(records, list):
        yield ImportProblem(first_no, "expected JSON objects, one per line; file skipped")
        return
    for i, record in enumerate(records, 1):
        for item in record_to_items(path, first_no, record):
            if isinstance(item, ImportProblem):
                item = ImportProblem(item.line, f"record {i}: {item.message}")
            yield item


def record_to_items(path: Path, no: int, record: Any) -> Iterator[ParsedItem]:
    if not isinstance(record, dict):
        yield ImportProblem(no, f"expected a JSON object, got {type(record).__name__}; line skipped")
        return
    text = record.get("text")
    if not isinstance(text, str):
        yield ImportProblem(no, "record has no \"text\" string; line skipped")
        return
    if not text.strip():
        yield ImportProblem(no, "record has an empty \"text\"; line skipped")
        return
    meta = record.get("meta")
    meta = dict(meta) if isinstance(meta, dict) else ({} if meta is None else {"meta": meta})
    for key in ARTICLE_KEYS:  # a top-level date or outlet counts as metadata (annotator.core.article_meta)
        if isinstance(record.get(key), str):
            meta.setdefault(key, record[key])
    url = _string(record.get("url")) or _string(meta.get("url"))
    title = _string(record.get("title")) or _string(meta.get("title"))
    ext_id = record.get("id", meta.get("id"))
    try:
        spans, relations, label_problems = read_labels(record)
    except LabelError as exc:
        yield ImportProblem(no, f"{exc}; labels of this record skipped")
        spans, relations, label_problems = [], [], []
    for message in label_problems:
        yield ImportProblem(no, message)
    text, spans = shift_for_newlines(text, spans)
    yield NewDocument(
        text=text,
        title=(title.strip() or first_line_title(text))[:200],
        source=_host(url) or _string(meta.get("source")) or Path(path).name,
        url=url,
        ext_id=None if ext_id is None else str(ext_id),
        meta=meta,
        spans=[NewSpan(s, e, label) for s, e, label in spans],
        relations=[NewRelation(h, t, label) for h, t, label in relations],
        origin=origin(path, no),
    )


ARTICLE_KEYS = ("date", "published", "published_at", "datetime", "outlet", "publisher", "press", "media")


def _no_constant(name: str) -> None:
    return None  # NaN and Infinity are not JSON; SQLite would refuse them in meta


def _has_lone_surrogate(record: Any) -> bool:
    try:
        json.dumps(record, ensure_ascii=False).encode("utf-8")
        return False
    except UnicodeEncodeError:
        return True


def _string(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _host(url: str) -> str:
    if not url:
        return ""
    try:
        return (urlsplit(url.strip()).hostname or "").removeprefix("www.")
    except ValueError:
        return ""
