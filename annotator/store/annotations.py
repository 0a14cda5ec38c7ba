"""Spans, relations and the label scheme. Every public method is one committed transaction."""

from __future__ import annotations

import json
from typing import Iterable, Sequence

from annotator.core.model import Relation, Span
from annotator.core.scheme import EntityLabel, LabelScheme, RelationLabel
from annotator.store.errors import AnnotationError

SPAN_SELECT = (
    'SELECT s.id, s.doc_id, s.start, s."end", l.name, r.name, s.created_at FROM spans s'
    " JOIN labels l ON l.id = s.label_id JOIN reviewers r ON r.id = s.reviewer_id"
)
REL_SELECT = (
    "SELECT x.id, x.doc_id, x.head_id, x.tail_id, l.name, r.name, x.created_at FROM relations x"
    " JOIN labels l ON l.id = x.label_id JOIN reviewers r ON r.id = x.reviewer_id"
)


class AnnotationMixin:
    """Mixed into Project; relies on conn, reviewer_id, transaction(), _touch() and now()."""

    # spans ------------------------------------------------------------------------------------------
    def spans(self, doc_id: int) -> list[Span]:
        return [Span(*r) for r in self.conn.execute(f"{SPAN_SELECT} WHERE s.doc_id = ? ORDER BY s.start, s.\"end\"", (doc_id,))]

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
        from annotator.store.project import now

        stamp = now()
        created = []
        with self.transaction() as c:
            length = self._text_length(doc_id)
            for i, (start, end, label) in enumerate(items):
                self._check_span(c, doc_id, start, end, length, exclude=None)
                label_id = self._label_id("entity", label)
                sid = span_ids[i] if span_ids else None
                cur = c.execute(
                    'INSERT INTO spans(id, doc_id, start, "end", label_id, reviewer_id, created_at)'
                    " VALUES (?,?,?,?,?,?,?)",
                    (sid, doc_id, start, end, label_id, self.reviewer_id, stamp),
                )
                created.append(Span(cur.lastrowid, doc_id, start, end, label, self.reviewer, stamp))
            self._touch(c, doc_id)
        return created

    def update_span(self, span_id: int, *, start: int | None = None, end: int | None = None,
                    label: str | None = None) -> tuple[Span, Span]:
        """Change a span's boundaries or label; returns (before, after). Relations stay attached."""
        from annotator.store.project import now

        old = self.span(span_id)
        new_start = old.start if start is None else start
        new_end = old.end if end is None else end
        new_label = old.label if label is None else label
        stamp = now()
        with self.transaction() as c:
            self._check_span(c, old.doc_id, new_start, new_end, self._text_length(old.doc_id), exclude=span_id)
            c.execute(
                'UPDATE spans SET start = ?, "end" = ?, label_id = ?, reviewer_id = ?, created_at = ? WHERE id = ?',
                (new_start, new_end, self._label_id("entity", new_label), self.reviewer_id, stamp, span_id),
            )
            if new_label != old.label:
                self._check_relations_still_allowed(c, span_id, new_label)
            self._touch(c, old.doc_id)
        return old, self.span(span_id)

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

    def restore_span(self, span: Span, relations: Sequence[Relation] = ()) -> None:
        """Undo of a delete: the span and its relations come back with their ids, authors and times."""
        with self.transaction() as c:
            length = self._text_length(span.doc_id)
            self._check_span(c, span.doc_id, span.start, span.end, length, exclude=None)
            c.execute(
                'INSERT INTO spans(id, doc_id, start, "end", label_id, reviewer_id, created_at) VALUES (?,?,?,?,?,?,?)',
                (span.id, span.doc_id, span.start, span.end, self._label_id("entity", span.label),
                 self._reviewer_or_me(span.reviewer), span.created_at),
            )
            for rel in relations:
                c.execute(
                    # already back (undo twice): skip it; ON CONFLICT, unlike OR IGNORE, lets CHECK failures raise
                    "INSERT INTO relations(id, doc_id, head_id, tail_id, label_id, reviewer_id, created_at)"
                    " VALUES (?,?,?,?,?,?,?) ON CONFLICT DO NOTHING",
                    (rel.id, rel.doc_id, rel.head_id, rel.tail_id, self._label_id("relation", rel.label),
                     self._reviewer_or_me(rel.reviewer), rel.created_at),
                )
            self._touch(c, span.doc_id)

    def _check_span(self, c, doc_id: int, start: int, end: int, length: int, exclude: int | None) -> None:
        if not (isinstance(start, int) and isinstance(end, int)) or not 0 <= start < end <= length:
            raise AnnotationError(f"span [{start}, {end}) is outside the text (length {length})")
        clash = c.execute(
            f'{SPAN_SELECT} WHERE s.doc_id = ? AND s.start < ? AND s."end" > ? AND s.id IS NOT ? LIMIT 1',
            (doc_id, end, start, exclude),
        ).fetchone()
        if clash is not None:
            other = Span(*clash)
            raise AnnotationError(
                f"overlaps the {other.label} entity at {other.start}–{other.end}; entities in the NER layer cannot overlap"
            )

    def _text_length(self, doc_id: int) -> int:
        row = self.conn.execute("SELECT text_length FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            raise AnnotationError(f"document {doc_id} does not exist")
        return row[0]

    def _reviewer_or_me(self, name: str) -> int:
        row = self.conn.execute("SELECT id FROM reviewers WHERE name = ?", (name,)).fetchone()
        return row[0] if row else self.reviewer_id

    # relations --------------------------------------------------------------------------------------
    def relations(self, doc_id: int) -> list[Relation]:
        return [Relation(*r) for r in self.conn.execute(f"{REL_SELECT} WHERE x.doc_id = ? ORDER BY x.id", (doc_id,))]

    def add_relation(self, head_id: int, tail_id: int, label: str, *, relation_id: int | None = None) -> Relation:
        """Add a directed relation; the scheme must allow it between the two spans' labels."""
        from annotator.store.project import now

        head, tail = self.span(head_id), self.span(tail_id)
        if head.doc_id != tail.doc_id:
            raise AnnotationError("a relation links two spans of the same document")
        if head_id == tail_id:
            raise AnnotationError("a relation needs two different spans")
        self._check_relation_allowed(label, head.label, tail.label)
        stamp = now()
        with self.transaction() as c:
            exists = c.execute(
                "SELECT 1 FROM relations WHERE head_id = ? AND tail_id = ? AND label_id = ?",
                (head_id, tail_id, self._label_id("relation", label)),
            ).fetchone()
            if exists:
                raise AnnotationError(f"this {label} relation already exists")
            cur = c.execute(
                "INSERT INTO relations(id, doc_id, head_id, tail_id, label_id, reviewer_id, created_at)"
                " VALUES (?,?,?,?,?,?,?)",
                (relation_id, head.doc_id, head_id, tail_id, self._label_id("relation", label), self.reviewer_id, stamp),
            )
            self._touch(c, head.doc_id)
        return Relation(cur.lastrowid, head.doc_id, head_id, tail_id, label, self.reviewer, stamp)

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
        names = {r[0]: r[2] for r in rows}
        rules: dict[int, dict[str, list[str]]] = {}
        for rel_id, role, ent_id in self.conn.execute(
            "SELECT relation_id, role, entity_id FROM relation_rules"
        ):
            rules.setdefault(rel_id, {"head": [], "tail": []})[role].append(names[ent_id])
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
        scheme.validate()
        renames = renames or {}
        relation_renames = relation_renames or {}
        with self.transaction() as c:
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
        table = "spans" if kind == "entity" else "relations"
        return self.conn.execute(
            f"SELECT COUNT(*) FROM {table} t JOIN labels l ON l.id = t.label_id WHERE l.kind = ? AND l.name = ?",
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
