"""WebAnno TSV 3.3 for INCEpTION: a folder with one `.tsv` file a document (INCEpTION imports one document per
file; the format's rules: webanno_format.py).

Tokens are the project's Kiwi tokens (the kept ones when the project has them, as the CoNLL and Prodigy exports),
cut wherever an entity boundary falls inside one (as those exports do, so every entity covers whole tokens and
INCEpTION's token-anchored Named entity layer takes it without sub-tokens), and further at whitespace inside a
token, which a token line cannot hold. Sentences are Kiwi's, a line break always ending one. A sentence's `#Text=`
lines run from its first token to the next sentence's first token, so the text between sentences is kept (INCEpTION
rebuilds a gap between sentences as one line break, or as spaces): the break that starts a new line is that gap,
and any other whitespace stays in the sentence before. Only text before the first token cannot be written: it is
rebuilt as spaces (said when it is anything else).

The chosen --layer's entities go into INCEpTION's Named entity layer (`value` = the label; multi-token and stacked
entities with their `[N]` ids), its relations into a custom relation layer `webanno.custom.Relation` with a string
feature `value`, attached to Named entity (create it in the INCEpTION project before importing files that hold
relations; a file without relations does not declare it). An entity that starts or ends with whitespace is written
without it (said). Importing the folder back (`annotator import`) gives the same texts, entities and relations.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from pathlib import Path

from annotator.core.offsets import OffsetMap
from annotator.io.exporters import ExportReport
from annotator.io.exporters import webanno_format as tsv
from annotator.io.exporters.conll import sentence_groups
from annotator.io.exporters.writing import ExportCancelled, atomic_output, entity_tokens, iter_scope, safe_file_stem

FORMAT = "webanno"
SUFFIX = ""
_WORD = re.compile(r"\S+")
HEADER = (f"{tsv.FORMAT_PREFIX}{tsv.FORMAT_NAME} {tsv.VERSION}",
          f"{tsv.SPAN_PREFIX}{tsv.NAMED_ENTITY}|{tsv.NAMED_ENTITY_FEATURE}")
RELATION_HEADER = (f"{tsv.RELATION_PREFIX}{tsv.EXPORT_RELATION_LAYER}|{tsv.EXPORT_RELATION_FEATURE}|"
                   f"{tsv.BASE_TYPE_PREFIX}{tsv.NAMED_ENTITY}")


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


def _tsv_file(name: str) -> bool:
    return name.endswith(".tsv")


def export(project, *, out: Path, status: str = "done", include_boilerplate: bool = False, doc_ids=None,
           progress=None, cancel=None, layer: str | None = None) -> ExportReport:
    report = ExportReport(FORMAT, Path(out))
    taken: set[str] = set()
    try:
        with atomic_output(report.out, folder=True, owns=_tsv_file) as folder:
            for item in iter_scope(project, status=status, include_boilerplate=include_boilerplate, layer=layer,
                                   doc_ids=doc_ids, progress=progress, cancel=cancel, tokenize_ahead=True):
                content, problems, spans, relations = document_tsv(item)
                report.problems.extend(problems)
                if content is None:
                    continue
                stem = safe_file_stem(item.doc, taken)
                with open(folder / f"{stem}.tsv", "w", encoding="utf-8", newline="\n") as fh:
                    fh.write(content)
                report.documents += 1
                report.spans += spans
                report.relations += relations
    except ExportCancelled:
        report.cancelled = True
    return report
