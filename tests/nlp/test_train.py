"""A real, short spaCy NER training run on a KLUE-derived fixture, and loading its result."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

import pytest
import spacy

from annotator.nlp.spacy_export import export_spacy
from annotator.nlp.train import METRICS_FILE, TrainingError, train_ner
from tests.klue_fixture import load_klue_project


def test_short_training_run_writes_a_loadable_model_and_metrics(project, tmp_path):
    load_klue_project(project, limit=60)
    seen = []
    out = tmp_path / "model"
    result = train_ner(project, out_dir=out, max_steps=6, eval_frequency=3, seed=1,
                       progress=lambda f, m: seen.append((f, m)))
    assert result["stopped"] == "finished" and result["steps"] == 6
    assert result["model_dir"] == str(out)
    metrics = json.loads((out / METRICS_FILE).read_text(encoding="utf-8"))
    assert metrics["export"]["documents"] == 60 and metrics["export"]["dev_documents"] == 12
    assert set(metrics["per_label"]) <= {"PS", "LC", "OG", "DT", "TI", "QT"} and metrics["per_label"]
    assert all(set(v) == {"p", "r", "f", "support"} for v in metrics["per_label"].values())
    assert sum(v["support"] for v in metrics["per_label"].values()) == metrics["support"] > 0
    assert any("evaluation" in m and "dev F1" in m for _f, m in seen)
    assert 0.0 <= metrics["ents_f"] <= 1.0
    fractions = [f for f, _m in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    nlp = spacy.load(out)
    assert nlp.pipe_names == ["tok2vec", "ner"]
    assert set(nlp.get_pipe("ner").labels) == {"PS", "LC", "OG", "DT", "TI", "QT"}
    text = "경찰은 서울에서 박씨를 만났다."
    doc = nlp(text)
    assert doc.text == text and "경찰" in [t.text for t in doc]
    # A second run may replace the earlier model in the same folder.
    again = train_ner(project, out_dir=out, max_steps=2, eval_frequency=1)
    assert again["model_dir"] == str(out) and again["steps"] == 2


def test_cancel_and_time_limit(project, tmp_path):
    load_klue_project(project, limit=20)
    cancelled = train_ner(project, out_dir=tmp_path / "c", cancel=lambda: True)
    assert cancelled["stopped"] == "cancelled" and cancelled["model_dir"] is None
    assert not (tmp_path / "c").exists()
    timed = train_ner(project, out_dir=tmp_path / "t", max_minutes=1e-6, eval_frequency=1000)
    assert timed["stopped"] == "time limit" and timed["steps"] <= 1
    assert spacy.load(tmp_path / "t").pipe_names == ["tok2vec", "ner"]


def test_refuses_bad_input(project, tmp_path):
    with pytest.raises(TrainingError, match="no documents"):
        train_ner(project, out_dir=tmp_path / "m")
    load_klue_project(project, limit=3)
    folder = tmp_path / "precious"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(TrainingError, match="not a model folder"):
        train_ner(project, out_dir=folder)
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_spacy_train_cli_runs_on_the_export(project, tmp_path):
    load_klue_project(project, limit=30)
    out = tmp_path / "export"
    report = export_spacy(project, out_dir=out, user_words=True)  # user words in config.cfg, read by spaCy too
    assert report.user_words > 0
    command = [sys.executable, "-m", "spacy", "train", str(out / "config.cfg"), "--code", str(out / "korean_tokenizer.py"),
               "--paths.train", str(out / "train.spacy"), "--paths.dev", str(out / "dev.spacy"),
               # only to keep the test short:
               "--output", str(tmp_path / "trained"), "--training.max_steps", "2", "--training.eval_frequency", "1"]
    run = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    trained = spacy.load(tmp_path / "trained" / "model-best")
    assert trained("경찰은").text == "경찰은"
    assert len(trained.tokenizer.user_words) == report.user_words


def test_train_command(project, db_path, tmp_path, capsys):
    from annotator.commands import train as command

    parser = argparse.ArgumentParser()
    command.register(parser.add_subparsers())
    args = parser.parse_args(["train", "--db", str(db_path), "--reviewer", "tester", "--out", str(tmp_path / "m")])
    assert args.func(args) == 1
    assert "no documents" in capsys.readouterr().err
    load_klue_project(project, limit=10)
    args = parser.parse_args(["train", "--db", str(db_path), "--reviewer", "tester", "--out", str(tmp_path / "m"),
                              "--max-steps", "2", "--json"])
    assert args.func(args) == 0
    assert json.loads(capsys.readouterr().out)["steps"] == 2


def test_training_can_start_from_the_base_model(project, tmp_path):
    load_klue_project(project, limit=40)
    out = tmp_path / "from-base"
    result = train_ner(project, out_dir=out, max_steps=2, eval_frequency=1, base_model="base")
    assert result["model_dir"] == str(out) and result["base_model"] == "base"
    nlp = spacy.load(out)
    labels = set(nlp.get_pipe("ner").labels)
    assert {"ORG", "PERSON", "DATE"} <= labels  # kept from the base model
    assert {"PS", "OG"} <= labels  # the project's own labels, added while training
    with pytest.raises(TrainingError, match="not a spaCy model folder"):
        train_ner(project, out_dir=tmp_path / "x", max_steps=1, base_model=tmp_path)


def test_cancel_keeps_the_best_model_so_far_without_another_evaluation(project, tmp_path, monkeypatch):
    """Cancel stops at the next step: no step and no evaluation after it, the best evaluated model is saved."""
    import spacy.training.loop as loop

    load_klue_project(project, limit=30)
    evaluations = []
    real = loop.create_evaluation_callback

    def counting(*args, **kwargs):
        evaluate = real(*args, **kwargs)

        def wrapped():
            evaluations.append(1)
            return evaluate()
        return wrapped

    monkeypatch.setattr(loop, "create_evaluation_callback", counting)
    steps_seen = []

    def progress(_f, message):
        if message.startswith("step "):
            steps_seen.append(int(message.split()[1]))

    def cancel():
        return bool(steps_seen) and steps_seen[-1] >= 5

    out = tmp_path / "m"
    result = train_ner(project, out_dir=out, max_steps=1000, eval_frequency=2, progress=progress, cancel=cancel)
    assert result["stopped"] == "cancelled"
    assert result["steps"] == 5 == steps_seen[-1]  # stopped at the step where cancel was seen
    assert len(evaluations) == 5 // 2 + 1  # steps 0, 2, 4: none after the cancel
    assert result["best_step"] in (0, 2, 4) and result["model_dir"] == str(out)
    assert spacy.load(out).pipe_names == ["tok2vec", "ner"]
    assert json.loads((out / METRICS_FILE).read_text(encoding="utf-8"))["stopped"] == "cancelled"


def test_scopes_and_warnings_with_numbers(project, tmp_path):
    from annotator.nlp.train import training_summary

    load_klue_project(project, limit=12)
    ids = project.document_ids()
    summary = training_summary(project, "labelled")
    assert summary["documents"] == len(project.labelled_document_ids()) > 0
    assert summary["entities"] == sum(summary["per_label"].values())
    assert any(f"only {summary['train_documents']} documents to train on" in w for w in summary["warnings"])
    before = training_summary(project, "anyone")["documents"]
    project.set_reviewer("lee")
    project.set_status(ids[0], "done")
    anyone = training_summary(project, "anyone")
    assert training_summary(project, "mine")["documents"] == 1  # lee's own
    assert anyone["documents"] == len(set(project.document_ids_done_by_anyone())) >= max(1, before)
    result = train_ner(project, out_dir=tmp_path / "m", scope="labelled", max_steps=2, eval_frequency=1)
    assert result["export"]["documents"] == summary["documents"]
    assert result["warnings"] and any("documents to evaluate on" in w for w in result["warnings"])
