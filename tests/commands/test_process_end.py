"""How the `annotator` process ends: after a command said end_at_once() (the import does), without tearing the
interpreter down, but with stdout and stderr flushed, its exit code, and the normal end whenever an atexit handler
or a non-daemon thread waits for it; and the command line is parsed without loading shutil (argparse's formatter
imports it for the terminal's width)."""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys

import pytest

from annotator.bench.peer import write_corpus
from annotator import cli

# A module-level object whose finaliser says when the interpreter is torn down (module globals are cleared then).
_PROBE = """
import sys, atexit, threading, time
from annotator.cli import end_at_once, exit_process

class Probe:
    def __del__(self):
        sys.stderr.write("torn down\\n")

probe = Probe()
sys.stdout.write("unflushed output")  # no newline: still in the buffer when the process ends
mode = sys.argv[1]
if mode != "normal":
    end_at_once()
if mode == "atexit":
    atexit.register(lambda: sys.stderr.write("atexit ran\\n"))
if mode == "thread":
    threading.Thread(target=lambda: (time.sleep(0.2), sys.stderr.write("thread ended\\n"))).start()
exit_process(7)
"""


@pytest.mark.parametrize("mode, torn_down, also", [
    ("quick", False, None),
    ("normal", True, None),  # no end_at_once(): the interpreter's own end
    ("atexit", True, "atexit ran"),
    ("thread", True, "thread ended"),
])
def test_exit_process_ends_at_once_only_when_nothing_waits(mode, torn_down, also):
    done = subprocess.run([sys.executable, "-c", _PROBE, mode], capture_output=True, text=True)
    assert done.returncode == 7
    assert done.stdout == "unflushed output"
    assert ("torn down" in done.stderr) is torn_down, done.stderr
    if also:
        assert also in done.stderr


def test_a_cli_import_ends_at_once_with_its_report_and_a_closed_project(tmp_path):
    write_corpus(tmp_path, documents=40, labelled=10)
    db = tmp_path / "p.db"
    env = dict(os.environ, ANNOTATOR_REVIEWER="test", PYTHONPATH=os.pathsep.join(sys.path))
    code = ("import sys, annotator.cli as cli\n"
            "class Probe:\n"
            "    def __del__(self): sys.stderr.write('torn down\\n')\n"
            "probe = Probe()\n"
            "sys.argv[0] = 'annotator'\n"
            "cli.exit_process(cli.main())\n")
    done = subprocess.run([sys.executable, "-c", code, "import", "plain.jsonl", "--db", str(db), "--json",
                           "--quiet", "--index", "later"], cwd=tmp_path, capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert "torn down" not in done.stderr
    assert json.loads(done.stdout)["imported"] == 40  # the whole report, flushed
    assert not (tmp_path / "p.db-wal").exists()  # the project was closed (checkpointed) before the end
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM documents").fetchone() == (40,)
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    # a command that fails ends the normal way, with its code
    bad = subprocess.run([sys.executable, "-c", code, "import", "missing.jsonl", "--db", str(db), "--quiet"],
                         cwd=tmp_path, capture_output=True, text=True, env=env)
    assert bad.returncode == 1 and "no such file" in bad.stdout + bad.stderr


@pytest.mark.parametrize("columns", ["50", "120", "0", "wide", None])
def test_the_help_formatter_is_as_wide_as_argparses_own(monkeypatch, columns):
    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    assert cli._HelpFormatter("annotator")._width == argparse.HelpFormatter("annotator")._width
    import_parser = cli.build_parser("import")._subparsers._group_actions[0].choices["import"]
    own = import_parser.format_help()
    import_parser.formatter_class = argparse.HelpFormatter
    assert own == import_parser.format_help() and own.startswith("usage: annotator import")


def test_parsing_a_command_line_does_not_load_shutil():
    code = ("import sys; from annotator.cli import build_parser; "
            "build_parser('import').parse_args(['import', 'x.jsonl']); print('shutil' in sys.modules)")
    out = subprocess.run([sys.executable, "-S", "-c", code], capture_output=True, text=True, check=True,
                         env=dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p)))
    assert out.stdout.split() == ["False"]
