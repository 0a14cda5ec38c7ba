"""CoNLL NER files: IOB2 (IOB1, BIOES and IO tolerated), one token per line, a blank line between sentences.

Two kinds of input are read:
  - files written by annotator's CoNLL exporter, whose comment lines (see
    annotator/io/exporters/conll_format.py) give each document's exact text, fields and relations, so the
    import gives back the exported spans and relations unchanged;
  - plain CoNLL-2003 / IOB2 files without comments: the token is the first column and the tag the last
    (tab- or space-separated); tokens are joined by spaces and sentences by newlines. `-DOCSTART-` starts
    a new document; a file without it becomes one document per sentence (a sentence dataset).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from annotator.core.model import NewDocument, NewRelation, NewSpan
from annotator.io.exporters.conll_format import unescape_space
from annotator.io.importers.base import ImportProblem, ParsedItem, first_line_title, origin, storable_name

FORMAT = "conll"
FIXED_LABELS: tuple[str, ...] = ()
SENTENCE_DATASET = True
UNDECODABLE = "replace"

_TAG = re.compile(r"^(?:O|[BIES][-_]\S+|\S+)$")
_PREFIXED = re.compile(r"^([BIES])[-_](\S+)$")
_PREFIX_ALONE = re.compile(r"^[BIES][-_]$")  # "B-" with its label cut off: not a label named "B-"
_RELATION = re.compile(r"^E(\d{1,9})\s+E(\d{1,9})\s+(\S+)$")
_COMMENT = re.compile(r"^#\s*([A-Za-z_]+)\s*=\s?(.*)$")


def sniff(head: str) -> bool:
    """Token-per-line files whose last column looks like an IOB tag."""
    tagged = total = 0
    for line in head.split("\n")[:400]:
        if not line.strip() or line.startswith("# ") or line.startswith("-DOCSTART-"):
            continue
        total += 1
        fields = line.split("\t") if "\t" in line else line.split()
        if len(fields) >= 2 and (fields[-1] == "O" or _PREFIXED.match(fields[-1])):
            tagged += 1
    return total >= 2 and tagged * 10 >= total * 9


@dataclass
class _Doc:
    line: int
    ext_id: str | None = None
    fields: dict[str, str] = field(default_factory=dict)
    relations: list[tuple[int, int, int, str]] = field(default_factory=list)  # (line, head no, tail no, label)
    parts: list[str] = field(default_factory=list)
    length: int = 0
    spans: list[NewSpan] = field(default_factory=list)
    open_span: NewSpan | None = None

    def add_text(self, text: str) -> int:
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        return start

    def close_span(self) -> None:
        if self.open_span is not None:
            self.spans.append(self.open_span)
            self.open_span = None


@dataclass
class _Sentence:
    line: int
    comments: dict[str, str] = field(default_factory=dict)
    tokens: list[tuple[int, str, str]] = field(default_factory=list)  # (line, token, tag)


class _Parser:
    def __init__(self, path: Path):
        self.path = path
        self.doc: _Doc | None = None
        self.grouped: bool | None = None  # True once -DOCSTART- or "# newdoc" was seen
        self.sentence_no = 0

    # documents -------------------------------------------------------------------------------------
    def finish_doc(self) -> Iterator[ParsedItem]:
        doc, self.doc = self.doc, None
        if doc is None:
            return
        doc.close_span()
        text = "".join(doc.parts)
        if "space_after" in doc.fields:
            text += doc.fields.pop("space_after")
        if not text.strip():
            return
        relations = []
        for line, head, tail, label in doc.relations:
            if not (1 <= head <= len(doc.spans) and 1 <= tail <= len(doc.spans)):
                yield ImportProblem(line, f"relation refers to entity E{max(head, tail)} but the document has"
                                          f" {len(doc.spans)} entities; relation skipped")
                continue
            relations.append(NewRelation(head - 1, tail - 1, label, line))
        yield NewDocument(
            text=text,
            title=doc.fields.get("title") or first_line_title(text),
            source=doc.fields.get("source", ""),
            url=doc.fields.get("url", ""),
            ext_id=doc.ext_id,
            meta={"file": storable_name(Path(self.path).name)},
            spans=doc.spans,
            relations=relations,
            origin=origin(self.path, doc.line),
        )

    # sentences -------------------------------------------------------------------------------------
    def add_sentence(self, sent: _Sentence) -> Iterator[ParsedItem]:
        if not sent.tokens and "text" not in sent.comments:
            return
        if self.doc is None:
            self.doc = _Doc(sent.line)
        doc = self.doc
        exact = "text" in sent.comments
        if exact:
            try:
                if "space_before" in sent.comments:
                    doc.add_text(unescape_space(sent.comments["space_before"]))
                elif doc.length:
                    doc.add_text("\n")  # a file with '# text' but not our whitespace comments
                if "space_after" in sent.comments:
                    doc.fields["space_after"] = unescape_space(sent.comments["space_after"])
            except ValueError as exc:
                yield ImportProblem(sent.line, f"bad whitespace comment: {exc}")
            sentence_text = sent.comments["text"]
        else:
            doc.close_span()  # plain files: an entity never runs over a sentence break
            if doc.length:
                doc.add_text("\n")
            sentence_text = " ".join(tok for _, tok, _ in sent.tokens)
        base = doc.add_text(sentence_text)
        cursor = 0
        for line, token, tag in sent.tokens:
            at = sentence_text.find(token, cursor)
            if at < 0:
                yield ImportProblem(line, f"token {token!r} is not in the sentence's '# text' after column"
                                          f" {cursor}; sentence labels after it skipped")
                doc.close_span()
                return
            cursor = at + len(token)
            _tag(doc, base + at, base + cursor, tag, line)
        if not self.grouped:
            yield from self.finish_doc()  # one document per sentence



def _tag(doc: _Doc, start: int, end: int, tag: str, line: int = 0) -> None:
    """Apply one token's tag: B- (or S-) starts an entity; I- (or E-) continues one of the same label and
    starts one otherwise (IOB1, IO); E- and S- close it."""
    if tag == "O":
        doc.close_span()
        return
    m = _PREFIXED.match(tag)
    prefix, label = (m.group(1), m.group(2)) if m else ("I", tag)
    current = doc.open_span
    if prefix in ("I", "E") and current is not None and current.label == label:
        current.end = end
    else:
        doc.close_span()
        doc.open_span = NewSpan(start, end, label, line)
    if prefix in ("E", "S"):
        doc.close_span()


def parse(path: Path, lines: Iterable[str]) -> Iterator[ParsedItem]:
    parser = _Parser(path)
    sent: _Sentence | None = None
    for line_no, raw in enumerate(lines, 1):
        line = raw.rstrip("\r")
        if not line.strip():
            if sent is not None:
                yield from parser.add_sentence(sent)
                sent = None
            continue
        if line.startswith("-DOCSTART-"):
            if sent is not None:
                yield from parser.add_sentence(sent)
                sent = None
            yield from parser.finish_doc()
            parser.grouped = True
            parser.doc = _Doc(line_no)
            continue
        if line.startswith("#") and _is_comment(line, sent):
            if re.match(r"^#\s*newdoc\b", line):
                if sent is not None:
                    yield from parser.add_sentence(sent)
                    sent = None
                yield from parser.finish_doc()
                parser.grouped = True
                parser.doc = _Doc(line_no, ext_id=_newdoc_id(line))
                continue
            m = _COMMENT.match(line)
            if not m:
                continue  # free-form comment
            key, value = m.group(1).lower(), m.group(2)
            if parser.doc is not None and key in ("title", "source", "url") and sent is None:
                parser.doc.fields[key] = value.strip()
                continue
            if key == "relation":
                rel = _RELATION.match(value.strip())
                if rel is None:
                    yield ImportProblem(line_no, f"cannot read relation {value!r}; expected 'E<head> E<tail> TYPE'")
                elif parser.doc is None:
                    yield ImportProblem(line_no, "relation outside a document (no '# newdoc' before it); skipped")
                else:
                    parser.doc.relations.append((line_no, int(rel.group(1)), int(rel.group(2)), rel.group(3)))
                continue
            if key in ("text", "space_before", "space_after", "sent_id"):
                if sent is None:
                    sent = _Sentence(line_no)
                sent.comments[key] = value
            continue
        fields = line.split("\t") if "\t" in line else line.split()
        if len(fields) < 2 or not _TAG.match(fields[-1]):
            yield ImportProblem(line_no, f"expected 'TOKEN<TAB>TAG', got {line[:60]!r}; line skipped")
            continue
        if not fields[0].strip():  # was a span [n, n) "outside the text", whose cause no one could see
            yield ImportProblem(line_no, f"the token is empty (tag {fields[-1][:40]!r}); line skipped")
            continue
        tag = fields[-1]
        if len(tag) == 2 and _PREFIX_ALONE.match(tag):  # was stored as an entity labelled "B-" (with --add-labels)
            yield ImportProblem(line_no, f"the tag {tag!r} names no label; the token is read as O")
            tag = "O"
        if sent is None:
            sent = _Sentence(line_no)
        sent.tokens.append((line_no, fields[0], tag))
    if sent is not None:
        yield from parser.add_sentence(sent)
    yield from parser.finish_doc()


def _is_comment(line: str, sent: _Sentence | None) -> bool:
    """Comment lines come before a sentence's tokens and start with "# " (or are "#", "#newdoc",
    "#key = value"); inside a sentence a line starting with "#" is a token such as a hashtag."""
    if sent is not None and sent.tokens:
        return False
    return (line.startswith("# ") or line.strip() == "#" or bool(re.match(r"^#\s*newdoc\b", line))
            or ("\t" not in line and bool(_COMMENT.match(line))))


def _newdoc_id(line: str) -> str | None:
    m = re.match(r"^#\s*newdoc(?:\s+id\s*=\s*(.*))?$", line)
    value = (m.group(1) or "").strip() if m else ""
    return value or None
