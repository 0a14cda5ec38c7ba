"""The CoNLL and brat importers on files not written by annotator: plain CoNLL-2003, IOB1, BIOES,
-DOCSTART- documents, bad lines with FILE:LINE problems, and brat's multi-line and discontinuous spans."""

from __future__ import annotations

from pathlib import Path

from annotator.core.model import NewDocument
from annotator.io.importers import ImportProblem, brat, conll, import_paths
from annotator.store import Project


def parse_conll(text: str):
    items = list(conll.parse(Path("x.conll"), text.split("\n")))
    return [i for i in items if isinstance(i, NewDocument)], [i for i in items if isinstance(i, ImportProblem)]


def spans_of(doc):
    return [(doc.text[s.start:s.end], s.label) for s in doc.spans]


def test_plain_conll2003_with_docstart_groups_sentences_into_documents():
    text = (
        "-DOCSTART- -X- -X- O\n\n"
        "EU NNP B-NP B-ORG\nrejects VBZ B-VP O\nGerman JJ B-NP B-MISC\ncall NN I-NP O\n\n"
        "Peter NNP B-NP B-PER\nBlackburn NNP I-NP I-PER\n\n"
        "-DOCSTART- -X- -X- O\n\n"
        "BRUSSELS NNP B-NP B-LOC\n"
    )
    docs, problems = parse_conll(text)
    assert not problems
    assert [d.text for d in docs] == ["EU rejects German call\nPeter Blackburn", "BRUSSELS"]
    assert spans_of(docs[0]) == [("EU", "ORG"), ("German", "MISC"), ("Peter Blackburn", "PER")]
    assert docs[0].origin == "x.conll:1"
    assert spans_of(docs[1]) == [("BRUSSELS", "LOC")]


def test_iob2_without_docstart_is_one_document_per_sentence():
    docs, problems = parse_conll("중기부\tB-ORG\n차관\tB-TITLE\n\n강원\tB-LOC\n원주시\tI-LOC\n에\tO\n")
    assert not problems
    assert [d.text for d in docs] == ["중기부 차관", "강원 원주시 에"]
    assert spans_of(docs[1]) == [("강원 원주시", "LOC")]


def test_iob1_and_bioes_are_tolerated():
    docs, _ = parse_conll("강원\tI-LOC\n원주\tI-LOC\n와\tO\n부산\tI-LOC\n시\tE-LOC\n특구\tS-ZONE\n")
    assert spans_of(docs[0]) == [("강원 원주", "LOC"), ("부산 시", "LOC"), ("특구", "ZONE")]
    docs, _ = parse_conll("A\tB-ORG\nB\tB-ORG\nC\tI-ORG\n")  # B- after B- of the same label starts a new entity
    assert spans_of(docs[0]) == [("A", "ORG"), ("B C", "ORG")]


def test_bad_lines_are_reported_with_their_line_and_the_rest_is_kept():
    docs, problems = parse_conll("강원\tB-LOC\njustonecolumn\n원주\tO\n\n# relation = nonsense\n부산\tB-LOC\n")
    assert [d.text for d in docs] == ["강원 원주", "부산"]
    assert [p.line for p in problems] == [2, 5]
    assert "TOKEN<TAB>TAG" in problems[0].message


def test_relation_to_a_missing_entity_is_a_problem():
    text = "# newdoc id = d1\n# relation = E1 E3 belongs_to\n# sent_id = d1-1\n# text = 홍길동 차관\n홍길동\tB-PERSON\n차관\tB-TITLE\n"
    docs, problems = parse_conll(text)
    assert docs[0].text == "홍길동 차관" and docs[0].relations == []
    assert problems[0].line == 2 and "E3" in problems[0].message


def test_conll_import_through_the_runner_reports_file_and_line(tmp_path):
    path = tmp_path / "ner.conll"
    path.write_text("강원\tB-LOC\n원주시\tI-LOC\n\n부산\tB-NOPE\n", encoding="utf-8")
    with Project.open(tmp_path / "p.db", "kim") as project:
        report = import_paths(project, [path], format="conll")
        assert report.imported == 2
        texts = {project.document(d).text: project.spans(d) for d in project.document_ids()}
        assert [(s.start, s.end, s.label) for s in texts["강원 원주시"]] == [(0, 6, "LOC")]
        assert any("NOPE" in p and str(path) in p for p in report.problems)


