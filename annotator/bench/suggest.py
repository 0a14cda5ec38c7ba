"""Bench figures for suggestions (issue 13). Every figure is rerunnable from the repo alone.

suggest_base_model_klue_f1 (with _p, _r, per label): the shipped base model on the 20% of KLUE-NER dev
held out from its training (data/klue-ner; same seeded split as scripts/train_base_model.py).
suggest_leave_one_out_precision / _recall: on the bundled labelled sample (3 real pages, 180 entities),
for each page, suggestions from the other pages' dictionary, the default scheme's patterns and the base
model, against that page's own labels (exact start, end and label), per source and combined.
suggest_dictionary_klue: a dictionary of KLUE's training entities on the held-out part, precision and mean
score by string length and by score bin (how well its scores are calibrated on text it never saw).
suggest_patterns_klue: the default scheme's patterns on that held-out KLUE part (DATE, MONEY, QUANTITY;
TITLE has no KLUE counterpart), P/R per label: the out-of-sample check of patterns written on the sample.
_curve: combined P/R at each minimum score (THRESHOLDS); _source_curves: the same per source;
_recall_at_precision_0.8: the highest recall on that curve with precision at least 0.8 (the goal).
_calibrated: the same with the model's (per label and shape) and the patterns' scores calibrated on the
other pages' labels (as a project does with its reviewed documents), which matters for the thresholds.
suggest_unseen_precision / _recall / _recall_at_precision_0.8 (+ _curve, _detail): the same measures on real
policy news pages outside the repo, the entity gold of scripts/suggest_devset (texts in $ANNOTATOR_SUGGEST_DEVSET
or ../devset-pages), per batch: "tuning" (pages 01-30, which the default patterns and their scores were
developed and calibrated on: scripts/calibrate_suggestions.py) and "held_out" (31-61, never used to develop).
"held_out_zones" / "held_out_policy_field": the held-out pages whose topic (in the gold) is zones / zones or
regional policy (most held-out pages are about other things: media, sports, farming, city halls);
"held_out_2": pages 62-76, 15 further pages all about the policy field, scored like held_out;
"held_out_3": pages 77-90, 14 more on-field pages labelled blind (no engine run on them), scored like held_out.
"held_out_4": pages 91-102, 12 more on-field pages labelled blind the same way, scored like held_out.
"held_out_5": pages 103-119, 17 more on-field pages labelled blind the same way, scored like held_out.
The dictionary is the project's labels: the bundled sample's, and for held_out also the tuning batch's gold.
Each is null when the gold or the pages are absent.
suggest_relations_precision / _recall: the relation rules given the page's gold entities, in-sample (the rules
were written on these pages): an upper bound; per type in _detail.
suggest_docs_per_s: pre-annotation of ~3 KB pages (the sample pages cut at line ends into ~3 KB pieces,
repeated), every line searched (+ _content_only: content lines only, the line kinds given as a project
stores them), dictionary + patterns alone
and with the model, cold (Kiwi's line cache emptied before each page) and _cached (the analyses the open
document already has in the app), beside tokenizer_docs_per_s (Kiwi alone, cold, on the same pages).
suggest_docs_per_s_dictionary_patterns_kept_tokens (+ _per_cpu_s, and suggestions stored per page): the same
pages in a project file that keeps their tokens, as `suggest --db` runs them, up to the suggestions stored: per
batch the documents, their kept tokens and labels read, suggest, the suggestions written; Kiwi refused (see
kept_tokens_docs_per_s); _cli: the whole `annotator suggest --db` process on a copy of that project, timed from
outside (its start, its suggester built from the project, the run, the summary). The whole process on a larger
project of KLUE-made pages: `annotator bench --only suggest_project` (bench/suggest_project.py).
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


THRESHOLDS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


def leave_one_out(records: list[dict], sources=(DICTIONARY, PATTERNS, MODEL), *, calibrate: bool = False) -> dict:
    """Per source and combined: precision/recall of suggestions on each page from the other pages; with
    calibrate, the model's and the patterns' scores first calibrated on the other pages' labels (as
    `suggest --db` does with a project's reviewed documents). "curve": combined P/R at each minimum score."""
    pages = []
    for i, record in enumerate(records):
        others = [(o["text"], gold_entities(o)) for j, o in enumerate(records) if j != i]
        pages.append((record["text"], gold_entities(record), others))
    return score_pages(pages, sources, calibrate=calibrate)


