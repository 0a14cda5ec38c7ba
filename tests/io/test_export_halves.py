"""The doccano export in two processes (the command line's, on two cores) writes the bytes one process writes; a
child that fails leaves its half to the parent; a cancel stops both and leaves neither output nor part files."""

from __future__ import annotations

import os

import pytest

from annotator.core.model import NewDocument, NewSpan
from annotator.io.exporters import doccano, halves
from annotator.store import Project

needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="two-process exports need fork (POSIX)")


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.setattr(halves, "MIN_DOCUMENTS", 2)
    project = Project.open(tmp_path / "p.db", "kim")
    docs = []
    for i in range(40):
        text = f"중소벤처기업부는 {i}일 강원 \"특구\"를 지정했다.\n둘째 줄 {i}"
        spans = [NewSpan(0, 7, "ORG"), NewSpan(text.index("강원"), text.index("강원") + 2, "LOC")] if i % 3 else []
        docs.append(NewDocument(text, title=f"제목 {i}", spans=spans))
    project.add_documents(docs)
    yield project
    project.close()


def _leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


@needs_fork
def test_two_processes_write_the_bytes_of_one(project, tmp_path):
    one = doccano.export(project, out=tmp_path / "one.jsonl", status="all", workers=1)
    two = doccano.export(project, out=tmp_path / "two.jsonl", status="all", workers=2)
    assert (tmp_path / "one.jsonl").read_bytes() == (tmp_path / "two.jsonl").read_bytes()
    assert (two.documents, two.spans, two.relations) == (one.documents, one.spans, one.relations) == (40, 52, 0)
    assert _leftovers(tmp_path) == []


def test_the_cut_halves_the_work_not_the_count():
    ids = list(range(1, 11))
    assert halves._middle(ids, {}) == 5
    assert halves._middle(ids, {1: 200, 2: 200}) == 2  # the entities sit in the first two documents
    assert halves._middle(ids, {1: 10_000}) == 1
    assert halves._middle(ids, {10: 10_000}) == 9  # each side keeps a document
    assert halves._middle([1, 2], {1: 10_000}) == 1


def test_documents_without_entities_weigh_what_the_writer_says_they_cost():
    ids = list(range(1, 21))
    spans = {i: 7 for i in range(1, 11)}  # the first ten hold 7 entities each: 20 a document with its own 13
    assert halves._middle(ids, spans) == 9  # 200 + 130 of work: the half falls inside the first ten
    # written from SQLite (doccano's unannotated lines), the last ten cost 3 each: 200 + 30, cut near 115
    assert halves._middle(ids, spans, unlabelled_weight=3) == 6


@needs_fork
def test_a_failing_child_leaves_its_half_to_the_parent(project, tmp_path, child_cannot_open):
    doccano.export(project, out=tmp_path / "one.jsonl", status="all", workers=1)
    report = doccano.export(project, out=tmp_path / "two.jsonl", status="all", workers=2)
    assert report.documents == 40
    assert (tmp_path / "one.jsonl").read_bytes() == (tmp_path / "two.jsonl").read_bytes()
    assert _leftovers(tmp_path) == []


@needs_fork
def test_cancel_stops_both_processes_and_leaves_nothing(project, tmp_path):
    calls = []

    def cancel():
        calls.append(1)
        return len(calls) > 3

    report = doccano.export(project, out=tmp_path / "out.jsonl", status="all", workers=2, cancel=cancel)
    assert report.cancelled
    assert not (tmp_path / "out.jsonl").exists()
    assert _leftovers(tmp_path) == []


def test_an_in_process_cli_export_leaves_the_collector_as_it_found_it(project, tmp_path, monkeypatch):
    import gc

    from annotator.cli import main

    monkeypatch.setenv("ANNOTATOR_REVIEWER", "kim")
    before = gc.get_threshold(), gc.get_freeze_count()
    for _ in range(2):
        assert main(["export", "doccano", "--db", str(project.path), "--out", str(tmp_path / "o.jsonl"),
                     "--status", "all", "--quiet"]) == 0
    assert (gc.get_threshold(), gc.get_freeze_count()) == before
    assert len((tmp_path / "o.jsonl").read_text(encoding="utf-8").splitlines()) == 40


@needs_fork
def test_the_child_does_not_check_the_file_again(project, tmp_path, monkeypatch):
    """The parent has just validated the file (a quick_check reads every page); the child opens it unchecked: with
    the checks failing from now on, the child still writes its half (the parent writes one half, not both)."""
    from annotator.store import connection

    def checks_fail(path):
        raise AssertionError("checked again")

    monkeypatch.setattr(connection, "_validate_existing", checks_fail)
    halves_written = []
    real_write = doccano._write
    monkeypatch.setattr(doccano, "_write", lambda *a, **k: halves_written.append(1) or real_write(*a, **k))
    doccano.export(project, out=tmp_path / "two.jsonl", status="all", workers=2)
    assert halves_written == [1]
    assert _leftovers(tmp_path) == []


@needs_fork
@pytest.mark.parametrize("fmt", ["prodigy", "conll"])
def test_token_exports_in_two_processes_write_the_bytes_of_one(project, tmp_path, fmt, monkeypatch):
    """The first export makes and keeps the tokens before the two processes read them; it and a second one (tokens
    kept) write one process's bytes and report its counts and problems, the child's half written by the child."""
    from annotator.io.exporters import exporter

    statuses = []
    forked = set()  # the halves' children (the Kiwi worker making the tokens is waited for too)
    real_waitpid, real_fork = os.waitpid, os.fork
    monkeypatch.setattr(os, "fork", lambda: (pid := real_fork()) and forked.add(pid) or pid)

    def waitpid(pid, options):
        got = real_waitpid(pid, options)
        if pid in forked:
            statuses.append(got[1])
        return got

    monkeypatch.setattr(os, "waitpid", waitpid)
    module = exporter(fmt)
    two = module.export(project, out=tmp_path / "two-first", status="all", workers=2)
    one = module.export(project, out=tmp_path / "one", status="all", workers=1)
    again = module.export(project, out=tmp_path / "two-kept", status="all", workers=2)
    assert (tmp_path / "one").read_bytes() == (tmp_path / "two-first").read_bytes() == (tmp_path / "two-kept").read_bytes()
    assert (two.documents, two.spans, two.relations, two.problems) == (one.documents, one.spans, one.relations,
                                                                       one.problems)
    assert (again.documents, again.spans, again.problems) == (one.documents, one.spans, one.problems)
    assert one.documents == 40 and one.spans == 52
    assert statuses == [0, 0]  # both two-process runs: the child wrote its half
    assert _leftovers(tmp_path) == []
