"""The import runner: format selection, duplicates, progress, cancel, the IMPORTERS dict."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.io.importers import FORMATS, IMPORTERS, FormatError, import_paths, runner
from annotator.io.importers.registry import FormatRegistry

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"


@pytest.fixture(params=["inline", "child-segmenter"])
def storing(request, monkeypatch):
    """Run a test with the segmenter in-process and in the child process that large imports use."""
    if request.param == "child-segmenter":
        monkeypatch.setattr(runner, "PROCESS_MIN_BYTES", 0)
    return request.param


def _write_records(path: Path, count: int) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for i in range(count):
            text = f"{i}번째 기사 제목\n\n중기부는 {i}번째 특구를 지정했다고 밝혔다.\n기사 끝"
            start = text.index("중기부")
            f.write(json.dumps({"id": i, "text": text, "spans": [{"start": start, "end": start + 3, "label": "ORG"}]},
                               ensure_ascii=False) + "\n")


def test_problems_come_in_file_and_line_order(project, tmp_path, storing):
    path = tmp_path / "mixed.jsonl"
    lines = []
    for i in range(300):
        if i % 50 == 7:
            lines.append("{broken")
        elif i % 50 == 9:
            lines.append(json.dumps({"text": f"기사 {i}", "spans": [{"start": 0, "end": 99, "label": "ORG"}]}))
        else:
            lines.append(json.dumps({"text": f"기사 {i}"}))
    path.write_text("\n".join(lines), encoding="utf-8")
    report = import_paths(project, [tmp_path / "missing.txt", path])
    assert report.imported == 294 and len(report.problems) == 13
    assert report.problems[0] == f"{tmp_path / 'missing.txt'}: no such file or folder"
    numbers = [int(p.split(":")[1]) for p in report.problems[1:]]
    assert numbers == sorted(numbers) and numbers[:2] == [8, 10]


def test_importers_dict_has_every_format_module():
    assert {"txt", "jsonl", "html", "klue", "conll", "brat"} <= set(FORMATS)
    for name in FORMATS:
        module = IMPORTERS[name]
        assert module.FORMAT == name and callable(module.parse) and callable(module.sniff)


def test_a_format_module_that_fails_to_import_is_an_error(monkeypatch):
    from annotator.io import formats
    from annotator.io.importers.registry import FormatModuleError

    broken = formats.FormatSpec("txt", formats.IMPORT, "annotator.io.importers.no_such_module", (".txt",), "", "")
    monkeypatch.setattr(formats, "FORMATS", (broken,) + formats.FORMATS[1:])
    registry = FormatRegistry()
    assert "txt" in registry and list(registry)[0] == "txt"  # still listed: not silently dropped
    with pytest.raises(FormatModuleError, match="no_such_module"):
        registry["txt"]

def test_unknown_format_name_is_an_error(project):
    with pytest.raises(FormatError):
        import_paths(project, [FIXTURES / "page.html"], format="docx")


def test_duplicates_within_a_run_and_across_runs(project, tmp_path, storing):
    a, b = tmp_path / "a.txt", tmp_path / "sub" / "b.txt"
    b.parent.mkdir()
    a.write_text("같은 기사 본문\n두 번째 줄", encoding="utf-8")
    b.write_bytes("같은 기사 본문\r\n두 번째 줄\r\n".encode("utf-8"))  # same text once normalised
    first = import_paths(project, [tmp_path])
    assert first.imported == 1 and first.duplicates == [f"{b}:1: duplicate of {a}:1 (same import)"]
    second = import_paths(project, [a])
    doc_id = project.document_ids()[0]
    assert second.imported == 0 and second.duplicates == [f"{a}:1: duplicate of document {doc_id}"]
    assert project.count_documents() == 1


def test_progress_reports_rise_to_one(project, tmp_path, storing):
    path = tmp_path / "many.jsonl"
    _write_records(path, 300)
    calls: list[tuple[float, str]] = []
    report = import_paths(project, [path, FIXTURES / "page.html"], progress=lambda f, m: calls.append((f, m)))
    assert report.imported == 301 and report.spans == 300
    fractions = [f for f, _ in calls]
    assert len(calls) >= 4 and fractions == sorted(fractions) and fractions[-1] == 1.0
    assert 0 < fractions[0] < 1 and all(isinstance(m, str) and m for _, m in calls)


def test_cancel_keeps_only_whole_documents(project, tmp_path, storing):
    path = tmp_path / "many.jsonl"
    _write_records(path, 1000)
    # Cancelled after four chunks were read (with the child segmenters, two are in flight then). Labelled chunks
    # are stored together (runner.GROUP_SPANS): those read and segmented are stored on cancel, the others dropped.
    checks = iter(range(1 << 20))
    report = import_paths(project, [path], cancel=lambda: next(checks) >= 5)
    assert report.cancelled
    stored = project.count_documents()
    assert 0 < stored < 1000 and stored == report.imported == len(report.document_ids)
    assert stored % runner.CHUNK_DOCS == 0  # whole chunks
    for doc in project.iter_documents():
        assert len(project.segments(doc.id)) == 4  # every stored document has all its lines ...
        (span,) = project.spans(doc.id)  # ... and its label
        assert doc.text[span.start:span.end] == "중기부"
    # The rest arrives with a second run; the first part is recognised as duplicates.
    again = import_paths(project, [path])
    assert again.imported == 1000 - stored and len(again.duplicates) == stored
    assert project.count_documents() == 1000


def test_cancel_after_the_file_was_read_stops_the_segmenting_still_to_come(project, tmp_path, monkeypatch):
    """A large file is read in a moment and segmented for much longer: a Cancel pressed then (the progress dialog
    says "Cancelling…") imported every document all the same and reported no cancel."""
    from annotator.io.importers import segmenting

    monkeypatch.setattr(runner, "PROCESS_MIN_BYTES", 0)
    monkeypatch.setattr(segmenting, "CHILD_CHARS", 1)  # one chunk at a time at the child: the others wait here
    path = tmp_path / "many.jsonl"
    _write_records(path, 1000)
    read = []
    report = import_paths(project, [path], progress=lambda f, m: m.endswith(": read") and read.append(m),
                          cancel=lambda: bool(read))
    assert read and report.cancelled
    stored = project.count_documents()
    assert 0 < stored < 1000 and stored == report.imported
    assert stored % runner.CHUNK_DOCS == 0  # whole chunks
    again = import_paths(project, [path])  # the rest comes with the next run
    assert again.imported == 1000 - stored and project.count_documents() == 1000


def test_explicit_format_overrides_the_extension(project, tmp_path):
    path = tmp_path / "records.txt"
    path.write_text(json.dumps({"text": "JSON 기사", "title": "제목"}, ensure_ascii=False) + "\n", encoding="utf-8")
    import_paths(project, [path], format="txt")
    import_paths(project, [path], format="jsonl")
    texts = sorted(d.text for d in project.iter_documents())
    assert texts == ["JSON 기사", '{"text": "JSON 기사", "title": "제목"}']


def test_line_statistics_are_counted_per_source(project, tmp_path, storing):
    for i in range(3):
        (tmp_path / f"{i}.txt").write_text(f"공통 메뉴 줄\n{i}번 기사 본문입니다.", encoding="utf-8")
    import_paths(project, [tmp_path])
    freq, docs = project.line_frequencies(tmp_path.name)
    assert docs == 3 and freq["공통 메뉴 줄"] == 3 and freq["1번 기사 본문입니다."] == 1


def test_brat_pair_is_imported_once_through_its_ann(project, tmp_path):
    text = "중기부는 원주시를 특구로 지정했다."
    (tmp_path / "doc.txt").write_text(text, encoding="utf-8")
    (tmp_path / "doc.ann").write_text("T1\tORG 0 3\t중기부\nT2\tLOC 5 8\t원주시\n", encoding="utf-8")
    for given in ([tmp_path], [tmp_path / "doc.txt"]):
        report = import_paths(project, given)
        assert report.problems == [] and report.files_read == 1
    (doc,) = list(project.iter_documents())
    assert doc.text == text and [(s.start, s.end, s.label) for s in project.spans(doc.id)] == [(0, 3, "ORG"), (5, 8, "LOC")]


def test_conll_file_is_a_sentence_dataset(project, tmp_path):
    path = tmp_path / "train.conll"
    path.write_text("원주시 B-LOC\n특구 O\n\n중기부 B-ORG\n발표 O\n", encoding="utf-8")
    report = import_paths(project, [path], add_labels=True)
    docs = list(project.iter_documents())
    assert report.imported == 2 and [d.segmenter_version for d in docs] == ["dataset", "dataset"]
    assert {s.label for d in docs for s in project.spans(d.id)} == {"LOC", "ORG"}
    assert all(seg.kind == "content" for d in docs for seg in project.segments(d.id))


def test_child_segmenter_gives_the_same_segments_as_in_process(tmp_path, monkeypatch):
    from annotator.bench.import_ import synthetic_articles
    from annotator.store import Project

    path = tmp_path / "corpus.jsonl"
    path.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in synthetic_articles(300)), encoding="utf-8")
    segmentations = []
    for threshold in (1 << 60, 0):
        monkeypatch.setattr(runner, "PROCESS_MIN_BYTES", threshold)
        with Project.open(tmp_path / f"p{threshold}.db", "tester") as p:
            assert import_paths(p, [path]).imported == 300
            segmentations.append([(d.segmenter_version, p.segments(d.id)) for d in p.iter_documents()])
            segmentations.append(p.line_frequencies("regionpress.example"))
    inline, inline_freq, child, child_freq = segmentations
    assert child == inline and child_freq == inline_freq
    kinds = {s.kind for _, segs in inline for s in segs}
    assert {"content", "boilerplate"} <= kinds and inline_freq[1] > 0


def test_import_completes_when_the_segmenter_process_cannot_run(project, tmp_path, monkeypatch):
    import sys

    path = tmp_path / "many.jsonl"
    _write_records(path, 300)
    monkeypatch.setattr(runner, "PROCESS_MIN_BYTES", 0)
    monkeypatch.setattr(sys, "executable", "/bin/true")  # the child exits at once
    report = import_paths(project, [path])
    assert report.imported == 300 and report.problems == []
    for doc in project.iter_documents():
        assert doc.segmenter_version not in ("", "dataset")
        assert {s.kind for s in project.segments(doc.id)} <= {"content", "boilerplate", "blank"}


def test_untitled_page_gets_its_headline_not_its_first_chrome_line(project):
    from pathlib import Path

    from annotator.io.importers import import_paths

    seeds = Path(__file__).resolve().parents[1] / "fixtures" / "import" / "seeds_labelled.jsonl"
    report = import_paths(project, [seeds])
    titles = [project.document(d).title for d in report.document_ids]
    assert titles[0] == "오기웅 중기부 차관, 글로벌 혁신 특구 협력방안 논의"
    assert not any(t.startswith(("•", "CWN(CHANGE", "주요 메뉴")) for t in titles), titles


def test_files_a_folder_import_passes_over_are_named(project, tmp_path):
    from annotator.io.importers import import_paths

    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "a.txt").write_text("중기부가 특구를 지정했다.\n", encoding="utf-8")
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    (folder / ".hidden.txt").write_text("숨김 파일\n", encoding="utf-8")
    report = import_paths(project, [folder])
    assert report.imported == 1
    assert report.left_out == [str(folder / "photo.png")]
    assert report.as_dict()["left_out"] == [str(folder / "photo.png")]


def test_a_parser_that_fails_at_once_is_not_also_called_an_empty_file(tmp_path, monkeypatch):
    import annotator.io.importers.jsonl as jsonl
    from annotator.io.importers import import_paths
    from annotator.store import Project

    def failing(path, reader):
        raise KeyError("boom")
        yield  # a generator, as parsers are

    monkeypatch.setattr(jsonl, "parse", failing)
    source = tmp_path / "crash.jsonl"
    source.write_text('{"text": "본문"}\n', encoding="utf-8")
    with Project.open(tmp_path / "p.db", "lead") as project:
        report = import_paths(project, [source])
    assert report.problems == [f"{source}: could not be parsed (KeyError: 'boom'); rest skipped"]