def score_pages(pages, sources=(DICTIONARY, PATTERNS, MODEL), *, calibrate: bool = False) -> dict:
    """Pages (text, gold spans, the project's labelled documents [(text, spans)] its dictionary is made of):
    per source and combined P/R (exact start, end and label) of the suggestions on the page's content
    lines (as segmented), the combined curve over minimum scores and its recall at precision 0.8."""
    from annotator.core.scheme import default_scheme
    from annotator.nlp.suggest.base import Suggestion, combine
    from annotator.nlp.suggest.dictionary import EntityDictionary
    from annotator.nlp.suggest.engine import Suggester

    scheme = default_scheme()
    names = (*sources, "combined", "dictionary+patterns")
    tallies = {name: Tally() for name in names}
    curve = {t: Tally() for t in THRESHOLDS}
    at_default = Tally()
    default_min = 0.0
    source_curves = {(name, t): Tally() for name in sources for t in THRESHOLDS}
    suggesters: dict[int, Suggester] = {}  # one per dictionary (pages often share the project's labels)
    for text, gold, labelled in pages:
        suggester = suggesters.get(id(labelled))
        if suggester is None:
            dictionary = EntityDictionary()
            dictionary.add_documents(labelled)
            suggester = suggesters[id(labelled)] = Suggester(scheme, sources=sources, dictionary=dictionary)
            if calibrate:
                suggester.calibrate((t, spans, None) for t, spans in labelled)
        candidates = suggester.candidates(text, suggester.regions(text))
        raw = [Suggestion(*c) for c in candidates]
        for name in sources:  # each source on its own scores
            own = [x for x in raw if x.source == name]
            tallies[name].add(gold, [s.key for s in combine(own)])
            for t in THRESHOLDS:
                source_curves[name, t].add(gold, [s.key for s in combine(own, min_score=t)])
        tallies["combined"].add(gold, [s.key for s in suggester.propose(text, candidates)])
        for t in THRESHOLDS:
            curve[t].add(gold, [s.key for s in suggester.propose(text, candidates, min_score=t)])
        default_min = suggester.calibration.default_min_score if suggester.calibration else 0.0
        at_default.add(gold, [s.key for s in suggester.propose(text, candidates, min_score=default_min)])
        tallies["dictionary+patterns"].add(gold, [s.key for s in suggester.propose(
            text, [c for c in candidates if c[3] != MODEL])])
    result = {name: {**t.overall(), "per_label": t.per_label()} for name, t in tallies.items()}
    result["curve"] = {str(t): {m: v[m] for m in ("p", "r", "tp", "proposed")}
                       for t, v in ((t, tally.overall()) for t, tally in curve.items())}
    result["source_curves"] = {name: {str(t): {m: source_curves[name, t].overall()[m] for m in ("p", "r")}
                                      for t in THRESHOLDS} for name in sources}
    result["at_default_min_score"] = {"min_score": default_min, **{m: at_default.overall()[m] for m in ("p", "r")}}
    at_goal = [v["r"] for v in result["curve"].values() if v["p"] >= 0.8]
    result["recall_at_precision_0.8"] = max(at_goal, default=0.0)
    return result


def checkout_script(name: str):
    """scripts/NAME.py of the checkout, loaded as a module, or None when the package runs without its checkout
    (an installed wheel): the devset loader and the pattern builder are scripts, not part of the package."""
    import importlib.util
    import sys
    from pathlib import Path

    import annotator

    path = Path(annotator.__file__).resolve().parent.parent / "scripts" / f"{name}.py"
    if not path.is_file():
        return None
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def devset_loader():
    """scripts/suggest_devset.py (the entity gold of unseen pages), or None."""
    return checkout_script("suggest_devset")


