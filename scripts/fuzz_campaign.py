"""The fuzzing campaign, rerunnable: mutated files of every import format imported in-process with the
lose-nothing oracle and, every tenth case, by `annotator import` as a whole process (tests/fuzz/harness.py); and
the targets of tests/fuzz/campaign_targets.py: damaged project files opened by every command and the app (states),
every writing command on a full disk (full_disk), huge inputs (huge), suggest's inputs (suggest), every seed file
imported with every --format forced (formats), reviewers' hand-outs damaged or mixed up and merged back, now and
then killed midway (team: tests/fuzz/campaign_team.py). Deterministic by seed; failing inputs are kept under
OUT/failing/; a summary of inputs run and failures per target is printed (and written as OUT/summary.json).

    python scripts/fuzz_campaign.py --seconds 600 --seed 7 --out /tmp/fuzz                 # every target
    python scripts/fuzz_campaign.py --target import --cases 2000 --seed 7 --out /tmp/fuzz  # one target
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
ALL = ("import", "states", "full_disk", "huge", "suggest", "formats", "team")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", action="append", choices=ALL + ("all",), default=None,
                        help="repeatable (default: all); the --seconds budget is split evenly between them")
    parser.add_argument("--cases", type=int, default=None, help="at most this many inputs a target")
    parser.add_argument("--seconds", type=float, default=None, help="stop after this long (default: no limit)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--process-every", type=int, default=10, help="import: 0 never runs the CLI as a process")
    parser.add_argument("--out", type=Path, default=None, help="work folder (default: a temporary one)")
    args = parser.parse_args()
    from tests.fuzz.campaign_targets import run_target
    from tests.fuzz.harness import run_campaign

    targets = ALL if not args.target or "all" in args.target else tuple(dict.fromkeys(args.target))
    if args.cases is None and args.seconds is None:
        args.cases = 200
    budget = None if args.seconds is None else args.seconds / len(targets)
    out = args.out or Path(tempfile.mkdtemp(prefix="fuzz-"))
    out.mkdir(parents=True, exist_ok=True)
    summary = {"seed": args.seed, "targets": {}}
    for target in targets:
        started = time.monotonic()
        if target == "import":
            failing = run_campaign(out / "import", seed=args.seed, cases=args.cases or 10**9, seconds=budget,
                                   process_every=args.process_every)
            count = _cases_run(out / "import")
            found = [(f"case {case.number}: {case.target}, {case.how}", f) for case, f in failing]
        else:
            run = run_target(target, out, seed=args.seed, seconds=budget, cases=args.cases or 10**9)
            count, found = run.ran, run.failing
        seconds = time.monotonic() - started
        summary["targets"][target] = {"inputs": count, "failing": len(found), "seconds": round(seconds, 1),
                                      "failures": [{"case": what, "broke": broke} for what, broke in found]}
        print(f"{target}: {count} inputs in {seconds:.0f} s, {len(found)} failing", flush=True)
    (out / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
    failing = sum(t["failing"] for t in summary["targets"].values())
    print(f"{failing} failing inputs in all; inputs under {out / 'failing'}" if failing else "no failing input")
    return 1 if failing else 0


def _cases_run(folder: Path) -> int:
    return int((folder / "cases_run").read_text()) if (folder / "cases_run").exists() else 0


if __name__ == "__main__":
    sys.exit(main())
