"""The fuzzing campaign's harness: valid seed files of every import format, mutated by a seeded random loop, are
imported into a fresh project; the oracle says what must hold whatever the bytes.

    in-process (every case): import_paths returns; no problem comes from a catch-all handler; every problem
        names an input file; the project passes its invariants; the input files are unchanged; and nothing good
        is lost: every document (with its spans and relations) that the unmutated folder stored from a part the
        mutation did not touch (another file, another JSONL line, another CoNLL/KLUE sentence) is stored again.
        The folder imported again changes nothing. Every EXPORT_EVERY-th case the project is exported in every
        format; doccano, Prodigy, brat and Label Studio, imported into a new project, give back the same texts,
        labels and relations without a problem.
    whole process (every PROCESS_EVERY-th case): `annotator import --json` exits 0 or 1, prints no traceback,
        and its problems name FILE:LINE (or FILE:) of an input; run again on the same folder it imports nothing
        and leaves every stored document as it was.

Deterministic by seed: case n of seed s is always the same bytes. tests/fuzz/test_campaign.py runs a small
budget in `make test`; scripts/fuzz_campaign.py runs a long one (--cases, --seconds, --seed).
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from tests.store_invariants import assert_store_invariants, stored_documents

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CATCH_ALL = ("could not be parsed", "segmenter failed", "Error:", "Traceback")
PROCESS_EVERY = 10
EXPORT_EVERY = 5  # every fifth case: its project exported in every format and the exact ones imported back
EXACT_EXPORTS = {"doccano": ("doccano.jsonl", "jsonl"), "prodigy": ("prodigy.jsonl", "jsonl"),
                 "brat": ("brat", "brat"), "label_studio": ("label_studio.json", "label_studio")}

# A unit is the part of a file that one record comes from: a JSONL line, a CoNLL/KLUE sentence block, or the
# whole file. A mutation inside one unit must not lose the records of the others.
LINE_UNITS, BLOCK_UNITS = "line", "block"


def _klue_head(n_sentences: int) -> bytes:
    text = (FIXTURES / "klue" / "klue-ner-v1.1_dev.excerpt.tsv").read_text(encoding="utf-8")
    return ("\n\n".join(text.split("\n\n")[:n_sentences]) + "\n\n").encode()


def seed_files() -> dict[str, tuple[bytes, str | None]]:
    """name -> (bytes, unit kind): one valid file of every format and shape the importers read."""
    imp = FIXTURES / "import"
    seeds: dict[str, tuple[bytes, str | None]] = {
        "shapes.jsonl": ((imp / "labelled_shapes.jsonl").read_bytes(), LINE_UNITS),
        "bad.jsonl": ((imp / "bad_records.jsonl").read_bytes(), LINE_UNITS),
        "seeds.jsonl": (b"\n".join((imp / "seeds_labelled.jsonl").read_bytes().split(b"\n")[:12]) + b"\n",
                        LINE_UNITS),
        "doccano.jsonl": (
            '{"id": 1, "text": "김철수 부산시장은 규제자유특구를 발표했다", "entities": [{"id": 10, "start_offset": 0,'
            ' "end_offset": 3, "label": "PERSON"}, {"id": 11, "start_offset": 4, "end_offset": 7, "label": "ORG"}],'
            ' "relations": [{"id": 1, "from_id": 10, "to_id": 11, "type": "belongs_to"}]}\n'
            '{"text": "둘째 기록 부산시", "label": [[6, 9, "ORG"]], "meta": {"x": [1, 2.5, "s"]}}\n'
            '{"text": "셋째 기록은 라벨이 없다"}\n'.encode(), LINE_UNITS),
        "array.json": ('[{"text": "제이슨 배열 첫째 기사"}, {"text": "제이슨 배열 둘째 기사", "title": "둘"}]'.encode(),
                       None),
        "klue.tsv": (_klue_head(12), BLOCK_UNITS),
        "sents.conll": ("-DOCSTART-\n\n# newdoc id = d1\n# text = 김철수 부산\n김철수\tB-PERSON\n부산\tB-LOC\n\n"
                        "# relation = E1 E2 located_in\n\n# newdoc id = d2\n중소벤처기업부\tB-ORG\n발표\tO\n\n"
                        "강원도\tB-LOC\n특구\tO\n지정\tO\n\n".encode(), BLOCK_UNITS),
        "pair.ann": ("T1\tPERSON 0 3\t김철수\nT2\tORG 4 7\t부산시\nR1\tbelongs_to Arg1:T1 Arg2:T2\n".encode(), None),
        "pair.txt": ("김철수 부산시 규제자유특구\n두 번째 줄\n".encode(), None),
        "cp949.txt": ((imp / "article_cp949.txt").read_bytes(), None),
        "bom.txt": ((imp / "article_utf8_bom.txt").read_bytes(), None),
        "crlf.txt": ((imp / "article_crlf.txt").read_bytes(), None),
        "emoji.txt": ((imp / "article_emoji.txt").read_bytes(), None),
        "corpus.txt": ((FIXTURES / "corpus" / "000_fcb37cc8a9ada870.txt").read_bytes(), None),
        "page.html": ((imp / "page.html").read_bytes(), None),
        "portal.html": ((FIXTURES / "synthetic_html" / "portal_player.html").read_bytes(), None),
        "label_studio.json": ((imp / "label_studio_export.json").read_bytes(), None),
        "inception.tsv": (WEBANNO_SEED.encode(), None),
    }
    return seeds


# WebAnno TSV 3.3 as INCEpTION writes it: named entities and a custom relation layer over them (head = source).
WEBANNO_SEED = (
    "#FORMAT=WebAnno TSV 3.3\n#T_SP=de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity|value\n"
    "#T_RL=webanno.custom.Relation|value|BT_de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity\n\n\n"
    "#Text=김철수 부산시장은 발표했다\n1-1\t0-3\t김철수\tPERSON\t_\t_\t\n1-2\t4-7\t부산시\tORG\tbelongs_to\t1-1\t\n"
    "1-3\t7-9\t장은\t_\t_\t_\t\n1-4\t10-14\t발표했다\t_\t_\t_\t\n\n"
    "#Text=강원도 규제자유특구 지정\n2-1\t15-18\t강원도\tLOC\t_\t_\t\n2-2\t19-25\t규제자유특구\tZONE\tlocated_in\t2-1\t\n"
    "2-3\t26-28\t지정\t_\t_\t_\t\n")

# Known-bad insertions: each one a class of input the promise names.
INSERTS = [b"\x00", b"\\u0000", b"\\ud800", b"\\udfff\\ud800", b"1e400", b"-1e400", b"NaN", b"Infinity",
           b"[" * 3000, b"{\"a\":" * 2000, b"\t", b"\r", b"\n", b"\r\n", b"#", b"\xef\xbb\xbf", b"\xff\xfe",
           b"\xfe\xff", b"\xed\xa0\x80", b"\xc0\x80", b"\x80", b"9" * 5000, b"-", b'"', b"{", b"}", b"]", b",",
           b"T1\tORG 0 99999\tx\n", b"T9\tORG 5 2\tx\n", b"R1\tbelongs_to Arg1:T1 Arg2:T1\n",
           b"R2\tbelongs_to Arg1:T1 Arg2:T77\n", "경찰".encode("cp949"), b"<div>" * 1200, b"<![[", b"<!",
           b"<script>", b"&#0;", b"&#xD800;", b"&#99999999;", b"B-", b"I-ORG", b"\tB-ORG", b"\tI-", b"## ",
           b"# text = ", b"# relation = E1 E9 x", b'"start": -5', b'"end": 1e9', b'"start": 7, "end": 3',
           b'"label": null', b'"text": null', b'"text": 5', b'"spans": {}', b'"relations": "x"', b"\x1b[31m",
           b"\xe2\x80\xa8", b"\xe2\x80\xa9", b"\x0b", b"\x0c", b"\x85", "가".encode() * 100_000,
           # characters whose UTF-16 length or normal form differs: rare Hanja, emoji sequences, decomposed Hangul
           "𠀀𪜀".encode(), "👨\u200d👩\u200d👧".encode(), "\u1100\u1161\u11a8".encode(), "e\u0301".encode(),
           "\u202e\u200f".encode(), "\ufe0f".encode(), b"\\ud83d\\ude00", b"\\udc00", b"\\u0000\\u0000",
           '"id": 1, "id": 2'.encode(), b'"start": 3.5', b'"end": true', b"T1\tORG 0 3;5 8\tx y\n",
           # WebAnno TSV: stacked and multi-token ids, relation references, layer headers, sub-tokens
           b"ORG[1]", b"*[2]|PERSON[3]", b"1-1[1_2]", b"1-9", b"9-1", b"3-2.1\t5-6\t", b"#T_SP=", b"#T_RL=x|y|BT_z",
           b"#T_CH=", b"#Text=", b"\\|", b"\\t"]
OPS = ("flip", "delete", "insert", "insert", "random", "repeat", "swap")


def mutate_bytes(rng: random.Random, data: bytes) -> bytes:
    b = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        op = rng.choice(OPS)
        pos = rng.randint(0, len(b))
        if op == "flip" and b:
            b[pos % len(b)] ^= 1 << rng.randint(0, 7)
        elif op == "delete" and b:
            del b[pos % len(b):pos % len(b) + rng.randint(1, 8)]
        elif op == "insert":
            b[pos:pos] = rng.choice(INSERTS)
        elif op == "random":
            b[pos:pos] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 6)))
        elif op == "repeat" and b:
            start = rng.randrange(len(b))
            b[pos:pos] = b[start:start + rng.randint(1, 40)]
        elif op == "swap" and len(b) > 2:
            i, j = sorted(rng.sample(range(len(b)), 2))
            b[i], b[j] = b[j], b[i]
    return bytes(b)


def split_units(data: bytes, kind: str | None) -> list[bytes]:
    """The file as units that join back to it exactly (each keeps its separator)."""
    if kind == LINE_UNITS:
        return data.splitlines(keepends=True)
    if kind == BLOCK_UNITS:
        return [part for part in re.split(rb"(?<=\n\n)", data) if part]
    return [data]


# Whole-file transformations that keep every record: the same documents must come out.
def _reencode(codec: str):
    def apply(data: bytes) -> bytes | None:
        try:
            return data.decode("utf-8-sig").encode(codec)
        except UnicodeError:
            return None
    return apply


LOSSLESS = {
    "utf-16": _reencode("utf-16"), "utf-8-sig": _reencode("utf-8-sig"), "cp949": _reencode("cp949"),
    "utf-16-le": _reencode("utf-16-le"), "utf-16-be": _reencode("utf-16-be"),  # without a byte order mark
    "crlf": lambda d: re.sub(rb"\r?\n", b"\r\n", d),
}


@dataclass
class Case:
    number: int
    target: str  # the seed file mutated
    how: str  # what was done, for the report
    files: dict[str, bytes]
    spared: set[str]  # seed names whose every unit is untouched
    touched_units: dict[str, set[int]] = field(default_factory=dict)  # seed name -> units changed or cut
    lossless: bool = False


def make_case(seed: int, number: int, seeds: dict[str, tuple[bytes, str | None]]) -> Case:
    rng = random.Random(f"{seed}:{number}")
    target = rng.choice(sorted(seeds))
    data, kind = seeds[target]
    files = {name: body for name, (body, _) in seeds.items()}
    units = split_units(data, kind)
    roll = rng.random()
    group = {target, "pair.txt", "pair.ann"} if target.startswith("pair.") else {target}
    spared = set(seeds) - group
    if roll < 0.12:
        name = rng.choice(sorted(LOSSLESS))
        out = LOSSLESS[name](data)
        if out is not None and out != data:
            files[target] = out
            return Case(number, target, f"re-encoded {name}", files, spared, {}, lossless=True)
    if roll < 0.22 and len(units) > 1:  # truncated inside unit k: units before k must survive
        k = rng.randrange(len(units))
        cut = rng.randint(0, max(0, len(units[k]) - 1))
        files[target] = b"".join(units[:k]) + units[k][:cut]
        return Case(number, target, f"truncated in unit {k}", files, spared, {target: set(range(k, len(units)))})
    k = rng.randrange(len(units))
    unit = units[k]
    body, sep = (unit.rstrip(b"\r\n"), unit[len(unit.rstrip(b"\r\n")):]) if kind else (unit, b"")
    units[k] = mutate_bytes(rng, body) + sep
    files[target] = b"".join(units)
    return Case(number, target, f"mutated unit {k}", files, spared, {target: {k}})


def write_folder(folder: Path, files: dict[str, bytes]) -> None:
    folder.mkdir(parents=True)
    for name, body in files.items():
        (folder / name).write_bytes(body)


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


def import_folder(root: Path, files: dict[str, bytes], add_labels: bool):
    """Import `files` (as one folder) into a new project; returns (report, {text: (spans, relations)}, folder)."""
    from annotator.io.importers import import_paths
    from annotator.store import Project

    folder = root / "in"
    write_folder(folder, files)
    before = digest(folder)
    db = root / "fuzz.db"
    with Project.open(db, "fuzz") as project:
        report = import_paths(project, [folder], add_labels=add_labels)
    assert digest(folder) == before, "an import changed its input files"
    assert_store_invariants(db)
    return report, stored_documents(db), folder


class Baseline:
    """What the unmutated seeds store, and which documents each unit alone is responsible for."""

    def __init__(self, root: Path, seeds: dict[str, tuple[bytes, str | None]], add_labels: bool):
        self.seeds = seeds
        self.add_labels = add_labels
        files = {name: body for name, (body, _) in seeds.items()}
        _, self.stored, _ = import_folder(root / "all", files, add_labels)
        self._root = root
        self._by_units: dict[tuple[str, frozenset[int]], set[str]] = {}

    def texts_of_units(self, name: str, units: frozenset[int]) -> set[str]:
        """Texts whose stored document depends on those units of `name`: without them they are missing or have
        other labels (a CoNLL relation comment, a labelled duplicate of a text another file brings first)."""
        if (name, units) not in self._by_units:
            data, kind = self.seeds[name]
            parts = split_units(data, kind)
            files = {n: b for n, (b, _) in self.seeds.items()}
            files[name] = b"".join(part for k, part in enumerate(parts) if k not in units)
            if name.startswith("pair."):
                files.pop("pair.ann"), files.pop("pair.txt")
            where = self._root / f"without-{name}-{len(self._by_units)}"
            _, without, _ = import_folder(where, files, self.add_labels)
            self._by_units[name, units] = {t for t, want in self.stored.items() if without.get(t) != want}
        return self._by_units[name, units]

    def must_keep(self, case: Case) -> dict[str, tuple[set, set]]:
        if case.lossless:
            return self.stored
        name = "pair.ann" if case.target.startswith("pair.") else case.target
        units = case.touched_units.get(name)
        if units is None or self.seeds[name][1] is None:
            units = range(len(split_units(*self.seeds[name])))
        lost = self.texts_of_units(name, frozenset(units))
        return {text: want for text, want in self.stored.items() if text not in lost}


def problem_names_input(problem: str, names: list[str]) -> bool:
    return any(problem.startswith(name + ":") for name in names)


def check_case(root: Path, case: Case, baseline: Baseline) -> list[str]:
    """Run one case in-process; returns the violated promises (empty: all kept)."""
    failures: list[str] = []
    try:
        report, stored, folder = import_folder(root, case.files, baseline.add_labels)
    except Exception as exc:  # noqa: BLE001 - a crash is what we look for
        return [f"crash: {type(exc).__name__}: {str(exc)[:300]}"]
    names = [str(folder / name) for name in case.files]
    for problem in report.problems:
        if any(marker in problem for marker in CATCH_ALL):
            failures.append(f"catch-all: {problem[:300]}")
        if not problem_names_input(problem, names + [str(folder)]):
            failures.append(f"names no input: {problem[:300]}")
    for text, want in baseline.must_keep(case).items():
        if text not in stored:
            failures.append(f"lost document: {text[:60]!r}")
        elif stored[text] != want:
            failures.append(f"changed labels of {text[:60]!r}: {sorted(stored[text][0])[:4]} != {sorted(want[0])[:4]}")
    try:
        failures += check_reimport(root, folder, stored, baseline.add_labels)
        if case.number % EXPORT_EVERY == 0:
            failures += check_exports(root)
    except Exception as exc:  # noqa: BLE001 - a crash is what we look for
        failures.append(f"crash after the import: {type(exc).__name__}: {str(exc)[:300]}")
    return failures


def check_reimport(root: Path, folder: Path, stored: dict, add_labels: bool) -> list[str]:
    """The same folder imported again into its project: nothing new, nothing stored changed."""
    from annotator.io.importers import import_paths
    from annotator.store import Project

    with Project.open(root / "fuzz.db", "fuzz") as project:
        again = import_paths(project, [folder], add_labels=add_labels)
    if again.imported or stored_documents(root / "fuzz.db") != stored:
        return [f"re-import not idempotent: {again.imported} imported again"]
    return []


def check_exports(root: Path) -> list[str]:
    """What was imported, exported in every format that carries it exactly (boilerplate lines too) and imported
    into a new project, comes back with the same texts, labels and relations and no problem; the lossy formats
    (CSV, CoNLL) finish."""
    from annotator.io.exporters import exporter
    from annotator.io.importers import import_paths
    from annotator.store import Project

    want = stored_documents(root / "fuzz.db", labels_only=True)
    failures = []
    with Project.open(root / "fuzz.db", "fuzz") as project:
        for fmt, (name, back) in EXACT_EXPORTS.items():
            out = root / "exports" / name
            report = exporter(fmt).export(project, out=out, status="all", include_boilerplate=True)
            if report.problems or report.documents != len(want):
                failures.append(f"{fmt} export: {report.documents} of {len(want)} documents, {report.problems[:2]}")
            with Project.open(root / f"back-{fmt}.db", "back") as other:
                again = import_paths(other, [out], format=back, add_labels=True)
            if again.problems:
                failures.append(f"{fmt} export imported back with problems: {again.problems[:2]}")
            got = stored_documents(root / f"back-{fmt}.db", labels_only=True)
            if got != want:
                lost = sorted(set(want) - set(got))
                changed = [t for t in want if t in got and got[t] != want[t]]
                failures.append(f"{fmt} export imported back: lost {[t[:40] for t in lost[:2]]}, other labels on"
                                f" {[t[:40] for t in changed[:2]]}")
        for fmt, name in (("csv", "out.csv"), ("conll", "out.conll")):
            exporter(fmt).export(project, out=root / "exports" / name, status="all", include_boilerplate=True)
    return failures


_PROBLEM_LINE = re.compile(r"^(?P<file>.+?):(?:(?P<line>\d+):)? ")


def check_process(root: Path, case: Case) -> list[str]:
    """Run `annotator import --json` on the case's folder as a whole process."""
    folder = root / "in"
    if not folder.exists():
        write_folder(folder, case.files)
    db = root / "proc.db"
    env = dict(os.environ, ANNOTATOR_REVIEWER="fuzz", QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, "-m", "annotator", "import", "--db", str(db), "--json", "-q",
                           str(folder)], capture_output=True, text=True, env=env, timeout=600)
    failures = []
    if proc.returncode not in (0, 1):
        failures.append(f"exit code {proc.returncode}")
    if "Traceback" in proc.stderr or "Traceback" in proc.stdout:
        failures.append(f"traceback: {proc.stderr[-600:]}")
    try:
        report = json.loads(proc.stdout)
    except ValueError:
        return failures + [f"--json printed no JSON: {proc.stdout[:300]!r} {proc.stderr[-300:]!r}"]
    names = [str(folder / name) for name in case.files] + [str(folder)]
    for problem in report.get("problems", []):
        if not problem_names_input(problem, names) or not _PROBLEM_LINE.match(problem):
            failures.append(f"process problem names no FILE:LINE: {problem[:200]}")
    if db.exists() and not failures:  # a rerun of the same import changes nothing and stores nothing twice
        stored = stored_documents(db)
        again = subprocess.run([sys.executable, "-m", "annotator", "import", "--db", str(db), "--json", "-q",
                                str(folder)], capture_output=True, text=True, env=env, timeout=600)
        try:
            imported = json.loads(again.stdout)["imported"]
        except (ValueError, KeyError):
            imported = f"no JSON ({again.stderr[-200:]!r})"
        if again.returncode not in (0, 1) or imported != 0 or stored_documents(db) != stored:
            failures.append(f"rerun not idempotent: exit {again.returncode}, imported {imported}")
    return failures


