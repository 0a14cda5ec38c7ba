"""Team work without a server: hand out reviewer files, merge them back, idempotently and atomically."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from annotator.core.model import NewDocument, NewSpan
from annotator.core.text import text_sha256
from annotator.core.team import plan_assignment
from annotator.store import Project
from annotator.store.team import merge_projects, write_assignment

TEXTS = [f"{region} 규제자유특구 지정 소식 {i}번. 중소벤처기업부가 {region}를 지정했다." for i, region in
         enumerate(["충청북도", "강원도", "부산시", "전라남도", "경상북도", "대구시"])]


@settings(max_examples=60, deadline=None)
@given(n=st.integers(0, 60), k=st.integers(1, 5), overlap=st.floats(0, 1), seed=st.integers(0, 9))
def test_plan_gives_everyone_the_overlap_and_disjoint_shares(n, k, overlap, seed):
    names = [f"r{i}" for i in range(k)]
    plan = plan_assignment(range(n), names, overlap=overlap, seed=seed)
    assert len(plan.shared) == round(overlap * n)
    owns = [set(plan.own[r]) for r in names]
    assert all(not (a & b) for i, a in enumerate(owns) for b in owns[i + 1:])
    assert set(plan.shared).isdisjoint(set().union(*owns))
    assert set(plan.shared) | set().union(*owns) == set(range(n))
    sizes = [len(o) for o in owns]
    assert max(sizes) - min(sizes) <= 1
    for r in names:
        assert set(plan.shared) <= set(plan.documents_of(r))
    assert plan_assignment(range(n), names, overlap=overlap, seed=seed).own == plan.own


def test_plan_refuses_bad_input():
    with pytest.raises(ValueError):
        plan_assignment([1], ["a", "a"], overlap=0.2)
    with pytest.raises(ValueError):
        plan_assignment([1], ["a"], overlap=1.5)


def _coordinator(path):
    with Project.open(path, "coordinator") as project:
        docs = [NewDocument(text=t, title=f"기사 {i}", origin=f"seed.jsonl:{i + 1}") for i, t in enumerate(TEXTS)]
        docs[0].spans = [NewSpan(0, 4, "LOC")]
        project.add_documents(docs)
    return path


def _hash(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _label(path, reviewer, uid, spans, *, done=()):
    """Open a reviewer file as its reviewer and label it; spans: [(text index, start, end, label)]."""
    with Project.open(path, reviewer, reviewer_uid=uid) as project:
        by_text = {project.document(d).text: d for d in project.document_ids()}
        for text_index, start, end, label in spans:
            project.add_span(by_text[TEXTS[text_index]], start, end, label)
        for text_index in done:
            project.set_status(by_text[TEXTS[text_index]], "done")


def _content(path):
    with Project.open(path, "coordinator") as project:
        spans = sorted(project.conn.execute(
            'SELECT d.sha256, y.name, s.start, s."end", l.name FROM spans s JOIN documents d ON d.id = s.doc_id'
            " JOIN layers y ON y.id = s.layer_id JOIN labels l ON l.id = s.label_id"))
        statuses = sorted(project.conn.execute(
            "SELECT d.sha256, r.name, s.status FROM doc_status s JOIN documents d ON d.id = s.doc_id"
            " JOIN reviewers r ON r.id = s.reviewer_id"))
        return spans, statuses, project.count_documents()


@pytest.fixture
def handed_out(tmp_path):
    source = _coordinator(tmp_path / "project.db")
    with Project.open(source, "coordinator") as project:
        plan = plan_assignment(project.document_ids(), ["kim", "lee"], overlap=0.34, seed=1)
        files = write_assignment(project, plan, tmp_path / "out")
    return source, plan, files


def test_assignment_files(handed_out, tmp_path):
    source, plan, files = handed_out
    assert [f.name for f in files] == ["kim.annotator.db", "lee.annotator.db"]
    assert not list((tmp_path / "out").glob("*.part*"))
    for reviewer, path in zip(plan.reviewers, files):
        with Project.open(path, reviewer) as project:
            assert project.count_documents() == len(plan.documents_of(reviewer))
            assert project.index_status()[0] == project.count_documents()  # searchable at once
            assert "assignment" in dict(project.conn.execute("SELECT key, value FROM meta"))
            with Project.open(source, "coordinator") as original:
                assert project.scheme().to_dict() == original.scheme().to_dict()


def test_merge_round_trip_idempotent_and_update(handed_out, tmp_path):
    _source, plan, (kim_file, lee_file) = handed_out
    kim_uid, lee_uid = str(uuid.uuid4()), str(uuid.uuid4())
    shared = sorted(plan.shared)[0] - 1  # a 0-based index into TEXTS: document ids follow TEXTS
    _label(kim_file, "kim", kim_uid, [(shared, 0, 4, "LOC")], done=[shared])
    _label(lee_file, "lee", lee_uid, [(shared, 0, 4, "LOC"), (shared, 5, 11, "ZONE")], done=[shared])
    before = {_hash(kim_file), _hash(lee_file)}
    team = tmp_path / "team.db"
    with Project.open(team, "adjudicator") as project:
        first = merge_projects(project, [kim_file, lee_file])
    assert {_hash(kim_file), _hash(lee_file)} == before  # sources never change
    assert not any(p.exists() for p in (kim_file.with_name(kim_file.name + "-wal"),))
    spans, statuses, docs = _content(team)
    assert docs == len(TEXTS)
    assert first.documents_added == len(TEXTS) and first.layers_updated >= 2
    assert sum(1 for s in spans if s[1] == "kim") == 1 and sum(1 for s in spans if s[1] == "lee") == 2
    assert any(s[1] == "import:seed.jsonl" for s in spans)  # the imported pre-label travelled both ways
    assert {(s[1], s[2]) for s in statuses} == {("kim", "done"), ("lee", "done")}

    with Project.open(team, "adjudicator") as project:
        again = merge_projects(project, [kim_file, lee_file])
    assert (again.documents_added, again.layers_updated, again.spans_written, again.statuses_written) == (0, 0, 0, 0)
    assert _content(team) == (spans, statuses, docs)

    time.sleep(0.01)
    _label(kim_file, "kim", kim_uid, [(shared, 5, 11, "ZONE")])  # kim works on: a newer copy of his file
    with Project.open(team, "adjudicator") as project:
        update = merge_projects(project, [kim_file])
    new_spans, _, _ = _content(team)
    assert update.layers_updated == 1
    assert [s for s in new_spans if s[1] == "lee"] == [s for s in spans if s[1] == "lee"]  # lee untouched
    assert sum(1 for s in new_spans if s[1] == "kim") == 2


def test_scheme_differences_are_reported_and_resolved(handed_out, tmp_path):
    _source, _plan, (kim_file, lee_file) = handed_out
    with Project.open(lee_file, "lee") as project:
        scheme = project.scheme()
        scheme.entity("ORG").color = "#000000"
        from annotator.core.scheme import EntityLabel
        scheme.entities.append(EntityLabel("AGENCY", "기관(산하)", "#123456", "", ""))
        project.save_scheme(scheme)
    with Project.open(tmp_path / "team.db", "adjudicator") as project:
        report = merge_projects(project, [kim_file, lee_file])
        merged = project.scheme()
    notes = "\n".join(report.scheme_notes)
    assert "label AGENCY: added from the source" in notes
    assert "label ORG: color differs" in notes
    assert merged.entity("AGENCY") is not None and merged.entity("ORG").color != "#000000"


def test_two_people_of_one_name_stay_two_and_a_map_joins_one(handed_out, tmp_path):
    _source, plan, (kim_file, lee_file) = handed_out
    shared = sorted(plan.shared)[0] - 1
    _label(kim_file, "kim", str(uuid.uuid4()), [(shared, 0, 4, "LOC")], done=[shared])
    _label(lee_file, "kim", str(uuid.uuid4()), [(shared, 0, 4, "LOC")], done=[shared])  # another kim
    with Project.open(tmp_path / "team.db", "adjudicator") as project:
        report = merge_projects(project, [kim_file, lee_file])
        names = project.reviewers()
    assert "kim" in names and any(n.startswith("kim (") for n in names)
    assert report.reviewers_added and len([n for n in names if n.startswith("kim")]) == 2


_KILL_SCRIPT = r"""
import sys, time
from pathlib import Path
import annotator.store.team as team
from annotator.store import Project
original = team.write_layer
def slow(*args, **kwargs):
    result = original(*args, **kwargs)
    Path(sys.argv[2]).write_text("inside")
    time.sleep(60)
    return result
