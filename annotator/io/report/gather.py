"""What the report tabulates, gathered while the documents stream past: canonical entities, zones
assembled from relations, people with their titles and organisations, articles per month.

Which label is the zone, the region, the person ... comes from the scheme's report roles
(annotator.core.scheme.ENTITY_ROLES / RELATION_ROLES), never from label names, so renaming a label keeps
the report and a scheme without a zone label simply has no zone table. Memory grows with the number of
distinct canonical entities, not with mentions: per entity only counts, one first context and at most
MAX_ARTICLES article references are kept.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from annotator.core.canonical import Mention, Proposal, is_generic_zone, norm, propose, zone_name_parts
from annotator.io.report.cells import fit_list

MAX_ARTICLES = 25  # article references listed per zone or person; the rest are counted
ZONE_VALUE_ROLES = {"location": "regions", "field": "fields", "designation": "bodies", "date": "dates",
                    "amount": "amounts", "figure": "figures"}
PERSON_VALUE_ROLES = {"title": "titles", "affiliation": "organisations"}
_DAY_ONLY = re.compile(r"^(\d{1,2})일$")
_MONTH_DAY = re.compile(r"^(\d{1,2})월\s*(\d{1,2})일$")


class OrderedSet(dict):
    """Insertion-ordered set of strings (a dict with None values)."""

    def add(self, value: str) -> None:
        if value:
            self[value] = None

    def joined(self, sep: str = "; ", width: float | None = None) -> str:
        """The values joined; with `width`, as many as a wrapped cell that wide shows whole, the rest counted."""
        return sep.join(self) if width is None else fit_list(self, width, sep=sep)


@dataclass(slots=True)
class Roles:
    """The scheme's report roles: label -> entity role, relation type -> relation role."""

    labels: dict[str, str]
    relations: dict[str, str]

    @classmethod
    def from_scheme(cls, scheme) -> "Roles":
        return cls({e.name: e.role for e in scheme.entities if e.role}, scheme.relation_roles())

    def has(self, role: str) -> bool:
        return role in self.labels.values()

    def of(self, label: str) -> str:
        return self.labels.get(label, "")


@dataclass(slots=True)
class Articles:
    """References to the articles something comes from: at most MAX_ARTICLES kept, all counted."""

    listed: OrderedSet = field(default_factory=OrderedSet)
    count: int = 0
    last_doc: int = -1

    def add(self, doc_id: int, reference: str) -> None:
        if doc_id == self.last_doc:
            return
        self.last_doc = doc_id
        self.count += 1
        if len(self.listed) < MAX_ARTICLES:
            self.listed.add(reference)

    def text(self, width: float) -> str:
        """One reference a line, as many as a cell `width` wide shows whole; the rest counted ("… 외 9건")."""
        return fit_list(self.listed, width, total=self.count, sep="\n", unit="건")


@dataclass(slots=True)
class EntityRow:
    label: str
    name: str
    aliases: OrderedSet = field(default_factory=OrderedSet)
    rules: OrderedSet = field(default_factory=OrderedSet)
    mentions: int = 0
    articles: Articles = field(default_factory=Articles)
    context: tuple | None = None  # (sentence, start, end, article reference) of the first mention
    months: Counter | None = None  # "YYYY-MM" -> articles, for organisations (the report's timeline)


@dataclass(slots=True)
class ZoneRow:
    name: str
    regions: OrderedSet = field(default_factory=OrderedSet)
    fields: OrderedSet = field(default_factory=OrderedSet)
    bodies: OrderedSet = field(default_factory=OrderedSet)
    dates: OrderedSet = field(default_factory=OrderedSet)
    amounts: OrderedSet = field(default_factory=OrderedSet)
    figures: OrderedSet = field(default_factory=OrderedSet)
    articles: Articles = field(default_factory=Articles)
    mentions: int = 0
    from_name: OrderedSet = field(default_factory=OrderedSet)  # columns read from the zone's name
    months: Counter = field(default_factory=Counter)  # "YYYY-MM" -> articles


