"""Kiwi in a child process, so its start-up (~2 s holding the GIL, ~500 MB) never freezes the window.

Protocol: one JSON object per line. In: {"lines": [str, ...]}. Out: {"analyses": [[line, morphs, sentences]]}
with morphs as [start, end, [tags]] and sentences as [start, end], offsets relative to the line.
A first line {"ready": true} says Kiwi is loaded. Run as `python -m annotator.ui.morph_worker`.
"""

from __future__ import annotations

import io
import json
import sys


def main() -> int:
    from annotator.core import korean

    analyse = korean.analyse_lines  # one Kiwi call per batch
    analyse(["워밍업 문장입니다."])
    out = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8")
    out.write('{"ready": true}\n')
    out.flush()
    for raw in io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8"):
        try:
            lines = [str(x) for x in json.loads(raw)["lines"]]
        except (ValueError, KeyError, TypeError):
            continue
        results = analyse(lines)
        payload = [
            [line, [[m.start, m.end, list(m.tags)] for m in a.morphs], [list(s) for s in a.sentences]]
            for line, a in zip(lines, results)
        ]
        out.write(json.dumps({"analyses": payload}, ensure_ascii=False) + "\n")
        out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