def unseen_pages(records: list[dict], pages_dir=None, manifest=None) -> dict | None:
    """Suggestions on the unseen real pages of the entity gold (scripts/suggest_devset), per batch: "tuning"
    (pages 01-30, which the default patterns and scores were developed and calibrated on), "held_out"
    (31-61, scored only), "held_out_zones" and "held_out_policy_field" (its pages whose topic is zones, or
    zones or regional policy), "held_out_2" (62-76), "held_out_3" (77-90), "held_out_4" (91-102)
    and "held_out_5" (103-119), all on the policy field.
    The project's labels the dictionary is made of: the bundled sample's, and for the held-out batch also the
    tuning batch's gold (a project that has reviewed those pages). None when the gold or the page texts are
    absent; a batch without pages is None."""
    import io

    loader = devset_loader()
    if loader is None:
        return None
    report = io.StringIO()
    pages = loader.load(pages_dir, report=report, **({"manifest": manifest} if manifest is not None else {}))
    if not pages:
        return None
    sample = [(r["text"], gold_entities(r)) for r in records]
    tuning = [p for p in pages if p.batch == "tuning"]
    with_tuning = sample + [(p.text, list(p.spans)) for p in tuning]
    out: dict = {"skipped": [line for line in report.getvalue().splitlines() if line]}
    # The gold's page topics: zones (규제자유특구 and the like), regional (regional policy), other.
    for batch, name, labelled, topics in (("tuning", "tuning", sample, None),
                                          ("held-out", "held_out", with_tuning, None),
                                          ("held-out", "held_out_zones", with_tuning, {"zones"}),
                                          ("held-out", "held_out_policy_field", with_tuning, {"zones", "regional"}),
                                          ("held-out-2", "held_out_2", with_tuning, None),
                                          ("held-out-3", "held_out_3", with_tuning, None),
                                          ("held-out-4", "held_out_4", with_tuning, None),
                                          ("held-out-5", "held_out_5", with_tuning, None)):
        chosen = [(p.text, list(p.spans), labelled) for p in pages if p.batch == batch
                  and (topics is None or getattr(p, "topic", "") in topics)]
        out[name] = score_pages(chosen) if chosen else None
        if chosen:
            out[name]["pages"] = len(chosen)
            out[name]["gold"] = sum(len(spans) for _t, spans, _l in chosen)
    return out


def dictionary_on_klue(train, held) -> dict:
    """A dictionary of KLUE's training entities (occurrences counted as a project's are) proposing on the
    held-out sentences: precision by string length and by score, mean score beside it (calibration)."""
    from annotator.nlp.suggest.dictionary import EntityDictionary

    dictionary = EntityDictionary()
    dictionary.add_documents((s.text, s.spans) for s in train)
    bins: dict[str, list[float]] = {}
    for sent in held:
        gold = set(sent.spans)
        for s in dictionary.suggest(sent.text):
            length = s.end - s.start
            for name in (f"chars_{min(length, 4)}{'+' if length >= 4 else ''}", f"score_{int(s.score * 5) / 5:.1f}"):
                cell = bins.setdefault(name, [0, 0, 0.0])
                cell[0] += s.key in gold
                cell[1] += 1
                cell[2] += s.score
    return {name: {"p": round(tp / n, 4), "mean_score": round(total / n, 4), "proposed": n}
            for name, (tp, n, total) in sorted(bins.items())}


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
    """The relation rules as the app runs them (document_candidates over the content lines the segmenter finds)
    on each page's gold entities. In-sample: the rules were written while reading these pages, so this is an
    upper bound for unseen pages, not an estimate of them."""
    from annotator.core.scheme import default_scheme
    from annotator.nlp.suggest.engine import content_regions
    from annotator.nlp.suggest.relations import document_candidates

    scheme = default_scheme()
    tp = proposed = gold_n = 0
    by_rule: dict[str, list[int]] = {}
    for record in records:
        text = record["text"]
        by_id = {e["id"]: (e["start_offset"], e["end_offset"], e["label"]) for e in record["entities"]}
        gold = {(by_id[r["from_id"]], by_id[r["to_id"]], r["type"]) for r in record["relations"]}
        found = document_candidates(text, list(by_id.values()), scheme, content_regions(text))
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


def kept_project(path, pages: list[str], records: list[dict] = (), *, page_spans: list | None = None) -> list[int]:
    """A project file at path that keeps the tokens of every line: the labelled records (with their labels: the
    project's dictionary) and the pages (page_spans: labels of some pages, None for the others); returns the
    pages' document ids."""
    from annotator.core.model import NewDocument, NewSpan
    from annotator.io.token_cache import TokenCache
    from annotator.nlp.preannotate import PRIME_BATCH
    from annotator.store import Project

    spans = page_spans or [None] * len(pages)
    with Project.open(path, "bench") as project:
        project.add_documents(NewDocument(text=r["text"], origin=f"sample:{n + 1}",
                                          spans=[NewSpan(*e) for e in gold_entities(r)])
                              for n, r in enumerate(records))
        labelled = set(project.document_ids())
        project.add_documents(NewDocument(text=page, spans=[NewSpan(*e) for e in found or ()])
                              for page, found in zip(pages, spans))
        every = project.document_ids()
        with TokenCache(project, workers=1) as tokens:  # Kiwi here: a line seen before is in its line cache
            for part in range(0, len(every), PRIME_BATCH):
                tokens.prime([(d.id, d.text, None) for d in project.iter_documents(every[part:part + PRIME_BATCH])])
    return [doc_id for doc_id in every if doc_id not in labelled]


