"""What the segmenter children store is what the plain searches give: an import through two child processes
(the fast paths) and one segmented in this process with every fast path switched off store the same segments,
titles, article metadata and line statistics."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.core import boilerplate
from annotator.io.importers import import_paths, runner, segmenting
from annotator.store import Project
from tests.core.test_segmenter_oracles import _plain_paths
from tests.io.test_segmenter_processes import _snapshot

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


# Script residue glued onto page lines: the children skip lowering and the code search where they cannot match.
_RESIDUE = [" var x = 1;", " <?php echo $a ?>", " FUNCTION(a) {{ b }}", " &NBSP;", " do_Shortcode('x')", " PHP 기반",
            " 도는 이날 수소 실증 사업의 올해 계획을 발표했다고 밝혔다. function (a)", ""]


def _mixed_corpus(path: Path) -> int:
    """Peer-bench documents (KLUE sentences joined into one long line), the real and synthetic pages, those
    pages upper-cased and with "İ" (the letter lower() lengthens), and the synthetic import articles."""
    from annotator.bench.import_ import synthetic_articles
    from annotator.bench.peer import klue_sentences

    sentences = [text for text, _ in klue_sentences()]
    records = [{"text": " ".join(sentences[i * 7:i * 7 + 30])} for i in range(40)]
    for page in sorted(FIXTURES.glob("synthetic_pages/*.txt")) + sorted(FIXTURES.glob("corpus/*.txt")):
        text = page.read_text(encoding="utf-8")
        records += [{"text": text}, {"text": text.upper(), "title": "제목 - 매체"}, {"text": text + "\nİ 기자"},
                    {"text": "\n".join(line + _RESIDUE[k % len(_RESIDUE)] if k % 3 == 0 else line
                                       for k, line in enumerate(text.split("\n")))}]
    records += synthetic_articles(60)
    unique = list({record["text"]: record for record in records}.values())  # the store keeps a text once
    with open(path, "w", encoding="utf-8") as out:
        for record in unique:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return len(unique)


def test_children_store_what_the_plain_searches_give(tmp_path, monkeypatch):
    path = tmp_path / "mixed.jsonl"
    count = _mixed_corpus(path)
    monkeypatch.setattr(runner, "CHUNK_DOCS", 16)
    answered = []  # results the children sent: the parent segments by itself if they die, which must not hide here
    original = segmenting.ProcessSegmenter.receive

    def receive(self):
        answer = original(self)
        answered.extend(r for r in answer[0] if not isinstance(r, str))
        return answer

    monkeypatch.setattr(segmenting.ProcessSegmenter, "receive", receive)
    snapshots = []
    for name, processes in (("plain", None), ("children", 2)):
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(runner, "PROCESS_MIN_BYTES", 1 << 60 if processes is None else 0)
            mp.setattr(runner, "SEGMENTER_PROCESSES", processes)
            if processes is None:
                _plain_paths(mp)
                mp.setattr(boilerplate, "_KNOWN_LINES", {})
            with Project.open(tmp_path / f"{name}.db", "tester") as project:
                report = import_paths(project, [path])
                assert report.problems == [] and report.imported == count
                snapshots.append(_snapshot(project))
    assert len(answered) == count
    assert snapshots[1] == snapshots[0]
    docs, _ = snapshots[0]
    assert {s.kind for _, _, segs, _ in docs for s in segs} >= {"content", "boilerplate", "blank"}
    assert sum(1 for _, _, _, info in docs if info and info.published) >= 10