@dataclass(slots=True)
class PersonRow:
    name: str
    titles: OrderedSet = field(default_factory=OrderedSet)
    organisations: OrderedSet = field(default_factory=OrderedSet)
    articles: Articles = field(default_factory=Articles)
    mentions: int = 0


def article_reference(title: str, outlet: str, day: str) -> str:
    """ "CWN · 2024-03-13 · 오기웅 중기부 차관, …" (outlet and date say "미상" when unknown)."""
    return f"{outlet or '언론사 미상'} · {day or '날짜 미상'} · {norm(title) or '(제목 없음)'}"


def absolute_date(expression: str, published: str) -> str:
    """ "1일" in an article of 2021-07-01 -> "1일 (2021-07-01)"; unchanged when the article has no date or
    the expression names its own year."""
    day = published[:10]
    if len(day) != 10:
        return expression
    year, month, today = int(day[:4]), int(day[5:7]), int(day[8:10])
    text = norm(expression)
    match = _DAY_ONLY.match(text)
    if match:
        d = int(match.group(1))
        if d > today:  # "28일" in an article of the 3rd: last month's
            year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        return f"{text} ({year:04d}-{month:02d}-{d:02d})" if 1 <= d <= 31 else text
    match = _MONTH_DAY.match(text)
    if match:
        m, d = int(match.group(1)), int(match.group(2))
        if (m, d) > (month, today) and m - month > 6:  # "12월 28일" in a January article: last year's
            year -= 1
        return f"{text} ({year:04d}-{m:02d}-{d:02d})" if 1 <= m <= 12 and 1 <= d <= 31 else text
    return text


def zone_name(proposal: Proposal, values: dict[str, list[str]]) -> str | None:
    """The zone row a zone mention belongs to; None for a generic mention ("특구") that nothing places."""
    name = proposal.name
    if is_generic_zone(name) and proposal.rule != "reviewer":
        if not values.get("regions"):
            return None
        # a generic mention its relations place in a region names that region's zone
        name = " ".join([*values["regions"], *values.get("fields", [])[:1], name])
    return name


