"""core, store and io must work without Qt: importing them (and every module in them) leaves PySide6 unloaded."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

SCRIPT = r"""
import importlib, pkgutil, sys
import annotator
for package in ("annotator.core", "annotator.store", "annotator.io"):
    mod = importlib.import_module(package)
    for info in pkgutil.walk_packages(mod.__path__, package + "."):
        importlib.import_module(info.name)
import annotator.cli
annotator.cli.build_parser()
bad = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6"))
print("QT:" + ",".join(bad))
heavy = sorted(m for m in ("spacy", "kiwipiepy", "openpyxl") if m in sys.modules)
print("HEAVY:" + ",".join(heavy))
"""


def test_core_store_io_and_cli_do_not_import_qt():
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
