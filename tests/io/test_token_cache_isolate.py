"""An export's process never builds a Kiwi (~260 MB beside its own data took it past 300 MB): with isolate, work too
small for the pool goes to one worker process, and the tokens it keeps are those this process's Kiwi would make."""

from __future__ import annotations

import json

from annotator.core import korean
from annotator.core.model import NewDocument
from annotator.io.token_cache import TokenCache
from annotator.store import Project

PAGES = [f"중소벤처기업부는 {n}일 강원 원주시를 규제자유특구로 지정했다.\n\n부산테크노파크 관계자는 \"계속한다\"고 말했다."
         for n in range(1, 5)]


def _project(path) -> Project:
    project = Project.open(path, "kim")
    project.add_documents([NewDocument(text, title=f"t{i}", source="s") for i, text in enumerate(PAGES)])
    return project


def test_a_small_isolated_run_uses_one_worker_and_keeps_what_this_process_would(tmp_path):
    here = korean.KoreanAnalyser(num_workers=1)
    with _project(tmp_path / "here.db") as project:
        with TokenCache(project, here) as cache:
            local = cache.pretokenize(project.document_ids(), content_only=False)
        assert local.workers == 0 and here._kiwi is not None
        kept_here = project.kept_tokens(project.tokenizer_id(here.tokenizer_key), project.document_ids())
    isolated = korean.KoreanAnalyser(num_workers=1)
    with _project(tmp_path / "isolated.db") as project:
        with TokenCache(project, isolated, isolate=True) as cache:
            run = cache.pretokenize(project.document_ids(), content_only=False)
            assert run.workers == 1 and run.stored == len(PAGES)
            # a page's lines asked for again (priming) and one line that is new: still the worker's
            items = [(d.id, d.text, None) for d in project.iter_documents()]
            assert cache.prime(items).computed == 0
        assert isolated._kiwi is None
        ids = project.document_ids()
        assert project.kept_tokens(project.tokenizer_id(isolated.tokenizer_key), ids) == kept_here
        for doc in project.iter_documents():
            assert isolated.tokenize(doc.text) == here.tokenize(doc.text)
        with TokenCache(project, isolated, isolate=True) as cache:
            fresh = cache.prime([(ids[0], PAGES[0] + "\n새 줄이 하나 더 있다.", None)])
            assert fresh.computed == 1 and fresh.workers == 1
        assert isolated._kiwi is None
        assert isolated.analyse_line("새 줄이 하나 더 있다.") == here.analyse_line("새 줄이 하나 더 있다.")


def test_a_small_export_builds_no_kiwi_in_its_process(tmp_path, monkeypatch):
    from annotator.io.exporters import prodigy

    fresh = korean.KoreanAnalyser()
    monkeypatch.setattr(korean, "_default", fresh)
    with _project(tmp_path / "p.db") as project:
        report = prodigy.export(project, out=tmp_path / "out.jsonl", status="all", workers=1)
    assert report.documents == len(PAGES)
    assert fresh._kiwi is None  # its tokens came from a worker process
    records = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    here = korean.KoreanAnalyser(num_workers=1)
    assert [[(t["text"], t["start"], t["end"]) for t in r["tokens"]] for r in records] == [
        [(t.text, t.start, t.end) for t in here.tokenize(text)] for text in PAGES]
