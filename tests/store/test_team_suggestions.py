"""`annotator merge` carries suggestions, never as labels: a document's suggestions from the file whose run is
newest, each reviewer's rejections (of suggestions and of suggested relations) for that reviewer, and a
reviewer's pending suggested relations with their layer; merging again adds nothing."""

from __future__ import annotations

import json
import time

from annotator.cli import main
from annotator.core.suggestions import NewRelationSuggestion, NewSuggestion
from annotator.store import Project
from tests.store.test_team import TEXTS, handed_out  # noqa: F401 (fixture)


def _doc(project, text):
    return next(d for d in project.document_ids() if project.document(d).text == text)


def _where(text, word, nth=0):
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    return start, start + len(word)


def test_merge_carries_suggestions_rejections_and_suggested_relations(handed_out, tmp_path, capsys):  # noqa: F811
    _source, plan, (kim_file, lee_file) = handed_out
    text = TEXTS[sorted(plan.shared)[0] - 1]
    region = text.split(" ")[0]
    loc, zone, org = _where(text, region), _where(text, "규제자유특구"), _where(text, "중소벤처기업부")
    with Project.open(kim_file, "kim") as kim:
        doc = _doc(kim, text)
        kim.write_suggestions({doc: [NewSuggestion(*loc, "LOC", "dictionary", 0.8),
                                     NewSuggestion(*zone, "ZONE", "patterns", 0.7)]}, sources="dictionary,patterns")
        by_label = {s.label: s for s in kim.suggestions(doc)}
        kim.reject_suggestions([by_label["LOC"].id])
        kim.accept_suggestions([by_label["ZONE"].id])
        zone_entity = next(s for s in kim.spans(doc, "kim") if s.label == "ZONE")
        ministry = kim.add_span(doc, *org, "ORG")
        place = kim.add_span(doc, *_where(text, region, 1), "LOC")
        kim.write_relation_suggestions({doc: [
            NewRelationSuggestion(ministry.id, zone_entity.id, "designates", "relations", 0.6),
            NewRelationSuggestion(zone_entity.id, place.id, "located_in", "relations", 0.6)]})
        kim.reject_relation_suggestions([s.id for s in kim.relation_suggestions(doc) if s.label == "located_in"])
    time.sleep(1.1)  # run times are kept to the second
    with Project.open(lee_file, "lee") as lee:  # lee's run on the document is newer: it is the one taken
        lee.write_suggestions({_doc(lee, text): [NewSuggestion(*loc, "LOC", "model", 0.65)]}, sources="model")

    team = tmp_path / "team.db"
    assert main(["merge", str(kim_file), str(lee_file), "--into", str(team), "--json", "--quiet"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert first["suggestion_documents"] == 2 and first["suggestions_written"] == 3  # kim's, then lee's newer
    assert (first["rejections_written"], first["relation_suggestions_written"]) == (2, 1)

    with Project.open(team, "adjudicator") as p:
        doc = _doc(p, text)
        assert [(s.label, s.source, s.score) for s in p.suggestions(doc, everyone=True)] == [("LOC", "model", 0.65)]
        assert p.spans(doc) and all(s.layer != "suggestions" for s in p.spans(doc))  # never labels
        assert [(s.start, s.end, s.label) for s in p.suggestions(doc)] == [(*loc, "LOC")]  # pending for others
        p.set_reviewer("kim")
        assert p.rejected_suggestions(doc) == {(*loc, "LOC")}  # kim's rejection, for kim
        assert p.suggestions(doc) == []
        assert [(s.label, s.head[2], s.tail[2]) for s in p.relation_suggestions(doc)] == [
            ("designates", "ORG", "ZONE")]
        assert {label for _h, _t, label in p.rejected_relation_suggestions(doc)} == {"located_in"}
        assert p.relations(doc, "kim") == []  # a suggested relation is no relation
        p.set_reviewer("lee")
        assert p.rejected_suggestions(doc) == set() and p.rejected_relation_suggestions(doc) == set()
        assert len(p.suggestions(doc)) == 1

    assert main(["merge", str(kim_file), str(lee_file), "--into", str(team), "--json", "--quiet"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert (again["suggestion_documents"], again["suggestions_written"], again["rejections_written"],
            again["relation_suggestions_written"]) == (0, 0, 0, 0)
