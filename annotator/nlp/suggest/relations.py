"""Relation candidates by rules, for pairs of entities in one sentence whose labels the scheme allows.

Each rule names a relation type, the head and tail labels it applies to, which comes first in the text,
what may stand between them and, optionally, a word the sentence must contain (개최 for hosts). A rule
whose relation type the scheme lacks, or does not allow for those labels, proposes nothing. Scores are
rough prior precisions; `annotator bench --only relations` measures the real one on the bundled sample
(in-sample) and on the unseen pages of a relation gold, and the engine leaves relations off unless asked.

Sentences are split by punctuation (sentence_spans), not by Kiwi: the rules need only the text and the
entities, so the app recomputes a document's candidates (on a worker thread, ui/relation_recompute.py) within
milliseconds whenever its entities change. On the bundled sample Kiwi's split gives the same candidates.
The rules for on_date after an event, designates and attends were written on the bundled sample only; their
precision on unseen pages is in `annotator bench --only relations` (relations_unseen).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from annotator.nlp.suggest.base import RelationSuggestion

Ent = tuple[int, int, str]
# A sentence ends at . ! ? … (and closing quotes or brackets after it) followed by whitespace; "3.5%" and
# "No.1" do not end one. Quoted statements strung together ("…있다”며 “이번에…") are taken one at a time.
_SENTENCE_END = re.compile(r"[.!?。…][\"'”’』」)\]]*(?=\s)|[”\"’](?:라며|며|고|면서)(?=\s+[“\"‘])")
_ALIAS_OPENING = re.compile(r"\(\s*이하\s*[\"'‘“]?\s*$")
_PARTICLE_GAP = re.compile(r"\s*(?:은|는|이|가|을|를|의|과|와|도|에|에서|으로|로)?[\s,]*")


@dataclass(frozen=True, slots=True)
class RelationRule:
    relation: str
    heads: frozenset[str]
    tails: frozenset[str]
    head_first: bool            # the head comes before the tail in the text
    between: str                # "space": only whitespace; "particle": a particle and spaces; "org": one ORG entity;
                                # "any": anything in the sentence; "gap": the text between matches `gap`
    score: float
    trigger: re.Pattern | None = None  # the sentence must match this
    after_tail: re.Pattern | None = None  # the text right after the tail must match this
    nearest: bool = True        # only the nearest such partner of each head
    gap: re.Pattern | None = None  # with between="gap": what the text between the two must be (fullmatch)
    after_head: re.Pattern | None = None  # the text right after the head must match this


RULES: tuple[RelationRule, ...] = (
    RelationRule("holds_title", frozenset({"PERSON"}), frozenset({"TITLE"}), True, "space", 0.9),
    RelationRule("holds_title", frozenset({"PERSON"}), frozenset({"TITLE"}), True, "org", 0.85),
    RelationRule("belongs_to", frozenset({"PERSON"}), frozenset({"ORG"}), True, "space", 0.75,
                 after_tail=re.compile(r"\s*[^\s]*?(?:장관|차관|청장|원장|장|관|기자|총리|위원|이사|대표)")),
    RelationRule("has_figure", frozenset({"ZONE", "POLICY", "EVENT"}), frozenset({"QUANTITY"}), True, "particle", 0.6),
    # "LOC에서" places what happens there (an event held, a meeting opened), not the organisations taking part:
    # only an EVENT is located by it; an ORG or a ZONE needs "에 위치/소재/있는".
    RelationRule("located_in", frozenset({"EVENT"}), frozenset({"LOC"}), False, "any", 0.6,
                 after_tail=re.compile(r"(?:에서|에 위치|에 소재)")),
    *(RelationRule("located_in", frozenset({"ORG", "ZONE"}), frozenset({"LOC"}), head_first, "any", 0.6,
                   after_tail=re.compile(r"(?:에 위치|에 소재|에 있는)"))
      for head_first in (False, True)),  # "LOC에 위치한 ORG" and "ORG는 LOC에 위치한"
    RelationRule("hosts", frozenset({"ORG"}), frozenset({"EVENT"}), True, "any", 0.55,
                 trigger=re.compile(r"개최|주최|주관|열었|연다")),
    RelationRule("on_date", frozenset({"EVENT"}), frozenset({"DATE"}), False, "any", 0.5,
                 after_tail=re.compile(r"\s*(?:오전|오후|부터|까지|에)?")),
    # "EVENT를 14일 개최했다": the date right after the event, then the verb of holding it.
    RelationRule("on_date", frozenset({"EVENT"}), frozenset({"DATE"}), True, "particle", 0.6,
                 after_tail=re.compile(r"\s*(?:에\s*)?(?:개최|열|연다|진행|개막)")),
    # "‘19년 7월에 1차로 지정된 특구": the date of the act that made the zone or policy.
    RelationRule("on_date", frozenset({"ZONE", "POLICY"}), frozenset({"DATE"}), False, "gap", 0.6,
                 gap=re.compile(r"(?:에|부터)?\s*(?:\S{1,6}\s+)?(?:지정|출범|시행|도입|선정)(?:된|한|되는|된\s+\S{1,4})\s*")),
    # "정부는 … 4개 규제자유특구를 신규로 지정": the subject of the sentence's designating verb, and the zone it names.
    RelationRule("designates", frozenset({"ORG"}), frozenset({"ZONE"}), True, "any", 0.6,
                 after_head=re.compile(r"(?:은|는|이|가)\s"),
                 after_tail=re.compile(r"[^.!?\n]{0,30}?(?:을|를)\s*(?:\S{1,6}\s+)?지정(?:했|하였|한다|할|키로|하고|해|하는\s+한편)")),
    # "중기부 차관과 … 부단체장이 참여하는 '협의회'": who takes part in the event the clause names.
    RelationRule("attends", frozenset({"ORG", "PERSON"}), frozenset({"EVENT"}), True, "gap", 0.55,
                 gap=re.compile(r"[^.!?\n]{0,40}?(?:참석|참여|참가)(?:하는|한|했던)\s*['‘“\"]?")),
    RelationRule("has_amount", frozenset({"ZONE", "POLICY"}), frozenset({"MONEY"}), True, "any", 0.5),
    # The verb right after the policy ("…사업을 추진", "…방향 발표"), not anywhere in a long sentence.
    RelationRule("runs", frozenset({"ORG"}), frozenset({"POLICY"}), True, "any", 0.45,
                 after_tail=re.compile(r"[^.!?\n]{0,8}?(?:추진|운영|시행|마련|발표|도입)")),
)


def _allowed(scheme, rule: RelationRule, head: str, tail: str) -> bool:
    return any(r.name == rule.relation for r in scheme.allowed_relations(head, tail))


def _gap_ok(rule: RelationRule, text: str, first: Ent, second: Ent, entities: Sequence[Ent]) -> bool:
    gap = text[first[1]:second[0]]
    inside = [e for e in entities if e[0] >= first[1] and e[1] <= second[0]]
    if rule.between == "space":
        return gap.strip() == "" and not inside
    if rule.between == "particle":
        return _PARTICLE_GAP.fullmatch(gap) is not None and not inside
    if rule.between == "org":
        return (len(inside) == 1 and inside[0][2] == "ORG"
                and (text[first[1]:inside[0][0]] + text[inside[0][1]:second[0]]).strip() == "")
    if rule.between == "gap":
        return rule.gap is not None and rule.gap.fullmatch(gap) is not None
    return True


def _is_alias(text: str, entity: Ent) -> bool:
    """A short name introduced for the entity before it, "과학기술정보통신부(이하 과기정통부)": the relations go on the
    full name, so the alias proposes none."""
    return _ALIAS_OPENING.search(text, max(0, entity[0] - 8), entity[0]) is not None


def suggest_relations(text: str, entities: Sequence[Ent], scheme, sentences: Sequence[tuple[int, int]],
                      rules: Sequence[RelationRule] = RULES) -> list[RelationSuggestion]:
    """Candidates among `entities` (accepted labels and/or suggestions) within each sentence span."""
    out: dict[tuple[Ent, Ent, str], RelationSuggestion] = {}
    ents = sorted(e for e in set(entities) if not _is_alias(text, e))
    for s_start, s_end in sentences:
        inside = [e for e in ents if e[0] >= s_start and e[1] <= s_end]
        if len(inside) < 2:
            continue
        sentence = text[s_start:s_end]
        for rule in rules:
            if rule.trigger is not None and rule.trigger.search(sentence) is None:
                continue
            for head in (e for e in inside if e[2] in rule.heads):
                partners = []
                for tail in (e for e in inside if e[2] in rule.tails and e != head):
                    first, second = (head, tail) if rule.head_first else (tail, head)
                    if first[1] > second[0] or not _allowed(scheme, rule, head[2], tail[2]):
                        continue
                    if rule.after_tail is not None and rule.after_tail.match(text, tail[1], s_end) is None:
                        continue
                    if rule.after_head is not None and rule.after_head.match(text, head[1], s_end) is None:
                        continue
                    if _gap_ok(rule, text, first, second, inside):
                        partners.append((second[0] - first[1], tail))
                if rule.nearest and partners:
                    partners = [min(partners)]
                for _distance, tail in partners:
                    key = (head, tail, rule.relation)
                    if key not in out or out[key].score < rule.score:
                        out[key] = RelationSuggestion(head, tail, rule.relation, rule.score,
                                                      f"rule {rule.relation}/{rule.between}")
    return sorted(out.values(), key=lambda r: (r.head, r.tail, r.label))


def sentence_spans(text: str, regions: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """(start, end) of each sentence within each region (a region is a line or a run of lines)."""
    out = []
    for a, b in regions:
        start = a
        for match in _SENTENCE_END.finditer(text, a, b):
            out.append((start, match.end()))
            start = match.end()
            while start < b and text[start].isspace():
                start += 1
        if start < b and text[start:b].strip():
            out.append((start, b))
    return out


def document_candidates(text: str, entities: Sequence[Ent], scheme, regions: Sequence[tuple[int, int]], *,
                        min_score: float = 0.0) -> list[RelationSuggestion]:
    """The candidates among entities in the regions' sentences (what the CLI, the worker and the app write)."""
    return [r for r in suggest_relations(text, entities, scheme, sentence_spans(text, regions))
            if r.score >= min_score]
