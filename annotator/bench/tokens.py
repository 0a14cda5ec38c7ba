"""Tokenise once: Prodigy, CoNLL and spaCy exports of the peer corpus, the first time and once tokens are kept.

`annotator bench --json --only tokens` (opt-in: minutes of Kiwi). The corpus is annotator.bench.peer's: 10,000
Korean pages of ~3 KB made of KLUE sentences, the first 2,000 with their spans (imported labelled, then the plain
file for the other 8,000). For each format, a fresh copy of that project (no tokens kept) is exported as a whole
CLI process (`annotator export FORMAT --status all`), then exported again from the same file (tokens kept):

  tokens_<fmt>_first_s / _kept_s           wall seconds of the whole process (goals: <= 60 s and <= 10 s)
  tokens_<fmt>_first_cpu_s / _kept_cpu_s   CPU seconds of the process and its Kiwi workers (user + system): the
                                           figure the machine's load does not inflate; wall >= cpu / cores
  tokens_<fmt>_first_rss_mb / _kept_rss_mb peak RSS of the export process itself (VmHWM; goal <= 300 MB)
  tokens_<fmt>_first_worker_rss_mb         the largest peak RSS of its Kiwi worker processes (each holds a Kiwi)
  tokens_<fmt>_first_rss_sum_mb            the export process's peak plus each worker's (the largest worker's peak
                                           times the workers): a bound on the memory of the whole run
  tokens_kept_mb                           size of the kept tokens of the 10k documents in the project file
  tokens_kiwi_rss_mb / tokens_kiwi_model_mb   peak RSS of a process that has built the shipped Kiwi as a worker
                                           does and analysed one line, and what importing and building Kiwi
                                           added: the part of each worker's peak that no text or code of ours
                                           decides (the rest: the piece cache, <= ~13 MB, and Kiwi's work)
  tokens_tokenize_s / _cpu_s / _worker_rss_mb   `annotator tokenize` of a fresh copy (what a first export
                                           spends before writing; goal <= 60 s), its CPU seconds with the
                                           workers', and the largest worker's peak RSS (each holds a Kiwi)
  tokens_tokenize_workers / _rss_sum_mb    its worker processes, and its own peak plus theirs (as above)
  tokens_tokenize_repeated_share           the share of its characters Kiwi did not analyse: sentences repeated
                                           across pages (the corpus draws 5,000 KLUE sentences ~50 times each),
                                           found in the piece cache; real pages repeat far less
  tokens_tokenize_no_piece_cache_s / _cpu_s   the same run with ANNOTATOR_PIECE_CACHE=0: every sentence analysed,
                                           what the same size of text costs when nothing repeats

ANNOTATOR_BENCH_TOKENS_DOCS=N runs it on the first N documents instead (for a quick look; not the figure).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

OPT_IN = True
FORMATS = ("prodigy", "conll", "spacy")

# The CLI in this process; then its own peak RSS, and the CPU and peak RSS of its reaped children (Kiwi workers).
_CLI = """
import json, resource, sys
from annotator.cli import main
code = main(sys.argv[2:])
with open("/proc/self/status") as fh:
    own = next((int(l.split()[1]) for l in fh if l.startswith("VmHWM:")), 0) / 1024
kids = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(sys.argv[1], "w") as out:
    json.dump({"rss_mb": own, "worker_rss_mb": kids.ru_maxrss / 1024 if kids.ru_utime else 0.0,
               "worker_cpu_s": kids.ru_utime + kids.ru_stime}, out)
sys.exit(code)
"""


# A worker's Kiwi alone: RSS before and after building it (as token_cache._init_worker does) and one line analysed.
_KIWI = """
import json, sys
def rss(name):
    with open("/proc/self/status") as fh:
        return next(int(l.split()[1]) for l in fh if l.startswith(name + ":")) / 1024
