"""What agreement is computed on: per document, the spans and relations of each layer that covers it.

A reviewer layer covers the documents its reviewer marked done; any other layer (an import, the suggestions,
gold) covers the documents where it holds at least one entity. Only documents covered by two or more of the
chosen layers are returned. Plain values out (core.agreement's), so the figures stay Qt- and SQL-free.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Callable, Iterator, Sequence

from annotator.core.agreement import DocumentAnnotations, LayerAnnotations
from annotator.core.layers import REVIEWER
from annotator.store.errors import ProjectError

_BATCH = 500


def agreement_layers(project, *, layers: Sequence[str] | None = None, reviewers: Sequence[str] | None = None
                     ) -> list[tuple[int, str, str]]:
    """(layer id, name, kind) of the layers to compare: the named ones, else every reviewer layer (of
    `reviewers` when given)."""
    rows = project.conn.execute(
        "SELECT y.id, y.name, y.kind, coalesce(r.name, '') FROM layers y LEFT JOIN reviewers r ON r.id = y.reviewer_id"
        " ORDER BY y.id").fetchall()
    if layers:
        by_name = {name: (i, name, kind) for i, name, kind, _ in rows}
        missing = [n for n in layers if n not in by_name]
        if missing:
            known = ", ".join(name for _, name, _, _ in rows)
            raise ProjectError(f"{project.path}: no annotation layer named {', '.join(map(repr, missing))}"
                               f" (layers: {known})")
        return [by_name[n] for n in dict.fromkeys(layers)]
    chosen = [(i, name, kind) for i, name, kind, owner in rows if kind == REVIEWER
              and (not reviewers or owner in reviewers or name in reviewers)]
    if reviewers:
        found = {owner for _, _, kind, owner in rows if kind == REVIEWER} | {n for _, n, _, _ in rows}
        missing = [r for r in reviewers if r not in found]
        if missing:
            raise ProjectError(f"{project.path}: no reviewer layer for {', '.join(map(repr, missing))}")
    return chosen


def agreement_documents(project, chosen: Sequence[tuple[int, str, str]], *,
                        progress: Callable[[float, str], None] | None = None,
                        cancel: Callable[[], bool] | None = None) -> Iterator[DocumentAnnotations]:
    """Each document covered by two or more of the chosen layers, with those layers' annotations.
    cancel() true ends the documents early (the caller, who asked, knows the figures are partial)."""
    if len(chosen) < 2:
        return
    ids = [layer_id for layer_id, _, _ in chosen]
    names = {layer_id: name for layer_id, name, _ in chosen}
    marks = ",".join("?" * len(ids))
    coverage: dict[int, set[int]] = defaultdict(set)
    # reviewer layers: the documents their reviewer marked done
    for doc_id, layer_id in project.conn.execute(
            f"SELECT s.doc_id, y.id FROM doc_status s JOIN layers y ON y.reviewer_id = s.reviewer_id"
            f" WHERE s.status = 'done' AND y.id IN ({marks})", ids):
        coverage[doc_id].add(layer_id)
    # other layers: where they hold an entity
    others = [layer_id for layer_id, _, kind in chosen if kind != REVIEWER]
    if others:
        other_marks = ",".join("?" * len(others))
        for doc_id, layer_id in project.conn.execute(
                f"SELECT DISTINCT doc_id, layer_id FROM spans WHERE layer_id IN ({other_marks})", others):
            coverage[doc_id].add(layer_id)
    doc_ids = sorted(d for d, covering in coverage.items() if len(covering) >= 2)
    for i in range(0, len(doc_ids), _BATCH):
        if cancel is not None and cancel():
            return
        if progress is not None:
            progress(i / len(doc_ids), f"{i}/{len(doc_ids)} documents")
        part = doc_ids[i:i + _BATCH]
        part_marks = ",".join("?" * len(part))
        spans: dict[tuple[int, int], list[tuple[int, int, str]]] = defaultdict(list)
        span_key: dict[int, tuple[int, int, str]] = {}
        for span_id, doc_id, layer_id, start, end, label in project.conn.execute(
                f'SELECT s.id, s.doc_id, s.layer_id, s.start, s."end", l.name FROM spans s'
                f" JOIN labels l ON l.id = s.label_id WHERE s.doc_id IN ({part_marks}) AND s.layer_id IN ({marks})",
                [*part, *ids]):
            key = (start, end, label)
            spans[(doc_id, layer_id)].append(key)
            span_key[span_id] = key
        relations: dict[tuple[int, int], list] = defaultdict(list)
        for doc_id, layer_id, head, tail, label in project.conn.execute(
                f"SELECT x.doc_id, x.layer_id, x.head_id, x.tail_id, l.name FROM relations x"
                f" JOIN labels l ON l.id = x.label_id WHERE x.doc_id IN ({part_marks}) AND x.layer_id IN ({marks})",
                [*part, *ids]):
            if head in span_key and tail in span_key:
                relations[(doc_id, layer_id)].append((span_key[head], span_key[tail], label))
        for doc_id, title, text in project.conn.execute(
                f"SELECT id, title, text FROM documents WHERE id IN ({part_marks}) ORDER BY id", part):
            yield DocumentAnnotations(
                doc_id=doc_id, text=text, title=title,
                layers={names[layer_id]: LayerAnnotations(spans=tuple(sorted(spans[(doc_id, layer_id)])),
                                                          relations=tuple(relations[(doc_id, layer_id)]))
                        for layer_id in sorted(coverage[doc_id])},
            )

