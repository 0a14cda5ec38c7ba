"""A Label Studio file's predicted relations through team work: `annotator assign` writes them into the hand-out
files of the reviewers who get their documents, and `annotator merge` brings them back (documents and labels
mapped to the team file's); one the team file has already is kept once, so merging two files with the same
prediction, or the same file again, adds nothing. A reviewer whose layer then holds both ends is offered it."""

from __future__ import annotations

import json
from copy import deepcopy

from annotator.cli import main
from annotator.core.model import NewDocument
from annotator.core.scheme import default_scheme
from annotator.core.suggestions import PredictedRelation
from annotator.core.team import plan_assignment
from annotator.io.importers import import_paths
from annotator.store import Project
from annotator.store.team import merge_projects, write_assignment
from tests.io.test_label_studio_predicted_relations import SOURCE, TEXT, _key, _tasks, _write

PREDICTED = [PredictedRelation(_key("김철수", "PERSON"), _key("부산시장", "TITLE"), "holds_title", SOURCE, 0.8),
             PredictedRelation(_key("김철수", "PERSON"), _key("중소벤처기업부", "ORG"), "belongs_to", SOURCE, 0.8)]
OTHERS = ["서울시는 오늘 새 예산안을 발표했다.", "대구 지역 경제가 회복세를 보이고 있다.", "광주에서 축제가 열렸다.",
          "인천공항 이용객이 늘었다."]


def _doc(project, text=TEXT):
    return next(d for d in project.document_ids() if project.document(d).text == text)


def _raw(path):
    """The stored rows, by document text and label names (what the ids mean)."""
    with Project.open(path, "coordinator") as p:
        return sorted(p.conn.execute(
            "SELECT d.text, x.head_start, x.head_end, hl.name, x.tail_start, x.tail_end, tl.name, l.name, x.source,"
            " x.score, x.created_at FROM predicted_relations x JOIN documents d ON d.id = x.doc_id"
            " JOIN labels hl ON hl.id = x.head_label_id JOIN labels tl ON tl.id = x.tail_label_id"
            " JOIN labels l ON l.id = x.label_id"))


def _pending(project, doc_id):
    return sorted((TEXT[s.head[0]:s.head[1]], s.label, TEXT[s.tail[0]:s.tail[1]], s.source, s.score)
                  for s in project.relation_suggestions(doc_id))


OFFERED = [("김철수", "belongs_to", "중소벤처기업부", SOURCE, 0.8), ("김철수", "holds_title", "부산시장", SOURCE, 0.8)]


def _team_project(tmp_path, *, overlap):
    """A project with the Label Studio file's document (its predictions: 3 entity suggestions, 2 relations) and
    four plain ones, handed out to kim and lee; returns (project path, plan, {reviewer: file})."""
    path = tmp_path / "project.db"
    with Project.open(path, "coordinator") as project:
        project.add_documents([NewDocument(text=t, title=f"기사 {i}", origin=f"seed.jsonl:{i + 1}")
                               for i, t in enumerate(OTHERS)])
        report = import_paths(project, [_write(tmp_path / "ls.json", _tasks())])
        assert report.imported == 1 and report.predicted_relations == 2
        assert project.predicted_relations(_doc(project)) == PREDICTED
        plan = plan_assignment(project.document_ids(), ["kim", "lee"], overlap=overlap, seed=3)
        files = write_assignment(project, plan, tmp_path / "out")
    return path, plan, dict(zip(plan.reviewers, files))


def _fresh_team(path):
    """A team file whose label ids and document ids differ from the hand-out's: its scheme lists the labels the
    other way round, and it has a document of its own first."""
    scheme = deepcopy(default_scheme())
    scheme.entities.reverse()
    scheme.relations.reverse()
    with Project.open(path, "adjudicator", scheme=scheme) as team:
        team.add_documents([NewDocument(text="팀 파일에만 있는 기사.", title="팀", origin="team.jsonl:1")])
    return path


def test_a_hand_out_file_holds_the_predicted_relations_of_its_documents(tmp_path):
    source, plan, files = _team_project(tmp_path, overlap=0.0)
    with Project.open(source, "coordinator") as project:
        doc = _doc(project)
    holder = next(r for r in plan.reviewers if doc in plan.documents_of(r))
    other = next(r for r in plan.reviewers if r != holder)
    assert _raw(files[holder]) == _raw(source) and len(_raw(source)) == 2  # scores and times kept
    with Project.open(files[holder], holder) as pack:
        assert _doc(pack) == doc  # a hand-out keeps the document ids
        assert pack.predicted_relations(doc) == PREDICTED
        # the reviewer labels both ends in their file: the next run of relation suggestions offers the relations
        for part, label in (("김철수", "PERSON"), ("부산시장", "TITLE"), ("중소벤처기업부", "ORG")):
            pack.add_span(doc, *_key(part, label)[:2], label)
        pack.write_relation_suggestions({doc: []})
        assert _pending(pack, doc) == OFFERED
        assert pack.relations(doc) == []  # never relations until accepted
    with Project.open(files[other], other) as pack:
        assert TEXT not in {pack.document(d).text for d in pack.document_ids()}
        assert pack.conn.execute("SELECT COUNT(*) FROM predicted_relations").fetchone()[0] == 0


