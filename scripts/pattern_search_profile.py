"""CPU per page of each regex pattern of the shipped scheme, searched alone, on the bench pages.

    .venv/bin/python scripts/pattern_search_profile.py [--pages 100] [--repeat 3] [--top 20]

Each pattern gets a PatternSource of its own (its trigger automaton, windows and regex search, as the engine runs
them), timed over the pages of `annotator bench --only suggest_speed` plus the shared corpus's pages when ../shared
is there; the fastest of --repeat runs (microseconds of CPU a page), with /proc/loadavg. The sum is more than the
engine's patterns phase by the per-call overhead the engine shares between patterns.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--top", type=int, default=20)
    args = parser.parse_args()

    from annotator.bench.suggest import labelled_sample, pages
    from annotator.bench.suggest_project import _load
    from annotator.core.scheme import default_scheme
    from annotator.nlp.suggest.patterns import PatternSource, line_regions

    texts = pages(labelled_sample(), args.pages)
    shared = Path(__file__).resolve().parents[2] / "shared" / "corpus"
    texts += [p.read_text(encoding="utf-8") for p in sorted(shared.glob("*.txt"))]
    regions = {t: line_regions(t) for t in set(texts)}
    patterns = [p for p in default_scheme().compiled_patterns() if p.regex is not None]
    figures = {"pages": len(texts), "load_start": _load()}

    def cpu_us_per_page(source) -> float:
        best = float("inf")
        for _ in range(args.repeat):
            started = time.process_time()
            for text in texts:
                source.candidates(text, regions[text])
            best = min(best, time.process_time() - started)
        return round(best / len(texts) * 1e6, 1)

    costs = {f"{p.label}/{p.id}": cpu_us_per_page(PatternSource([p])) for p in patterns}
    figures["all_regex_patterns_together_cpu_us_per_page"] = cpu_us_per_page(PatternSource(patterns))
    figures["sum_of_patterns_alone_cpu_us_per_page"] = round(sum(costs.values()), 1)
    ranked = sorted(costs.items(), key=lambda kv: -kv[1])
    figures["top_cpu_us_per_page"] = dict(ranked[:args.top])
    figures["rest"] = round(sum(v for _k, v in ranked[args.top:]), 1)
    figures["load_end"] = _load()
    print(json.dumps(figures, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
