"""Kiwi's CPU per character on whole chunks and on sentence pieces, and how much text repeats as pieces:
`python scripts/kiwi_piece_cost.py [--pages 150] [--rounds 5] [--no-kiwi]`.

1. CPU (process_time, one Kiwi thread, the shipped options) of one `kiwi.tokenize` of a list of texts, the line
   cut as before session 26 (korean._chunk_bounds: 1,000-character chunks) and as now (korean._piece_bounds:
   sentences), rounds interleaved (the load moves; the fastest round of each counts), on peer pages
   (annotator.bench.peer: KLUE sentences joined by spaces, drawn with another seed than the bench's) and on every
   non-blank line of the devset pages (../devset-pages). No piece cache: this is Kiwi's own speed.
2. Repetition, no Kiwi: the share of characters whose piece (or whole line) occurred earlier in the same batch,
   i.e. what the piece cache finds at best, on the 10k bench peer pages (5,000 KLUE sentences drawn ~50 times each:
   high by construction), the content lines of the devset pages (scripts/segment_devset/manifest.json) and of the
   shared corpus pages (../shared/corpus, boilerplate_gold.json), and every non-blank line of both.
3. Agreement of the line analyses (korean.LineAnalysis: morphs and sentences) made from chunks and from pieces on
   the lines of 1.: lines with equal morphs, equal sentences, and morph boundaries in one and not the other.
Prints JSON with the load average.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _repetition(lines: list[str], bounds) -> dict:
    seen: set[str] = set()
    pieces = chars = again = 0
    for line in lines:
        for start, end in bounds(line):
            piece = line[start:end]
            pieces += 1
            chars += len(piece)
            if piece in seen:
                again += len(piece)
            else:
                seen.add(piece)
    return {"pieces": pieces, "chars": chars, "repeated_chars": again, "repeated_share": round(again / max(chars, 1), 3)}


def _agreement(lines: list[str]) -> dict:
    """Line analyses from pieces (the shipped path) against those from chunks (the same code, the line cut by
    _chunk_bounds), each line analysed alone with the piece cache off."""
    from annotator.core import korean

    pieces = korean.KoreanAnalyser(num_workers=1, piece_chars=0)
    chunks = korean.KoreanAnalyser(num_workers=1, piece_chars=0)
    shipped = korean._piece_bounds
    out = {"lines": len(lines), "equal_morphs": 0, "equal_sentences": 0, "morph_boundaries": 0,
           "boundaries_not_shared": 0}
    for line in lines:
        a = pieces.analyse_lines([line])[0]
        korean._piece_bounds = korean._chunk_bounds
        try:
            b = chunks.analyse_lines([line])[0]
        finally:
            korean._piece_bounds = shipped
        out["equal_morphs"] += a.morphs == b.morphs
        out["equal_sentences"] += a.sentences == b.sentences
        ends_a = {x for m in a.morphs for x in (m.start, m.end)}
        ends_b = {x for m in b.morphs for x in (m.start, m.end)}
        out["morph_boundaries"] += len(ends_b)
        out["boundaries_not_shared"] += len(ends_a ^ ends_b)
    return out


def _real_pages() -> dict[str, tuple[list[str], list[str]]]:
    """name -> (content lines, every non-blank line) of the devset and shared corpus pages that are present."""
    out = {}
    devset = ROOT.parent / "devset-pages"
    manifest = json.loads((ROOT / "scripts" / "segment_devset" / "manifest.json").read_text(encoding="utf-8"))
    gold = {p["file"]: p["content"] for p in manifest["pages"]}
    shared = ROOT.parent / "shared" / "corpus"
    if (shared / "boilerplate_gold.json").exists():
        gold_shared = json.loads((shared / "boilerplate_gold.json").read_text(encoding="utf-8"))
    for name, folder, content_of in (("devset", devset, gold), ("shared_corpus", shared, None)):
        if not folder.is_dir():
            continue
        content, every = [], []
        for path in sorted(folder.glob("*.txt")):
            lines = path.read_text(encoding="utf-8").split("\n")
            if content_of is None:
                entry = gold_shared.get(path.name)
                numbers = set(entry["content"]) if isinstance(entry, dict) else set()
            else:
                numbers = set(content_of.get(path.name, []))
            every += [line for line in lines if line.strip()]
            content += [line for no, line in enumerate(lines, 1) if no in numbers and line.strip()]
        out[name] = (content, every)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=150, help="peer pages for the CPU comparison")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--no-kiwi", action="store_true", help="only the repetition figures")
    args = parser.parse_args(argv)
    from annotator.bench.peer import DOCUMENTS, write_corpus
    from annotator.core import korean

    figures: dict = {"load_before": [round(x, 2) for x in os.getloadavg()]}
    with tempfile.TemporaryDirectory() as tmp:
        bench_pages = write_corpus(Path(tmp), documents=DOCUMENTS, labelled=0)["texts"]
        other_pages = write_corpus(Path(tmp), documents=args.pages, labelled=0, seed=1234)["texts"]
    real = _real_pages()
    repetition = {"peer_10k_pieces": _repetition(bench_pages, korean._piece_bounds),
                  "peer_10k_whole_lines": _repetition(bench_pages, lambda line: [(0, len(line))])}
    for name, (content, every) in real.items():
        repetition[f"{name}_content_pieces"] = _repetition(content, korean._piece_bounds)
        repetition[f"{name}_all_lines_pieces"] = _repetition(every, korean._piece_bounds)
        repetition[f"{name}_all_lines_whole_lines"] = _repetition(every, lambda line: [(0, len(line))])
    figures["repetition"] = repetition
    if not args.no_kiwi:
        sets = {}
        for name, lines in (("peer", other_pages), ("devset", real.get("devset", ([], []))[1])):
            if lines:
                sets[f"{name}_chunks"] = [line[s:e] for line in lines for s, e in korean._chunk_bounds(line)]
                sets[f"{name}_pieces"] = [line[s:e] for line in lines for s, e in korean._piece_bounds(line)]
        analyser = korean.KoreanAnalyser(num_workers=1)
        kiwi = analyser._ensure_kiwi()
        options = analyser._tokenize_args
        cpu: dict[str, list[float]] = {name: [] for name in sets}
        for _round in range(args.rounds):
            for name, texts in sets.items():
                started = time.process_time()
                list(kiwi.tokenize(texts, **options))
                cpu[name].append(round(time.process_time() - started, 3))
        figures["kiwi_cpu_s"] = {name: {"fastest": min(v), "rounds": v, "texts": len(sets[name]),
                                        "chars": sum(map(len, sets[name])),
                                        "chars_per_cpu_s": round(sum(map(len, sets[name])) / min(v))}
                                 for name, v in cpu.items()}
        figures["agreement"] = {name: _agreement(lines) for name, lines in
                                (("peer", other_pages), ("devset", real.get("devset", ([], []))[1])) if lines}
    figures["load_after"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(figures, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
