"""What each rule of the spans table costs an import, per row: `python scripts/span_insert_cost.py [--spans N]`.

Makes a fresh project, stores documents with spans in one import layer, then times one executemany of N span
rows into the real spans table, the same rows bulk-loaded as an import does, and again with parts of the table
removed (the bounds trigger, foreign keys, the indexes), down to a table with none of them. Prints JSON: wall
and CPU seconds, and microseconds per row, for each variant, and the load average (on a busy machine the CPU
figures are the steadier ones). Only scratch files are changed; the figures say where a labelled import's SQL
time goes.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from annotator.store import Project  # noqa: E402
from annotator.store import imported_labels  # noqa: E402
from annotator.store.annotations import SPAN_INSERT  # noqa: E402

INDEXES = ("spans_by_label", "spans_by_layer", "spans_by_doc")
VARIANTS = {
    "schema as it is": set(),
    "schema as it is, bulk-loaded as an import does (imported_labels.insert_span_rows)": {"bulk"},
    "without the bounds trigger": {"trigger"},
    "without foreign keys": {"fk"},
    "without trigger and foreign keys": {"trigger", "fk"},
    "... and without spans_by_label, spans_by_layer": {"trigger", "fk", "spans_by_label", "spans_by_layer"},
    "... and without spans_by_doc (a bare table with its CHECK)": {"trigger", "fk", *INDEXES},
}
LABELS = ("PS", "LC", "OG", "DT", "QT", "TI")


def rows_for(project: Project, documents: int, spans: int, seed: int = 3) -> list[tuple]:
    """Documents of ~1,300 characters in the project, and span rows over them in text order (as an import
    writes them)."""
    rng = random.Random(seed)
    project.ensure_entity_labels(LABELS)
    label_ids = dict(project.conn.execute("SELECT name, id FROM labels WHERE kind = 'entity'"))
    c = project.conn
    with project.transaction():
        c.executemany("INSERT INTO documents(id, sha256, text_length, created_at, text) VALUES (?,?,?,?,?)",
                      [(i, f"{i:064x}", 1300, "now", "가" * 1300) for i in range(1, documents + 1)])
        c.execute("INSERT INTO layers(kind, name, created_at) VALUES ('import', 'import:cost', 'now')")
    layer = c.execute("SELECT id FROM layers WHERE name = 'import:cost'").fetchone()[0]
    per_doc = max(1, spans // documents)
    rows, span_id = [], 1
    for doc_id in range(1, documents + 1):
        starts = sorted(rng.sample(range(0, 1290, 10), min(per_doc, 129)))
        for start in starts:
            rows.append((span_id, doc_id, layer, start, start + rng.randint(1, 9), label_ids[rng.choice(LABELS)],
                         None, "now"))
            span_id += 1
    return rows[:spans]


def timed(folder: Path, name: str, removed: set[str], documents: int, spans: int) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process) of the insert and its commit."""
    with Project.open(folder / f"{abs(hash(name))}.db", "cost") as project:
        rows = rows_for(project, documents, spans)
        imported = [row[:6] for row in rows]  # insert_span_rows' rows: author and time go into the statement
        c = project.conn
        if "trigger" in removed:
            c.execute("DROP TRIGGER spans_within_text")
        if "fk" in removed:
            c.execute("PRAGMA foreign_keys = OFF")
        for index in INDEXES:
            if index in removed:
                c.execute(f"DROP INDEX {index}")
        c.execute("PRAGMA synchronous = NORMAL")  # as an import's batches run
        started, cpu = time.perf_counter(), time.process_time()
        c.execute("BEGIN IMMEDIATE")
        if "bulk" in removed:
            bulk_min = imported_labels.BULK_MIN_ROWS
            imported_labels.BULK_MIN_ROWS = 1  # the script's small runs take the bulk path too
            try:
                imported_labels.insert_span_rows(c, imported, 0, rows[0][7])
            finally:
                imported_labels.BULK_MIN_ROWS = bulk_min
        else:
            c.executemany(SPAN_INSERT, rows)
        c.execute("COMMIT")
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        stored = c.execute("SELECT COUNT(*) FROM spans").fetchone()[0]
        if stored != len(rows):
            raise RuntimeError(f"{name}: {stored} of {len(rows)} span rows stored")
        return seconds, cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--spans", type=int, default=127_553, help="span rows to insert (default: the peer corpus's)")
    parser.add_argument("--documents", type=int, default=2_000)
    args = parser.parse_args(argv)
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3]) if Path("/proc/loadavg").exists() else ""
    out = {"spans": args.spans, "documents": args.documents, "loadavg_start": load, "variants": {}}
    with tempfile.TemporaryDirectory(prefix="span-cost-") as tmp:
        for name, removed in VARIANTS.items():
            seconds, cpu = timed(Path(tmp), name, removed, args.documents, args.spans)
            out["variants"][name] = {"seconds": round(seconds, 3), "cpu_seconds": round(cpu, 3),
                                     "us_per_row": round(seconds / max(1, args.spans) * 1e6, 2),
                                     "cpu_us_per_row": round(cpu / max(1, args.spans) * 1e6, 2)}
    out["loadavg_end"] = " ".join(Path("/proc/loadavg").read_text().split()[:3]) if load else ""
    print(json.dumps(out, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
