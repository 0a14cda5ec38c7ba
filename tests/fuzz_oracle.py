"""The oracle the importer property tests share: import generated files into a fresh project, then
compare what is stored with what the generator says must be stored, and what is reported with the
lines the generator broke."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from tests.store_invariants import assert_store_invariants, stored_documents

# FUZZ_EXAMPLES=2000 make test runs a longer campaign; the default keeps the suite quick.
FUZZ = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "40")), deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Common Hangul (all in KS X 1001, so a CP949 file of them reads as Korean) and digits.
HANGUL = "가나다라마바사아자차카타파하규제자유특구지정부산해양경찰정부지역혁신정책발표기업산업위원회의결수소전기실증"
words = st.text(alphabet=HANGUL, min_size=1, max_size=5)


@dataclass
class Expected:
    docs: dict[str, tuple[set, set]] = field(default_factory=dict)  # text -> (spans, relations)
    report: set[tuple[str, int]] = field(default_factory=set)  # (file, line) that must be reported; 0: the file
    may_report: set[tuple[str, int]] = field(default_factory=set)  # places that may be reported too

    def doc(self, text: str, spans=(), relations=()) -> None:
        assert text not in self.docs, "generators make every text unique"
        self.docs[text] = (set(spans), set(relations))


def problem_place(problem: str, files: list[str]) -> tuple[str, int]:
    for name in sorted(files, key=len, reverse=True):
        if problem.startswith(name + ":"):
            m = re.match(r"(\d+): ", problem[len(name) + 1:])
            return name, int(m.group(1)) if m else 0
    raise AssertionError(f"a problem that names no input file: {problem}")


def check_import(root: Path, inputs: list[Path], expected: Expected, **options):
    """Import `inputs` into a new project under root; assert stored == expected and the problems' places."""
    from annotator.io.importers import import_paths
    from annotator.store import Project

    db = root / "fuzz.db"
    with Project.open(db, "fuzz") as project:
        report = import_paths(project, inputs, **options)
    assert_store_invariants(db)
    stored = stored_documents(db)
    assert stored.keys() == expected.docs.keys()
    for text, want in expected.docs.items():
        assert stored[text] == want, text
    files = [str(p) for p in inputs] + [str(p.with_suffix(".txt")) for p in inputs if p.suffix == ".ann"]
    from annotator.io.importers.runner import NO_RECORDS

    places = {problem_place(p, files) for p in report.problems}
    # a file that gave nothing at all (an empty array, blank lines only) is said so, and only then
    said_empty = {problem_place(p, files) for p in report.problems if p.endswith(NO_RECORDS)}
    for name, _ in said_empty:
        assert sum(problem_place(p, files)[0] == name for p in report.problems) == 1, report.problems
    places -= said_empty
    assert expected.report <= places, (sorted(expected.report - places), report.problems)
    assert places <= expected.report | expected.may_report, (sorted(places - expected.report), report.problems)
    assert report.imported == len(expected.docs)
    assert report.spans == sum(len(s) for s, _ in expected.docs.values())
    assert report.relations == sum(len(r) for _, r in expected.docs.values())
    return report