from annotator.io import token_cache
before = rss("VmRSS")
token_cache._init_worker([], None)
token_cache._analyse_docs([(1, [(0, "중소벤처기업부는 강원 원주시를 규제자유특구로 지정했다.")])])
print(json.dumps({"rss_mb": rss("VmHWM"), "model_mb": rss("VmRSS") - before}))
"""


def kiwi_cost() -> dict:
    """What one Kiwi costs a worker process: its peak RSS and the part the build added (MB)."""
    done = subprocess.run([sys.executable, "-c", _KIWI], stdout=subprocess.PIPE, check=True)
    return json.loads(done.stdout)


def _cli(args: list[str], *, cwd: Path, env: dict[str, str] | None = None) -> dict:
    """The whole `annotator ARGS` process from cwd (env: variables set for it): seconds, CPU, its own figures, and
    what it printed (stdout)."""
    import resource

    env = dict(os.environ, ANNOTATOR_REVIEWER="bench", **(env or {}))
    report = cwd / "cli-figures.json"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _CLI, str(report), *args, "--quiet"], cwd=cwd, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace")[-2000:]
        raise RuntimeError(f"annotator {' '.join(args)} exited {done.returncode}: {message}")
    figures = json.loads(report.read_text())
    figures["seconds"] = seconds
    figures["cpu_s"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    figures["stdout"] = done.stdout.decode("utf-8", "replace")
    return figures


def build_project(folder: Path, documents: int) -> Path:
    """The peer corpus in one project: the labelled 2k first, then the plain 10k (its first 2k are duplicates)."""
    from annotator.bench.peer import LABELLED, write_corpus

    write_corpus(folder, documents=documents, labelled=min(LABELLED, documents))
    db = folder / "peer.db"
    _cli(["import", "labelled.jsonl", "--db", str(db), "--add-labels", "--index", "later"], cwd=folder)
    _cli(["import", "plain.jsonl", "--db", str(db), "--index", "later"], cwd=folder)
    return db


def run(*, scale: int) -> dict:
    del scale  # the peer corpus has a fixed size
    from annotator.bench.peer import DOCUMENTS

    documents = int(os.environ.get("ANNOTATOR_BENCH_TOKENS_DOCS") or DOCUMENTS)
    figures: dict = {"tokens_documents": documents, "tokens_cpu_count": os.cpu_count()}
    with tempfile.TemporaryDirectory(prefix="annotator-bench-tokens-") as tmp:
        folder = Path(tmp)
        base = build_project(folder, documents)
        fresh = folder / "tokenize.db"
        shutil.copyfile(base, fresh)
        got = _cli(["tokenize", "--db", str(fresh), "--json"], cwd=folder)
        figures["tokens_tokenize_s"] = round(got["seconds"], 2)
        figures["tokens_tokenize_cpu_s"] = round(got["cpu_s"], 2)
        figures["tokens_tokenize_worker_rss_mb"] = round(got["worker_rss_mb"], 1)
        done = json.loads(got["stdout"])
        workers = done["workers"]
        figures["tokens_tokenize_workers"] = workers
        figures["tokens_tokenize_rss_sum_mb"] = round(got["rss_mb"] + workers * got["worker_rss_mb"], 1)
        figures["tokens_tokenize_repeated_share"] = round(done["repeated_chars"] / max(done["chars"], 1), 3)
        fresh.unlink()
        shutil.copyfile(base, fresh)
        got = _cli(["tokenize", "--db", str(fresh)], cwd=folder, env={"ANNOTATOR_PIECE_CACHE": "0"})
        figures["tokens_tokenize_no_piece_cache_s"] = round(got["seconds"], 2)
        figures["tokens_tokenize_no_piece_cache_cpu_s"] = round(got["cpu_s"], 2)
        fresh.unlink()
        for fmt in FORMATS:
            db = folder / f"{fmt}.db"
            shutil.copyfile(base, db)
            out = str(folder / f"{fmt}-out")
            for phase in ("first", "kept"):
                got = _cli(["export", fmt, "--db", str(db), "--out", out, "--status", "all"], cwd=folder)
                figures[f"tokens_{fmt}_{phase}_s"] = round(got["seconds"], 2)
                figures[f"tokens_{fmt}_{phase}_cpu_s"] = round(got["cpu_s"], 2)
                figures[f"tokens_{fmt}_{phase}_rss_mb"] = round(got["rss_mb"], 1)
                if phase == "first":
                    figures[f"tokens_{fmt}_first_worker_rss_mb"] = round(got["worker_rss_mb"], 1)
                    # its workers: the tokenize run's on the same documents (one when the job is too small for a pool)
                    figures[f"tokens_{fmt}_first_rss_sum_mb"] = round(
                        got["rss_mb"] + max(workers, 1 if got["worker_rss_mb"] else 0) * got["worker_rss_mb"], 1)
        from annotator.store import Project

        with Project.open(folder / "prodigy.db", "bench", read_only=True) as project:
            figures["tokens_kept_mb"] = round(sum(s["bytes"] for s in project.token_cache_stats()) / 1e6, 1)
    kiwi = kiwi_cost()
    figures["tokens_kiwi_rss_mb"] = round(kiwi["rss_mb"], 1)
    figures["tokens_kiwi_model_mb"] = round(kiwi["model_mb"], 1)
    return figures
