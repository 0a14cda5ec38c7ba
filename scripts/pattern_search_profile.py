"""CPU per page of each regex pattern of the shipped scheme, searched alone, on the bench pages.

    .venv/bin/python scripts/pattern_search_profile.py [--pages 100] [--distinct 0] [--repeat 3] [--top 20]

Each pattern gets a PatternSource of its own (its trigger automaton, windows and regex search, as the engine runs
them), timed over the pages of `annotator bench --only suggest_speed` (--distinct N: its N distinct pages instead,
the sample's page chrome around KLUE-NER sentences) plus the shared corpus's pages when ../shared is there; the
fastest of --repeat runs (microseconds of CPU a page), with /proc/loadavg. Every run starts with a new source (an
empty line memo: patterns.LineMemo), so that a page met again in an earlier run is not free. Per pattern also: the
regex engine alone over the pattern's windows (engine_us), its windows, the characters in them and its matches a
page. The sum is more than the engine's patterns phase by the per-call overhead the engine shares between patterns.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--distinct", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--top", type=int, default=20)
    args = parser.parse_args()

    from annotator.bench.suggest import labelled_sample, pages
    from annotator.bench.suggest_project import _load
    from annotator.bench.suggest_speed import distinct_pages
    from annotator.core.scheme import default_scheme
    from annotator.nlp.suggest.patterns import PatternSource, line_regions

    records = labelled_sample()
    texts = distinct_pages(records, args.distinct)[0] if args.distinct else pages(records, args.pages)
    shared = Path(__file__).resolve().parents[2] / "shared" / "corpus"
    texts += [p.read_text(encoding="utf-8") for p in sorted(shared.glob("*.txt"))]
    regions = [line_regions(t) for t in texts]
    patterns = [p for p in default_scheme().compiled_patterns() if p.regex is not None]
    figures = {"pages": len(texts), "mean_chars": round(sum(map(len, texts)) / len(texts)), "load_start": _load()}

    def best_of(run) -> float:
        best = float("inf")
        for _ in range(args.repeat):
            best = min(best, run())
        return round(best / len(texts) * 1e6, 1)

    def cpu_us_per_page(chosen) -> float:
        def run():
            source = PatternSource(chosen)  # a new line memo
            started = time.process_time()
            for text, lines in zip(texts, regions):
                source.candidates(text, lines)
            return time.process_time() - started
        return best_of(run)

    rows = {}
    for pattern in patterns:
        windows = _windows_of(PatternSource([pattern]), texts, regions)
        scan = pattern.scan or pattern.regex

        def engine(windows=windows, scan=scan):
            started = time.process_time()
            for text, spans in windows:
                for a, b in spans:
                    for _m in scan.finditer(text, a, b):
                        pass
            return time.process_time() - started
        rows[f"{pattern.label}/{pattern.id}"] = {
            "cpu_us": cpu_us_per_page([pattern]), "engine_us": best_of(engine),
            "windows": round(sum(len(s) for _t, s in windows) / len(texts), 1),
            "chars": round(sum(b - a for _t, s in windows for a, b in s) / len(texts)),
            "matches": round(sum(1 for t, s in windows for a, b in s for _m in scan.finditer(t, a, b)) / len(texts), 2)}
    figures["all_regex_patterns_together_cpu_us_per_page"] = cpu_us_per_page(patterns)
    figures["sum_of_patterns_alone_cpu_us_per_page"] = round(sum(r["cpu_us"] for r in rows.values()), 1)
    figures["sum_of_engine_alone_us_per_page"] = round(sum(r["engine_us"] for r in rows.values()), 1)
    ranked = sorted(rows.items(), key=lambda kv: -kv[1]["engine_us"])
    figures["top_by_engine_us"] = dict(ranked[:args.top])
    figures["rest_engine_us"] = round(sum(r["engine_us"] for _k, r in ranked[args.top:]), 1)
    figures["load_end"] = _load()
    print(json.dumps(figures, indent=2, ensure_ascii=False))


def _windows_of(source, texts, regions) -> list[tuple[str, list[tuple[int, int]]]]:
    """(text, the spans its one regex pattern is searched over) of each page, as PatternSource._search finds them."""
    from annotator.nlp.suggest import patterns as module

    out = []
    for text, lines in zip(texts, regions):
        first, last = lines[0][0], lines[-1][1]
        hits = module._trigger_hits(source._automaton, source._groups_of, text, first, last)
        index, whole, radius, reach, has_also, also_regex = source._plans[0][:6]
        if whole:
            spans = [(first, last)]
        elif not hits[index]:
            continue
        else:
            spans = module._windows(hits[index], text, first, last, radius, reach)
        if has_also:
            spans = module._holding(spans, text, hits[1 + index], also_regex)
        out.append((text, spans))
    return out


if __name__ == "__main__":
    main()
