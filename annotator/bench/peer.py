"""The doccano peer benchmark, in the repo: `annotator bench --only peer` (not part of the default areas).

The corpus is the one the doccano comparison used: 10,000 Korean documents of ~3 KB, each made of KLUE-NER
sentences joined by spaces; the first 2,000 carry their KLUE spans in doccano's `label` shape. Sentences come from
the full KLUE-NER dev set when ../shared is beside the checkout, else from the excerpt under tests/fixtures.
Timed as whole CLI processes (what a user waits for), the median of `RUNS` fresh runs each:

  peer_plain_import_s       `annotator import plain.jsonl --index later` (10k documents, stored and usable)
  peer_index_s              `annotator index` after it (the search index of those 10k documents)
  peer_plain_import_indexed_s  `annotator import plain.jsonl` (the default: documents, then the index)
  peer_labelled_import_s    `annotator import labelled.jsonl --add-labels --index later` (2k documents, spans)
  peer_plain_import_cpu_s, peer_labelled_import_cpu_s  CPU seconds of those imports, the process and its
                            segmenter processes (steadier than the wall time on a busy machine)
  peer_doccano_export_s     `annotator export doccano --status all` of a 12,000-document project: what doccano's
                            figure covered (17.8 s at 676 documents/s is 12,000 documents: the plain 10k and the
                            labelled 2k imported into one project). Ours holds the labelled 2k with their spans, the
                            8k other plain documents (the first 2k plain ones are the labelled texts, which the
                            store keeps once) and 2k more plain documents of the same kind (seed 12), so that it
                            exports 12,000 documents and 127k spans as doccano did; built once, untimed
  peer_doccano_export_labelled_s  the same export of the 2k labelled project alone (process start weighs more)
  peer_search_ms_*          the document list filled for 120 queries typed into the 10k indexed project
                            (search_latency)
and, in this process and the same run, a bare `executemany` of the same 10k texts into a one-table SQLite file
(`peer_bare_insert_s`) and a bare FTS5 trigram insert of them (`peer_bare_fts_insert_s`). Machines differ, so each
CLI time is divided by the bare insert (`*_vs_bare`) and set against doccano's ratios measured on the same corpus
(plain 18.7×, labelled 95×; export 676 documents/s): `*_vs_doccano` > 1 means faster than doccano.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DOCUMENTS = 10_000
LABELLED = 2_000
TARGET_BYTES = 3_000
RUNS = 3
OPT_IN = True  # minutes of work: runs only when asked for with --only peer
DOCCANO = {"plain_vs_bare": 18.7, "labelled_vs_bare": 95.0, "export_docs_per_s": 676.0}


def klue_sentences() -> list[tuple[str, list[tuple[int, int, str]]]]:
    """(text, spans) of every KLUE sentence available: the full dev set from ../shared, else the excerpt."""
    from annotator.core.model import NewDocument
    from annotator.io.importers import klue
    from annotator.paths import SOURCE_ROOT, shared_dir

    shared = shared_dir()
    path = shared / "data" / "klue-ner" / "klue-ner-v1.1_dev.tsv" if shared else None
    if path is None or not path.exists():
        path = SOURCE_ROOT / "tests" / "fixtures" / "klue" / "klue-ner-v1.1_dev.excerpt.tsv"
    lines = path.read_text(encoding="utf-8").splitlines()
    return [(item.text, [(s.start, s.end, s.label) for s in item.spans])
            for item in klue.parse(path, lines) if isinstance(item, NewDocument)]


def write_corpus(folder: Path, *, documents: int = DOCUMENTS, labelled: int = LABELLED, seed: int = 11) -> dict:
    """plain.jsonl (every document, text only) and labelled.jsonl (the first `labelled`, with spans)."""
    sentences = klue_sentences()
    rng = random.Random(seed)
    texts, spans_total = [], 0
    with open(folder / "plain.jsonl", "w", encoding="utf-8") as plain, \
            open(folder / "labelled.jsonl", "w", encoding="utf-8") as labelled_file:
        for i in range(documents):
            parts, spans, pos, size = [], [], 0, 0
            while size < TARGET_BYTES:
                text, sentence_spans = sentences[rng.randrange(len(sentences))]
                if parts:
                    pos += 1  # the joining space
                spans.extend([s + pos, e + pos, label] for s, e, label in sentence_spans)
                parts.append(text)
                pos += len(text)
                size += len(text.encode("utf-8")) + 1
            text = " ".join(parts)
            texts.append(text)
            plain.write(json.dumps({"id": f"peer-{i}", "text": text}, ensure_ascii=False) + "\n")
            if i < labelled:
                spans_total += len(spans)
                labelled_file.write(json.dumps({"id": f"peer-{i}", "text": text, "label": spans},
                                               ensure_ascii=False) + "\n")
    return {"texts": texts, "spans": spans_total, "sentences": len(sentences)}


def bare_insert(folder: Path, texts: list[str], *, fts: bool = False) -> float:
    """Seconds for one executemany of the texts into a fresh file (a FTS5 trigram table when fts)."""
    db = folder / f"bare-{'fts' if fts else 'table'}-{time.monotonic_ns()}.db"
    conn = sqlite3.connect(db)
    if fts:
        conn.execute("CREATE VIRTUAL TABLE t USING fts5(text, tokenize='trigram', detail=none)")
    else:
        conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, text TEXT NOT NULL)")
    started = time.perf_counter()
    with conn:
        conn.executemany("INSERT INTO t (text) VALUES (?)", ((t,) for t in texts))
    seconds = time.perf_counter() - started
    conn.close()
    db.unlink()
    return seconds


# `python -m annotator ARGS`, then the process's own peak RSS (VmHWM; a forked child's ru_maxrss starts from the
# parent's) written to the file named first; it ends as `python -m annotator` does.
_CLI_WITH_PEAK = """
import sys
from annotator.cli import exit_process, main
try:
    code = main(sys.argv[2:])
