"""Bench figures for the Korean tokenizer and the spaCy export, on the KLUE-NER dev set when it is present.

klue_alignment_native: share of KLUE dev entities whose start and end are token boundaries before any
split (no user words); klue_alignment_user_words: the same with the project's distinct entity strings as
Kiwi user words (what `export spacy --user-words` does; in-sample, every string was labelled in these
texts); klue_alignment_heldout_native / _user_words: on the odd documents only, with the user words taken
from the even ones (text the words were not collected from, as in the UI); klue_entities_lost: entities of the DB missing from the DocBin after an import +
export round trip (same characters, same label), which must be 0; an entity with whitespace at an edge is
exported trimmed and counted in klue_entities_trimmed.
tokenize_chars_per_s: our tokenizer on the KLUE texts as exports feed it (256 documents' lines per Kiwi call),
with kiwi_raw_chars_per_s, bare Kiwi on the same pieces (korean._piece_bounds: the lines' sentences) with the same
options and threads in the same run, beside it (and both as CPU rates, which the machine's load skews less); tokenize_repeated_share: the share of
those characters our tokenizer found analysed already (a sentence repeated in the texts: its piece cache), which
bare Kiwi analyses again; tokenize_per_call_chars_per_s: one text per call (as snapping). Figures are None without
the data.
"""

from __future__ import annotations

import tempfile
import time
from collections import Counter
from pathlib import Path

import annotator

KLUE_DEV = Path(annotator.__file__).resolve().parents[2] / "shared" / "data" / "klue-ner" / "klue-ner-v1.1_dev.tsv"


def run(*, scale: int) -> dict:
    figures: dict = {
        "klue_alignment_native": None,
        "klue_alignment_user_words": None,
        "klue_alignment_heldout_native": None,
        "klue_alignment_heldout_user_words": None,
        "klue_user_words": None,
        "klue_entities_lost": None,
        "klue_entities": None,
        "klue_entities_split": None,
        "klue_entities_trimmed": None,
        "tokenize_chars_per_s": None,
        "tokenize_cpu_chars_per_s": None,
        "kiwi_raw_chars_per_s": None,
        "kiwi_raw_cpu_chars_per_s": None,
        "tokenize_repeated_share": None,
        "tokenize_per_call_chars_per_s": None,
        "export_spacy_docs_per_s": None,
    }
    if not KLUE_DEV.is_file():
        return figures
    from annotator.core import korean

    with tempfile.TemporaryDirectory(prefix="annotator-bench-spacy-") as tmp:
        from annotator.store import Project

        with Project.open(Path(tmp) / "klue.db", "bench") as project:
            _import_klue(project)
            doc_ids = project.document_ids()
            texts = [project.document(i).text for i in doc_ids]
            boundaries = _tokenizer_speed(texts, figures)
            figures["klue_entities"] = sum(len(project.spans(i)) for i in doc_ids)
            figures["klue_alignment_native"] = _alignment(project, doc_ids, boundaries)
            from annotator.nlp.spacy_export import export_spacy

            out = Path(tmp) / "spacy"
            started = time.perf_counter()
            report = export_spacy(project, out_dir=out, status="all")
            figures["export_spacy_docs_per_s"] = round(report.documents / (time.perf_counter() - started), 1)
            figures["klue_entities_lost"] = _lost_entities(project, out)
            figures["klue_entities_split"] = report.entities_split
            figures["klue_entities_trimmed"] = report.entities_adjusted
            # Last: user words mean another Kiwi build, which must not land in the timings above.
            _user_word_alignment(project, doc_ids, texts, boundaries, figures)
    return figures


BATCH_DOCUMENTS = 256  # documents whose lines go to Kiwi at once, as exports and `annotator tokenize` send them


def _tokenizer_speed(texts: list[str], figures: dict) -> list[set[int]]:
    """Our tokenizer against Kiwi's own speed on the same lines, in the same run, twice each (the best counts:
    other processes share the cores): the batch path exports use (a batch's lines analysed, then every text's
    token boundaries) and a bare `list(kiwi.tokenize(chunks))` of the same chunks with the same Kiwi settings.
    Wall and CPU (process_time: every thread of this process) rates; per call: one text per call, as snapping."""
    from annotator.core import korean

    chars = sum(map(len, texts))
    analyser = korean.KoreanAnalyser()
    analyser.tokenize("워밍업")  # build Kiwi outside the timing
    kiwi = _bare_kiwi(analyser)
    kiwi.tokenize("워밍업")
    batches = [texts[i:i + BATCH_DOCUMENTS] for i in range(0, len(texts), BATCH_DOCUMENTS)]
    chunked = [[line[s:e] for t in batch for line in t.split("\n") if line and not line.isspace()
                for s, e in korean._piece_bounds(line)] for batch in batches]
    ours, raw = [], []
    boundaries: list[set[int]] = []
    for _round in range(2):
        analyser.clear_cache()
        counts = analyser.piece_counts()
        wall, cpu = time.perf_counter(), time.process_time()
        boundaries = []
        for batch in batches:
            analyser.analyse_lines([line for t in batch for line in t.split("\n")])
            boundaries.extend(analyser.token_boundaries(t) for t in batch)
        ours.append((chars / (time.perf_counter() - wall), chars / max(time.process_time() - cpu, 1e-9)))
        given = analyser.piece_counts()["kiwi_chars"] - counts["kiwi_chars"]
        figures["tokenize_repeated_share"] = round(1 - given / max(sum(len(c) for cs in chunked for c in cs), 1), 4)
        wall, cpu = time.perf_counter(), time.process_time()
        for chunks in chunked:
            results = list(kiwi.tokenize(chunks)) if len(chunks) > 1 else [kiwi.tokenize(c) for c in chunks]
            assert len(results) == len(chunks)
        raw.append((chars / (time.perf_counter() - wall), chars / max(time.process_time() - cpu, 1e-9)))
    figures["tokenize_chars_per_s"] = round(max(w for w, _ in ours))
    figures["tokenize_cpu_chars_per_s"] = round(max(c for _, c in ours))
    figures["kiwi_raw_chars_per_s"] = round(max(w for w, _ in raw))
    figures["kiwi_raw_cpu_chars_per_s"] = round(max(c for _, c in raw))
    analyser.clear_cache()
    started = time.perf_counter()
    for t in texts:
        analyser.token_boundaries(t)
    figures["tokenize_per_call_chars_per_s"] = round(chars / (time.perf_counter() - started))
    return boundaries


