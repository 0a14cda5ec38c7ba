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
from bisect import bisect_left, bisect_right
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


_SPACE = re.compile(r"\s")
_make = tuple.__new__  # a Token without the named tuple's Python-level __new__ (a page has hundreds)


def _words(tokens) -> list:
    """The non-whitespace pieces of the tokens (core.korean.Token): what token lines can hold."""
    from annotator.core.korean import Token

    out = []
    append = out.append
    search = _SPACE.search
    for tok in tokens:
        word = tok[2]
        if search(word) is None:
            if word:
                append(tok)
        elif not word.isspace():
            start = tok[0]
            out.extend(_make(Token, (start + m.start(), start + m.end(), m.group(), "")) for m in _WORD.finditer(word))
    return out


def sentence_bounds(text: str, groups: list[list]) -> list[tuple[int, int]]:
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
    groups = sentence_groups(text, words)  # lists of the words (a unit each), sentence by sentence
    if text[:words[0][0]].strip(" "):
        problems.append(f"{where}: the whitespace before its first token is written as spaces (WebAnno TSV holds no"
                        " other text there)")
    starts = [w[0] for w in words]
    ends = [w[1] for w in words]
    count = len(words)
    on_unit: dict[int, list] = {}  # unit index -> the entities on it, in order
    first_unit: dict[int, int] = {}  # span id -> the index of its first unit
    multi: list = []
    for sp in sorted(item.spans, key=lambda s: (s.start, -s.end, s.id)):
        i = j = bisect_left(starts, sp.start)
        while j < count and ends[j] <= sp.end:
            j += 1
        if j == i:
            problems.append(f"{where}: span [{sp.start}, {sp.end}) {sp.label} holds no token; not exported")
            continue
        if starts[i] != sp.start or ends[j - 1] != sp.end:
            problems.append(f"{where}: span [{sp.start}, {sp.end}) {sp.label} starts or ends with whitespace, which"
                            " WebAnno TSV cannot hold; it is exported without it")
        for unit in range(i, j):
            on_unit.setdefault(unit, []).append(sp)
        first_unit[sp.id] = i
        if j - i > 1:
            multi.append(sp)
    ids: dict[int, int] = {}  # span id -> disambiguation id (multi-unit and stacked entities)
    stacked = [sp for unit in sorted(on_unit) if len(on_unit[unit]) > 1 for sp in on_unit[unit]]
    for sp in sorted(multi + stacked, key=lambda s: (starts[first_unit[s.id]], -s.end, s.id)):
        ids.setdefault(sp.id, len(ids) + 1)
    relations = 0
    tails: dict[int, list] = {}  # unit index -> (relation, head's first unit) of the relations whose tail starts there
    for rel in item.relations:
        head, tail = first_unit.get(rel.head_id), first_unit.get(rel.tail_id)
        if head is None or tail is None:
            problems.append(f"{where}: relation {rel.label} refers to a span not exported; relation skipped")
            continue
        tails.setdefault(tail, []).append((rel, head))
        relations += 1
    sentence_starts = []
    total = 0
    for group in groups:
        sentence_starts.append(total)
        total += len(group)

    def uid(unit: int) -> str:
        n = bisect_right(sentence_starts, unit)
        return f"{n}-{unit - sentence_starts[n - 1] + 1}"

    offsets = OffsetMap(text)
    to_utf16 = offsets.to_utf16 if offsets.has_astral else None
    empty = "\t_\t_\t_\t" if relations else "\t_\t"  # INCEpTION ends every token line with a TAB
    lines = list(HEADER) + ([RELATION_HEADER] if relations else []) + [""]
    unit = 0
    for n, ((start, end), group) in enumerate(zip(sentence_bounds(text, groups), groups), 1):
        lines.append("")
        lines.extend(tsv.TEXT_PREFIX + tsv.escape_text(part) for part in text[start:end].split("\n"))
        for k, word in enumerate(group, 1):
            s, e = word[0], word[1]
            at = f"{to_utf16(s)}-{to_utf16(e)}" if to_utf16 is not None else f"{s}-{e}"
            if unit in on_unit or unit in tails:
                lines.append(_unit_line(f"{n}-{k}", at, text[s:e], on_unit.get(unit), tails.get(unit), ids, uid,
                                        relations > 0))
            else:
                lines.append(f"{n}-{k}\t{at}\t{text[s:e]}{empty}")
            unit += 1
    return "\n".join(lines) + "\n", problems, len(first_unit), relations


def _unit_line(unit_id: str, at: str, word: str, spans, tails, ids: dict[int, int], uid, with_relations: bool
               ) -> str:
    entities = "|".join(tsv.escape_value(sp.label) + (f"[{ids[sp.id]}]" if sp.id in ids else "")
                        for sp in spans) if spans else tsv.NULL_COLUMN
    fields = [unit_id, at, word, entities]
    if with_relations:
        if tails:
            fields.append("|".join(tsv.escape_value(rel.label) for rel, _ in tails))
            refs = []
            for rel, head in tails:
                source, target = ids.get(rel.head_id, 0), ids.get(rel.tail_id, 0)
                refs.append(uid(head) + (f"[{source}_{target}]" if source or target else ""))
            fields.append("|".join(refs))
        else:
            fields += [tsv.NULL_COLUMN, tsv.NULL_COLUMN]
    return "\t".join(fields) + "\t"


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
