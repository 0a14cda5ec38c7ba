"""count_line_frequencies writes the rows, in the order, that its Counter-based version wrote (kept here as the
oracle): lines given as texts or keys, blanks, repeats within a document, several sources, no lines at all."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.line_stats import line_key
from annotator.store.project import Project

LINES = st.lists(st.one_of(st.sampled_from(["", "기사", "Copyright", "기사"]), st.integers(-3, 3)), max_size=5)


def _old_rows(documents):
    lines_seen: Counter = Counter()
    documents_seen: Counter = Counter()
    for source, lines in documents:
        lines_seen.update((source, key) for key in
                          {line_key(line) if isinstance(line, str) else line for line in lines if line})
        documents_seen[source] += 1
    return [[(source, key, n) for (source, key), n in lines_seen.items()], list(documents_seen.items())]


class _Recording:
    def __init__(self, conn):
        self.conn, self.rows = conn, []

    def __getattr__(self, name):
        return getattr(self.conn, name)

    def executemany(self, sql, rows):
        self.rows.append(list(rows))
        return self.conn.executemany(sql, self.rows[-1])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["a.kr", "b.kr"]), LINES), max_size=6))
def test_line_counts_rows_are_unchanged(tmp_path_factory, documents):
    with Project.open(tmp_path_factory.mktemp("p") / "p.db", "tester") as project:
        recording = project.conn = _Recording(project.conn)
        project.count_line_frequencies(documents)
        assert recording.rows == _old_rows(documents)
        project.conn = recording.conn