def write_brat(folder: Path, name: str, text: str, ann: str, *, newline="\n") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.txt").write_bytes(text.replace("\n", newline).encode("utf-8"))
    (folder / f"{name}.ann").write_text(ann, encoding="utf-8")
    return folder / f"{name}.ann"


def parse_brat(ann: Path):
    items = list(brat.parse(ann, ann.read_text(encoding="utf-8").split("\n")))
    return [i for i in items if isinstance(i, NewDocument)], [i for i in items if isinstance(i, ImportProblem)]


def test_brat_multiline_fragments_join_and_discontinuous_spans_are_reported(tmp_path):
    text = "중소벤처\n기업부는 강원 원주시를 특구로 지정"
    ann = ("T1\tORG 0 4;5 8\t중소벤처 기업부\n"
           "T2\tLOC 10 12;13 16\t강원 원주시\n"         # only a space between: one span
           "T3\tZONE 13 16;18 20\t원주시 특구\n"          # non-whitespace between: discontinuous
           "R1\tlocated_in Arg1:T3 Arg2:T2\n"
           "R2\tdesignates Arg1:T1 Arg2:T2\n"
           "A1\tNegated T1\n"
           "#1\tAnnotatorNotes T1\tnote\n")
    docs, problems = parse_brat(write_brat(tmp_path, "a", text, ann))
    assert spans_of(docs[0]) == [("중소벤처\n기업부", "ORG"), ("강원 원주시", "LOC")]
    assert [(r.head, r.tail, r.label) for r in docs[0].relations] == [(0, 1, "designates")]
    lines = sorted(p.line for p in problems)
    assert lines == [3, 4, 6]
    assert any("discontinuous" in p.message for p in problems)


def test_brat_crlf_text_keeps_offsets_on_the_same_characters(tmp_path):
    text = "첫 줄\n강원 원주시"
    docs, problems = parse_brat(write_brat(tmp_path, "b", text, "T1\tLOC 5 11\t강원 원주시\n", newline="\r\n"))
    assert not problems
    assert docs[0].text == text and spans_of(docs[0]) == [("강원 원주시", "LOC")]


def test_brat_without_txt_and_bad_offsets(tmp_path):
    (tmp_path / "lonely.ann").write_text("T1\tLOC 0 2\tab\n", encoding="utf-8")
    docs, problems = parse_brat(tmp_path / "lonely.ann")
    assert not docs and "lonely.txt" in problems[0].message
    docs, problems = parse_brat(write_brat(tmp_path, "c", "짧다", "T1\tLOC 0 9\tx\nT2\tLOC 0 1\t짧\n"))
    assert spans_of(docs[0]) == [("짧", "LOC")]
    assert problems[0].line == 1 and "outside" in problems[0].message


def test_brat_text_holding_a_replacement_character_is_no_decoding_problem(tmp_path):
    # A text with U+FFFD in it (an article imported with a broken byte, exported as brat) is valid UTF-8: it was
    # reported as "bytes that are not text in its encoding; ... offsets may be off" on every import of the export.
    text = "강원\ufffd 원주시"
    docs, problems = parse_brat(write_brat(tmp_path, "r", text, "T1\tLOC 4 7\t원주시\n"))
    assert not problems
    assert docs[0].text == text and spans_of(docs[0]) == [("원주시", "LOC")]
    (tmp_path / "r.txt").write_bytes("강원".encode() + b"\xff " + "원주시".encode())
    docs, problems = parse_brat(tmp_path / "r.ann")
    assert [p.message for p in problems] == ["r.txt holds bytes that are not text in its encoding; they were"
                                             " replaced, offsets may be off"]


def test_sniffers():
    assert conll.sniff("EU\tB-ORG\nrejects\tO\n\nx\tO\n")
    assert not conll.sniff("just a sentence\nand another one\n")
    assert brat.sniff("T1\tLOC 0 2\t강원\nR1\tlocated_in Arg1:T1 Arg2:T1\n")
    assert not brat.sniff('{"text": "x"}\n')
