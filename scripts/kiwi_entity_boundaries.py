"""Which Kiwi configuration tokenises gold entities better: `python scripts/kiwi_entity_boundaries.py [--configs A,B]`.

The tokens are used to find entity boundaries (snapping a selection, double-click, the spaCy export's token
columns, the suggestion engines' trimming), so configurations are compared on gold entities, not by eye:
the bundled sample's labels, KLUE-NER's spans (the repo's fixture excerpt, and the full dev set from ../shared
when there) and the suggestion devset gold (scripts/suggest_devset, texts in $ANNOTATOR_SUGGEST_DEVSET or
../devset-pages). Per configuration and gold set it counts the entities whose start / end / both fall on a
token boundary, whose span snap_to_morphemes() leaves unchanged, and whose span a double-click on its first
character (noun_part_at) gives exactly; and, per names (PERSON/PS), organisations (ORG/OG) and places (LOC/LC),
how many entities the configuration tokenises differently from Kiwi's own defaults inside the span (more pieces:
split, fewer: merged, as many but elsewhere: moved). Each configuration runs in its own process, which also
reports its peak RSS and CPU seconds. Prints JSON with the load average; changes nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CONFIGS = {
    "kiwi_defaults": {},  # Kiwi as it comes (the shipped options are korean.KIWI_OPTIONS)
    "no_multi_dict": {"load_multi_dict": False},
    "no_multi_no_default_dict": {"load_multi_dict": False, "load_default_dict": False},
    "cutoff_5": {"cutoff_threshold": 5.0},  # Kiwi's beam cut (default 8): fewer candidates kept
    **{f"no_multi_no_default_dict_cutoff_{c}": {"load_multi_dict": False, "load_default_dict": False,
                                                "cutoff_threshold": float(c)} for c in (3, 4, 5)},
    # cheaper variants of the shipped options (korean.KIWI_OPTIONS): unknown words by Kiwi's rules alone rather
    # than its character model, shorter unknown forms, no typo list, a narrower beam
    **{name: {"load_multi_dict": False, "load_default_dict": False, "cutoff_threshold": 5.0, **extra}
       for name, extra in {"shipped_oov_rule": {"oov_handling": "rule"},
                           "shipped_unk_4": {"max_unk_form_size": 4},
                           "shipped_no_typo_dict": {"load_typo_dict": False},
                           "shipped_all_cheaper": {"oov_handling": "rule", "max_unk_form_size": 4,
                                                   "load_typo_dict": False, "cutoff_threshold": 4.0}}.items()},
}
GROUPS = {"PERSON": "names", "PS": "names", "ORG": "organisations", "OG": "organisations",
          "LOC": "places", "LC": "places"}


def gold_sets() -> dict[str, list[tuple[str, list[tuple[int, int, str]]]]]:
    """name -> [(text, [(start, end, label)])] of every gold set present."""
    from annotator.bench.suggest import gold_entities, labelled_sample
    from annotator.core.model import NewDocument
    from annotator.io.importers import klue
    from annotator.paths import SOURCE_ROOT, shared_dir

    sets = {"sample": [(r["text"], gold_entities(r)) for r in labelled_sample()]}
    paths = {"klue_fixture": SOURCE_ROOT / "tests" / "fixtures" / "klue" / "klue-ner-v1.1_dev.excerpt.tsv"}
    shared = shared_dir()
    if shared and (shared / "data" / "klue-ner" / "klue-ner-v1.1_dev.tsv").exists():
        paths["klue_dev"] = shared / "data" / "klue-ner" / "klue-ner-v1.1_dev.tsv"
    for name, path in paths.items():
        lines = path.read_text(encoding="utf-8").splitlines()
        sets[name] = [(d.text, [(s.start, s.end, s.label) for s in d.spans])
                      for d in klue.parse(path, lines) if isinstance(d, NewDocument)]
    sys.path.insert(0, str(ROOT / "scripts"))
    import suggest_devset

    with open(os.devnull, "w") as quiet:
        pages = suggest_devset.load(report=quiet)
    if pages:
        sets["devset"] = [(p.text, list(p.spans)) for p in pages]
    return sets


def _measure(options: dict) -> dict:
    """One configuration, in this process: a record per gold entity, with this process's peak RSS and CPU."""
    import resource

    from annotator.core import korean, korean_snap

    analyser = korean.KoreanAnalyser(num_workers=1, kiwi_options=options, cache_lines=1 << 20)
    sets = gold_sets()
    before = resource.getrusage(resource.RUSAGE_SELF)
    lines = [line for texts in sets.values() for text, _ in texts for line in text.split("\n")]
    analyser._cache._max_chars = sum(map(len, lines)) + 1  # every line stays cached for the snapping below
    analyser.analyse_lines(lines)
    after = resource.getrusage(resource.RUSAGE_SELF)
    out: dict = {"cpu_s": round(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, 2)}
    for name, texts in sets.items():
        records = []
        for text, spans in texts:
            for start, end, label in spans:
                pieces = [(s - start, e - start) for s, e, _ in analyser.iter_line_morphs(text, start, end)
                          if s < end and e > start]
                bounds = {b for p in pieces for b in p}
                snapped = korean_snap.snap_to_morphemes(text, start, end, analyser=analyser)
                clicked = korean_snap.noun_part_at(text, start, analyser=analyser)
                records.append([label, 0 in bounds, end - start in bounds, list(snapped) == [start, end],
                                clicked == (start, end), pieces])
        out[name] = records
    with open("/proc/self/status", encoding="ascii") as fh:
        out["peak_rss_mb"] = next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:")) // 1024
    return out


