"""The fuzzing campaign's default budget in `make test` (tests/fuzz/harness.py says what each case checks):
a few mutated folders of every import format in-process, two of them through `annotator import` as a process.
FUZZ_CASES=2000 runs a longer campaign here; scripts/fuzz_campaign.py runs one with a time budget."""

from __future__ import annotations

import os

import pytest

from tests.fuzz.harness import run_campaign

CASES = int(os.environ.get("FUZZ_CASES", "16"))


def test_mutated_folders_keep_every_promise(tmp_path):
    failing = run_campaign(tmp_path, seed=int(os.environ.get("FUZZ_SEED", "0")), cases=CASES, process_every=8,
                           log=lambda message: None)
    assert [(case.number, case.target, case.how, failures) for case, failures in failing] == []


@pytest.mark.parametrize("target, cases", [("states", 3), ("full_disk", 2), ("huge", 2), ("suggest", 2),
                                           ("formats", 8), ("team", 3)])
def test_each_campaign_target_keeps_its_promises(tmp_path, target, cases):
    """A few inputs of every other target of scripts/fuzz_campaign.py (tests/fuzz/campaign_targets.py says what
    each checks); the script runs them for as long as it is given."""
    from tests.fuzz.campaign_targets import run_target

    run = run_target(target, tmp_path, seed=int(os.environ.get("FUZZ_SEED", "0")), cases=cases,
                     log=lambda message: None)
    assert run.ran == cases and run.failing == []
