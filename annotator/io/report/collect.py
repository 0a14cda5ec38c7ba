"""What the report tabulates, gathered while the documents stream past: sentences around entities,
zones assembled from relations, and people with their titles and organisations."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

STATUS_NAMES = {"new": "신규", "in_progress": "진행 중", "done": "완료", "skipped": "건너뜀"}
# Kiwi splits sentences best but costs a second to load and ~300K chars/s; above this much text the
# report uses the punctuation splitter below so a large report stays fast and small in memory.
KIWI_MAX_CHARS = 300_000
_SENTENCE_END = re.compile(r"(?<=[.?!。])[\"'”’)\]]*\s+")


def norm(text: str) -> str:
    """Entity text with whitespace normalised: the key that groups mentions of one zone or person."""
    return " ".join(text.split())


class SentenceFinder:
    """The sentence around an offset of one document: Kiwi's sentences when `use_kiwi`, otherwise the
    line cut at sentence-final punctuation followed by a space."""

    def __init__(self, text: str, use_kiwi: bool):
        self.text = text
        self.bounds: list[tuple[int, int]] | None = None
        if use_kiwi:
            from annotator.core.korean import sentences

            self.bounds = sentences(text)
            self.starts = [s for s, _ in self.bounds]

    def around(self, start: int, end: int) -> tuple[str, int]:
        """(sentence text, its start offset) holding text[start:end]; the sentences it runs over are joined."""
        text = self.text
        if self.bounds:
            i = max(bisect_right(self.starts, start) - 1, 0)
            j = max(bisect_right(self.starts, max(end - 1, start)) - 1, i)
            a, b = self.bounds[i][0], self.bounds[j][1]
            if a <= start and end <= b:
                return text[a:b], a
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        line_end = len(text) if line_end < 0 else line_end
        a, b = line_start, line_end
        for m in _SENTENCE_END.finditer(text, line_start, line_end):
            if m.end() <= start:
                a = m.end()
            elif m.start() >= end:
                b = m.start()
                break
        return text[a:b], a


class OrderedSet(dict):
    """Insertion-ordered set of strings (a dict with None values)."""

    def add(self, value: str) -> None:
        if value:
            self[value] = None

    def joined(self, sep: str = ", ") -> str:
        return sep.join(self)


@dataclass
class ZoneRow:
    name: str
    regions: OrderedSet = field(default_factory=OrderedSet)
    fields: OrderedSet = field(default_factory=OrderedSet)
    bodies: OrderedSet = field(default_factory=OrderedSet)
    dates: OrderedSet = field(default_factory=OrderedSet)
    amounts: OrderedSet = field(default_factory=OrderedSet)
    figures: OrderedSet = field(default_factory=OrderedSet)
    articles: OrderedSet = field(default_factory=OrderedSet)
    mentions: int = 0


@dataclass
class PersonRow:
    name: str
    titles: OrderedSet = field(default_factory=OrderedSet)
    organisations: OrderedSet = field(default_factory=OrderedSet)
    articles: OrderedSet = field(default_factory=OrderedSet)
    mentions: int = 0


# relation type -> ZoneRow attribute, for relations whose head is the zone
ZONE_HEAD_RELATIONS = {"located_in": "regions", "in_field": "fields", "on_date": "dates",
                       "has_amount": "amounts", "has_figure": "figures"}
ZONE_TAIL_RELATIONS = {"designates": "bodies"}  # ORG designates ZONE: the zone is the tail


class Gatherer:
    """Collects zones and people across documents (memory grows with distinct names, not mentions)."""

    def __init__(self):
        self.zones: dict[str, ZoneRow] = {}
        self.people: dict[str, PersonRow] = {}

    def add_document(self, title: str, text: str, spans, relations) -> None:
        by_id = {sp.id: sp for sp in spans}
        article = norm(title) or "(제목 없음)"
        for sp in spans:
            if sp.label == "ZONE":
                row = self._zone(norm(text[sp.start:sp.end]))
                row.mentions += 1
                row.articles.add(article)
            elif sp.label == "PERSON":
                row = self._person(norm(text[sp.start:sp.end]))
                row.mentions += 1
                row.articles.add(article)
        for rel in relations:
            head, tail = by_id.get(rel.head_id), by_id.get(rel.tail_id)
            if head is None or tail is None:
                continue
            head_text, tail_text = norm(text[head.start:head.end]), norm(text[tail.start:tail.end])
            if head.label == "ZONE" and rel.label in ZONE_HEAD_RELATIONS:
                getattr(self._zone(head_text), ZONE_HEAD_RELATIONS[rel.label]).add(tail_text)
            elif tail.label == "ZONE" and rel.label in ZONE_TAIL_RELATIONS:
                getattr(self._zone(tail_text), ZONE_TAIL_RELATIONS[rel.label]).add(head_text)
            if head.label == "PERSON" and rel.label == "holds_title":
                self._person(head_text).titles.add(tail_text)
            elif head.label == "PERSON" and rel.label == "belongs_to":
                self._person(head_text).organisations.add(tail_text)

    def _zone(self, name: str) -> ZoneRow:
        row = self.zones.get(name)
        if row is None:
            row = self.zones[name] = ZoneRow(name)
        return row

    def _person(self, name: str) -> PersonRow:
        row = self.people.get(name)
        if row is None:
            row = self.people[name] = PersonRow(name)
        return row


def document_date(doc) -> str:
    """The article's date from its metadata when an importer found one, else the day it was imported."""
    for key in ("date", "published", "published_at", "datetime"):
        value = doc.meta.get(key) if isinstance(doc.meta, dict) else None
        if isinstance(value, str) and value.strip():
            return value.strip()[:10]
    return (doc.created_at or "")[:10]


def short_time(stamp: str) -> str:
    """2026-11-22T01:30:07+00:00 -> 2026-11-22 01:30 (UTC, as stored)."""
    return stamp[:16].replace("T", " ") if stamp else ""
