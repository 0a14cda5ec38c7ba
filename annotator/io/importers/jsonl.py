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
import re
from functools import lru_cache
from itertools import starmap
from pathlib import Path
from typing import Any, Iterable, Iterator

from annotator.core.model import NewDocument, NewRelation, SpanTriples
from annotator.core.url_host import hostname
from annotator.io.importers.base import ImportProblem, ParsedItem, first_line_title, storable_name
from annotator.io.importers.jsonl_labels import (LABEL_KEYS, LabelError, RecordRefused, read_labels_flat,
                                                 shift_for_newlines)

FORMAT = "jsonl"
FIXED_LABELS: tuple[str, ...] = ()
SENTENCE_DATASET = False
UNDECODABLE = "skip"  # a record with broken bytes would import a silently changed text
MAX_META_DEPTH = 64  # far beyond real metadata; deeper values break JSON readers that recurse


def sniff(head: str) -> bool:
    for line in head.split("\n", 20)[:20]:
        line = line.strip()
        if line:
            return line.startswith("{") and '"text"' in line
    return False


def one_value(path: Path) -> bool:
    """A .json file is read as one JSON value, whatever its line lengths (the runner does not cut its lines)."""
    return Path(path).suffix.lower() == ".json"


def parse(path: Path, lines: Iterable[str]) -> Iterator[ParsedItem]:
    """A .json file is read as one JSON value (an array of records, or one record) when it parses as
    one, else as JSON lines; every other suffix is JSON lines. Each bad record costs only itself."""
    if one_value(path):
        yield from _parse_document(path, "\n".join(lines))
    else:
        yield from _parse_lines(path, enumerate(lines, 1))


def _parse_lines(path: Path, numbered: Iterable[tuple[int, str]]) -> Iterator[ParsedItem]:
    for no, line in numbered:
        stripped = line.strip()
        if not stripped:
            continue
        try:
            record = _decode_line(stripped)
        except (ValueError, RecursionError) as exc:
            hint = _DELIMITED_HINT if no == 1 and _DELIMITED_ROW.fullmatch(stripped) else ""
            yield ImportProblem(no, f"{_json_error(exc)}; line skipped{hint}")
            continue
        yield from _record_items(path, no, record, "line")


# A first line of comma- or tab-separated names or values, no JSON punctuation: a CSV/TSV file named .jsonl
_DELIMITED_ROW = re.compile(r'[^,\t{}\[\]:]*(?:[,\t][^,\t{}\[\]:]*)+')
_DELIMITED_HINT = (" (the file looks like CSV or TSV, which is not imported: save it as JSON lines, one"
                   ' {"text": ...} object a line)')


def _decode_line(stripped: str) -> Any:
    """_decoder.decode() of a stripped line: the decoder's scanner is called directly (decode and raw_decode are
    two Python calls and two whitespace matches a line, which a stripped line does not need); anything it does not
    read whole goes through decode() itself, for its very error."""
    try:
        record, end = _scan(stripped, 0)
    except StopIteration:
        end = -1
    if end != len(stripped):
        return _decoder.decode(stripped)
    return record


def _parse_document(path: Path, text: str) -> Iterator[ParsedItem]:
    if not text.strip():  # no records: said as for an empty .jsonl, not as "invalid JSON"
        return
    try:
        value = _decoder.decode(text)
    except (ValueError, RecursionError) as exc:
        if _looks_like_lines(text):
            yield from _parse_lines(path, enumerate(text.split("\n"), 1))
        elif text.lstrip().startswith("["):
            yield from _walk_array(path, text)  # keeps the records before the break
        else:
            line = getattr(exc, "lineno", 1)
            yield ImportProblem(line, f"{_json_error(exc)}; file skipped")
        return
    if isinstance(value, list):
        yield from _walk_array(path, text)  # again, for each record's line number
    else:
        yield from _record_items(path, 1 + len(text) - len(text.lstrip("\n")), value, "record")


def _looks_like_lines(text: str) -> bool:
    """JSON lines saved as .json: the first non-blank line is a whole JSON object and more lines follow."""
    lines = [ln for ln in text.split("\n", 3) if ln.strip()]
    if len(lines) < 2 or not lines[0].lstrip().startswith("{"):
        return False
    try:
        _decoder.decode(lines[0])
        return True
    except (ValueError, RecursionError):
        return False


def _walk_array(path: Path, text: str, *, items=None, unit: str = "record") -> Iterator[ParsedItem]:
    """The records of a top-level JSON array, each with the line it starts on. A record that cannot be
    read (too deep, a huge number, bad syntax inside its brackets) is skipped on its own. items(path, line,
    record, unit) turns a record into items (default: a JSONL record's); problems are prefixed "UNIT N: "."""
    items = items or _record_items
    pos = _skip_space(text, text.index("[") + 1)
    line, counted = 1, 0
    n = 0
    while pos < len(text) and text[pos] != "]":
        if n:
            if text[pos] != ",":
                yield ImportProblem(_line_at(text, pos), "invalid JSON (expected ',' or ']' between records);"
                                                         " the rest of the file skipped")
                return
            pos = _skip_space(text, pos + 1)
        n += 1
        line += text.count("\n", counted, pos)
        counted = pos
        try:
            record, end = _decoder.raw_decode(text, pos)
        except (ValueError, RecursionError) as exc:
            end = _value_end(text, pos)
            if end is None:
                yield ImportProblem(line, f"{unit} {n}: {_json_error(exc)}; the rest of the file skipped")
                return
            yield ImportProblem(line, f"{unit} {n}: {_json_error(exc)}; {unit} skipped")
        else:
            for item in items(path, line, record, unit):
                if isinstance(item, ImportProblem):
                    item = ImportProblem(item.line, f"{unit} {n}: {item.message}")
                yield item
        pos = _skip_space(text, end)
    if pos >= len(text):
        yield ImportProblem(_line_at(text, len(text)), "invalid JSON (the array is not closed with ']')")
    elif text[pos + 1:].strip():
        yield ImportProblem(_line_at(text, pos + 1), "text after the closing ']' ignored")


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\n\r":
        pos += 1
    return pos


