"""One test per class of bad input from issue 10's fuzzing campaign (import side): each costs only its own
record, is reported at its FILE:LINE, and what the format says is read exactly."""

from __future__ import annotations

import json
import random
import tracemalloc

import pytest

from annotator.core.html_text import HINT_NAMES, MAX_DEPTH, html_to_text
from annotator.io.importers import ImportStopped, import_paths
from annotator.io.importers.decoding import NotTextError, detect_encoding
from annotator.store import Project
from tests.fuzz_oracle import HANGUL
from tests.store_invariants import assert_store_invariants, stored_documents


def _texts(project) -> list[str]:
    return [d.text for d in project.iter_documents()]


# 1. no input aborts a run or takes good records with it ---------------------------------------------
def test_nul_and_out_of_range_numbers_cost_only_their_record(project, db_path, tmp_path):
    jsonl = tmp_path / "a.jsonl"
    jsonl.write_text('{"text": "널 \\u0000 문자"}\n{"text": "큰 수", "meta": {"x": 1e400}}\n{"text": "정상"}\n',
                     encoding="utf-8")
    (tmp_path / "b.txt").write_bytes("브랫 문서\x00 본문".encode())
    (tmp_path / "b.ann").write_text("T1\tORG 0 2\t브랫\n", encoding="utf-8")
    report = import_paths(project, [jsonl, tmp_path / "b.ann"])
    assert sorted(_texts(project)) == ["널   문자", "브랫 문서  본문", "정상"]
    assert report.problems == [
        f"{jsonl}:1: NUL characters in \"text\" replaced with spaces",
        f"{jsonl}:2: invalid JSON (number 1e400 is out of range); line skipped",
        f"{tmp_path / 'b.ann'}: b.txt: NUL bytes replaced with spaces",
    ]
    assert report.spans == 1
    assert_store_invariants(db_path)


@pytest.mark.parametrize("bad, message", [
    ('{"text": "관계", "entities": [], "relations": 7}', '"relations" is int, not a list; labels of this record skipped'),
    ('{"text": "아이디", "entities": [{"id": [1], "start_offset": 0, "end_offset": 1, "label": "ORG"}]}',
     "entity 1: its id is list, not a string or number; relations cannot refer to it"),
    ('{"text": "숫자", "meta": {"n": ' + "9" * 4301 + "}}", "invalid JSON (an integer of 4301 digits"),
    ('{"text": "깊이", "x": ' + "[" * 990 + "]" * 990 + "}", "invalid JSON (nested too deeply)"),
    ('{"text": "메타", "meta": ' + "{\"a\": " * 987 + "1" + "}" * 987 + "}", "nested"),  # too deep for either
    ('{"text": "메타", "meta": ' + "{\"a\": " * 100 + "1" + "}" * 100 + "}",
     '"meta" is nested 100 levels deep (at most 64); line skipped'),
])
def test_a_bad_record_costs_only_itself(project, tmp_path, bad, message):
    path = tmp_path / "mixed.jsonl"
    path.write_text('{"text": "첫째"}\n' + bad + '\n{"text": "셋째"}\n', encoding="utf-8")
    report = import_paths(project, [path])
    assert {"첫째", "셋째"} <= set(_texts(project))
    assert [p for p in report.problems if p.startswith(f"{path}:2: ")], report.problems
    assert any(message in p for p in report.problems), report.problems
    assert not any("rest skipped" in p for p in report.problems)


def test_jsonl_whose_first_line_is_an_array_keeps_its_other_records(project, tmp_path):
    path = tmp_path / "records.jsonl"
    path.write_text('[{"text": "배열 줄"}]\n{"text": "둘째 줄"}\n{"text": "셋째 줄"}\n', encoding="utf-8")
    report = import_paths(project, [path])
    assert _texts(project) == ["둘째 줄", "셋째 줄"]
    assert report.problems == [f"{path}:1: expected a JSON object, got list; line skipped"]


def test_a_json_file_is_read_by_the_whole_file_and_records_keep_their_lines(project, tmp_path):
    path = tmp_path / "records.json"
    path.write_text('[\n  {"text": "하나"},\n  {"text": "둘", "meta": {"x": NaN}},\n  {"text": "셋"}\n]\n',
                    encoding="utf-8")
    report = import_paths(project, [path])
    assert _texts(project) == ["하나", "셋"]
    assert report.problems == [f"{path}:3: record 2: invalid JSON (NaN is not a number JSON allows (SQLite refuses it));"
                               " record skipped"]


