"""A long run of the fuzzing campaign (tests/fuzz/harness.py): mutated files of every import format, imported
in-process with the lose-nothing oracle and, every tenth case, by `annotator import` as a whole process.
Deterministic by seed; failing inputs are kept under OUT/failing/case-N for a regression test.

    python scripts/fuzz_campaign.py --cases 2000 --seconds 1800 --seed 7 --out /tmp/fuzz
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=500)
    parser.add_argument("--seconds", type=float, default=None, help="stop after this long (default: no limit)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--process-every", type=int, default=10, help="0: never run the CLI as a process")
    parser.add_argument("--out", type=Path, default=None, help="work folder (default: a temporary one)")
    args = parser.parse_args()
    from tests.fuzz.harness import run_campaign

    out = args.out or Path(tempfile.mkdtemp(prefix="fuzz-"))
    out.mkdir(parents=True, exist_ok=True)
    failing = run_campaign(out, seed=args.seed, cases=args.cases, seconds=args.seconds,
                           process_every=args.process_every)
    print(f"{len(failing)} failing cases; inputs under {out / 'failing'}" if failing else "no failing case")
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
