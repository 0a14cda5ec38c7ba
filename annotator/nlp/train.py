"""In-app NER training through spaCy's Python API (CPU), with progress, cancel and a time limit.

The project's documents are exported exactly as `annotator export spacy` does (same DocBin, same config),
then spaCy's own training step iterator runs; the best checkpoint is written to out_dir, which
`spacy.load(out_dir)` loads, together with metrics.json (per-label P/R/F1 on the dev split).
"""

from __future__ import annotations

import json
import math
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

METRICS_FILE = "metrics.json"


class TrainingError(ValueError):
    """Training cannot start (no documents, no entities); the message is meant for the user."""


# Which documents to learn from: marked done by this reviewer, done by anyone, or every document with entities.
TRAIN_SCOPES = ("mine", "anyone", "labelled", "gold")
# Below these, a model learns little and its dev figures mean little: the user is told, with the numbers.
MIN_TRAIN_DOCUMENTS = 20
MIN_DEV_DOCUMENTS = 5
MIN_ENTITIES = 200
MIN_PER_LABEL = 10


def scope_doc_ids(project, scope: str) -> list[int]:
    if scope == "mine":
        return project.document_ids("done")
    if scope == "anyone":
        return project.document_ids_done_by_anyone()
    if scope == "labelled":
        return project.labelled_document_ids()
    if scope == "gold":  # the adjudicated documents, read from their gold layer
        return sorted(project.adjudicated_ids())
    raise ValueError(f"scope must be one of {', '.join(TRAIN_SCOPES)}, not {scope!r}")


def training_summary(project, scope: str, split: float = 0.8) -> dict[str, Any]:
    """What a training run on scope would learn from, before it starts: documents, the expected train/dev
    split, entities per label, and warnings (with the numbers) when that is too little."""
    ids = scope_doc_ids(project, scope)
    per_label = _gold_label_counts(project, ids) if scope == "gold" else project.entity_label_counts(ids)
    n = len(ids)
    dev = n - max(1, min(n - 1, round(n * split))) if n > 1 else 0
    summary = {"scope": scope, "documents": n, "train_documents": n - dev, "dev_documents": dev,
               "entities": sum(per_label.values()), "per_label": dict(sorted(per_label.items()))}
    summary["warnings"] = scope_warnings(summary)
    return summary


def _gold_label_counts(project, doc_ids: list[int]) -> dict[str, int]:
    from collections import Counter

    counts: Counter[str] = Counter()
    for i in range(0, len(doc_ids), 500):
        for spans, _relations in project.annotations_in(doc_ids[i:i + 500], "gold").values():
            counts.update(s.label for s in spans)
    return dict(counts)


def scope_warnings(summary: dict[str, Any]) -> list[str]:
    """English sentences with the numbers (the CLI and metrics.json); warning_facts gives them to translate."""
    def docs(n: int) -> str:
        return f"{n} document" if n == 1 else f"{n} documents"

    texts = {
        "few_train": lambda f: f"only {docs(f['n'])} to train on (at least {f['min']} are needed to learn much)",
        "few_dev": lambda f: f"only {docs(f['n'])} to evaluate on: the scores are not reliable (at least {f['min']})",
        "few_entities": lambda f: f"only {f['n']} entities in all (at least {f['min']} are needed)",
        "rare_labels": lambda f: f"labels with fewer than {f['min']} examples: {f['labels']}",
    }
    return [texts[code](facts) for code, facts in warning_facts(summary)]


