"""The UI's Kiwi worker learns the project's entity strings as user words: on opening, then batched as entities
come and go (the last entity of a string gone, the word goes too); phrases never become user words."""

from __future__ import annotations

import json

import pytest
import shiboken6

from annotator.core import korean
from annotator.core.model import NewDocument, NewSpan
from annotator.store import Project
from annotator.ui import morphology
from annotator.ui.morphology import MorphologyClient
from annotator.ui.session import Session

WORD = "원주의료기기테크노밸리"  # Kiwi alone splits it: 원주|의료|기기|테크노|밸리
OTHER = f"강원 {WORD}에서 열렸다"


class FakeProcess:
    """Stands in for the worker: records what the client writes."""

    def __init__(self) -> None:
        self.messages: list[dict] = []

    def write(self, data: bytes) -> None:
        self.messages.extend(json.loads(line) for line in data.decode("utf-8").splitlines())

    def words(self) -> list[dict]:
        return [m for m in self.messages if "user_words" in m]


@pytest.fixture
def project(tmp_path):
    project = Project.open(tmp_path / "p.db", reviewer="kim")
    project.ensure_entity_labels(["LC", "OG"])
    project.add_documents([NewDocument(f"{WORD}에 입주했다", spans=[NewSpan(0, len(WORD), "LC")]),
                           NewDocument(OTHER), NewDocument("경찰청과 국세청은 만났다")])
    yield project
    project.close()


@pytest.fixture
def client(qtbot):
    client = MorphologyClient()
    client._process, client.ready = FakeProcess(), True  # no child process: the protocol is checked
    yield client
    client._process = None


_ANALYSERS: dict[frozenset, korean.KoreanAnalyser] = {}


def _reply(client, version: int, lines: list[str]) -> None:
    """What the worker answers: a tokenisation with the words of that version (computed here)."""
    words = client.worker_words if version == client.words_version else client.user_words
    analyser = _ANALYSERS.setdefault(words, korean.KoreanAnalyser(words))
    analyses = analyser.analyse_lines(lines)
    payload = [[line, [[m.start, m.end, list(m.tags)] for m in a.morphs], [list(x) for x in a.sentences]]
               for line, a in zip(lines, analyses)]
    client._handle(json.dumps({"analyses": payload, "version": version}, ensure_ascii=False).encode("utf-8") + b"\n")


def test_opening_a_project_sends_its_entity_strings_at_once(client, project):
    session = Session(project)
    client.watch(session)
    [message] = client._process.words()
    assert message == {"user_words": [WORD], "replace": True, "version": 1}
    assert client.worker_words == client.user_words == {WORD}
    assert session.analyser is client.lookup  # the session snaps with the analyses of its project's words
    client.watch(session)  # the same session again: nothing new
    assert len(client._process.words()) == 1
    client.watch(None)  # no project: the words go
    assert client._process.words()[-1] == {"user_words": [], "replace": True, "version": 2}
    assert client.user_words == frozenset()


def test_new_labels_are_batched_and_debounced(client, project):
    session = Session(project)
    client.watch(session)
    doc = project.document_ids()[2]
    session.open_document(doc)
    session.add_span(0, 3, "OG")  # 경찰청
    session.add_span(5, 8, "OG")  # 국세청
    assert len(client._process.words()) == 1  # nothing yet: the timer batches them
    assert client._words_timer.isActive() and client._words_timer.interval() == morphology.WORDS_DELAY_MS
    client._words_timer.timeout.emit()
    assert client._process.words()[-1] == {"user_words": ["경찰청", "국세청"], "replace": False, "version": 2}
    assert client.worker_words == {WORD, "경찰청", "국세청"}
    session.add_span(0, 3, "OG")  # refused (overlap) or already known: no new batch
    client._words_timer.timeout.emit()
    assert len(client._process.words()) == 2


