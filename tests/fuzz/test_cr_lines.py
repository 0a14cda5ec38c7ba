"""Lines cut by lone CRs (classic Mac files) are held to the line limit one by one. The reader cut the file at LF
only: a CR-only JSONL file over 2 MiB was one "line is 3.2 MB, over the 2 MiB line limit" and every record was
lost (found by scripts/fuzz_campaign.py --target huge). Checked against the rule written plainly: LF ends a line;
an LF-line within the limit is split at CRs as it is; one over it is split at CRs too, and each piece over the
limit is reported and handed on empty."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from annotator.io.importers.decoding import LineReader, _too_long
from tests.fuzz_oracle import FUZZ

LIMIT = 12


def reference(data: bytes, limit: int) -> tuple[list[str], list[tuple[int, str]]]:
    lines, problems = [], []
    parts = data.split(b"\n")
    for i, part in enumerate(parts):
        if i == len(parts) - 1 and not part:
            break
        ending = 1 if i < len(parts) - 1 else 0
        body = part[:-1] if part.endswith(b"\r") else part
        if len(part) <= limit:
            pieces = body.split(b"\r")
            lines += [p.replace(b"\x00", b"").decode("utf-8", "replace") for p in pieces]
            problems += [(len(lines) - len(pieces) + k + 1, "NUL bytes removed") for k, p in enumerate(pieces)
                         if b"\x00" in p]
            continue
        pieces = body.split(b"\r")
        for k, piece in enumerate(pieces, 1):
            if len(piece) > limit:
                size = len(piece) + (ending + part.endswith(b"\r") if k == len(pieces) else 0)
                lines.append("")
                problems.append((len(lines), _too_long(size, limit)))
            else:
                lines.append(piece.replace(b"\x00", b"").decode("utf-8", "replace"))
                if b"\x00" in piece:
                    problems.append((len(lines), "NUL bytes removed"))
    return lines, problems


chunks = st.lists(st.sampled_from([b"\r", b"\n", b"\r\n", b"a", b"bc", "가".encode(), b"x" * 7, b"y" * 15, b"\x00"]),
                  max_size=40).map(b"".join)


@FUZZ
@given(chunks)
@example(b"ab\rcd\r" + b"z" * 20 + b"\ref\n")
@example(b"z" * 13 + b"\n" + b"a\r" * 10)
def test_lines_are_the_rule_s(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("cr") / "f.txt"
    path.write_bytes(data)
    reader = LineReader(path, "utf-8", max_line_bytes=LIMIT)
    got = list(reader)
    want_lines, want_problems = reference(data, LIMIT)
    assert got == want_lines
    assert [(p.line, p.message) for p in reader.problems if "valid utf-8" not in p.message] == want_problems


def test_a_mac_jsonl_file_over_the_limit_keeps_every_record(project, tmp_path):
    import json

    from annotator.io.importers import import_paths

    path = tmp_path / "mac.jsonl"
    path.write_bytes("\r".join(json.dumps({"text": f"맥 기록 {i} 부산시 규제자유특구 발표"}, ensure_ascii=False)
                               for i in range(50000)).encode())
    assert path.stat().st_size > 2 * 1024 * 1024
    report = import_paths(project, [path])
    assert report.problems == [] and report.imported == 50000
