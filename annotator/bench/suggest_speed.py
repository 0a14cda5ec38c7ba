"""Dictionary + patterns pre-annotation speed alone (issue 13): the throughput figures of bench/suggest.py without its
quality, model and Kiwi parts, so that they can be rerun in a minute: `annotator bench --json --only suggest_speed`.

The pages and the suggester are bench/suggest.py's (the bundled sample cut into ~3 KB pages, repeated; a dictionary of
the sample's labels; the default scheme's patterns; every line searched):

  suggest_speed_kept_tokens_docs_per_s / _per_cpu_s   as `suggest --db` in one process on a project that keeps its
                                                      tokens, up to the suggestions stored (kept_tokens_docs_per_s)
  suggest_speed_stored_per_doc                        suggestions stored per page
  suggest_speed_cli_docs_per_s / _docs_per_cpu_s      the whole `annotator suggest --db COPY --status all --sources
   (+ _s, _cpu_s, _documents, _stored_per_doc,        dictionary,patterns --all-lines` process on a copy of that
    _rss_mb)                                          project (the sample's labelled pages in it, for its dictionary),
                                                      timed from outside: start, suggester built, run, summary
   (+ _setup_cold_cpu_s, _setup_warm_cpu_s)           the same process over no document: the fixed cost of a run
                                                      with an empty user cache folder, and of every later one
                                                      (the timed run is the second in its folder: bench/suggest.py
                                                      _cli_run)
  suggest_speed_engine_docs_per_cpu_s                 Suggester.suggest alone, the analyses in memory, per CPU second
  suggest_speed_write_cpu_ms_per_doc_first            Project.write_suggestions alone, CPU ms a page (WRITE_BATCH pages
   / _rerun_same / _rerun_changed                     a call, the proposals found beforehand): into a new file, then
                                                      the same again, then every score changed (all replaced)
  suggest_speed_cli_N_*                               the same whole process with --workers N (N = 1, 2: processes
                                                      that find the suggestions), each on its own first-run copy
  suggest_speed_distinct_cli_N_*                      the whole process, --workers N, on DISTINCT_DOCUMENTS pages
                                                      that are all different (distinct_pages: the sample's page
                                                      chrome, its content lines replaced by KLUE-NER sentences;
                                                      every tenth page labelled with their KLUE entities), so that
                                                      the engine's memos hit no more than in a real project
                                                      (_page_chars: their mean length in characters)
  suggest_speed_load_start / _end                     /proc/loadavg: the machine is shared, so say how busy it was
"""

from __future__ import annotations

import os
import time

OPT_IN = True  # the same figures run inside --only suggest; this is the quick way to them
DOCUMENTS = 500
DISTINCT_DOCUMENTS = 1000  # ANNOTATOR_BENCH_SUGGEST_SPEED_DISTINCT_DOCS=N for another
CLI_WORKERS = (1, 2)
LABELLED_EVERY = 10


def run(*, scale: int) -> dict:
    del scale  # a fixed size: ANNOTATOR_BENCH_SUGGEST_SPEED_DOCS=N for another
    from annotator.bench.suggest import gold_entities, kept_tokens_docs_per_s, labelled_sample, pages
    from annotator.bench.suggest_project import _load
    from annotator.core import korean
    from annotator.core.scheme import default_scheme
    from annotator.nlp.suggest.base import DICTIONARY, PATTERNS
    from annotator.nlp.suggest.dictionary import EntityDictionary
    from annotator.nlp.suggest.engine import Suggester

    count = int(os.environ.get("ANNOTATOR_BENCH_SUGGEST_SPEED_DOCS") or DOCUMENTS)
    figures: dict = {"suggest_speed_documents": count, "suggest_speed_load_start": _load()}
    records = labelled_sample()
    dictionary = EntityDictionary()
    dictionary.add_documents((r["text"], gold_entities(r)) for r in records)
    suggester = Suggester(default_scheme(), sources=(DICTIONARY, PATTERNS), dictionary=dictionary, content_only=False)
    texts = pages(records, count)
    kept = kept_tokens_docs_per_s(suggester, texts, cli_records=records, cli_workers=CLI_WORKERS)
    figures["suggest_speed_kept_tokens_docs_per_s"] = kept["docs_per_s"]
    figures["suggest_speed_kept_tokens_docs_per_cpu_s"] = kept["docs_per_cpu_s"]
    figures["suggest_speed_stored_per_doc"] = kept["stored_per_doc"]
    figures.update({f"suggest_speed_{key}": value for key, value in kept.items() if key.startswith("cli_")})
    distinct = list(dict.fromkeys(texts))
    for text in distinct:
        korean.tokenize(text)  # the analyses in memory, as for the open document in the app
    cpu = time.process_time()
    for text in texts:
        suggester.suggest(text)
    figures["suggest_speed_engine_docs_per_cpu_s"] = round(count / (time.process_time() - cpu), 1)
    figures.update(write_figures(suggester, texts))
    distinct = int(os.environ.get("ANNOTATOR_BENCH_SUGGEST_SPEED_DISTINCT_DOCS") or DISTINCT_DOCUMENTS)
    figures.update({f"suggest_speed_distinct_{key}": value
                    for key, value in distinct_cli_figures(records, distinct, CLI_WORKERS).items()})
    figures["suggest_speed_load_end"] = _load()
    return figures


