"""Plain text: one article per file. The title is the first non-blank line; the source is the folder."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator

from annotator.core.model import NewDocument
from annotator.io.importers.base import ImportProblem, ParsedItem, file_fields, first_line_title, origin

FORMAT = "txt"
FIXED_LABELS: tuple[str, ...] = ()
SENTENCE_DATASET = False
UNDECODABLE = "replace"
WHOLE_FILE = True  # one document per file: the runner refuses one over the size limit before reading it


def sniff(head: str) -> bool:
    return True  # any text can be an article; the runner tries this format last


def parse(path: Path, lines: Iterable[str]) -> Iterator[ParsedItem]:
    text = "\n".join(lines)
    if not text.strip():
        yield ImportProblem(0, "empty file; nothing imported")
        return
    name, stem, folder = file_fields(path)
    yield NewDocument(
        text=text,
        title=first_line_title(text),
        source=folder or stem,
        ext_id=name,
        meta={"file": name},
        origin=origin(path, 1),
    )
