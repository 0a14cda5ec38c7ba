"""standalone_names (the export's one-mention-at-a-time canonical names) gives the names propose() gives, for random
documents whose labels have roles that read no context; and it declines (None) as soon as one label's role does."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from annotator.core.canonical import CONTEXT_ROLES, Mention, norm, propose, standalone_names
from annotator.core.model import Span

WORDS = ["중소벤처기업부", "중기부", " 강원  특구 ", "홍길동", "2024년\t3월", "120억 원", "특구", "\u3000수소\n"]
LABELS = ["ZONE", "DATE", "MONEY", "POLICY", "X"]
ROLES = ["", "zone", "date", "amount", "title", "field"]


@st.composite
def documents(draw):
    text, spans = "", []
    for i in range(draw(st.integers(1, 8))):
        word = draw(st.sampled_from(WORDS))
        if draw(st.booleans()):
            spans.append(Span(100 + i, 1, len(text), len(text) + len(word), draw(st.sampled_from(LABELS))))
        text += word + draw(st.sampled_from([" ", "(이하 중기부) ", ", "]))
    roles = {label: draw(st.sampled_from(ROLES)) for label in LABELS}
    names = [norm(w) for w in WORDS]
    catalogue = {(draw(st.sampled_from(LABELS)), draw(st.sampled_from(names))): draw(st.sampled_from(["목록명", "특구"]))
                 for _ in range(draw(st.integers(0, 3)))}
    linked = {sp.id: draw(st.sampled_from(["연결명", "홍길동"])) for sp in spans if draw(st.booleans())}
    return text, spans, roles, catalogue, linked


@settings(max_examples=300, deadline=None)
@given(documents())
def test_standalone_names_are_what_propose_gives(doc):
    text, spans, roles, catalogue, linked = doc
    mentions = [Mention(sp.id, sp.label, sp.start, sp.end, norm(text[sp.start:sp.end])) for sp in spans]
    proposals = propose(mentions, roles, text=text, catalogue=catalogue, linked=linked)
    assert standalone_names(spans, text, roles, catalogue, linked) == [proposals[sp.id].name for sp in spans]


@settings(max_examples=50, deadline=None)
@given(documents(), st.sampled_from(sorted(CONTEXT_ROLES)))
def test_a_role_that_reads_context_is_left_to_propose(doc, role):
    text, spans, roles, catalogue, linked = doc
    if not spans:
        return
    roles = dict(roles, **{spans[0].label: role})
    assert standalone_names(spans, text, roles, catalogue, linked) is None
