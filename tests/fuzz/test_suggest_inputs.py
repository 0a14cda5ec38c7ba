"""The files `annotator suggest` reads (text files, --dictionary labelled JSONL) under bad input: every problem is
'FILE:LINE: why', no traceback, and the good records still count. The dictionary had a parser of its own: a deeply
nested line ended the run with a RecursionError traceback, spans outside the text went into the dictionary as the
strings Python's slicing gave (text[-5:3]), NUL bytes and over-long lines were dropped without a word (found by
scripts/fuzz_campaign.py --target suggest)."""

from __future__ import annotations

import json
import random

from hypothesis import example, given
from hypothesis import strategies as st

from annotator.commands.suggest import read_dictionary, read_text
from tests.commands.test_import_cli import run_cli
from tests.fuzz.harness import mutate_bytes
from tests.fuzz_oracle import FUZZ, words


class Recorder:
    def __init__(self):
        self.added = []

    def add(self, text, label):
        self.added.append((text, label))


offsets = st.integers(min_value=-3, max_value=12)
records = st.lists(st.tuples(words, st.lists(st.tuples(offsets, offsets, st.sampled_from(["ORG", "LOC"])),
                                             max_size=3)), min_size=1, max_size=6)


@FUZZ
@given(records)
@example([("부산시", [(-5, 3, "ORG"), (0, 3, "LOC")])])
def test_valid_spans_are_added_and_every_other_one_is_reported_by_line(tmp_path_factory, recs):
    path = tmp_path_factory.mktemp("dict") / "d.jsonl"
    path.write_text("".join(json.dumps({"text": t, "label": [list(s) for s in spans]}, ensure_ascii=False) + "\n"
                            for t, spans in recs), encoding="utf-8")
    recorder = Recorder()
    problems = read_dictionary([path], recorder)
    want = [(t[s:e], label) for t, spans in recs for s, e, label in spans if 0 <= s < e <= len(t)]
    assert recorder.added == want
    bad_lines = {no for no, (t, spans) in enumerate(recs, 1) if any(not 0 <= s < e <= len(t) for s, e, _ in spans)}
    assert {int(p.split(":")[1]) for p in problems} == bad_lines
    assert all(p.startswith(f"{path}:") and "outside the text" in p for p in problems)


def test_a_mutated_dictionary_never_crashes_and_names_file_and_line(tmp_path):
    seed = "".join(json.dumps({"text": f"부산시 {i}번 기사", "label": [[0, 3, "LOC"]]}, ensure_ascii=False) + "\n"
                   for i in range(8)).encode()
    rng = random.Random(27)
    for case in range(150):
        path = tmp_path / f"d{case}.jsonl"
        path.write_bytes(mutate_bytes(rng, seed))
        recorder = Recorder()
        try:
            problems = read_dictionary([path], recorder)
        except ValueError as exc:  # the whole file refused (binary): by name
            assert str(exc).startswith(f"{path}: "), exc
            continue
        assert all(p.startswith(f"{path}:") and p.split(":")[1].isdigit() for p in problems), problems
        untouched = sum(line in seed.splitlines() for line in path.read_bytes().splitlines())
        assert recorder.added.count(("부산시", "LOC")) >= untouched  # every record the mutation spared still counts
        assert all(text.strip() for text, _ in recorder.added)


def test_a_deeply_nested_line_costs_only_itself_through_the_cli(tmp_path):
    dictionary = tmp_path / "d.jsonl"
    dictionary.write_bytes(b"[" * 100_000 + b"\n" + json.dumps({"text": "부산시 발표", "label": [[0, 3, "LOC"]]},
                                                               ensure_ascii=False).encode() + b"\n")
    page = tmp_path / "a.txt"
    page.write_text("부산시는 규제자유특구를 발표했다.", encoding="utf-8")
    out = run_cli("suggest", "-q", "--sources", "dictionary", "--dictionary", dictionary, "--json", "--all-lines",
                  page)
    assert out.returncode == 0 and "Traceback" not in out.stderr, out.stderr
    assert out.stderr.splitlines() == [f"annotator: {dictionary}:1: invalid JSON (nested too deeply); line skipped"]
    result = json.loads(out.stdout)
    assert result["dictionary_strings"] == 1 and result["by_label"] == {"LOC": 1}


def test_a_text_file_line_over_the_limit_is_reported(tmp_path):
    page = tmp_path / "long.txt"
    page.write_bytes("부산시 ".encode() * 300_000 + "\n둘째 줄".encode())
    problems = []
    assert read_text(page, problems) == "\n둘째 줄"
    assert problems == [f"{page}:1: line is 3.0 MB, over the 2 MiB line limit; line skipped"]
