"""The command line reads the gold layer: by default where a document has gold, and with --layer gold (with
--status done: the adjudicated documents) in export, export spacy, train and report."""

from __future__ import annotations

import json

import pytest

from annotator.store import Project
from annotator.ui.adjudication_sample import build_two_reviewer_sample
from tests.commands.test_export_cli import run_cli


@pytest.fixture(scope="module")
def team(tmp_path_factory):
    """Three articles by kim and lee: the first adjudicated (kim's version), the second in progress (the agreed
    entities), the third not adjudicated."""
    path = tmp_path_factory.mktemp("gold") / "team.db"
    ids = build_two_reviewer_sample(path)
    with Project.open(path, "adj") as adj:
        adj.take_layer(ids[0], "kim")
        adj.set_gold_status(ids[0], "adjudicated")
        adj.accept_agreed(ids[1])
        counts = {d: (len(adj.spans(d, "gold")), len(adj.relations(d, "gold"))) for d in ids}
        kim = {d: len(adj.spans(d, "kim")) for d in ids}
        union = len(adj.annotations_in([ids[2]])[ids[2]][0])
    return path, ids, counts, kim, union


def test_export_layer_gold_status_done_is_the_adjudicated_documents(team, tmp_path):
    path, ids, counts, kim, _union = team
    out = tmp_path / "gold.jsonl"
    result = run_cli("export", "doccano", "--db", str(path), "--reviewer", "adj", "--layer", "gold",
                     "--out", str(out), "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["documents"] == 1 and summary["spans"] == counts[ids[0]][0] == kim[ids[0]]
    assert summary["relations"] == counts[ids[0]][1] > 0


def test_default_export_takes_gold_where_it_exists_and_the_reviewers_elsewhere(team, tmp_path):
    path, ids, counts, _kim, union = team
    out = tmp_path / "all.jsonl"
    result = run_cli("export", "doccano", "--db", str(path), "--reviewer", "adj", "--status", "all",
                     "--out", str(out), "--json")
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [len(r["entities"]) for r in rows] == [counts[ids[0]][0], counts[ids[1]][0], union]


def test_spacy_export_and_report_read_gold(team, tmp_path):
    path, ids, counts, _kim, _union = team
    result = run_cli("export", "spacy", "--db", str(path), "--reviewer", "adj", "--layer", "gold",
                     "--out", str(tmp_path / "corpus"), "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["documents"] == 1 and summary["entities_exported"] + summary.get("entities_skipped", 0) \
        == counts[ids[0]][0]
    result = run_cli("report", "--db", str(path), "--reviewer", "adj", "--layer", "gold",
                     "--out", str(tmp_path / "r.xlsx"), "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["entities"] == counts[ids[0]][0] + counts[ids[1]][0]


def test_stats_count_the_gold_statuses(team):
    path, *_ = team
    result = run_cli("stats", "--db", str(path), "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["by_gold_status"] == {"new": 1, "in_progress": 1, "adjudicated": 1}


def test_train_takes_the_layer_and_names_a_wrong_one(team, tmp_path):
    path, *_ = team
    result = run_cli("train", "--db", str(path), "--layer", "park", "--out", str(tmp_path / "m"), "--max-steps", "1")
    assert result.returncode != 0 and "no annotation layer named 'park'" in result.stderr


def test_training_scope_gold_counts_the_adjudicated_gold(team):
    from annotator.nlp.train import scope_doc_ids, training_summary

    path, ids, counts, _kim, _union = team
    with Project.open(path, "adj", read_only=True) as project:
        assert scope_doc_ids(project, "gold") == [ids[0]]
        summary = training_summary(project, "gold")
        assert summary["documents"] == 1 and summary["entities"] == counts[ids[0]][0]
