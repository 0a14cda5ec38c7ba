"""doccano relation JSONL: one document per line with `entities` and `relations` (code-point offsets).

    {"id": 12, "text": "...", "entities": [{"id": 5, "start_offset": 0, "end_offset": 3, "label": "ORG",
                                          "canonical_id": "ORG:중소벤처기업부"}],
     "relations": [{"id": 2, "from_id": 5, "to_id": 6, "type": "designates"}], "meta": {...}}

Entity ids are the project's span ids and relation ids its relation ids, so they are unique in the file.
"""

from __future__ import annotations

import json
from functools import partial
from itertools import repeat
from json.encoder import encode_basestring
from pathlib import Path

from annotator.core.layers import GOLD
from annotator.io.exporters import ExportReport
from annotator.io.exporters.halves import write_in_halves
from annotator.store.entities import canonical_id
from annotator.io.exporters.writing import ExportCancelled, atomic_output, doc_meta, export_order, iter_scope

FORMAT = "doccano"
SUFFIX = ".jsonl"
WORKERS = True  # export() takes workers (commands/export.py gives it the cores)
# A document without annotations (a line SQLite makes whole), in entities, for cutting the export in halves:
# measured ~31 us against ~4.6 us an entity (the peer export's 10k unlabelled and 2k labelled documents, 2026-12-03).
UNLABELLED_WEIGHT = 7
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
                project, ids, fh, tmp, write, workers=workers, progress=progress, cancel=cancel,
                unlabelled_weight=UNLABELLED_WEIGHT)
    except ExportCancelled:
        report.cancelled = True
    return report


def _write(project, ids, fh, progress, cancel, *, include_boilerplate: bool, layer) -> tuple[int, int, int]:
    documents = spans = relations = 0
    for item in iter_scope(project, status="all", include_boilerplate=include_boilerplate, layer=layer,
                           doc_ids=ids, progress=progress, cancel=cancel, text_json=True, scoped=True,
                           prebuilt=PageLines(project, include_boilerplate, project.resolve_layer_choice(layer))):
        if type(item) is tuple:  # a line PageLines made: (bytes, entities, relations)
            fh.write(item[0])
            documents += 1
            spans += item[1]
            relations += item[2]
            continue
        fh.write(line(item))
        documents += 1
        spans += len(item.spans)
        relations += len(item.relations)
    return documents, spans, relations


class PageLines:
    """The lines of the documents whose exported text is the page, joined from what SQLite builds
    (Project.doccano_line_parts, export_annotation_rows) without a Span or an ExportDoc: called with a chunk of ids,
    returns doc id -> (line, entities, relations) for those it can write; the general path writes the others
    (iter_export_docs' prebuilt). It leaves a document to that path when its entities need more than this: entities
    or relations in two layers (merged there), an adjudicated document without gold, a label whose canonical name
    reads the other mentions (core.canonical.CONTEXT_ROLES)."""

    def __init__(self, project, include_boilerplate: bool, layer: str | None):
        from annotator.core.canonical import CONTEXT_ROLES

        self.project, self.include_boilerplate, self.layer = project, include_boilerplate, layer
        self.layer_ids = project.read_layer_ids(layer)
        self.gold = {y.id for y in project.layers() if y.kind == GOLD}
        self.catalogue = project.catalogue_lookup()
        self.quoted_labels: dict[str, str] = {}  # label -> its JSON string
        self.context = {e.name for e in project.scheme().entities if e.role in CONTEXT_ROLES}

    def __call__(self, part: list[int]) -> dict[int, tuple[bytes, int, int]]:
        project = self.project
        parts = project.doccano_line_parts(part, include_boilerplate=self.include_boilerplate,
                                           layer_ids=self.layer_ids)
        annotated = [doc_id for doc_id, (_, _, has) in parts.items() if has]
        if annotated:
            spans, relations, texts = project.export_annotation_rows(annotated, self.layer_ids)
            adjudicated = project.adjudicated_ids(annotated) if self.layer is None else set()
            linked = project.span_links_of(annotated)
        out = {}
        for doc_id, (head, meta, has) in parts.items():
            if not has:
                out[doc_id] = (b"".join((head, b',"entities":[],"relations":[],"meta":', meta, b"}\n")), 0, 0)
                continue
            rows, rels = spans.get(doc_id, ()), relations.get(doc_id, ())
            present = {row[5] for row in rows} | {row[5] for row in rels}
            if len(present) != 1 or (doc_id in adjudicated and not present <= self.gold):
                continue  # merged, or the gold the adjudicator left empty: the general path
            if self.context and any(row[4] in self.context for row in rows):
                continue
            entities = self._entities(rows, texts[doc_id], linked)
            quote = encode_basestring
            links = ",".join([f'{{"id":{rid},"from_id":{head_id},"to_id":{tail_id},"type":{quote(label)}}}'
                              for _, rid, head_id, tail_id, label, _ in rels])
            out[doc_id] = (b"".join((head, f',"entities":[{entities}],"relations":[{links}],"meta":'
                                     .encode("utf-8", "surrogatepass"), meta, b"}\n")), len(rows), len(rels))
        return out

    def _entities(self, rows, text: str, linked: dict[int, str]) -> str:
        """The entities' JSON, each with the canonical id core.canonical.standalone_names and store.entities'
        canonical_id give it: the reviewer's link, else the catalogue's entry for the mention's text, else the
        text with its spaces made one. Built a column at a time by C loops (map over the rows' columns), a
        Python step only for a linked or catalogued mention: the peer export 1.01-1.28 -> 0.80-1.09 s (6 runs each)."""
        _, sids, starts, ends, labels, _ = zip(*rows)
        words = list(map(str.split, map(text.__getitem__, map(slice, starts, ends))))
        canonical = list(map(_LABEL_ID.format, labels, map("_".join, words)))
        catalogue = self.catalogue
        if linked or catalogue:
            names = list(map(linked.get, sids)) if linked else repeat(None)
            for n, (name, label) in enumerate(zip(names, labels)):
                if name is None and catalogue:
                    name = catalogue.get((label, " ".join(words[n]))) or None  # an empty entry: the text's id
                if name is not None:
                    canonical[n] = canonical_id(label, name)
        quoted = self.quoted_labels
        for label in set(labels) - quoted.keys():
            quoted[label] = encode_basestring(label)
        return ",".join(map(_ENTITY.format, sids, starts, ends, map(quoted.__getitem__, labels),
                            map(encode_basestring, canonical)))


_LABEL_ID = "{}:{}"  # canonical_id(label, name) of a name already split into its words, joined by "_"
_ENTITY = '{{"id":{},"start_offset":{},"end_offset":{},"label":{},"canonical_id":{}}}'
