"""Spans, relations and the label scheme. Every public method is one committed transaction."""

from __future__ import annotations

import json
from typing import Iterable, Sequence

from annotator.core.clock import now
from annotator.core.model import Relation, Span, span_bounds_problem
from annotator.core.scheme import EntityLabel, LabelScheme, RelationLabel
from annotator.store.errors import AnnotationError, CorruptDatabaseError, OverlapError

SPAN_SELECT = (
    "SELECT s.id, s.doc_id, s.start, s.\"end\", l.name, coalesce(r.name, ''), s.created_at, y.name FROM spans s"
    " JOIN labels l ON l.id = s.label_id LEFT JOIN reviewers r ON r.id = s.reviewer_id"
    " JOIN layers y ON y.id = s.layer_id"
)
REL_SELECT = (
    "SELECT x.id, x.doc_id, x.head_id, x.tail_id, l.name, coalesce(r.name, ''), x.created_at, y.name"
    " FROM relations x JOIN labels l ON l.id = x.label_id LEFT JOIN reviewers r ON r.id = x.reviewer_id"
    " JOIN layers y ON y.id = x.layer_id"
)
SPAN_INSERT = (
    'INSERT INTO spans(id, doc_id, layer_id, start, "end", label_id, reviewer_id, created_at) VALUES (?,?,?,?,?,?,?,?)'
)
RELATION_INSERT = (
    "INSERT INTO relations(id, doc_id, layer_id, head_id, tail_id, label_id, reviewer_id, created_at)"
    " VALUES (?,?,?,?,?,?,?,?)"
)


