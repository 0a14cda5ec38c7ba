"""Bench figures for suggestions (issue 13). Every figure is rerunnable from the repo alone.

suggest_base_model_klue_f1 (with _p, _r, per label): the shipped base model on the 20% of KLUE-NER dev
held out from its training (data/klue-ner; same seeded split as scripts/train_base_model.py).
suggest_leave_one_out_precision / _recall: on the bundled labelled sample (3 real pages, 180 entities),
for each page, suggestions from the other pages' dictionary, the default scheme's patterns and the base
model, against that page's own labels (exact start, end and label), per source and combined.
suggest_patterns_klue: the default scheme's patterns on that held-out KLUE part (DATE, MONEY, QUANTITY;
TITLE has no KLUE counterpart), P/R per label: the out-of-sample check of patterns written on the sample.
_calibrated: the same with the model's per-label scores calibrated on the other pages' labels (as a project
does with its reviewed documents), which matters for the score thresholds.
suggest_relations_precision / _recall: the relation rules given the page's gold entities.
suggest_docs_per_s: pre-annotation of ~3 KB pages (the sample pages cut at line ends into ~3 KB pieces,
repeated), every line searched (+ _content_only: content lines only, the line kinds given as a project
stores them), dictionary + patterns alone
and with the model, cold (Kiwi's line cache emptied before each page) and _cached (the analyses the open
document already has in the app), beside tokenizer_docs_per_s (Kiwi alone, cold, on the same pages).
"""

from __future__ import annotations

import json
import time

from annotator.nlp.suggest.base import DICTIONARY, MODEL, PATTERNS
from annotator.nlp.suggest.scoring import Tally

PAGE_CHARS = 3000


def labelled_sample() -> list[dict]:
    from annotator.paths import resource_path

    path = resource_path("samples", "seeds_labelled.jsonl")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def gold_entities(record: dict) -> list[tuple[int, int, str]]:
    return [(e["start_offset"], e["end_offset"], e["label"]) for e in record["entities"]]


def leave_one_out(records: list[dict], sources=(DICTIONARY, PATTERNS, MODEL), *, calibrate: bool = False) -> dict:
    """Per source and combined: precision/recall of suggestions on each page from the other pages."""
    from annotator.core.scheme import default_scheme
    from annotator.nlp.suggest.base import combine
    from annotator.nlp.suggest.dictionary import EntityDictionary
    from annotator.nlp.suggest.engine import Suggester

    scheme = default_scheme()
    thresholds = (0.4, 0.5, 0.6, 0.7, 0.8)
    names = (*sources, "combined", "dictionary+patterns", *(f"combined_min_score_{t}" for t in thresholds))
    tallies = {name: Tally() for name in names}
    for i, record in enumerate(records):
        text = record["text"]
        dictionary = EntityDictionary()
        dictionary.add_documents((other["text"], gold_entities(other)) for j, other in enumerate(records) if j != i)
        suggester = Suggester(scheme, sources=sources, dictionary=dictionary)
        if calibrate and suggester.model is not None:
            suggester.model.calibrate((o["text"], suggester.regions(o["text"]), gold_entities(o))
                                      for j, o in enumerate(records) if j != i)
        raw = suggester.raw(text, suggester.regions(text))
        gold = gold_entities(record)
        for name in sources:
            tallies[name].add(gold, [s.key for s in combine(x for x in raw if x.source == name)])
        tallies["combined"].add(gold, [s.key for s in combine(raw)])
        for t in thresholds:
            tallies[f"combined_min_score_{t}"].add(gold, [s.key for s in combine(raw, min_score=t)])
        tallies["dictionary+patterns"].add(gold, [s.key for s in combine(x for x in raw if x.source != MODEL)])
    return {name: {**t.overall(), "per_label": t.per_label()} for name, t in tallies.items()}


def patterns_on_klue(sentences) -> dict:
    """The default patterns on held-out KLUE sentences (text the patterns were not written from), per label
    they propose; KLUE's own conventions differ in places (it tags ages in brackets, "오후 3시" is TI)."""
    from annotator.core.scheme import default_scheme
    from annotator.nlp.suggest.base import combine
    from annotator.nlp.suggest.patterns import PatternSource

    source = PatternSource.from_scheme(default_scheme())
    labels = {p.label for p in source.patterns}
    tally = Tally()
    for sent in sentences:
        tally.add([s for s in sent.spans if s[2] in labels], [s.key for s in combine(source.suggest(sent.text))])
    return {label: {m: v[m] for m in ("p", "r", "tp", "proposed", "gold")} for label, v in tally.per_label().items()}


def relation_figures(records: list[dict]) -> dict:
    from annotator.core import korean
    from annotator.core.scheme import default_scheme
    from annotator.nlp.suggest.relations import suggest_relations

    scheme = default_scheme()
    tp = proposed = gold_n = 0
    by_rule: dict[str, list[int]] = {}
    for record in records:
        text = record["text"]
        by_id = {e["id"]: (e["start_offset"], e["end_offset"], e["label"]) for e in record["entities"]}
        gold = {(by_id[r["from_id"]], by_id[r["to_id"]], r["type"]) for r in record["relations"]}
        found = suggest_relations(text, list(by_id.values()), scheme, korean.sentences(text))
        gold_n += len(gold)
        for r in found:
            hit = (r.head, r.tail, r.label) in gold
            proposed += 1
            tp += hit
            counts = by_rule.setdefault(r.label, [0, 0])
            counts[0] += hit
            counts[1] += 1
    from annotator.nlp.suggest.scoring import prf

    return {**prf(tp, proposed, gold_n),
            "per_relation": {k: {"tp": v[0], "proposed": v[1]} for k, v in sorted(by_rule.items())}}


