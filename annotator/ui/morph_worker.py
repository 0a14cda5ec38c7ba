"""Kiwi in a child process, so its start-up (~2 s holding the GIL, ~500 MB) never freezes the window.

Protocol: one JSON object per line. In: {"lines": [str, ...]}, or {"user_words": [str, ...], "replace": bool,
"version": int} to add (or, with replace, set exactly) the Kiwi user words. Out: {"analyses": [[line, morphs,
sentences]], "version": int} with morphs as [start, end, [tags]] and sentences as [start, end], offsets relative
to the line, version being that of the user words the lines were analysed with; and {"user_words": count,
"version": int} once Kiwi has been rebuilt with new user words. A first line {"ready": true} says Kiwi is
loaded. Run as `python -m annotator.ui.morph_worker`.
"""

from __future__ import annotations

import io
import json
import sys

_WARM_UP = "워밍업 문장입니다."


def _set_user_words(analyser, message: dict) -> int:
    """Only clean entity strings become user words (KoreanAnalyser judges them with Kiwi)."""
    words = [str(w) for w in message["user_words"]]
    if message.get("replace"):
        analyser.set_user_words(words)
    else:
        analyser.add_user_words(words)
    analyser.analyse_lines([_WARM_UP])  # Kiwi rebuilds its model here (~1.3 s), before the next lines arrive
    return len(analyser.user_words)


def main() -> int:
    from annotator.core.korean import KoreanAnalyser

    analyser = KoreanAnalyser()  # this process's one Kiwi, with the open project's user words
    analyse = analyser.analyse_lines  # one Kiwi call per batch
    analyse([_WARM_UP])
    out = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8")
    out.write('{"ready": true}\n')
    out.flush()
    version = 0
    for raw in io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8"):
        try:
            message = json.loads(raw)
            if "user_words" in message:
                count = _set_user_words(analyser, message)
                version = int(message.get("version", version))
                out.write(json.dumps({"user_words": count, "version": version}) + "\n")
                out.flush()
                continue
            lines = [str(x) for x in message["lines"]]
        except (ValueError, KeyError, TypeError, AttributeError):
            continue
        results = analyse(lines)
        payload = [
            [line, [[m.start, m.end, list(m.tags)] for m in a.morphs], [list(s) for s in a.sentences]]
            for line, a in zip(lines, results)
        ]
        out.write(json.dumps({"analyses": payload, "version": version}, ensure_ascii=False) + "\n")
        out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
