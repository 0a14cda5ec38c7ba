"""Property test with an oracle for relation candidates: any sequence of runs, accepts, rejects and undos of the last
decision leaves the file as a plain model says (pending candidates, relations, rejections); a run never proposes a
rejected candidate or an existing relation, and a candidate a run proposes again keeps its id (so the article view's
current one stays current while the app recomputes)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core.model import NewDocument
from annotator.core.suggestions import NewRelationSuggestion
from annotator.store import Project

TEXT = "가나다 라마바 사아 자차 카타파 하"
ENTITIES = ((0, 3, "PERSON"), (4, 7, "PERSON"), (8, 10, "TITLE"), (11, 13, "TITLE"), (14, 17, "ORG"))
PAIRS = ((0, 2, "holds_title"), (0, 3, "holds_title"), (1, 2, "holds_title"), (1, 3, "holds_title"),
         (0, 4, "belongs_to"), (1, 4, "belongs_to"))

candidate = st.tuples(st.sampled_from(PAIRS), st.floats(0, 1, allow_nan=False))
step = st.one_of(
    st.tuples(st.just("run"), st.lists(candidate, max_size=8)),
    st.tuples(st.just("accept"), st.integers(0, 20)),
    st.tuples(st.just("reject"), st.integers(0, 20)),
    st.tuples(st.just("undo")),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(step, max_size=14))
def test_runs_and_decisions_follow_the_oracle(tmp_path_factory, steps):
    path = tmp_path_factory.mktemp("relprop") / "p.db"
    with Project.open(path, "kim") as p:
        p.add_documents([NewDocument(TEXT, title="t")])
        ids = [p.add_span(1, *e).id for e in ENTITIES]
        pending: dict[tuple, int] = {}  # (head index, tail index, type) -> candidate id
        related: set[tuple] = set()
        rejected: set[tuple] = set()
        history: list[tuple] = []
        for op in steps:
            if op[0] == "run":
                p.write_relation_suggestions({1: [NewRelationSuggestion(ids[h], ids[t], label, "relations", score)
                                                  for (h, t, label), score in op[1]]})
                proposed = {pair for pair, _score in op[1]} - rejected - related
                stored = {(ids.index(s.head_id), ids.index(s.tail_id), s.label): s.id for s in p.relation_suggestions(1)}
                assert set(stored) == proposed
                assert all(stored[k] == pending[k] for k in proposed & set(pending))  # proposed again: same id
                pending = stored
                history.clear()  # a run replaced what an undo would bring back
            elif op[0] in ("accept", "reject") and pending:
                key = sorted(pending)[op[1] % len(pending)]
                if op[0] == "accept":
                    taken, created = p.accept_relation_suggestions([pending[key]])
                    related.add(key)
                    history.append(("accept", key, taken, created))
                else:
                    history.append(("reject", key, p.reject_relation_suggestions([pending[key]])))
                    rejected.add(key)
                del pending[key]
            elif op[0] == "undo" and history:
                last = history.pop()
                if last[0] == "accept":
                    p.undo_accept_relations(last[2], last[3])
                    related.discard(last[1])
                    pending[last[1]] = last[2][0].id
                else:
                    p.undo_reject_relations(last[2])
                    rejected.discard(last[1])
                    pending[last[1]] = last[2][0].id
            with Project.open(path, "kim", read_only=True) as other:  # what the file holds, at once
                assert {(ids.index(s.head_id), ids.index(s.tail_id), s.label): s.id
                        for s in other.relation_suggestions(1)} == pending
                assert {(ids.index(r.head_id), ids.index(r.tail_id), r.label)
                        for r in other.relations(1, "kim")} == related
                assert {(ENTITIES.index(h), ENTITIES.index(t), label)
                        for h, t, label in other.rejected_relation_suggestions(1)} == rejected
