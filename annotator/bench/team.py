"""Team figures (`annotator bench --only team`, opt-in): merge two reviewers' files and measure agreement.

Two reviewer files of `scale` (default 10,000 when run through bench's default scale of 2000: the issue's size)
synthetic ~3 KB documents each, made as a team would make them: a coordinator project with the documents,
`annotator assign` to kim and lee with every document shared, then each reviewer's layer filled with ~10
entities and 3 relations a document (lee keeps 90% of them, so the two disagree a little). Timed as whole CLI
processes with their own peak RSS:

  team_merge_s / team_merge_peak_rss_mb       `annotator merge kim lee --into team` (goal <= 10 s, <= 300 MB),
                                              the search index of the 10k new documents included
  team_merge_index_later_s                    the same with `--index later` (what the app's merge dialog does:
                                              its window indexes in the background afterwards)
  team_merge_again_s                          merging the same two files again (idempotent: nothing written)
  team_agreement_s / team_agreement_peak_rss_mb  `annotator agreement --db team --json` (goal <= 5 s)
"""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path

OPT_IN = True
DOCUMENTS = 10_000


def _fill_layer(path: Path, reviewer: str, keep: float, seed: int) -> int:
    """Copy the import layer's entities (a share `keep` of them) into the reviewer's own layer."""
    from annotator.store import Project

    rng = random.Random(seed)
    copied = 0
    with Project.open(path, reviewer) as project:
        doc_ids = project.document_ids()
        for i in range(0, len(doc_ids), 200):
            ids = [s.id for d in doc_ids[i:i + 200] for s in project.spans(d, "import:bench") if rng.random() < keep]
            spans, _ = project.copy_spans(ids)
            copied += len(spans)
            for d in doc_ids[i:i + 200]:
                project.set_status(d, "done")
    return copied


def make_reviewer_files(folder: Path, documents: int) -> tuple[Path, Path, dict[str, int]]:
    """The two reviewers' files (kim, lee) of `documents` shared documents, and how many entities each labelled."""
    from annotator.bench.export import synthetic_document
    from annotator.core.team import plan_assignment
    from annotator.store import Project
    from annotator.store.team import write_assignment

    rng = random.Random(5)
    with Project.open(folder / "coordinator.db", "coordinator") as project:
        docs = []
        for n in range(documents):
            doc = synthetic_document(n, rng)
            doc.origin = f"bench:{n + 1}"
            docs.append(doc)
        project.add_documents(docs)
        plan = plan_assignment(project.document_ids(), ["kim", "lee"], overlap=1.0)
        kim, lee = write_assignment(project, plan, folder / "out")
    spans = {"kim": _fill_layer(kim, "kim", 1.0, 1), "lee": _fill_layer(lee, "lee", 0.9, 2)}
    return kim, lee, spans


def run(*, scale: int) -> dict:
    from annotator.bench.peer import timed_cli

    documents = DOCUMENTS if scale == 2000 else scale
    with tempfile.TemporaryDirectory(prefix="annotator-team-") as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        kim, lee, spans = make_reviewer_files(folder, documents)
        setup = time.perf_counter() - started
        merge_s, merge_rss = timed_cli(["merge", str(kim), str(lee), "--into", str(folder / "team.db")], cwd=folder)
        later_s, _ = timed_cli(["merge", str(kim), str(lee), "--into", str(folder / "team-later.db"), "--index",
                                "later"], cwd=folder)
        again_s, _ = timed_cli(["merge", str(kim), str(lee), "--into", str(folder / "team.db")], cwd=folder)
        agree_s, agree_rss = timed_cli(["agreement", "--db", str(folder / "team.db"), "--json"], cwd=folder)
    return {
        "team_documents": documents, "team_spans_kim": spans["kim"], "team_spans_lee": spans["lee"],
        "team_setup_s": round(setup, 1),
        "team_merge_s": round(merge_s, 2), "team_merge_peak_rss_mb": round(merge_rss, 1),
        "team_merge_index_later_s": round(later_s, 2), "team_merge_again_s": round(again_s, 2),
        "team_agreement_s": round(agree_s, 2), "team_agreement_peak_rss_mb": round(agree_rss, 1),
    }
