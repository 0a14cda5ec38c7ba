"""Boilerplate segmenter figures: speed on one core, line F1 on ../shared/corpus and on the repo's synthetic pages
(other CMS styles) and on the development set of real pages when its texts are present
(annotator.bench.segment_devset), speed against jusText on the same input."""

from __future__ import annotations

import html
import json
import time
from pathlib import Path

from annotator.core.boilerplate import segment_text

_MIN_SECONDS = 1.0


def _shared_corpus() -> Path | None:
    import annotator

    corpus = Path(annotator.__file__).resolve().parents[2] / "shared" / "corpus"
    return corpus if (corpus / "boilerplate_gold.json").is_file() else None


def _pages() -> list[str]:
    """Realistic pages to time: the shared corpus when present, else the repo's synthetic test pages."""
    candidates = []
    corpus = _shared_corpus()
    if corpus is not None:
        candidates += sorted(corpus.glob("*.txt"))
    fixtures = _fixtures()
    candidates += sorted(fixtures.glob("synthetic_pages/*.txt"))
    candidates += sorted(fixtures.glob("corpus/*.txt"))
    pages = [p.read_text(encoding="utf-8") for p in candidates]
    return pages or [_fallback_page()]


def _fallback_page() -> str:
    ticker = "\n".join(f"  • 맑음도시{i}{i % 20}.5℃" for i in range(60))
    body = "\n\n".join(f"정부는 {i}일 지역 혁신 정책을 발표했다. 관계자는 \"계획대로 추진하겠다\"고 말했다." for i in range(8))
    return f"신문 - 제목\n\n{ticker}\n\n정부, 지역 혁신 정책 발표\n\n{body}\n\n[저작권자ⓒ 신문. 무단전재-재배포 금지]\n"


def _variants(pages: list[str], scale: int) -> list[str]:
    # Distinct copies (a changed number in every line) so no cache anywhere can help.
    count = max(len(pages), min(400, max(20, scale // 10)))
    return [pages[i % len(pages)].replace("1", str(i % 9 + 1)) for i in range(count)]


def _time(func, docs: list[str]) -> float:
    """Seconds per pass over docs (best of repeated passes, at least _MIN_SECONDS in total)."""
    best, spent = float("inf"), 0.0
    while spent < _MIN_SECONDS or best == float("inf"):
        started = time.perf_counter()
        for doc in docs:
            func(doc)
        elapsed = time.perf_counter() - started
        best, spent = min(best, elapsed), spent + elapsed
    return best


def _fixtures() -> Path:
    return Path(__file__).resolve().parents[2] / "tests" / "fixtures"


def shared_corpus_f1() -> float | None:
    corpus = _shared_corpus()
    return None if corpus is None else gold_f1(corpus)


def gold_f1(corpus: Path) -> float | None:
    """Line-level F1 of the content class over the pages of a boilerplate_gold.json folder (optional lines skipped)."""
    if not (corpus / "boilerplate_gold.json").is_file():
        return None
    gold = json.loads((corpus / "boilerplate_gold.json").read_text(encoding="utf-8"))
    from annotator.core.boilerplate_eval import PageScore, score_page

    total = PageScore()
    for name, answer in gold.items():
        if name.startswith("_") or not (corpus / name).is_file():
            continue
        page = score_page((corpus / name).read_text(encoding="utf-8"), answer["content"], answer["optional"])
        total.tp, total.fp, total.fn = total.tp + page.tp, total.fp + page.fp, total.fn + page.fn
    return total.f1


def _justext_runner():
    try:
        import justext
    except ImportError:
        return None
    stoplist = justext.get_stoplist("Korean") if "Korean" in justext.get_stoplists() else frozenset()

    def run(text: str) -> None:
        markup = "".join(f"<p>{html.escape(line)}</p>" for line in text.split("\n"))
        justext.justext(f"<html><body>{markup}</body></html>", stoplist)

    return run


def run(*, scale: int) -> dict:
    docs = _variants(_pages(), scale)
    megabytes = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    ours = _time(segment_text, docs)
    figures: dict = {
        "segment_mb_per_s": round(megabytes / ours, 2),
        "segment_f1_shared_corpus": shared_corpus_f1(),
        "segment_f1_synthetic_pages": gold_f1(_fixtures() / "synthetic_pages"),
        "segment_vs_justext_speed": None,
    }
    from annotator.bench.segment_devset import bench_figures

    figures.update(bench_figures())
    justext_run = _justext_runner()
    if justext_run is not None:
        sample = docs[:100]
        # Interleave the passes so both see the same machine load; keep the best pass of each.
        ours_best = theirs_best = float("inf")
        for _ in range(4):
            ours_best = min(ours_best, _one_pass(segment_text, sample))
            theirs_best = min(theirs_best, _one_pass(justext_run, sample))
        figures["segment_vs_justext_speed"] = round(theirs_best / ours_best, 2)
    return figures


def _one_pass(func, docs: list[str]) -> float:
    started = time.perf_counter()
    for doc in docs:
        func(doc)
    return time.perf_counter() - started
