"""annotator export / annotator report, end to end through a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.io.export_sample import build_sample_project

REPO = Path(__file__).resolve().parents[2]


def run_cli(*args):
    env = dict(os.environ, PYTHONPATH=str(REPO), ANNOTATOR_REVIEWER="kim")
    return subprocess.run([sys.executable, "-m", "annotator", *args], capture_output=True, text=True, env=env,
                          cwd=REPO)


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "p.db"
    build_sample_project(path, emoji=False).close()
    return path


def test_export_doccano_json_summary(db, tmp_path):
    out = tmp_path / "d.jsonl"
    result = run_cli("export", "doccano", "--db", str(db), "--out", str(out), "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["documents"] == 3 and summary["spans"] == 180 and summary["relations"] == 53
    assert len(out.read_text(encoding="utf-8").splitlines()) == 3


def test_export_status_all_and_boilerplate_flags(db, tmp_path):
    out = tmp_path / "brat"
    result = run_cli("export", "brat", "--db", str(db), "--out", str(out), "--status", "all",
                     "--include-boilerplate")
    assert result.returncode == 0, result.stderr
    assert "exported 3 documents, 180 entities and 53 relations" in result.stdout
    assert len(list(out.glob("*.ann"))) == 3


def test_export_done_scope_for_another_reviewer_is_empty_with_a_hint(db, tmp_path):
    result = run_cli("export", "csv", "--db", str(db), "--reviewer", "lee", "--out", str(tmp_path / "x.csv"))
    assert result.returncode == 0
    assert "exported 0 documents" in result.stdout and "--status all" in result.stderr


def test_unknown_format_is_rejected(db):
    result = run_cli("export", "xml", "--db", str(db))
    assert result.returncode == 2 and "invalid choice" in result.stderr


def test_report_command(db, tmp_path):
    out = tmp_path / "report.xlsx"
    result = run_cli("report", "--db", str(db), "--out", str(out), "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["entities"] == 180 and summary["sheets"]["관계"] == 53
    assert out.read_bytes()[:2] == b"PK"


def test_report_command_for_a_period(db, tmp_path):
    out = tmp_path / "period.xlsx"
    result = run_cli("report", "--db", str(db), "--out", str(out), "--from", "2024-03-01", "--to", "2024.3.31", "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["documents"] == 1 and summary["zones"] == 1  # the one sample page dated 2024-03-13
    assert summary["generic_zone_mentions"] == 0
    refused = run_cli("report", "--db", str(db), "--out", str(out), "--from", "3월")
    assert refused.returncode == 1 and "not a date" in refused.stderr
    backwards = run_cli("report", "--db", str(db), "--out", str(tmp_path / "x.xlsx"), "--from", "2024-05-01", "--to", "2024-01-01")
    assert backwards.returncode == 1 and "after --to" in backwards.stderr and not (tmp_path / "x.xlsx").exists()
