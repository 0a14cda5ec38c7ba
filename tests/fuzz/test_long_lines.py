"""Files that are one value or one document are not cut into 2 MiB lines. A Label Studio export or a .json array
written compactly (one line, as json.dumps writes it) over 2 MiB lost every task: "invalid JSON (Expecting value at
column 1); file skipped" plus "line is 3.3 MB, over the 2 MiB line limit", exit 0; a minified HTML page over 2 MiB
was "the page has no visible text". Found by the campaign's huge-file cases (scripts/fuzz_campaign.py --target
huge). JSON Lines and other record-per-line formats keep the limit: the long line costs only itself."""

from __future__ import annotations

import json

import pytest

from annotator.io.importers import import_paths
from annotator.io.importers.base import MAX_LINE_BYTES
from tests.store_invariants import assert_store_invariants, stored_documents

N_TASKS = 9000  # ~2.4 MB compact: over the line limit


def _tasks(n: int) -> list[dict]:
    return [{"id": i, "data": {"text": f"부산시 규제자유특구 과제 {i}번 발표"}, "annotations": [{"result": [
        {"id": f"r{i}", "from_name": "label", "to_name": "text", "type": "labels",
         "value": {"start": 0, "end": 3, "text": "부산시", "labels": ["LOC"]}}]}]} for i in range(n)]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_a_compact_label_studio_export_over_the_line_limit_is_imported_whole(project, tmp_path, encoding):
    path = tmp_path / "export.json"
    body = json.dumps(_tasks(N_TASKS), ensure_ascii=False)
    path.write_bytes(body.encode(encoding))
    assert len(body.encode("utf-8")) > MAX_LINE_BYTES and "\n" not in body
    report = import_paths(project, [path], add_labels=True)
    assert report.problems == [] and report.imported == N_TASKS and report.spans == N_TASKS
    stored = stored_documents(project.path)
    assert stored["부산시 규제자유특구 과제 8999번 발표"] == ({(0, 3, "LOC")}, set())
    assert_store_invariants(project.path)


def test_a_compact_json_array_over_the_line_limit_is_imported_whole(project, tmp_path):
    path = tmp_path / "records.json"
    records = [{"text": f"제이슨 배열 기록 {i}번", "label": [[0, 3, "ORG"]]} for i in range(70000)]
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    assert path.stat().st_size > MAX_LINE_BYTES
    report = import_paths(project, [path], add_labels=True)
    assert report.problems == [] and report.imported == len(records)


def test_a_minified_page_over_the_line_limit_is_imported(project, tmp_path):
    path = tmp_path / "page.html"
    body = "부산시는 해양 모빌리티 규제자유특구 사업을 발표했다."
    path.write_text("<html><head><script>" + "var a=1;" * 300_000 + f"</script></head><body><p>{body}</p></body>"
                    "</html>", encoding="utf-8")
    assert path.stat().st_size > MAX_LINE_BYTES
    report = import_paths(project, [path])
    assert report.problems == [] and report.imported == 1
    (doc,) = project.iter_documents()
    assert doc.text.strip().endswith(body)


def test_a_jsonl_line_over_the_limit_still_costs_only_itself(project, tmp_path):
    path = tmp_path / "records.jsonl"
    long = json.dumps({"text": "가" * (MAX_LINE_BYTES // 3 + 10)}, ensure_ascii=False)
    path.write_text('{"text": "첫째 기록"}\n' + long + '\n{"text": "셋째 기록"}\n', encoding="utf-8")
    report = import_paths(project, [path])
    assert report.imported == 2
    assert report.problems == [f"{path}:2: line is {(len(long.encode()) + 1) / 1e6:.1f} MB, over the 2 MiB line "
                               "limit; line skipped"]


def test_a_one_line_utf8_file_whose_sample_ends_inside_a_character_is_read_as_utf8(project, tmp_path):
    """The encoding is judged on the first 256 KiB, cut back to a line break so that no character is cut; a compact
    one-line file has none, so the sample ended inside a Hangul syllable, was not UTF-8, and the file was read as
    CP949: every syllable garbled ('배열 기록 0' stored as '諛곗뿴 湲곕줉 0'). Found by campaign --target huge."""
    from annotator.io.importers.decoding import HEAD_BYTES, detect_encoding

    records = [{"text": f"배열 기록 {i}"} for i in range(30000)]
    for pad in range(3):  # one of three paddings puts the cut inside a three-byte syllable
        body = ("[" + " " * pad + json.dumps(records, ensure_ascii=False)[1:]).encode("utf-8")
        try:
            body[:HEAD_BYTES].decode("utf-8")
        except UnicodeDecodeError as exc:
            assert exc.reason == "unexpected end of data"
            break
    assert detect_encoding(body[:HEAD_BYTES]) == "utf-8"
    path = tmp_path / "records.json"
    path.write_bytes(body)
    report = import_paths(project, [path])
    assert report.problems == [] and report.imported == len(records)
    assert {"배열 기록 0", "배열 기록 29999"} <= set(stored_documents(project.path))


def test_a_document_of_millions_of_lines_is_refused_by_its_line_count(project, tmp_path):
    """11 MB of empty lines (under the 20 MB document limit) took 2.6 GB while importing: every line is classified
    and kept with its kind and score. Found by campaign --target huge (its peak RSS check)."""
    from annotator.io.importers.runner import MAX_DOCUMENT_LINES

    path = tmp_path / "lines.txt"
    path.write_text("\n" * (MAX_DOCUMENT_LINES + 5) + "본문 한 줄\n", encoding="utf-8")
    ok = tmp_path / "ok.txt"
    ok.write_text("첫 줄\n" * 1000 + "끝", encoding="utf-8")
    report = import_paths(project, [path, ok])
    assert report.imported == 1
    assert report.problems == [f"{path}:1: one document of {MAX_DOCUMENT_LINES + 6:,} lines, over the "
                               f"{MAX_DOCUMENT_LINES:,}-line limit for a single document; document skipped"]
