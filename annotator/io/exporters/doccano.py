"""doccano relation JSONL: one document per line with `entities` and `relations` (code-point offsets).

    {"id": 12, "text": "...", "entities": [{"id": 5, "start_offset": 0, "end_offset": 3, "label": "ORG",
                                          "canonical_id": "ORG:중소벤처기업부"}],
     "relations": [{"id": 2, "from_id": 5, "to_id": 6, "type": "designates"}], "meta": {...}}

Entity ids are the project's span ids and relation ids its relation ids, so they are unique in the file.
"""

from __future__ import annotations

import json
from functools import partial
from json.encoder import encode_basestring
from pathlib import Path

from annotator.io.exporters import ExportReport
from annotator.io.exporters.halves import write_in_halves
from annotator.io.exporters.writing import ExportCancelled, atomic_output, doc_meta, export_order, iter_scope

FORMAT = "doccano"
SUFFIX = ".jsonl"
WORKERS = True  # export() takes workers (commands/export.py gives it the cores)
_DUMPS = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def record(item) -> dict:
    """The document's record as a dict: what line() writes, byte for byte, once JSON-encoded."""
    doc = item.doc
    return {
        "id": doc.id,
        "text": item.text,
        "entities": [
            {"id": sp.id, "start_offset": sp.start, "end_offset": sp.end, "label": sp.label,
             **({"canonical_id": item.canonical[sp.id][0]} if item.canonical and sp.id in item.canonical else {})}
            for sp in item.spans
        ],
        "relations": [
            {"id": rel.id, "from_id": rel.head_id, "to_id": rel.tail_id, "type": rel.label} for rel in item.relations
        ],
        "meta": doc_meta(item),
    }


def line(item) -> bytes:
    """The document's JSONL line in UTF-8: the bytes of _DUMPS(record(item)) + "\n", assembled without the dict
    (ints as Python writes them, strings through the encoder's own escaping, the text JSON-quoted by SQLite when
    the reader gave it: ExportDoc.text_json)."""
    quote = encode_basestring
    canonical = (item.canonical or {}).get
    entities = ",".join([
        f'{{"id":{sp.id},"start_offset":{sp.start},"end_offset":{sp.end},"label":{quote(sp.label)}}}'
        if (names := canonical(sp.id)) is None else
        f'{{"id":{sp.id},"start_offset":{sp.start},"end_offset":{sp.end},"label":{quote(sp.label)},'
        f'"canonical_id":{quote(names[0])}}}'
        for sp in item.spans])
    relations = ",".join([f'{{"id":{rel.id},"from_id":{rel.head_id},"to_id":{rel.tail_id},"type":{quote(rel.label)}}}'
                          for rel in item.relations])
    text = item.text_json if item.text_json is not None else quote(item.text).encode("utf-8", "surrogatepass")
    return b"".join((f'{{"id":{item.doc.id},"text":'.encode(), text,
                     f',"entities":[{entities}],"relations":[{relations}],"meta":{_DUMPS(doc_meta(item))}}}\n'
                     .encode("utf-8", "surrogatepass")))


def export(project, *, out: Path, status: str = "done", include_boilerplate: bool = False, doc_ids=None,
           progress=None, cancel=None, layer: str | None = None, workers: int = 1) -> ExportReport:
    """workers: processes that may write (2 on the command line where there are two cores: exporters.halves)."""
    report = ExportReport(FORMAT, Path(out))
    ids = export_order(project, status, doc_ids, layer)  # as one process writes them: halves join in order
    write = partial(_write, include_boilerplate=include_boilerplate, layer=layer)
    try:
        with atomic_output(report.out) as tmp, open(tmp, "wb", buffering=1 << 20) as fh:
            report.documents, report.spans, report.relations = write_in_halves(
                project, ids, fh, tmp, write, workers=workers, progress=progress, cancel=cancel)
    except ExportCancelled:
        report.cancelled = True
    return report


def _write(project, ids, fh, progress, cancel, *, include_boilerplate: bool, layer) -> tuple[int, int, int]:
    documents = spans = relations = 0
    for item in iter_scope(project, status="all", include_boilerplate=include_boilerplate, layer=layer,
                           doc_ids=ids, progress=progress, cancel=cancel, text_json=True, scoped=True):
        fh.write(line(item))
        documents += 1
        spans += len(item.spans)
        relations += len(item.relations)
    return documents, spans, relations
