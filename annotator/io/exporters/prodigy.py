"""Prodigy JSONL: text, Korean tokens, spans with token indexes and relations, one document per line.

    {"text": ..., "tokens": [{"text", "start", "end", "id", "ws"}],
     "spans": [{"start", "end", "token_start", "token_end", "label", "canonical_id"}]  (token_end inclusive)
     "relations": [{"head", "child", "head_span", "child_span", "label"}], "meta": {...}}

`head` and `child` are the token_end of the head and child spans, as in Prodigy's rel.manual output.
Tokens come from the Kiwi tokenizer (annotator.core.korean), split where an entity boundary falls inside one.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring  # what JSONEncoder(ensure_ascii=False) writes a str with
from bisect import bisect_left
from pathlib import Path

from annotator.io.exporters import ExportReport
from annotator.io.exporters.halves import write_tokens_in_halves
from annotator.io.importers.base import MAX_LINE_BYTES  # what our own import reads of one line
from annotator.io.exporters.writing import ExportCancelled, doc_meta, entity_tokens, iter_scope

FORMAT = "prodigy"
SUFFIX = ".jsonl"
WORKERS = True  # export() takes workers (commands/export.py gives it the cores)


def record(item, scheme_labels: dict[str, str] | None = None) -> dict:
    """The Prodigy record of an export document, as a dict."""
    tokens, rest = _parts(item)
    return {
        "text": item.text,
        "tokens": [{"text": t.text, "start": t.start, "end": t.end, "id": i, "ws": bool(t.ws)}
                   for i, t in enumerate(tokens)],
        **rest,
    }


def record_json(item, dumps) -> str:
    """dumps(record(item)) for dumps = a compact JSONEncoder(ensure_ascii=False).encode, without a dict per
    token: the token list (hundreds per page) is written straight from the tokens, as json writes it."""
    tokens, rest = _parts(item)
    text = encode_basestring(item.text)
    token_list = ",".join([
        f'{{"text":{encode_basestring(t[2])},"start":{t[0]},"end":{t[1]},"id":{i},"ws":{"true" if t[3] else "false"}}}'
        for i, t in enumerate(tokens)])
    return f'{{"text":{text},"tokens":[{token_list}],{dumps(rest)[1:]}'


def _parts(item) -> tuple[list, dict]:
    """(tokens, the record's other fields in order) of an export document."""
    tokens = entity_tokens(item.text, item.spans)
    starts = [t.start for t in tokens]
    ends = [t.end for t in tokens]
    spans = {}
    for sp in item.spans:
        spans[sp.id] = {
            "start": sp.start,
            "end": sp.end,
            "token_start": bisect_left(starts, sp.start),
            "token_end": bisect_left(ends, sp.end),
            "label": sp.label,
        }
        if item.canonical and sp.id in item.canonical:
            spans[sp.id]["canonical_id"] = item.canonical[sp.id][0]
    relations = []
    for rel in item.relations:
        head, child = spans.get(rel.head_id), spans.get(rel.tail_id)
        if head is None or child is None:
            continue
        relations.append({"head": head["token_end"], "child": child["token_end"], "head_span": head,
                          "child_span": child, "label": rel.label})
    meta = doc_meta(item)
    if item.canonical:  # also in meta, for tools that drop unknown span keys
        meta["canonical_ids"] = [[sp.start, sp.end, item.canonical[sp.id][0]] for sp in item.spans if sp.id in item.canonical]
    return tokens, {"spans": list(spans.values()), "relations": relations, "meta": meta, "answer": "accept"}


def export(project, *, out: Path, status: str = "done", include_boilerplate: bool = False, doc_ids=None,
           progress=None, cancel=None, layer: str | None = None, workers: int = 1) -> ExportReport:
    """workers: processes that may write (exporters.halves), once the tokens are kept."""
    report = ExportReport(FORMAT, Path(out))
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode

    def write(own, ids, fh, progress, cancel) -> tuple[int, int, int, list[str]]:
        documents = spans = relations = 0
        problems: list[str] = []
        for item in iter_scope(own, status="all", include_boilerplate=include_boilerplate, layer=layer,
                               doc_ids=ids, progress=progress, cancel=cancel, tokenize_ahead=True, scoped=True):
            line = (record_json(item, dumps) + "\n").encode("utf-8")
            fh.write(line)
            if len(line) > MAX_LINE_BYTES:
                problems.append(f"document {item.doc.id}: its line is {len(line) / 1e6:.1f} MB, over the"
                                f" {MAX_LINE_BYTES // 2**20} MiB a line that `annotator import` reads, which skips it;"
                                " the doccano or brat export carries the document whole")
            documents += 1
            spans += len(item.spans)
            kept_relations = _relations_written(item)
            relations += kept_relations
            lost = len(item.relations) - kept_relations
            if lost:
                problems.append(f"document {item.doc.id}: {lost} relation(s) refer to a missing span")
        return documents, spans, relations, problems

    try:
        report.documents, report.spans, report.relations, report.problems = write_tokens_in_halves(
            project, report.out, write, status=status, doc_ids=doc_ids, layer=layer,
            include_boilerplate=include_boilerplate, workers=workers, progress=progress, cancel=cancel)
    except ExportCancelled:
        report.cancelled = True
    return report


def _relations_written(item) -> int:
    ids = {sp.id for sp in item.spans}
    return sum(1 for rel in item.relations if rel.head_id in ids and rel.tail_id in ids)
