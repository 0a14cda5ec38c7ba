"""Annotation layers in the store: the reviewer's own, imports', suggestions, gold; and the layer choice of
exports and reports (`--layer NAME|gold|all`)."""

from __future__ import annotations

from typing import Sequence

from annotator.core.clock import now
from annotator.core.layers import (
    ALL_LAYERS, GOLD, GOLD_NAME, IMPORT, REVIEWER, SUGGESTIONS, Layer, merge_layers, reviewer_layer_name,
)
from annotator.core.model import Relation, Span, span_from_row
from annotator.store.errors import AnnotationError, ProjectError


class LayersMixin:
    """Mixed into Project; relies on conn, reviewer, reviewer_id, transaction() and now()."""

    layer_id: int = 0
    layer_name: str = ""
    # What spans()/relations() read by default (resolve_layer_choice values); a report run sets it (--layer).
    read_layers: str | None = None

    def layers(self) -> list[Layer]:
        return [Layer(*r) for r in self.conn.execute(
            "SELECT y.id, y.kind, y.name, coalesce(r.name, '') FROM layers y"
            " LEFT JOIN reviewers r ON r.id = y.reviewer_id ORDER BY y.id")]

    def layers_with_entities(self) -> list[Layer]:
        """The layers that hold at least one entity, in layer order."""
        return [Layer(*r) for r in self.conn.execute(
            "SELECT y.id, y.kind, y.name, coalesce(r.name, '') FROM layers y"
            " LEFT JOIN reviewers r ON r.id = y.reviewer_id"
            " WHERE EXISTS (SELECT 1 FROM spans s WHERE s.layer_id = y.id) ORDER BY y.id")]

    def layers_of(self, doc_id: int) -> list[Layer]:
        """The layers holding entities of one document, in layer order."""
        return [Layer(*r) for r in self.conn.execute(
            "SELECT y.id, y.kind, y.name, coalesce(r.name, '') FROM layers y"
            " LEFT JOIN reviewers r ON r.id = y.reviewer_id"
            " WHERE y.id IN (SELECT DISTINCT layer_id FROM spans WHERE doc_id = ?) ORDER BY y.id", (doc_id,))]

    def _own_layer(self, c, reviewer_id: int, reviewer: str) -> tuple[int, str]:
        """The reviewer's layer, made on first use."""
        row = c.execute("SELECT id, name FROM layers WHERE reviewer_id = ?", (reviewer_id,)).fetchone()
        if row is not None:
            return row[0], row[1]
        taken = [r[0] for r in c.execute("SELECT name FROM layers")]
        name = reviewer_layer_name(reviewer, taken)
        cur = c.execute("INSERT INTO layers(kind, name, reviewer_id, created_at) VALUES (?,?,?,?)",
                        (REVIEWER, name, reviewer_id, now()))
        return cur.lastrowid, name

    def shared_layer_id(self, c, kind: str, name: str) -> int:
        """An import, suggestions or gold layer by name, made on first use (inside the caller's transaction)."""
        if kind == REVIEWER:
            raise ProjectError("a reviewer layer is made with its reviewer")
        row = c.execute("SELECT id, kind FROM layers WHERE name = ?", (name,)).fetchone()
        if row is not None:
            if row[1] != kind:
                raise AnnotationError(f"layer {name!r} is a {row[1]} layer, not a {kind} layer")
            return row[0]
        return c.execute("INSERT INTO layers(kind, name, created_at) VALUES (?,?,?)", (kind, name, now())).lastrowid

    def _layer_id_of(self, name: str) -> int:
        if not name or name == self.layer_name:
            return self.layer_id
        row = self.conn.execute("SELECT id FROM layers WHERE name = ?", (name,)).fetchone()
        if row is None:
            raise AnnotationError(f"no annotation layer named {name!r}")
        return row[0]

    def start_from_imports(self, doc_id: int) -> int:
        """Start the reviewer's layer of a document from its imported labels (pre-annotations), once: when
        this reviewer has not started the document (status new) and has no entity in it. The copies keep no
        author, so nobody is credited with labels they did not make; returns how many were copied."""
        if self.status(doc_id) != "new":
            return 0
        rows = self.conn.execute(
            "SELECT s.id, y.id, (SELECT COUNT(*) FROM spans o WHERE o.doc_id = s.doc_id AND o.layer_id = ?)"
            " FROM spans s JOIN layers y ON y.id = s.layer_id WHERE s.doc_id = ? AND y.kind = ?"
            " ORDER BY y.id, s.start", (self.layer_id, doc_id, IMPORT)).fetchall()
        if not rows or rows[0][2]:
            return 0
        first_layer = rows[0][1]  # several imports of one text: the first one's labels (they may overlap)
        spans, _relations = self.copy_spans([r[0] for r in rows if r[1] == first_layer], keep_authors=True)
        return len(spans)

    # what exports and reports read ------------------------------------------------------------------
    def resolve_layer_choice(self, choice: str | None) -> str | None:
        """Check a --layer value: None (default), "all", "gold" or a layer's name; returns it."""
        if choice is None or choice == ALL_LAYERS:
            return choice
        names = [layer.name for layer in self.layers()]
        if choice == GOLD_NAME and choice not in names:
            raise ProjectError(f"{self.path}: no document has a gold layer yet (adjudicate first: View ▸ Adjudicate)")
        if choice not in names:
            known = ", ".join(["gold", "all", *[n for n in names if n != GOLD_NAME]])
            raise ProjectError(f"{self.path}: no annotation layer named {choice!r} (layers: {known})")
        return choice

    def annotations_in(self, doc_ids: Sequence[int], choice: str | None = None
                       ) -> dict[int, tuple[list[Span], list[Relation]]]:
        """Each document's entities and relations as an export or report reads them.

        choice None: the gold layer where the document has gold entities or is adjudicated, else every reviewer
        and import layer merged (core.layers.merge_layers: duplicates once, reviewers before imports); "all":
        every layer but the suggestions, merged; a layer's name: that layer alone."""
        layers = self.layers()
        kind_of = {layer.name: layer.kind for layer in layers}
        # Names looked up here, not joined per row: the label, reviewer and layer tables are small (the foreign
        # keys make the joins of SPAN_SELECT and REL_SELECT inner ones in effect), and the rows come in the same
        # order from the same index.
        layer_names = {layer.id: layer.name for layer in layers}
        label_names = dict(self.conn.execute("SELECT id, name FROM labels"))
        reviewer_names = dict(self.conn.execute("SELECT id, name FROM reviewers"))
        out: dict[int, tuple[list[Span], list[Relation]]] = {}
        for i in range(0, len(doc_ids), 500):  # below SQLite's bound-parameter limit
            part = list(doc_ids[i : i + 500])
            marks = ",".join("?" * len(part))
            spans: dict[int, list[Span]] = {d: [] for d in part}
            for sid, doc, start, end, label, reviewer, created, layer in self.conn.execute(
                    'SELECT s.id, s.doc_id, s.start, s."end", s.label_id, s.reviewer_id, s.created_at, s.layer_id'
                    f' FROM spans s WHERE s.doc_id IN ({marks}) ORDER BY s.doc_id, s.start, s."end", s.id', part):
                spans[doc].append(span_from_row(sid, doc, start, end, label_names[label],
                                                reviewer_names.get(reviewer, ""), created, layer_names[layer]))
            relations: dict[int, list[Relation]] = {d: [] for d in part}
            for rid, doc, head, tail, label, reviewer, created, layer in self.conn.execute(
                    "SELECT x.id, x.doc_id, x.head_id, x.tail_id, x.label_id, x.reviewer_id, x.created_at, x.layer_id"
                    f" FROM relations x WHERE x.doc_id IN ({marks}) ORDER BY x.id", part):
                relations[doc].append(Relation(rid, doc, head, tail, label_names[label],
                                               reviewer_names.get(reviewer, ""), created, layer_names[layer]))
            adjudicated = self.adjudicated_ids(part) if choice is None else set()
            for doc_id in part:
                out[doc_id] = _choose(layers, kind_of, choice, spans[doc_id], relations[doc_id],
                                      doc_id in adjudicated)
        return out


def _choose(layers, kind_of, choice, spans, relations, adjudicated=False):
    """adjudicated: the document's gold is final even with no entity (the adjudicator decided it has none)."""
    if choice not in (None, ALL_LAYERS):
        return [s for s in spans if s.layer == choice], [r for r in relations if r.layer == choice]
    present = {s.layer for s in spans}  # one pass decides the rest for most documents (a layer or two)
    if choice is None and (adjudicated or any(kind_of.get(name) == GOLD for name in present)):
        return [s for s in spans if kind_of.get(s.layer) == GOLD], [r for r in relations if kind_of.get(r.layer) == GOLD]
    wanted = (REVIEWER, IMPORT) if choice is None else (REVIEWER, IMPORT, GOLD)
    if not all(kind_of.get(name) in wanted for name in present):
        spans = [s for s in spans if kind_of.get(s.layer) in wanted]
        present = {s.layer for s in spans}
    if any(kind_of.get(r.layer) not in wanted for r in relations):
        relations = [r for r in relations if kind_of.get(r.layer) in wanted]
    if len(present) <= 1:
        return spans, relations
    return merge_layers(layers, spans, relations)


__all__ = ["LayersMixin", "SUGGESTIONS"]
