"""Adjudication: compare a document's reviewer layers and plan the changes that build its gold layer.

Qt-free and SQL-free. A span is keyed by (start, end, label). An agreed span is one every compared reviewer
has with the same key; every other reviewer span belongs to a disagreement: a group of spans of any reviewer
that overlap one another (transitively), listed as its distinct choices with who chose each and who labelled
nothing there. Because each reviewer layer is flat, no span of any reviewer overlaps an agreed span.

The operations on gold are planned here as a GoldPlan (gold spans to remove, source spans to copy, source
relations to copy); the store carries a plan out in one transaction (store/gold.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Sequence

from annotator.core.model import Relation, Span

Key = tuple[int, int, str]


def span_key(span: Span) -> Key:
    return (span.start, span.end, span.label)


@dataclass(frozen=True, slots=True)
class Choice:
    """One labelling of a stretch of text, and the reviewer layers that made exactly it."""

    start: int
    end: int
    label: str
    layers: tuple[str, ...]
    span_ids: tuple[int, ...]  # the layers' spans, in the order of layers

    @property
    def key(self) -> Key:
        return (self.start, self.end, self.label)


@dataclass(frozen=True, slots=True)
class Disagreement:
    start: int  # the extent of the group: from its first span's start to its last span's end
    end: int
    choices: tuple[Choice, ...]  # in (start, end, label) order
    silent: tuple[str, ...]  # reviewer layers with no span in the extent

    def choice_of(self, layer: str) -> Choice | None:
        return next((c for c in self.choices if layer in c.layers), None)

    def choices_of(self, layer: str) -> list[Choice]:
        """A reviewer may have several spans in one group (two short ones against another's long one)."""
        return [c for c in self.choices if layer in c.layers]


@dataclass(frozen=True, slots=True)
class RelationChoice:
    """A relation (between entity keys) and the reviewer layers that made it."""

    head: Key
    tail: Key
    label: str
    layers: tuple[str, ...]
    relation_ids: tuple[int, ...]  # in the order of layers

    @property
    def key(self) -> tuple[Key, Key, str]:
        return (self.head, self.tail, self.label)


@dataclass(frozen=True, slots=True)
class Comparison:
    layers: tuple[str, ...]  # the compared reviewer layers, in the order given
    agreed: tuple[Choice, ...]
    disagreements: tuple[Disagreement, ...]
    relations: tuple[RelationChoice, ...] = ()  # every reviewer relation once per key, in text order

    @property
    def agreed_relations(self) -> frozenset[tuple[Key, Key, str]]:
        """The relation keys every layer has."""
        return frozenset(r.key for r in self.relations if len(r.layers) == len(self.layers))

    @property
    def relation_disagreements(self) -> tuple[RelationChoice, ...]:
        return tuple(r for r in self.relations if len(r.layers) < len(self.layers))

    def disagreement_at(self, pos: int) -> Disagreement | None:
        return next((d for d in self.disagreements if d.start <= pos < d.end), None)


def compare_layers(layers: Sequence[str], spans: Iterable[Span], relations: Iterable[Relation] = ()) -> Comparison:
    """Agreed spans and disagreements among the spans of the given layers (spans of other layers are ignored)."""
    layers = tuple(dict.fromkeys(layers))
    wanted = set(layers)
    mine = sorted((s for s in spans if s.layer in wanted), key=lambda s: (s.start, s.end, s.label, layers.index(s.layer)))
    by_key: dict[Key, list[Span]] = {}
    for s in mine:
        by_key.setdefault(span_key(s), []).append(s)
    agreed_keys = {k for k, group in by_key.items() if len(layers) > 0 and {s.layer for s in group} == wanted}
    agreed = tuple(_choice(k, by_key[k], layers) for k in sorted(agreed_keys))
    rest = [s for s in mine if span_key(s) not in agreed_keys]
    groups: list[list[Span]] = []
    reach = -1
    for s in rest:  # sorted by start: a span starting before the group's reach joins it
        if groups and s.start < reach:
            groups[-1].append(s)
            reach = max(reach, s.end)
        else:
            groups.append([s])
            reach = s.end
    disagreements = []
    for group in groups:
        keys: dict[Key, list[Span]] = {}
        for s in group:
            keys.setdefault(span_key(s), []).append(s)
        present = {s.layer for s in group}
        disagreements.append(Disagreement(
            min(s.start for s in group), max(s.end for s in group),
            tuple(_choice(k, keys[k], layers) for k in sorted(keys)),
            tuple(name for name in layers if name not in present)))
    return Comparison(layers, agreed, tuple(disagreements), _relation_choices(layers, mine, relations))


def _choice(key: Key, spans: list[Span], layers: tuple[str, ...]) -> Choice:
    ordered = sorted(spans, key=lambda s: layers.index(s.layer))
    return Choice(key[0], key[1], key[2], tuple(s.layer for s in ordered), tuple(s.id for s in ordered))


def _relation_choices(layers, spans: list[Span], relations: Iterable[Relation]) -> tuple[RelationChoice, ...]:
    key_of = {s.id: span_key(s) for s in spans}
    holders: dict[tuple[Key, Key, str], dict[str, int]] = {}
    for r in sorted(relations, key=lambda r: r.id):
        if r.head_id in key_of and r.tail_id in key_of and r.layer in layers:
            holders.setdefault((key_of[r.head_id], key_of[r.tail_id], r.label), {}).setdefault(r.layer, r.id)
    out = []
    for (head, tail, label), who in sorted(holders.items(), key=lambda kv: (min(kv[0][0], kv[0][1]), kv[0])):
        names = tuple(n for n in layers if n in who)
        out.append(RelationChoice(head, tail, label, names, tuple(who[n] for n in names)))
    return tuple(out)


# planning changes to gold --------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class RelationCopy:
    """A reviewer relation to copy into gold; head and tail are ("gold", gold span id) or ("new", the id of the
    source span copied by the same plan)."""

    source: Relation
    head: tuple[str, int]
    tail: tuple[str, int]


@dataclass(slots=True)
class GoldPlan:
    """What one adjudication action does to a document's gold layer: remove these gold spans (with their
    relations), copy these source spans, copy these source relations, record these (start, end) stretches as
    "gold holds nothing here"."""

    remove: list[Span] = field(default_factory=list)
    add: list[Span] = field(default_factory=list)
    relations: list[RelationCopy] = field(default_factory=list)
    skipped: list[Span] = field(default_factory=list)  # sources left out (they clash with a gold decision)
    nothing: list[tuple[int, int]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.remove or self.add or self.relations or self.nothing)


class AdjudicationError(ValueError):
    pass


def plan_take(gold: Sequence[Span], gold_relations: Sequence[Relation], sources: Sequence[Span], *,
              context: Sequence[Span] = (), context_relations: Sequence[Relation] = (),
              replace_all: bool = False, keep_gold: bool = False, relation_filter=None) -> GoldPlan:
    """Take source spans (of reviewer layers) into gold.

    A source whose key gold already holds is not copied again. Otherwise the gold spans it overlaps are
    removed (a newer choice replaces the older one), or with keep_gold the source is skipped instead.
    replace_all: every gold span goes first (one reviewer's version of the whole document).
    Relations: a relation of context_relations (the source layers' relations, their ends among the sources
    and context spans) comes along when both its ends are in gold afterwards (by key) and at least one of them
    was copied now; relation_filter(relation, head_key, tail_key) can narrow that (e.g. agreed ones only)."""
    ordered = sorted(sources, key=lambda s: (s.start, s.end))
    for a, b in zip(ordered, ordered[1:]):
        if b.start < a.end:
            raise AdjudicationError(f"the chosen spans {a.start}–{a.end} {a.label} and {b.start}–{b.end} {b.label}"
                                    " overlap; gold is flat like every layer")
    plan = GoldPlan(remove=list(gold) if replace_all else [])
    removed: set[int] = {g.id for g in plan.remove}
    where: dict[Key, tuple[str, int]] = {span_key(g): ("gold", g.id) for g in gold if g.id not in removed}
    for src in ordered:
        key = span_key(src)
        if key in where:
            continue  # gold holds it already (or an earlier source of the same key is copied)
        clashes = [g for g in gold if g.id not in removed and g.start < src.end and src.start < g.end]
        if clashes and keep_gold:
            plan.skipped.append(src)
            continue
        for g in clashes:
            removed.add(g.id)
            plan.remove.append(g)
            where.pop(span_key(g), None)
        plan.add.append(src)
        where[key] = ("new", src.id)
    key_of = {s.id: span_key(s) for s in [*context, *sources]}
    gold_key = {g.id: span_key(g) for g in gold if g.id not in removed}
    kept = {(gold_key[r.head_id], gold_key[r.tail_id], r.label) for r in gold_relations
            if r.head_id in gold_key and r.tail_id in gold_key}
    seen: set[tuple[Key, Key, str]] = set()
    for r in sorted(context_relations, key=lambda r: r.id):
        hk, tk = key_of.get(r.head_id), key_of.get(r.tail_id)
        head, tail = where.get(hk), where.get(tk)
        if head is None or tail is None or (head[0] == "gold" and tail[0] == "gold") or head == tail:
            continue
        key = (hk, tk, r.label)
        if key in seen or key in kept or (relation_filter is not None and not relation_filter(r, hk, tk)):
            continue
        seen.add(key)
        plan.relations.append(RelationCopy(r, head, tail))
    return plan


def plan_take_relation(gold: Sequence[Span], gold_relations: Sequence[Relation], source: Relation,
                       head: Key, tail: Key) -> GoldPlan:
    """Copy one reviewer relation into gold, between the gold entities with its ends' keys."""
    by_key = {span_key(g): g.id for g in gold}
    if head not in by_key or tail not in by_key:
        missing = " and ".join(f"{k[0]}–{k[1]} {k[2]}" for k in (head, tail) if k not in by_key)
        raise AdjudicationError(f"gold lacks the entity {missing}: take it first")
    held = {(r.head_id, r.tail_id, r.label) for r in gold_relations}
    if (by_key[head], by_key[tail], source.label) in held:
        return GoldPlan()
    return GoldPlan(relations=[RelationCopy(source, ("gold", by_key[head]), ("gold", by_key[tail]))])


def plan_nothing(gold: Sequence[Span], nothing: Sequence[tuple[int, int]], start: int, end: int) -> GoldPlan:
    """Gold holds nothing in [start, end) (a disagreement's extent): its gold spans go and the decision is
    recorded, unless it is recorded already."""
    plan = GoldPlan(remove=[g for g in gold if g.start < end and start < g.end])
    if (start, end) not in nothing:
        plan.nothing.append((start, end))
    return plan


def plan_drop(gold: Sequence[Span], span_ids: Iterable[int]) -> GoldPlan:
    wanted = set(span_ids)
    return GoldPlan(remove=[g for g in gold if g.id in wanted])


def gold_state(item: Choice | Disagreement, gold: Sequence[Span]) -> list[Span]:
    """The gold spans within an agreed span's or a disagreement's extent (empty: gold holds nothing there)."""
    return [g for g in gold if g.start < item.end and item.start < g.end]


def decided_nothing(item: Choice | Disagreement, nothing: Iterable[tuple[int, int]]) -> bool:
    """Whether a "gold holds nothing here" decision covers the extent (one made over a smaller extent, before a
    reviewer's layer grew there, does not)."""
    return any(start <= item.start and item.end <= end for start, end in nothing)


def is_decided(item: Choice | Disagreement, gold: Sequence[Span], nothing: Iterable[tuple[int, int]]) -> bool:
    """Gold holds an entity in the extent, or the decision that it holds none."""
    return bool(gold_state(item, gold)) or decided_nothing(item, nothing)
