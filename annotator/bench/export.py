"""Export and report figures on a synthetic labelled project.

export_jsonl_docs_per_s   doccano JSONL with spans and relations, `scale` documents of ~3 KB with ~10
                          spans and ~3 relations each (goal: at least 6,700 documents/s)
export_prodigy_docs_per_s Prodigy JSONL, which tokenizes with Kiwi (on at most 300 documents, Kiwi loaded)
report_rows_per_s         Excel report entity rows per second, with `scale` entity rows
report_peak_rss_mb        peak RSS of the process writing that report (a subprocess, so the figure is its own)
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ORGS = ["중소벤처기업부", "과학기술정보통신부", "강원특별자치도", "원주시", "부산테크노파크", "한국산업기술진흥원"]
ZONES = ["글로벌 혁신 특구", "규제자유특구", "연구개발특구", "바이오 특구", "수소 특구"]
LOCS = ["강원", "부산", "충북", "전남", "경북", "대전", "원주", "세종"]
FIELDS = ["AI헬스케어", "이차전지", "수소", "정밀의료", "스마트 물류", "반도체"]
FILLER = ["관계자는", "이번", "사업을", "통해", "지역", "산업의", "경쟁력을", "높이고", "일자리를", "만들", "계획이라고",
          "밝혔다", "또한", "참여", "기업들은", "실증", "결과를", "바탕으로", "해외", "시장", "진출을", "준비하고", "있다"]
PROGRESS_EVERY = 10_000


def synthetic_document(n: int, rng: random.Random):
    """About 3 KB of Korean news-like text with 10 spans and 3 relations (all offsets known exactly)."""
    from annotator.core.model import NewDocument, NewRelation, NewSpan

    parts: list[str] = []
    spans: list[NewSpan] = []
    pos = 0

    def put(text: str, label: str | None = None) -> int:
        nonlocal pos
        if label:
            spans.append(NewSpan(pos, pos + len(text), label))
        parts.append(text)
        pos += len(text)
        return len(spans) - 1

    put(f"[{n}호] ")
    org = put(rng.choice(ORGS), "ORG")
    put("는 ")
    put(f"{rng.randint(1, 28)}일", "DATE")
    put(" ")
    zone = put(rng.choice(LOCS) + " " + rng.choice(ZONES), "ZONE")
    put("를 지정했다고 밝혔다.\n")
    loc = put(rng.choice(LOCS), "LOC")
    put(" 지역의 ")
    put(rng.choice(FIELDS), "FIELD")
    put(" 분야에 ")
    put(f"{rng.randint(10, 900)}억 원", "MONEY")
    put("이 투입된다.\n")
    while len(spans) < 10:
        put(" ".join(rng.choice(FILLER) for _ in range(12)) + " ")
        put(rng.choice(ORGS), "ORG")
        put(" ")
        put(rng.choice(LOCS), "LOC")
        put(" 관계자가 참석했다.\n")
    while pos < 3000:
        put(" ".join(rng.choice(FILLER) for _ in range(14)) + f" {rng.randint(0, 10**6)}.\n")
    relations = [NewRelation(org, zone, "designates"), NewRelation(zone, loc, "located_in"),
                 NewRelation(zone, 1, "on_date")]
    return NewDocument("".join(parts), title=f"합성 기사 {n}", source="bench", spans=spans, relations=relations)


def build_project(path: Path, docs: int, *, seed: int = 7):
    from annotator.store import Project

    rng = random.Random(seed)
    project = Project.open(path, "bench")
    project.add_documents(synthetic_document(n, rng) for n in range(docs))
    return project


def _timed_export(project, fmt: str, out: Path, doc_ids=None) -> float:
    from annotator.io.exporters import exporter

    started = time.perf_counter()
    report = exporter(fmt).export(project, out=out, status="all", doc_ids=doc_ids)
    elapsed = time.perf_counter() - started
    return report.documents / elapsed if elapsed else 0.0


def _report_child(db: str, out: str) -> None:
    """Run in a subprocess: write the report and print seconds, rows and this process's peak RSS.
    VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent across exec."""
    from annotator.io.report import write_report
    from annotator.store import Project

    with Project.open(db, "bench") as project:
        started = time.perf_counter()
        summary = write_report(project, out=Path(out))
        seconds = time.perf_counter() - started
    rss = _peak_rss_mb()
    print(json.dumps({"seconds": seconds, "rows": summary.entities, "rss_mb": rss}))


def _peak_rss_mb() -> float:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(*, scale: int) -> dict:
    figures: dict = {}
    with tempfile.TemporaryDirectory(prefix="annotator-bench-export-") as tmp:
        folder = Path(tmp)
        project = build_project(folder / "export.db", scale)
        try:
            # Best of two runs: the first also pays for a cold page cache.
            figures["export_jsonl_docs_per_s"] = round(max(
                _timed_export(project, "doccano", folder / "d.jsonl") for _ in range(2)), 1)
            ids = project.document_ids()[:300]
            from annotator.core.korean import tokenize

            tokenize("워밍업 문장입니다.")  # load Kiwi first: the figure is throughput, not start-up
            figures["export_prodigy_docs_per_s"] = round(
                _timed_export(project, "prodigy", folder / "p.jsonl", doc_ids=ids), 1)
        finally:
            project.close()
        # The report at `scale` entity rows: scale / 10 documents of 10 entities each.
        build_project(folder / "report.db", max(1, scale // 10), seed=11).close()
        code = "import sys; from annotator.bench.export import _report_child; _report_child(sys.argv[1], sys.argv[2])"
        root = str(Path(__file__).resolve().parents[2])
        result = subprocess.run([sys.executable, "-c", code, str(folder / "report.db"), str(folder / "r.xlsx")],
                                capture_output=True, text=True, cwd=root)
        if result.returncode != 0:
            raise RuntimeError(f"report benchmark failed:\n{result.stderr[-2000:]}")
        child = json.loads(result.stdout.strip().splitlines()[-1])
        figures["report_rows_per_s"] = round(child["rows"] / child["seconds"], 1) if child["seconds"] else 0.0
        figures["report_peak_rss_mb"] = round(child["rss_mb"], 1)
        figures["report_entity_rows"] = child["rows"]
    return figures
