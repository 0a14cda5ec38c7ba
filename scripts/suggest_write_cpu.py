"""CPU ms a page of Project.write_suggestions alone (issue 13), as bench/suggest_speed.write_figures times it:
the bench's pages and proposals, WRITE_BATCH pages a call, into a new file (first), the same again (rerun_same),
every score changed (rerun_changed). Each figure is the fastest of --repeat fresh files, so the load of a shared
machine moves it less. The proposals are computed once and kept in --cache (they do not depend on the store).

    .venv/bin/python scripts/suggest_write_cpu.py [--pages 500] [--repeat 5] [--profile first|rerun_same|rerun_changed]

To compare two trees back to back, run it with PYTHONPATH=OTHER_TREE (its annotator package is imported first).
"""

from __future__ import annotations

import argparse
import cProfile
import pickle
import pstats
import tempfile
import time
from dataclasses import replace
from pathlib import Path

RUNS = ("first", "rerun_same", "rerun_changed")


def proposals(pages: int, cache: Path) -> tuple[list[str], list[list]]:
    if cache.exists():
        texts, found = pickle.loads(cache.read_bytes())
        if len(texts) == pages:
            return texts, found
    from annotator.bench.suggest import gold_entities, labelled_sample, pages as bench_pages
    from annotator.core.scheme import default_scheme
    from annotator.nlp.suggest.base import DICTIONARY, PATTERNS
    from annotator.nlp.suggest.dictionary import EntityDictionary
    from annotator.nlp.suggest.engine import Suggester

    records = labelled_sample()
    dictionary = EntityDictionary()
    dictionary.add_documents((r["text"], gold_entities(r)) for r in records)
    suggester = Suggester(default_scheme(), sources=(DICTIONARY, PATTERNS), dictionary=dictionary,
                          content_only=False)
    texts = [f"{text.rstrip()}\n({n})" for n, text in enumerate(bench_pages(records, pages))]
    found = [[(s.start, s.end, s.label, s.source, s.score, s.detail) for s in suggester.suggest(t).entities]
             for t in texts]
    cache.write_bytes(pickle.dumps((texts, found)))
    return texts, found


def one_round(texts, found, profile: str | None) -> dict[str, float]:
    from annotator.core.model import NewDocument
    from annotator.core.suggestions import NewSuggestion
    from annotator.nlp.preannotate import WRITE_BATCH
    from annotator.store import Project

    first = [[NewSuggestion(*row) for row in items] for items in found]
    rescored = [[replace(s, score=round(min(1.0, s.score + 0.001), 4)) for s in items] for items in first]
    figures = {}
    with tempfile.TemporaryDirectory(prefix="suggest-write-cpu-") as tmp:
        with Project.open(Path(tmp) / "write.db", "bench") as project:
            project.add_documents(NewDocument(text=page) for page in texts)
            ids = project.document_ids()
            for name, batch_of in zip(RUNS, (first, first, rescored)):
                profiler = cProfile.Profile() if name == profile else None
                cpu = time.process_time()
                if profiler:
                    profiler.enable()
                for part in range(0, len(ids), WRITE_BATCH):
                    project.write_suggestions(dict(zip(ids[part:part + WRITE_BATCH],
                                                       batch_of[part:part + WRITE_BATCH])))
                if profiler:
                    profiler.disable()
                figures[name] = (time.process_time() - cpu) * 1000 / len(ids)
                if profiler:
                    pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--profile", choices=RUNS)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "suggest-write-cpu.pickle")
    args = parser.parse_args()
    texts, found = proposals(args.pages, args.cache)
    rounds = [one_round(texts, found, args.profile if n == 0 else None) for n in range(args.repeat)]
    import annotator
    print({"tree": str(Path(annotator.__file__).parent.parent), "pages": len(texts),
           "rows_per_page": round(sum(map(len, found)) / len(found), 1),
           **{f"write_cpu_ms_per_doc_{name}": round(min(r[name] for r in rounds), 3) for name in RUNS},
           "load": Path("/proc/loadavg").read_text().split()[0]})


if __name__ == "__main__":
    main()
