"""The first WebAnno TSV export of a document (annotator/io/exporters/webanno_tsv.py before it was made faster),
kept verbatim as the oracle of tests/io/test_webanno_export_equality.py: the file the exporter writes must be the
one this wrote, character for character."""

from __future__ import annotations

import re
from bisect import bisect_left

from annotator.core.offsets import OffsetMap
from annotator.io.exporters import webanno_format as tsv
from annotator.io.exporters.conll import sentence_groups
from annotator.io.exporters.writing import entity_tokens

from annotator.io.exporters.webanno_tsv import _WORD, HEADER, RELATION_HEADER  # constants, not the code tested


class _Unit:
    __slots__ = ("uid", "start", "end", "spans", "relations")

    def __init__(self, uid: str, start: int, end: int):
        self.uid, self.start, self.end = uid, start, end
        self.spans: list = []  # the entities on it, in order
        self.relations: list = []  # (relation, head span) of the relations whose tail starts here


def _words(tokens) -> list[tuple[int, int]]:
    """The non-whitespace pieces of the tokens: what token lines can hold."""
    out = []
    for tok in tokens:
        if tok.text.isspace():
            continue
        if any(ch.isspace() for ch in tok.text):
            out.extend((tok.start + m.start(), tok.start + m.end()) for m in _WORD.finditer(tok.text))
        else:
            out.append((tok.start, tok.end))
    return out


def sentence_bounds(text: str, groups: list[list[tuple[int, int]]]) -> list[tuple[int, int]]:
    """Each sentence's extent: from its first token to the next one's (less the line break between them, which
    INCEpTION puts back), the last to the end of the text."""
    bounds = []
    for i, group in enumerate(groups):
        start = group[0][0]
        if i + 1 < len(groups):
            end = groups[i + 1][0][0]
            if text[end - 1] == "\n":
                end -= 1
        else:
            end = len(text)
        bounds.append((start, end))
    return bounds


def document_tsv(item) -> tuple[str | None, list[str], int, int]:
    """(the file's text or None, problems, entities written, relations written) of one export document."""
    text = item.text
    where = f"document {item.doc.id}"
    problems: list[str] = []
    words = _words(entity_tokens(text, item.spans))
    if not words:
        return None, [f"{where}: the text has no tokens; document skipped"], 0, 0
    groups = _groups(text, words)
    if text[:words[0][0]].strip(" "):
        problems.append(f"{where}: the whitespace before its first token is written as spaces (WebAnno TSV holds no"
                        " other text there)")
    offsets = OffsetMap(text)
    units: list[_Unit] = []
    sentence_units: list[list[_Unit]] = []
    for n, group in enumerate(groups, 1):
        sentence_units.append([_Unit(f"{n}-{k}", s, e) for k, (s, e) in enumerate(group, 1)])
        units.extend(sentence_units[-1])
    starts = [u.start for u in units]
    first_unit: dict[int, _Unit] = {}
    ids: dict[int, int] = {}  # span id -> disambiguation id
    multi: list = []
    for sp in sorted(item.spans, key=lambda s: (s.start, -s.end, s.id)):
        i = bisect_left(starts, sp.start)
        covered = []
        while i < len(units) and units[i].end <= sp.end:
            covered.append(units[i])
            i += 1
        if not covered:
            problems.append(f"{where}: span [{sp.start}, {sp.end}) {sp.label} holds no token; not exported")
            continue
        if covered[0].start != sp.start or covered[-1].end != sp.end:
            problems.append(f"{where}: span [{sp.start}, {sp.end}) {sp.label} starts or ends with whitespace, which"
                            " WebAnno TSV cannot hold; it is exported without it")
        for unit in covered:
            unit.spans.append(sp)
        first_unit[sp.id] = covered[0]
        if len(covered) > 1:
            multi.append(sp)
    for sp in sorted(multi + [sp for u in units if len(u.spans) > 1 for sp in u.spans],
                     key=lambda s: (first_unit[s.id].start, -s.end, s.id)):
        ids.setdefault(sp.id, len(ids) + 1)
    relations = 0
    for rel in item.relations:
        head, tail = first_unit.get(rel.head_id), first_unit.get(rel.tail_id)
        if head is None or tail is None:
            problems.append(f"{where}: relation {rel.label} refers to a span not exported; relation skipped")
            continue
        tail.relations.append((rel, head))
        relations += 1
    lines = list(HEADER) + ([RELATION_HEADER] if relations else []) + [""]
    for (start, end), its_units in zip(sentence_bounds(text, groups), sentence_units):
        lines.append("")
        lines.extend(tsv.TEXT_PREFIX + tsv.escape_text(part) for part in text[start:end].split("\n"))
        for unit in its_units:
            lines.append(_unit_line(text, offsets, unit, ids, first_unit, relations > 0))
    return "\n".join(lines) + "\n", problems, len(first_unit), relations


def _groups(text: str, words: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """The words in Kiwi's sentences (exporters.conll.sentence_groups: a line break always ends one)."""
    from annotator.core.korean import Token

    tokens = [Token(s, e, text[s:e], "") for s, e in words]
    return [[(t.start, t.end) for t in group] for group in sentence_groups(text, tokens)]


def _unit_line(text: str, offsets: OffsetMap, unit: _Unit, ids: dict[int, int], first_unit: dict, with_relations: bool
               ) -> str:
    entities = "|".join(tsv.escape_value(sp.label) + (f"[{ids[sp.id]}]" if sp.id in ids else "")
                        for sp in unit.spans) or tsv.NULL_COLUMN
    fields = [unit.uid, f"{offsets.to_utf16(unit.start)}-{offsets.to_utf16(unit.end)}", text[unit.start:unit.end],
              entities]
    if with_relations:
        if unit.relations:
            fields.append("|".join(tsv.escape_value(rel.label) for rel, _ in unit.relations))
            refs = []
            for rel, head in unit.relations:
                source, target = ids.get(rel.head_id, 0), ids.get(rel.tail_id, 0)
                refs.append(head.uid + (f"[{source}_{target}]" if source or target else ""))
            fields.append("|".join(refs))
        else:
            fields += [tsv.NULL_COLUMN, tsv.NULL_COLUMN]
    return "\t".join(fields) + "\t"  # INCEpTION ends every token line with a TAB
