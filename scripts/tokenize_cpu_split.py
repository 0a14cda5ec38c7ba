"""Where the CPU of `annotator tokenize` goes, in one run: `python scripts/tokenize_cpu_split.py --db PROJECT [--docs N]`.

Runs what a first `annotator tokenize` does, in this one process and on a copy of PROJECT (the pool's work done
in line, so every part is timed by the same clock, process_time): the parent reading the documents and their
content lines, the tasks pickled to and from a worker (what the pool's IPC costs beside the pipe itself),
each worker step (cutting lines into chunks, Kiwi's own tokenize over exactly those chunks, building morphs and
sentences from Kiwi's tokens, the compact value) and the SQL writes of the kept values. Prints JSON with the
load average; `analyses_digest` (of the kept values, decompressed) shows two checkouts (--src) keep the same tokens.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import pickle
import shutil
import sys
import tempfile
import time
import zlib
from collections import defaultdict
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", required=True, help="a project without kept tokens (bench.tokens.build_project)")
    parser.add_argument("--docs", type=int, default=0, help="only the first N documents (0: all)")
    parser.add_argument("--src", default=str(Path(__file__).resolve().parents[1]), help="checkout to take annotator from")
    args = parser.parse_args(argv)
    sys.path.insert(0, args.src)
    from annotator.core import korean
    from annotator.io import token_cache
    from annotator.store import Project

    cpu: dict[str, float] = defaultdict(float)
    clock = time.process_time

    class TimedKiwi:
        """Kiwi with its tokenize timed (the rest passed through)."""

        def __init__(self, kiwi) -> None:
            self._kiwi = kiwi

        def tokenize(self, texts, *a, **k):
            started = clock()
            got = self._kiwi.tokenize(texts, *a, **k)
            got = got if isinstance(texts, str) else list(got)
            cpu["kiwi_tokenize"] += clock() - started
            return got

        def __getattr__(self, name):
            return getattr(self._kiwi, name)

    def timed(name, fn):
        def wrapper(*a, **k):
            started = clock()
            try:
                return fn(*a, **k)
            finally:
                cpu[name] += clock() - started
        return wrapper

    figures: dict = {"load_before": os.getloadavg(), "src": args.src}
    with tempfile.TemporaryDirectory(prefix="tokenize-split-") as tmp:
        db = Path(tmp) / "copy.db"
        shutil.copyfile(args.db, db)
        analyser = korean.KoreanAnalyser(num_workers=1, cache_lines=8)
        started = clock()
        analyser._kiwi = TimedKiwi(analyser._ensure_kiwi())
        cpu["kiwi_build"] = clock() - started
        token_cache._worker_analyser = analyser
        korean._piece_bounds = timed("chunk_bounds", korean._piece_bounds)
        korean._line_analyses = timed("morph_building", korean._line_analyses)
        token_cache.encode = timed("encode", token_cache.encode)
        digest = hashlib.sha256()
        with Project.open(db, "split") as project:
            with token_cache.TokenCache(project, analyser, workers=1) as cache:
                started = clock()
                ids = project.document_ids()
                if args.docs:
                    ids = ids[:args.docs]
                tid = cache._tid()
                docs = list(cache._pending_lines(ids, True))
                cpu["parent_read_documents"] = clock() - started
                started = clock()
                tasks = list(token_cache._tasks(docs))
                cpu["parent_tasks"] = clock() - started
                run = token_cache.TokenRun()
                for task in tasks:
                    started = clock()
                    task = pickle.loads(pickle.dumps(task, pickle.HIGHEST_PROTOCOL))
                    cpu["ipc_pickle_task"] += clock() - started
                    started = clock()
                    result = token_cache._analyse_docs(task)
                    cpu["worker_analyse_docs_total"] += clock() - started
                    started = clock()
                    values, _rss, _kiwi_chars = pickle.loads(pickle.dumps(result, pickle.HIGHEST_PROTOCOL))
                    cpu["ipc_pickle_values"] += clock() - started
                    for doc_id, value in values:  # what the value holds, whatever zlib's level
                        digest.update(doc_id.to_bytes(8, "little") + value[:4] + zlib.decompress(value[4:]))
                    started = clock()
                    cache._keep(run, values)
                    cpu["sql_keep"] += clock() - started
                del tid
        figures["documents"] = len(docs)
        figures["lines"] = sum(len(lines) for _, lines in docs)
        figures["chars"] = sum(len(line) for _, lines in docs for _, line in lines)
        figures["stored"] = run.stored
    worker_other = (cpu["worker_analyse_docs_total"] - cpu["kiwi_tokenize"] - cpu["chunk_bounds"]
                    - cpu["morph_building"] - cpu["encode"])
    figures["cpu_s"] = {name: round(value, 3) for name, value in sorted(cpu.items())}
    figures["cpu_s"]["worker_other"] = round(worker_other, 3)
    ours = sum(v for k, v in cpu.items() if k not in ("kiwi_tokenize", "kiwi_build", "worker_analyse_docs_total"))
    figures["ours_cpu_s"] = round(ours, 3)
    figures["kiwi_share"] = round(cpu["kiwi_tokenize"] / (cpu["kiwi_tokenize"] + ours), 3)
    figures["analyses_digest"] = digest.hexdigest()[:16]
    figures["load_after"] = os.getloadavg()
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
