"""Who segments a chunk (a child process, or the importing process itself when the children are behind) and when
chunks are stored (as their results come back, the held group committed before the last results are awaited)
change nothing stored: every table and the report equal those of an import segmented in one process."""

from __future__ import annotations

import json
import os
import pickle
import signal
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from annotator.io.importers import import_paths, runner, segmenting
from annotator.store import Project
from tests.io.test_import_bulk_paths import rows_of_every_table

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PAGES = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("corpus/*.txt"))[:12]]
SOURCES = ["https://a.example.kr/news/", "https://b.example.kr/", ""]


@st.composite
def corpora(draw):
    """JSONL lines: real pages (their chrome repeats, so corpus statistics decide line kinds), short articles,
    pages with CRLF or a NUL (refused), duplicates, blank and broken lines."""
    lines = []
    for n in range(draw(st.integers(4, 40))):
        kind = draw(st.integers(0, 9))
        if kind == 0:
            lines.append(draw(st.sampled_from(["{broken", "", "[1, 2]", '{"text": ""}', '{"text": 5}'])))
            continue
        if kind == 1 and lines:  # a duplicate of an earlier line (its text is stored once)
            lines.append(draw(st.sampled_from(lines)))
            continue
        if kind <= 5:
            text = draw(st.sampled_from(PAGES)).replace("\n", f"\n{n}번 ", draw(st.integers(0, 2)))
        else:
            text = f"{n}번 기사\n" + draw(st.text(alphabet="가나다라 .\nab", min_size=1, max_size=60))
        if kind == 6:
            text = text.replace("\n", "\r\n")
        if kind == 7:
            text += "\x00"
        record = {"text": text, "url": draw(st.sampled_from(SOURCES)) + str(n)}
        if draw(st.booleans()):
            record["title"] = f"제목 {n}"
        lines.append(json.dumps(record, ensure_ascii=False))
    return lines


def _import(folder: Path, lines: list[str], monkeypatch, *, processes: int | None, plan=None):
    """Import the lines into a new project; plan: for each chunk, True to segment it in this process."""
    with monkeypatch.context() as m:
        m.setattr(runner, "PROCESS_MIN_BYTES", 1 << 60 if processes is None else 0)
        m.setattr(runner, "SEGMENTER_PROCESSES", processes)
        taken = []
        if plan is not None:
            def target(self, *, waiting):
                local = plan[len(taken) % len(plan)]
                taken.append(local)
                return self.local if local else self.children[taken.count(False) % len(self.children)]
            m.setattr(segmenting.ProcessSegmenter, "_target", target)
        path, db = folder / "in.jsonl", folder / "p.db"
        for old in folder.glob("p.db*"):  # the same names every time: messages and layers hold them
            old.unlink()
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        with Project.open(db, "tester") as project:
            report = import_paths(project, [path])
    return report.as_dict(), rows_of_every_table(db), taken


