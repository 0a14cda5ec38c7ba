"""The Excel report alone, at `scale` entity rows (scale / 10 synthetic documents of 10 entities each):
`annotator bench --only workbook --scale 1000000` measures the 1,000,000-row case without also building the
export benchmark's project of `scale` documents.

workbook_rows_per_s      entity (mention) rows written per second, whole report included
workbook_seconds         time to write the report
workbook_writer_rss_mb   peak RSS of the process writing it (goal: < 500 MB at 1,000,000 rows)
workbook_entity_rows     the rows written
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from annotator.bench.export import build_project

OPT_IN = True  # the export area already reports the report at `scale`; this one is for the 1,000,000-row case


def run(*, scale: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="annotator-bench-workbook-") as tmp:
        folder = Path(tmp)
        build_project(folder / "report.db", max(1, scale // 10), seed=11).close()
        code = "import sys; from annotator.bench.export import _report_child; _report_child(sys.argv[1], sys.argv[2])"
        root = str(Path(__file__).resolve().parents[2])
        result = subprocess.run([sys.executable, "-c", code, str(folder / "report.db"), str(folder / "r.xlsx")],
                                capture_output=True, text=True, cwd=root)
        if result.returncode != 0:
            raise RuntimeError(f"report benchmark failed:\n{result.stderr[-2000:]}")
        child = json.loads(result.stdout.strip().splitlines()[-1])
    return {"workbook_rows_per_s": round(child["rows"] / child["seconds"], 1) if child["seconds"] else 0.0,
            "workbook_seconds": round(child["seconds"], 1), "workbook_writer_rss_mb": round(child["rss_mb"], 1),
            "workbook_entity_rows": child["rows"]}