class AnnotationMixin:
    """Mixed into Project; relies on conn, reviewer_id, layer_id, transaction(), _touch() and now().

    Edits land in the reviewer's own layer (layer_id); a span is checked against its own layer only."""

    # spans ------------------------------------------------------------------------------------------
    def spans(self, doc_id: int, layer: str | None = None, *, all_layers: bool = False) -> list[Span]:
        """The document's entities as a reader takes them (layer None: the layers of read_layers, by default gold
        where the document has it, else its reviewers' and imports' layers merged, each entity once; see
        annotations_in), in one layer (by name), or all_layers: every entity of every layer as stored."""
        if layer is None and not all_layers:
            return self.annotations_in([doc_id], self.read_layers)[doc_id][0]
        if all_layers:
            rows = self.conn.execute(f'{SPAN_SELECT} WHERE s.doc_id = ? ORDER BY s.start, s."end", s.layer_id',
                                     (doc_id,))
        else:
            rows = self.conn.execute(f'{SPAN_SELECT} WHERE s.doc_id = ? AND y.name = ? ORDER BY s.start, s."end"',
                                     (doc_id, layer))
        return [Span(*r) for r in rows]

    def span(self, span_id: int) -> Span:
        row = self.conn.execute(f"{SPAN_SELECT} WHERE s.id = ?", (span_id,)).fetchone()
        if row is None:
            raise AnnotationError(f"span {span_id} does not exist")
        return Span(*row)

    def add_span(self, doc_id: int, start: int, end: int, label: str, *, span_id: int | None = None) -> Span:
        """Add an entity. Overlap with another entity is refused (the NER layer is flat)."""
        return self.add_spans(doc_id, [(start, end, label)], span_ids=[span_id] if span_id else None)[0]

    def add_spans(
        self, doc_id: int, items: Sequence[tuple[int, int, str]], *, span_ids: Sequence[int] | None = None
    ) -> list[Span]:
        """Add several entities in one transaction (e.g. "label all occurrences"); all or nothing."""
        stamp = now()
        created = []
        with self.transaction() as c:
            length = self._text_length(doc_id)
            for i, (start, end, label) in enumerate(items):
                sid = span_ids[i] if span_ids else None
                created.append(self._insert_span(c, Span(sid, doc_id, start, end, label, self.reviewer, stamp,
                                                         self.layer_name), length))
            self._touch(c, doc_id)
        return created

    def copy_spans(self, span_ids: Sequence[int], *, with_relations: bool = True,
                   keep_authors: bool = False) -> tuple[list[Span], list[Relation]]:
        """Copy entities of other layers into the reviewer's own layer (one transaction), with the relations
        among the copied ones. An entity that is already in the own layer (same offsets and label) is not copied
        again; one that overlaps an entity of the own layer is refused. keep_authors: the copies keep their
        author and time (imported labels stay authorless), else they are the reviewer's, now."""
        sources = [self.span(i) for i in span_ids]
        stamp = now()
        created: dict[int, Span] = {}
        own_id: dict[int, int] = {}  # source span -> its copy or its twin already in the own layer
        relations: list[Relation] = []
        with self.transaction() as c:
            for src in sources:
                if src.layer == self.layer_name:
                    continue
                twin = c.execute(
                    f'{SPAN_SELECT} WHERE s.doc_id = ? AND s.layer_id = ? AND s.start = ? AND s."end" = ? AND l.name = ?',
                    (src.doc_id, self.layer_id, src.start, src.end, src.label)).fetchone()
                if twin is not None:
                    own_id[src.id] = twin[0]
                    continue
                who, when = (src.reviewer, src.created_at) if keep_authors else (self.reviewer, stamp)
                created[src.id] = self._insert_span(
                    c, Span(None, src.doc_id, src.start, src.end, src.label, who, when, self.layer_name),
                    self._text_length(src.doc_id))
                own_id[src.id] = created[src.id].id
            if with_relations and created:
                marks = ",".join("?" * len(own_id))
                for rel in [Relation(*r) for r in c.execute(
                        f"{REL_SELECT} WHERE x.head_id IN ({marks}) AND x.tail_id IN ({marks})", [*own_id, *own_id])]:
                    head, tail = own_id[rel.head_id], own_id[rel.tail_id]
                    if rel.head_id not in created and rel.tail_id not in created:
                        continue  # both ends were there already, and so was the choice about this relation
                    if c.execute("SELECT 1 FROM relations x JOIN labels l ON l.id = x.label_id"
                                 " WHERE x.head_id = ? AND x.tail_id = ? AND l.name = ?",
                                 (head, tail, rel.label)).fetchone() is None:
                        who, when = (rel.reviewer, rel.created_at) if keep_authors else (self.reviewer, stamp)
                        relations.append(self._insert_relation(c, Relation(
                            None, rel.doc_id, head, tail, rel.label, who, when, self.layer_name)))
            if not keep_authors:  # taking over the imported labels is nobody's edit: the last edit stays
                for doc_id in {s.doc_id for s in created.values()}:
                    self._touch(c, doc_id)
        return list(created.values()), relations

    def _insert_span(self, c, span: Span, length: int) -> Span:
        """The one span INSERT: checks the span against the text and its layer, returns it with its id."""
        layer_id = self._layer_id_of(span.layer)
        self._check_span(c, span.doc_id, layer_id, span.start, span.end, length, exclude=None)
        cur = c.execute(SPAN_INSERT, (span.id, span.doc_id, layer_id, span.start, span.end,
                                      self._label_id("entity", span.label),
                                      self._reviewer_or_none(span.reviewer), span.created_at))
        return Span(cur.lastrowid, span.doc_id, span.start, span.end, span.label, span.reviewer, span.created_at,
                    span.layer)

    def _insert_relation(self, c, rel: Relation, *, skip_existing: bool = False) -> Relation:
        """The one relation INSERT (the relations_within_layer trigger keeps both ends in its layer).
        skip_existing: a relation already there is left alone (ON CONFLICT, unlike OR IGNORE, still lets a
        CHECK failure raise)."""
        sql = RELATION_INSERT + " ON CONFLICT DO NOTHING" if skip_existing else RELATION_INSERT
        cur = c.execute(sql, (rel.id, rel.doc_id, self._layer_id_of(rel.layer), rel.head_id, rel.tail_id,
                              self._label_id("relation", rel.label), self._reviewer_or_none(rel.reviewer),
                              rel.created_at))
        return Relation(cur.lastrowid if rel.id is None else rel.id, rel.doc_id, rel.head_id, rel.tail_id, rel.label,
                        rel.reviewer, rel.created_at, rel.layer)

    def update_span(self, span_id: int, *, start: int | None = None, end: int | None = None,
                    label: str | None = None) -> tuple[Span, Span]:
        """Change a span's boundaries or label; returns (before, after). Relations stay attached."""
        old = self.span(span_id)
        new_start = old.start if start is None else start
        new_end = old.end if end is None else end
        new_label = old.label if label is None else label
        stamp = now()
        with self.transaction() as c:
            self._check_span(c, old.doc_id, self._layer_id_of(old.layer), new_start, new_end,
                             self._text_length(old.doc_id), exclude=span_id)
            c.execute(
                'UPDATE spans SET start = ?, "end" = ?, label_id = ?, reviewer_id = ?, created_at = ? WHERE id = ?',
                (new_start, new_end, self._label_id("entity", new_label), self.reviewer_id, stamp, span_id),
            )
            if new_label != old.label:
                self._check_relations_still_allowed(c, span_id, new_label)
            self._touch(c, old.doc_id)
        return old, Span(span_id, old.doc_id, new_start, new_end, new_label, self.reviewer, stamp, old.layer)

    def delete_span(self, span_id: int) -> tuple[Span, list[Relation]]:
        """Delete a span and (by cascade) its relations; returns both so an undo can restore them."""
        span = self.span(span_id)
        rels = [
            Relation(*r)
            for r in self.conn.execute(f"{REL_SELECT} WHERE x.head_id = ? OR x.tail_id = ?", (span_id, span_id))
        ]
        with self.transaction() as c:
            c.execute("DELETE FROM spans WHERE id = ?", (span_id,))
            self._touch(c, span.doc_id)
        return span, rels

    def delete_spans(self, span_ids: Iterable[int]) -> list[tuple[Span, list[Relation]]]:
        removed = []
        ids = list(span_ids)
        if not ids:
            return removed
        for sid in ids:
            span = self.span(sid)
            rels = [Relation(*r) for r in self.conn.execute(f"{REL_SELECT} WHERE x.head_id = ? OR x.tail_id = ?", (sid, sid))]
            removed.append((span, rels))
        with self.transaction() as c:
            c.executemany("DELETE FROM spans WHERE id = ?", [(i,) for i in ids])
            self._touch(c, removed[0][0].doc_id)
        return removed

    def restore_span(self, span: Span, relations: Sequence[Relation] = (), links: Sequence = ()) -> None:
        """Undo of a delete: the span and its relations come back with their ids, authors and times, and its
        canonical link (`links`: store.entities.SpanLink, read with span_entity_links before the delete)."""
        with self.transaction() as c:
            self._insert_span(c, span, self._text_length(span.doc_id))
            for rel in relations:
                self._insert_relation(c, rel, skip_existing=True)  # already back (undo twice): skip it
            self._restore_links(c, links)
            self._touch(c, span.doc_id)

    def _check_span(self, c, doc_id: int, layer_id: int, start: int, end: int, length: int,
                    exclude: int | None) -> None:
        problem = span_bounds_problem(start, end, length)
        if problem:
            raise AnnotationError(problem)
        clash = c.execute(
            f'{SPAN_SELECT} WHERE s.doc_id = ? AND s.layer_id = ? AND s.start < ? AND s."end" > ? AND s.id IS NOT ?'
            " LIMIT 1",
            (doc_id, layer_id, end, start, exclude),
        ).fetchone()
        if clash is not None:
            other = Span(*clash)
            raise OverlapError(other.label, other.start, other.end)

    def _text_length(self, doc_id: int) -> int:
        row = self.conn.execute("SELECT text_length FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            raise AnnotationError(f"document {doc_id} does not exist")
        return row[0]

    def _reviewer_or_none(self, name: str) -> int | None:
        """The author's id; None for imported labels (no author)."""
        if not name:
            return None
        if name == self.reviewer:
            return self.reviewer_id
        row = self.conn.execute("SELECT id FROM reviewers WHERE name = ?", (name,)).fetchone()
        return row[0] if row else self.reviewer_id

    def entity_string_counts(self, doc_ids: Iterable[int] | None = None) -> "Counter[str]":
        """How many entities (every layer but the suggestions) have each surface string, in every document or only in doc_ids."""
        from collections import Counter

        sql = ('SELECT substr(d.text, s.start + 1, s."end" - s.start) FROM spans s JOIN documents d ON d.id = s.doc_id'
               " WHERE s.layer_id NOT IN (SELECT id FROM layers WHERE kind = 'suggestions')")  # labels, not proposals
        counts: Counter[str] = Counter()
        if doc_ids is None:
            # In document order, so SQLite reads each document's text pages once.
            counts.update(text for (text,) in self.conn.execute(sql + " ORDER BY s.doc_id"))
            return counts
        ids = sorted(set(doc_ids))
        for i in range(0, len(ids), 500):  # below SQLite's bound-parameter limit
            part = ids[i : i + 500]
            counts.update(text for (text,) in self.conn.execute(
                f"{sql} AND s.doc_id IN ({','.join('?' * len(part))})", part))
        return counts

    # relations --------------------------------------------------------------------------------------
    def relations(self, doc_id: int, layer: str | None = None, *, all_layers: bool = False) -> list[Relation]:
        """The document's relations, chosen as spans() chooses its entities (so their ends are among them)."""
        if layer is None and not all_layers:
            return self.annotations_in([doc_id], self.read_layers)[doc_id][1]
        if all_layers:
            rows = self.conn.execute(f"{REL_SELECT} WHERE x.doc_id = ? ORDER BY x.id", (doc_id,))
        else:
            rows = self.conn.execute(f"{REL_SELECT} WHERE x.doc_id = ? AND y.name = ? ORDER BY x.id", (doc_id, layer))
        return [Relation(*r) for r in rows]

    def add_relation(self, head_id: int, tail_id: int, label: str, *, relation_id: int | None = None,
                     restore: Relation | None = None) -> Relation:
        """Add a directed relation; the scheme must allow it between the two spans' labels. restore: a relation
        coming back (redo, undo of a delete) with its id, author and time."""
        head, tail = self.span(head_id), self.span(tail_id)
        if head.doc_id != tail.doc_id:
            raise AnnotationError("a relation links two spans of the same document")
        if head_id == tail_id:
            raise AnnotationError("a relation needs two different spans")
        if head.layer != tail.layer:
            raise AnnotationError(f"a relation links two entities of one layer ({head.layer} and {tail.layer} differ);"
                                  " copy the entity into your layer first")
        self._check_relation_allowed(label, head.label, tail.label)
        stamp = now()
        with self.transaction() as c:
            exists = c.execute(
                "SELECT 1 FROM relations WHERE head_id = ? AND tail_id = ? AND label_id = ?",
                (head_id, tail_id, self._label_id("relation", label)),
            ).fetchone()
            if exists:
                raise AnnotationError(f"this {label} relation already exists")
            who, when = (restore.reviewer, restore.created_at) if restore is not None else (self.reviewer, stamp)
            relation = self._insert_relation(c, Relation(relation_id, head.doc_id, head_id, tail_id, label,
                                                         who, when, head.layer))
            self._touch(c, head.doc_id)
        return relation

    def delete_relation(self, relation_id: int) -> Relation:
        row = self.conn.execute(f"{REL_SELECT} WHERE x.id = ?", (relation_id,)).fetchone()
        if row is None:
            raise AnnotationError(f"relation {relation_id} does not exist")
        rel = Relation(*row)
        with self.transaction() as c:
            c.execute("DELETE FROM relations WHERE id = ?", (relation_id,))
            self._touch(c, rel.doc_id)
        return rel

    def _check_relation_allowed(self, label: str, head_label: str, tail_label: str) -> None:
        rel = self.scheme().relation(label)
        if rel is None:
            raise AnnotationError(f"unknown relation type {label!r}")
        if (rel.heads and head_label not in rel.heads) or (rel.tails and tail_label not in rel.tails):
            raise AnnotationError(f"the scheme does not allow {label} from {head_label} to {tail_label}")

    def _check_relations_still_allowed(self, c, span_id: int, new_label: str) -> None:
        scheme = self.scheme()
        for rel in [Relation(*r) for r in c.execute(f"{REL_SELECT} WHERE x.head_id = ? OR x.tail_id = ?", (span_id, span_id))]:
            head = new_label if rel.head_id == span_id else self.span(rel.head_id).label
            tail = new_label if rel.tail_id == span_id else self.span(rel.tail_id).label
            allowed = {r.name for r in scheme.allowed_relations(head, tail)}
            if rel.label not in allowed:
                raise AnnotationError(
                    f"relabelling to {new_label} would break its {rel.label} relation; delete the relation first"
                )

    # labels -----------------------------------------------------------------------------------------
    def scheme(self) -> LabelScheme:
        rows = self.conn.execute(
            "SELECT id, kind, name, display, color, hotkey, description, report_role FROM labels ORDER BY position, id"
        ).fetchall()
        entity_names = {r[0]: r[2] for r in rows if r[1] == "entity"}
        rules: dict[int, dict[str, list[str]]] = {}
        rule_rows = self.conn.execute("SELECT relation_id, role, entity_id FROM relation_rules").fetchall()
        # The CHECKs and foreign keys keep these true; a file past 4 MB is not copied to have its CHECKs checked
        # when it is opened (connection.page_problem), so a flipped byte here is refused by name.
        if any(r[1] not in ("entity", "relation") for r in rows) or any(
                role not in ("head", "tail") or ent_id not in entity_names for _, role, ent_id in rule_rows):
            raise CorruptDatabaseError(f"{self.path}: the database is damaged (its label scheme breaks the schema's"
                                       " rules); nothing was changed")
        for rel_id, role, ent_id in rule_rows:
            rules.setdefault(rel_id, {"head": [], "tail": []})[role].append(entity_names[ent_id])
        scheme = LabelScheme(name=self.get_meta("scheme_name", "scheme") or "scheme")
        patterns = _stored_patterns(self.get_meta("scheme_patterns", None))
        order = {r[2]: i for i, r in enumerate(rows) if r[1] == "entity"}
        for id_, kind, name, display, color, key, desc, role in rows:
            if kind == "entity":
                scheme.entities.append(EntityLabel(name, display, color, key, desc, role,
                                                   patterns=patterns.get(name, [])))
            else:
                r = rules.get(id_, {"head": [], "tail": []})
                heads = sorted(r["head"], key=order.get)
                tails = sorted(r["tail"], key=order.get)
                scheme.relations.append(RelationLabel(name, display, heads, tails, desc, color, role))
        return scheme

    def save_scheme(self, scheme: LabelScheme, *, renames: dict[str, str] | None = None,
                    relation_renames: dict[str, str] | None = None, delete_used: bool = False) -> None:
        """Replace the scheme. Renamed labels keep their ids and so their spans; a label that is dropped
        while spans use it is refused unless delete_used is set (then its spans go too)."""
        with self.transaction() as c:
            self._write_scheme(c, scheme, renames=renames, relation_renames=relation_renames, delete_used=delete_used)

    def _write_scheme(self, c, scheme: LabelScheme, *, renames: dict[str, str] | None = None,
                      relation_renames: dict[str, str] | None = None, delete_used: bool = False) -> None:
        """save_scheme inside the caller's transaction (a merge writes its scheme with everything else)."""
        scheme.validate()
        renames = renames or {}
        relation_renames = relation_renames or {}
        self._sync_labels(c, "entity", scheme.entities, renames, delete_used)
        self._sync_labels(c, "relation", scheme.relations, relation_renames, delete_used)
        ids = self._label_ids("entity")
        c.execute("DELETE FROM relation_rules")
        for rel in scheme.relations:
            rid = self._label_id("relation", rel.name)
            c.executemany(
                "INSERT INTO relation_rules(relation_id, role, entity_id) VALUES (?,?,?) ON CONFLICT DO NOTHING",
                [(rid, "head", ids[h]) for h in rel.heads] + [(rid, "tail", ids[t]) for t in rel.tails],
            )
        c.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('scheme_name', ?)", (scheme.name,))
        # Suggestion patterns by label name, beside the labels table (no column: nothing queries them).
        stored = {e.name: e.patterns for e in scheme.entities if e.patterns}
        c.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('scheme_patterns', ?)",
                  (json.dumps(stored, ensure_ascii=False),))

    def _sync_labels(self, c, kind: str, labels, renames: dict[str, str], delete_used: bool) -> None:
        existing = self._label_ids(kind)
        for old, new in renames.items():
            if old in existing and old != new:
                if new in existing:
                    raise AnnotationError(f"cannot rename {old} to {new}: {new} already exists")
                c.execute("UPDATE labels SET name = ? WHERE id = ?", (new, existing[old]))
                existing[new] = existing.pop(old)
        wanted = {lab.name for lab in labels}
        for name, label_id in existing.items():
            if name in wanted:
                continue
            used = self.label_usage(name, kind=kind)
            if used and not delete_used:
                raise AnnotationError(f"label {name} is used by {used} annotations; confirm to delete them too")
            table = "spans" if kind == "entity" else "relations"
            c.execute(f"DELETE FROM {table} WHERE label_id = ?", (label_id,))
            c.execute("DELETE FROM labels WHERE id = ?", (label_id,))
        for pos, lab in enumerate(labels):
            key = getattr(lab, "key", "")
            color = lab.color
            c.execute(
                "INSERT INTO labels(kind, name, display, color, hotkey, description, position, report_role)"
                " VALUES (?,?,?,?,?,?,?,?) ON CONFLICT(kind, name) DO UPDATE SET display = excluded.display,"
                " color = excluded.color, hotkey = excluded.hotkey, description = excluded.description,"
                " position = excluded.position, report_role = excluded.report_role",
                (kind, lab.name, lab.display, color, key, lab.description, pos, lab.role),
            )

    def label_usage(self, name: str, *, kind: str = "entity") -> int:
        """Annotations with the label; pending suggestions are none (a dropped label takes them silently)."""
        table = "spans" if kind == "entity" else "relations"
        return self.conn.execute(
            f"SELECT COUNT(*) FROM {table} t JOIN labels l ON l.id = t.label_id WHERE l.kind = ? AND l.name = ?"
            " AND t.layer_id NOT IN (SELECT id FROM layers WHERE kind = 'suggestions')",
            (kind, name),
        ).fetchone()[0]

    def ensure_entity_labels(self, names: Iterable[str]) -> list[str]:
        """Add entity labels that are missing (used by importers for formats with a fixed tag set)."""
        scheme = self.scheme()
        added = [n for n in dict.fromkeys(names) if scheme.entity(n) is None]
        if added:
            from annotator.core.scheme import EntityLabel as _E

            palette = ["#8ecae6", "#ffb703", "#b5e48c", "#f4a3c0", "#cdb4db", "#a0c4ff", "#caffbf", "#ffadad"]
            for i, name in enumerate(added):
                scheme.entities.append(_E(name, name, palette[(len(scheme.entities) + i) % len(palette)], "", ""))
            self.save_scheme(scheme)
        return added

    def _label_ids(self, kind: str) -> dict[str, int]:
        return dict(self.conn.execute("SELECT name, id FROM labels WHERE kind = ?", (kind,)).fetchall())

    def _label_id(self, kind: str, name: str) -> int:
        row = self.conn.execute("SELECT id FROM labels WHERE kind = ? AND name = ?", (kind, name)).fetchone()
        if row is None:
            raise AnnotationError(f"unknown {'label' if kind == 'entity' else 'relation type'} {name!r}")
        return row[0]


def _stored_patterns(value: str | None) -> dict[str, list]:
    """The scheme_patterns meta value; a damaged one loses the patterns, never the scheme."""
    try:
        data = json.loads(value) if value else {}
    except ValueError:
        return {}
    return {k: v for k, v in data.items() if isinstance(v, list)} if isinstance(data, dict) else {}
