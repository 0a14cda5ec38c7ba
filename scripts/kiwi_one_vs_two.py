"""One Kiwi process with two threads or two processes with one each: `python scripts/kiwi_one_vs_two.py [--docs N]`.

Analyses the first N pages of the peer corpus (annotator.bench.peer, cut as korean.py cuts lines) with Kiwi
alone (no post-processing): once in one process whose Kiwi has num_workers=2 and is given the chunks as one
iterable (Kiwi's own thread pool), once in two processes with num_workers=1 each given half of the chunks.
Prints JSON: wall seconds of the analysis (the model loaded before the clock starts), CPU seconds (user + sys)
of analysis and of loading, peak RSS of each process and the load average before and after. --options passes other Kiwi options as JSON. Changes nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

_PROBE = r"""
import hashlib, json, resource, sys, time
from kiwipiepy import Kiwi
chunks = json.load(open(sys.argv[1], encoding="utf-8"))
workers = int(sys.argv[2])
options = json.loads(sys.argv[3])
settings = {k: options.pop(k) for k in list(options) if k in ("cutoff_threshold", "space_penalty", "max_unk_form_size")}
r0 = resource.getrusage(resource.RUSAGE_SELF)
kiwi = Kiwi(num_workers=workers, **options)
for name, value in settings.items():
    setattr(kiwi.global_config, name, value)
kiwi.tokenize("워밍업 문장입니다.")
r1 = resource.getrusage(resource.RUSAGE_SELF)
print("ready", flush=True)
sys.stdin.readline()  # the parent starts every process's clock at once
t = time.perf_counter()
digest = hashlib.sha256()
for tokens in kiwi.tokenize(iter(chunks)):
    digest.update(repr([(x.start, x.len, x.tag) for x in tokens]).encode())
wall = time.perf_counter() - t
r2 = resource.getrusage(resource.RUSAGE_SELF)
cpu = lambda a, b: b.ru_utime + b.ru_stime - a.ru_utime - a.ru_stime
print(json.dumps({"wall_s": wall, "analysis_cpu_s": cpu(r1, r2), "load_cpu_s": cpu(r0, r1),
                  "peak_rss_mb": r2.ru_maxrss / 1024, "digest": digest.hexdigest()}))
"""


def _chunks(docs: int) -> list[str]:
    from annotator.bench.peer import write_corpus
    from annotator.core import korean

    cut = getattr(korean, "_piece_bounds", None) or korean._chunk_bounds  # how the checkout cuts lines

    with tempfile.TemporaryDirectory() as tmp:
        texts = write_corpus(Path(tmp), documents=docs, labelled=0)["texts"]
    return [t[s:e] for t in texts for s, e in cut(t)]


def _run(parts: list[list[str]], workers: int, options: dict) -> list[dict]:
    files, procs = [], []
    for part in parts:
        fh = tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8", delete=False)
        json.dump(part, fh, ensure_ascii=False)
        fh.close()
        files.append(fh.name)
        procs.append(subprocess.Popen([sys.executable, "-W", "ignore", "-c", _PROBE, fh.name, str(workers),
                                       json.dumps(options)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True))
    try:
        for proc in procs:
            assert proc.stdout.readline().strip() == "ready"
        for proc in procs:
            proc.stdin.write("go\n")
            proc.stdin.flush()
        return [json.loads(proc.communicate()[0]) for proc in procs]
    finally:
        for name in files:
            os.unlink(name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=600)
    parser.add_argument("--options", default=None, help="Kiwi options as JSON (default: the shipped korean.KIWI_OPTIONS)")
    args = parser.parse_args(argv)
    from annotator.core.korean import KIWI_OPTIONS

    options = json.loads(args.options) if args.options is not None else dict(KIWI_OPTIONS)
    chunks = _chunks(args.docs)
    half = len(chunks) // 2
    load_before = [round(x, 2) for x in os.getloadavg()]
    started = time.perf_counter()
    one = _run([chunks], 2, options)
    one_wall = time.perf_counter() - started
    started = time.perf_counter()
    two = _run([chunks[:half], chunks[half:]], 1, options)
    two_wall = time.perf_counter() - started
    rounded = lambda d: {k: (round(v, 2) if isinstance(v, float) else v) for k, v in d.items() if k != "digest"}  # noqa: E731
    print(json.dumps({
        "docs": args.docs, "chars": sum(map(len, chunks)), "options": options, "load_before": load_before,
        "one_process_two_threads": rounded(one[0]),
        "two_processes": {"wall_s": round(max(p["wall_s"] for p in two), 2),
                          "analysis_cpu_s": round(sum(p["analysis_cpu_s"] for p in two), 2),
                          "load_cpu_s": round(sum(p["load_cpu_s"] for p in two), 2),
                          "peak_rss_mb_each": [round(p["peak_rss_mb"], 1) for p in two]},
        "whole_runs_wall_s": {"one": round(one_wall, 2), "two": round(two_wall, 2)},
        "load_after": [round(x, 2) for x in os.getloadavg()],
    }, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
