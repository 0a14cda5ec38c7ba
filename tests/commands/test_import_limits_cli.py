"""annotator import --encoding and --max-document-mb, and the exit status of a stopped import (issue 10)."""

from __future__ import annotations

import json

from tests.commands.test_import_cli import run_cli


def test_encoding_forced_and_size_limit_from_the_command_line(tmp_path):
    db = tmp_path / "p.db"
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Grüße aus Busan".encode("latin-1"))
    big = tmp_path / "big.txt"
    big.write_text("가" * 700_000, encoding="utf-8")  # 2.1 MB
    out = run_cli("import", latin, big, "--db", db, "--encoding", "latin-1", "--max-document-mb", "2", "--json")
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["imported"] == 1 and report["stopped"] == ""
    assert report["problems"] == [f"{big}: one document of 2.1 MB, over the 2 MB limit for a single document"
                                  " (raise it with --max-document-mb); file skipped"]
    unknown = run_cli("import", latin, "--db", db, "--encoding", "klingon")
    assert unknown.returncode == 2 and "unknown encoding 'klingon'" in unknown.stderr