def distinct_pages(records: list[dict], count: int, *, seed: int = 24) -> tuple[list[str], list[list]]:
    """count ~3 KB pages, all different, and the KLUE entities in each (start, end, default-scheme label): each
    piece of bench/suggest.pages (the sample's pages cut at line ends) with its boilerplate lines as they are
    (a site's chrome repeats from page to page) and each content line replaced by KLUE-NER sentences (the dev
    set, ../shared's when there) of about its length, drawn at random."""
    import random

    from annotator.bench.peer import klue_sentences
    from annotator.bench.suggest import pages
    from annotator.core.boilerplate import segment_text
    from annotator.nlp.suggest.klue_base import scheme_label

    sentences = klue_sentences()
    rng = random.Random(seed)
    pieces = pages(records, count)
    kinds = {piece: [s.effective_kind for s in segment_text(piece)] for piece in set(pieces)}
    texts, spans = [], []
    for piece in pieces:
        lines, found, offset = [], [], 0
        for line, kind in zip(piece.split("\n"), kinds[piece]):
            if kind == "content" and line.strip():
                made = ""
                while len(made) < len(line):
                    sentence, entities = sentences[rng.randrange(len(sentences))]
                    made += " " if made else ""
                    base = offset + len(made)
                    found += [(base + a, base + b, label) for a, b, tag in entities
                              if (label := scheme_label(tag, sentence[a:b])) is not None]
                    made += sentence
                line = made
            lines.append(line)
            offset += len(line) + 1
        texts.append("\n".join(lines))
        spans.append(found)
    return texts, spans


def distinct_cli_figures(records: list[dict], count: int, workers: tuple[int, ...] = CLI_WORKERS,
                         folder=None) -> dict:
    """cli_N_* (bench/suggest._cli_run) of `suggest --db --workers N` for each N on a first-run copy of a project
    of distinct_pages (every LABELLED_EVERY-th page labelled: the dictionary has KLUE strings too), tokens kept."""
    import shutil
    import tempfile
    from pathlib import Path

    from annotator.bench.suggest import _cli_run, kept_project

    texts, spans = distinct_pages(records, count)
    labelled = [found if n % LABELLED_EVERY == 0 else None for n, found in enumerate(spans)]
    figures: dict = {"page_chars": round(sum(map(len, texts)) / max(1, len(texts)))}
    with tempfile.TemporaryDirectory(prefix="annotator-bench-suggest-distinct-", dir=folder) as tmp:
        path = Path(tmp) / "distinct.db"
        ids = kept_project(path, texts, records, page_spans=labelled)
        copies = [Path(tmp) / f"cli-{n}.db" for n in workers]
        for copy in copies:
            shutil.copy(path, copy)
        for n, copy in zip(workers, copies):
            got = _cli_run(Path(tmp), copy, len(ids) + len(records), workers=n)
            figures.update({f"cli_{n}_{key[4:]}": value for key, value in got.items()})
    return figures


def write_figures(suggester, texts: list[str]) -> dict:
    """CPU ms a page of Project.write_suggestions alone (see the module's docstring), WRITE_BATCH pages a call."""
    import tempfile
    from dataclasses import replace
    from pathlib import Path

    from annotator.core.model import NewDocument
    from annotator.nlp.preannotate import WRITE_BATCH
    from annotator.store import Project

    pages = [f"{text.rstrip()}\n({n})" for n, text in enumerate(texts)]
    found = [list(suggester.suggest(page).entities) for page in pages]
    rescored = [[replace(s, score=round(min(1.0, s.score + 0.001), 4)) for s in items] for items in found]
    figures: dict = {}
    with tempfile.TemporaryDirectory(prefix="annotator-bench-suggest-write-") as tmp:
        with Project.open(Path(tmp) / "write.db", "bench") as project:
            project.add_documents(NewDocument(text=page) for page in pages)
            ids = project.document_ids()
            for name, proposals in (("first", found), ("rerun_same", found), ("rerun_changed", rescored)):
                cpu = time.process_time()
                for part in range(0, len(ids), WRITE_BATCH):
                    batch = zip(ids[part:part + WRITE_BATCH], proposals[part:part + WRITE_BATCH])
                    project.write_suggestions(dict(batch))
                figures[f"suggest_speed_write_cpu_ms_per_doc_{name}"] = round(
                    (time.process_time() - cpu) * 1000 / len(ids), 3)
    return figures
