"""The layering rules: core, store, io and nlp work without Qt (importing every module of them leaves PySide6
unloaded); imports point down (core <- store <- io <- nlp <- ui, commands, bench); SQL runs in the store only;
importing io or the CLI loads neither spaCy nor openpyxl."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

SCRIPT = r"""
import importlib, pkgutil, sys
import annotator
for package in ("annotator.core", "annotator.store", "annotator.io", "annotator.nlp"):
    mod = importlib.import_module(package)
    for info in pkgutil.walk_packages(mod.__path__, package + "."):
        importlib.import_module(info.name)
import annotator.cli
annotator.cli.build_parser()
bad = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6"))
print("QT:" + ",".join(bad))
"""


def test_core_store_io_nlp_and_cli_do_not_import_qt():
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, cwd=REPO, check=True
    ).stdout
    assert "QT:\n" in out, out


def test_ui_is_the_only_package_importing_pyside6():
    offenders = []
    for path in (REPO / "annotator").rglob("*.py"):
        if "ui" in path.relative_to(REPO / "annotator").parts[:1]:
            continue
        text = path.read_text(encoding="utf-8")
        if "import PySide6" in text or "from PySide6" in text:
            offenders.append(str(path.relative_to(REPO)))
    assert offenders == [] or all(p.startswith("annotator/bench/") for p in offenders), offenders


LIGHT_IMPORT = r"""
import sys
import annotator.io, annotator.io.importers, annotator.io.exporters
import annotator.cli
annotator.cli.build_parser()
print("HEAVY:" + ",".join(sorted(m for m in ("spacy", "openpyxl", "thinc") if m in sys.modules)))
"""


def test_importing_io_and_the_cli_loads_neither_spacy_nor_openpyxl():
    """They load when an export or report that needs them runs, not at start-up (a second or more each)."""
    out = subprocess.run([sys.executable, "-c", LIGHT_IMPORT], capture_output=True, text=True, cwd=REPO,
                         check=True).stdout
    assert "HEAVY:\n" in out, out


# Which packages of annotator each package may import (imports point down: core <- store <- io <- nlp <- the
# rest): the spaCy export and training are nlp, on io's export scope; io never needs spaCy.
ALLOWED = {
    "core": {"core", "paths"},
    "store": {"core", "store", "paths"},
    "io": {"core", "store", "io", "paths"},
    "nlp": {"core", "store", "io", "nlp", "paths"},
}


def _imported_packages(path: Path) -> set[str]:
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "annotator" and len(parts) > 1:
                found.add(parts[1])
    return found


def test_imports_point_down_through_core_store_io_and_nlp():
    offenders = []
    for package, allowed in ALLOWED.items():
        for path in (REPO / "annotator" / package).rglob("*.py"):
            wrong = _imported_packages(path) - allowed
            if wrong:
                offenders.append(f"{path.relative_to(REPO)} imports annotator.{', annotator.'.join(sorted(wrong))}")
    assert offenders == [], offenders


# The benchmarks' raw-SQLite baselines (a bare insert to compare with) are the places outside the store that must
# run SQL. io/report/writer.py is being moved onto store query functions in parallel (issue 16).
SQL_OUTSIDE_STORE_ALLOWED = {"annotator/bench/import_.py", "annotator/bench/peer.py", "annotator/io/report/writer.py"}


def test_only_the_store_runs_sql():
    import re

    runs_sql = re.compile(r"\.execute(many|script)?\(|sqlite3\.connect\(|\.conn\b")
    offenders = []
    for path in (REPO / "annotator").rglob("*.py"):
        rel = path.relative_to(REPO).as_posix()
        if rel.startswith("annotator/store/") or rel in SQL_OUTSIDE_STORE_ALLOWED:
            continue
        for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if runs_sql.search(line):
                offenders.append(f"{rel}:{no}: {line.strip()}")
    assert offenders == [], "\n".join(offenders)