def test_lookups_keep_the_old_words_until_the_document_is_reanalysed(client, project):
    session = Session(project)
    client.request(OTHER)
    first = [m for m in client._process.messages if "lines" in m]
    assert first and first[-1]["lines"] == [OTHER]
    _reply(client, 0, [OTHER])
    start = OTHER.index(WORD)
    assert client.covers(OTHER, 0, len(OTHER))
    assert morphology.snap(OTHER, start + 2, start + 4, ready=True, analyser=client.lookup) == (start + 2, start + 4)
    client.add_user_words([WORD, "x"])
    client._words_timer.timeout.emit()
    assert client._process.words()[-1] == {"user_words": [WORD], "replace": False, "version": 1}
    assert client._process.messages[-1] == {"lines": [OTHER]}  # the open document, again, behind the words
    assert client.user_words == frozenset() and client.covers(OTHER, 0, len(OTHER))  # old words still answer
    _reply(client, 1, [OTHER])
    assert client.user_words == {WORD} and client.covers(OTHER, 0, len(OTHER))
    # Part of the labelled word now snaps to all of it, as does a double-click.
    lookup = client.lookup
    assert morphology.snap(OTHER, start + 2, start + 4, ready=True, analyser=lookup) == (start, start + len(WORD))
    assert morphology.noun_part(OTHER, start + 3, ready=True, analyser=lookup) == (start, start + len(WORD))
    _reply(client, 0, ["낡은 줄"])  # an analysis made with superseded words is dropped
    assert not client.lookup.is_cached("낡은 줄") and set(client._analysers) == {1}
    session.deleteLater()


def test_a_restarted_worker_gets_the_whole_set_again(client, project):
    client.watch(Session(project))
    client._on_finished()
    assert not client.ready
    client._process, client.ready = FakeProcess(), True
    client._send_words()
    assert client._process.words() == [{"user_words": [WORD], "replace": True, "version": 2}]


def test_snapping_in_the_editor_follows_a_labelled_word_with_the_real_worker(qtbot, project):
    from annotator.ui.article_view import ArticleEditor
    from tests.ui.test_article_view_kiwi import _drag

    session = Session(project)
    editor = ArticleEditor(session)  # starts (or reuses) the shared Kiwi worker
    qtbot.addWidget(editor)
    client = editor.morphology
    try:
        client.watch(session)  # what opening the project in the window does
        editor.resize(700, 300)
        editor.show()
        session.open_document(project.document_ids()[1])  # OTHER: the word is not labelled here yet
        qtbot.waitUntil(lambda: client.words_applied == client.words_version
                        and editor._ready(0, len(OTHER)), timeout=90_000)
        assert WORD in client.user_words
        session.set_active_label("LC")
        start = OTHER.index(WORD)
        _drag(editor, start + 2, start + 4)  # "의료", inside the word
        assert [OTHER[s.start:s.end] for s in project.spans(session.doc_id)] == [WORD]
    finally:
        client.watch(None)


def test_a_closed_project_or_deleted_session_is_forgotten_quietly(client, project, qtbot):
    from annotator.core.delta import AnnotationDelta
    from annotator.core.model import Span

    session = Session(project)
    client.watch(session)
    project.close()
    gone = AnnotationDelta(added_spans=(Span(99, 2, 0, 2, "OG"),))
    client._on_annotations_changed(2, gone)  # the document cannot be read any more: no new words, no error
    client._words_timer.timeout.emit()
    assert len(client._process.words()) == 1
    shiboken6.delete(session)  # its window went away
    client.watch(None)
    assert client._process.words()[-1]["user_words"] == []


def test_words_come_and_go_with_their_entities(client, project):
    session = Session(project)
    client.watch(session)
    session.open_document(project.document_ids()[2])  # 경찰청과 국세청은 만났다
    first = session.add_span(0, 3, "OG")
    client._words_timer.timeout.emit()
    assert client._process.words()[-1] == {"user_words": ["경찰청"], "replace": False, "version": 2}
    session.change_span_label(first.id, "LC")  # the same string: no change
    session.undo_stack.undo()
    client._words_timer.timeout.emit()
    assert len(client._process.words()) == 2
    session.undo_stack.undo()  # its only entity is gone: the worker is given the set without it
    client._words_timer.timeout.emit()
    assert client._process.words()[-1] == {"user_words": [WORD], "replace": True, "version": 3}
    session.undo_stack.redo()
    client._words_timer.timeout.emit()
    assert client._process.words()[-1] == {"user_words": ["경찰청"], "replace": False, "version": 4}


