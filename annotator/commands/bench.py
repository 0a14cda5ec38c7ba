"""annotator bench: performance figures as JSON (speed is measured here, never asserted in tests).

Each area runs in its own child process, so its figures (and its peak RSS) are not coloured by the
areas before it: Kiwi and spaCy alone take several hundred MB, which must not count against import."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from annotator.commands.common import print_json

# VmHWM is this process's own peak; ru_maxrss would carry the parent's over across exec.
CHILD = """
import json, sys
from importlib import import_module
figures = import_module(sys.argv[1]).run(scale=int(sys.argv[2]))
with open("/proc/self/status") as fh:
    hwm = next((int(l.split()[1]) for l in fh if l.startswith("VmHWM:")), 0)
figures[sys.argv[3] + "_peak_rss_mb"] = round(hwm / 1024, 1)
print("BENCH-JSON " + json.dumps(figures))
"""


def register(subparsers) -> None:
    p = subparsers.add_parser("bench", help="measure performance and print JSON figures",
                              description="Measure performance on synthetic and bundled data and print the figures"
                              " as JSON (each area in its own process); --only AREA for one.")
    p.add_argument("--json", action="store_true", help="print JSON (the only output format)")
    p.add_argument("--scale", type=int, default=2000, help="synthetic corpus size in documents (default 2000)")
    p.add_argument("--only", action="append", default=None,
                   help="run only these areas (import, segment, ui, spacy, export, workbook, train, suggest, review,"
                        " relations; peer, team, adjudication, tokens, suggest_project and suggest_speed, which only run when named);"
                        " repeatable")
    p.set_defaults(func=run)


def run(args) -> int:
    from annotator.bench import BENCH_MODULES

    figures: dict = {"scale": args.scale}
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    failed = False
    for name in BENCH_MODULES:
        area = name.rsplit(".", 1)[1].rstrip("_")
        if args.only and area not in args.only:
            continue
        if not args.only and getattr(importlib.import_module(name), "OPT_IN", False):
            continue  # minutes-long areas run only when named
        print(f"bench: {area} ...", file=sys.stderr, flush=True)
        started = time.perf_counter()
        result = subprocess.run([sys.executable, "-c", CHILD, name, str(args.scale), area],
                                capture_output=True, text=True, env=env)
        lines = [ln for ln in result.stdout.splitlines() if ln.startswith("BENCH-JSON ")]
        if result.returncode != 0 or not lines:
            failed = True
            print(f"bench: {area} failed:\n{result.stderr[-3000:]}", file=sys.stderr)
            figures[f"bench_{area}_error"] = (result.stderr.strip().splitlines() or ["no output"])[-1]
            continue
        figures.update(json.loads(lines[-1][len("BENCH-JSON "):]))
        figures[f"bench_{area}_seconds"] = round(time.perf_counter() - started, 2)
    print_json(figures)
    return 1 if failed else 0
