"""Import speed: a synthetic corpus of ~3 KB Korean news pages through the real import path
(JSONL parsing, boilerplate segmentation with corpus line statistics, documents, segments, FTS index),
against a bare executemany of the same texts into a one-table SQLite file, in the same run.
With ../shared beside the repo, the full KLUE-NER dev file is imported too."""

from __future__ import annotations

import itertools
import json
import random
import resource
import sqlite3
import tempfile
import time
from pathlib import Path
from typing import Iterator

_SITES = ["gwnews", "kbsnews", "regionpress", "cwn", "econodaily", "busanilbo", "jeonbuk", "innopolis"]
_SUBJECTS = ["중소벤처기업부", "강원도", "원주시", "부산시", "전북특별자치도", "과학기술정보통신부", "테크노파크",
             "대구시", "경상북도", "충청남도", "한국산업기술진흥원", "울산시"]
_OBJECTS = ["규제자유특구", "글로벌 혁신 특구", "연구개발특구", "실증사업", "수소 모빌리티", "디지털 헬스케어",
            "이차전지 소재", "바이오 의약품", "자율주행 실증", "스마트 그린산단"]
_VERBS = ["지정했다고 밝혔다", "추진한다고 발표했다", "선정됐다고 전했다", "협약을 체결했다", "예산을 확보했다",
          "설명회를 개최했다", "성과를 점검했다", "특례를 부여했다"]
_EXTRA = ["이번 사업은 지역 균형 발전을 위한 핵심 과제로 꼽힌다.", "관계자는 기업 유치에 속도를 내겠다고 말했다.",
          "총 사업비는 {n}억 원 규모다.", "참여 기업은 {n}곳으로 늘어났다.", "실증 기간은 {n}년이다."]


def _boilerplate(site: str) -> tuple[list[str], list[str]]:
    head = [f"{site.upper()} 뉴스 - 지역 혁신 정책", "", "  • 전체기사  • 정치  • 경제  • 사회  • 지역",
            "  • 맑음서울8.1℃  • 구름조금부산13.7℃  • 맑음춘천3.5℃", "로그인 회원가입 구독신청", ""]
    foot = ["", "관련기사", "  • 지역 특구 성과 보고회 열려", "  • 혁신 클러스터 공모 시작", "",
            f"Copyright © {site} All rights reserved. 무단전재 및 재배포 금지", "기사제보 광고문의 개인정보처리방침"]
    return head, foot


def synthetic_articles(count: int, *, seed: int = 7, target_bytes: int = 3000) -> list[dict]:
    return list(iter_synthetic_articles(count, seed=seed, target_bytes=target_bytes))


def iter_synthetic_articles(count: int, *, seed: int = 7, target_bytes: int = 3000) -> Iterator[dict]:
    """Streamed, so a 100k-article corpus never sits in memory (peak RSS is the importer's own)."""
    rng = random.Random(seed)
    for i in range(count):
        site = _SITES[i % len(_SITES)]
        head, foot = _boilerplate(site)
        title = f"{rng.choice(_SUBJECTS)}, {rng.choice(_OBJECTS)} {rng.choice(_VERBS)[:6]} ({i})"
        body: list[str] = [title, ""]
        size = sum(len(x.encode()) for x in head + foot) + len(title.encode())
        while size < target_bytes:
            para = " ".join(
                f"{rng.choice(_SUBJECTS)}는 {rng.randint(2020, 2026)}년 {rng.choice(_OBJECTS)} 관련 "
                f"{rng.choice(_OBJECTS)}을 {rng.choice(_VERBS)}. " + rng.choice(_EXTRA).format(n=rng.randint(2, 900))
                for _ in range(rng.randint(2, 3))
            )
            body += [para, ""]
            size += len(para.encode()) + 1
        text = "\n".join(head + body + foot)
        yield {"id": f"synthetic-{i}", "title": title, "text": text, "url": f"https://www.{site}.example/news/{i}"}


def _raw_insert_seconds(corpus: Path, folder: Path) -> float:
    """A bare executemany of the same texts into a one-table file (texts decoded beforehand, in chunks,
    so only the insert itself is timed)."""
    conn = sqlite3.connect(folder / "raw.db")
    conn.execute("CREATE TABLE documents(id INTEGER PRIMARY KEY, text TEXT NOT NULL)")
    seconds = 0.0
    with open(corpus, encoding="utf-8") as f:
        while True:
            texts = [(json.loads(line)["text"],) for line in itertools.islice(f, 5000)]
            if not texts:
                break
            started = time.perf_counter()
            with conn:
                conn.executemany("INSERT INTO documents(text) VALUES (?)", texts)
            seconds += time.perf_counter() - started
    conn.close()
    return seconds


def run(*, scale: int) -> dict:
    from annotator.io.importers import import_paths
    from annotator.store import Project

    scale = max(10, scale)
    figures: dict = {}
    with tempfile.TemporaryDirectory(prefix="annotator-bench-import-") as tmp:
        folder = Path(tmp)
        corpus = folder / "corpus.jsonl"
        with open(corpus, "w", encoding="utf-8") as f:
            for a in iter_synthetic_articles(scale):
                f.write(json.dumps(a, ensure_ascii=False) + "\n")
        megabytes = corpus.stat().st_size / 1e6
        raw = _raw_insert_seconds(corpus, folder)
        project = Project.open(folder / "project.db", "bench")
        started = time.perf_counter()
        report = import_paths(project, [corpus])
        seconds = time.perf_counter() - started
        project.close()
        figures.update({
            "import_docs": report.imported,
            "import_seconds": round(seconds, 3),
            "import_docs_per_s": round(report.imported / seconds, 1),
            "import_mb_per_s": round(megabytes / seconds, 2),
            "raw_sqlite_insert_seconds": round(raw, 3),
            "import_vs_raw_sqlite_ratio": round(seconds / raw, 2) if raw > 0 else None,
            "import_100k_projected_seconds": round(100_000 * seconds / max(1, report.imported), 1),
            # The segmenter child's peak (an upper bound: Linux carries the parent's RSS over at exec).
            "import_segmenter_child_peak_rss_mb": round(
                resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
        })
        figures.update(_klue_figures(folder))
    return figures


def _klue_figures(folder: Path) -> dict:
    import annotator
    from annotator.io.importers import import_paths
    from annotator.store import Project

    klue = Path(annotator.__file__).resolve().parents[2] / "shared" / "data" / "klue-ner" / "klue-ner-v1.1_dev.tsv"
    if not klue.exists():
        return {}
    project = Project.open(folder / "klue.db", "bench")
    started = time.perf_counter()
    report = import_paths(project, [klue])
    seconds = time.perf_counter() - started
    project.close()
    return {
        "import_klue_sentences": report.imported,
        "import_klue_spans": report.spans,
        "import_klue_problems": len(report.problems),
        "import_klue_sentences_per_s": round(report.imported / seconds, 1),
    }
