"""CoNLL IOB2: one Korean token per line with its tag, sentences split by Kiwi, a blank line between them.

Tokens come from annotator.core.korean, split wherever an entity boundary falls inside one. The
comment lines documented in conll_format.py make the file round-trip exactly through
annotator.io.importers.conll, relations included.
"""

from __future__ import annotations

from bisect import bisect_left
from pathlib import Path

from annotator.io.exporters import ExportReport
from annotator.io.exporters.conll_format import escape_space
from annotator.io.exporters.halves import write_tokens_in_halves
from annotator.io.exporters.writing import ExportCancelled, doc_key, entity_tokens, iter_scope

FORMAT = "conll"
SUFFIX = ".conll"
WORKERS = True  # export() takes workers (commands/export.py gives it the cores)


def _one_line(value: str) -> str:
    return " ".join(value.split())


def sentence_groups(text: str, tokens) -> list[list]:
    """Non-whitespace tokens grouped into sentences: Kiwi's sentence starts, a line break always
    ends a sentence (so `# text` stays on one line), and a sentence never starts mid-token."""
    from annotator.core.korean import sentences

    starts = {s for s, _ in sentences(text)}
    groups: list[list] = []
    prev = None
    for tok in tokens:
        if tok.text.isspace():
            continue
        if prev is None or tok.start in starts or "\n" in text[prev.end:tok.start]:
            groups.append([])
        groups[-1].append(tok)
        prev = tok
    return groups


def document_block(item) -> tuple[list[str], list[str], int, int]:
    """(lines, problems, entities written, relations written) of one document; no lines if it has no token."""
    text = item.text
    problems: list[str] = []
    where = f"document {item.doc.id}"
    tokens = entity_tokens(text, item.spans)
    groups = sentence_groups(text, tokens)
    if not groups:
        return [], [f"{where}: the text has no tokens; document skipped"], 0, 0
    # Tag every token; a span's first non-whitespace token gets B-, the rest I-.
    tags: dict[int, str] = {}
    entity_no: dict[int, int] = {}
    token_starts = [t.start for t in tokens if not t.text.isspace()]

    for sp in item.spans:
        i = bisect_left(token_starts, sp.start)
        first = True
        while i < len(token_starts) and token_starts[i] < sp.end:
            tags[token_starts[i]] = ("B-" if first else "I-") + sp.label
            first = False
            i += 1
        if first:
            problems.append(f"{where}: span [{sp.start}, {sp.end}) {sp.label} holds no token; not exported")
            continue
        entity_no[sp.id] = len(entity_no) + 1
        if text[sp.start].isspace() or text[sp.end - 1].isspace():
            problems.append(f"{where}: span [{sp.start}, {sp.end}) {sp.label} starts or ends with whitespace,"
                            " which CoNLL tokens cannot carry; it is exported without it")
    key = doc_key(item.doc)
    lines = [f"# newdoc id = {key}"]
    for field_name in ("title", "source", "url"):
        value = _one_line(getattr(item.doc, field_name) or "")
        if value:
            lines.append(f"# {field_name} = {value}")
    relations = 0
    for rel in item.relations:
        h, t = entity_no.get(rel.head_id), entity_no.get(rel.tail_id)
        if h is None or t is None:
            problems.append(f"{where}: relation {rel.label} refers to a span not exported; relation skipped")
            continue
        lines.append(f"# relation = E{h} E{t} {rel.label}")
        relations += 1
    pos = 0
    for n, group in enumerate(groups, 1):
        start, end = group[0].start, group[-1].end
        lines.append(f"# sent_id = {key}-{n}")
        if n > 1 or start > 0:  # always after the first: Kiwi may split sentences with no space between
            lines.append(f"# space_before = {escape_space(text[pos:start])}")
        lines.append(f"# text = {text[start:end]}")
        if n == len(groups) and end < len(text):
            lines.append(f"# space_after = {escape_space(text[end:])}")
        lines.extend(f"{tok.text}\t{tags.get(tok.start, 'O')}" for tok in group)
        lines.append("")
        pos = end
    return lines, problems, len(entity_no), relations


def export(project, *, out: Path, status: str = "done", include_boilerplate: bool = False, doc_ids=None,
           progress=None, cancel=None, layer: str | None = None, workers: int = 1) -> ExportReport:
    """workers: processes that may write (exporters.halves), once the tokens are kept."""
    report = ExportReport(FORMAT, Path(out))

    def write(own, ids, fh, progress, cancel) -> tuple[int, int, int, list[str]]:
        documents = spans = relations = 0
        problems: list[str] = []
        for item in iter_scope(own, status="all", include_boilerplate=include_boilerplate, layer=layer,
                               doc_ids=ids, progress=progress, cancel=cancel, tokenize_ahead=True, scoped=True):
            lines, its_problems, its_spans, its_relations = document_block(item)
            problems.extend(its_problems)
            if not lines:
                continue
            lines.append("")
            fh.write("\n".join(lines).encode("utf-8"))
            documents += 1
            spans += its_spans
            relations += its_relations
        return documents, spans, relations, problems

    try:
        report.documents, report.spans, report.relations, report.problems = write_tokens_in_halves(
            project, report.out, write, status=status, doc_ids=doc_ids, layer=layer,
            include_boilerplate=include_boilerplate, workers=workers, progress=progress, cancel=cancel)
    except ExportCancelled:
        report.cancelled = True
    return report
