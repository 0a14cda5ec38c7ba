"""Handing out work to a team that labels offline (Prodigy's feed_overlap idea), Qt- and SQL-free.

A fraction `overlap` of the documents goes to every reviewer (the shared sample that agreement is measured on);
the rest is dealt out in turns after a seeded shuffle, so the shares are disjoint and differ in size by at most
one document.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from typing import Sequence


@dataclass
class AssignmentPlan:
    reviewers: list[str]
    shared: list[int]
    own: dict[str, list[int]] = field(default_factory=dict)

    def documents_of(self, reviewer: str) -> list[int]:
        return sorted(self.shared + self.own[reviewer])

    def as_dict(self) -> dict:
        return {"reviewers": self.reviewers, "shared": len(self.shared),
                "per_reviewer": {r: {"documents": len(self.documents_of(r)), "own": len(self.own[r])}
                                 for r in self.reviewers}}


def plan_assignment(doc_ids: Sequence[int], reviewers: Sequence[str], *, overlap: float, seed: int = 0
                    ) -> AssignmentPlan:
    """Every reviewer gets the shared documents (round(overlap × total)) plus a disjoint share of the rest."""
    names = [r.strip() for r in reviewers if r.strip()]
    if not names:
        raise ValueError("name at least one reviewer")
    if len(set(names)) != len(names):
        raise ValueError("each reviewer must be named once")
    if not 0.0 <= overlap <= 1.0 or math.isnan(overlap):
        raise ValueError(f"--overlap must be between 0 and 1, not {overlap}")
    ids = sorted(set(doc_ids))
    random.Random(seed).shuffle(ids)
    n_shared = round(overlap * len(ids))
    shared, rest = ids[:n_shared], ids[n_shared:]
    own = {name: sorted(rest[i::len(names)]) for i, name in enumerate(names)}
    return AssignmentPlan(reviewers=names, shared=sorted(shared), own=own)


def reconcile_schemes(target, source) -> tuple[object, list[str]]:
    """The label scheme after merging `source` into `target` (LabelScheme values), and what differed.

    The rule: the target's definition wins for every label both have (display name, colour, key,
    description); a label or relation type only the source has is added (its key dropped if the target
    uses it); a relation type both have allows the union of their head and tail labels."""
    from copy import deepcopy

    merged = deepcopy(target)
    notes: list[str] = []
    keys = {e.key for e in merged.entities if e.key}
    for label in source.entities:
        mine = merged.entity(label.name)
        if mine is None:
            added = deepcopy(label)
            if added.key and added.key in keys:
                notes.append(f"label {label.name}: key {label.key!r} is taken here; added without a key")
                added.key = ""
            keys.add(added.key)
            merged.entities.append(added)
            notes.append(f"label {label.name}: added from the source")
            continue
        for attr in ("display", "color", "key", "description"):
            if getattr(mine, attr) != getattr(label, attr):
                notes.append(f"label {label.name}: {attr} differs ({getattr(label, attr)!r} there,"
                             f" {getattr(mine, attr)!r} kept)")
    for rel in source.relations:
        mine = merged.relation(rel.name)
        if mine is None:
            merged.relations.append(deepcopy(rel))
            notes.append(f"relation {rel.name}: added from the source")
            continue
        for role in ("heads", "tails"):
            extra = [n for n in getattr(rel, role) if n not in getattr(mine, role)]
            if extra:
                getattr(mine, role).extend(extra)
                notes.append(f"relation {rel.name}: {role[:-1]} labels {', '.join(extra)} allowed as in the source")
    return merged, notes
