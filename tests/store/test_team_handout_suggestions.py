"""A hand-out file carries the pending suggestions of its documents (an engine run's and a Label Studio file's
predictions, which no run in the hand-out can make again) with source, score, detail and their runs, and the
rejections of the reviewer it is for and everyone's; the reviewer decides them there, and the merge brings the
decisions back (accepted ones as entities of their layer, rejections for them) without doubling a suggestion or
bringing a rejected one back. A run the reviewer makes in the hand-out carries the predictions along."""

from __future__ import annotations

import time

from annotator.core.model import NewDocument
from annotator.core.suggestions import NewRelationSuggestion, NewSuggestion
from annotator.core.team import AssignmentPlan
from annotator.io.importers import import_paths
from annotator.store import Project
from annotator.store.team import merge_projects, write_assignment
from tests.io.test_label_studio_predictions import _tasks, _write

TEXTS = [f"{region} 규제자유특구 지정 소식 {i}번. 중소벤처기업부가 {region}를 지정했다." for i, region in
         enumerate(["충청북도", "강원도", "전라남도"])]
LS_SOURCES = {"label_studio:ner-v2", "label_studio:crf", "label_studio:prediction"}


def _where(text, word):
    start = text.index(word)
    return start, start + len(word)


def _by_text(project):
    return {project.document(d).text: d for d in project.document_ids()}


def _view(project, doc_id, **kw):
    """A document's suggestions as the project's reviewer sees them (kw: everyone=True), by text and label."""
    text = project.document(doc_id).text
    return sorted((text[s.start:s.end], s.label, s.source, s.score, s.detail, s.created_at)
                  for s in project.suggestions(doc_id, **kw))


def _rejected(project, doc_id):
    text = project.document(doc_id).text
    return sorted((text[a:b], label) for a, b, label in project.rejected_suggestions(doc_id))


def _runs(project):
    return dict(project.conn.execute("SELECT d.text, r.sources || ' @ ' || r.created_at FROM suggestion_runs r"
                                     " JOIN documents d ON d.id = r.doc_id"))


def _layer(project, doc_id, reviewer):
    text = project.document(doc_id).text
    return sorted((text[s.start:s.end], s.label) for s in project.spans(doc_id, reviewer))


def _team(tmp_path):
    """A team file: three plain documents with an engine run, two Label Studio tasks with predictions; kim's
    entities (two under suggestions) and relation candidate, kim's and lee's rejections and one for everyone.
    Handed out: kim gets a plain one and the first task, lee the other plain one and the second task, both the
    third plain one. Returns (team path, {name: document id}, {reviewer: hand-out file})."""
    team = tmp_path / "team.db"
    with Project.open(team, "lead") as p:
        plain = p.add_documents([NewDocument(text=t, title=f"기사 {i}", origin=f"seed.jsonl:{i + 1}")
                                 for i, t in enumerate(TEXTS)]).imported
        report = import_paths(p, [_write(tmp_path / "ls.json", _tasks())])
        assert report.imported == 2 and report.suggestions == 5
        docs = dict(zip("abc", plain))
        by_text = _by_text(p)
        docs["ls1"] = next(d for t, d in by_text.items() if t.startswith("🚀"))
        docs["ls2"] = next(d for t, d in by_text.items() if t.startswith("세종시"))
        batch = {}
        for key in "abc":
            text = p.document(docs[key]).text
            batch[docs[key]] = [NewSuggestion(*_where(text, text.split(" ")[0]), "LOC", "dictionary", 0.8, "사전"),
                                NewSuggestion(*_where(text, "규제자유특구"), "ZONE", "patterns", 0.7, "특구"),
                                NewSuggestion(*_where(text, "지정"), "EVENT", "patterns", 0.55),
                                NewSuggestion(*_where(text, "중소벤처기업부"), "ORG", "dictionary", 0.9)]
        p.write_suggestions(batch, sources="dictionary,patterns")
        everyone_rejected = next(s for s in p.suggestions(docs["c"]) if s.label == "LOC")
        with p.transaction() as c:  # a rejection from before decisions were each reviewer's own: everyone's
            c.execute('INSERT INTO rejected_suggestions(doc_id, start, "end", label_id, source, score, reviewer_id,'
                      " created_at) SELECT doc_id, start, \"end\", label_id, 'dictionary', 0.8, NULL, 'x'"
                      " FROM spans WHERE id = ?", (everyone_rejected.id,))
    text_a = TEXTS[0]
    with Project.open(team, "kim") as kim:
        place = kim.add_span(docs["a"], *_where(text_a, "충청북도"), "LOC")
        ministry = kim.add_span(docs["a"], *_where(text_a, "중소벤처기업부"), "ORG")
        again = kim.add_span(docs["a"], text_a.rindex("충청북도"), text_a.rindex("충청북도") + 4, "LOC")
        kim.write_relation_suggestions({docs["a"]: [
            NewRelationSuggestion(ministry.id, place.id, "located_in", "relations", 0.6, "규칙"),
            NewRelationSuggestion(ministry.id, again.id, "located_in", "relations", 0.4)]})
        kim.reject_relation_suggestions([s.id for s in kim.relation_suggestions(docs["a"]) if s.score == 0.4])
        kim.reject_suggestions([s.id for s in kim.suggestions(docs["a"]) if s.label == "ZONE"])
    with Project.open(team, "lee") as lee:  # lee's: not in kim's hand-out
        lee.reject_suggestions([s.id for s in lee.suggestions(docs["a"]) if s.label == "ORG"])
    plan = AssignmentPlan(reviewers=["kim", "lee"], shared=[docs["c"]],
                          own={"kim": [docs["a"], docs["ls1"]], "lee": [docs["b"], docs["ls2"]]})
    with Project.open(team, "lead") as p:
        files = write_assignment(p, plan, tmp_path / "out")
    return team, docs, dict(zip(plan.reviewers, files))