@settings(max_examples=int(os.environ.get("SCHEDULE_EXAMPLES", 8)), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(corpora(), st.lists(st.booleans(), min_size=1, max_size=6), st.sampled_from([0.0, 1.0]))
def test_any_split_between_children_and_this_process_stores_what_one_process_stores(
        tmp_path_factory, monkeypatch, lines, plan, commit_seconds):
    monkeypatch.setattr(runner, "CHUNK_DOCS", 3)
    monkeypatch.setattr(runner, "COMMIT_SECONDS", commit_seconds)
    folder = tmp_path_factory.mktemp("schedule")
    reference = _import(folder, lines, monkeypatch, processes=None)
    for processes in (1, 2):
        report, tables, taken = _import(folder, lines, monkeypatch, processes=processes, plan=plan)
        assert report == reference[0]
        assert tables == reference[1]
    assert all(p.startswith(f"{folder / 'in.jsonl'}:") for p in report["problems"])
    assert report["imported"] == 0 or taken  # chunks went through the planned schedule


@pytest.mark.parametrize("plan", [[True, False, False], [False, True], [True]])
def test_this_process_segmenting_first_or_between_the_childs_chunks_stores_the_same(tmp_path, monkeypatch, plan):
    """Pages of one source: the statistics this process starts from are its own copy (a child gets one over the
    pipe), and the lines it segments are counted under the same keys as those the child's chunks bring."""
    lines = [json.dumps({"text": page.replace("\n", f"\n{i} ", i % 3), "url": f"https://a.kr/{i}"},
                        ensure_ascii=False) for i, page in enumerate(PAGES * 2)]
    monkeypatch.setattr(runner, "CHUNK_DOCS", 3)
    reference = _import(tmp_path, lines, monkeypatch, processes=None)
    report, tables, taken = _import(tmp_path, lines, monkeypatch, processes=1, plan=plan)
    assert True in taken and (report, tables) == reference[:2]


def test_a_chunk_goes_to_a_child_with_room_else_waits_unless_too_much_is_pending_or_this_process_would_wait(
        monkeypatch):
    segmenter = segmenting.ProcessSegmenter(None, 2)
    first, second = segmenter.children
    try:
        assert segmenter._target(waiting=False) is first
        first.sent_chars = segmenting.CHILD_CHARS
        assert segmenter._target(waiting=False) is second  # the one with the least work waiting
        second.sent_chars = segmenting.CHILD_CHARS + 1
        assert segmenter._target(waiting=False) is None  # both full: the chunk stays pending
        assert segmenter._target(waiting=True) is first  # little is pending: the children finish it sooner
        segmenter._pending_chars = segmenting.WAITING_LOCAL_CHARS + 1
        assert segmenter._target(waiting=False) is None
        assert segmenter._target(waiting=True) is segmenter.local  # rather than wait for them
        segmenter._pending_chars = segmenting.PENDING_CHARS + 1
        assert segmenter._target(waiting=False) is segmenter.local  # they are slower than this process
        first.done_chars = 1
        assert segmenter._target(waiting=False) is first
    finally:
        first.sent_chars = first.done_chars = second.sent_chars = 0
        segmenter.close()


def test_at_the_end_this_process_segments_the_pending_chunks_while_the_child_works(tmp_path, monkeypatch):
    lines = [json.dumps({"text": page.replace("\n", f"\n{i} ", i % 3), "url": f"https://a.kr/{i}"},
                        ensure_ascii=False) for i, page in enumerate(PAGES * 3)]
    monkeypatch.setattr(runner, "CHUNK_DOCS", 2)
    reference = _import(tmp_path, lines, monkeypatch, processes=None)
    monkeypatch.setattr(segmenting, "CHILD_CHARS", 1)  # a child takes one chunk at a time
    monkeypatch.setattr(segmenting, "WAITING_LOCAL_CHARS", 0)  # and this process the others, while it would wait
    report, tables, _ = _import(tmp_path, lines, monkeypatch, processes=1)
    assert (report, tables) == reference[:2]


def test_the_importing_process_counts_the_keys_it_holds_once_they_pass_the_limit(tmp_path, monkeypatch):
    """The line keys of chunks the children took are counted into this process's own segmenter in batches, so a
    long import does not hold them all; it segments as it would have with all of them held."""
    lines = [json.dumps({"text": page.replace("\n", f"\n{i} ", i % 3)}, ensure_ascii=False)
             for i, page in enumerate(PAGES * 3)]
    monkeypatch.setattr(runner, "CHUNK_DOCS", 2)
    reference = _import(tmp_path, lines, monkeypatch, processes=None)
    monkeypatch.setattr(segmenting, "LOCAL_KEYS_MAX", 5)
    absorbed = []
    original = segmenting._InProcess.absorb
    monkeypatch.setattr(segmenting._InProcess, "absorb",
                        lambda self, message: absorbed.append(len(message[2])) or original(self, message))
    report, tables, _ = _import(tmp_path, lines, monkeypatch, processes=1, plan=[False, False, True])
    assert 0 in absorbed  # keys counted without a chunk of its own
    assert (report, tables) == reference[:2]


def test_sending_a_chunk_never_waits_for_the_child_to_read_it(tmp_path):
    """A chunk far larger than a pipe goes to a child that is not reading (stopped): send() returns, and the
    child gets it whole once it runs again."""
    from annotator.core.model import NewDocument

    segmenter = segmenting.ProcessSegmenter(None, 1)
    child = segmenter.children[0]
    try:
        os.kill(child.process.pid, signal.SIGSTOP)
        docs = [NewDocument(text=f"{i}번 " + "가나다라 " * 50_000, source="s") for i in range(4)]  # ~4 MB
        for doc in docs:
            doc.utf8 = doc.text.encode("utf-8")
        segmenter.initial["s"] = ({}, 0)
        sent = threading.Thread(target=segmenter.send, args=(docs, [None] * 4), daemon=True)
        sent.start()
        sent.join(60)
        assert not sent.is_alive() and not segmenter.ready()
        assert child.backlog == sum(len(d.text) for d in docs)
        os.kill(child.process.pid, signal.SIGCONT)
        results, keys = segmenter.receive()
        assert len(results) == 4 and all(not isinstance(r, str) for r in results)
        assert keys == [segmenting.line_keys(d) for d in docs]
        assert child.backlog == 0
    finally:
        os.kill(child.process.pid, signal.SIGCONT)
        segmenter.close()
    assert child.process.poll() == 0


def test_a_child_that_dies_while_its_chunks_are_queued_costs_nothing(tmp_path, monkeypatch):
    lines = [json.dumps({"text": page.replace("\n", f"\n{i} ", i % 3)}, ensure_ascii=False)
             for i, page in enumerate(PAGES * 3)]
    monkeypatch.setattr(runner, "CHUNK_DOCS", 2)
    reference = _import(tmp_path, lines, monkeypatch, processes=None)
    original = segmenting._Child.send
    sends = []

    def send_then_die(self, message, chars=0):
        original(self, message, chars)
        sends.append(1)
        if len(sends) == 3:
            self.process.kill()  # its queued chunks never come back: this process segments them

    monkeypatch.setattr(segmenting._Child, "send", send_then_die)
    report, tables, _ = _import(tmp_path, lines, monkeypatch, processes=1)
    assert len(sends) >= 3
    assert (report, tables) == reference[:2]


def test_the_held_group_is_committed_before_the_last_results_are_awaited(tmp_path, monkeypatch):
    """At the end of the input the chunks held back are stored whenever the next results are not there yet, so
    that their SQL runs while the children finish, not after them (what the report counts is committed either
    way)."""
    lines = [json.dumps({"text": f"{i}번 기사\n본문 {i}"}, ensure_ascii=False) for i in range(40)]
    monkeypatch.setattr(runner, "CHUNK_DOCS", 4)
    monkeypatch.setattr(runner, "COMMIT_SECONDS", 3600.0)  # one group, unless drain() stores it early
    events = []
    original_store, original_take, original_drain = runner._Run.store_group, runner._Run._store_segmented, \
        runner._Run.drain
    monkeypatch.setattr(runner._Run, "store_group", lambda self: events.append(("store", len(self.group)))
                        or original_store(self))
    monkeypatch.setattr(runner._Run, "_store_segmented", lambda self: events.append(("take", len(self.group)))
                        or original_take(self))
    monkeypatch.setattr(runner._Run, "drain", lambda self, **kw: events.append(("drain", 0)) or original_drain(self,
                                                                                                              **kw))
    asked = []  # ready() says yes to the first chunks (stored, held in the group), then never
    monkeypatch.setattr(segmenting.ProcessSegmenter, "ready", lambda self: asked.append(1) or len(asked) <= 3)
    report, tables, _ = _import(tmp_path, lines, monkeypatch, processes=1)
    assert report["imported"] == 40 and len(tables["documents"]) == 40
    drained = events.index(("drain", 0))
    takes = [held for kind, held in events[drained:] if kind == "take"]
    assert len(takes) >= 2 and not any(takes)  # nothing held while the next results were awaited
    assert ("store", 0) not in events[drained:drained + 2] and events[-1][0] == "store"
    assert events[drained + 1][0] == "store" and events[drained + 1][1] > 0  # the chunks held before the end


def test_default_children_leave_a_core_to_the_importing_process(monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    assert segmenting.segmenter_processes() == 1
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(8)), raising=False)
    assert segmenting.segmenter_processes() == 7
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0}, raising=False)
    assert segmenting.segmenter_processes() == 1