def _bare_kiwi(analyser):
    """A Kiwi built as the analyser builds its own (its threads and options: without the word lists, its beam),
    so that the two rates compare the same analysis; Kiwi's defaults analyse differently and slower."""
    import warnings

    from kiwipiepy import Kiwi

    from annotator.core import korean

    options = analyser.kiwi_options
    with warnings.catch_warnings():  # num_workers=0, Kiwi's single-thread mode, warned about since 0.21
        warnings.simplefilter("ignore", DeprecationWarning)
        kiwi = Kiwi(num_workers=analyser._kiwi_threads, **{
            k: v for k, v in options.items() if k not in korean._KIWI_CONFIG_OPTIONS | korean._KIWI_TOKENIZE_OPTIONS})
    for name in korean._KIWI_CONFIG_OPTIONS.intersection(options):
        setattr(kiwi.global_config, name, options[name])
    return kiwi


def _alignment(project, doc_ids, boundaries, only: set[int] | None = None) -> float | None:
    """Share of the entities of doc_ids (those in `only`, if given) with both ends on a token boundary."""
    on_boundary = total = 0
    for doc_id, bounds in zip(doc_ids, boundaries):
        if only is not None and doc_id not in only:
            continue
        for sp in project.spans(doc_id):
            total += 1
            on_boundary += sp.start in bounds and sp.end in bounds
    return round(on_boundary / total, 4) if total else None


def _user_word_alignment(project, doc_ids, texts, native, figures: dict) -> None:
    from annotator.core import korean
    from annotator.nlp.user_words import entity_strings

    analyser = korean.KoreanAnalyser(entity_strings(project))
    figures["klue_user_words"] = len(analyser.user_words)  # the clean ones
    bounds = [analyser.token_boundaries(t) for t in texts]
    figures["klue_alignment_user_words"] = _alignment(project, doc_ids, bounds)
    even, odd = set(doc_ids[0::2]), set(doc_ids[1::2])
    analyser = korean.KoreanAnalyser(entity_strings(project, even))
    bounds = [analyser.token_boundaries(t) if i in odd else set() for i, t in zip(doc_ids, texts)]
    figures["klue_alignment_heldout_native"] = _alignment(project, doc_ids, native, odd)
    figures["klue_alignment_heldout_user_words"] = _alignment(project, doc_ids, bounds, odd)


def _import_klue(project) -> None:
    """Through the import runner when it exists, else straight through the KLUE format module."""
    try:
        from annotator.io.importers import import_paths
    except ImportError:
        import_paths = None
    if import_paths is not None:
        import_paths(project, [KLUE_DEV], format="klue")
        return
    from annotator.core.model import NewDocument
    from annotator.io.importers import klue

    project.ensure_entity_labels(klue.FIXED_LABELS)
    with KLUE_DEV.open(encoding="utf-8") as fh:
        lines = (line.rstrip("\n") for line in fh)
        project.add_documents(item for item in klue.parse(KLUE_DEV, lines) if isinstance(item, NewDocument))


def _lost_entities(project, out: Path) -> int:
    """DB entities not present, with the same characters (edge whitespace aside) and label, in the DocBins."""
    from spacy.tokens import DocBin

    from annotator.nlp.spacy_tokenizer import blank_korean

    vocab = blank_korean().vocab
    exported: dict[int, Counter[tuple[str, str]]] = {}
    for name in ("train.spacy", "dev.spacy"):
        for doc in DocBin().from_disk(out / name).get_docs(vocab):
            exported.setdefault(doc.user_data["annotator_doc_id"], Counter()).update(
                (ent.text, ent.label_) for ent in doc.ents
            )
    lost = 0
    for doc_id in project.document_ids():
        text = project.document(doc_id).text
        # An entity with whitespace at its edge (2 in KLUE dev) is exported trimmed and reported as adjusted.
        stored = Counter((text[sp.start:sp.end].strip(), sp.label) for sp in project.spans(doc_id))
        lost += sum((stored - exported.get(doc_id, Counter())).values())
    return lost