def test_any_exception_while_storing_a_record_is_that_records_problem(project, tmp_path, monkeypatch):
    original = Project._insert_documents

    def exploding(self, c, batch, *args):  # any batch holding the record fails, the way one bad row would
        if any("폭탄" in doc.text for doc in batch):
            raise RuntimeError("boom")
        return original(self, c, batch, *args)

    monkeypatch.setattr(Project, "_insert_documents", exploding)
    path = tmp_path / "a.jsonl"
    path.write_text('{"text": "하나"}\n{"text": "폭탄"}\n{"text": "셋"}\n', encoding="utf-8")
    report = import_paths(project, [path])  # the last chunk is stored by the final flush
    assert _texts(project) == ["하나", "셋"]
    assert report.problems == [f"{path}:2: cannot be stored (RuntimeError: boom); document skipped"]


# 4. Korean encodings ----------------------------------------------------------------------------------
def test_short_cp949_and_euc_kr_files_are_detected_as_korean():
    rng = random.Random(10)
    wrong = []
    for size in (8, 12, 16, 32, 64, 256):
        for _ in range(200):
            text = "".join(rng.choice(HANGUL + " ") for _ in range(size)).strip() or "가"
            for codec in ("cp949", "euc_kr"):
                if detect_encoding(text.encode(codec)) != "cp949":
                    wrong.append((codec, text))
    assert wrong == []


def test_one_nul_in_a_one_line_file_is_repaired_not_called_binary(project, tmp_path):
    # found by the fuzz campaign: 8 bytes, one of them NUL, counted as a binary share of control bytes
    path = tmp_path / "tiny.txt"
    path.write_bytes(b"\x00" + "가 0번".encode("cp949") + b"\n")
    report = import_paths(project, [path])
    assert _texts(project) == ["가 0번"]
    assert report.problems == [f"{path}:1: NUL bytes removed"]
    with pytest.raises(NotTextError, match="binary file"):
        detect_encoding(b"\x01\x02\x03\x04\x05abc\n")


def test_utf8_with_a_few_bad_bytes_is_read_with_replacement_and_the_lines_named(project, tmp_path):
    path = tmp_path / "short.txt"
    path.write_bytes("짧은 기사\n".encode() + b"\xff\xfe\n" + "끝".encode())
    report = import_paths(project, [path])
    assert _texts(project) == ["짧은 기사\n\ufffd\ufffd\n끝"]
    assert report.problems == [f"{path}:2: bytes not valid utf-8 at byte 1; replaced with U+FFFD"]


