"""In-app NER training through spaCy's Python API (CPU), with progress, cancel and a time limit.

The project's documents are exported exactly as `annotator export spacy` does (same DocBin, same config),
then spaCy's own training step iterator runs; the best checkpoint is written to out_dir, which
`spacy.load(out_dir)` loads, together with metrics.json (per-label P/R/F1 on the dev split).
"""

from __future__ import annotations

import json
import math
import random
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

METRICS_FILE = "metrics.json"


class TrainingError(ValueError):
    """Training cannot start (no documents, no entities); the message is meant for the user."""


def _scaled(progress, low: float, high: float):
    if progress is None:
        return None
    return lambda fraction, message: progress(low + (high - low) * max(0.0, min(1.0, fraction)), message)


def train_ner(
    project_or_db,
    *,
    out_dir,
    max_minutes: float | None = None,
    seed: int = 0,
    split: float = 0.8,
    status: str = "done",
    progress: Callable[[float, str], None] | None = None,
    cancel: Callable[[], bool] | None = None,
    max_steps: int | None = None,
    eval_frequency: int | None = None,
    reviewer: str | None = None,
    user_words: bool = False,
) -> dict[str, Any]:
    """Train an NER model on the project's documents; returns the metrics written to out_dir/metrics.json.

    project_or_db is an open Project or a database path (opened as `reviewer`, whose statuses count). max_steps / eval_frequency override the config's
    (20000 / 200). Stops at max_steps, when the dev score stops improving (patience), after max_minutes,
    or when cancel() returns True; the best model evaluated so far is saved in every case but the last
    one before any evaluation. The result's "stopped" says which. user_words: the project's entity strings
    become Kiwi user words of the tokenizer, in training and in the saved model's config (see export_spacy).
    """
    from annotator.store import Project

    if isinstance(project_or_db, (str, Path)):
        with Project.open(project_or_db, reviewer) as project:
            return train_ner(project, out_dir=out_dir, max_minutes=max_minutes, seed=seed, split=split,
                             status=status, progress=progress, cancel=cancel, max_steps=max_steps,
                             eval_frequency=eval_frequency, user_words=user_words)
    from annotator.nlp.spacy_export import CONFIG_FILE, DEV_FILE, TRAIN_FILE, export_spacy
    from annotator.nlp.config import config_user_words

    started = time.monotonic()
    out = Path(out_dir).expanduser()
    _check_out_dir(out)
    with tempfile.TemporaryDirectory(prefix="annotator-train-") as corpus_dir:
        report = export_spacy(project_or_db, out_dir=corpus_dir, split=split, seed=seed, status=status,
                              progress=_scaled(progress, 0.0, 0.1), cancel=cancel, user_words=user_words)
        if report.cancelled:
            return {"stopped": "cancelled", "model_dir": None, "export": report.to_dict()}
        if report.documents == 0:
            hint = " (use status 'all' to train on every document)" if status == "done" else ""
            raise TrainingError(f"no documents with status {status!r} to train on{hint}")
        if report.entities_exported == 0:
            raise TrainingError("the documents to train on have no entities")
        overrides: dict[str, Any] = {
            "paths.train": str(Path(corpus_dir) / TRAIN_FILE),
            "paths.dev": str(Path(corpus_dir) / DEV_FILE),
        }
        if max_steps is not None:
            overrides["training.max_steps"] = int(max_steps)
        if eval_frequency is not None:
            overrides["training.eval_frequency"] = int(eval_frequency)
        deadline = started + max_minutes * 60 if max_minutes else math.inf
        # The words exactly as exported, so the DocBins and the model's tokenizer agree.
        words = config_user_words(Path(corpus_dir) / CONFIG_FILE)
        result = _run_training(overrides, seed, out, deadline, _scaled(progress, 0.1, 0.98), cancel, words)
    result["export"] = {k: report.to_dict()[k] for k in (
        "documents", "train_documents", "dev_documents", "entities_total", "entities_exported",
        "entities_split", "entities_not_placed", "user_words", "notes")}
    result["seconds"] = round(time.monotonic() - started, 1)
    if result["model_dir"] is not None:
        (out / METRICS_FILE).write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    if progress is not None:
        progress(1.0, f"stopped: {result['stopped']}")
    return result