def kept_tokens_docs_per_s(suggester, texts: list[str], *, workers: int = 1, cli_records: list[dict] | None = None,
                           cli_workers: tuple[int, ...] = (1,)) -> dict:
    """Pages per second (wall and CPU) as `suggest --db` runs them on a project that keeps its tokens, the
    suggestions stored: the pages in a fresh project file (each made distinct by a last line with its number, as
    import keeps one copy of a text) with their analyses kept, then, with the analyser's line cache emptied and
    Kiwi refused, preannotate() over every page: per batch of PRIME_BATCH the documents read, their kept
    tokens read and decoded (TokenCache.prime), their labels read, Suggester.suggest, and every WRITE_BATCH
    documents their suggestions written (one transaction). What is not timed: the command's start (imports,
    opening the file, building the automata) and its printing. workers: as `suggest --db --workers`.

    cli_records (labelled records, the dictionary's source): also the whole process, timed from outside as a
    user waits for it: `annotator suggest --db COPY --status all --sources dictionary,patterns --all-lines
    --workers N` for each N of cli_workers, each on its own copy of the same file made before the in-process
    run (so each is a first run), the records imported into it with their labels first (the project's
    dictionary is then theirs, as the suggester's given here is). The process's own time: starting, opening the
    project, building its suggester (dictionary, automata, the patterns' scores calibrated on the labelled
    pages), the run over every document, the summary printed; cli_worker_cpu_s: the part of cli_cpu_s its
    worker processes spent. Keys cli_* for the first N, cli_N_* for every N."""
    import shutil
    import tempfile
    from pathlib import Path

    from annotator.core import korean
    from annotator.nlp.preannotate import preannotate
    from annotator.store import Project

    analyser = korean.default_analyser()
    pages = [f"{text.rstrip()}\n({n})" for n, text in enumerate(texts)]
    figures: dict = {}
    with tempfile.TemporaryDirectory(prefix="annotator-bench-suggest-") as tmp:
        path = Path(tmp) / "kept.db"
        ids = kept_project(path, pages, cli_records or ())
        copies = [Path(tmp) / f"cli-{n}.db" for n in cli_workers] if cli_records else []
        for copy in copies:
            shutil.copy(path, copy)  # closed: nothing left in a -wal file
        analyser.clear_cache()

        def refuse():
            raise RuntimeError("bench: Kiwi was asked although every line's tokens are kept")

        with Project.open(path, "bench") as project:
            analyser._ensure_kiwi = refuse  # an instance attribute: removed below
            try:
                started, cpu = time.perf_counter(), time.process_time()
                _done, written = preannotate(project, suggester, ids, workers=workers)
                elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
            finally:
                del analyser._ensure_kiwi
        figures.update({"docs_per_s": round(len(ids) / elapsed, 1), "docs_per_cpu_s": round(len(ids) / cpu, 1),
                        "stored_per_doc": round(written.written / len(ids), 1)})
        for n, copy in zip(cli_workers, copies):
            got = _cli_run(Path(tmp), copy, len(ids) + len(cli_records), workers=n)
            figures.update({f"cli_{n}_{k[4:]}": v for k, v in got.items()})
            if n == cli_workers[0]:
                figures.update(got)
    return figures


