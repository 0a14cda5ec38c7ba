"""Corpus line statistics keys: stable across processes, compact, and only for short lines."""

from __future__ import annotations

import subprocess
import sys

from annotator.core.line_stats import MAX_COUNTED_CHARS, LineCounts, distinct_lines, line_key


def test_line_key_is_stable_across_processes_and_fits_sqlite_integer():
    here = line_key("[저작권자ⓒ 무단전재-재배포 금지]")
    there = subprocess.run(
        [sys.executable, "-c", "from annotator.core.line_stats import line_key; print(line_key('[저작권자ⓒ 무단전재-재배포 금지]'))"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    assert here == int(there)
    assert -(2**63) <= here < 2**63
    assert line_key("a") != line_key("b")
    line_key("\ud800 lone surrogate")  # does not raise


def test_distinct_lines_skip_blank_and_long_lines():
    long_line = "가" * (MAX_COUNTED_CHARS + 1)
    assert distinct_lines(f" 메뉴 \n\n{long_line}\n메뉴\n로그인") == {"메뉴", "로그인"}


def test_line_counts_accept_text_or_key():
    counts = LineCounts()
    counts["메뉴"] = 3
    assert counts[line_key("메뉴")] == 3 and "메뉴" in counts and counts.get("없음", 0) == 0
    assert list(counts) == [line_key("메뉴")]
