"""A labelled sample project for the export, import round-trip and report tests.

tests/fixtures/export/seeds_labelled.jsonl: three real Korean news pages in doccano relation JSONL
(code-point offsets, default scheme), 180 entities and 53 relations. An extra document with emoji and
supplementary-plane Hanja checks offsets outside the BMP.
"""

from __future__ import annotations

import json
from pathlib import Path

from annotator.core.model import NewDocument, NewRelation, NewSpan
from annotator.store import Project

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "export" / "seeds_labelled.jsonl"

EMOJI_TEXT = (
    "🚀 강원 𠀀𠀁 글로벌 혁신 특구 지정 🎉\n"
    "\n"
    "중소벤처기업부는 13일 강원 원주시를 𡈽 AI헬스케어 글로벌 혁신 특구로 지정했다. 예산은 120억 원이다 😀.\n"
    "홍길동 𠮷차관은  30개 기업과 함께 👍 협의회에 참석했다."
)


def _emoji_document() -> NewDocument:
    def at(word: str, label: str, nth: int = 0) -> NewSpan:
        start = -1
        for _ in range(nth + 1):
            start = EMOJI_TEXT.index(word, start + 1)
        return NewSpan(start, start + len(word), label)

    spans = [
        at("중소벤처기업부", "ORG"),              # 0
        at("13일", "DATE"),                       # 1
        at("강원 원주시", "LOC"),                  # 2
        at("AI헬스케어", "FIELD"),                 # 3
        at("글로벌 혁신 특구", "ZONE", nth=1),      # 4
        at("120억 원", "MONEY"),                   # 5
        at("홍길동", "PERSON"),                    # 6
        at("𠮷차관", "TITLE"),                     # 7  (starts with a supplementary-plane character)
        at("30개 기업", "QUANTITY"),               # 8
        at("협의회", "EVENT"),                     # 9
        at("𠀀𠀁", "LOC"),                        # 10 (entirely outside the BMP)
    ]
    relations = [
        NewRelation(0, 4, "designates"), NewRelation(4, 2, "located_in"), NewRelation(4, 3, "in_field"),
        NewRelation(4, 1, "on_date"), NewRelation(4, 5, "has_amount"), NewRelation(4, 8, "has_figure"),
        NewRelation(6, 7, "holds_title"), NewRelation(6, 9, "attends"),
    ]
    return NewDocument(EMOJI_TEXT, title="이모지와 확장 한자 🚀", source="test", ext_id="emoji-doc",
                       spans=spans, relations=relations)


def seed_documents() -> list[NewDocument]:
    docs = []
    for line in FIXTURE.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        text = rec["text"]
        ents = rec["entities"]
        index = {e["id"]: i for i, e in enumerate(ents)}
        first = min(e["start_offset"] for e in ents)  # the headline: the line of the first entity
        headline = text[text.rfind("\n", 0, first) + 1:].split("\n", 1)[0].strip()
        docs.append(NewDocument(
            text,
            title=headline[:200],
            source="seed",
            ext_id=rec["id"],
            spans=[NewSpan(e["start_offset"], e["end_offset"], e["label"]) for e in ents],
            relations=[NewRelation(index[r["from_id"]], index[r["to_id"]], r["type"]) for r in rec["relations"]],
        ))
    return docs


def build_sample_project(path: Path, *, reviewer: str = "kim", emoji: bool = True, done: bool = True) -> Project:
    """A project holding the three seed pages (and the emoji document), all marked done by `reviewer`."""
    project = Project.open(path, reviewer)
    docs = seed_documents() + ([_emoji_document()] if emoji else [])
    result = project.add_documents(docs)
    assert not result.problems, result.problems
    if done:
        for doc_id in result.imported:
            project.set_status(doc_id, "done")
    return project


def annotations(project: Project, doc_id: int, text: str | None = None):
    """(spans, relations) of a document as comparable values: (start, end, label, covered text) and
    (head span, tail span, label)."""
    text = project.document(doc_id).text if text is None else text
    spans = project.spans(doc_id)
    by_id = {sp.id: (sp.start, sp.end, sp.label, text[sp.start:sp.end]) for sp in spans}
    rels = sorted((by_id[r.head_id], by_id[r.tail_id], r.label) for r in project.relations(doc_id))
    return sorted(by_id.values()), rels
