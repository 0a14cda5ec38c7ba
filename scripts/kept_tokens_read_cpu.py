"""CPU ms a page of reading kept tokens as `suggest --db` does (issue 13): TokenCache.prime over PRIME_BATCH
documents at a time of a project that keeps every line's tokens (the SQL fetch, the decode, the analyser's line
cache filled), then every line's analysis read as the engines read it (offsets, tags, sentences). Each figure
is the fastest of --repeat passes (the analyser's line cache emptied before each; Kiwi refused). The project file
is made once (Kiwi) and kept in --cache.

    .venv/bin/python scripts/kept_tokens_read_cpu.py [--pages 500] [--repeat 5] [--profile prime|read]

To compare two trees back to back, run it with PYTHONPATH=OTHER_TREE (its annotator package is imported first).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import shutil
import tempfile
import time
from pathlib import Path


def project_file(pages: int, cache: Path) -> Path:
    marker = cache.with_suffix(".pages")
    if cache.exists() and marker.exists() and marker.read_text() == str(pages):
        return cache
    from annotator.bench.suggest import kept_project, labelled_sample, pages as bench_pages

    texts = [f"{text.rstrip()}\n({n})" for n, text in enumerate(bench_pages(labelled_sample(), pages))]
    with tempfile.TemporaryDirectory() as tmp:
        kept_project(Path(tmp) / "kept.db", texts)
        shutil.copy(Path(tmp) / "kept.db", cache)
    marker.write_text(str(pages))
    return cache


def one_pass(project, ids, read: bool, profiler) -> float:
    from annotator.core import korean
    from annotator.io.token_cache import TokenCache
    from annotator.nlp.preannotate import PRIME_BATCH

    analyser = korean.default_analyser()
    analyser.clear_cache()
    docs = [list(project.iter_documents(ids[i:i + PRIME_BATCH])) for i in range(0, len(ids), PRIME_BATCH)]
    with TokenCache(project, workers=1) as tokens:
        tokens._tid()  # registered before the clock starts: once per run, not per page
        if profiler:
            profiler.enable()
        cpu = time.process_time()
        for batch in docs:
            tokens.prime([(d.id, d.text, None) for d in batch])
            if read:
                for d in batch:
                    for analysis in analyser.analyse_lines(d.text.split("\n")):
                        analysis.offsets(), analysis.tag_tuples(), analysis.sentences
        cpu = time.process_time() - cpu
        if profiler:
            profiler.disable()
    return cpu * 1000 / len(ids)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--profile", choices=("prime", "read"))
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "kept-tokens-read-cpu.db")
    args = parser.parse_args()
    path = project_file(args.pages, args.cache)
    from annotator.core import korean
    from annotator.store import Project

    analyser = korean.default_analyser()

    def refuse():
        raise RuntimeError("Kiwi was asked although every line's tokens are kept")

    analyser._ensure_kiwi = refuse
    figures = {}
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "read.db"
        shutil.copy(path, copy)
        with Project.open(copy, "bench") as project:
            ids = [i for i in project.document_ids()]
            for name in ("prime", "read"):
                best = float("inf")
                for n in range(args.repeat):
                    profiler = cProfile.Profile() if name == args.profile and n == 0 else None
                    best = min(best, one_pass(project, ids, name == "read", profiler))
                    if profiler:
                        pstats.Stats(profiler).sort_stats("tottime").print_stats(20)
                figures[f"kept_{name}_cpu_ms_per_doc"] = round(best, 4)
    import annotator
    print({"tree": str(Path(annotator.__file__).parent.parent), "pages": len(ids), **figures,
           "load": Path("/proc/loadavg").read_text().split()[0]})


if __name__ == "__main__":
    main()
