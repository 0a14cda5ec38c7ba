"""Prodigy JSONL: text, Korean tokens, spans with token indexes and relations, one document per line.

    {"text": ..., "tokens": [{"text", "start", "end", "id", "ws"}],
     "spans": [{"start", "end", "token_start", "token_end", "label", "canonical_id"}]  (token_end inclusive)
     "relations": [{"head", "child", "head_span", "child_span", "label"}], "meta": {...}}

`head` and `child` are the token_end of the head and child spans, as in Prodigy's rel.manual output.
Tokens come from the Kiwi tokenizer (annotator.core.korean), split where an entity boundary falls inside one.
"""

from __future__ import annotations

import json
from bisect import bisect_left
from pathlib import Path

from annotator.io.exporters import ExportReport
from annotator.io.exporters.writing import ExportCancelled, atomic_output, doc_meta, entity_tokens, iter_scope

FORMAT = "prodigy"
SUFFIX = ".jsonl"


def record(item, scheme_labels: dict[str, str] | None = None) -> dict:
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
    return {
        "text": item.text,
        "tokens": [{"text": t.text, "start": t.start, "end": t.end, "id": i, "ws": bool(t.ws)}
                   for i, t in enumerate(tokens)],
        "spans": list(spans.values()),
        "relations": relations,
        "meta": meta,
        "answer": "accept",
    }


def export(project, *, out: Path, status: str = "done", include_boilerplate: bool = False, doc_ids=None,
           progress=None, cancel=None) -> ExportReport:
    report = ExportReport(FORMAT, Path(out))
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    try:
        with atomic_output(report.out) as tmp, open(tmp, "w", encoding="utf-8", newline="\n") as fh:
            for item in iter_scope(project, status=status, include_boilerplate=include_boilerplate,
                                   doc_ids=doc_ids, progress=progress, cancel=cancel, tokenize_ahead=True):
                rec = record(item)
                fh.write(dumps(rec))
                fh.write("\n")
                report.documents += 1
                report.spans += len(rec["spans"])
                report.relations += len(rec["relations"])
                lost = len(item.relations) - len(rec["relations"])
                if lost:
                    report.problems.append(f"document {item.doc.id}: {lost} relation(s) refer to a missing span")
    except ExportCancelled:
        report.cancelled = True
    return report
