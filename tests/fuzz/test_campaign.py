"""The fuzzing campaign's default budget in `make test` (tests/fuzz/harness.py says what each case checks):
a few mutated folders of every import format in-process, two of them through `annotator import` as a process.
FUZZ_CASES=2000 runs a longer campaign here; scripts/fuzz_campaign.py runs one with a time budget."""

from __future__ import annotations

import os

from tests.fuzz.harness import run_campaign

CASES = int(os.environ.get("FUZZ_CASES", "16"))


def test_mutated_folders_keep_every_promise(tmp_path):
    failing = run_campaign(tmp_path, seed=int(os.environ.get("FUZZ_SEED", "0")), cases=CASES, process_every=8,
                           log=lambda message: None)
    assert [(case.number, case.target, case.how, failures) for case, failures in failing] == []