def test_a_labelled_then_undone_phrase_does_not_poison_snapping(qtbot, tmp_path):
    """The issue's steps, with the real worker: drag "충청북도는" (snapped to 충청북도), undo; drag
    "충청북도는 20" exactly (kept as is), undo; drag "충청북도는" again: still 충청북도."""
    from annotator.ui.article_view import ArticleEditor
    from tests.ui.test_article_view_kiwi import _drag

    text = "충청북도는 20일 규제자유특구 지정 계획을 발표했다."
    project = Project.open(tmp_path / "p.db", reviewer="kim")
    project.add_documents([NewDocument(text)])
    session = Session(project)
    editor = ArticleEditor(session)
    qtbot.addWidget(editor)
    client = editor.morphology
    try:
        client.watch(session)
        editor.resize(700, 300)
        editor.show()
        session.open_document(project.document_ids()[0])
        session.set_active_label("LOC")

        def settle():
            client._words_timer.timeout.emit()  # what the timer would do, now
            qtbot.waitUntil(lambda: client.words_applied == client.words_version
                            and client.lookup_version == client.words_version and editor._ready(0, len(text)),
                            timeout=90_000)

        settle()
        labelled = lambda: [text[s.start:s.end] for s in project.spans(session.doc_id)]  # noqa: E731
        _drag(editor, 0, 5)
        assert labelled() == ["충청북도"]
        session.undo_stack.undo()
        settle()
        session.add_span(0, 8, "LOC")  # "충청북도는 20", as an exact (Alt) drag keeps it
        assert labelled() == ["충청북도는 20"]
        settle()  # the worker is offered the phrase, and refuses it
        assert "충청북도는 20" in client.worker_words and client.worker_word_count == 0
        session.undo_stack.undo()
        settle()
        _drag(editor, 0, 5)
        assert labelled() == ["충청북도"]
    finally:
        client.watch(None)
        project.close()


def _lines_sent(process) -> list[str]:
    return [line for m in process.messages if "lines" in m for line in m["lines"]]


def test_the_worker_analyses_are_kept_in_the_project_and_reused_on_the_next_open(qtbot, client, project):
    """A document the worker analysed once is ready at once the next time (another session, the next launch):
    its tokens are read from the project file, for the worker's words, and no line goes to Kiwi."""
    session = Session(project)
    client.watch(session)  # words version 1: {WORD}
    doc_id = project.document_ids()[1]
    text = project.document(doc_id).text
    client.request(text, doc_id)
    assert _lines_sent(client._process) == [text]
    _reply(client, client.words_version, [text])
    [kept] = [s for s in project.token_cache_stats() if s["documents"]]
    assert kept["origin"] == "gui" and kept["tokenizer"].endswith("via=app-worker")
    expected = client.lookup.tokenize(text)

    again = MorphologyClient()
    again._process, again.ready = FakeProcess(), True
    try:
        again.watch(Session(project))
        again.request(text, doc_id)
        assert _lines_sent(again._process) == []  # nothing for Kiwi: it came from the project file
        assert again.covers(text, 0, len(text)) and again.lookup.tokenize(text) == expected
    finally:
        again._process = None


def test_kept_tokens_of_other_words_are_not_used(qtbot, client, project):
    session = Session(project)
    client.watch(session)
    doc_id = project.document_ids()[1]
    text = project.document(doc_id).text
    client.request(text, doc_id)
    _reply(client, client.words_version, [text])
    client.watch(None)  # no words now: another tokenizer version
    client.watch(session)
    client.add_user_words(["경찰청"])
    client._words_timer.timeout.emit()  # words {WORD, 경찰청}: the open document goes to Kiwi again
    assert _lines_sent(client._process)[-1] == text