def test_encoding_can_be_forced(project, tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Grüße aus Seoul".encode("latin-1"))
    report = import_paths(project, [path], encoding="latin-1")
    assert _texts(project) == ["Grüße aus Seoul"] and report.problems == []


# 5. formats read exactly what they say -------------------------------------------------------------
def test_klue_line_with_extra_columns_is_rejected_not_glued(project, tmp_path):
    path = tmp_path / "k.tsv"
    path.write_text("## klue-ner-v1_dev_00001-wikitree\t경찰\n경\tX\tB-OG\n찰\tI-OG\n\n"
                    "## klue-ner-v1_dev_00002-wikitree\t정부\n정\tB-OG\n부\tI-OG\n", encoding="utf-8")
    report = import_paths(project, [path])
    assert _texts(project) == ["정부"]
    assert report.problems == [f"{path}:2: expected one CHARACTER<TAB>TAG, got '경\\tX\\tB-OG'; sentence skipped"]


def test_conll_token_starting_with_hash_is_a_token(project, db_path, tmp_path):
    path = tmp_path / "c.conll"
    path.write_text("# 문장 주석\n#규제자유특구\tB-ZONE\n지정\tO\n#해시\tO\n", encoding="utf-8")
    import_paths(project, [path])
    assert stored_documents(db_path) == {"#규제자유특구 지정 #해시": ({(0, 7, "ZONE")}, set())}


def test_duplicate_entity_ids_are_reported_and_their_relations_skipped(project, db_path, tmp_path):
    record = {"text": "김철수 부산시", "entities": [
        {"id": 1, "start_offset": 0, "end_offset": 3, "label": "PERSON"},
        {"id": 1, "start_offset": 4, "end_offset": 7, "label": "ORG"}],
        "relations": [{"id": 9, "from_id": 1, "to_id": 1, "type": "belongs_to"}]}
    jsonl = tmp_path / "d.jsonl"
    jsonl.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    (tmp_path / "e.txt").write_text("이영희 대구시", encoding="utf-8")
    ann = tmp_path / "e.ann"
    ann.write_text("T1\tPERSON 0 3\t이영희\nT1\tORG 4 7\t대구시\nR1\tbelongs_to Arg1:T1 Arg2:T1\n", encoding="utf-8")
    report = import_paths(project, [jsonl, ann])
    assert report.relations == 0 and report.spans == 4
    assert report.problems == [
        f"{jsonl}:1: entity 1: duplicate id; relations that refer to it are skipped",
        f"{jsonl}:1: relation 9: refers to a duplicated entity id; relation skipped",
        f"{ann}:2: T1: duplicate entity id; relations that refer to it are skipped",
        f"{ann}:3: relation belongs_to refers to T1, whose id is duplicated; skipped",
    ]


def test_brat_entity_whose_text_differs_from_the_txt_is_reported(project, tmp_path):
    (tmp_path / "a.txt").write_text("김철수 부산시", encoding="utf-8")
    ann = tmp_path / "a.ann"
    ann.write_text("T1\tPERSON 0 3\t김철수\nT2\tORG 4 7\t서울시\n", encoding="utf-8")
    report = import_paths(project, [ann])
    assert report.spans == 1
    assert report.problems == [f"{ann}:2: T2: its text '서울시' differs from a.txt at 4 7 ('부산시'); entity skipped"]


def test_a_repeated_relation_is_counted_once_and_reported_at_its_line(project, db_path, tmp_path):
    (tmp_path / "a.txt").write_text("김철수 부산시", encoding="utf-8")
    ann = tmp_path / "a.ann"
    ann.write_text("T1\tPERSON 0 3\t김철수\nT2\tORG 4 7\t부산시\nR1\tbelongs_to Arg1:T1 Arg2:T2\n"
                   "R2\tbelongs_to Arg1:T1 Arg2:T2\n", encoding="utf-8")
    report = import_paths(project, [ann])
    assert report.relations == 1
    assert project.stats()["relations"] == 1
    assert report.problems == [f"{ann}:4: relation belongs_to repeats an earlier one between the same spans; skipped"]


def test_problems_found_while_storing_point_at_the_bad_line(project, tmp_path):
    (tmp_path / "a.txt").write_text("김철수 부산시", encoding="utf-8")
    ann = tmp_path / "a.ann"
    ann.write_text("T1\tPERSON 0 3\t김철수\n#\tnote\nT2\tNOPE 4 7\t부산시\n", encoding="utf-8")
    conll = tmp_path / "g.conll"
    conll.write_text("-DOCSTART-\n\n김철수\tB-PERSON\n\n부산시\tB-NOPE\n", encoding="utf-8")
    report = import_paths(project, [ann, conll])
    assert [p.split(": unknown label")[0] for p in report.problems] == [f"{ann}:3", f"{conll}:5"]


# 9. deep HTML nesting costs linear time and memory, and is capped with a message ----------------------
def test_deep_html_nesting_is_linear_and_capped():
    page = "<html><body>" + '<div class="c">x\n' * 20_000 + "</body></html>"
    problems: list[str] = []
    tracemalloc.start()
    try:
        text, hints = html_to_text(page, problems)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert text.count("x") == 20_000
    assert max(len(h.classes.split()) for h in hints if h) <= HINT_NAMES
    assert peak < 60 * len(page)  # was the whole class stack per line: ~600 MB here
    assert problems == [f"elements nested 20002 deep; the structure below depth {MAX_DEPTH} is ignored for"
                        " segmenting (its text is kept)"]


# 10. one huge document is refused with a clear message --------------------------------------------------
def test_a_document_over_the_size_limit_is_refused_and_the_rest_imported(project, tmp_path):
    big, small = tmp_path / "big.txt", tmp_path / "small.txt"
    big.write_text("가" * 400_000, encoding="utf-8")  # 1.2 MB
    small.write_text("작은 기사", encoding="utf-8")
    records = tmp_path / "r.jsonl"
    records.write_text(json.dumps({"text": "나" * 400_000}, ensure_ascii=False) + '\n{"text": "짧은 줄"}\n',
                       encoding="utf-8")
    report = import_paths(project, [big, small, records], max_document_mb=1)
    assert sorted(_texts(project)) == ["작은 기사", "짧은 줄"]
    assert report.problems == [
        f"{big}: one document of 1.2 MB, over the 1 MB limit for a single document (raise it with"
        " --max-document-mb); file skipped",
        f"{records}:1: one document of 1.2 MB, over the 1 MB limit for a single document (raise it with"
        " --max-document-mb); document skipped",
    ]


def test_import_stopped_carries_the_report(project, tmp_path, monkeypatch):
    from annotator.store import DiskFullError

    def full(*args, **kwargs):
        raise DiskFullError(f"{project.path}: disk full")

    path = tmp_path / "a.jsonl"
    path.write_text('{"text": "하나"}\n', encoding="utf-8")
    monkeypatch.setattr(Project, "add_documents", full)
    with pytest.raises(ImportStopped) as info:
        import_paths(project, [path])
    assert "0 documents stored, 1 read but not stored" in str(info.value)
    assert info.value.report.imported == 0


def test_a_segmenter_failure_costs_a_document_its_line_kinds_only(project, db_path, tmp_path, monkeypatch):
    from annotator.io import resegment

    real = resegment.segment_text

    def fragile(text, **kwargs):
        if "고장" in text:
            raise ValueError("broken")
        return real(text, **kwargs)

    monkeypatch.setattr(resegment, "segment_text", fragile)
    path = tmp_path / "a.jsonl"
    path.write_text('{"text": "하나"}\n{"text": "고장 난 문서"}\n{"text": "셋"}\n', encoding="utf-8")
    report = import_paths(project, [path])
    assert _texts(project) == ["하나", "고장 난 문서", "셋"]
    assert report.problems == [f"{path}:2: the segmenter failed (ValueError: broken); its lines are stored"
                               " unclassified"]
    assert_store_invariants(db_path)


def test_label_names_the_scheme_cannot_hold_cost_only_their_spans(project, tmp_path):
    path = tmp_path / "labels.jsonl"
    records = [{"text": "김철수 부산시", "label": [[0, 3, "PER\u0000SON"], [4, 7, "새기관"]]},
               {"text": "이영희 대구시", "label": [[0, 3, "X" * 300]]},
               # brat and CoNLL exports of a label with a space were files their importers refuse (H-fuzz)
               {"text": "박민수 광주시", "label": [[0, 3, "A B"], [4, 7, "ZW\u200bSP"]]},
               {"text": "마지막 기사"}]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    report = import_paths(project, [path], add_labels=True)
    assert report.imported == 4 and report.spans == 1 and report.labels_added == ["새기관"]
    assert [p.split(": label ")[0] for p in report.problems] == [f"{path}:1", f"{path}:2", f"{path}:3", f"{path}:3"]
    assert all("cannot be added to the scheme" in p for p in report.problems)


def test_a_fifo_is_not_read(project, tmp_path):
    import os

    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    report = import_paths(project, [fifo])
    assert report.problems == [f"{fifo}: not a regular file or folder; skipped"]


def test_numbers_too_long_for_an_offset_cost_only_their_line(project, tmp_path):
    (tmp_path / "a.txt").write_text("김철수 부산시", encoding="utf-8")
    ann = tmp_path / "a.ann"
    ann.write_text("T1\tPERSON 0 " + "9" * 5000 + "\tx\nT2\tORG 4 7\t부산시\n", encoding="utf-8")
    conll = tmp_path / "g.conll"
    conll.write_text("# newdoc id = d\n# relation = E" + "1" * 5000 + " E2 located_in\n김철수\tB-PERSON\n",
                     encoding="utf-8")
    report = import_paths(project, [ann, conll])
    assert report.imported == 2 and report.spans == 2
    assert [p.split(": ")[0] for p in report.problems] == [f"{ann}:1", f"{conll}:2"]


def test_markup_the_html_parser_chokes_on_is_read_as_text(project, tmp_path):
    page = tmp_path / "broken.html"
    page.write_text("<!doctype html><html><body><p>규제 <![[[[ 특구</p><!-- 주석 --><p>지정 발표</p></body></html>",
                    encoding="utf-8")
    report = import_paths(project, [page])
    assert _texts(project) == ["규제 <![[[[ 특구\n\n지정 발표"]
    assert len(report.problems) == 1 and report.problems[0].startswith(f"{page}: malformed markup (")


def test_a_cp949_brat_pair_is_read_in_its_encoding(project, db_path, tmp_path):
    (tmp_path / "a.txt").write_bytes("김철수 부산시".encode("cp949"))
    ann = tmp_path / "a.ann"
    ann.write_bytes("T1\tPERSON 0 3\t김철수\n".encode("cp949"))
    report = import_paths(project, [ann])
    assert report.problems == []
    assert stored_documents(db_path) == {"김철수 부산시": ({(0, 3, "PERSON")}, set())}

