"""Where a Kiwi's memory goes, and what its word lists cost: `python scripts/kiwi_memory.py [--subset [--pages N]]`.

Each configuration runs in a fresh process, which reports its VmRSS, VmHWM (peak), RssAnon and RssFile in MB after
`import kiwipiepy`, after `Kiwi(...)` (the model loaded), after the first analysis (Kiwi builds its dictionaries
lazily) and after glibc's `malloc_trim(0)`, with the seconds of each step: the constructor options of
kiwipiepy 0.24 (the word lists, allomorph integration, worker threads) and glibc's malloc settings.

--subset tries loading only the entries of the multi-word list (multi.dict, ~252k WikiData names) that some texts
contain (found by an Aho-Corasick scan that ignores whitespace, case and codas, with the entries an alias points
to) into a Kiwi built without the list, and counts the lines whose analysis (tag, start, length, sentence of every
morpheme) differs from Kiwi with the whole list: KLUE (the full dev set from ../shared when there, else the
excerpt), the sample pages and N pages of the peer corpus. It also prints the smallest case where the result
depends on entries the text does not contain. Prints JSON with the load average; changes nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CONFIGS = {
    "defaults": {},
    "no typo dict": {"load_typo_dict": False},
    "no multi-word list": {"load_multi_dict": False},
    "no default dict": {"load_default_dict": False},
    "no default dict, no multi-word list": {"load_default_dict": False, "load_multi_dict": False},
    "no word lists at all": {"load_default_dict": False, "load_multi_dict": False, "load_typo_dict": False},
    "integrate_allomorph=False": {"integrate_allomorph": False},
    "num_workers=2": {"num_workers": 2},
}
MALLOC = {
    "MALLOC_ARENA_MAX=1": {"MALLOC_ARENA_MAX": "1"},
    "MALLOC_TRIM_THRESHOLD_=0": {"MALLOC_TRIM_THRESHOLD_": "0"},
    "MALLOC_MMAP_THRESHOLD_=65536": {"MALLOC_MMAP_THRESHOLD_": "65536"},
}

_PROBE = """
import ctypes, json, sys, time
def mem():
    out = {}
    for line in open("/proc/self/status"):
        key = line.split(":")[0]
        if key in ("VmRSS", "VmHWM", "RssAnon", "RssFile"):
            out[key] = round(int(line.split()[1]) / 1024)
    return out
