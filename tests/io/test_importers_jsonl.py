"""JSONL importer: plain records, Prodigy and doccano labels, bad lines that must not stop the run."""

from __future__ import annotations

import json
from pathlib import Path

from annotator.io.importers import import_paths

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"


def _docs(project):
    return list(project.iter_documents())


def test_seed_file_imports_all_entities_and_relations(project):
    report = import_paths(project, [FIXTURES / "seeds_labelled.jsonl"])
    assert report.problems == []
    assert (report.imported, report.spans, report.relations) == (3, 180, 53)
    records = [json.loads(line) for line in (FIXTURES / "seeds_labelled.jsonl").read_text("utf-8").splitlines()]
    for doc, record in zip(_docs(project), records):
        assert doc.text == record["text"] and doc.ext_id == record["id"]
        stored = {(s.start, s.end, s.label) for s in project.spans(doc.id)}
        assert stored == {(e["start_offset"], e["end_offset"], e["label"]) for e in record["entities"]}
        by_id = {s.id: (s.start, s.end) for s in project.spans(doc.id)}
        offsets = {e["id"]: (e["start_offset"], e["end_offset"]) for e in record["entities"]}
        assert {(by_id[r.head_id], by_id[r.tail_id], r.label) for r in project.relations(doc.id)} == {
            (offsets[r["from_id"]], offsets[r["to_id"]], r["type"]) for r in record["relations"]
        }
        assert doc.source == "seeds_labelled.jsonl"  # no url: grouped by file name


def test_prodigy_and_doccano_shapes(project):
    report = import_paths(project, [FIXTURES / "labelled_shapes.jsonl"])
    assert report.problems == [] and report.imported == 3
    prodigy, doccano, plain = _docs(project)
    assert prodigy.title == "특구 지정" and prodigy.source == "news.example.com"
    assert prodigy.meta == {"url": "https://news.example.com/a/1"} and prodigy.url == "https://news.example.com/a/1"
    assert [(s.start, s.end, s.label) for s in project.spans(prodigy.id)] == [(0, 7, "ORG"), (9, 12, "LOC"), (14, 20, "ZONE")]
    (rel,) = project.relations(prodigy.id)
    assert (project.span(rel.head_id).label, project.span(rel.tail_id).label, rel.label) == ("ORG", "ZONE", "designates")
    assert doccano.ext_id == "17"
    assert [(doccano.text[s.start:s.end], s.label) for s in project.spans(doccano.id)] == [("부산시", "ORG"), ("특구", "ZONE")]
    assert plain.title == "제목 없는 기사 첫 줄" and project.spans(plain.id) == []


def test_bad_lines_are_reported_and_good_records_kept(project):
    path = FIXTURES / "bad_records.jsonl"
    report = import_paths(project, [path])
    texts = [d.text for d in _docs(project)]
    assert texts == ["정상 기사 1번 본문입니다.", "범위 밖 스팬", "모르는 레이블 스팬", "정상 기사 2번 본문입니다.", "정상 기사 3번 본문입니다."]
    problems = "\n".join(report.problems)
    assert f"{path}:2: invalid JSON" in problems
    assert f"{path}:3: span [3, 99) is outside the text" in problems
    assert f"{path}:4: unknown label 'WEAPON'" in problems
    assert f"{path}:5: record has no \"text\" string" in problems
    assert f"{path}:8: expected a JSON object" in problems
    assert f":6:" not in problems  # blank lines are not problems
    assert report.duplicates == [f"{path}:9: duplicate of {path}:1 (same import)"]
    assert sum(len(project.spans(d.id)) for d in _docs(project)) == 0


def test_unknown_labels_added_with_add_labels(project):
    report = import_paths(project, [FIXTURES / "bad_records.jsonl"], add_labels=True)
    assert "WEAPON" in report.labels_added and project.scheme().entity("WEAPON") is not None
    doc = next(d for d in _docs(project) if d.text == "모르는 레이블 스팬")
    assert [(s.start, s.end, s.label) for s in project.spans(doc.id)] == [(0, 3, "WEAPON")]


def test_the_unknown_label_advice_says_it_must_come_before_the_first_import(project):
    """Followed after the import, "use --add-labels" brings in the labels of a document whose import layer holds
    none (all of its spans were refused); one whose other spans went in keeps them, hence the advice."""
    path = FIXTURES / "bad_records.jsonl"
    first = "\n".join(import_paths(project, [path]).problems)
    assert "unknown label 'WEAPON' (to keep such spans, add it to the label scheme or use --add-labels before the" \
           " file is first imported" in first
    again = import_paths(project, [path], add_labels=True)
    assert any(d.startswith(f"{path}:4: duplicate") and "its 1 entity added to the stored copy" in d
               for d in again.duplicates)
    assert "WEAPON" in again.labels_added


