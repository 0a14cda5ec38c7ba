"""Label schemes: entity labels and relation types with the head/tail labels each allows."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from annotator.core.label_patterns import CompiledPattern, PatternError, compile_label_patterns

_HEX = set("0123456789abcdefABCDEF")


class SchemeError(ValueError):
    """A scheme file or edit that cannot be accepted; the message says why."""


@dataclass(slots=True)
class EntityLabel:
    name: str
    display: str = ""
    color: str = "#cccccc"
    key: str = ""
    description: str = ""
    # Suggestion patterns (see annotator.core.label_patterns); omitted from the JSON when empty.
    patterns: list[dict[str, Any]] = field(default_factory=list)


@dataclass(slots=True)
class RelationLabel:
    name: str
    display: str = ""
    heads: list[str] = field(default_factory=list)
    tails: list[str] = field(default_factory=list)
    description: str = ""
    color: str = "#555555"


@dataclass(slots=True)
class LabelScheme:
    name: str = "default"
    entities: list[EntityLabel] = field(default_factory=list)
    relations: list[RelationLabel] = field(default_factory=list)

    def entity(self, name: str) -> EntityLabel | None:
        return next((e for e in self.entities if e.name == name), None)

    def relation(self, name: str) -> RelationLabel | None:
        return next((r for r in self.relations if r.name == name), None)

    def entity_for_key(self, key: str) -> EntityLabel | None:
        return next((e for e in self.entities if e.key and e.key == key), None)

    def allowed_relations(self, head_label: str, tail_label: str) -> list[RelationLabel]:
        """Relation types the scheme allows from a span labelled head_label to one labelled tail_label."""
        return [
            r
            for r in self.relations
            if (not r.heads or head_label in r.heads) and (not r.tails or tail_label in r.tails)
        ]

    def validate(self) -> None:
        seen: set[str] = set()
        keys: set[str] = set()
        for e in self.entities:
            if not e.name or not e.name.strip():
                raise SchemeError("an entity label has an empty name")
            if e.name in seen:
                raise SchemeError(f"entity label {e.name!r} appears twice")
            seen.add(e.name)
            if not _is_color(e.color):
                raise SchemeError(f"entity label {e.name!r}: colour {e.color!r} is not #rrggbb")
            try:
                compile_label_patterns(e.name, e.patterns)
            except PatternError as exc:
                raise SchemeError(str(exc)) from None
            if e.key:
                if e.key in keys:
                    raise SchemeError(f"key {e.key!r} is used by two labels")
                keys.add(e.key)
        rel_seen: set[str] = set()
        for r in self.relations:
            if not r.name or not r.name.strip():
                raise SchemeError("a relation type has an empty name")
            if r.name in rel_seen:
                raise SchemeError(f"relation type {r.name!r} appears twice")
            rel_seen.add(r.name)
            for role, names in (("head", r.heads), ("tail", r.tails)):
                for n in names:
                    if n not in seen:
                        raise SchemeError(f"relation {r.name!r}: {role} label {n!r} is not an entity label")

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "entities": [_entity_dict(e) for e in self.entities],
            "relations": [asdict(r) for r in self.relations],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "LabelScheme":
        if not isinstance(data, dict) or not isinstance(data.get("entities"), list):
            raise SchemeError("a scheme is a JSON object with an 'entities' list")
        try:
            scheme = cls(
                name=str(data.get("name", "scheme")),
                entities=[EntityLabel(**_known(e, EntityLabel)) for e in data["entities"]],
                relations=[RelationLabel(**_known(r, RelationLabel)) for r in data.get("relations", [])],
            )
        except TypeError as exc:
            raise SchemeError(f"malformed label entry: {exc}") from None
        scheme.validate()
        return scheme

    def compiled_patterns(self) -> list[CompiledPattern]:
        """The enabled suggestion patterns of every label (the scheme is valid, so they compile)."""
        return [p for e in self.entities for p in compile_label_patterns(e.name, e.patterns)]

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    @classmethod
    def load(cls, path: str | Path) -> "LabelScheme":
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise SchemeError(f"{path}: cannot read scheme: {exc}") from None
        try:
            return cls.from_dict(data)
        except SchemeError as exc:
            raise SchemeError(f"{path}: {exc}") from None

    def save(self, path: str | Path) -> None:
        Path(path).write_text(self.to_json() + "\n", encoding="utf-8")


def _entity_dict(label: EntityLabel) -> dict[str, Any]:
    data = asdict(label)
    if not data["patterns"]:
        del data["patterns"]
    return data


def _known(entry: Any, klass: type) -> dict[str, Any]:
    if not isinstance(entry, dict) or "name" not in entry:
        raise SchemeError(f"label entry without a name: {entry!r}")
    fields = klass.__dataclass_fields__
    return {k: v for k, v in entry.items() if k in fields}


def _is_color(value: str) -> bool:
    return isinstance(value, str) and len(value) == 7 and value[0] == "#" and set(value[1:]) <= _HEX


def default_scheme() -> LabelScheme:
    from annotator.paths import resource_path

    return LabelScheme.load(resource_path("schemes", "default.json"))


def klue_scheme() -> LabelScheme:
    from annotator.paths import resource_path

    return LabelScheme.load(resource_path("schemes", "klue.json"))
