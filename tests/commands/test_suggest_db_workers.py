"""annotator suggest --db on worker processes (one per core, batches of documents, written by the calling process
in input order) stores exactly what a single-process run stores."""

from __future__ import annotations

import json
import os
import shutil

from annotator.cli import main
from annotator.nlp import preannotate, preannotate_pool
from annotator.paths import resource_path
from annotator.store import Project

LABELLED = resource_path("samples", "seeds_labelled.jsonl")
ARTICLES = ["중소벤처기업부는 13일 강원 원주에서 글로벌 혁신 특구 설명회를 열었다고 밝혔다.\n오기웅 중소벤처기업부 차관은 120억 원을 지원한다.",
            "산업통상자원부는 2024년 7월 26일 규제자유특구 14개 시도를 발표했다.\n장관은 3곳을 더 지정한다.",
            "강원도는 내년 상반기 1조5000억원 규모의 사업을 시작한다."]


def _stored(path):
    with Project.open(path, "kim") as project:
        return {i: sorted((s.start, s.end, s.label, s.source, s.score, s.detail) for s in project.suggestions(i))
                for i in project.document_ids()}


def test_suggest_db_on_workers_stores_what_one_process_stores(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("ANNOTATOR_REVIEWER", "kim")
    files = []
    for n, text in enumerate(ARTICLES):
        files.append(tmp_path / f"a{n}.txt")
        files[-1].write_text(text, encoding="utf-8")
    one, pooled = tmp_path / "one.db", tmp_path / "pooled.db"
    assert main(["import", str(LABELLED), *map(str, files), "--db", str(one), "--quiet"]) == 0
    shutil.copy(one, pooled)
    args = ["--sources", "dictionary,patterns", "--status", "all", "--json", "--quiet"]
    capsys.readouterr()
    assert main(["suggest", "--db", str(one), *args]) == 0
    single = json.loads(capsys.readouterr().out)

    used = []
    real = preannotate_pool.pooled_proposals

    def spy(*a, **k):
        used.append(k["workers"])
        yield from real(*a, **k)

    monkeypatch.setattr(preannotate_pool, "FORK_MIN_DOCUMENTS", 1)
    monkeypatch.setattr(preannotate_pool, "SPAWN_MIN_DOCUMENTS", 1)  # forked or not (threads of earlier tests)
    monkeypatch.setattr(preannotate_pool, "TASK_DOCUMENTS", 1)  # several tasks, shared by a worker and this process
    monkeypatch.setattr(preannotate_pool, "MIN_TASK_DOCUMENTS", 1)
    monkeypatch.setattr(preannotate_pool, "pooled_proposals", spy)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setattr(os, "getloadavg", lambda: (0.2, 0.2, 0.2))  # a core is free
    assert main(["suggest", "--db", str(pooled), *args]) == 0
    multi = json.loads(capsys.readouterr().out)
    assert used == [2]
    assert multi == single and single["written"] > 0
    assert _stored(pooled) == _stored(one)
    assert [d["doc_id"] for d in multi["documents"]] == sorted(_stored(one))  # in input order


def test_workers_are_left_out_when_no_core_is_free(monkeypatch):
    from annotator.nlp.suggest.engine import Suggester
    from annotator.core.scheme import default_scheme

    suggester = Suggester(default_scheme(), sources=("patterns",))
    many = preannotate_pool.FORK_MIN_DOCUMENTS
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setattr(os, "getloadavg", lambda: (0.9, 0.5, 0.5))  # this run alone, about
    assert preannotate_pool.pool_workers(suggester, many, None) == 2  # this process and one forked worker
    assert preannotate_pool.pool_workers(suggester, many - 1, None) == 1  # too few to pay for a second process
    # spawned workers (where threads may run) start slowly: only for many more documents
    assert preannotate_pool.pool_workers(suggester, many, None, forked=False) == 1
    assert preannotate_pool.pool_workers(suggester, preannotate_pool.SPAWN_MIN_DOCUMENTS, None, forked=False) == 2
    monkeypatch.setattr(os, "getloadavg", lambda: (3.5, 3.0, 2.0))  # others fill both cores
    assert preannotate_pool.pool_workers(suggester, many, None) == 1
    assert preannotate_pool.pool_workers(suggester, many, 2) == 2  # asked for by number: as asked
    assert preannotate_pool.pool_workers(suggester, 1, 2) == 1  # a single document: here
    monkeypatch.setattr(os, "cpu_count", lambda: 8)
    assert preannotate_pool.pool_workers(suggester, many, None) == 8  # six cores free
    model = Suggester(default_scheme(), sources=("patterns", "model"))
    assert preannotate_pool.pool_workers(model, many, 4) == 1  # each worker would load its own spaCy pipeline


def test_workers_option_is_checked(tmp_path, capsys):
    assert main(["suggest", "--db", str(tmp_path / "x.db"), "--workers", "0"]) == 2
    assert "--workers" in capsys.readouterr().err