def test_crlf_text_is_normalised_and_spans_move_with_it(project, tmp_path):
    text = "첫 줄\r\n둘째 줄 중기부\r\n셋째"
    start = text.index("중기부")
    path = tmp_path / "crlf.jsonl"
    path.write_text(json.dumps({"text": text, "spans": [{"start": start, "end": start + 3, "label": "ORG"}]}) + "\n")
    report = import_paths(project, [path])
    assert report.problems == []
    (doc,) = _docs(project)
    assert doc.text == "첫 줄\n둘째 줄 중기부\n셋째"
    (span,) = project.spans(doc.id)
    assert doc.text[span.start:span.end] == "중기부"
    assert [(s.line_no, s.start, s.end) for s in project.segments(doc.id)] == [(1, 0, 3), (2, 4, 12), (3, 13, 15)]


def test_emoji_offsets_are_code_points(project, tmp_path):
    text = "🚀 중기부 👍 원주시"
    path = tmp_path / "emoji.jsonl"
    path.write_text(json.dumps({"text": text, "label": [[2, 5, "ORG"], [8, 11, "LOC"]]}, ensure_ascii=True) + "\n")
    import_paths(project, [path])
    (doc,) = _docs(project)
    assert [doc.text[s.start:s.end] for s in project.spans(doc.id)] == ["중기부", "원주시"]


def test_ten_megabyte_line_is_rejected_and_the_rest_imported(project, tmp_path):
    path = tmp_path / "huge.jsonl"
    with open(path, "w", encoding="utf-8") as f:
        f.write(json.dumps({"text": "앞 기사"}, ensure_ascii=False) + "\n")
        f.write(json.dumps({"text": "가" * (10 * 1024 * 1024 // 3)}, ensure_ascii=False) + "\n")
        f.write(json.dumps({"text": "뒤 기사"}, ensure_ascii=False) + "\n")
    report = import_paths(project, [path])
    assert [d.text for d in _docs(project)] == ["앞 기사", "뒤 기사"]
    assert len(report.problems) == 1 and report.problems[0].startswith(f"{path}:2: line is 10.5 MB, over the")


def test_undecodable_bytes_skip_only_their_line(project, tmp_path):
    path = tmp_path / "broken.jsonl"
    good = [json.dumps({"text": f"기사 {i} 본문입니다. 규제자유특구"}, ensure_ascii=False).encode() for i in range(3)]
    path.write_bytes(good[0] + b"\n" + b'{"text": "\xff\xfe bad"}\n' + good[1] + b"\n" + good[2] + b"\n")
    report = import_paths(project, [path])
    assert [d.text for d in _docs(project)] == [f"기사 {i} 본문입니다. 규제자유특구" for i in (0, 1, 2)]
    assert report.problems == [f"{path}:2: bytes not valid utf-8 at byte 11; line skipped"]


def test_json_array_file(project, tmp_path):
    path = tmp_path / "records.json"
    path.write_text(json.dumps([{"text": "하나"}, {"text": "둘"}, {"nope": 1}], ensure_ascii=False, indent=1))
    report = import_paths(project, [path])
    assert [d.text for d in _docs(project)] == ["하나", "둘"]
    assert len(report.problems) == 1 and "record 3" in report.problems[0]


def test_nan_and_lone_surrogates_do_not_stop_the_run(project, tmp_path):
    path = tmp_path / "odd.jsonl"
    path.write_text(
        '{"text": "첫 기사", "meta": {"score": NaN}}\n'
        '{"text": "깨진 \\ud800 서로게이트"}\n'
        '{"text": "셋째 기사", "meta": {"big": 1e400}}\n'
        '{"text": "넷째 기사", "meta": {"ok": 1e300}}\n', encoding="utf-8")
    report = import_paths(project, [path])
    docs = list(project.iter_documents())
    assert [d.text for d in docs] == ["넷째 기사"] and docs[0].meta == {"ok": 1e300}
    assert report.problems == [
        f"{path}:1: invalid JSON (NaN is not a number JSON allows (SQLite refuses it)); line skipped",
        f"{path}:2: text holds an unpaired UTF-16 surrogate escape (not valid Unicode); line skipped",
        f"{path}:3: invalid JSON (number 1e400 is out of range); line skipped",
    ]


def test_a_document_the_store_refuses_does_not_lose_its_chunk(project, tmp_path):
    path = tmp_path / "array.json"  # a surrogate in the title passes the parser; the store refuses it
    path.write_text('[{"text": "하나"}, {"text": "둘", "title": "\\udc80"}, {"text": "셋"}]', encoding="utf-8")
    report = import_paths(project, [path])
    assert [d.text for d in project.iter_documents()] == ["하나", "셋"]
    assert len(report.problems) == 1 and report.problems[0].startswith(f"{path}:1: cannot be stored (")


def test_json_error_messages_read_right(project, tmp_path):
    path = tmp_path / "cut.jsonl"
    path.write_text('{"text": "강원 특구"}\n{"text": "잘린 문자열\n', encoding="utf-8")
    report = import_paths(project, [path])
    problem = next(p for p in report.problems if ":2:" in p)
    assert "Unterminated string starting at column 10" in problem and "at at" not in problem