def _cli_run(folder, db, documents: int, *, workers: int = 1) -> dict:
    """The whole `suggest --db` process over every document of db (see kept_tokens_docs_per_s), with a user cache
    folder of its own: first a run over no document in it while it is empty (cli_setup_cold_cpu_s: the fixed cost
    of a first run, which fills it: compiled patterns, fits), then the timed run, then one over no document again
    (cli_setup_warm_cpu_s: the fixed cost of every later run on the same labelled documents)."""
    import shutil
    from pathlib import Path

    from annotator.bench.tokens import _cli
    from annotator.store import Project

    cache = Path(folder) / f"user-cache-{workers}"
    shutil.rmtree(cache, ignore_errors=True)
    env = {"XDG_CACHE_HOME": str(cache)}
    args = ["suggest", "--db", str(db), "--sources", f"{DICTIONARY},{PATTERNS}", "--all-lines"]
    setup = [*args, "--status", "done", "--dry-run", "--workers", "1"]  # the bench reviewer has done nothing
    cold = _cli(setup, cwd=folder, env=env)
    got = _cli([*args, "--status", "all", "--workers", str(workers)], cwd=folder, env=env)
    warm = _cli(setup, cwd=folder, env=env)
    shutil.rmtree(cache, ignore_errors=True)
    with Project.open(db, "bench") as project:
        stored = project.suggestion_totals()["pending"]
    return {"cli_documents": documents, "cli_s": round(got["seconds"], 2), "cli_cpu_s": round(got["cpu_s"], 2),
            "cli_worker_cpu_s": round(got["worker_cpu_s"], 2),
            "cli_setup_cold_cpu_s": round(cold["cpu_s"], 2), "cli_setup_warm_cpu_s": round(warm["cpu_s"], 2),
            "cli_docs_per_s": round(documents / got["seconds"], 1),
            "cli_docs_per_cpu_s": round(documents / got["cpu_s"], 1),
            "cli_stored_per_doc": round(stored / documents, 1), "cli_rss_mb": round(got["rss_mb"], 1)}


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
    kept = kept_tokens_docs_per_s(fast, texts, cli_records=records)
    figures["suggest_docs_per_s_dictionary_patterns_kept_tokens"] = kept["docs_per_s"]
    figures["suggest_docs_per_cpu_s_dictionary_patterns_kept_tokens"] = kept["docs_per_cpu_s"]
    figures["suggest_stored_per_doc_dictionary_patterns_kept_tokens"] = kept["stored_per_doc"]
    figures["suggest_docs_per_s_dictionary_patterns_cli"] = kept["cli_docs_per_s"]
    figures["suggest_docs_per_cpu_s_dictionary_patterns_cli"] = kept["cli_docs_per_cpu_s"]
    figures["suggest_stored_per_doc_dictionary_patterns_cli"] = kept["cli_stored_per_doc"]
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


def _parts(result: dict) -> list[str]:
    return [k for k in result if isinstance(result[k], dict) and "p" in result[k]]


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
        figures["suggest_dictionary_klue"] = dictionary_on_klue(_train, held)
    else:
        figures["suggest_base_model_klue_f1"] = None
    records = labelled_sample()
    for name, calibrate in (("", False), ("_calibrated", True)):
        loo = leave_one_out(records, calibrate=calibrate)
        parts = _parts(loo)
        figures[f"suggest_leave_one_out{name}_precision"] = {k: loo[k]["p"] for k in parts}
        figures[f"suggest_leave_one_out{name}_recall"] = {k: loo[k]["r"] for k in parts}
        figures[f"suggest_leave_one_out{name}_curve"] = loo["curve"]
        figures[f"suggest_leave_one_out{name}_source_curves"] = loo["source_curves"]
        figures[f"suggest_leave_one_out{name}_recall_at_precision_0.8"] = loo["recall_at_precision_0.8"]
        figures[f"suggest_leave_one_out{name}_detail"] = {k: loo[k] for k in parts}
    unseen = unseen_pages(records) or {}
    batches = {name: unseen.get(name) for name in ("tuning", "held_out", "held_out_zones", "held_out_policy_field",
                                                   "held_out_2", "held_out_3", "held_out_4", "held_out_5")}
    figures["suggest_unseen_precision"] = {n: b and {k: b[k]["p"] for k in _parts(b)} for n, b in batches.items()}
    figures["suggest_unseen_recall"] = {n: b and {k: b[k]["r"] for k in _parts(b)} for n, b in batches.items()}
    figures["suggest_unseen_recall_at_precision_0.8"] = {n: b and b["recall_at_precision_0.8"]
                                                         for n, b in batches.items()}
    figures["suggest_unseen_curve"] = {n: b and b["curve"] for n, b in batches.items()}
    figures["suggest_unseen_detail"] = {n: b and {k: b[k] for k in (*_parts(b), "pages", "gold", "source_curves")}
                                        for n, b in batches.items()}
    figures["suggest_unseen_skipped"] = unseen.get("skipped")
    relations = relation_figures(records)
    figures["suggest_relations_precision"] = relations["p"]
    figures["suggest_relations_recall"] = relations["r"]
    figures["suggest_relations_detail"] = relations
    figures.update(throughput(records, max(50, min(scale // 4, 500))))
    return figures
