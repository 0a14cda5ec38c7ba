"""The peer benchmark's corpus: ~3 KB documents of KLUE sentences whose spans still point at their words."""

from __future__ import annotations

import json
from pathlib import Path

from annotator.bench import peer


def test_corpus_documents_and_spans(tmp_path, monkeypatch):
    monkeypatch.setattr("annotator.paths.shared_dir", lambda: None)  # the fixture excerpt, as on a bare clone
    sentences = peer.klue_sentences()
    assert len(sentences) > 100
    corpus = peer.write_corpus(tmp_path, documents=30, labelled=10)
    plain = [json.loads(line) for line in (tmp_path / "plain.jsonl").read_text(encoding="utf-8").splitlines()]
    labelled = [json.loads(line) for line in (tmp_path / "labelled.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(plain) == 30 and len(labelled) == 10
    assert all(peer.TARGET_BYTES <= len(d["text"].encode("utf-8")) < peer.TARGET_BYTES + 1500 for d in plain)
    assert corpus["spans"] == sum(len(d["label"]) for d in labelled) > 0
    known = {text[s:e] for text, spans in sentences for s, e, _ in spans}
    for record in labelled:
        for start, end, _label in record["label"]:
            assert record["text"][start:end] in known


def test_peer_area_is_opt_in():
    assert peer.OPT_IN is True


def test_the_timed_processes_run_from_bytecode_as_an_installed_copy_does():
    import importlib.util

    from annotator.paths import PACKAGE_DIR

    assert peer.compile_package() is True
    for module in ("cli.py", "io/importers/runner.py", "io/importers/segmenter_child.py", "core/boilerplate.py"):
        source = PACKAGE_DIR / module
        assert Path(importlib.util.cache_from_source(str(source))).stat().st_mtime >= source.stat().st_mtime


def test_a_timed_cli_run_reports_its_cpu(tmp_path):
    """timed_cli_cpu: the CPU of the process (and of any segmenter processes it starts and waits for)."""
    peer.write_corpus(tmp_path, documents=20, labelled=20)
    seconds, peak, cpu = peer.timed_cli_cpu(["import", "labelled.jsonl", "--db", "p.db", "--add-labels", "--index",
                                             "later"], cwd=tmp_path)
    assert seconds > 0 and peak > 10 and 0 < cpu
    assert peer.timed_cli(["index", "--db", "p.db"], cwd=tmp_path)[0] > 0
