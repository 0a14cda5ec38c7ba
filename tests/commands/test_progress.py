"""Long commands report progress on stderr in every context: lines in a log, a live bar on a terminal, none with --quiet."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from annotator.commands.common import ProgressBar


class _Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_lines_when_not_a_terminal(monkeypatch):
    clock = _Clock()
    monkeypatch.setattr("annotator.commands.common.time.monotonic", clock)
    stream = io.StringIO()
    bar = ProgressBar("export doccano", stream=stream, interval=5.0, tty=False)
    bar(0.0, "export 0/200")
    clock.now += 1
    bar(0.05, "export 10/200")  # within the interval: no line
    clock.now += 9
    bar(0.5, "export 100/200")
    bar.close()
    lines = stream.getvalue().splitlines()
    assert len(lines) == 3
    assert lines[1].startswith("export doccano:  50%")
    assert "100/200, 10.0/s" in lines[1]
    assert "ETA 00:10" in lines[1]
    assert "\r" not in stream.getvalue()


def test_message_without_counts_is_shown():
    stream = io.StringIO()
    bar = ProgressBar("train", stream=stream, tty=False)
    bar(0.3, "step 120, score 0.41")
    assert "step 120, score 0.41" in stream.getvalue()


def test_quiet_prints_nothing():
    stream = io.StringIO()
    for tty in (False, True):
        bar = ProgressBar("import", stream=stream, quiet=True, tty=tty)
        bar(0.5, "1/2")
        bar.close()
    assert stream.getvalue() == ""


def test_live_bar_on_a_terminal():
    stream = io.StringIO()
    bar = ProgressBar("report", stream=stream, tty=True)
    bar(0.42, "보고서 작성 42/100")
    bar.close()
    text = stream.getvalue()
    assert "\r" in text and "42%" in text and "보고서 작성 42/100" in text


def _cli(args, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANNOTATOR_")}
    env["ANNOTATOR_REVIEWER"] = "tester"
    return subprocess.run([sys.executable, "-m", "annotator", *args], capture_output=True, text=True, env=env,
                          cwd=tmp_path, timeout=300)


def test_import_cli_prints_progress_to_a_pipe_and_quiet_silences_it(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("제목\n\n본문 문장입니다.\n", encoding="utf-8")
    loud = _cli(["import", str(article), "--db", str(tmp_path / "p.db")], tmp_path)
    assert loud.returncode == 0, loud.stderr
    assert "import:" in loud.stderr and "%" in loud.stderr and "ETA" in loud.stderr
    article2 = tmp_path / "b.txt"
    article2.write_text("다른 제목\n\n다른 본문입니다.\n", encoding="utf-8")
    quiet = _cli(["import", str(article2), "--db", str(tmp_path / "p.db"), "--quiet"], tmp_path)
    assert quiet.returncode == 0, quiet.stderr
    assert "import:" not in quiet.stderr and "ETA" not in quiet.stderr


def test_every_long_command_takes_quiet():
    from annotator.cli import build_parser

    parser = build_parser()
    for argv in (["import", "x"], ["export", "doccano"], ["export", "spacy", "--out", "d"], ["segment", "--all"],
                 ["train", "--out", "d"], ["report"]):
        assert parser.parse_args([*argv, "--quiet"]).quiet is True