def run_campaign(root: Path, *, seed: int, cases: int, seconds: float | None = None, process_every: int =
                 PROCESS_EVERY, log=print) -> list[tuple[Case, list[str]]]:
    """Run cases 0..cases-1 of `seed` (stopping early after `seconds`); returns the failing ones."""
    import time

    seeds = seed_files()
    baselines = {flag: Baseline(root / f"baseline-{flag}", seeds, flag) for flag in (False, True)}
    failing = []
    started = time.monotonic()
    ran = 0
    for number in range(cases):
        if seconds is not None and time.monotonic() - started > seconds:
            log(f"time budget reached after {number} cases")
            break
        ran = number + 1
        case = make_case(seed, number, seeds)
        add_labels = bool(number % 2)
        where = root / f"case-{number}"
        failures = check_case(where, case, baselines[add_labels])
        if process_every and number % process_every == 0:
            failures += check_process(where, case)
        if failures:
            failing.append((case, failures))
            log(f"case {number} ({case.target}, {case.how}, add_labels={add_labels}): " + " | ".join(failures))
            keep = root / "failing" / f"case-{number}"
            shutil.copytree(where / "in", keep, dirs_exist_ok=True)
        shutil.rmtree(where, ignore_errors=True)
    (root / "cases_run").write_text(str(ran))  # for the campaign's summary
    return failing
