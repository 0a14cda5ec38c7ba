"""Canonical entities: which mentions name the same thing ("중기부" = 중소벤처기업부, "오 차관" = 오기웅).

propose() gives every mention of one document a canonical name and the rule that chose it, in this
order of trust: the reviewer's link; the project's catalogue of entities and aliases; a definition in
the text ("과학기술정보통신부(이하 과기정통부)"); the shipped list of government abbreviations; the
abbreviation rule for Korean bodies (a short name that keeps the first syllable and the final 부/청/처/원/위
of a full name in the same document or the catalogue); a person's surname or name with a title standing
for the one full name in the document that starts with it; the canonical short name of a region. When two
full names fit, nothing is proposed: an unlinked mention is better than a wrongly merged one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Mapping, NamedTuple

from annotator.core.outlets import abbreviations, region_names, zone_type_terms

# Words that follow a name as its title ("오 차관", "김부겸 국무총리"); longest first.
TITLE_WORDS = tuple(sorted((
    "차관", "장관", "국무총리", "총리", "대통령", "청장", "처장", "원장", "위원장", "이사장", "도지사", "지사", "시장",
    "군수", "구청장", "대표", "사장", "회장", "의원", "기자", "교수", "본부장", "실장", "국장", "과장", "부단체장",
    "차관보", "센터장", "단장", "소장", "부시장", "부지사", "1차관", "2차관", "대변인", "비서관", "수석",
), key=len, reverse=True))
_DEFINED = re.compile(r"\s*\(\s*(?:이하|약칭)\s*[:：]?\s*['‘\"“]?([^()'’\"”]{1,30}?)['’\"”]?\s*\)")
_ORDINAL = re.compile(r"^(?:제?\s*\d+\s*차|신규|기존|해당|이번|각|전국|국내)\s*")
RULE_NAMES = {
    "reviewer": "검토자 연결", "catalogue": "개체 목록", "defined": "본문 정의(이하)", "list": "약칭 목록",
    "abbreviation": "약칭 규칙", "short form": "같은 기사의 줄임", "region": "지역 표준명", "same": "같은 이름",
}


class Mention(NamedTuple):
    """A mention as the rules read it (a tuple: a document's mentions are made by the hundred thousand per export,
    at a quarter of a frozen dataclass's cost)."""

    span_id: int
    label: str
    start: int
    end: int
    text: str  # whitespace-normalised


@dataclass(frozen=True, slots=True)
class Proposal:
    name: str
    rule: str  # a key of RULE_NAMES


def norm(text: str) -> str:
    return " ".join(text.split())


def is_generic_zone(name: str) -> bool:
    """ "특구", "규제자유특구", "1차 규제자유특구": the name of a kind of zone, not of one zone."""
    bare = _ORDINAL.sub("", norm(name))
    return "".join(bare.split()) in zone_type_terms()


def is_abbreviation(short: str, full: str) -> bool:
    """중기부 / 중소벤처기업부, 과기정통부 / 과학기술정보통신부, 공정위 / 공정거래위원회: same first syllable,
    short's syllables in order within full, and the same kind of body at the end."""
    short, full = "".join(short.split()), "".join(full.split())
    if not (2 <= len(short) < len(full)) or short[0] != full[0]:
        return False
    if not (short[-1] == full[-1] or (short.endswith("위") and full.endswith("위원회"))):
        return False
    position = 0
    for char in short:
        position = full.find(char, position)
        if position < 0:
            return False
        position += 1
    return True


def strip_title(name: str) -> str:
    """ "오 차관" -> "오", "김부겸 국무총리" -> "김부겸", "오기웅" -> "오기웅"."""
    for word in TITLE_WORDS:
        if name.endswith(word) and len(name) > len(word):
            rest = name[: -len(word)].rstrip()
            if rest:
                return rest
    return name


def definitions(text: str, mentions: Iterable[Mention]) -> dict[str, str]:
    """short -> full for "FULL(이하 SHORT)" right after a mention in the text."""
    found = {}
    for m in mentions:
        match = _DEFINED.match(text, m.end)
        if match:
            found.setdefault(norm(match.group(1)), m.text)
    return found


# The roles whose rules read more than the mention itself (the other mentions, the text, the region list).
CONTEXT_ROLES = frozenset({"organisation", "person", "region"})


def standalone_names(spans, text: str, roles: Mapping[str, str], catalogue: Mapping[tuple[str, str], str] | None,
                     linked: Mapping[int, str] | None) -> list[str] | None:
    """The names propose() gives a document's mentions (objects with id, label, start and end into text), in
    their order, worked out one mention at a time when no label among them has a role of CONTEXT_ROLES (each
    name is then the reviewer's link, the catalogue's entry or the mention's own text); None when one has."""
    if any(roles.get(label) in CONTEXT_ROLES for label in {sp.label for sp in spans}):
        return None
    if not catalogue and not linked:
        return [" ".join(text[sp.start:sp.end].split()) for sp in spans]
    catalogue = catalogue or {}
    linked = linked or {}
    out = []
    for sp in spans:
        if sp.id in linked:
            out.append(linked[sp.id])
            continue
        name = " ".join(text[sp.start:sp.end].split())
        out.append(catalogue.get((sp.label, name)) or name)
    return out


def propose(
    mentions: list[Mention],
    roles: Mapping[str, str],
    *,
    text: str = "",
    catalogue: Mapping[tuple[str, str], str] | None = None,
    linked: Mapping[int, str] | None = None,
) -> dict[int, Proposal]:
    """span id -> Proposal for the mentions of one document. roles: label -> report role (annotator.core.
    scheme.ENTITY_ROLES). catalogue: (label, alias or name) -> canonical name. linked: span id -> the name of
    the entity a reviewer linked it to."""
    catalogue = catalogue or {}
    linked = linked or {}
    role_of = {label: roles.get(label, "") for label in {m.label for m in mentions}}
    by_role: dict[str, list[Mention]] = {}
    for m in mentions:
        by_role.setdefault(role_of[m.label], []).append(m)
    # What only the organisation and person rules read is worked out only when the document has such mentions.
    organisations = by_role.get("organisation", ())
    if organisations:
        defined = definitions(text, mentions) if text else {}
        listed = abbreviations()
        org_fulls = {m.text for m in organisations}
        catalogue_names: dict[str, set[str]] = {}
        for (label, _alias), name in catalogue.items():
            catalogue_names.setdefault(label, set()).add(name)
        full_names: dict[str, FullNames] = {}  # label -> the names its mentions may abbreviate, indexed
        organisation_found: dict[tuple[str, str], Proposal | None] = {}  # (label, text) -> _organisation's answer
    person_fulls = {strip_title(m.text) for m in by_role.get("person", ()) if len(strip_title(m.text)) >= 2}
    regions = region_names() if "region" in by_role else {}
    same: dict[str, Proposal] = {}  # one value per name: a Proposal is immutable
    out: dict[int, Proposal] = {}
    for m in mentions:
        role = role_of[m.label]
        if m.span_id in linked:
            out[m.span_id] = Proposal(linked[m.span_id], "reviewer")
            continue
        known = catalogue.get((m.label, m.text)) if catalogue else None
        if known:
            out[m.span_id] = Proposal(known, "catalogue")
            continue
        proposal = None
        if role == "organisation":
            # one answer per label and text: it depends on nothing else of the mention
            key = (m.label, m.text)
            if key in organisation_found:
                proposal = organisation_found[key]
            else:
                fulls = full_names.get(m.label)
                if fulls is None:
                    fulls = full_names[m.label] = FullNames(org_fulls | catalogue_names.get(m.label, set()))
                proposal = organisation_found[key] = _organisation(m, defined, listed, fulls)
        elif role == "person":
            proposal = _person(m, person_fulls)
        elif role == "region" and regions.get(m.text, m.text) != m.text:
            proposal = Proposal(regions[m.text], "region")
        if proposal is not None:
            # the full name may itself be a catalogue alias ("중소벤처기업부" filed under a reviewer's name)
            known = catalogue.get((m.label, proposal.name))
            out[m.span_id] = Proposal(known, proposal.rule) if known else proposal
        else:
            found = same.get(m.text)
            if found is None:
                found = same[m.text] = Proposal(m.text, "same")
            out[m.span_id] = found
    return out


class FullNames:
    """Full names an organisation mention may abbreviate, indexed by their first and last characters (spaces left
    out), which is_abbreviation() needs to match, and within those by the characters they hold: a mention is
    compared only with the names holding every character of it. A document of 10,000 ORG mentions was 100 million
    comparisons (an export took 67 s)."""

    __slots__ = ("by_ends",)

    def __init__(self, names: Iterable[str]):
        # (first, last character) -> character -> the names holding it
        self.by_ends: dict[tuple[str, str], dict[str, set[str]]] = {}
        for name in names:
            bare = "".join(name.split())
            if len(bare) >= 3:  # a full name is longer than its abbreviation, which has two characters or more
                holding = self.by_ends.setdefault((bare[0], bare[-1]), {})
                for char in set(bare):
                    holding.setdefault(char, set()).add(name)

    def only_full_name_of(self, short: str) -> str | None:
        """The one name f != short with is_abbreviation(short, f), or None when there is none or more than one
        (the search stops at the second)."""
        bare = "".join(short.split())
        if len(bare) < 2:
            return None
        keys = [(bare[0], bare[-1])]
        if bare.endswith("위"):  # 공정위 / 공정거래위원회: a full name ending in 회
            keys.append((bare[0], "회"))
        found = None
        for key in keys:
            holding = self.by_ends.get(key)
            if holding is None:
                continue
            sets = [holding.get(char) for char in set(bare)]  # each of short's characters is in its full name
            if any(names is None for names in sets):
                continue
            sets.sort(key=len)
            for name in sets[0].intersection(*sets[1:]):
                if name != short and name != found and is_abbreviation(short, name):
                    if found is not None:
                        return None
                    found = name
        return found


def _organisation(m: Mention, defined, listed, fulls: FullNames) -> Proposal | None:
    if m.text in defined and defined[m.text] != m.text:
        full = defined[m.text]
        return Proposal(listed.get(full, full), "defined")
    if m.text in listed and listed[m.text] != m.text:
        return Proposal(listed[m.text], "list")
    full = fulls.only_full_name_of(m.text)
    return Proposal(full, "abbreviation") if full is not None else None


def _person(m: Mention, fulls: set[str]) -> Proposal | None:
    bare = strip_title(m.text)
    if len(bare) == 1:  # a surname: the one full name in this article that starts with it
        candidates = {f for f in fulls if f.startswith(bare) and len(f) >= 2}
        return Proposal(candidates.pop(), "short form") if len(candidates) == 1 else None
    if bare != m.text:
        return Proposal(bare, "short form")
    return None


def zone_name_parts(name: str) -> tuple[str, str]:
    """(region, field) read from a zone's own name, as Korean zones are named: "강원 정밀의료 산업" ->
    ("강원", "정밀의료 산업"); "강원 AI헬스케어 글로벌 혁신 특구" -> ("강원", "AI헬스케어"). ("", "") when the
    name does not start with one of the 17 regions."""
    words = norm(name).split(" ")
    region = region_names().get(words[0], "") if len(words) > 1 else ""
    if not region:
        return "", ""
    rest = words[1:]
    terms = zone_type_terms()
    for cut in range(len(rest)):  # drop a trailing kind of zone ("글로벌 혁신 특구")
        if "".join(rest[cut:]) in terms:
            rest = rest[:cut]
            break
    return region, " ".join(rest)