def _line_at(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def _value_end(text: str, pos: int) -> int | None:
    """Where the bracketed JSON value starting at pos ends (strings respected), or None if it does not."""
    if pos >= len(text) or text[pos] not in "[{":
        return None
    depth = 0
    i = pos
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == '"':
            i += 1
            while i < n and text[i] != '"':
                i += 2 if text[i] == "\\" else 1
        elif ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return None


def _record_items(path: Path, no: int, record: Any, unit: str) -> Iterator[ParsedItem]:
    """record_to_items, with anything unexpected in the record costing only that record."""
    try:
        yield from record_to_items(path, no, record)
    except (RecursionError, ValueError, TypeError, AttributeError) as exc:
        yield ImportProblem(no, f"record cannot be read ({type(exc).__name__}: {str(exc)[:100]}); {unit} skipped")


def _json_error(exc: BaseException) -> str:
    if isinstance(exc, json.JSONDecodeError):
        # Some messages end in "at" already ("Unterminated string starting at"): no "at at column".
        joint = " " if exc.msg.endswith(" at") else " at "
        return f"invalid JSON ({exc.msg}{joint}column {exc.colno})"
    if isinstance(exc, RecursionError):
        return "invalid JSON (nested too deeply)"
    digits = re.search(r"value has (\d+) digits", str(exc))
    if digits:  # Python's own message ends in advice about sys.set_int_max_str_digits(), cut mid-word
        return f"invalid JSON (an integer of {digits.group(1)} digits, more than the 4300 a number may have)"
    return f"invalid JSON ({str(exc)[:120]})"


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not a number JSON allows (SQLite refuses it)")


def _finite_float(literal: str) -> float:
    value = float(literal)
    if value in (float("inf"), float("-inf")):
        raise ValueError(f"number {literal[:30]} is out of range")
    return value


_decoder = json.JSONDecoder(parse_float=_finite_float, parse_constant=_refuse_constant)
_scan = _decoder.scan_once


def record_to_items(path: Path, no: int, record: Any) -> Iterator[ParsedItem]:
    if not isinstance(record, dict):
        yield ImportProblem(no, f"expected a JSON object, got {type(record).__name__}; line skipped")
        return
    get = record.get
    text = get("text")
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
    meta = get("meta")
    meta = {} if meta is None else dict(meta) if isinstance(meta, dict) else {"meta": meta}
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
            if isinstance(get(key), str):
                meta.setdefault(key, record[key])
    # Most records have no meta: their fields are read from the record alone (the same values: a missing meta
    # field is "" or None).
    url = _string(get("url"))
    title = _string(get("title"))
    if meta:
        url = url or _string(meta.get("url"))
        title = title or _string(meta.get("title"))
        ext_id = get("id", meta.get("id"))
        source = _string(meta.get("source"))
    else:
        ext_id = get("id")
        source = ""
    if record.keys().isdisjoint(LABEL_KEYS):  # a plain record (most): read_labels would find nothing
        spans, relations, label_problems = (), (), ()
    else:
        try:
            spans, relations, label_problems = read_labels_flat(record)  # spans flat: start, end, label, start, ...
        except RecordRefused as exc:
            yield ImportProblem(no, f"{exc}; line skipped")
            return
        except LabelError as exc:
            yield ImportProblem(no, f"{exc}; labels of this record skipped")
            spans, relations, label_problems = [], [], []
    for message in label_problems:
        yield ImportProblem(no, message)
    if "\r" in text:
        values = iter(spans)
        text, moved = shift_for_newlines(text, list(zip(values, values, values)))
        spans = [value for span in moved for value in span]
        utf8 = None
    yield NewDocument(
        text=text,
        title=(title.strip() or first_line_title(text))[:200],
        source=(_host(url) if url else "") or source or _file_name(path),
        url=url,
        ext_id=None if ext_id is None else str(ext_id),
        meta=meta,
        spans=SpanTriples(spans) if spans else [],  # NewSpans made only if asked for: the store reads the values
        relations=list(starmap(NewRelation, relations)),
        origin=f"{_storable_path(path)}:{no}",  # base.origin(path, no), the file's part made once per file
        utf8=utf8,  # of this very text (None when it was changed above): the runner hashes it
    )


ARTICLE_KEYS = ("date", "published", "published_at", "datetime", "outlet", "publisher", "press", "media")


def _depth(value: Any) -> int:
    """How deeply lists and objects nest in `value` (without recursion: it may be very deep)."""
    deepest, todo = 0, [(value, 1)]
    while todo:
        item, level = todo.pop()
        if isinstance(item, (dict, list)):
            deepest = max(deepest, level)
            todo.extend((child, level + 1) for child in (item.values() if isinstance(item, dict) else item))
    return deepest




@lru_cache(maxsize=64)
def _storable_path(path) -> str:
    """The file part of base.origin(path, line), made once per file rather than once per record."""
    return storable_name(str(path))


@lru_cache(maxsize=64)
def _file_name(path) -> str:
    """The source of a record without a URL or source: its file's name (made once per file, not per record)."""
    return storable_name(Path(path).name)


def _string(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _host(url: str) -> str:
    if not url:
        return ""
    try:
        return (hostname(url.strip()) or "").removeprefix("www.")
    except ValueError:
        return ""
