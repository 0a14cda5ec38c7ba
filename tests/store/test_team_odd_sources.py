"""Reviewer files that are not a reviewer's work. A 0-byte file (a copy that failed, a share that was full) or an
SQLite file with nothing in it was merged as an empty project: `annotator merge` said "merged 1 files", exit 0,
and the coordinator took the reviewer's work for merged. A hard link to the project itself was merged as another
file (resolve() does not see one file under two names). Both are now refused, naming the file, and the project
is left as it was."""

from __future__ import annotations

import hashlib
import os
import sqlite3

import pytest

from annotator.core.model import NewDocument, NewSpan
from annotator.store import Project, ProjectError
from annotator.store.team import merge_projects
from tests.commands.test_import_cli import run_cli
from tests.store.test_hot_journal import cut_off_write


def _project(path):
    with Project.open(path, "coordinator") as project:
        doc = NewDocument(text="강원도 규제자유특구 지정 소식", title="기사")
        doc.spans = [NewSpan(0, 3, "LOC")]
        project.add_documents([doc])
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return path


def _hash(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _empty_sqlite(path):
    con = sqlite3.connect(path)
    con.execute("PRAGMA user_version = 0")  # writes the header page, no table
    con.execute("CREATE TABLE t(x)")
    con.execute("DROP TABLE t")
    con.commit()
    con.close()
    return path


@pytest.mark.parametrize("make", [lambda p: p.write_bytes(b"") or p, _empty_sqlite], ids=["zero-bytes", "no-tables"])
def test_an_empty_reviewer_file_is_refused_and_nothing_changes(tmp_path, make):
    target = _project(tmp_path / "team.db")
    source = make(tmp_path / "kim.annotator.db")
    source_before = _hash(source)
    with Project.open(target, "coordinator") as project:
        with pytest.raises(ProjectError) as refused:
            merge_projects(project, [source])
        assert str(refused.value) == (f"{source}: an empty file, not a reviewer's project (nothing in it to merge); "
                                      "nothing was merged")
        assert project.count_documents() == 1
    assert _hash(source) == source_before
    out = run_cli("merge", "-q", "--into", target, source)
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert out.stderr.strip().splitlines()[-1] == f"annotator: error: {refused.value}"
    with Project.open(target, "coordinator") as project:  # the one document and its label, as before
        assert project.count_documents() == 1
    assert _hash(source) == source_before


def test_an_empty_file_beside_good_ones_stops_the_whole_merge(tmp_path):
    target = _project(tmp_path / "team.db")
    good = _project(tmp_path / "lee.annotator.db")
    with Project.open(good, "lee") as project:
        project.add_documents([NewDocument(text="새 기사: 부산시 발표")])
    empty = tmp_path / "kim.annotator.db"
    empty.write_bytes(b"")
    with Project.open(target, "coordinator") as project:
        with pytest.raises(ProjectError, match="an empty file"):
            merge_projects(project, [good, empty])
        assert project.count_documents() == 1  # all or nothing: the good file's document is not half-merged


def test_a_hard_link_to_the_project_is_the_project(tmp_path):
    target = _project(tmp_path / "team.db")
    link = tmp_path / "copy-of-team.db"
    os.link(target, link)
    with Project.open(target, "coordinator") as project:
        with pytest.raises(ProjectError) as refused:
            merge_projects(project, [link])
    assert str(refused.value) == f"{link}: this is the project being merged into"


def test_a_folder_given_as_a_source_is_refused_with_how_to_name_its_files(tmp_path):
    team = _project(tmp_path / "team.db")
    before = _hash(team)
    (tmp_path / "handout").mkdir()
    with Project.open(team, "coordinator") as project, pytest.raises(ProjectError) as refused:
        merge_projects(project, [tmp_path / "handout"])
    assert f"{tmp_path / 'handout'}: a folder, not a project file" in str(refused.value)
    assert "handout/*.annotator.db" in str(refused.value)  # it said "no such project file" of a folder that exists
    assert _hash(team) == before


def _edited(path, *statements):
    """The file as another program left it: rows whose parent row is gone (SQLite checks no foreign key unless
    asked, and a flipped bit in a row's id column does the same)."""
    con = sqlite3.connect(path)
    for statement in statements:
        con.execute(statement)
    con.commit()
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return path


@pytest.mark.parametrize("statements, what", [
    (["UPDATE spans SET layer_id = 999 WHERE layer_id IN (SELECT id FROM layers WHERE kind = 'reviewer')"],
     "2 entities point at a layer that is not in it"),
    (["DELETE FROM reviewers WHERE name = 'kim'"], "reviewer that is not in it"),
    (["UPDATE doc_status SET doc_id = 999"], "1 document status points at a document that is not in it"),
    (["UPDATE documents SET sha256 = 'f' || substr(sha256, 2)"], "1 document's text does not match its hash"),
    (['INSERT INTO spans (doc_id, layer_id, start, "end", label_id, reviewer_id, created_at) SELECT doc_id,'
      ' layer_id, start + 1, "end" + 1, label_id, reviewer_id, created_at FROM spans WHERE layer_id IN'
      " (SELECT id FROM layers WHERE kind = 'reviewer') LIMIT 1"], "1 entity overlaps another of its layer"),
    (["UPDATE spans SET label_id = (SELECT id FROM labels WHERE kind = 'relation' LIMIT 1) WHERE id = (SELECT"
      " MAX(id) FROM spans)"], "1 entity has a relation type for its label"),
], ids=["spans-of-no-layer", "layer-of-no-reviewer", "status-of-no-document", "hash-of-no-text", "overlap",
        "relation-type-on-an-entity"])
def test_a_reviewer_file_whose_rows_lost_their_parents_is_refused_not_merged_without_them(tmp_path, statements,
                                                                                           what):
    """kim's entities in a layer the file does not hold were left out, and a layer of a reviewer it does not
    hold too, with `merged 1 files`, exit 0: the coordinator took kim's work for merged. A document whose hash is
    not its text's was added again beside the one with its text (the merge matches documents by hash), kim's
    labels on the copy; overlapping entities in one layer, which the app never writes, came into the team file."""
    target = _project(tmp_path / "team.db")
    source = tmp_path / "kim.annotator.db"
    with Project.open(source, "kim") as kim:
        doc = NewDocument(text="새 기사: 부산시와 강원도가 발표", title="기사")
        kim.add_documents([doc])
        (doc_id,) = kim.document_ids()
        kim.add_span(doc_id, 4, 7, "LOC")
        kim.add_span(doc_id, 9, 12, "LOC")
        kim.set_status(doc_id, "done")
    _edited(source, *statements)
    source_before = _hash(source)
    with Project.open(target, "coordinator") as project, pytest.raises(ProjectError) as refused:
        merge_projects(project, [source])
    message = str(refused.value)
    assert message.startswith(f"{source}: ") and what in message, message
    assert message.endswith("the file is damaged or was edited by another program; nothing was merged")
    out = run_cli("merge", "-q", "--into", target, source)
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert out.stderr.strip().splitlines()[-1] == f"annotator: error: {message}"
    assert _hash(source) == source_before
    with Project.open(target, "coordinator", read_only=True) as project:
        assert project.count_documents() == 1 and "kim" not in project.reviewers()


def test_a_reviewer_file_with_a_hot_rollback_journal_is_merged_as_it_was_last_committed(tmp_path):
    """A file in rollback-journal mode (an older release's, or set by another program) whose writer was killed
    mid-transaction holds pages it never committed until the journal is played back. With no -wal beside it, it
    was read in place as immutable, which ignores the journal: kim's committed entities were merged as deleted,
    and a changed schema page made it "damaged"."""
    target = _project(tmp_path / "team.db")
    source = tmp_path / "kim.annotator.db"
    with Project.open(source, "kim") as kim:
        kim.add_documents([NewDocument(text="새 기사: 부산시와 강원도가 발표", title="기사")])
        (doc_id,) = kim.document_ids()
        kim.add_span(doc_id, 4, 7, "LOC")
        kim.add_span(doc_id, 9, 12, "LOC")
        kim.set_status(doc_id, "done")
    journal = cut_off_write(source)
    before = _hash(source), _hash(journal)
    with Project.open(target, "coordinator") as project:
        report = merge_projects(project, [source])
        kims = project.conn.execute(
            "SELECT COUNT(*) FROM spans s JOIN layers y ON y.id = s.layer_id JOIN reviewers r ON r.id ="
            " y.reviewer_id WHERE r.name = 'kim'").fetchone()[0]
        assert kims == 2 and report.statuses_written == 1, report
    assert (_hash(source), _hash(journal)) == before  # played back in a copy, never in the file
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("kim")) == [source.name, journal.name]


