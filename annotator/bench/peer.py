"""The doccano peer benchmark, in the repo: `annotator bench --only peer` (not part of the default areas).

The corpus is the one the doccano comparison used: 10,000 Korean documents of ~3 KB, each made of KLUE-NER
sentences joined by spaces; the first 2,000 carry their KLUE spans in doccano's `label` shape. Sentences come from
the full KLUE-NER dev set when ../shared is beside the checkout, else from the excerpt under tests/fixtures.
Timed as whole CLI processes (what a user waits for), the median of `RUNS` fresh runs each:

  peer_plain_import_s       `annotator import plain.jsonl --index later` (10k documents, stored and usable)
  peer_index_s              `annotator index` after it (the search index of those 10k documents)
  peer_plain_import_indexed_s  `annotator import plain.jsonl` (the default: documents, then the index)
  peer_labelled_import_s    `annotator import labelled.jsonl --add-labels --index later` (2k documents, spans)
  peer_doccano_export_s     `annotator export doccano --status all` of the labelled project
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
# parent's) written to the file named first.
_CLI_WITH_PEAK = """
import sys
from annotator.cli import main
try:
    code = main(sys.argv[2:])
finally:
    with open("/proc/self/status") as fh, open(sys.argv[1], "w") as out:
        out.write(next((l.split()[1] for l in fh if l.startswith("VmHWM:")), "0"))
sys.exit(code)
"""


def timed_cli(args: list[str], *, cwd: Path) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of one whole `annotator` process."""
    env = dict(os.environ, ANNOTATOR_REVIEWER="bench")
    peak_file = cwd / "peak-rss.txt"
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _CLI_WITH_PEAK, str(peak_file), *args, "--quiet"], cwd=cwd,
                          env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace")[-2000:]
        raise RuntimeError(f"annotator {' '.join(args)} exited {done.returncode}: {message}")
    return seconds, int(peak_file.read_text() or 0) / 1024


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
                                                          "fts")}
        rss: list[float] = []
        for run_no in range(RUNS):
            times["bare"].append(bare_insert(folder, texts))
            times["fts"].append(bare_insert(folder, texts, fts=True))
            for kind, source, extra in (("plain", "plain.jsonl", ["--index", "later"]),
                                        ("indexed", "plain.jsonl", []),
                                        ("labelled", "labelled.jsonl", ["--add-labels", "--index", "later"])):
                seconds, peak = timed_cli(["import", source, "--db", f"{kind}-{run_no}.db", *extra], cwd=folder)
                times[kind].append(seconds)
                rss.append(peak)
            seconds, peak = timed_cli(["index", "--db", f"plain-{run_no}.db"], cwd=folder)
            times["index"].append(seconds)
            rss.append(peak)
            seconds, peak = timed_cli(["export", "doccano", "--db", f"labelled-{run_no}.db", "--out",
                                       f"export-{run_no}.jsonl", "--status", "all"], cwd=folder)
            times["export"].append(seconds)
            rss.append(peak)
        med = {k: statistics.median(v) for k, v in times.items()}
    plain_ratio = med["plain"] / med["bare"]
    labelled_ratio = med["labelled"] / med["bare"]
    export_rate = LABELLED / med["export"]
    return {
        "peer_documents": DOCUMENTS, "peer_labelled_documents": LABELLED, "peer_labelled_spans": corpus["spans"],
        "peer_klue_sentences": corpus["sentences"], "peer_runs": RUNS,
        "peer_bare_insert_s": round(med["bare"], 3), "peer_bare_fts_insert_s": round(med["fts"], 3),
        "peer_plain_import_s": round(med["plain"], 2),
        "peer_plain_import_docs_per_s": round(DOCUMENTS / med["plain"]),
        "peer_plain_import_vs_bare": round(plain_ratio, 1),
        "peer_plain_import_vs_doccano": round(DOCCANO["plain_vs_bare"] / plain_ratio, 2),
        "peer_index_s": round(med["index"], 2),
        "peer_index_vs_bare_fts": round(med["index"] / med["fts"], 2),
        "peer_plain_import_indexed_s": round(med["indexed"], 2),
        "peer_plain_import_indexed_vs_bare": round(med["indexed"] / med["bare"], 1),
        "peer_labelled_import_s": round(med["labelled"], 2),
        "peer_labelled_import_docs_per_s": round(LABELLED / med["labelled"]),
        "peer_labelled_import_vs_bare": round(labelled_ratio, 1),
        "peer_labelled_import_vs_doccano": round(DOCCANO["labelled_vs_bare"] / labelled_ratio, 2),
        "peer_doccano_export_s": round(med["export"], 2),
        "peer_doccano_export_docs_per_s": round(export_rate),
        "peer_doccano_export_vs_doccano": round(export_rate / DOCCANO["export_docs_per_s"], 1),
        "peer_cli_peak_rss_mb": round(max(rss), 1),
        "peer_bytecode_compiled": compiled,
        "peer_loadavg_start": load_start, "peer_loadavg_end": _load(),
    }