team.write_layer = slow
with Project.open(sys.argv[1], "adjudicator") as project:
    team.merge_projects(project, [Path(p) for p in sys.argv[3:]])
"""


def test_kill_during_merge_leaves_the_target_as_it_was(handed_out, tmp_path):
    _source, plan, (kim_file, lee_file) = handed_out
    shared = sorted(plan.shared)[0] - 1
    _label(kim_file, "kim", str(uuid.uuid4()), [(shared, 0, 4, "LOC")], done=[shared])
    team = tmp_path / "team.db"
    with Project.open(team, "adjudicator") as project:
        merge_projects(project, [kim_file])
    before = _content(team)
    _label(lee_file, "lee", str(uuid.uuid4()), [(shared, 5, 11, "ZONE")], done=[shared])
    flag = tmp_path / "inside"
    scratch = tmp_path / "tmp"  # the killed merge cannot remove its scratch folder: kept out of the system's /tmp
    scratch.mkdir()
    child = subprocess.Popen([sys.executable, "-c", _KILL_SCRIPT, str(team), str(flag), str(kim_file), str(lee_file)],
                             env=dict(os.environ, TMPDIR=str(scratch)))
    deadline = time.monotonic() + 120
    while not flag.exists():
        assert child.poll() is None, "the merge ended before it could be interrupted"
        assert time.monotonic() < deadline
        time.sleep(0.05)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert _content(team) == before


def test_more_files_than_sqlite_attaches_merge_in_one_go(tmp_path):
    source = _coordinator(tmp_path / "project.db")
    names = [f"r{i:02d}" for i in range(12)]  # SQLite attaches at most 10 databases to one connection
    with Project.open(source, "coordinator") as project:
        plan = plan_assignment(project.document_ids(), names, overlap=1.0, seed=1)
        files = write_assignment(project, plan, tmp_path / "out")
    for i, (name, path) in enumerate(zip(names, files)):
        _label(path, name, str(uuid.uuid4()), [(i % len(TEXTS), 0, 4, "LOC")], done=[i % len(TEXTS)])
    with Project.open(tmp_path / "team.db", "adjudicator") as project:
        report = merge_projects(project, files)
        layers = dict(project.conn.execute(
            "SELECT y.name, COUNT(s.id) FROM layers y LEFT JOIN spans s ON s.layer_id = y.id"
            " WHERE y.kind = 'reviewer' GROUP BY y.id"))
    assert report.documents_added == len(TEXTS) and report.documents_matched == 0
    assert report.document_copies_matched == len(TEXTS) * 11  # each later file matches what the first added
    assert all(layers[name] == 1 for name in names)


def test_a_cancelled_merge_changes_nothing(handed_out, tmp_path):
    _source, plan, (kim_file, lee_file) = handed_out
    shared = sorted(plan.shared)[0] - 1
    _label(kim_file, "kim", str(uuid.uuid4()), [(shared, 0, 4, "LOC")], done=[shared])
    team = tmp_path / "team.db"
    with Project.open(team, "adjudicator"):
        pass
    before = _content(team)
    asked = []

    def cancel():
        asked.append(1)
        return len(asked) > 3  # after the merge has begun writing
    with Project.open(team, "adjudicator") as project:
        report = merge_projects(project, [kim_file, lee_file], cancel=cancel)
    assert report.cancelled and report.documents_added == 0
    assert _content(team) == before


def test_merged_documents_keep_their_date_and_outlet(handed_out, tmp_path):
    source, _plan, (kim_file, _lee_file) = handed_out
    with Project.open(kim_file, "kim") as project:
        first = project.document_ids()[0]
        project.conn.execute("UPDATE doc_meta SET published = '2024-03-05', outlet = '강원일보' WHERE doc_id = ?",
                             (first,))
        text = project.document(first).text
    with Project.open(tmp_path / "team.db", "adjudicator") as project:
        merge_projects(project, [kim_file])
        doc_id = project.has_text(text)
        row = project.conn.execute("SELECT published, outlet FROM doc_meta WHERE doc_id = ?", (doc_id,)).fetchone()
    assert tuple(row) == ("2024-03-05", "강원일보")


def test_a_source_of_an_older_schema_is_merged_from_a_migrated_copy(tmp_path):
    from tests.store.test_layers import _v1_file

    old = tmp_path / "old.db"
    _v1_file(old)
    con = sqlite3.connect(old)  # each text its own, hashed as the release did (the fixture's hashes stand in)
    (guard,) = con.execute("SELECT sql FROM sqlite_master WHERE name = 'documents_text_immutable'").fetchone()
    con.execute("DROP TRIGGER documents_text_immutable")
    for doc_id, text in con.execute("SELECT id, text FROM documents").fetchall():
        con.execute("UPDATE documents SET text = ?, text_length = ?, sha256 = ? WHERE id = ?",
                    (f"{text} {doc_id}", len(text) + 2, text_sha256(f"{text} {doc_id}"), doc_id))
    con.execute(guard)
    con.commit()
    con.close()
    before = _hash(old)
    with Project.open(tmp_path / "team.db", "adjudicator") as project:
        report = merge_projects(project, [old])
        own = dict(project.conn.execute(
            "SELECT y.name, COUNT(*) FROM spans s JOIN layers y ON y.id = s.layer_id GROUP BY y.name"))
    assert _hash(old) == before and not any(Path(f"{old}{side}").exists() for side in ("-wal", "-shm"))
    assert report.documents_added == 2
    assert own["kim"] == 2 and own["lee"] == 1  # the v1 labels were split into layers by the migration


def test_a_source_open_in_the_app_is_merged_with_what_its_log_holds(handed_out, tmp_path):
    _source, plan, (kim_file, _lee_file) = handed_out
    shared = sorted(plan.shared)[0] - 1
    with Project.open(kim_file, "kim") as open_in_app:  # its write-ahead log holds the latest work
        doc_id = open_in_app.has_text(TEXTS[shared])
        open_in_app.add_span(doc_id, 0, 4, "LOC")
        open_in_app.set_status(doc_id, "done")
        wal = Path(f"{kim_file}-wal")
        assert wal.exists() and wal.stat().st_size > 0
        before = (_hash(kim_file), _hash(wal))
        with Project.open(tmp_path / "team.db", "adjudicator") as project:
            report = merge_projects(project, [kim_file])
        assert (_hash(kim_file), _hash(wal)) == before
    assert report.spans_written >= 1 and report.statuses_written == 1


def test_a_closed_source_is_read_in_place_without_side_files(handed_out, tmp_path):
    _source, _plan, (kim_file, _lee_file) = handed_out
    with Project.open(tmp_path / "team.db", "adjudicator") as project:
        merge_projects(project, [kim_file])
    assert not any(Path(f"{kim_file}{side}").exists() for side in ("-wal", "-shm", "-journal"))
