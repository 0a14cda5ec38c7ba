"""A real, short spaCy NER training run on a KLUE-derived fixture, and loading its result."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

import pytest
import spacy

from annotator.core import korean
from annotator.io.exporters.spacy_docbin import export_spacy
from annotator.nlp.train import METRICS_FILE, TrainingError, train_ner
from tests.klue_fixture import load_klue_project


@pytest.fixture(autouse=True, scope="module")
def _no_user_words():
    korean.clear_user_words()


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
    assert all(set(v) == {"p", "r", "f"} for v in metrics["per_label"].values())
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