def test_merge_brings_them_into_a_fresh_team_file_with_its_ids(tmp_path):
    source, plan, files = _team_project(tmp_path, overlap=0.0)
    with Project.open(source, "coordinator") as project:
        doc = _doc(project)
    holder = next(r for r in plan.reviewers if doc in plan.documents_of(r))
    team_path = _fresh_team(tmp_path / "team.db")
    with Project.open(team_path, "adjudicator") as team:
        report = merge_projects(team, list(files.values()))
        assert report.predicted_relations_written == 2 and report.as_dict()["predicted_relations_written"] == 2
        team_doc = _doc(team)
        assert team_doc != doc  # mapped: the team file's own document came first
        assert team.predicted_relations(team_doc) == PREDICTED
        ids = team._label_ids("entity")
    with Project.open(files[holder], holder) as pack:
        assert pack._label_ids("entity")["PERSON"] != ids["PERSON"]  # so the labels were mapped, not copied
    assert _raw(team_path) == _raw(source)
    with Project.open(team_path, "park") as park:  # anyone whose layer holds both ends is offered them
        for part, label in (("김철수", "PERSON"), ("부산시장", "TITLE"), ("중소벤처기업부", "ORG")):
            park.add_span(team_doc, *_key(part, label)[:2], label)
        park.write_relation_suggestions({team_doc: []})
        assert _pending(park, team_doc) == OFFERED
    with Project.open(team_path, "adjudicator") as team:  # the same files again: nothing more
        again = merge_projects(team, list(files.values()))
        assert again.predicted_relations_written == 0
    assert _raw(team_path) == _raw(source)


def test_merging_back_into_the_original_keeps_each_prediction_once_and_the_reviewer_is_offered_it(tmp_path):
    source, _plan, files = _team_project(tmp_path, overlap=0.0)
    before = _raw(source)
    with Project.open(source, "coordinator") as project:
        report = merge_projects(project, list(files.values()))
        assert report.predicted_relations_written == 0  # the project has them already: kept as it has them
        doc = _doc(project)
        assert project.predicted_relations(doc) == PREDICTED
    assert _raw(source) == before
    with Project.open(source, "kim") as kim:  # kim accepts both ends' entity suggestions of the import
        kim.accept_suggestions([s.id for s in kim.suggestions(doc)])
        kim.write_relation_suggestions({doc: []})  # what a recompute does after the entities changed
        assert _pending(kim, doc) == OFFERED


def test_two_files_with_the_same_prediction_leave_it_once(tmp_path, capsys):
    source, plan, files = _team_project(tmp_path, overlap=1.0)  # both reviewers get every document
    with Project.open(source, "coordinator") as project:
        doc = _doc(project)
    assert doc in plan.shared
    assert _raw(files["kim"]) == _raw(files["lee"]) == _raw(source)
    team_path = _fresh_team(tmp_path / "team.db")
    assert main(["merge", str(files["kim"]), str(files["lee"]), "--into", str(team_path), "--json", "--quiet"]) == 0
    assert json.loads(capsys.readouterr().out)["predicted_relations_written"] == 2  # kim's; lee's the same
    assert _raw(team_path) == _raw(source)
    assert main(["merge", str(files["kim"]), str(files["lee"]), "--into", str(team_path), "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "0 predicted relations of imported files added" not in out  # nothing to say: the line is left out
    assert _raw(team_path) == _raw(source)


def test_the_merge_summary_counts_the_predicted_relations_added(tmp_path, capsys):
    _source, _plan, files = _team_project(tmp_path, overlap=0.0)
    team_path = _fresh_team(tmp_path / "team.db")
    assert main(["merge", *map(str, files.values()), "--into", str(team_path), "--quiet"]) == 0
    assert "2 predicted relations of imported files added" in capsys.readouterr().out


def test_a_prediction_a_reimport_in_the_team_file_dropped_stays_dropped(tmp_path):
    """The team file's re-import has the last word: an older hand-out file merged back does not bring back the
    prediction it left out (found by review, 2026-12-03)."""
    from annotator.store.team import merge_projects

    source, _plan, files = _team_project(tmp_path, overlap=0.0)
    with Project.open(source, "coordinator") as project:
        doc = _doc(project)
        project.write_predicted_relations({doc: PREDICTED[:1]}, family="label_studio")  # the file again, one fewer
        assert project.predicted_relations(doc) == PREDICTED[:1]
        merge_projects(project, list(files.values()))
        assert project.predicted_relations(doc) == PREDICTED[:1]


def test_assign_says_what_each_file_carries_for_its_reviewer_to_decide(tmp_path, capsys):
    """`annotator assign` names, per file, the machine suggestions and predicted relations handed out with it."""
    path = tmp_path / "project.db"
    with Project.open(path, "coordinator") as project:
        project.add_documents([NewDocument(text=t, title=f"기사 {i}", origin=f"seed.jsonl:{i + 1}")
                               for i, t in enumerate(OTHERS)])
        import_paths(project, [_write(tmp_path / "ls.json", _tasks())])  # 3 entity suggestions, 2 relations
        holder = _doc(project)
    out = tmp_path / "out"
    assert main(["assign", "--db", str(path), "--reviewers", "kim,lee", "--overlap", "0", "--seed", "3",
                 "--out", str(out), "--json", "--quiet"]) == 0
    summary = json.loads(capsys.readouterr().out)
    carried = {name: (v["suggestions"], v["predicted_relations"]) for name, v in summary["per_reviewer"].items()}
    with_it = []
    for name, file in zip(("kim", "lee"), summary["files"]):
        with Project.open(file, name, read_only=True) as pack:
            with_it += [name] if holder in pack.document_ids() else []
    assert len(with_it) == 1 and carried[with_it[0]] == (3, 2)
    assert carried[({"kim", "lee"} - set(with_it)).pop()] == (0, 0)
    assert main(["assign", "--db", str(path), "--reviewers", "kim,lee", "--overlap", "0", "--seed", "3",
                 "--out", str(tmp_path / "again")]) == 0
    text = capsys.readouterr().out
    assert f"  {with_it[0]}: " in text and "(with 3 machine suggestions and 2 predicted relations) ->" in text
