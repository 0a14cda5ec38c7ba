"""The catalogue of canonical entities: one row per entity (label, name), its aliases, and the mentions
a reviewer has linked to it. Automatic proposals (annotator.core.canonical) fill the gaps at read time;
what is stored here is what a reviewer confirmed or corrected."""

from __future__ import annotations

from dataclasses import dataclass, field

from annotator.core.canonical import Mention, Proposal, norm, propose
from annotator.store.errors import AnnotationError


@dataclass(slots=True)
class CanonicalEntity:
    id: int
    label: str
    name: str
    aliases: list[str] = field(default_factory=list)
    mentions: int = 0  # linked mentions


def canonical_id(label: str, name: str) -> str:
    """The id exports give a canonical entity: stable across exports and projects, readable, no spaces
    (brat's normalisation ids cannot hold one): "ORG:중소벤처기업부", "ZONE:강원_정밀의료_산업"."""
    return f"{label}:{'_'.join(name.split())}"


@dataclass(frozen=True, slots=True)
class SpanLink:
    """A mention's confirmed canonical entity (a span_entities row)."""

    span_id: int
    entity_id: int
    reviewer_id: int
    created_at: str


class EntityCatalogueMixin:
    """Mixed into Project; relies on conn, transaction(), reviewer_id and _label_id."""

    def canonical_names(self, doc_id: int, text: str, spans, *, catalogue=None, roles=None,
                        linked=None) -> dict[int, Proposal]:
        """span id -> Proposal (canonical name and the rule that chose it) for a document's spans.
        Pass catalogue (catalogue_lookup()), roles (label -> report role) and linked (span_links_of() of a chunk of
        documents holding this one) when calling per document."""
        if not spans:
            return {}
        if catalogue is None:
            catalogue = self.catalogue_lookup()
        if roles is None:
            roles = {e.name: e.role for e in self.scheme().entities if e.role}
        mentions = [Mention(sp.id, sp.label, sp.start, sp.end, norm(text[sp.start:sp.end])) for sp in spans]
        return propose(mentions, roles, text=text, catalogue=catalogue,
                       linked=self.span_links(doc_id) if linked is None else linked)

    def entity_catalogue(self, label: str | None = None) -> list[CanonicalEntity]:
        sql = ("SELECT e.id, l.name, e.name, (SELECT COUNT(*) FROM span_entities se WHERE se.entity_id = e.id)"
               " FROM entities e JOIN labels l ON l.id = e.label_id")
        args: list = []
        if label is not None:
            sql += " WHERE l.name = ?"
            args.append(label)
        entities = {r[0]: CanonicalEntity(r[0], r[1], r[2], [], r[3]) for r in self.conn.execute(sql + " ORDER BY l.position, e.name", args)}
        for entity_id, alias in self.conn.execute("SELECT entity_id, alias FROM entity_aliases ORDER BY alias"):
            if entity_id in entities:
                entities[entity_id].aliases.append(alias)
        return list(entities.values())

    def adopt_proposals(self, label: str | None = None, *, progress=None, cancel=None) -> int:
        """File the automatic proposals in the catalogue: every canonical name that other names were
        proposed for becomes an entity with those names as aliases. An alias the catalogue already files
        under some entity stays there (the reviewer's word wins). Returns the number of aliases added."""
        catalogue = self.catalogue_lookup()
        roles = {e.name: e.role for e in self.scheme().entities if e.role}
        groups: dict[tuple[str, str], set[str]] = {}
        total = self.count_documents() or 1
        for n, doc in enumerate(self.iter_documents(), 1):
            if cancel is not None and cancel():
                break
            spans = [sp for sp in self.spans(doc.id) if label is None or sp.label == label]
            if spans:
                for sp, proposal in zip(spans, self._proposals(doc, spans, catalogue, roles)):
                    if proposal.rule not in ("same", "catalogue", "reviewer"):
                        groups.setdefault((sp.label, proposal.name), set()).add(norm(doc.text[sp.start:sp.end]))
            if progress is not None and n % 200 == 0:
                progress(n / total, f"{n}/{total}")
        added = 0
        for (entity_label, name), aliases in sorted(groups.items()):
            fresh = sorted(a for a in aliases if (entity_label, a) not in catalogue)
            if fresh:
                self.create_entity(entity_label, name, fresh)
                added += len(fresh)
        return added

    def _proposals(self, doc, spans, catalogue, roles) -> list:
        names = self.canonical_names(doc.id, doc.text, spans, catalogue=catalogue, roles=roles)
        return [names[sp.id] for sp in spans]

    def catalogue_lookup(self) -> dict[tuple[str, str], str]:
        """(label, name or alias) -> canonical name, for annotator.core.canonical.propose."""
        found: dict[tuple[str, str], str] = {}
        for label, name in self.conn.execute("SELECT l.name, e.name FROM entities e JOIN labels l ON l.id = e.label_id"):
            found[(label, name)] = name
        for label, alias, name in self.conn.execute(
            "SELECT l.name, a.alias, e.name FROM entity_aliases a JOIN entities e ON e.id = a.entity_id"
            " JOIN labels l ON l.id = e.label_id"
        ):
            found[(label, alias)] = name
        return found

    def entity_ids(self) -> dict[tuple[str, str], int]:
        """(label, canonical name) -> entity id."""
        return {(label, name): id_ for id_, label, name in self.conn.execute(
            "SELECT e.id, l.name, e.name FROM entities e JOIN labels l ON l.id = e.label_id")}

    def span_links_of(self, doc_ids) -> dict[int, str]:
        """span id -> canonical name, for the linked mentions of several documents (one query per 500)."""
        ids = list(doc_ids)
        out: dict[int, str] = {}
        for i in range(0, len(ids), 500):
            part = ids[i:i + 500]
            out.update(self.conn.execute(
                "SELECT se.span_id, e.name FROM span_entities se JOIN spans s ON s.id = se.span_id"
                f" JOIN entities e ON e.id = se.entity_id WHERE s.doc_id IN ({','.join('?' * len(part))})", part))
        return out

    def span_links(self, doc_id: int) -> dict[int, str]:
        """span id -> canonical name, for the mentions of a document a reviewer linked."""
        return dict(self.conn.execute(
            "SELECT se.span_id, e.name FROM span_entities se JOIN spans s ON s.id = se.span_id"
            " JOIN entities e ON e.id = se.entity_id WHERE s.doc_id = ?", (doc_id,)))

    def create_entity(self, label: str, name: str, aliases=()) -> int:
        from annotator.store.project import now

        name = norm(name)
        if not name:
            raise AnnotationError("an entity needs a name")
        with self.transaction() as c:
            label_id = self._label_id("entity", label)
            row = c.execute("SELECT id FROM entities WHERE label_id = ? AND name = ?", (label_id, name)).fetchone()
            entity_id = row[0] if row else c.execute(
                "INSERT INTO entities(label_id, name, created_at) VALUES (?,?,?)", (label_id, name, now())).lastrowid
            for alias in aliases:
                self._add_alias(c, entity_id, alias)
        return entity_id

    def add_alias(self, entity_id: int, alias: str) -> None:
        with self.transaction() as c:
            self._add_alias(c, entity_id, alias)

    def _add_alias(self, c, entity_id: int, alias: str) -> None:
        alias = norm(alias)
        name = c.execute("SELECT name, label_id FROM entities WHERE id = ?", (entity_id,)).fetchone()
        if name is None:
            raise AnnotationError(f"entity {entity_id} does not exist")
        if not alias or alias == name[0]:
            return
        # an alias names one entity of its label: filing it here takes it from any other
        c.execute("DELETE FROM entity_aliases WHERE alias = ? AND entity_id IN"
                  " (SELECT id FROM entities WHERE label_id = ?)", (alias, name[1]))
        c.execute("INSERT OR IGNORE INTO entity_aliases(entity_id, alias) VALUES (?, ?)", (entity_id, alias))

    def remove_alias(self, entity_id: int, alias: str) -> None:
        with self.transaction() as c:
            c.execute("DELETE FROM entity_aliases WHERE entity_id = ? AND alias = ?", (entity_id, alias))

    def rename_entity(self, entity_id: int, name: str) -> None:
        name = norm(name)
        if not name:
            raise AnnotationError("an entity needs a name")
        with self.transaction() as c:
            old = c.execute("SELECT name FROM entities WHERE id = ?", (entity_id,)).fetchone()
            if old is None:
                raise AnnotationError(f"entity {entity_id} does not exist")
            c.execute("UPDATE entities SET name = ? WHERE id = ?", (name, entity_id))
            c.execute("DELETE FROM entity_aliases WHERE entity_id = ? AND alias = ?", (entity_id, name))
            if old[0] != name:
                c.execute("INSERT OR IGNORE INTO entity_aliases(entity_id, alias) VALUES (?, ?)", (entity_id, old[0]))

    def link_span(self, span_id: int, entity_id: int) -> None:
        """The reviewer says this mention names that entity; its text becomes an alias."""
        from annotator.store.project import now

        span = self.span(span_id)
        text = norm(self._doc_text(span.doc_id)[span.start:span.end])
        with self.transaction() as c:
            row = c.execute("SELECT l.name FROM entities e JOIN labels l ON l.id = e.label_id WHERE e.id = ?",
                            (entity_id,)).fetchone()
            if row is None:
                raise AnnotationError(f"entity {entity_id} does not exist")
            if row[0] != span.label:
                raise AnnotationError(f"a {span.label} mention cannot name a {row[0]} entity")
            c.execute("INSERT OR REPLACE INTO span_entities(span_id, entity_id, reviewer_id, created_at)"
                      " VALUES (?,?,?,?)", (span_id, entity_id, self.reviewer_id, now()))
            self._add_alias(c, entity_id, text)

    def unlink_span(self, span_id: int) -> None:
        with self.transaction() as c:
            c.execute("DELETE FROM span_entities WHERE span_id = ?", (span_id,))

    def span_entity_links(self, span_ids) -> list[SpanLink]:
        """The canonical links of these mentions as stored (read before a delete, so an undo can put them back)."""
        ids = list(span_ids)
        links: list[SpanLink] = []
        for i in range(0, len(ids), 500):
            part = ids[i:i + 500]
            links += [SpanLink(*r) for r in self.conn.execute(
                "SELECT span_id, entity_id, reviewer_id, created_at FROM span_entities"
                f" WHERE span_id IN ({','.join('?' * len(part))}) ORDER BY span_id", part)]
        return links

    def restore_span_links(self, links) -> int:
        """Put back links read with span_entity_links (their spans restored); returns how many came back."""
        if not links:
            return 0
        with self.transaction() as c:
            return self._restore_links(c, links)

    def _restore_links(self, c, links) -> int:
        """A link whose entity was deleted or merged away since is not restored (the mention falls back to
        the automatic proposal)."""
        restored = 0
        for link in links:
            restored += c.execute(
                "INSERT OR IGNORE INTO span_entities(span_id, entity_id, reviewer_id, created_at)"
                " SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM entities WHERE id = ?)"
                " AND EXISTS (SELECT 1 FROM spans WHERE id = ?)",
                (link.span_id, link.entity_id, link.reviewer_id, link.created_at, link.entity_id,
                 link.span_id)).rowcount
        return restored

    def merge_entities(self, keep_id: int, other_id: int) -> None:
        """other becomes part of keep: its name and aliases are keep's aliases, its mentions keep's."""
        if keep_id == other_id:
            return
        with self.transaction() as c:
            rows = {r[0]: r for r in c.execute(
                "SELECT id, label_id, name FROM entities WHERE id IN (?, ?)", (keep_id, other_id))}
            if len(rows) != 2:
                raise AnnotationError("both entities must exist")
            if rows[keep_id][1] != rows[other_id][1]:
                raise AnnotationError("only entities of the same label can be merged")
            aliases = [r[0] for r in c.execute("SELECT alias FROM entity_aliases WHERE entity_id = ?", (other_id,))]
            c.execute("UPDATE span_entities SET entity_id = ? WHERE entity_id = ?", (keep_id, other_id))
            c.execute("DELETE FROM entities WHERE id = ?", (other_id,))
            for alias in [rows[other_id][2], *aliases]:
                self._add_alias(c, keep_id, alias)

    def split_entity(self, entity_id: int, aliases, new_name: str | None = None) -> int:
        """Move `aliases` (and the linked mentions with those texts) to a new entity named new_name (default:
        the first alias); returns its id."""
        from annotator.store.project import now

        aliases = [norm(a) for a in aliases if norm(a)]
        if not aliases:
            raise AnnotationError("choose the names that belong to the other entity")
        name = norm(new_name or aliases[0])
        with self.transaction() as c:
            row = c.execute("SELECT label_id FROM entities WHERE id = ?", (entity_id,)).fetchone()
            if row is None:
                raise AnnotationError(f"entity {entity_id} does not exist")
            existing = c.execute("SELECT id FROM entities WHERE label_id = ? AND name = ?", (row[0], name)).fetchone()
            new_id = existing[0] if existing else c.execute(
                "INSERT INTO entities(label_id, name, created_at) VALUES (?,?,?)", (row[0], name, now())).lastrowid
            for alias in aliases:
                c.execute("DELETE FROM entity_aliases WHERE entity_id = ? AND alias = ?", (entity_id, alias))
                self._add_alias(c, new_id, alias)
            for span_id, doc_id, start, end in c.execute(
                'SELECT s.id, s.doc_id, s.start, s."end" FROM span_entities se JOIN spans s ON s.id = se.span_id'
                " WHERE se.entity_id = ?", (entity_id,)).fetchall():
                if norm(self._doc_text(doc_id)[start:end]) in aliases:
                    c.execute("UPDATE span_entities SET entity_id = ? WHERE span_id = ?", (new_id, span_id))
        return new_id

    def _doc_text(self, doc_id: int) -> str:
        row = self.conn.execute("SELECT text FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            raise AnnotationError(f"document {doc_id} does not exist")
        return row[0]

    def delete_entity(self, entity_id: int) -> None:
        with self.transaction() as c:
            c.execute("DELETE FROM entities WHERE id = ?", (entity_id,))
