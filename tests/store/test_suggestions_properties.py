"""Property test with an oracle: any sequence of runs, accepts (with or without another label), rejects and undos
of the last decision leaves the file as a plain model says: pending suggestions, own entities and rejections;
no run ever proposes a rejected suggestion or one over a label; every decision is in the file at once."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core.model import NewDocument
from annotator.core.suggestions import NewSuggestion
from annotator.store import AnnotationError, Project

TEXT = "가나다라마바사아자차카타파하" * 3  # 42 characters
LABELS = ("ORG", "LOC", "PERSON")

proposal = st.builds(lambda start, length, label, score: NewSuggestion(start, min(start + length, len(TEXT)), label,
                                                                       "model", score),
                     st.integers(0, len(TEXT) - 1), st.integers(1, 5), st.sampled_from(LABELS),
                     st.floats(0, 1, allow_nan=False))
step = st.one_of(
    st.tuples(st.just("run"), st.lists(proposal, max_size=8)),
    st.tuples(st.just("accept"), st.integers(0, 20), st.one_of(st.none(), st.sampled_from(LABELS))),
    st.tuples(st.just("reject"), st.integers(0, 20)),
    st.tuples(st.just("undo")),
)


def _overlap(a, b) -> bool:
    return a[0] < b[1] and b[0] < a[1]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(step, max_size=14))
def test_decisions_and_runs_follow_the_oracle(tmp_path_factory, steps):
    path = tmp_path_factory.mktemp("prop") / "p.db"
    with Project.open(path, "kim") as p:
        p.add_documents([NewDocument(TEXT, title="t")])
        pending: dict[int, tuple] = {}  # suggestion id -> (start, end, label, score)
        own: dict[int, tuple] = {}  # entity id -> (start, end, label)
        rejected: set[tuple] = set()
        history: list[tuple] = []  # decisions that can be undone, last on top
        for op in steps:
            if op[0] == "run":
                p.write_suggestions({1: op[1]})
                history.clear()  # a new run replaces what an undo would restore
                stored = p.suggestions(1)
                pending = {s.id: (s.start, s.end, s.label, s.score) for s in stored}
                keys = [(s.start, s.end) for s in stored]
                assert all(not _overlap(a, b) for i, a in enumerate(keys) for b in keys[i + 1:])
                assert not {(s.start, s.end, s.label) for s in stored} & rejected
                assert all(not _overlap((s.start, s.end), e) for s in stored for e in own.values())
            elif op[0] in ("accept", "reject") and pending:
                sid = sorted(pending)[op[1] % len(pending)]
                start, end, label, _score = pending[sid]
                if op[0] == "accept":
                    blocked = any(_overlap((start, end), e) for e in own.values())
                    try:
                        taken, created = p.accept_suggestions([sid], {sid: op[2]} if op[2] else None)
                    except AnnotationError:
                        assert blocked
                        continue
                    assert not blocked
                    del pending[sid]
                    own[created[0].id] = (start, end, op[2] or label)
                    history.append(("accept", taken, created))
                else:
                    history.append(("reject", p.reject_suggestions([sid])))
                    del pending[sid]
                    rejected.add((start, end, label))
            elif op[0] == "undo" and history:
                last = history.pop()
                if last[0] == "accept":
                    p.undo_accept(last[1], last[2])
                    del own[last[2][0].id]
                else:
                    p.undo_reject(last[1])
                    rejected.discard(last[1][0].key)
                s = last[1][0]
                pending[s.id] = (s.start, s.end, s.label, s.score)
            with Project.open(path, "kim", read_only=True) as other:  # committed: another connection sees it
                assert {s.id: (s.start, s.end, s.label, s.score) for s in other.suggestions(1)} == pending
                assert {s.id: (s.start, s.end, s.label) for s in other.spans(1, "kim")} == own
                assert other.rejected_suggestions(1) == rejected
                assert other.spans(1) == [] or all(s.layer == "kim" for s in other.spans(1))
