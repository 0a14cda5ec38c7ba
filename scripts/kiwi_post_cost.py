"""What our own work on Kiwi's output costs against Kiwi itself: `python scripts/kiwi_post_cost.py [--pages N] [--src DIR]`.

Builds N pages of the peer corpus's kind (KLUE sentences joined by spaces, ~1.3 KB, as `annotator.bench.peer`),
cuts their lines as KoreanAnalyser does, runs Kiwi once over the chunks (its CPU seconds), then times, best of
5, what a tokenize worker does with those Kiwi tokens: morphs and sentences per line (`korean._line_analyses`)
and the compact value (`korean_codec.encode`). --src DIR takes `annotator` from another checkout (e.g. main, to
compare); a digest of the analyses shows both give the same. Prints JSON with the load average.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import sys
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=150)
    parser.add_argument("--src", default=str(Path(__file__).resolve().parents[1]))
    args = parser.parse_args(argv)
    sys.path.insert(0, args.src)
    from kiwipiepy import Kiwi

    from annotator.bench.peer import klue_sentences
    from annotator.core import korean
    from annotator.core.korean_codec import encode

    sentences = [text for text, _ in klue_sentences()]
    rng = random.Random(11)
    lines = []
    for _ in range(args.pages):
        page: list[str] = []
        while sum(map(len, page)) < 1300:
            page.append(rng.choice(sentences))
        lines.append(" ".join(page))
    cut = getattr(korean, "_piece_bounds", None) or korean._chunk_bounds  # how the checkout cuts lines
    missing = {line: cut(line) for line in lines}
    chunks = [(line, start, end) for line, bounds in missing.items() for start, end in bounds]
    figures: dict = {"load_before": os.getloadavg(), "src": args.src, "pages": args.pages,
                     "chars": sum(map(len, lines))}
    kiwi = Kiwi(num_workers=1)
    kiwi.tokenize("시작")
    started = time.process_time()
    analysed = list(kiwi.tokenize([line[start:end] for line, start, end in chunks]))
    figures["kiwi_cpu_s"] = round(time.process_time() - started, 3)
    best_post = best_encode = float("inf")
    for _ in range(5):
        started = time.process_time()
        fresh = korean._line_analyses(missing, chunks, analysed)
        best_post = min(best_post, time.process_time() - started)
        started = time.process_time()
        for line in lines:
            encode([(0, fresh[line])])
        best_encode = min(best_encode, time.process_time() - started)
    figures["morphs_cpu_s"] = round(best_post, 3)
    figures["encode_cpu_s"] = round(best_encode, 3)
    figures["ours_vs_kiwi"] = round((best_post + best_encode) / figures["kiwi_cpu_s"], 3)
    figures["analyses_digest"] = hashlib.sha256(repr([fresh[line] for line in lines]).encode()).hexdigest()[:16]
    figures["load_after"] = os.getloadavg()
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