finally:
    with open("/proc/self/status") as fh, open(sys.argv[1], "w") as out:
        out.write(next((l.split()[1] for l in fh if l.startswith("VmHWM:")), "0"))
exit_process(code)
"""


def timed_cli(args: list[str], *, cwd: Path) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of one whole `annotator` process."""
    return timed_cli_cpu(args, cwd=cwd)[:2]


def timed_cli_cpu(args: list[str], *, cwd: Path) -> tuple[float, float, float]:
    """(seconds, peak RSS in MB, CPU seconds of the process and the children it waited for: its segmenters) of
    one whole `annotator` process. The CPU figure moves less than the wall time on a busy machine."""
    import resource

    env = dict(os.environ, ANNOTATOR_REVIEWER="bench")
    peak_file = cwd / "peak-rss.txt"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _CLI_WITH_PEAK, str(peak_file), *args, "--quiet"], cwd=cwd,
                          env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace")[-2000:]
        raise RuntimeError(f"annotator {' '.join(args)} exited {done.returncode}: {message}")
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return seconds, int(peak_file.read_text() or 0) / 1024, cpu


SEARCH_QUERIES = 24  # per kind of query


def search_queries(texts: list[str], *, seed: int = 5) -> list[tuple[str, bool]]:
    """(query, exact_spacing) pairs a reviewer might type: pieces of the corpus of 2 (a scan), 4 and 9 characters
    with their spaces, the same without spaces (found across spacing), and the 9-character ones with exact spacing."""
    rng = random.Random(seed)
    out: list[tuple[str, bool]] = []
    for size in (2, 4, 9):
        for _ in range(SEARCH_QUERIES):
            text = texts[rng.randrange(len(texts))]
            start = rng.randrange(len(text) - size)
            piece = text[start:start + size].strip() or text[:size]
            out.append((piece, False))
            if size == 9:
                out.append(("".join(piece.split()), False))
                out.append((piece, True))
    return out


def search_latency(db: Path, queries: list[tuple[str, bool]]) -> dict[str, float]:
    """Milliseconds to fill the document list for a query (the count and the first page of 50 rows with their hits),
    as the app does on each search: the median and the slowest, across spacing and with exact spacing."""
    from annotator.store import Project

    times: dict[bool, list[float]] = {False: [], True: []}
    with Project.open(db, "bench", backfill=False) as project:
        project.count_filtered(query=queries[0][0])  # the first read pulls the file into the page cache
        for query, exact in queries:
            started = time.perf_counter()
            project.count_filtered(query=query, exact_spacing=exact)
            project.document_page(0, 50, query=query, exact_spacing=exact)
            times[exact].append((time.perf_counter() - started) * 1000)
    return {"peer_search_ms_median": round(statistics.median(times[False]), 1),
            "peer_search_ms_max": round(max(times[False]), 1),
            "peer_search_exact_ms_median": round(statistics.median(times[True]), 1),
            "peer_search_exact_ms_max": round(max(times[True]), 1)}


def build_export_project(folder: Path) -> Path:
    """export.db: 12,000 documents (the labelled 2k with spans, the other 8k plain ones, 2k more plain ones)."""
    extra = folder / "extra"
    extra.mkdir()
    write_corpus(extra, documents=LABELLED, labelled=0, seed=12)
    db = folder / "export.db"
    for source, flags in (("labelled.jsonl", ["--add-labels"]), ("plain.jsonl", []), ("extra/plain.jsonl", [])):
        timed_cli(["import", source, "--db", db.name, *flags, "--index", "later"], cwd=folder)
    return db


def exported_lines(path: Path) -> int:
    with open(path, "rb") as fh:
        return sum(1 for _ in fh)


def compile_package() -> bool:
    """Write the package's bytecode, as installing it does (pip compiles every module). A checkout run with
    PYTHONDONTWRITEBYTECODE set (as some sandboxes and CI do) would otherwise compile every module from source
    in every timed process and each segmenter process, ~60 ms a process that no installed copy pays."""
    import compileall

    from annotator.paths import PACKAGE_DIR

    try:
        return bool(compileall.compile_dir(str(PACKAGE_DIR), quiet=2, workers=1))
    except OSError:  # a read-only installation: it has its bytecode already, or runs without
        return False


def _load() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return ""