def test_the_child_protocol_is_unchanged_a_message_in_and_results_out():
    """The importing process's own segmenter answers a message as a child does (SegmenterState.handle)."""
    import io

    message = ({"s": ({}, 0)}, [], [("첫 줄\n둘째 줄".encode("utf-8"), "s", None, "", {}, "")])
    inp, out = io.BytesIO(), io.BytesIO()
    segmenting._write(inp, message)
    segmenting._write(inp, None)
    inp.seek(0)
    segmenting.serve(inp, out)
    out.seek(0)
    assert segmenting._read(out) == segmenting.SegmenterState().handle(message)
    with pytest.raises(EOFError):
        segmenting._read(out)
    assert pickle.loads(pickle.dumps(message)) == message


def test_the_line_keys_of_a_childs_chunks_come_back_with_its_results(tmp_path, monkeypatch):
    """The importing process works a chunk's line keys out only when another segmenter needs them before the child
    has answered (here: it takes every third chunk itself); what is stored is the same either way."""
    lines = [json.dumps({"text": page.replace("\n", f"\n{i} ", 1 + i % 3), "url": f"https://a.kr/{i}"},
                        ensure_ascii=False) for i, page in enumerate(PAGES * 8)]  # every text a new one
    monkeypatch.setattr(runner, "CHUNK_DOCS", 3)
    reference = _import(tmp_path, lines, monkeypatch, processes=None)
    assert reference[0]["imported"] == len(lines)
    worked_out = []
    original = segmenting.line_keys
    monkeypatch.setattr(segmenting, "line_keys", lambda doc: worked_out.append(doc) or original(doc))
    report, tables, taken = _import(tmp_path, lines, monkeypatch, processes=1, plan=[False])
    assert (report, tables) == reference[:2] and worked_out == []  # every chunk at the child: none worked out here
    report, tables, taken = _import(tmp_path, lines, monkeypatch, processes=1, plan=[False, False, True])
    assert (report, tables) == reference[:2] and taken.count(True) >= 2
    assert 0 < len(worked_out) <= 2 * 3 * taken.count(True)  # at most the two child chunks before each of its own