def pages(records: list[dict], count: int) -> list[str]:
    """~3 KB pages: the sample's texts cut at line ends into pieces of about PAGE_CHARS, repeated."""
    pieces: list[str] = []
    for record in records:
        current = ""
        for line in record["text"].split("\n"):
            current += line + "\n"
            if len(current) >= PAGE_CHARS:
                pieces.append(current)
                current = ""
        if current.strip() and pieces:
            pieces[-1] += current  # a short tail joins the page before it
        elif current.strip():
            pieces.append(current)
    return [pieces[n % len(pieces)] for n in range(count)]


def _docs_per_s(suggester, texts: list[str], *, cold: bool, kinds: dict | None = None) -> float:
    """Pages per second; cold: Kiwi's line cache is emptied before each page (the pages repeat, and
    a real batch rarely sees the same line twice), so every analysis the page needs is paid for."""
    from annotator.core import korean

    elapsed = 0.0
    for text in texts:
        if cold:
            korean.default_analyser().clear_cache()
        started = time.perf_counter()
        suggester.suggest(text, line_kinds=kinds[text] if kinds else None)
        elapsed += time.perf_counter() - started
    return round(len(texts) / elapsed, 1)


def throughput(records: list[dict], count: int) -> dict:
    from annotator.core import korean
    from annotator.core.scheme import default_scheme
    from annotator.nlp.suggest.dictionary import EntityDictionary
    from annotator.nlp.suggest.engine import Suggester

    scheme = default_scheme()
    dictionary = EntityDictionary()
    dictionary.add_documents((r["text"], gold_entities(r)) for r in records)
    texts = pages(records, count)
    fast = Suggester(scheme, sources=(DICTIONARY, PATTERNS), dictionary=dictionary, content_only=False)
    full = Suggester(scheme, sources=(DICTIONARY, PATTERNS, MODEL), dictionary=dictionary, content_only=False)
    full_content = Suggester(scheme, sources=(DICTIONARY, PATTERNS, MODEL), dictionary=dictionary)
    korean.tokenize("워밍업")
    full.model.load()
    figures: dict = {"suggest_pages": count, "suggest_page_chars": round(sum(map(len, texts)) / count)}
    figures["suggest_docs_per_s_dictionary_patterns"] = _docs_per_s(fast, texts, cold=True)
    figures["suggest_docs_per_s_dictionary_patterns_cached"] = _docs_per_s(fast, texts, cold=False)
    # Content lines only, as in a project: the line kinds are stored at import, so they are given here.
    from annotator.core.boilerplate import segment_text

    kinds = {text: [s.effective_kind for s in segment_text(text)] for text in set(texts)}
    segmenting = Suggester(scheme, sources=(DICTIONARY, PATTERNS), dictionary=dictionary)
    figures["suggest_docs_per_s_dictionary_patterns_content_only"] = _docs_per_s(segmenting, texts, cold=True,
                                                                                 kinds=kinds)
    elapsed = 0.0
    for text in texts:
        korean.default_analyser().clear_cache()
        started = time.perf_counter()
        korean.tokenize(text)
        elapsed += time.perf_counter() - started
    figures["tokenizer_docs_per_s"] = round(count / elapsed, 1)
    model_texts = texts[: max(20, count // 5)]  # the model is slow: fewer pages
    figures["suggest_docs_per_s_with_model"] = _docs_per_s(full, model_texts, cold=True)
    figures["suggest_docs_per_s_with_model_cached"] = _docs_per_s(full, model_texts, cold=False)
    figures["suggest_docs_per_s_with_model_content_only"] = _docs_per_s(full_content, model_texts, cold=True,
                                                                        kinds=kinds)
    return figures


def run(*, scale: int) -> dict:
    from annotator.nlp.suggest import klue_base
    from annotator.nlp.suggest.model import ModelSource, evaluate_on

    figures: dict = {}
    data = klue_base.default_data_path()
    if data.is_file():
        _train, _dev, held = klue_base.split(klue_base.load_sentences(data))
        scores = evaluate_on(ModelSource().load(), held)
        figures["suggest_base_model_klue_f1"] = scores["f1"]
        figures["suggest_base_model_klue_p"] = scores["p"]
        figures["suggest_base_model_klue_r"] = scores["r"]
        figures["suggest_base_model_klue_per_label"] = {k: {m: v[m] for m in ("p", "r", "f1")}
                                                        for k, v in scores["per_label"].items()}
        figures["suggest_patterns_klue"] = patterns_on_klue(held)
    else:
        figures["suggest_base_model_klue_f1"] = None
    records = labelled_sample()
    loo = leave_one_out(records)
    figures["suggest_leave_one_out_precision"] = {k: v["p"] for k, v in loo.items()}
    figures["suggest_leave_one_out_recall"] = {k: v["r"] for k, v in loo.items()}
    figures["suggest_leave_one_out_detail"] = loo
    calibrated = leave_one_out(records, calibrate=True)
    figures["suggest_leave_one_out_calibrated_precision"] = {k: v["p"] for k, v in calibrated.items()}
    figures["suggest_leave_one_out_calibrated_recall"] = {k: v["r"] for k, v in calibrated.items()}
    relations = relation_figures(records)
    figures["suggest_relations_precision"] = relations["p"]
    figures["suggest_relations_recall"] = relations["r"]
    figures["suggest_relations_detail"] = relations
    figures.update(throughput(records, max(50, min(scale // 4, 500))))
    return figures
