"""CPU of each part of a whole `annotator suggest --db` run, in this process, on a copy of a project: what a page costs
where (exclusive CPU: a part's time leaves out the timed parts it calls).

    .venv/bin/python scripts/suggest_cli_phases.py PROJECT.db [--workers N] [--content-only]

The copy is run as `suggest --db COPY --status all --sources dictionary,patterns --all-lines` runs it (the same
functions, the same batch_gc), with timers on the page-level functions of the path: reading and priming the kept
tokens (TokenCache.prime; a line's analysis read: LineAnalysis._loaded), the labels read, the dictionary pass, the
patterns, calibration, combine, the labels' overlap check, the writes, the suggester's set-up; "rest" is a function's
own code outside the timed parts. With --workers N the parts are this process's only (the others' CPU is printed as
children's). A project to run it on: the distinct pages of `annotator bench --only suggest_speed`
(scripts/suggest_cli_phases.py --make PATH [--pages N] makes one, tokens kept).
"""

from __future__ import annotations

import argparse
import resource
import shutil
import tempfile
import time
from pathlib import Path

TOTALS: dict[str, float] = {}
_STACK: list[float] = []


def _timed(owner, name: str, label: str) -> None:
    fn = getattr(owner, name)

    def timed(*args, **kwargs):
        started = time.process_time()
        _STACK.append(0.0)
        try:
            return fn(*args, **kwargs)
        finally:
            spent = time.process_time() - started
            inner = _STACK.pop()
            TOTALS[label] = TOTALS.get(label, 0.0) + spent - inner
            if _STACK:
                _STACK[-1] += spent

    setattr(owner, name, timed)


def make(path: Path, pages: int) -> None:
    from annotator.bench.suggest import kept_project, labelled_sample
    from annotator.bench.suggest_speed import LABELLED_EVERY, distinct_pages

    records = labelled_sample()
    texts, spans = distinct_pages(records, pages)
    kept_project(path, texts, records,
                 page_spans=[found if n % LABELLED_EVERY == 0 else None for n, found in enumerate(spans)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--content-only", action="store_true")
    parser.add_argument("--make", action="store_true", help="make the project at db (distinct pages) and stop")
    parser.add_argument("--pages", type=int, default=1000)
    args = parser.parse_args()
    if args.make:
        make(args.db, args.pages)
        return

    from annotator.commands import suggest as command
    from annotator.commands.common import batch_gc
    from annotator.core import line_analysis
    from annotator.io import token_cache
    from annotator.nlp import preannotate
    from annotator.nlp.suggest import calibration, dictionary, engine, patterns
    from annotator.store import Project

    for owner, name, label in [
            (engine.Suggester, "suggest", "engine: Suggester.suggest (rest)"),
            (dictionary.EntityDictionary, "candidates_and_words", "engine: dictionary pass"),
            (patterns.PatternSource, "candidates", "engine: patterns"),
            (calibration.Calibration, "apply", "engine: calibration"),
            (engine, "combine_candidates", "engine: combine"),
            (engine, "drop_overlapping", "engine: labels' overlap"),
            (token_cache.TokenCache, "prime", "read: kept tokens decoded and primed"),
            (line_analysis.LineAnalysis, "_loaded", "read: a line's analysis first read"),
            (Project, "labelled_among", "read: labels of a batch"),
            (Project, "iter_documents", "read: documents"),
            (preannotate, "line_kinds", "read: line kinds"),
            (Project, "write_suggestions", "write: write_suggestions"),
            (preannotate, "project_suggester", "set-up: project_suggester"),
            (preannotate, "preannotate", "run: preannotate (rest)"),
            (command, "suggest_project", "run: suggest_project (rest)")]:
        _timed(owner, name, label)
    with tempfile.TemporaryDirectory(prefix="suggest-phases-") as tmp:
        copy = Path(tmp) / "copy.db"
        shutil.copy(args.db, copy)
        started = time.process_time()
        with batch_gc(), Project.open(copy, None, backfill=False) as project:
            result = command.suggest_project(project, status="all", sources="dictionary,patterns",
                                             all_lines=not args.content_only, details=False, workers=args.workers)
        whole = time.process_time() - started
    pages = len(result["documents"])
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(f"{pages} documents, {result['written']} suggestions stored; this process {whole:.3f} CPU s"
          f" ({whole / pages * 1e6:.0f} us a document), other processes {children.ru_utime + children.ru_stime:.3f} CPU s")
    for label, spent in sorted(TOTALS.items(), key=lambda kv: -kv[1]):
        print(f"  {label:42s} {spent * 1e3:8.1f} ms {spent / pages * 1e6:7.0f} us a document")


if __name__ == "__main__":
    main()
