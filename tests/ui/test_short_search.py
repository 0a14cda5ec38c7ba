"""Short searches in the document list run on a worker: a query of one or two characters scans every document, and
the window must not wait for it. The list shows the answer of the newest query only, says "Searching…" meanwhile,
stays usable, and keeps the open document selected when the answer lists it."""

from __future__ import annotations

import threading

from annotator.core.model import NewDocument
from annotator.core.search import compact
from annotator.store import Project
from annotator.ui import tasks
from tests.ui.mw_support import sample_path_db, sample_project, search, settings_dir, window  # noqa: F401 (fixtures)

EXTRA = [("가을 축제", "서울 가을 축제가 열린다."), ("나다 뉴스", "부산에서 나 다 함께."), ("봄", "대전 봄꽃 소식."),
         ("Abc", "ab 소문자 abc.")]


def _grow(window):
    window.project.add_documents([NewDocument(text=text, title=title) for title, text in EXTRA])
    window.documents.model.reload()


def _scan(window, query: str) -> list[int]:
    """The documents whose title or text holds query across spacing (ASCII case folded): a brute-force filter."""
    key = compact(query).lower()
    rows = window.project.conn.execute("SELECT id, title, text FROM documents ORDER BY id").fetchall()
    return [i for i, title, text in rows if key in compact(text).lower() or key in compact(title).lower()]


def _listed(window) -> list[int]:
    model = window.documents.model
    return [model.doc_id_at(r) for r in range(model.rowCount())]


def test_one_and_two_character_searches_list_the_right_documents(window, qtbot):
    _grow(window)
    panel = window.documents
    for query in ("가", "나다", "ab", "특", "축 제"):
        search(qtbot, panel, query)
        expected = _scan(window, query)
        assert expected and _listed(window) == expected, query
        assert window.project.pinned_search(query)  # answered by the worker, not by a scan on this thread
    search(qtbot, panel, "")
    assert len(_listed(window)) == 3 + len(EXTRA)


def test_a_later_query_wins_over_an_earlier_slow_one_and_the_list_stays_usable(window, qtbot, monkeypatch):
    _grow(window)
    panel = window.documents
    before = _listed(window)
    slow_started, release = threading.Event(), threading.Event()
    original = Project.search_answer

    def search_answer(self, query, *, exact_spacing=False):
        if query == "가":  # the earlier query: held on its worker until the later one has been shown
            slow_started.set()
            release.wait(10)
        return original(self, query, exact_spacing=exact_spacing)

    monkeypatch.setattr(Project, "search_answer", search_answer)
    shown = []
    panel.model.modelReset.connect(lambda: shown.append(panel.model.query))
    panel.search_box.setText("가")
    panel.apply_filter()
    qtbot.waitUntil(slow_started.is_set, timeout=10_000)
    assert panel.searches.busy and panel.search_note.isVisible() and panel.search_note.text() == "Searching…"
    assert _listed(window) == before  # the list as it was, and usable: a click opens a document
    with qtbot.waitSignal(panel.document_activated):
        panel.view.clicked.emit(panel.model.index(4, 0))
    assert window.session.doc_id == before[4]
    panel.search_box.setText("나다")
    panel.apply_filter()
    qtbot.waitUntil(lambda: panel.model.query == "나다", timeout=10_000)
    assert _listed(window) == _scan(window, "나다") and not panel.search_note.isVisible()
    release.set()  # the earlier query's answer comes now: too late, it is dropped
    qtbot.waitUntil(lambda: not tasks._running, timeout=10_000)
    qtbot.wait(50)  # queued signals of the finished thread delivered
    assert panel.model.query == "나다" and _listed(window) == _scan(window, "나다")
    assert "가" not in shown and shown[-1] == "나다"


def test_the_open_document_stays_selected_when_the_search_lists_it(window, qtbot):
    _grow(window)
    panel = window.documents
    target = _scan(window, "봄")[0]
    window.open_document(target)
    assert panel.selected_doc_ids() == [target]
    search(qtbot, panel, "꽃")  # lists it (at another row)
    assert _listed(window) == [target] and panel.selected_doc_ids() == [target]
    search(qtbot, panel, "가")  # does not list it
    assert target not in _listed(window) and panel.selected_doc_ids() == []


def test_a_failed_search_is_said_once_and_the_other_filters_still_apply(window, qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    said = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args, **kwargs: said.append(args[2]))

    def failing(self, query, *, exact_spacing=False):
        raise RuntimeError("disk I/O error")

    monkeypatch.setattr(Project, "search_answer", failing)
    panel = window.documents
    panel.search_box.setText("가")
    panel.apply_filter()
    qtbot.waitUntil(lambda: bool(said), timeout=10_000)
    assert said == ["disk I/O error"]
    panel.set_status_filter("done")  # applied at once, with the search last shown (none): no new ask, no new box
    assert panel.model.status == "done" and not panel.searches.busy
    qtbot.wait(200)
    assert said == ["disk I/O error"]
    monkeypatch.undo()  # the search works again; a changed box asks again
    panel.set_status_filter(None)
    search(qtbot, panel, "특")
    assert panel.model.query == "특" and set(_listed(window)) == set(_scan(window, "특"))


def test_an_answer_to_a_query_typed_over_is_not_pinned(window, qtbot):
    from annotator.store.search_answers import SearchAnswer

    panel = window.documents
    search(qtbot, panel, "특")
    panel.search_box.setText("특구")  # typed over; its timer has not fired yet
    panel._search_answered(SearchAnswer("구", False, (1,), 10**6))  # the answer to a query asked in between
    assert window.project.pinned_search("특", False)  # the pin of the search the list shows is kept
    assert not window.project.pinned_search("구", False) and panel.model.query == "특"
