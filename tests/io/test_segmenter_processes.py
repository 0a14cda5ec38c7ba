"""The child segmenters of a large import: several at once give what one process gives, and a dying one
costs nothing."""

from __future__ import annotations

import json

import pytest

from annotator.io.importers import import_paths, runner, segmenting
from annotator.store import Project


def _corpus(path, count: int = 240) -> None:
    """Pages of 8 sources sharing their chrome (so corpus statistics decide lines), half without a title
    (their headline becomes it), a third with a dateline (their date comes from it)."""
    from annotator.bench.import_ import synthetic_articles

    with open(path, "w", encoding="utf-8") as out:
        for i, article in enumerate(synthetic_articles(count)):
            if i % 2:
                del article["title"]
            if i % 3 == 0:
                lines = article["text"].split("\n")
                lines.insert(8, f"입력 2024.{1 + i % 12:02d}.{1 + i % 28:02d} 10:{i % 60:02d}")
                article["text"] = "\n".join(lines)
            out.write(json.dumps(article, ensure_ascii=False) + "\n")


def _snapshot(project: Project) -> list:
    docs = list(project.iter_documents())
    infos = project.article_infos([d.id for d in docs])
    sources = sorted({d.source for d in docs})
    return [
        [(d.title, d.segmenter_version, project.segments(d.id), infos.get(d.id)) for d in docs],
        {source: project.line_frequencies(source) for source in sources},
    ]


def _imported(tmp_path, name: str, path, monkeypatch, *, processes: int | None) -> list:
    monkeypatch.setattr(runner, "PROCESS_MIN_BYTES", 1 << 60 if processes is None else 0)
    monkeypatch.setattr(runner, "SEGMENTER_PROCESSES", processes)
    with Project.open(tmp_path / f"{name}.db", "tester") as project:
        report = import_paths(project, [path])
        assert report.problems == [] and report.imported == 240
        return _snapshot(project)


def test_several_segmenter_processes_store_what_one_process_stores(tmp_path, monkeypatch):
    path = tmp_path / "pages.jsonl"
    _corpus(path)
    monkeypatch.setattr(runner, "CHUNK_DOCS", 16)  # 15 chunks, taken in turn by the children
    inline = _imported(tmp_path, "inline", path, monkeypatch, processes=None)
    assert _imported(tmp_path, "three", path, monkeypatch, processes=3) == inline
    assert _imported(tmp_path, "two", path, monkeypatch, processes=2) == inline
    docs, freq = inline
    assert {s.kind for _, _, segs, _ in docs for s in segs} >= {"content", "boilerplate"}
    assert sum(1 for _, _, _, info in docs if info and info.published.startswith("2024-")) == 80
    assert all(n > 0 for _, n in freq.values())


def test_a_segmenter_process_that_dies_mid_run_costs_nothing(tmp_path, monkeypatch):
    path = tmp_path / "pages.jsonl"
    _corpus(path)
    monkeypatch.setattr(runner, "CHUNK_DOCS", 16)
    inline = _imported(tmp_path, "inline", path, monkeypatch, processes=None)
    turn = []  # the chunks go to the children in turn, so the dying one has some

    def in_turn(self, *, waiting):
        turn.append(1)
        return self.children[len(turn) % len(self.children)]

    monkeypatch.setattr(segmenting.ProcessSegmenter, "_target", in_turn)
    received = []
    original = segmenting.ProcessSegmenter.receive

    def kill_then_receive(self):
        if not received:
            self.children[1].process.kill()  # its chunks are segmented by the parent
        result = original(self)
        received.append(len(result))
        return result

    monkeypatch.setattr(segmenting.ProcessSegmenter, "receive", kill_then_receive)
    assert _imported(tmp_path, "killed", path, monkeypatch, processes=2) == inline
    assert len(received) < 15  # some chunks were not answered by a child


@pytest.mark.parametrize("processes", [1, 2])
def test_line_keys_sent_along_are_the_ones_the_store_counts(tmp_path, monkeypatch, processes):
    """A second import of the same sources starts from the counts the first one stored."""
    path, more = tmp_path / "pages.jsonl", tmp_path / "more.jsonl"
    _corpus(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines[:120]) + "\n", encoding="utf-8")
    more.write_text("\n".join(lines[120:]) + "\n", encoding="utf-8")
    monkeypatch.setattr(runner, "CHUNK_DOCS", 16)
    snapshots = []
    for name, count in (("inline", None), ("children", processes)):
        monkeypatch.setattr(runner, "PROCESS_MIN_BYTES", 1 << 60 if count is None else 0)
        monkeypatch.setattr(runner, "SEGMENTER_PROCESSES", count)
        with Project.open(tmp_path / f"{name}.db", "tester") as project:
            assert import_paths(project, [path]).imported == 120
            assert import_paths(project, [more]).imported == 120
            snapshots.append(_snapshot(project))
    assert snapshots[1] == snapshots[0]


def test_segmenters_started_before_the_project_opens_store_what_one_process_stores(tmp_path, monkeypatch):
    """The CLI starts the children before it opens (creates) the project; they learn the project later."""
    path = tmp_path / "pages.jsonl"
    _corpus(path)
    monkeypatch.setattr(runner, "CHUNK_DOCS", 16)
    inline = _imported(tmp_path, "inline", path, monkeypatch, processes=None)
    monkeypatch.setattr(runner, "PROCESS_MIN_BYTES", 0)
    monkeypatch.setattr(runner, "SEGMENTER_PROCESSES", 2)
    early = runner.start_segmenters([path, tmp_path / "missing.jsonl"])
    assert early is not None and early.workers == 2
    with Project.open(tmp_path / "early.db", "tester") as project:
        report = import_paths(project, [path], segmenter=early)
        assert report.problems == [] and report.imported == 240
        assert _snapshot(project) == inline
    assert all(child.process.poll() is not None for child in early.children)  # the import closed them
    early.close()  # and closing again (the CLI's finally) is harmless


def test_segmenters_are_not_started_for_small_files_or_folders(tmp_path, monkeypatch):
    path = tmp_path / "pages.jsonl"
    _corpus(path, 20)
    monkeypatch.setattr(runner, "PROCESS_MIN_BYTES", path.stat().st_size + 1)
    assert runner.start_segmenters([path, tmp_path]) is None


def test_the_cli_closes_early_segmenters_when_the_project_cannot_be_opened(tmp_path, monkeypatch):
    from annotator.cli import main

    path = tmp_path / "pages.jsonl"
    _corpus(path, 20)
    monkeypatch.setattr(runner, "PROCESS_MIN_BYTES", 0)
    started = []
    original = runner.start_segmenters
    monkeypatch.setattr(runner, "start_segmenters", lambda paths: started.append(original(paths)) or started[-1])
    not_a_db = tmp_path / "not.db"
    not_a_db.write_bytes(b"this is not an SQLite file" * 100)
    assert main(["import", str(path), "--db", str(not_a_db), "--quiet"]) != 0
    assert started and all(child.process.poll() is not None for child in started[0].children)
