"""annotator agreement on a project with two reviewers (and an imported labelled layer)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from annotator.core.agreement import compute_agreement
from annotator.core.model import NewDocument
from annotator.store import Project, ProjectError
from annotator.store.agreement_queries import agreement_documents, agreement_layers

TEXT = "중소벤처기업부는 충청북도를 규제자유특구로 지정했다."


def _two_reviewer_project(path):
    with Project.open(path, "kim") as project:
        ids = project.add_documents([NewDocument(text=TEXT, title="충북 특구"),
                                     NewDocument(text=TEXT + " 두 번째", title="둘"),
                                     NewDocument(text="오기웅 차관이 방문했다.", title="셋")]).imported
        doc = ids[0]
        project.add_span(doc, 0, 7, "ORG")
        project.add_span(doc, 9, 13, "LOC")
        project.add_span(doc, 15, 21, "ZONE")
        project.set_status(doc, "done")
        project.add_span(ids[2], 0, 3, "PERSON")
        project.set_status(ids[2], "done")  # only kim finished this one: not compared
        project.set_reviewer("lee")
        project.add_span(doc, 0, 7, "ORG")
        project.add_span(doc, 9, 14, "LOC")  # "충청북도를": one character longer
        project.set_status(doc, "done")
    return ids


def test_reviewers_on_the_documents_both_finished(tmp_path):
    path = tmp_path / "team.db"
    ids = _two_reviewer_project(path)
    with Project.open(path, "kim") as project:
        chosen = agreement_layers(project)
        docs = list(agreement_documents(project, chosen))
    assert [d.doc_id for d in docs] == [ids[0]]
    assert sorted(docs[0].layers) == ["kim", "lee"]
    report = compute_agreement(docs).to_dict()
    pair = report["pairs"][0]
    assert pair["exact"]["f1"] == pytest.approx(2 * 1 / (3 + 2), abs=1e-4)  # ORG only
    assert pair["overlap"]["f1"] == pytest.approx(2 * 2 / (3 + 2), abs=1e-4)  # ORG and LOC
    assert report["documents"] == 1 and report["krippendorff_alpha"] is not None


def test_layers_option_and_unknown_names(tmp_path):
    path = tmp_path / "team.db"
    _two_reviewer_project(path)
    with Project.open(path, "kim") as project:
        assert [n for _, n, _ in agreement_layers(project, layers=["lee", "kim"])] == ["lee", "kim"]
        assert [n for _, n, _ in agreement_layers(project, reviewers=["lee"])] == ["lee"]
        with pytest.raises(ProjectError, match="no annotation layer named 'nobody'"):
            agreement_layers(project, layers=["nobody", "kim"])


def _cli(*args, cwd):
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANNOTATOR_")}
    return subprocess.run([sys.executable, "-m", "annotator", *args], capture_output=True, text=True, env=env,
                          cwd=cwd, timeout=300)


def test_cli_text_and_json(tmp_path):
    path = tmp_path / "team.db"
    _two_reviewer_project(path)
    done = _cli("agreement", "--db", str(path), "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["layers"] == ["kim", "lee"] and data["unit"] == "non-whitespace character"
    text = _cli("agreement", "--db", str(path), cwd=tmp_path)
    assert text.returncode == 0, text.stderr
    assert "kim × lee" in text.stdout and "Krippendorff's alpha" in text.stdout and "충북 특구" in text.stdout
    only_lee = _cli("agreement", "--db", str(path), "--reviewers", "lee", cwd=tmp_path)
    assert only_lee.returncode == 1 and "no document is covered" in only_lee.stderr
