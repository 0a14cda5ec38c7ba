"""scripts/suggest_cli_phases.py: on a project it made (distinct pages, tokens kept) it runs the whole suggest path
and says where the CPU went, part by part; the run stores what `suggest --db` stores. In a process of its own: the
script puts timers on the path's functions."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "suggest_cli_phases.py"


def test_the_parts_of_a_run_are_timed(tmp_path):
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"))
    db = tmp_path / "pages.db"
    subprocess.run([sys.executable, str(SCRIPT), str(db), "--make", "--pages", "6"], check=True, env=env)
    done = subprocess.run([sys.executable, str(SCRIPT), str(db)], check=True, env=env, capture_output=True, text=True)
    lines = done.stdout.splitlines()
    documents, stored = (int(part.split()[0]) for part in lines[0].split(", ")[:2])
    assert documents >= 6 and "suggestions stored" in lines[0]  # the pages and the sample's labelled documents
    parts = {line[:44].strip() for line in lines[1:]}
    assert {"engine: dictionary pass", "engine: patterns", "engine: calibration", "engine: combine",
            "read: kept tokens decoded and primed", "write: write_suggestions"} <= parts
    assert stored > 0
