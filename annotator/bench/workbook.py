"""The Excel report alone, at `scale` entity rows (scale / 10 synthetic documents of 10 entities each):
`annotator bench --only workbook --scale 1000000` measures the 1,000,000-row case without also building the
export benchmark's project of `scale` documents.

workbook_rows_per_s      entity (mention) rows written per second, whole report included
workbook_seconds         time to write the report
workbook_writer_rss_mb   peak RSS of the process writing it (goal: < 500 MB at 1,000,000 rows)
workbook_entity_rows     the rows written
workbook_team_seconds    the same report after two reviewers (kim: every entity, lee: 90% of them) each took
                         the documents into their own layer and finished them: with the agreement sheet and the
                         zone table's 검토자 일치 column (up to TEAM_MAX_ROWS rows; null above)
workbook_team_rss_mb     its peak RSS
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from annotator.bench.export import build_project

OPT_IN = True  # the export area already reports the report at `scale`; this one is for the 1,000,000-row case
TEAM_MAX_ROWS = 100_000  # above this the two reviewer layers take longer to build than the figure is worth


def run(*, scale: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="annotator-bench-workbook-") as tmp:
        folder = Path(tmp)
        build_project(folder / "report.db", max(1, scale // 10), seed=11).close()
        child = _report(folder / "report.db", folder / "r.xlsx")
        figures = {"workbook_rows_per_s": round(child["rows"] / child["seconds"], 1) if child["seconds"] else 0.0,
                   "workbook_seconds": round(child["seconds"], 1), "workbook_writer_rss_mb": round(child["rss_mb"], 1),
                   "workbook_entity_rows": child["rows"], "workbook_team_seconds": None, "workbook_team_rss_mb": None}
        if scale <= TEAM_MAX_ROWS:
            _two_reviewers(folder / "report.db")
            team = _report(folder / "report.db", folder / "team.xlsx")
            figures["workbook_team_seconds"] = round(team["seconds"], 1)
            figures["workbook_team_rss_mb"] = round(team["rss_mb"], 1)
    return figures


def _report(db: Path, out: Path) -> dict:
    code = "import sys; from annotator.bench.export import _report_child; _report_child(sys.argv[1], sys.argv[2])"
    root = str(Path(__file__).resolve().parents[2])
    result = subprocess.run([sys.executable, "-c", code, str(db), str(out)], capture_output=True, text=True, cwd=root)
    if result.returncode != 0:
        raise RuntimeError(f"report benchmark failed:\n{result.stderr[-2000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def _two_reviewers(db: Path) -> None:
    """kim takes every imported entity into her layer, lee nine in ten; both finish every document."""
    import random

    from annotator.store import Project

    rng = random.Random(3)
    for reviewer, keep in (("kim", 1.0), ("lee", 0.9)):
        with Project.open(db, reviewer) as project:
            imported = next(layer.name for layer in project.layers() if layer.kind == "import")
            doc_ids = project.document_ids()
            for doc_id in doc_ids:
                project.copy_spans([s.id for s in project.spans(doc_id, imported) if rng.random() < keep])
                project.set_status(doc_id, "done")
