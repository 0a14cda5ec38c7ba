"""The spaCy export planned by two processes (the command line's, on two cores) writes the files and the report
one process writes; a child that fails leaves its share to the parent; a cancel stops both and writes nothing."""

from __future__ import annotations

import os

import pytest

from annotator.nlp import spacy_parts
from annotator.nlp.spacy_export import export_spacy
from tests.klue_fixture import load_klue_project

needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="two-process exports need fork (POSIX)")


@pytest.fixture
def klue(project, monkeypatch):
    monkeypatch.setattr(spacy_parts, "MIN_DOCUMENTS", 2)
    ids = load_klue_project(project, limit=40)
    for doc_id in ids[::3]:  # spans the report speaks of: cut inside a token, whitespace trimmed
        text, taken = project.document(doc_id).text, {i for sp in project.spans(doc_id) for i in range(sp.start - 1, sp.end + 1)}
        free = [i for i in range(1, len(text) - 4) if not taken & set(range(i, i + 4))]
        inside = next((i for i in free if not text[i - 1:i + 3].isspace() and " " not in text[i - 1:i + 3]), None)
        spaced = next((i for i in free if text[i] == " " and " " not in text[i + 1:i + 3] and i > (inside or 0) + 4), None)
        for start in (inside, spaced):
            if start is not None:
                project.add_span(doc_id, start, start + 3, "OG")
    return project


def _files(folder):
    return {name: (folder / name).read_bytes() for name in ("train.spacy", "dev.spacy", "config.cfg")}


def _report(report):
    data = report.to_dict()
    del data["out_dir"], data["files"]
    return data


@pytest.fixture
def forked(monkeypatch):
    """The pids of the children forked during the test."""
    pids, real_fork = [], os.fork

    def fork():
        pid = real_fork()
        pids.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", fork)
    return pids


def _no_child_left(pids):
    assert pids  # the export forked
    for pid in pids:
        with pytest.raises(ChildProcessError):  # reaped: neither running nor a zombie
            os.waitpid(pid, os.WNOHANG)


@needs_fork
def test_two_processes_write_the_files_and_report_of_one(klue, tmp_path, forked):
    one = export_spacy(klue, out_dir=tmp_path / "one", workers=1)
    two = export_spacy(klue, out_dir=tmp_path / "two", workers=2)
    assert _files(tmp_path / "one") == _files(tmp_path / "two")
    assert _report(one) == _report(two)
    assert one.documents == 40 and one.entities_exported > 0
    assert one.entities_split > 3 and len(one.split_examples) == 3 and one.adjusted
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]
    _no_child_left(forked)


@needs_fork
def test_a_failing_child_leaves_its_share_to_the_parent(klue, tmp_path, request, forked):
    one = export_spacy(klue, out_dir=tmp_path / "one", workers=1)
    request.getfixturevalue("child_cannot_open")
    two = export_spacy(klue, out_dir=tmp_path / "two", workers=2)
    assert _files(tmp_path / "one") == _files(tmp_path / "two")
    assert _report(one) == _report(two)
    _no_child_left(forked)


@needs_fork
def test_a_child_failing_after_the_train_half_leaves_the_dev_documents_to_the_parent(klue, tmp_path,
                                                                                   monkeypatch, forked):
    one = export_spacy(klue, out_dir=tmp_path / "one", workers=1)
    import annotator.nlp.spacy_export as export

    parent, real_dumps = os.getpid(), spacy_parts.pickle.dumps

    def planning_fails(*args, **kw):
        raise RuntimeError("the dev documents cannot be planned here")

    def dumps_then_fail(obj, *args, **kw):  # the child pickles its train half, then fails on the dev documents
        if os.getpid() != parent:
            monkeypatch.setattr(export, "_plan", planning_fails)
        return real_dumps(obj, *args, **kw)

    monkeypatch.setattr(spacy_parts.pickle, "dumps", dumps_then_fail)
    received, real_receive = [], spacy_parts._receive
    monkeypatch.setattr(spacy_parts, "_receive", lambda pipe: received.append(real_receive(pipe)) or received[-1])
    two = export_spacy(klue, out_dir=tmp_path / "two", workers=2)
    assert [part is not None for part in received] == [True, False]  # the train half came, the dev part did not
    assert _files(tmp_path / "one") == _files(tmp_path / "two")
    assert _report(one) == _report(two)
    _no_child_left(forked)


@needs_fork
def test_cancel_stops_both_processes_and_writes_nothing(klue, tmp_path, forked):
    export_spacy(klue, out_dir=tmp_path / "warm", workers=1)  # tokens kept: the cancel falls in the planning
    calls = []

    def cancel():
        calls.append(1)
        return len(calls) > 5

    report = export_spacy(klue, out_dir=tmp_path / "out", workers=2, cancel=cancel)
    assert report.cancelled
    assert not (tmp_path / "out").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]
    _no_child_left(forked)


def test_the_train_documents_are_cut_by_work():
    from annotator.io.exporters.halves import _middle

    ids = list(range(1, 101))
    assert _middle(ids, {}, share=0.45, document_weight=45) == 45
    assert _middle(ids, {1: 45 * 98}, share=0.5, document_weight=45) == 1  # its entities weigh as the 99 other pages
