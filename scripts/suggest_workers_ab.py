"""The whole `annotator suggest --db` process with 1 and 2 processes, back to back on first-run copies of one project.

    .venv/bin/python scripts/suggest_workers_ab.py --pages 1000 [--repeated] [--workers 1,2] [--rounds 2]
        [--roots /work/main,.] [--cold]

The project: --pages ~3 KB pages that are all different (annotator.bench.suggest_speed.distinct_pages: the sample's
page chrome, content lines of KLUE-NER sentences, every tenth page labelled), or with --repeated the bench's pages
(3 distinct sample pages, each made unique by a last line), the bundled labelled sample beside them, every line's
tokens kept. Each run is `/usr/bin/time -f "%e s %U user %S sys %M KB" python -c <annotator.bench.tokens._CLI>
REPORT suggest --db COPY --status all --sources dictionary,patterns --all-lines --workers N --quiet` (the CLI's
main in that process, which also notes its reaped workers' CPU) on a fresh copy; printed with /proc/loadavg before
and after, the workers' part of the CPU, the CPU seconds of the process up to its first suggested page (interpreter
start, imports, scheme, dictionary, calibration: the fixed cost of a run), and whether every run stored the same
suggestions (pending totals, by label). --roots: source trees run back to back in each round (each run's working
folder, so `python -c` imports that tree's annotator; default: this one). --cold: each run with an empty user
cache folder (no pattern cache: core/pattern_cache.py); else the user's own (warm after the first run).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def load() -> str:
    with open("/proc/loadavg", encoding="ascii") as fh:
        return " ".join(fh.read().split()[:3])


# the CLI's main in this process, which notes the CPU seconds at the first suggested page and its reaped workers' CPU
_TIMED_CLI = """
import json, resource, sys, time
import annotator.nlp.suggest.engine as engine
first = []
untimed = engine.Suggester.suggest
def suggest(self, *args, **kwargs):
    if not first:
        first.append(time.process_time())
    return untimed(self, *args, **kwargs)
engine.Suggester.suggest = suggest
from annotator.cli import main
code = main(sys.argv[2:])
kids = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(sys.argv[1], "w") as out:
    json.dump({"first_page_cpu_s": first[0] if first else None, "worker_cpu_s": kids.ru_utime + kids.ru_stime}, out)
sys.exit(code)
"""


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--repeated", action="store_true")
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--keep", type=Path, default=None, help="build (or reuse) the project here")
    parser.add_argument("--roots", default=str(ROOT), help="comma-separated source trees, run back to back")
    parser.add_argument("--cold", action="store_true", help="each run with an empty user cache folder")
    args = parser.parse_args()
    from annotator.bench.suggest import kept_project, labelled_sample, pages
    from annotator.bench.suggest_speed import LABELLED_EVERY, distinct_pages
    from annotator.store import Project

    records = labelled_sample()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="suggest-ab-"))
    folder.mkdir(parents=True, exist_ok=True)
    base = folder / ("repeated" if args.repeated else "distinct") / f"{args.pages}.db"
    if not base.exists():
        base.parent.mkdir(parents=True, exist_ok=True)
        if args.repeated:
            texts = [f"{t.rstrip()}\n({n})" for n, t in enumerate(pages(records, args.pages))]
            kept_project(base, texts, records)
        else:
            texts, spans = distinct_pages(records, args.pages)
            kept_project(base, texts, records,
                         page_spans=[s if n % LABELLED_EVERY == 0 else None for n, s in enumerate(spans)])
    print(f"project {base} ({args.pages} pages + {len(records)} labelled)", flush=True)
    totals = set()
    env = dict(os.environ, ANNOTATOR_REVIEWER="bench")
    roots = [Path(r).resolve() for r in args.roots.split(",")]
    for round_no in range(args.rounds):
        for root, n in ((root, int(w)) for w in args.workers.split(",") for root in roots):
            copy = folder / f"run-{n}.db"
            for suffix in ("", "-wal", "-shm"):
                Path(f"{copy}{suffix}").unlink(missing_ok=True)
            shutil.copy(base, copy)
            if args.cold:
                cache = Path(tempfile.mkdtemp(prefix="cache-", dir=folder))
                env["XDG_CACHE_HOME"] = str(cache)
            before = load()
            report = folder / "cli-figures.json"
            done = subprocess.run(["/usr/bin/time", "-f", "%e s %U user %S sys %M KB", sys.executable, "-c",
                                   _TIMED_CLI, str(report), "suggest", "--db", str(copy), "--status", "all",
                                   "--sources", "dictionary,patterns", "--all-lines", "--workers", str(n), "--quiet"],
                                  cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            figures = json.loads(report.read_text()) if done.returncode == 0 else {}
            if args.cold:
                shutil.rmtree(cache, ignore_errors=True)
            tree = f" {root}" if len(roots) > 1 else ""
            print(f"round {round_no + 1}{tree} --workers {n}: {done.stderr.strip().splitlines()[-1]}, of which the"
                  f" worker {figures.get('worker_cpu_s', 0.0):.2f} CPU s; first page at"
                  f" {figures.get('first_page_cpu_s') or 0.0:.3f} CPU s (exit {done.returncode};"
                  f" load {before} -> {load()})", flush=True)
            with Project.open(copy, "bench") as project:
                stored = project.conn.execute(
                    "SELECT l.name, COUNT(*), round(sum(coalesce(i.score, 0)), 4) FROM spans s"
                    " JOIN labels l ON l.id = s.label_id JOIN layers y ON y.id = s.layer_id"
                    " AND y.kind = 'suggestions' LEFT JOIN suggestion_info i ON i.span_id = s.id"
                    " GROUP BY l.name ORDER BY l.name").fetchall()
            totals.add(tuple(stored))
    print("same suggestions stored in every run:", len(totals) == 1, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
