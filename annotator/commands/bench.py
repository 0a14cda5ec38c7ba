"""annotator bench: performance figures as JSON (speed is measured here, never asserted in tests)."""

from __future__ import annotations

import importlib
import sys
import time

from annotator.commands.common import print_json


def register(subparsers) -> None:
    p = subparsers.add_parser("bench", help="measure performance and print JSON figures")
    p.add_argument("--json", action="store_true", help="print JSON (the only output format)")
    p.add_argument("--scale", type=int, default=2000, help="synthetic corpus size in documents (default 2000)")
    p.add_argument("--only", action="append", default=None,
                   help="run only these areas (import, segment, ui, spacy, export); repeatable")
    p.set_defaults(func=run)


def run(args) -> int:
    from annotator.bench import BENCH_MODULES

    figures: dict = {"scale": args.scale}
    for name in BENCH_MODULES:
        area = name.rsplit(".", 1)[1].rstrip("_")
        if args.only and area not in args.only:
            continue
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        started = time.perf_counter()
        print(f"bench: {area} ...", file=sys.stderr, flush=True)
        figures.update(module.run(scale=args.scale))
        figures[f"bench_{area}_seconds"] = round(time.perf_counter() - started, 2)
    import resource

    figures["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print_json(figures)
    return 0