steps = {"start": mem()}
t = time.perf_counter(); import kiwipiepy; steps["import"] = dict(mem(), s=round(time.perf_counter() - t, 2))
options = {"num_workers": 1, **json.loads(sys.argv[1])}
t = time.perf_counter(); kiwi = kiwipiepy.Kiwi(**options); steps["constructed"] = dict(mem(), s=round(time.perf_counter() - t, 2))
t = time.perf_counter(); kiwi.tokenize("중소벤처기업부는 원주시를 규제자유특구로 지정했다.")
steps["first analysis"] = dict(mem(), s=round(time.perf_counter() - t, 2))
ctypes.CDLL("libc.so.6").malloc_trim(0); steps["malloc_trim"] = mem()
print(json.dumps(steps))
"""


def _probe(options: dict, env: dict | None = None) -> dict:
    done = subprocess.run([sys.executable, "-W", "ignore", "-c", _PROBE, json.dumps(options)], capture_output=True,
                          text=True, env=dict(os.environ, **(env or {})), check=True)
    return json.loads(done.stdout)


def memory_figures() -> dict:
    figures = {name: _probe(options) for name, options in CONFIGS.items()}
    figures.update({f"defaults, {name}": _probe({}, env) for name, env in MALLOC.items()})
    return figures


# --subset ---------------------------------------------------------------------------------------------------
def _scan_key(text: str) -> str:
    import re
    import unicodedata

    return unicodedata.normalize("NFKD", re.sub(r"\s+", "", text)).casefold()


def _multi_list():
    """(lines of multi.dict's entries, scanner: compact form -> entry numbers, alias number -> target number)."""
    import ahocorasick
    import kiwipiepy_model

    path = Path(kiwipiepy_model.get_model_path()) / "multi.dict"
    lines = [line for line in path.read_text(encoding="utf-8").split("\n") if line.strip() and line[0] != "#"]
    automaton = ahocorasick.Automaton()
    by_form: dict[tuple[str, str], int] = {}
    for number, line in enumerate(lines):
        form, analysis = line.split("\t")[:2]
        by_form.setdefault((form, analysis), number)
        key = _scan_key(form)
        automaton.add_word(key, (*automaton.get(key, ()), number))
    automaton.make_automaton()
    targets = {}
    for number, line in enumerate(lines):
        target = line.split("\t")[1]
        if "/" in target:
            form, _, tag = target.rpartition("/")
            found = by_form.get((form.replace("++", "+"), tag))
            if found is not None:
                targets[number] = found
    return lines, automaton, targets


def _kiwi_with(lines: list[str]):
    import tempfile

    from kiwipiepy import Kiwi

    kiwi = Kiwi(num_workers=2, load_multi_dict=False)
    if lines:
        with tempfile.NamedTemporaryFile("w", suffix=".dict", encoding="utf-8", delete=False) as fh:
            fh.write("\n".join(lines) + "\n")
        try:
            kiwi.load_user_dictionary(fh.name)
        finally:
            os.unlink(fh.name)
    return kiwi


def _analyses(kiwi, texts: list[str]) -> list[list[tuple]]:
    return [[(t.tag, t.start, t.len, t.sent_position) for t in tokens] for tokens in kiwi.tokenize(texts)]


def subset_figures(pages: int) -> dict:
    from kiwipiepy import Kiwi

    from annotator.bench.peer import klue_sentences

    klue = [text for text, _ in klue_sentences()]
    samples = [line for path in sorted((ROOT / "annotator" / "resources" / "samples").glob("*.txt"))
               for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]
    peer: list[str] = []
    if pages:
        import random

        sentences = list(klue)
        rng = random.Random(11)
        for _ in range(pages):  # pages of the peer corpus's kind: KLUE sentences joined by spaces, ~3 KB
            page = []
            while sum(map(len, page)) < 1000:
                page.append(rng.choice(sentences))
            peer.append(" ".join(page))
    texts = klue + samples + peer
    started = time.perf_counter()
    lines, automaton, targets = _multi_list()
    built = time.perf_counter() - started
    started = time.perf_counter()
    found = {number for text in texts for _end, numbers in automaton.iter(_scan_key(text)) for number in numbers}
    found |= {targets[n] for n in found if n in targets}
    scanned = time.perf_counter() - started
    subset = _analyses(_kiwi_with([lines[n] for n in sorted(found)]), texts)
    full = _analyses(Kiwi(num_workers=2), texts)
    differ = [i for i in range(len(texts)) if subset[i] != full[i]]
    city = "시티헌터 정말 재밌게 봤는데"
    entry = "시티 헌터\tNNP\t-10.0000"
    alone = _analyses(_kiwi_with([entry]), [city])[0]
    with_other = _analyses(_kiwi_with([entry, "가나 다라\tNNP\t-10.0"]), [city])[0]
    return {
        "subset_texts": {"klue": len(klue), "sample_lines": len(samples), "peer_pages": len(peer)},
        "subset_chars": sum(map(len, texts)),
        "subset_entries_loaded": len(found), "subset_entries_in_list": len(lines),
        "subset_scanner_build_s": round(built, 2), "subset_scan_s": round(scanned, 2),
        "subset_lines_differing": len(differ),
        "subset_differing_klue": sum(i < len(klue) for i in differ),
        "subset_differing_samples": sum(len(klue) <= i < len(klue) + len(samples) for i in differ),
        "subset_differing_examples": [texts[i][:80] for i in differ[:5]],
        "nonlocal_case": {"text": city, "entry": entry, "alone": alone[:2], "with an unrelated entry": with_other[:2],
                          "same": alone == with_other},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--subset", action="store_true", help="also try the multi-word list loaded as needed")
    parser.add_argument("--pages", type=int, default=0, help="peer-corpus pages added to the --subset texts")
    args = parser.parse_args(argv)
    figures: dict = {"load_before": os.getloadavg()}
    figures["memory_mb"] = memory_figures()
    if args.subset:
        figures.update(subset_figures(args.pages))
    figures["load_after"] = os.getloadavg()
    print(json.dumps(figures, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
