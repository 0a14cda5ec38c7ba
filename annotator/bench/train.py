"""Training responsiveness on the KLUE-NER dev set (when ../shared has it): what the user of Tools ▸ Train feels.

train_first_step_s      from the start of train_ner until the first training step is reported (export, Kiwi,
                        spaCy initialisation), on train_documents documents
train_cancel_s          from the moment cancel() first answers True (at step 30) until train_ner returns with the
                        best model so far saved (goal <= 2)
train_cancel_kept_model whether that model folder loads as a spaCy pipeline
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from annotator.bench.spacy import KLUE_DEV, _import_klue

DOCUMENTS = 600
CANCEL_AT_STEP = 30


def run(*, scale: int) -> dict:
    figures: dict = {"train_documents": None, "train_first_step_s": None, "train_cancel_s": None,
                     "train_cancel_kept_model": None}
    if not KLUE_DEV.is_file():
        return figures
    from annotator.nlp.train import train_ner
    from annotator.store import Project

    with tempfile.TemporaryDirectory(prefix="annotator-bench-train-") as tmp:
        with Project.open(Path(tmp) / "klue.db", "bench") as project:
            _import_klue(project)
            ids = project.labelled_document_ids()[:DOCUMENTS]
            for doc_id in ids:
                project.set_status(doc_id, "done")
            figures["train_documents"] = len(ids)
            started = time.perf_counter()
            marks: dict[str, float] = {}

            def progress(_fraction: float, message: str) -> None:
                if message.startswith("step ") and "first" not in marks:
                    marks["first"] = time.perf_counter()
                if message.startswith(f"step {CANCEL_AT_STEP} "):
                    marks.setdefault("step", time.perf_counter())

            def cancel() -> bool:
                if "step" in marks:
                    marks.setdefault("cancel", time.perf_counter())
                    return True
                return False

            out = Path(tmp) / "model"
            result = train_ner(project, out_dir=out, progress=progress, cancel=cancel, eval_frequency=10)
            ended = time.perf_counter()
    figures["train_first_step_s"] = round(marks["first"] - started, 2) if "first" in marks else None
    figures["train_cancel_s"] = round(ended - marks["cancel"], 2) if "cancel" in marks else None
    figures["train_cancel_kept_model"] = result.get("model_dir") is not None and result.get("stopped") == "cancelled"
    return figures
