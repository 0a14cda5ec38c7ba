"""Label Studio JSON: the tasks list Label Studio 1.x imports and exports (its documented task format: guide/
task_format, "Label Studio JSON format of annotated tasks", and guide/predictions, "Import span pre-annotations
for text", as of Label Studio 1.13), for a labelling config with <Labels name="label" toName="text"> and
<Relations> over <Text name="text" value="$text">:

    [{"id": 12, "data": {"text": "...", "title": "...", "url": "..."}, "meta": {...},
      "annotations": [{"result": [
          {"id": "e5", "from_name": "label", "to_name": "text", "type": "labels",
           "value": {"start": 0, "end": 3, "text": "김철수", "labels": ["PERSON"]}},
          {"from_id": "e5", "to_id": "e6", "type": "relation", "direction": "right", "labels": ["holds"]}],
        "was_cancelled": false, "ground_truth": false}],
      "predictions": [{"model_version": "ner-v2", "score": 0.62, "result": [
          {"id": "p9", ..., "value": {"start": 4, "end": 7, "score": 0.62, "text": "부산시", "labels": ["LOC"]}}]}]}]

Offsets are UTF-16 code units (Label Studio's JavaScript strings) of the exported text: the content lines only
unless the whole page is exported. The annotation holds the chosen layer's entities and relations (--layer: a
reviewer, gold, all; ground_truth when they are the gold); a document without any has an empty result. The
suggestions the reviewer has pending are the predictions, one per source, each region with its score and the
prediction with the lowest of them (Label Studio sorts tasks by it): a source imported from Label Studio
("label_studio:ner-v2") goes back under its own model_version, an engine's as "annotator/<source>". Reading
the file back with `annotator import` gives the same texts, labels, relations and suggestions (with those
model versions; a suggestion's detail is not kept). Result ids are e<entity id> and p<suggestion id>: unique
in the file, as Label Studio requires.
"""

from __future__ import annotations

import json
from pathlib import Path

from annotator.core.layers import GOLD_NAME
from annotator.core.offsets import OffsetMap
from annotator.core.suggestions import source_family
from annotator.io.exporters import ExportReport
from annotator.io.exporters.writing import ExportCancelled, atomic_output, doc_meta, iter_scope
from annotator.io.importers.label_studio import FAMILY, SOURCE_PREFIX

FORMAT = "label_studio"
SUFFIX = ".json"
FROM_NAME, TO_NAME = "label", "text"  # the labelling config's <Labels name> and <Text name>
ENGINE_PREFIX = "annotator/"  # model_version of an engine's suggestions: "annotator/patterns"
_DUMPS = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def model_version(source: str) -> str:
    return source[len(SOURCE_PREFIX):] if source_family(source) == FAMILY else ENGINE_PREFIX + source


def _region(rid: str, text: str, offsets: OffsetMap, start: int, end: int, label: str, score=None) -> dict:
    value = {"start": offsets.to_utf16(start), "end": offsets.to_utf16(end)}
    if score is not None:
        value["score"] = score
    value["text"] = text[start:end]
    value["labels"] = [label]
    return {"id": rid, "from_name": FROM_NAME, "to_name": TO_NAME, "type": "labels", "value": value}


def task(item, suggestions=(), *, gold: bool = False) -> dict:
    """One document as a Label Studio task. suggestions: its pending suggestions (page offsets)."""
    doc, text = item.doc, item.text
    offsets = OffsetMap(text)
    result = [_region(f"e{sp.id}", text, offsets, sp.start, sp.end, sp.label) for sp in item.spans]
    result += [{"from_id": f"e{rel.head_id}", "to_id": f"e{rel.tail_id}", "type": "relation", "direction": "right",
                "labels": [rel.label]} for rel in item.relations]
    by_version: dict[str, list[dict]] = {}
    lowest: dict[str, float] = {}
    for s in suggestions:
        start, end = s.start, s.end
        if item.offset_map is not None:  # the content lines only: a suggestion on a left-out line is left out
            start, end = item.offset_map.to_export(start), item.offset_map.to_export(end, is_end=True)
            if start is None or end is None or end <= start:
                continue
        version = model_version(s.source)
        by_version.setdefault(version, []).append(_region(f"p{s.id}", text, offsets, start, end, s.label, s.score))
        lowest[version] = min(lowest.get(version, 1.0), s.score)
    data = {"text": text}
    if doc.title:
        data["title"] = doc.title
    if doc.url:
        data["url"] = doc.url
    return {
        "id": doc.id,
        "data": data,
        "meta": doc_meta(item),
        "annotations": [{"result": result, "was_cancelled": False, "ground_truth": gold}],
        "predictions": [{"model_version": version, "score": lowest[version], "result": regions}
                        for version, regions in by_version.items()],
    }


def export(project, *, out: Path, status: str = "done", include_boilerplate: bool = False, doc_ids=None,
           progress=None, cancel=None, layer: str | None = None) -> ExportReport:
    report = ExportReport(FORMAT, Path(out))
    try:
        with atomic_output(report.out) as tmp, open(tmp, "w", encoding="utf-8", newline="\n") as fh:
            fh.write("[")
            for item in iter_scope(project, status=status, include_boilerplate=include_boilerplate, layer=layer,
                                   doc_ids=doc_ids, progress=progress, cancel=cancel):
                gold = layer == GOLD_NAME or any(sp.layer == GOLD_NAME for sp in item.spans)
                record = task(item, project.suggestions(item.doc.id), gold=gold)
                report.suggestions += sum(len(p["result"]) for p in record["predictions"])
                fh.write(("\n" if not report.documents else ",\n") + _DUMPS(record))
                report.documents += 1
                report.spans += len(item.spans)
                report.relations += len(item.relations)
            fh.write("\n]\n")
    except ExportCancelled:
        report.cancelled = True
    return report
