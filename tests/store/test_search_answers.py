"""A search answered on one connection and pinned on another (the app's document list, search_answers.py) lists
what a plain scan finds: short queries that cannot use the trigram index, with spaces and Hangul, across spacing
and with exact spacing; documents imported after the answer are found too."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from annotator.core.model import NewDocument
from annotator.core.search import SPACES
from annotator.store import Project
from tests.store.test_search_oracle import oracle

ALPHABET = "특구혁신가" + "aA" + SPACES[:3]
texts = st.text(alphabet=ALPHABET, min_size=1, max_size=12)
# one or two characters that are not whitespace, with spaces around or between them
short_queries = st.tuples(st.sampled_from(["", " "]), st.text(alphabet="특구혁신가aA", min_size=1, max_size=2),
                          st.sampled_from(["", " "])).map(lambda t: t[0] + (" ".join(t[1]) if len(t[1]) == 2
                                                                              and t[0] else t[1]) + t[2])


def _listed(project, query: str, exact: bool) -> list[int]:
    count = project.count_filtered(query=query, exact_spacing=exact)
    page = project.document_page(0, 100, query=query, exact_spacing=exact)
    assert count == len(page)
    return sorted(r.id for r in page)


@settings(max_examples=40, deadline=None)
@given(docs=st.lists(st.tuples(st.text(alphabet=ALPHABET, max_size=4), texts), min_size=1, max_size=8),
       later=st.lists(texts, max_size=3), queries=st.lists(short_queries, min_size=1, max_size=4))
def test_a_pinned_short_search_lists_what_a_scan_finds(tmp_path_factory, docs, later, queries):
    path = tmp_path_factory.mktemp("answers") / "p.db"
    with Project.open(path, "kim") as window, Project.open(path, read_only=True, validate=False) as worker:
        window.add_documents([NewDocument(text=text, title=title) for title, text in docs])
        window.index_pending()
        for query in queries:
            for exact in (False, True):
                if not query.strip():
                    continue
                answer = worker.search_answer(query, exact_spacing=exact)
                rows = window.conn.execute("SELECT id, title, text FROM documents ORDER BY id").fetchall()
                assert list(answer.ids) == oracle(rows, query, exact), (query, exact)
                window.pin_search(answer)
                assert window.pinned_search(query, exact) and not window.pinned_search(query + "x", exact)
                assert _listed(window, query, exact) == oracle(rows, query, exact)
        # documents imported after the last answer: beyond its `through`, found by a scan
        window.add_documents([NewDocument(text=text, title=f"later {i}") for i, text in enumerate(later)])
        rows = window.conn.execute("SELECT id, title, text FROM documents ORDER BY id").fetchall()
        query, exact = answer.literal, answer.exact_spacing
        assert window.pinned_search(query, exact)
        assert _listed(window, query, exact) == oracle(rows, query, exact)
        assert window.search(query, exact_spacing=exact) == oracle(rows, query, exact)


def test_an_interrupted_search_has_no_answer(tmp_path):
    import threading

    path = tmp_path / "p.db"
    with Project.open(path, "kim") as project:
        project.add_documents([NewDocument(text="특구 " * 2000 + str(i), title=f"{i}") for i in range(300)])
    with Project.open(path, read_only=True, validate=False) as worker:
        # interrupted from another thread while it scans (as the app's newer query does): the progress handler
        # holds the scan until the interrupt has been issued, so that it is certainly running then
        started, issued = threading.Event(), threading.Event()
        worker.conn.set_progress_handler(lambda: (started.set(), issued.wait(10)) and 0, 100)
        stopper = threading.Thread(target=lambda: (started.wait(10), worker.interrupt(), issued.set()))
        stopper.start()
        answer = worker.search_answer("특", exact_spacing=False)
        stopper.join()
        worker.conn.set_progress_handler(None, 0)
        assert answer is None
        again = worker.search_answer("특", exact_spacing=False)
        assert again is not None and len(again.ids) == 300


@settings(max_examples=30, deadline=None)
@given(docs=st.lists(texts, min_size=1, max_size=6), later=st.lists(texts, min_size=1, max_size=4),
       indexed=st.booleans(), query=st.text(alphabet="특구혁신가aA", min_size=3, max_size=4),
       exact=st.booleans())
def test_a_pinned_indexed_search_after_an_import_lists_what_a_fresh_search_finds(tmp_path_factory, docs, later,
                                                                                  indexed, query, exact):
    # the documents after the answer are searched through the index where it holds them (not scanned one by one)
    path = tmp_path_factory.mktemp("answers") / "p.db"
    with Project.open(path, "kim") as window, Project.open(path, read_only=True, validate=False) as worker:
        window.add_documents([NewDocument(text=text + " 특구혁신가aA"[:len(text) % 5]) for text in docs])
        window.index_pending()
        window.pin_search(worker.search_answer(query, exact_spacing=exact))
        with Project.open(path, "lee") as other:
            other.add_documents([NewDocument(text=f"{text} {query} {n}") for n, text in enumerate(later)])
            if indexed:
                other.index_pending()
        assert window.pinned_search(query, exact)
        pinned = _listed(window, query, exact)
        with Project.open(path, "kim") as fresh:
            assert pinned == _listed(fresh, query, exact) == sorted(fresh.search(query, exact_spacing=exact))


def test_pinning_inside_an_open_transaction_neither_fails_nor_ends_it(tmp_path):
    path = tmp_path / "p.db"
    with Project.open(path, "kim") as window, Project.open(path, read_only=True, validate=False) as worker:
        window.add_documents([NewDocument(text="특구 지정"), NewDocument(text="혁신 도시")])
        answer = worker.search_answer("특")
        with window.transaction() as c:
            c.execute("INSERT INTO meta(key, value) VALUES ('probe', '1')")
            window.pin_search(answer)
            assert window.conn.in_transaction  # still the caller's transaction
        assert window.get_meta("probe") == "1" and window.pinned_search("특")
        assert _listed(window, "특", False) == [1]