def _summary(records: list, reference: list) -> dict:
    n = len(records)
    share = lambda k: round(sum(1 for r in records if r[k]) / n, 4) if n else None  # noqa: E731
    out = {"entities": n, "start_on_boundary": share(1), "end_on_boundary": share(2),
           "both_on_boundary": round(sum(1 for r in records if r[1] and r[2]) / n, 4) if n else None,
           "snap_keeps_span": share(3), "double_click_gives_span": share(4),
           "counts": {"both_on_boundary": sum(1 for r in records if r[1] and r[2]),
                      "snap_keeps_span": sum(1 for r in records if r[3])}}
    changes: dict[str, Counter] = {}
    for mine, ref in zip(records, reference):
        group = GROUPS.get(mine[0])
        if group is None:
            continue
        tally = changes.setdefault(group, Counter())
        tally["entities"] += 1
        if mine[5] != ref[5]:
            kind = "split" if len(mine[5]) > len(ref[5]) else "merged" if len(mine[5]) < len(ref[5]) else "moved"
            tally[kind] += 1
            # which tokenisation has the entity's own edges as boundaries (the one the snapping can keep)
            tally["changed_" + ("better" if mine[1] + mine[2] > ref[1] + ref[2] else
                                "worse" if mine[1] + mine[2] < ref[1] + ref[2] else "same_edges")] += 1
    out["names_orgs_places_vs_defaults"] = {g: dict(c) for g, c in changes.items()}
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--configs", default=",".join(CONFIGS), help="comma-separated names of CONFIGS")
    parser.add_argument("--probe", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.probe is not None:
        print(json.dumps(_measure(json.loads(args.probe))))
        return 0
    names = args.configs.split(",")
    if "kiwi_defaults" not in names:
        names.insert(0, "kiwi_defaults")
    load_before = os.getloadavg()
    raw = {}
    for name in names:
        done = subprocess.run([sys.executable, "-W", "ignore", __file__, "--probe", json.dumps(CONFIGS[name])],
                              capture_output=True, text=True, check=True)
        raw[name] = json.loads(done.stdout)
    result: dict = {"load_before": [round(x, 2) for x in load_before]}
    for name in names:
        mine, ref = raw[name], raw["kiwi_defaults"]
        result[name] = {"options": CONFIGS[name], "peak_rss_mb": mine["peak_rss_mb"], "analysis_cpu_s": mine["cpu_s"],
                        **{s: _summary(mine[s], ref[s]) for s in mine if s not in ("cpu_s", "peak_rss_mb")}}
    result["load_after"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(result, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