class Gatherer:
    def __init__(self, roles: Roles, catalogue: dict[tuple[str, str], str] | None = None):
        self.roles = roles
        self.catalogue = catalogue or {}
        self.entities: dict[tuple[str, str], EntityRow] = {}
        self.zones: dict[str, ZoneRow] = {}
        self.people: dict[str, PersonRow] = {}
        self.generic_zones: Counter = Counter()  # generic zone mentions left out, by text
        self.months: Counter = Counter()  # "YYYY-MM" -> articles; "" for undated
        self.outlets: Counter = Counter()
        self.days: list[str] = []  # first and last day seen

    def add_document(self, doc, info, spans, relations, links: dict[int, str], finder) -> dict[int, Proposal]:
        """Take one document in; returns span id -> Proposal (its canonical name) for the mention sheet."""
        text = doc.text
        day = info.day
        reference = article_reference(doc.title, info.outlet, day)
        self.months[day[:7]] += 1
        self.outlets[info.outlet] += 1
        if day:
            self.days = [min(self.days[0], day), max(self.days[1], day)] if self.days else [day, day]
        mentions = [Mention(sp.id, sp.label, sp.start, sp.end, norm(text[sp.start:sp.end])) for sp in spans]
        canon = propose(mentions, self.roles.labels, text=text, catalogue=self.catalogue, linked=links)
        by_id = {sp.id: sp for sp in spans}
        for m in mentions:
            self._entity(m, canon[m.span_id], doc.id, reference, finder, day[:7])
        zone_values, person_values = self._relation_values(relations, by_id, canon, text, info.published)
        for m in mentions:
            role = self.roles.of(m.label)
            if role == "zone":
                self._zone(m, canon[m.span_id], zone_values.get(m.span_id, {}), doc.id, reference, day[:7])
            elif role == "person":
                row = self.people.get(canon[m.span_id].name) or self.people.setdefault(
                    canon[m.span_id].name, PersonRow(canon[m.span_id].name))
                row.mentions += 1
                row.articles.add(doc.id, reference)
                for attr, values in person_values.get(m.span_id, {}).items():
                    for value in values:
                        getattr(row, attr).add(value)
        return canon

    def _entity(self, m: Mention, proposal: Proposal, doc_id: int, reference: str, finder, month: str) -> None:
        key = (m.label, proposal.name)
        row = self.entities.get(key)
        if row is None:
            row = self.entities[key] = EntityRow(m.label, proposal.name)
            if self.roles.of(m.label) == "organisation":
                row.months = Counter()
        row.mentions += 1
        if row.months is not None and month and row.articles.last_doc != doc_id:
            row.months[month] += 1
        row.articles.add(doc_id, reference)
        if m.text != proposal.name:
            row.aliases.add(m.text)
            row.rules.add(proposal.rule)
        if row.context is None and finder is not None:
            sentence, at = finder.around(m.start, m.end)
            row.context = (sentence, m.start - at, m.end - at, reference)

    def _relation_values(self, relations, by_id, canon, text, published):
        """zone span id -> {ZoneRow attribute: [values]}, person span id -> {PersonRow attribute: [values]}."""
        zone_values: dict[int, dict[str, list[str]]] = {}
        person_values: dict[int, dict[str, list[str]]] = {}
        for rel in relations:
            role = self.roles.relations.get(rel.label)
            head, tail = by_id.get(rel.head_id), by_id.get(rel.tail_id)
            if not role or head is None or tail is None:
                continue
            for this, other in ((head, tail), (tail, head)):
                kind = self.roles.of(this.label)
                value = canon[other.id].name if other.id in canon else norm(text[other.start:other.end])
                if kind == "zone" and role in ZONE_VALUE_ROLES and self.roles.of(other.label) != "zone":
                    if role == "date":
                        value = absolute_date(value, published)
                    zone_values.setdefault(this.id, {}).setdefault(ZONE_VALUE_ROLES[role], []).append(value)
                    break
                if kind == "person" and role in PERSON_VALUE_ROLES and self.roles.of(other.label) != "person":
                    person_values.setdefault(this.id, {}).setdefault(PERSON_VALUE_ROLES[role], []).append(value)
                    break
        return zone_values, person_values

    def document_zones(self, doc, info, spans, relations, links: dict[int, str]) -> dict[str, dict[str, frozenset]]:
        """The zones one document's spans and relations name, each with its values by ZoneRow attribute (for
        comparing layers: nothing is tallied)."""
        text = doc.text
        mentions = [Mention(sp.id, sp.label, sp.start, sp.end, norm(text[sp.start:sp.end])) for sp in spans]
        canon = propose(mentions, self.roles.labels, text=text, catalogue=self.catalogue, linked=links)
        zone_values, _ = self._relation_values(relations, {sp.id: sp for sp in spans}, canon, text, info.published)
        found: dict[str, dict[str, set]] = {}
        for m in mentions:
            if self.roles.of(m.label) != "zone":
                continue
            values = zone_values.get(m.span_id, {})
            name = zone_name(canon[m.span_id], values)
            if name is not None:
                into = found.setdefault(name, {})
                for attr, got in values.items():
                    into.setdefault(attr, set()).update(got)
        return {name: {attr: frozenset(v) for attr, v in values.items()} for name, values in found.items()}

    def _zone(self, m: Mention, proposal: Proposal, values: dict[str, list[str]], doc_id: int, reference: str,
              month: str) -> None:
        name = zone_name(proposal, values)
        if name is None:
            self.generic_zones[m.text] += 1  # "특구", "1차 규제자유특구": no particular zone
            return
        row = self.zones.get(name)
        if row is None:
            row = self.zones[name] = ZoneRow(name)
        row.mentions += 1
        if month and row.articles.last_doc != doc_id:
            row.months[month] += 1
        row.articles.add(doc_id, reference)
        for attr, found in values.items():
            for value in found:
                getattr(row, attr).add(value)

    def finish(self) -> None:
        """Read the region and field from a zone's name where no relation gave them."""
        for row in self.zones.values():
            region, field_name = zone_name_parts(row.name)
            if region and not row.regions:
                row.regions.add(region)
                row.from_name.add("지역")
            if field_name and not row.fields:
                row.fields.add(field_name)
                row.from_name.add("분야")
