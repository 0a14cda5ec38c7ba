"""Label schemes: entity labels and relation types with the head/tail labels each allows."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

# annotator.core.label_patterns (and its regex tooling) loads where patterns are compiled: opening a project
# with the shipped patterns never compiles them, so most commands never need it.
if TYPE_CHECKING:
    from annotator.core.label_patterns import CompiledPattern

_HEX = set("0123456789abcdefABCDEF")


# The part a label plays in the Excel report, so the report follows renames and custom schemes.
ENTITY_ROLES = {
    "zone": "특구", "region": "지역", "field": "분야", "person": "인물", "organisation": "기관",
    "title": "직위", "amount": "금액", "figure": "수치", "date": "날짜",
}
# What a relation type says about the entities it links: a zone's region, field, designating body, date,
# amount or figure; a person's title or organisation.
RELATION_ROLES = {
    "location": "위치", "field": "분야", "designation": "지정", "date": "일시", "amount": "금액",
    "figure": "수치", "title": "직위", "affiliation": "소속",
}


class SchemeError(ValueError):
    """A scheme file or edit that cannot be accepted; the message says why."""


MAX_LABEL_NAME = 100


def label_name_problem(name: Any) -> str | None:
    """Why `name` cannot name an entity label or relation type, or None. A name is the tag of CoNLL/IOB lines
    and brat .ann files, where whitespace splits it: a space, a control or an invisible format character in it
    makes exports their readers (and our importers) refuse. The display name may have spaces."""
    if not isinstance(name, str) or not name.strip():
        return "an empty name"
    if len(name) > MAX_LABEL_NAME:
        return f"a name longer than {MAX_LABEL_NAME} characters"
    for ch in name:
        if ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn"):
            return (f"a name holding {'a space' if ch.isspace() else 'the control character U+%04X' % ord(ch)}, "
                    "which CoNLL and brat files cannot carry (put words in its display name)")
    return None


@dataclass(slots=True)
class EntityLabel:
    name: str
    display: str = ""
    color: str = "#cccccc"
    key: str = ""
    description: str = ""
    role: str = ""  # a key of ENTITY_ROLES, or ""
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
    role: str = ""  # a key of RELATION_ROLES, or ""


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

    def labels_with_role(self, role: str) -> set[str]:
        """Entity label names that play `role` in the report (several labels may share one)."""
        return {e.name for e in self.entities if e.role == role}

    def relation_roles(self) -> dict[str, str]:
        """relation type name -> its report role, for the types that have one."""
        return {r.name: r.role for r in self.relations if r.role}

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
            if (problem := label_name_problem(e.name)) is not None:
                raise SchemeError(f"entity label {e.name!r} has {problem}")
            if e.name in seen:
                raise SchemeError(f"entity label {e.name!r} appears twice")
            seen.add(e.name)
            if not _is_color(e.color):
                raise SchemeError(f"entity label {e.name!r}: colour {e.color!r} is not #rrggbb")
            if e.role and e.role not in ENTITY_ROLES:
                raise SchemeError(f"entity label {e.name!r}: unknown report role {e.role!r}; "
                                  f"use one of {', '.join(ENTITY_ROLES)}")
            _check_patterns(e.name, e.patterns)
            if e.key:
                if e.key in keys:
                    raise SchemeError(f"key {e.key!r} is used by two labels")
                keys.add(e.key)
        rel_seen: set[str] = set()
        for r in self.relations:
            if not r.name or not r.name.strip():
                raise SchemeError("a relation type has an empty name")
            if (problem := label_name_problem(r.name)) is not None:
                raise SchemeError(f"relation type {r.name!r} has {problem}")
            if r.name in rel_seen:
                raise SchemeError(f"relation type {r.name!r} appears twice")
            rel_seen.add(r.name)
            if r.role and r.role not in RELATION_ROLES:
                raise SchemeError(f"relation type {r.name!r}: unknown report role {r.role!r}; "
                                  f"use one of {', '.join(RELATION_ROLES)}")
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
        from annotator.core import pattern_cache
        from annotator.core.label_patterns import compile_label_patterns

        with pattern_cache.batch():  # one write of what a first compile derives
            return [p for e in self.entities for p in compile_label_patterns(e.name, e.patterns)]

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    @classmethod
    def load(cls, path: str | Path) -> "LabelScheme":
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
        except (OSError, ValueError) as exc:  # ValueError: not UTF-8, not JSON, an integer too long to read
            raise SchemeError(f"{path}: cannot read scheme: {str(exc)[:200]}") from None
        except RecursionError:
            raise SchemeError(f"{path}: cannot read scheme: JSON nested too deeply") from None
        try:
            return cls.from_dict(data)
        except SchemeError as exc:
            raise SchemeError(f"{path}: {exc}") from None

    def save(self, path: str | Path) -> None:
        Path(path).write_text(self.to_json() + "\n", encoding="utf-8")


# Pattern lists (label name, canonical JSON) this process has compiled without error. A scheme is validated
# where it is loaded and again where it is saved; compiling its regexes each time cost ~20 ms a validation.
_VALID_PATTERNS: set[tuple[str, str]] = set()
_VALID_PATTERNS_MAX = 512


SHIPPED_SCHEMES = ("default.json", "klue.json")
_shipped_keys: frozenset[tuple[str, str]] | None = None


def _patterns_key(label: str, patterns: Any) -> tuple[str, str]:
    return label, json.dumps(patterns, sort_keys=True, ensure_ascii=False, allow_nan=False)


def shipped_pattern_keys() -> frozenset[tuple[str, str]]:
    """(label, patterns) of every label of the schemes shipped with the app, read raw (not validated: their
    patterns compile, which tests/core/test_scheme_validation.py checks with the compiler itself)."""
    global _shipped_keys
    if _shipped_keys is None:
        from annotator.paths import resource_path

        keys = set()
        for name in SHIPPED_SCHEMES:
            try:
                data = json.loads(Path(resource_path("schemes", name)).read_text(encoding="utf-8-sig"))
                keys.update(_patterns_key(e["name"], e["patterns"]) for e in data.get("entities", ())
                            if isinstance(e, dict) and "name" in e and e.get("patterns"))
            except (OSError, ValueError, TypeError, KeyError):
                continue  # a damaged install: every pattern is then compiled to validate it
        _shipped_keys = frozenset(keys)
    return _shipped_keys


def _check_patterns(label: str, patterns: Any) -> None:
    if patterns is None or (isinstance(patterns, list) and not patterns):
        return  # what compile_label_patterns accepts without compiling anything (a label added by an import)
    try:
        key = _patterns_key(label, patterns)
    except (TypeError, ValueError, RecursionError):
        key = None  # not JSON: the compiler says what is wrong with it
    # A stored scheme is validated by every process that opens the project; compiling the shipped patterns
    # again there cost ~90 ms of each CLI run. Those, unchanged, are known to compile.
    if key is not None and (key in _VALID_PATTERNS or key in shipped_pattern_keys()):
        return
    from annotator.core.label_patterns import PatternError, compile_label_patterns

    try:
        compile_label_patterns(label, patterns, analyse=False)  # the regex prefilters never refuse a pattern
    except PatternError as exc:
        raise SchemeError(str(exc)) from None
    if key is not None:
        if len(_VALID_PATTERNS) >= _VALID_PATTERNS_MAX:
            _VALID_PATTERNS.clear()
        _VALID_PATTERNS.add(key)


def _entity_dict(label: EntityLabel) -> dict[str, Any]:
    data = asdict(label)
    if not data["patterns"]:
        del data["patterns"]
    return data


def _known(entry: Any, klass: type) -> dict[str, Any]:
    """The entry's fields of `klass`, each of its declared type (a scheme file is user input: a number for a
    name or a string for a list must be refused by name, not fail later as a TypeError)."""
    if not isinstance(entry, dict) or "name" not in entry:
        raise SchemeError(f"label entry without a name: {str(entry)[:80]}")
    fields = klass.__dataclass_fields__
    known = {k: v for k, v in entry.items() if k in fields}
    for key, value in known.items():
        declared = str(fields[key].type)
        if declared == "str":
            ok = isinstance(value, str)
        elif declared == "list[str]":
            ok = isinstance(value, list) and all(isinstance(item, str) for item in value)
        else:  # patterns: a list; the pattern compiler checks each one
            ok = isinstance(value, list)
        if not ok:
            what = "text" if declared == "str" else "a list of names" if declared == "list[str]" else "a list"
            raise SchemeError(f"label {str(entry.get('name'))[:40]!r}: {key} must be {what}, not "
                              f"{type(value).__name__} {str(value)[:40]}")
    return known


def _is_color(value: str) -> bool:
    return isinstance(value, str) and len(value) == 7 and value[0] == "#" and set(value[1:]) <= _HEX


def default_scheme() -> LabelScheme:
    from annotator.paths import resource_path

    return LabelScheme.load(resource_path("schemes", "default.json"))


def klue_scheme() -> LabelScheme:
    from annotator.paths import resource_path

    return LabelScheme.load(resource_path("schemes", "klue.json"))
