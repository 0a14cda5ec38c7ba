"""KLUE-NER character-BIO TSV: one document per sentence, with its gold entities.

    ## klue-ner-v1_dev_00000-wikitree<TAB><경찰:OG>은 또 ...      sentence id (ext_id) and inline-tagged text
    경<TAB>B-OG                                                 one character per line with its BIO tag
    찰<TAB>I-OG
    (blank line between sentences)

The tag set (PS, LC, OG, DT, TI, QT) is fixed, so the runner adds it to the project scheme. The
suffix of the sentence id (wikitree, nsmc, ...) is the sentence's origin and becomes its source.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable, Iterator

from annotator.core.model import NewDocument, NewSpan
from annotator.io.importers.base import ImportProblem, ParsedItem, first_line_title, origin, storable_name

FORMAT = "klue"
FIXED_LABELS = ("PS", "LC", "OG", "DT", "TI", "QT")
SENTENCE_DATASET = True
UNDECODABLE = "replace"

_CHAR_LINE = re.compile(r"^[^\t]?\t(?:O|[BI]-[A-Za-z_]+)$")


def sniff(head: str) -> bool:
    if "## klue-ner" in head:
        return True
    body = [ln for ln in head.split("\n")[:200] if ln.strip() and not ln.startswith("##")]
    matched = sum(1 for ln in body if _CHAR_LINE.match(ln))
    if len(body) < 5:  # a sentence of a few characters: every line one character and a tag (CoNLL would
        return bool(body) and matched == len(body)  # join them with spaces)
    return matched >= 0.8 * len(body)


class _Sentence:
    __slots__ = ("line", "ext_id", "chars", "length", "spans", "open", "broken")

    def __init__(self, line: int, ext_id: str | None):
        self.line = line
        self.ext_id = ext_id
        self.chars: list[str] = []
        self.length = 0
        self.spans: list[list] = []  # [start, end, label]
        self.open: list | None = None  # the entity the previous character belongs to
        self.broken = False  # a line of it could not be read: the sentence is not imported

    def add(self, char: str, tag: str) -> str | None:
        """Append one character with its tag; returns a problem message for a malformed tag."""
        start = self.length
        self.chars.append(char)
        self.length += len(char)
        if tag == "O":
            self.open = None
            return None
        prefix, _, label = tag.partition("-")
        if prefix not in ("B", "I") or not label:
            self.open = None
            return f"unknown tag {tag!r} (expected O, B-X or I-X); character kept untagged"
        if prefix == "I" and self.open is not None and self.open[2] == label:
            self.open[1] = self.length
            return None
        # B-X, or an I-X that does not continue an X: a new entity (as IOB1 readers do)
        self.open = [start, self.length, label]
        self.spans.append(self.open)
        return None


def parse(path: Path, lines: Iterable[str]) -> Iterator[ParsedItem]:
    sentence: _Sentence | None = None
    source_default = storable_name(Path(path).stem)
    for no, line in enumerate(lines, 1):
        if line.startswith("##"):
            sentence_id = line[2:].split("\t", 1)[0].strip() if "\t" in line else ""
            if not sentence_id or " " in sentence_id:
                continue  # a file header comment ("## 컬럼명 : CHAR<TAB>NE_TAG")
            if sentence is not None:
                yield from _finish(path, sentence, source_default)
            sentence = _Sentence(no, sentence_id)
            continue
        if "\t" not in line and not line.strip():
            if sentence is not None:  # blank line: end of sentence
                yield from _finish(path, sentence, source_default)
                sentence = None
            continue
        if sentence is None:
            sentence = _Sentence(no, None)
        fields = line.split("\t")
        if len(fields) != 2 or len(fields[0]) > 1:
            # a sentence missing a character (or with text glued in) would be stored changed
            yield ImportProblem(no, f"expected one CHARACTER<TAB>TAG, got {line[:40]!r}; sentence skipped")
            sentence.broken = True
            continue
        problem = sentence.add(fields[0] or " ", fields[1].strip())
        if problem:
            yield ImportProblem(no, problem)
    if sentence is not None:
        yield from _finish(path, sentence, source_default)


def _finish(path: Path, sentence: _Sentence, source_default: str) -> Iterator[ParsedItem]:
    if sentence.broken:
        return
    text = "".join(sentence.chars)
    if not text.strip():
        if sentence.chars or sentence.ext_id:
            yield ImportProblem(sentence.line, "sentence without characters; skipped")
        return
    ext_id = sentence.ext_id
    source = ext_id.rsplit("-", 1)[1] if ext_id and "-" in ext_id else source_default
    yield NewDocument(
        text=text,
        title=first_line_title(text),
        source=source,
        ext_id=ext_id,
        meta={"dataset": "klue-ner", "file": storable_name(Path(path).name)},
        spans=[NewSpan(s, e, label) for s, e, label in sentence.spans],
        origin=origin(path, sentence.line),
    )
