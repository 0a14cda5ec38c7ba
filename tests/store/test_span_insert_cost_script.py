"""scripts/span_insert_cost.py: every variant of the spans table takes the same rows; the figures are JSON."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "span_insert_cost.py"


def test_each_variant_stores_every_row_and_is_reported(capsys):
    spec = importlib.util.spec_from_file_location("span_insert_cost", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--spans", "300", "--documents", "12"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["spans"] == 300 and list(report["variants"]) == list(module.VARIANTS)
    assert all(v["seconds"] >= 0 and v["us_per_row"] > 0 and v["cpu_seconds"] >= 0 for v in report["variants"].values())
