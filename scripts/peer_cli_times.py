"""Whole-process import times on the peer corpus, quicker than `annotator bench --only peer` (no index, no export):
the median of 3 runs of each import beside the median of 3 bare inserts, as the bench times them.

    python scripts/peer_cli_times.py FOLDER [plain] [labelled]

FOLDER gets the corpus (annotator.bench.peer.write_corpus) the first time. Run it before and after
`python -m compileall annotator` (or any change) to compare."""

from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path

from annotator.bench.peer import bare_insert, timed_cli_cpu, write_corpus


def main(argv: list[str]) -> None:
    folder = Path(argv[0])
    folder.mkdir(parents=True, exist_ok=True)
    if not (folder / "plain.jsonl").exists():
        write_corpus(folder)
    texts = [json.loads(line)["text"] for line in open(folder / "plain.jsonl", encoding="utf-8")]
    bare = statistics.median(bare_insert(folder, texts) for _ in range(3))
    print(f"bare insert {bare:.3f} s")
    for kind in argv[1:] or ["plain", "labelled"]:
        runs = []
        for _ in range(3):
            db = folder / f"times-{kind}.db"
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
            args = ["import", f"{kind}.jsonl", "--db", db.name, "--index", "later"]
            runs.append(timed_cli_cpu(args + (["--add-labels"] if kind == "labelled" else []), cwd=folder))
        wall = statistics.median(r[0] for r in runs)
        cpu = statistics.median(r[2] for r in runs)
        print(f"{kind} import {wall:.3f} s, CPU {cpu:.3f} s, {wall / bare:.2f}x the bare insert,"
              f" peak RSS {max(r[1] for r in runs):.1f} MB")


if __name__ == "__main__":
    main(sys.argv[1:])
