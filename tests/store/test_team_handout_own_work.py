"""A hand-out carries each reviewer's own work on their documents (session 27's walk: kim had labelled in the
team file, got a hand-out without those labels, started again from the imports, and the merge then replaced
kim's work in the team file with the newer, smaller copy)."""

from __future__ import annotations

import uuid

from annotator.core.model import NewDocument, NewSpan
from annotator.core.team import plan_assignment
from annotator.store import Project
from annotator.store.team import merge_projects, write_assignment

TEXTS = [f"{region} 규제자유특구 지정 소식 {i}번. 중소벤처기업부가 {region}를 지정했다." for i, region in
         enumerate(["충청북도", "강원도", "부산시", "전라남도"])]


def _own(project, reviewer):
    spans = project.conn.execute(
        'SELECT d.sha256, s.start, s."end", l.name, s.created_at FROM spans s JOIN documents d ON d.id = s.doc_id'
        " JOIN layers y ON y.id = s.layer_id JOIN labels l ON l.id = s.label_id JOIN reviewers r ON r.id = y.reviewer_id"
        " WHERE y.kind = 'reviewer' AND r.name = ? ORDER BY 1, 2", (reviewer,)).fetchall()
    relations = project.conn.execute(
        "SELECT d.sha256, h.start, t.start FROM relations x JOIN documents d ON d.id = x.doc_id"
        " JOIN spans h ON h.id = x.head_id JOIN spans t ON t.id = x.tail_id JOIN layers y ON y.id = x.layer_id"
        " JOIN reviewers r ON r.id = y.reviewer_id WHERE r.name = ? ORDER BY 1, 2", (reviewer,)).fetchall()
    statuses = project.conn.execute(
        "SELECT d.sha256, s.status FROM doc_status s JOIN documents d ON d.id = s.doc_id"
        " JOIN reviewers r ON r.id = s.reviewer_id WHERE r.name = ? ORDER BY 1", (reviewer,)).fetchall()
    return spans, relations, statuses


def test_a_reviewer_gets_their_own_work_back_and_merging_it_loses_none(tmp_path):
    team = tmp_path / "team.db"
    kim_uid = str(uuid.uuid4())
    with Project.open(team, "lead") as project:
        ids = project.add_documents([NewDocument(text=t, title=f"기사 {i}", spans=[NewSpan(0, 4, "LOC")])
                                     for i, t in enumerate(TEXTS)]).imported
    with Project.open(team, "kim", reviewer_uid=kim_uid) as project:  # kim starts in the team file
        head = project.add_span(ids[0], 5, 11, "ZONE")
        tail = project.add_span(ids[0], 0, 4, "LOC")
        project.add_relation(head.id, tail.id, "located_in")
        project.set_status(ids[0], "in_progress")
        project.add_span(ids[1], 5, 11, "ZONE")
        project.set_status(ids[1], "done")
        before = _own(project, "kim")
    with Project.open(team, "lead") as project:
        plan = plan_assignment(project.document_ids(), ["kim", "lee"], overlap=1.0, seed=1)
        kim_file, lee_file = write_assignment(project, plan, tmp_path / "out")
    with Project.open(kim_file, "kim", reviewer_uid=kim_uid) as handout:
        assert _own(handout, "kim") == before  # entities, relation, statuses, with their times
        assert handout.status(handout.document_ids()[0]) == "in_progress"
    with Project.open(lee_file, "lee") as handout:
        assert _own(handout, "kim") == ([], [], [])  # lee's file has nothing of kim's
        assert _own(handout, "lee") == ([], [], [])

    with Project.open(team, "lead") as project:  # the file back unchanged: nothing to merge
        unchanged = merge_projects(project, [kim_file])
        assert (unchanged.layers_updated, unchanged.spans_written, unchanged.statuses_written) == (0, 0, 0)
        assert _own(project, "kim") == before
    with Project.open(kim_file, "kim", reviewer_uid=kim_uid) as handout:  # kim goes on in the hand-out
        handout.add_span(handout.document_ids()[0], 12, 14, "EVENT")
    with Project.open(team, "lead") as project:
        merged = merge_projects(project, [kim_file])
        after = _own(project, "kim")
    assert merged.layers_updated == 1
    assert set(before[0]) <= set(after[0]) and len(after[0]) == len(before[0]) + 1  # nothing kim did is lost
    assert after[1] == before[1] and after[2] == before[2]
