"""CPU per page of each phase of the dictionary + patterns engine on the bench pages, and a digest of what it proposes.

    .venv/bin/python scripts/suggest_engine_profile.py [--pages 100] [--repeat 5]

The pages, dictionary and suggester are those of `annotator bench --only suggest_speed` (the bundled sample cut into
~3 KB pages; every line searched); their analyses are in memory. Each figure is the fastest of --repeat runs
(microseconds of CPU a page: the machine is shared, the fastest run is the least disturbed), with /proc/loadavg.
The digest covers every proposal (span, label, source, score, detail) over the sample's texts and pages, the shared
corpus's pages and KLUE-NER sentences in pages of 15 when ../shared is there: equal digests before and after a
change mean the same output. kept_tokens_read: decoding a page's kept tokens and reading every line's analysis.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import time
from pathlib import Path


def _texts(records, pages) -> list[str]:
    texts = [r["text"] for r in records] + list(dict.fromkeys(pages(records, 50)))
    shared = Path(__file__).resolve().parents[2] / "shared"
    texts += [p.read_text(encoding="utf-8") for p in sorted((shared / "corpus").glob("*.txt"))]
    from annotator.nlp.suggest import klue_base

    if klue_base.default_data_path().is_file():
        sentences = [s.text for s in klue_base.load_sentences(klue_base.default_data_path())[:1500]]
        texts += ["\n".join(sentences[i:i + 15]) for i in range(0, len(sentences), 15)]
    return texts


def digest(suggester, texts) -> dict:
    found = hashlib.sha256()
    count = 0
    for text in texts:
        for s in suggester.suggest(text).entities:
            found.update(repr((s.start, s.end, s.label, s.source, s.score, s.detail)).encode("utf-8"))
            count += 1
    return {"texts": len(texts), "suggestions": count, "sha256": found.hexdigest()[:16]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    from annotator.bench.suggest import gold_entities, labelled_sample, pages
    from annotator.bench.suggest_project import _load
    from annotator.core import korean, korean_codec
    from annotator.core.scheme import default_scheme
    from annotator.nlp.suggest.base import combine_candidates
    from annotator.nlp.suggest.dictionary import EntityDictionary
    from annotator.nlp.suggest.engine import Suggester
    from annotator.nlp.suggest.patterns import line_regions

    records = labelled_sample()
    dictionary = EntityDictionary()
    dictionary.add_documents((r["text"], gold_entities(r)) for r in records)
    engine = Suggester(default_scheme(), sources=("dictionary", "patterns"), dictionary=dictionary, content_only=False)
    texts = pages(records, args.pages)
    distinct = list(dict.fromkeys(texts))
    for text in distinct:
        korean.tokenize(text)
    regions = {t: line_regions(t) for t in distinct}
    candidates = {t: engine.candidates(t, regions[t]) for t in distinct}
    calibrated = {t: engine.calibration.apply(t, candidates[t]) for t in distinct}
    source = engine.patterns
    kept = {t: korean_codec.encode((n, korean.analyse_line(line)) for n, line in enumerate(t.split("\n"))
                                   if line.strip()) for t in distinct}

    def read_kept(text):
        for _n, analysis in korean_codec.decode(kept[text]):
            analysis.offsets(), analysis.tag_tuples(), analysis.sentences

    phases = {
        "suggest": engine.suggest,
        "dictionary": lambda t: engine.dictionary.candidates(t, regions[t]),
        "patterns": lambda t: source.candidates(t, regions[t]),
        "calibration": lambda t: engine.calibration.apply(t, candidates[t]),
        "combine": lambda t: combine_candidates(calibrated[t]),
        "kept_tokens_read": read_kept,
    }
    figures = {"pages": len(texts), "distinct_pages": len(distinct), "load_start": _load()}
    for name, run in phases.items():
        best = float("inf")
        for _ in range(args.repeat):
            started = time.process_time()
            for text in texts:
                run(text)
            best = min(best, time.process_time() - started)
        figures[f"{name}_cpu_us_per_page"] = round(best / len(texts) * 1e6, 1)
    figures["load_end"] = _load()
    figures["digest_every_line"] = digest(engine, _texts(records, pages))
    engine.content_only = True
    figures["digest_content_lines"] = digest(engine, _texts(records, pages))
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
