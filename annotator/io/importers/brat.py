"""brat standoff: `NAME.ann` (the file given or found) beside `NAME.txt` (the document text).

Read from the .ann: `T` lines (`T<id>\\tLABEL START END\\tTEXT`, end exclusive, code points into the .txt)
and `R` lines (`R<id>\\tTYPE Arg1:T<a> Arg2:T<b>`). A T line with several fragments (`0 5;6 9`) is
joined into one span when only whitespace lies between the fragments (brat's way of writing an entity
that runs over a line break); a truly discontinuous entity is reported and skipped. Events, attributes,
normalisations and equivalences are reported as not imported; notes (`#`) are ignored.
A .txt with CRLF newlines is normalised and the offsets are moved with it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from pathlib import Path
from typing import Iterable, Iterator

from annotator.core.model import NewDocument, NewRelation, NewSpan
from annotator.io.importers.base import ImportProblem, ParsedItem, file_fields, first_line_title, origin, storable_name

FORMAT = "brat"
FIXED_LABELS: tuple[str, ...] = ()
SENTENCE_DATASET = False
UNDECODABLE = "replace"
WHOLE_FILE = True  # one document per file (brat: its .txt): refused over the size limit before it is read

_T_LINE = re.compile(r"^(T\S+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)(?:\t(.*))?$")
_R_LINE = re.compile(r"^(R\S+)\t(\S+) Arg1:(\S+) Arg2:(\S+)\s*$")
_UNSUPPORTED = {"E": "event", "A": "attribute", "M": "attribute", "*": "equivalence"}


def sniff(head: str) -> bool:
    lines = [ln for ln in head.split("\n")[:50] if ln.strip()]
    return bool(lines) and all(re.match(r"^[TRAEMN#*]\S*\t", ln) for ln in lines) and any(
        _T_LINE.match(ln) for ln in lines)


class _Newlines:
    """Offsets in the raw .txt mapped onto its LF-normalised text."""

    def __init__(self, raw: str):
        # Every "\r\n" loses one character; a lone "\r" becomes "\n" and keeps its length.
        self.removed_at = [m.start() + 1 for m in re.finditer("\r\n", raw)]

    def __call__(self, offset: int) -> int:
        return offset - bisect_right(self.removed_at, offset - 1) if self.removed_at else offset


def read_text(txt: Path) -> tuple[str, bool]:
    """(the document text, whether bytes were replaced), newlines normalised by the caller: UTF-8 (brat's
    encoding, BOM dropped), or what the detector finds (a CP949 pair); bytes that do not decode become U+FFFD
    (reported by the caller). A U+FFFD the file itself holds is text, not a replacement."""
    from annotator.io.importers.decoding import HEAD_BYTES, NotTextError, detect_encoding

    data = txt.read_bytes()
    try:
        encoding = detect_encoding(data[:HEAD_BYTES])
    except NotTextError:
        encoding = "utf-8-sig"
    if encoding == "utf-8":
        encoding = "utf-8-sig"
    try:
        return data.decode(encoding), False
    except UnicodeDecodeError:
        return data.decode(encoding, errors="replace"), True


def parse(path: Path, lines: Iterable[str]) -> Iterator[ParsedItem]:
    path = Path(path)
    txt = path.with_suffix(".txt")
    if not txt.is_file():
        yield ImportProblem(0, f"no text file {txt.name} beside it; brat needs NAME.txt with NAME.ann")
        return
    try:
        raw, replaced = read_text(txt)
    except OSError as exc:
        yield ImportProblem(0, f"cannot read {txt.name}: {exc}")
        return
    if replaced:
        yield ImportProblem(0, f"{txt.name} holds bytes that are not text in its encoding; they were replaced,"
                               " offsets may be off")
    if "\x00" in raw:  # replaced, not removed, so the offsets still fit
        raw = raw.replace("\x00", " ")
        yield ImportProblem(0, f"{txt.name}: NUL bytes replaced with spaces")
    to_lf = _Newlines(raw)
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    spans: list[NewSpan] = []
    index: dict[str, int] = {}
    duplicated: set[str] = set()
    relations: list[NewRelation] = []
    pending: list[tuple[int, str, str, str]] = []
    for line_no, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        kind = line[0]
        if kind == "T":
            m = _T_LINE.match(line)
            if m is None:
                yield ImportProblem(line_no, f"cannot read entity line {line[:60]!r}; expected"
                                             " 'T1<TAB>LABEL START END<TAB>TEXT'")
                continue
            ident, label, where = m.group(1), m.group(2), m.group(3)
            pairs = [part.split() for part in where.split(";")]
            # (a 5,000-digit number is no offset, and int() would refuse it)
            bad = next(((a, b) for a, b in pairs
                        if len(a) > 12 or len(b) > 12 or not 0 <= int(a) < int(b) <= len(raw)), None)
            if bad:
                yield ImportProblem(line_no, f"{ident}: offsets {bad[0][:20]} {bad[1][:20]} are outside {txt.name}"
                                             f" (length {len(raw)}); entity skipped")
                continue
            raw_frags = [(int(a), int(b)) for a, b in pairs]
            frags = [(to_lf(a), to_lf(b)) for a, b in raw_frags]
            frags.sort()
            gaps = [text[b:a2] for (_, b), (a2, _) in zip(frags, frags[1:])]
            if any(g.strip() for g in gaps) or any(a2 < b for (_, b), (a2, _) in zip(frags, frags[1:])):
                yield ImportProblem(line_no, f"{ident}: discontinuous entity ({where}) cannot be stored as one"
                                             " span; entity skipped")
                continue
            written = m.group(4)
            covered = " ".join(raw[a:b] for a, b in raw_frags)
            if written is not None and written.split() != covered.split():
                yield ImportProblem(line_no, f"{ident}: its text {written[:40]!r} differs from {txt.name} at"
                                             f" {where} ({covered[:40]!r}); entity skipped")
                continue
            if ident in index or ident in duplicated:
                yield ImportProblem(line_no, f"{ident}: duplicate entity id; relations that refer to it are"
                                             " skipped")
                duplicated.add(ident)
                index.pop(ident, None)
            else:
                index[ident] = len(spans)
            spans.append(NewSpan(frags[0][0], frags[-1][1], label, line_no))
        elif kind == "R":
            m = _R_LINE.match(line)
            if m is None:
                yield ImportProblem(line_no, f"cannot read relation line {line[:60]!r}; expected"
                                             " 'R1<TAB>TYPE Arg1:T1 Arg2:T2'")
                continue
            pending.append((line_no, m.group(2), m.group(3), m.group(4)))
        elif kind == "N":
            continue  # a normalisation (our exports write canonical-entity ids there): reference data, not labels
        elif kind in _UNSUPPORTED:
            yield ImportProblem(line_no, f"brat {_UNSUPPORTED[kind]} annotations are not imported; line skipped")
        else:
            yield ImportProblem(line_no, f"unknown brat annotation line {line[:60]!r}; skipped")
    for line_no, label, head, tail in pending:
        if head in duplicated or tail in duplicated:
            yield ImportProblem(line_no, f"relation {label} refers to {head if head in duplicated else tail},"
                                         " whose id is duplicated; skipped")
            continue
        if head not in index or tail not in index:
            missing = head if head not in index else tail
            yield ImportProblem(line_no, f"relation {label} refers to {missing}, which was not imported; skipped")
            continue
        relations.append(NewRelation(index[head], index[tail], label, line_no))
    if not text.strip():
        yield ImportProblem(0, f"{txt.name} is empty; nothing imported")
        return
    yield NewDocument(
        text=text,
        title=first_line_title(text),
        source=file_fields(path)[2],
        ext_id=storable_name(txt.name),
        meta={"file": storable_name(txt.name)},
        spans=spans,
        relations=relations,
        origin=origin(path, 1),
    )
