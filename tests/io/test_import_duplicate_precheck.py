"""The runner looks a chunk's texts up in the project before it segments them, so that a document the project
holds already costs nothing and is not counted in the line statistics. Into a project that held no document
when the import began the look-up is skipped, unless another connection has written since (PRAGMA data_version):
a document stored meanwhile by another program is still caught before it is segmented."""

from __future__ import annotations

import json

from annotator.core.model import NewDocument
from annotator.io.importers import import_paths, runner
from annotator.store.project import Project

TEXTS = [f"기사 {i}번 제목\n공통 머리말입니다\n본문 {i % 3}번째 문단입니다.\n저작권 공통 꼬리말" for i in range(12)]


def _write(path, texts):
    path.write_text("".join(json.dumps({"text": t, "url": "https://news.example.kr/a"}, ensure_ascii=False) + "\n"
                            for t in texts), encoding="utf-8")


def _statistics(project):
    return (sorted(project.conn.execute("SELECT source, line, docs FROM line_frequencies")),
            sorted(project.conn.execute("SELECT source, docs FROM source_documents")))


def test_a_document_stored_meanwhile_by_another_connection_is_not_segmented(tmp_path, monkeypatch):
    monkeypatch.setattr(runner, "CHUNK_DOCS", 2)
    source = tmp_path / "pages.jsonl"
    _write(source, TEXTS)
    lookups = []
    original = Project.ids_by_sha256
    monkeypatch.setattr(Project, "ids_by_sha256", lambda self, shas: lookups.append(len(shas)) or original(self, shas))
    db = tmp_path / "p.db"
    with Project.open(db, "tester") as project, Project.open(db, "other") as other:
        stored = []

        def progress(fraction, message):
            if not stored:  # after the first chunk: another program stores the text of line 9
                stored.append(other.add_documents([NewDocument(text=TEXTS[8], source="news.example.kr")]).imported[0])

        report = import_paths(project, [source], progress=progress)
        assert report.duplicates == [f"{source}:9: duplicate of document {stored[0]}"]
        assert report.imported == 11
        with_meanwhile = _statistics(project)
    # the same statistics as an import of the file without that record: it was never segmented
    without = tmp_path / "without.jsonl"
    _write(without, TEXTS[:8] + TEXTS[9:])
    with Project.open(tmp_path / "q.db", "tester") as project:
        import_paths(project, [without])
        assert _statistics(project) == with_meanwhile


def test_into_an_empty_project_no_chunk_is_looked_up_before_it_is_stored(tmp_path, monkeypatch):
    import sys

    monkeypatch.setattr(runner, "CHUNK_DOCS", 2)
    source = tmp_path / "pages.jsonl"
    _write(source, TEXTS + TEXTS[:2])  # two repeats within the run: caught without the project
    callers = []
    original = Project.ids_by_sha256
    monkeypatch.setattr(Project, "ids_by_sha256", lambda self, shas: callers.append(
        sys._getframe(1).f_code.co_name) or original(self, shas))
    with Project.open(tmp_path / "p.db", "tester") as project:
        report = import_paths(project, [source])
        assert report.imported == 12 and len(report.duplicates) == 2
        assert "_new_in_project" not in callers and "_insert_documents" in callers  # the store still checks
    callers.clear()
    # a second import of the same file into the now full project looks every chunk up before segmenting it
    with Project.open(tmp_path / "p.db", "tester") as project:
        again = import_paths(project, [source])
        assert again.imported == 0 and len(again.duplicates) == 14
        assert callers.count("_new_in_project") == 6  # the 7th chunk holds only repeats of this run
