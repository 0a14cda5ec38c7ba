"""The worker pool of `annotator tokenize` (TokenCache.pretokenize): Kiwi's options reach the workers and the
tokenizer key, documents are read while the workers analyse, and a cancelled run keeps what it finished."""

from __future__ import annotations

from annotator.core import korean
from annotator.core.model import NewDocument
from annotator.io import token_cache
from annotator.io.token_cache import TokenCache
from annotator.store import Project

# A line Kiwi analyses differently with its word lists and without them (found on KLUE-NER dev).
LINE = "아놔 매즈 미켈슨 땜에 잠못 이루겠다"
# Options other than the shipped ones: Kiwi's own defaults when the shipped ones are lighter, else lighter.
OTHER = {} if korean.KIWI_OPTIONS else {"load_multi_dict": False, "load_default_dict": False}
PAGES = [f"{LINE}\n중소벤처기업부는 {n}일 강원 원주시를 규제자유특구로 지정했다." for n in range(1, 7)]


def _project(path) -> Project:
    project = Project.open(path, "kim")
    project.add_documents([NewDocument(text, title=f"t{i}", source="s") for i, text in enumerate(PAGES)])
    return project


def test_kiwi_options_change_the_key_and_reach_the_workers(tmp_path):
    shipped = korean.KoreanAnalyser(num_workers=1)
    other = korean.KoreanAnalyser(num_workers=1, kiwi_options=OTHER)
    assert other.tokenizer_key != shipped.tokenizer_key
    assert other.analyse_line(LINE) != shipped.analyse_line(LINE)  # else this test could not tell them apart
    with _project(tmp_path / "p.db") as project:
        with TokenCache(project, other, workers=2, pool_min_chars=0) as cache:
            run = cache.pretokenize(project.document_ids())
        assert run.workers == 2 and run.stored == len(PAGES)
        # LINE is on every page: Kiwi analyses it once per worker that gets it, the other lines each once
        other_chars = sum(len(page) - len(LINE) - 1 for page in PAGES)
        assert other_chars + len(LINE) <= run.kiwi_chars <= other_chars + 2 * len(LINE) < run.chars
        assert [s["tokenizer"] for s in project.token_cache_stats()] == [other.tokenizer_key]
        reader = korean.KoreanAnalyser(kiwi_options=OTHER)  # never builds a Kiwi: every line is kept
        with TokenCache(project, reader) as cache:
            assert cache.prime([(d.id, d.text, None) for d in project.iter_documents()]).computed == 0
        assert reader._kiwi is None
        assert reader.analyse_line(LINE) == other.analyse_line(LINE)
        for text in PAGES:
            assert reader.tokenize(text) == other.tokenize(text)


def test_a_cancelled_pool_run_keeps_what_it_finished_and_the_next_run_does_the_rest(tmp_path, monkeypatch):
    monkeypatch.setattr(token_cache, "_TASK_CHARS", 1)  # one document per task
    progress: list[float] = []
    with _project(tmp_path / "p.db") as project:
        ids = project.document_ids()
        with TokenCache(project, workers=2, pool_min_chars=0) as cache:
            first = cache.pretokenize(ids, progress=lambda f, _m: progress.append(f), cancel=lambda: bool(progress))
        assert first.cancelled and first.computed == first.stored == 1 and progress == [1 / len(ids)]
        with TokenCache(project, workers=2, pool_min_chars=0) as cache:
            second = cache.pretokenize(ids, progress=lambda f, _m: progress.append(f))
        assert (second.kept, second.computed, second.stored) == (1, len(ids) - 1, len(ids) - 1)
        assert progress[-1] == 1.0
        fresh = korean.KoreanAnalyser(num_workers=1)
        reader = korean.KoreanAnalyser()
        with TokenCache(project, reader) as cache:
            assert cache.prime([(d.id, d.text, None) for d in project.iter_documents()]).computed == 0
        for text in PAGES:
            assert reader.tokenize(text) == fresh.tokenize(text)