def _run_training(overrides, seed, out: Path, deadline: float, progress, cancel, user_words) -> dict[str, Any]:
    import spacy  # noqa: F401  (registers spaCy's functions before the config is resolved)
    from spacy.schemas import ConfigSchemaTraining
    from spacy.training.initialize import init_nlp
    from spacy.training.loop import create_evaluation_callback, create_train_batches, train_while_improving
    from spacy.util import registry, resolve_dot_names
    from thinc.api import fix_random_seed

    import annotator.nlp.spacy_tokenizer  # noqa: F401  (registers the tokenizer when not installed)
    from annotator.nlp.config import load_config

    config = load_config(seed=seed, overrides=overrides, user_words=user_words)
    fix_random_seed(seed)
    random.seed(seed)
    nlp = init_nlp(config, use_gpu=-1)
    config = nlp.config.interpolate()
    T = registry.resolve(config["training"], schema=ConfigSchemaTraining)
    train_corpus, dev_corpus = resolve_dot_names(config, [T["train_corpus"], T["dev_corpus"]])
    optimizer = T["optimizer"]
    evaluate = create_evaluation_callback(nlp, dev_corpus, T["score_weights"])
    steps = train_while_improving(
        nlp, optimizer, create_train_batches(nlp, train_corpus, T["batcher"], T["max_epochs"]), evaluate,
        dropout=T["dropout"], accumulate_gradient=T["accumulate_gradient"], patience=T["patience"],
        max_steps=T["max_steps"], eval_frequency=T["eval_frequency"], exclude=T["frozen_components"],
        annotating_components=T["annotating_components"], before_update=T["before_update"],
    )
    max_steps = T["max_steps"] or 0
    started = time.monotonic()
    best_bytes, best_score, best_step, step, epoch = None, -1.0, None, 0, 0
    stopped = "finished"
    for _batch, info, is_best in steps:
        step, epoch = info["step"], info["epoch"]
        if is_best:
            best_bytes, best_score, best_step = nlp.to_bytes(), info["score"], step
        if progress is not None:
            by_steps = step / max_steps if max_steps else 0.0
            by_time = (time.monotonic() - started) / (deadline - started) if deadline != math.inf else 0.0
            score = f", dev F {best_score:.3f}" if best_score >= 0 else ""
            progress(max(by_steps, by_time), f"step {step}{score}")
        if cancel is not None and cancel():
            stopped = "cancelled"
            break
        if time.monotonic() >= deadline:
            stopped = "time limit"
            break
    if stopped != "finished" and step != best_step:
        score, _scores = evaluate()  # the last steps may beat the last checkpoint
        if score > best_score or best_bytes is None:
            best_bytes, best_score, best_step = nlp.to_bytes(), score, step
    result: dict[str, Any] = {"stopped": stopped, "steps": step, "epochs": epoch, "best_step": best_step,
                              "model_dir": None}
    if best_bytes is None:
        return result
    nlp.from_bytes(best_bytes)
    scores = nlp.evaluate(dev_corpus(nlp))
    per_label = {
        label: {"p": round(v["p"], 4), "r": round(v["r"], 4), "f": round(v["f"], 4)}
        for label, v in sorted((scores.get("ents_per_type") or {}).items())
    }
    metrics = {
        "ents_p": round(scores.get("ents_p") or 0.0, 4),
        "ents_r": round(scores.get("ents_r") or 0.0, 4),
        "ents_f": round(scores.get("ents_f") or 0.0, 4),
        "per_label": per_label,
    }
    nlp.meta["name"] = nlp.meta.get("name") or "annotator_ner"
    nlp.meta["performance"] = {k: metrics[k] for k in ("ents_p", "ents_r", "ents_f")}
    nlp.meta["requirements"] = ["annotator"]
    _save_pipeline(nlp, out)
    result.update(metrics)
    result["model_dir"] = str(out)
    return result


def _check_out_dir(out: Path) -> None:
    """out is replaced by the new model: refuse a folder that holds anything but an earlier model."""
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / "meta.json").is_file())):
        raise TrainingError(f"{out} exists and is not a model folder; choose an empty or new folder")


def _save_pipeline(nlp, out: Path) -> None:
    """Write into a sibling temp dir, then swap, so a failed save never leaves half a model in out."""
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        nlp.to_disk(staging)
        if out.exists():
            shutil.rmtree(out)
        staging.rename(out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
