"""The JSONL importer's record_to_items as it was before its per-record path was trimmed (kept verbatim as the
oracle of tests/io/test_jsonl_record_equality.py)."""

from __future__ import annotations

import json
from itertools import starmap
from pathlib import Path
from typing import Any, Iterator

from annotator.core.model import NewDocument, NewRelation, NewSpan
from annotator.io.importers.base import ImportProblem, ParsedItem, first_line_title, origin
from annotator.io.importers.jsonl import (ARTICLE_KEYS, MAX_META_DEPTH, _depth, _file_name, _host, _json_error,
                                          _string)
from annotator.io.importers.jsonl_labels import LabelError, read_labels, shift_for_newlines


def record_to_items(path: Path, no: int, record: Any) -> Iterator[ParsedItem]:
    if not isinstance(record, dict):
        yield ImportProblem(no, f"expected a JSON object, got {type(record).__name__}; line skipped")
        return
    text = record.get("text")
    if not isinstance(text, str):
        yield ImportProblem(no, "record has no \"text\" string; line skipped")
        return
    try:  # the importer needs the UTF-8 anyway (hash, segmenter processes, store): refused below if it has none
        utf8 = text.encode("utf-8")
    except UnicodeEncodeError:
        utf8 = None
    # A NUL is looked for in the UTF-8, where it is the only zero byte: in a two-byte string every space and
    # many Hangul syllables hold a zero byte too, so `"\x00" in text` is ~6 times slower (3.4 vs 0.6 us a page).
    has_nul = b"\x00" in utf8 if utf8 is not None else "\x00" in text
    if not text.strip() or (has_nul and not text.replace("\x00", " ").strip()):  # NULs become spaces
        yield ImportProblem(no, "record has an empty \"text\"; line skipped")
        return
    if utf8 is None:
        yield ImportProblem(no, "text holds an unpaired UTF-16 surrogate escape (not valid Unicode); line skipped")
        return
    meta = record.get("meta")
    meta = dict(meta) if isinstance(meta, dict) else ({} if meta is None else {"meta": meta})
    if meta:  # an empty one is stored as {} (most records have none)
        depth = _depth(meta)
        if depth > MAX_META_DEPTH:
            yield ImportProblem(no, f"\"meta\" is nested {depth} levels deep (at most {MAX_META_DEPTH}); line skipped")
            return
        try:
            json.dumps(meta, allow_nan=False, ensure_ascii=False).encode("utf-8")
        except (ValueError, TypeError, RecursionError) as exc:  # UnicodeEncodeError is a ValueError
            yield ImportProblem(no, f"\"meta\" cannot be stored ({_json_error(exc)}); line skipped")
            return
    if has_nul:  # a \u0000 escape: replaced, not removed, so label offsets still fit
        text, utf8 = text.replace("\x00", " "), None
        yield ImportProblem(no, "NUL characters in \"text\" replaced with spaces")
    if not record.keys().isdisjoint(ARTICLE_KEYS):  # a top-level date or outlet counts as metadata
        for key in ARTICLE_KEYS:  # in this order: it is the order of the stored meta's keys
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
    if "\r" in text:
        text, spans = shift_for_newlines(text, spans)
        utf8 = None
    yield NewDocument(
        text=text,
        title=(title.strip() or first_line_title(text))[:200],
        source=_host(url) or _string(meta.get("source")) or _file_name(path),
        url=url,
        ext_id=None if ext_id is None else str(ext_id),
        meta=meta,
        spans=list(starmap(NewSpan, spans)),  # no Python step a span beside NewSpan's own
        relations=list(starmap(NewRelation, relations)),
        origin=origin(path, no),
        utf8=utf8,  # of this very text (None when it was changed above): the runner hashes it
    )


