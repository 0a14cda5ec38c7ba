"""The interface every importer format module implements, and the records they yield.

A format module (annotator/io/importers/<format>.py) defines:

    FORMAT: str                     the name used by `--format` and the IMPORTERS dict, e.g. "conll"
                                    (its suffixes and descriptions are in the format table, io/formats.py)
    FIXED_LABELS: tuple[str, ...]   entity labels of a fixed tag set that the runner adds to the project
                                    scheme before parsing (project.ensure_entity_labels); () for free labels
    SENTENCE_DATASET: bool          True for sentence datasets (KLUE, CoNLL): their lines are stored as
                                    content directly instead of going through the boilerplate segmenter
    UNDECODABLE: str                optional, "replace" (default) or "skip": what the runner does with a
                                    line holding bytes that are not valid in the detected encoding
                                    (replace them with U+FFFD, or hand the parser an empty line instead)
    WHOLE_FILE: bool                optional, True when a file is one document (txt, html, brat): the
                                    runner refuses a file over the single-document size limit unread
    def one_value(path) -> bool     optional, True when the file is read as one value (a JSON array or
                                    object), not line by line: the runner then does not cut over-long lines
    def sniff(head: str) -> bool    True if `head` (the first ~64 KB of a file, decoded, LF newlines)
                                    looks like this format; used by --format auto when the extension
                                    alone does not decide (.txt, .tsv, no extension)
    def parse(path: Path, lines: Iterable[str]) -> Iterator[NewDocument | ImportProblem]

`lines` streams the file's lines already decoded and CRLF/CR-normalised, without their "\\n"; line
numbers are 1-based positions in that stream (the runner keeps the numbering even when it blanks a
line it rejected: too long, undecodable). A parser never reads the file itself, so encoding, NUL
bytes, binary files and over-long lines are handled once, by the runner (annotator.io.importers.
runner), and a 1 GB JSONL file is never held in memory. Formats that need the whole text (txt, html)
join the lines themselves.

Parsers yield:
  - NewDocument (annotator.core.model) with origin = f"{path}:{line}" (the line the record starts on),
    text already normalised, and labels as NewSpan / NewRelation (relation head/tail are indexes into
    the document's spans list). Span offsets are code points into `text`. Parsers need not validate
    spans against the scheme: the store checks offsets, unknown labels and overlaps and reports them.
  - ImportProblem(line, message) for input they cannot use; the runner prints it as FILE:LINE: message
    and carries on. A parser must keep going after a bad record.

`path` is the path as given by the user (or found under a folder they gave) and is used in messages.
A parser must not set `segments`; the runner does (segmenter or sentence dataset).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Protocol, Union

from annotator.core.model import NewDocument
from annotator.core.titles import MAX_TITLE_CHARS, first_line_title, headline_title, use_headline_as_title  # noqa: F401

MAX_LINE_BYTES = 2 * 1024 * 1024
"""Lines longer than this (in bytes, before decoding) are reported as too long and skipped; the rest
of the file is imported. 2 MiB is ~700k Hangul syllables, far beyond any real article line."""


@dataclass(frozen=True, slots=True)
class ImportProblem:
    """Something in the input that could not be imported. line is 1-based; 0 means the whole file."""

    line: int
    message: str


ParsedItem = Union[NewDocument, ImportProblem]


class FormatModule(Protocol):
    FORMAT: str
    FIXED_LABELS: tuple[str, ...]
    SENTENCE_DATASET: bool

    def sniff(self, head: str) -> bool: ...

    def parse(self, path: Path, lines: Iterable[str]) -> Iterator[ParsedItem]: ...


def origin(path: Path | str, line: int) -> str:
    return f"{storable_name(str(path))}:{line}"


def storable_name(name: str) -> str:
    """A file or folder name as text the store can hold: bytes of the name that are not UTF-8 (which Python keeps
    as lone surrogates) become U+FFFD. A document from a file so named was refused ("its meta cannot be stored")."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def file_fields(path: Path | str) -> tuple[str, str, str]:
    """(file name, its stem, its folder's name) of an input file, each storable."""
    path = Path(path)
    folder = path.resolve().parent.name if str(path) else ""
    return storable_name(path.name), storable_name(path.stem), storable_name(folder)


@dataclass(slots=True)
class HintedDocument(NewDocument):
    """A NewDocument with per-line DOM cues (annotator.core.html_text.LineHint or None per line of
    text) that the runner hands to the boilerplate segmenter; the store ignores them."""

    line_hints: list | None = None