def test_a_reviewer_file_whose_label_scheme_the_project_cannot_take_is_refused_by_name(tmp_path):
    """A label the file holds under a name no scheme may have (edited by another program): the scheme's check
    raised out of the merge as a traceback."""
    target = _project(tmp_path / "team.db")
    source = tmp_path / "kim.annotator.db"
    with Project.open(source, "kim") as kim:
        kim.add_documents([NewDocument(text="새 기사: 부산시와 강원도가 발표", title="기사")])
    _edited(source, "UPDATE labels SET name = 'a b' WHERE name = 'ORG'")
    source_before = _hash(source)
    with Project.open(target, "coordinator") as project, pytest.raises(ProjectError) as refused:
        merge_projects(project, [source])
    assert str(refused.value) == (f"{source}: its label scheme cannot join the project's (entity label 'a b' has a"
                                  " name holding a space, which CoNLL and brat files cannot carry (put words in its"
                                  " display name)): the file is damaged or was edited by another program; nothing"
                                  " was merged")
    out = run_cli("merge", "-q", "--into", tmp_path / "new-team.db", source)
    assert out.returncode == 1 and "Traceback" not in out.stderr, out.stderr
    assert out.stderr.strip().splitlines()[-1] == f"annotator: error: {refused.value}"
    assert not (tmp_path / "new-team.db").exists() and _hash(source) == source_before
    with Project.open(target, "coordinator", read_only=True) as project:
        assert project.count_documents() == 1 and "a b" not in [e.name for e in project.scheme().entities]


def test_a_reviewer_file_with_a_label_past_its_check_is_refused_by_name(tmp_path):
    """A flipped byte in a label's kind: the merge's read-only look at the file let it through to a TypeError."""
    from tests.store.test_open_errors import _label_kind_past_its_check

    target = _project(tmp_path / "team.db")
    source = tmp_path / "kim.annotator.db"
    with Project.open(source, "kim") as kim:
        kim.add_documents([NewDocument(text="새 기사: 부산시와 강원도가 발표", title="기사")])
        kim.add_span(kim.document_ids()[0], 4, 7, "LOC")
    _label_kind_past_its_check(source)
    before = _hash(source)
    out = run_cli("merge", "-q", "--into", target, source)
    assert out.returncode == 1 and "Traceback" not in out.stderr, out.stderr
    assert out.stderr.strip().splitlines()[-1] == (
        f"annotator: error: {source}: not a readable project file: the database is damaged (CHECK constraint"
        " failed in labels); nothing was merged")
    assert _hash(source) == before
    with Project.open(target, "coordinator", read_only=True) as project:
        assert project.count_documents() == 1 and "kim" not in project.reviewers()