def _snapshot(path, reviewer):
    """Per document text: every suggestion, the reviewer's pending ones and rejections; and the runs."""
    with Project.open(path, reviewer) as p:
        return ({p.document(d).text: (_view(p, d, everyone=True), _view(p, d), _rejected(p, d))
                 for d in p.document_ids()}, _runs(p), p.suggestion_totals())


def test_each_hand_out_holds_its_documents_suggestions_and_the_reviewers_rejections(tmp_path):
    team, docs, files = _team(tmp_path)
    team_kim, team_runs, _ = _snapshot(team, "kim")
    team_lee, _, _ = _snapshot(team, "lee")
    with Project.open(team, "lead") as p:
        text = {key: p.document(d).text for key, d in docs.items()}
    for reviewer, view, mine in (("kim", team_kim, "a ls1 c"), ("lee", team_lee, "b ls2 c")):
        wanted = {text[key] for key in mine.split()}
        held, runs, totals = _snapshot(files[reviewer], reviewer)
        assert set(held) == wanted
        # every suggestion (source, score, detail, time), what the reviewer has pending, their rejections
        assert held == {t: view[t] for t in wanted}
        assert runs == {t: team_runs[t] for t in wanted}  # the team file's runs, times kept
        assert totals["pending"] == sum(len(view[t][0]) for t in wanted)
        assert totals["documents_suggested"] == len(wanted)
    kim_held, _, kim_totals = _snapshot(files["kim"], "kim")
    assert {s[2] for s in kim_held[text["ls1"]][0]} == {"label_studio:ner-v2", "label_studio:crf"}
    assert [s[:5] for s in kim_held[text["ls1"]][1] if s[1] == "ORG"] == [
        ("중소벤처기업부", "ORG", "label_studio:ner-v2", 0.93, "p1")]
    assert kim_held[text["a"]][1] == [("지정", "EVENT", "patterns", 0.55, "", kim_held[text["a"]][1][0][5])]
    assert kim_held[text["a"]][2] == [("규제자유특구", "ZONE")]  # kim's own, not lee's ORG
    assert kim_held[text["c"]][2] == [("전라남도", "LOC")]  # everyone's
    assert kim_totals["rejected"] == 2
    lee_held, _, lee_totals = _snapshot(files["lee"], "lee")
    assert [s[:5] for s in lee_held[text["ls2"]][0]] == [("세종시", "LOC", "label_studio:prediction", 0.6, "s1")]
    assert lee_totals["rejected"] == 1  # only everyone's on the shared document: kim's and lee's own are on a
    with Project.open(files["kim"], "kim") as kim:
        (candidate,) = kim.relation_suggestions(docs["a"])
        assert (candidate.label, candidate.source, candidate.score) == ("located_in", "relations", 0.6)
        tail = (TEXTS[0].rindex("충청북도"), TEXTS[0].rindex("충청북도") + 4, "LOC")
        assert {(t, label) for _h, t, label in kim.rejected_relation_suggestions(docs["a"])} == {
            (tail, "located_in")}  # kim's rejected candidate stays rejected
        # the suggestions' ids are new rows of the file, apart from kim's entities
        suggestion_ids = {s.id for d in kim.document_ids() for s in kim.suggestions(d, everyone=True)}
        entity_ids = {s.id for d in kim.document_ids() for s in kim.spans(d, "kim")}
        assert suggestion_ids and entity_ids and not suggestion_ids & entity_ids