def run(*, scale: int) -> dict:
    del scale  # the peer corpus has a fixed size, so that its ratios compare with doccano's
    compiled = compile_package()
    load_start = _load()
    with tempfile.TemporaryDirectory(prefix="annotator-peer-") as tmp:
        folder = Path(tmp)
        corpus = write_corpus(folder)
        texts = corpus.pop("texts")
        times: dict[str, list[float]] = {k: [] for k in ("plain", "index", "indexed", "labelled", "export", "bare",
                                                          "fts", "export_labelled")}
        cpu_times: dict[str, list[float]] = {"plain": [], "indexed": [], "labelled": []}  # CPU s of each import
        rss: list[float] = []
        export_db = build_export_project(folder)
        with sqlite3.connect(export_db) as conn:
            export_documents = conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        for run_no in range(RUNS):
            times["bare"].append(bare_insert(folder, texts))
            times["fts"].append(bare_insert(folder, texts, fts=True))
            for kind, source, extra in (("plain", "plain.jsonl", ["--index", "later"]),
                                        ("indexed", "plain.jsonl", []),
                                        ("labelled", "labelled.jsonl", ["--add-labels", "--index", "later"])):
                seconds, peak, cpu = timed_cli_cpu(["import", source, "--db", f"{kind}-{run_no}.db", *extra],
                                                   cwd=folder)
                times[kind].append(seconds)
                cpu_times[kind].append(cpu)
                rss.append(peak)
            seconds, peak = timed_cli(["index", "--db", f"plain-{run_no}.db"], cwd=folder)
            times["index"].append(seconds)
            rss.append(peak)
            seconds, peak = timed_cli(["export", "doccano", "--db", export_db.name, "--out",
                                       f"export-{run_no}.jsonl", "--status", "all"], cwd=folder)
            times["export"].append(seconds)
            rss.append(peak)
            if exported_lines(folder / f"export-{run_no}.jsonl") != export_documents:
                raise RuntimeError(f"the doccano export holds {exported_lines(folder / f'export-{run_no}.jsonl')}"
                                   f" documents, not {export_documents}")
            seconds, peak = timed_cli(["export", "doccano", "--db", f"labelled-{run_no}.db", "--out",
                                       f"export-labelled-{run_no}.jsonl", "--status", "all"], cwd=folder)
            times["export_labelled"].append(seconds)
            rss.append(peak)
        search = search_latency(folder / f"plain-{RUNS - 1}.db", search_queries(texts))
        med = {k: statistics.median(v) for k, v in times.items()}
    plain_ratio = med["plain"] / med["bare"]
    labelled_ratio = med["labelled"] / med["bare"]
    export_rate = export_documents / med["export"]
    labelled_export_rate = LABELLED / med["export_labelled"]
    return {
        "peer_documents": DOCUMENTS, "peer_labelled_documents": LABELLED, "peer_labelled_spans": corpus["spans"],
        "peer_klue_sentences": corpus["sentences"], "peer_runs": RUNS,
        "peer_bare_insert_s": round(med["bare"], 3), "peer_bare_fts_insert_s": round(med["fts"], 3),
        "peer_plain_import_s": round(med["plain"], 2),
        "peer_plain_import_docs_per_s": round(DOCUMENTS / med["plain"]),
        "peer_plain_import_cpu_s": round(statistics.median(cpu_times["plain"]), 2),
        "peer_plain_import_vs_bare": round(plain_ratio, 1),
        "peer_plain_import_vs_doccano": round(DOCCANO["plain_vs_bare"] / plain_ratio, 2),
        "peer_index_s": round(med["index"], 2),
        "peer_index_vs_bare_fts": round(med["index"] / med["fts"], 2),
        "peer_plain_import_indexed_s": round(med["indexed"], 2),
        "peer_plain_import_indexed_vs_bare": round(med["indexed"] / med["bare"], 1),
        "peer_labelled_import_s": round(med["labelled"], 2),
        "peer_labelled_import_cpu_s": round(statistics.median(cpu_times["labelled"]), 2),
        "peer_labelled_import_docs_per_s": round(LABELLED / med["labelled"]),
        "peer_labelled_import_vs_bare": round(labelled_ratio, 1),
        "peer_labelled_import_vs_doccano": round(DOCCANO["labelled_vs_bare"] / labelled_ratio, 2),
        "peer_doccano_export_s": round(med["export"], 2),
        "peer_doccano_export_docs_per_s": round(export_rate),
        "peer_doccano_export_vs_doccano": round(export_rate / DOCCANO["export_docs_per_s"], 1),
        "peer_doccano_export_documents": export_documents,
        "peer_doccano_export_labelled_s": round(med["export_labelled"], 2),
        "peer_doccano_export_labelled_docs_per_s": round(labelled_export_rate),
        "peer_doccano_export_labelled_vs_doccano": round(labelled_export_rate / DOCCANO["export_docs_per_s"], 1),
        **search,
        "peer_cli_peak_rss_mb": round(max(rss), 1),
        "peer_bytecode_compiled": compiled,
        "peer_loadavg_start": load_start, "peer_loadavg_end": _load(),
    }
