"""Throughput of pre-annotation on a project (issue 13): what `annotator suggest --db` does and what a user waits for.

The project: Korean news-like pages of ~3,000 characters made of KLUE-NER sentences (the dev set from ../shared when it is there,
else the repo's copy), a headline line and paragraph lines of two to four sentences, every tenth page imported with
its KLUE entities mapped to the default scheme (klue_base) as the reviewer's labels: the dictionary's strings.
Figures (dictionary + patterns unless named otherwise; docs/s over every page of the project):

  suggest_project_kept_tokens_docs_per_s    in this process, a fresh analyser, up to the suggestions stored:
   (+ _per_cpu_s, _stored_per_doc)          preannotate() as `suggest --db` runs it (documents read with their kept
                                            tokens, labels read, Suggester.suggest, suggestions written: a rerun
                                            replacing the command's), one process; Kiwi is never built (checked)
  suggest_project_engine_docs_per_s         the same batches, Suggester.suggest alone (tokens already in memory)
  suggest_project_cli_first_s / _kept_s     the whole `annotator suggest --db P --status all --sources
                                            dictionary,patterns` process, on a fresh copy (no tokens kept: Kiwi
                                            analyses and keeps them, on both cores), then again (tokens kept),
                                            with _docs_per_s and _cpu_s beside each
"""

from __future__ import annotations

import json
import random
import time
from pathlib import Path

PAGE_CHARS = 3_000  # as bench/suggest.py pages (the bench of issue 13: ~3,000 characters, ~8 KB of UTF-8)
LABELLED_EVERY = 10


def write_pages(folder: Path, documents: int, *, seed: int = 13) -> tuple[Path, Path]:
    """plain.jsonl (the unlabelled pages) and labelled.jsonl (every LABELLED_EVERY-th, with its entities)."""
    from annotator.bench.peer import klue_sentences
    from annotator.nlp.suggest.klue_base import scheme_label

    sentences = klue_sentences()
    rng = random.Random(seed)
    plain, labelled = folder / "plain.jsonl", folder / "labelled.jsonl"
    with open(plain, "w", encoding="utf-8") as plain_file, open(labelled, "w", encoding="utf-8") as labelled_file:
        for i in range(documents):
            text, spans = "", []
            in_line = 0
            while len(text) < PAGE_CHARS:
                sentence, sentence_spans = sentences[rng.randrange(len(sentences))]
                if text:
                    text += " " if in_line else "\n"
                offset = len(text)
                for s, e, tag in sentence_spans:
                    label = scheme_label(tag, sentence[s:e])
                    if label is not None:
                        spans.append([offset + s, offset + e, label])
                text += sentence
                # a headline alone on the first line, then paragraphs of two to four sentences
                in_line = 0 if offset == 0 or in_line + 1 >= rng.randint(2, 4) else in_line + 1
            record = {"id": f"page-{i}", "text": text}
            if i % LABELLED_EVERY == 0:
                labelled_file.write(json.dumps({**record, "label": spans}, ensure_ascii=False) + "\n")
            else:
                plain_file.write(json.dumps(record, ensure_ascii=False) + "\n")
    return plain, labelled


OPT_IN = True  # a minute or more of Kiwi for the first run: only with --only suggest_project
DOCUMENTS = 1_000
SOURCES = "dictionary,patterns"


def _load() -> str:
    try:
        with open("/proc/loadavg", encoding="ascii") as fh:
            return " ".join(fh.read().split()[:3])
    except OSError:
        return ""


def build_project(folder: Path, documents: int) -> Path:
    from annotator.bench.tokens import _cli

    plain, labelled = write_pages(folder, documents)
    db = folder / "suggest.db"
    _cli(["import", labelled.name, "--db", str(db), "--add-labels"], cwd=folder)
    _cli(["import", plain.name, "--db", str(db)], cwd=folder)
    return db


def in_process(db: Path) -> dict:
    """docs/s of dictionary + patterns over every page in this process as `suggest --db` runs them, up to the
    suggestions stored: preannotate() (per batch of PRIME_BATCH the documents read, their kept tokens read and
    decoded, their labels read, Suggester.suggest; every WRITE_BATCH documents the suggestions written, replacing
    the command's of the runs before), Kiwi refused, one process (workers=1), the suggester built before the
    clock starts; and of Suggester.suggest alone on the same batches, their tokens primed beforehand."""
    from annotator.core import korean
    from annotator.io.token_cache import TokenCache
    from annotator.nlp.preannotate import PRIME_BATCH, preannotate, prime_tokens, project_suggester
    from annotator.store import Project

    analyser = korean.default_analyser()
    with Project.open(db, "bench") as project:
        suggester = project_suggester(project, sources=SOURCES).suggester
        ids = project.document_ids()
        analyser.clear_cache()

        def refuse():
            raise RuntimeError("bench: Kiwi was asked although the project keeps every line's tokens")

        analyser._ensure_kiwi = refuse
        engine = 0.0
        try:
            started, cpu = time.perf_counter(), time.process_time()
            _done, written = preannotate(project, suggester, ids, workers=1)
            elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
            with TokenCache(project, workers=1) as tokens:
                for part in range(0, len(ids), PRIME_BATCH):
                    docs = list(project.iter_documents(ids[part:part + PRIME_BATCH]))
                    kinds = prime_tokens(tokens, suggester, project, docs)
                    engine_started = time.perf_counter()
                    for doc in docs:
                        suggester.suggest(doc.text, line_kinds=kinds[doc.id])
                    engine += time.perf_counter() - engine_started
        finally:
            del analyser._ensure_kiwi
    return {"suggest_project_kept_tokens_docs_per_s": round(len(ids) / elapsed, 1),
            "suggest_project_kept_tokens_docs_per_cpu_s": round(len(ids) / cpu, 1),
            "suggest_project_kept_tokens_stored_per_doc": round(written.written / len(ids), 1),
            "suggest_project_engine_docs_per_s": round(len(ids) / engine, 1)}


def run(*, scale: int) -> dict:
    del scale  # a fixed size: ANNOTATOR_BENCH_SUGGEST_DOCS=N for a quick look
    import os
    import tempfile

    from annotator.bench.tokens import _cli

    documents = int(os.environ.get("ANNOTATOR_BENCH_SUGGEST_DOCS") or DOCUMENTS)
    figures: dict = {"suggest_project_documents": documents, "suggest_project_load_start": _load()}
    with tempfile.TemporaryDirectory(prefix="annotator-bench-suggest-project-") as tmp:
        folder = Path(tmp)
        db = build_project(folder, documents)
        figures["suggest_project_chars_per_page"] = round(
            sum(len(json.loads(line)["text"]) for name in ("plain.jsonl", "labelled.jsonl")
                for line in (folder / name).read_text(encoding="utf-8").splitlines()) / documents)
        command = ["suggest", "--db", str(db), "--status", "all", "--sources", SOURCES]
        for phase in ("first", "kept"):  # first: no tokens kept (Kiwi on both cores, kept); then kept
            got = _cli(command, cwd=folder)
            figures[f"suggest_project_cli_{phase}_s"] = round(got["seconds"], 2)
            figures[f"suggest_project_cli_{phase}_cpu_s"] = round(got["cpu_s"], 2)
            figures[f"suggest_project_cli_{phase}_docs_per_s"] = round(documents / got["seconds"], 1)
            figures[f"suggest_project_cli_{phase}_rss_mb"] = round(got["rss_mb"], 1)
        figures.update(in_process(db))
    figures["suggest_project_load_end"] = _load()
    return figures