def warning_facts(summary: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(code, numbers) of each reason why there is too little to learn from."""
    facts = []
    if summary["train_documents"] < MIN_TRAIN_DOCUMENTS:
        facts.append(("few_train", {"n": summary["train_documents"], "min": MIN_TRAIN_DOCUMENTS}))
    if summary["dev_documents"] < MIN_DEV_DOCUMENTS:
        facts.append(("few_dev", {"n": summary["dev_documents"], "min": MIN_DEV_DOCUMENTS}))
    if summary["entities"] < MIN_ENTITIES:
        facts.append(("few_entities", {"n": summary["entities"], "min": MIN_ENTITIES}))
    rare = [f"{label} {n}" for label, n in summary["per_label"].items() if n < MIN_PER_LABEL]
    if rare:
        facts.append(("rare_labels", {"min": MIN_PER_LABEL, "labels": ", ".join(rare)}))
    return facts


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
    scope: str | None = None,
    base_model: str | Path | None = None,
    layer: str | None = None,
) -> dict[str, Any]:
    """Train an NER model on the project's documents; returns the metrics written to out_dir/metrics.json.

    project_or_db is an open Project or a database path (opened as `reviewer`, whose statuses count). max_steps / eval_frequency override the config's
    (20000 / 200). Stops at max_steps, when the dev score stops improving (patience), after max_minutes,
    or when cancel() returns True; the best model evaluated so far is saved in every case but the last
    one before any evaluation. The result's "stopped" says which. user_words: the project's entity strings
    become Kiwi user words of the tokenizer, in training and in the saved model's config (see export_spacy).
    scope (TRAIN_SCOPES) picks the documents instead of status: done by this reviewer, by anyone, all
    documents with entities, or the adjudicated ones (their gold layer). The result carries "warnings" when there is too little to learn from.
    base_model: start from this spaCy model's tok2vec and ner ("base": the shipped KLUE model) instead of
    from scratch; labels it lacks are added as training meets them. layer: the annotation layers to learn
    from (Project.annotations_in; "gold" with status done: the adjudicated documents).
    """
    from annotator.store import Project

    if isinstance(project_or_db, (str, Path)):
        with Project.open(project_or_db, reviewer) as project:
            return train_ner(project, out_dir=out_dir, max_minutes=max_minutes, seed=seed, split=split,
                             status=status, progress=progress, cancel=cancel, max_steps=max_steps,
                             eval_frequency=eval_frequency, user_words=user_words, scope=scope,
                             base_model=base_model, layer=layer)
    from annotator.nlp.spacy_export import CONFIG_FILE, DEV_FILE, TRAIN_FILE, export_spacy
    from annotator.nlp.config import config_user_words

    started = time.monotonic()
    out = Path(out_dir).expanduser()
    _check_out_dir(out)
    sourced = base_model_overrides(base_model) if base_model is not None else {}  # checked before any work
    with tempfile.TemporaryDirectory(prefix="annotator-train-") as corpus_dir:
        doc_ids = None
        if scope is not None:
            doc_ids, status = scope_doc_ids(project_or_db, scope), "all"
            if scope == "gold":
                layer = "gold"
        if progress is not None:
            progress(0.0, "loading the tokenizer and exporting the documents")
        report = export_spacy(project_or_db, out_dir=corpus_dir, split=split, seed=seed, status=status,
                              doc_ids=doc_ids, progress=_scaled(progress, 0.0, 0.1), cancel=cancel,
                              user_words=user_words, layer=layer)
        if report.cancelled:
            return {"stopped": "cancelled", "model_dir": None, "export": report.to_dict()}
        if report.documents == 0 and scope is not None:
            raise TrainingError(f"no documents in scope {scope!r} to train on")
        if report.documents == 0:
            hint = " (--status all trains on every document)" if status == "done" else ""
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
        overrides.update(sourced)
        deadline = started + max_minutes * 60 if max_minutes else math.inf
        # The words exactly as exported, so the DocBins and the model's tokenizer agree.
        words = config_user_words(Path(corpus_dir) / CONFIG_FILE)
        if progress is not None:
            progress(0.1, "initialising the model and the tokenizer")
        result = _run_training(overrides, seed, out, deadline, _scaled(progress, 0.1, 0.98), cancel, words)
    result["base_model"] = None if base_model is None else str(base_model)
    result["summary"] = {
        "train_documents": report.train_documents, "dev_documents": report.dev_documents,
        "entities": report.entities_exported,
        "per_label": _gold_label_counts(project_or_db, doc_ids) if scope == "gold" else
        project_or_db.entity_label_counts(doc_ids if doc_ids is not None else
                                          scope_doc_ids(project_or_db, "mine" if status == "done" else "labelled"))}
    result["warnings"] = scope_warnings(result["summary"])
    result["export"] = {k: report.to_dict()[k] for k in (
        "documents", "train_documents", "dev_documents", "entities_total", "entities_exported",
        "entities_split", "entities_not_placed", "user_words", "notes")}
    result["seconds"] = round(time.monotonic() - started, 1)
    if result["model_dir"] is not None:
        (out / METRICS_FILE).write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    if progress is not None:
        progress(1.0, f"stopped: {result['stopped']}")
    return result


def base_model_overrides(base_model: str | Path) -> dict[str, Any]:
    """Config overrides that source tok2vec and ner from a trained pipeline (spaCy resumes their training)."""
    from annotator.nlp.suggest.model import BASE, base_model_dir

    folder = base_model_dir() if str(base_model) == BASE else Path(base_model).expanduser()
    if not (folder / "meta.json").is_file():
        raise TrainingError(f"{folder}: not a spaCy model folder to start from (no meta.json)")
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    missing = {"tok2vec", "ner"} - set(meta.get("pipeline") or [])
    if missing:
        raise TrainingError(f"{folder}: the model has no {', '.join(sorted(missing))} component to start from")
    return {"components.tok2vec": {"source": str(folder)}, "components.ner": {"source": str(folder)}}


def train_docbins(train_path, dev_path, *, out_dir, seed: int = 0, overrides: dict[str, Any] | None = None,
                  max_minutes: float | None = None, progress=None, cancel=None, meta: dict | None = None) -> dict[str, Any]:
    """Train on DocBin files made elsewhere (the base model script), with config overrides; returns the
    result of the training loop (stopped, steps, best_step, ents_p/r/f on dev_path, per_label)."""
    out = Path(out_dir).expanduser()
    _check_out_dir(out)
    settings = {"paths.train": str(train_path), "paths.dev": str(dev_path), **(overrides or {})}
    deadline = time.monotonic() + max_minutes * 60 if max_minutes else math.inf
    return _run_training(settings, seed, out, deadline, progress, cancel, [], meta=meta)


def _run_training(overrides, seed, out: Path, deadline: float, progress, cancel, user_words,
                  meta: dict | None = None) -> dict[str, Any]:
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
    patience = int(T["patience"] or 0)
    started = time.monotonic()
    best_bytes, best_score, best_step, best_scores, step, epoch = None, -1.0, None, None, 0, 0
    fraction = 0.0
    stopped = "finished"
    if cancel is not None and cancel():
        return {"stopped": "cancelled", "steps": 0, "epochs": 0, "best_step": None, "model_dir": None}
    last_score, evaluations = None, 0
    for _batch, info, is_best in steps:
        step, epoch = info["step"], info["epoch"]
        if info.get("score") is not None:  # spaCy reports a score only on the steps it evaluates
            last_score, evaluations = info["score"], evaluations + 1
        if is_best:
            best_bytes, best_score, best_step = nlp.to_bytes(), info["score"], step
            best_scores = info.get("other_scores") or {}
        if progress is not None:
            # Training ends at max_steps or, earlier, after `patience` steps without a better dev score.
            ends = [step / max_steps if max_steps else 0.0]
            if deadline != math.inf:
                ends.append((time.monotonic() - started) / (deadline - started))
            if patience and best_step is not None:
                ends.append(step / (best_step + patience))
            fraction = max(fraction, min(1.0, max(ends)))
            progress(fraction, _progress_text(step, max_steps, evaluations, last_score, best_score, best_step))
        if cancel is not None and cancel():
            stopped = "cancelled"  # at once: the best model so far is kept, no further evaluation
            break
        if time.monotonic() >= deadline:
            stopped = "time limit"
            break
    if stopped == "time limit" and step != best_step:
        score, scores = evaluate()  # the last steps may beat the last checkpoint
        if score > best_score or best_bytes is None:
            best_bytes, best_score, best_step, best_scores = nlp.to_bytes(), score, step, scores
    result: dict[str, Any] = {"stopped": stopped, "steps": step, "epochs": epoch, "best_step": best_step,
                              "model_dir": None}
    if best_bytes is None:
        return result
    nlp.from_bytes(best_bytes)
    scores = best_scores or {}
    support = _label_support(nlp, dev_corpus)
    per_label = {
        label: {"p": round(v["p"], 4), "r": round(v["r"], 4), "f": round(v["f"], 4), "support": support.get(label, 0)}
        for label, v in sorted((scores.get("ents_per_type") or {}).items())
    }
    for label, n in sorted(support.items()):  # labels in dev the model never predicted still get a row
        per_label.setdefault(label, {"p": 0.0, "r": 0.0, "f": 0.0, "support": n})
    metrics = {
        "ents_p": round(scores.get("ents_p") or 0.0, 4),
        "ents_r": round(scores.get("ents_r") or 0.0, 4),
        "ents_f": round(scores.get("ents_f") or 0.0, 4),
        "support": sum(support.values()),
        "per_label": dict(sorted(per_label.items())),
    }
    nlp.meta["name"] = nlp.meta.get("name") or "annotator_ner"
    nlp.meta["performance"] = {k: metrics[k] for k in ("ents_p", "ents_r", "ents_f")}
    nlp.meta["requirements"] = ["annotator"]
    nlp.meta.update(meta or {})
    _save_pipeline(nlp, out)
    result.update(metrics)
    result["model_dir"] = str(out)
    return result


def _progress_text(step, max_steps, evaluations, score, best_score, best_step) -> str:
    text = f"step {step}" + (f" of at most {max_steps}" if max_steps else "") + f" · evaluation {evaluations}"
    if score is not None and best_step is not None:
        text += f" · dev F1 {score:.3f} (best {best_score:.3f} at step {best_step})"
    return text


def _label_support(nlp, corpus) -> dict[str, int]:
    """Gold entities per label in a corpus (the dev split: each label's support)."""
    counts: dict[str, int] = {}
    for example in corpus(nlp):
        for ent in example.reference.ents:
            counts[ent.label_] = counts.get(ent.label_, 0) + 1
    return dict(sorted(counts.items()))


def _check_out_dir(out: Path) -> None:
    """out is replaced by the new model: refuse a folder that holds anything but an earlier model."""
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / "meta.json").is_file())):
        raise TrainingError(f"{out} exists and is not a model folder; choose an empty or new folder")


def _save_pipeline(nlp, out: Path) -> None:
    """Write into a sibling temp dir, then swap, so a failed or killed save never leaves half a model in
    out (_check_out_dir has made sure out holds nothing but an earlier model)."""
    from annotator.io.exporters.atomic import atomic_output

    with atomic_output(out, folder=True, owns=lambda name: True) as staging:
        nlp.to_disk(staging)