def test_decisions_in_the_hand_outs_come_back_and_nothing_is_doubled(tmp_path):
    team, docs, files = _team(tmp_path)
    before, runs_before, totals_before = _snapshot(team, "lead")
    with Project.open(team, "lead") as p:
        ids_before = {d: sorted(s.id for s in p.suggestions(d, everyone=True)) for d in p.document_ids()}
        text = {key: p.document(d).text for key, d in docs.items()}
    with Project.open(files["kim"], "kim") as kim:
        by_label = {s.label: s for s in kim.suggestions(docs["ls1"])}
        kim.accept_suggestions([by_label["ORG"].id])
        kim.reject_suggestions([by_label["PERSON"].id])
    with Project.open(files["lee"], "lee") as lee:
        lee.accept_suggestions([s.id for s in lee.suggestions(docs["c"]) if s.label == "ZONE"])
        lee.reject_suggestions([s.id for s in lee.suggestions(docs["ls2"])])

    with Project.open(team, "lead") as p:
        merged = merge_projects(p, [files["kim"], files["lee"]])
        # the hand-outs' runs are the team file's: left as the team file has them, ids and all
        assert (merged.suggestion_documents, merged.suggestions_written) == (0, 0)
        assert merged.rejections_written == 2 and merged.relation_suggestions_written == 0
        assert {d: sorted(s.id for s in p.suggestions(d, everyone=True)) for d in p.document_ids()} == ids_before
    after, runs_after, totals_after = _snapshot(team, "lead")
    assert {t: v[0] for t, v in after.items()} == {t: v[0] for t, v in before.items()}
    assert runs_after == runs_before and totals_after["pending"] == totals_before["pending"]
    assert totals_after["rejected"] == totals_before["rejected"] + 2

    with Project.open(team, "kim") as kim:
        assert ("중소벤처기업부", "ORG") in _layer(kim, docs["ls1"], "kim")
        assert [s[:2] for s in _view(kim, docs["ls1"])] == [("부산시", "LOC"), ("부산시장", "TITLE")]
        assert ("김철수", "PERSON") in _rejected(kim, docs["ls1"])  # not pending again for kim
        (candidate,) = kim.relation_suggestions(docs["a"])  # kim's candidate once, not twice
    with Project.open(team, "lee") as lee:
        assert ("규제자유특구", "ZONE") in _layer(lee, docs["c"], "lee")
        assert _view(lee, docs["ls2"]) == [] and _rejected(lee, docs["ls2"]) == [("세종시", "LOC")]
        # kim's decisions are kim's: lee still has both pending on kim's task
        assert {"중소벤처기업부", "김철수"} <= {s[0] for s in _view(lee, docs["ls1"])}
    with Project.open(team, "lead") as p:  # the same files again: nothing
        again = merge_projects(p, [files["kim"], files["lee"]])
        assert (again.suggestions_written, again.rejections_written, again.layers_updated) == (0, 0, 0)


def test_a_run_in_the_hand_out_keeps_the_label_studio_predictions(tmp_path):
    team, docs, files = _team(tmp_path)
    with Project.open(team, "lead") as p:
        predicted = [s[:5] for s in _view(p, docs["ls1"], everyone=True)]
    time.sleep(1.1)  # run times are kept to the second: kim's run is newer than the team file's
    with Project.open(files["kim"], "kim") as kim:
        text = kim.document(docs["ls1"]).text
        kim.write_suggestions({docs["ls1"]: [NewSuggestion(*_where(text, "끝"), "EVENT", "patterns", 0.5)]},
                              sources="patterns")
    with Project.open(team, "lead") as p:
        merged = merge_projects(p, [files["kim"]])
        assert (merged.suggestion_documents, merged.suggestions_written) == (1, len(predicted) + 1)
        now_there = [s[:5] for s in _view(p, docs["ls1"], everyone=True)]
    # the newer run replaced the document's suggestions whole, and it carried the file's predictions
    assert sorted(now_there) == sorted([*predicted, ("끝", "EVENT", "patterns", 0.5, "")])
    assert {s[2] for s in now_there} & LS_SOURCES == {"label_studio:ner-v2", "label_studio:crf"}
