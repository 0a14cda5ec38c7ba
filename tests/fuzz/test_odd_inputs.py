"""Odd inputs the campaign's whole-process runs met, pinned. Odd file names lose nothing. A name whose bytes are not UTF-8 (a CP949 name copied from a Windows disk) reaches
Python as lone surrogates; every format put it into the document's meta, source or id, and the document was
refused: "good\\xffname.txt:1: cannot be stored (its meta cannot be stored as JSON (UnicodeEncodeError ...)".
The campaign's process runs found it (tests/fuzz/harness.py checks names through the CLI too)."""

from __future__ import annotations

import os

import pytest

from annotator.io.importers import import_paths
from annotator.store import Project
from tests.store_invariants import assert_store_invariants, stored_documents

KLUE = "## klue-ner-v1_dev_00000-wikitree\t<경찰:OG>은 발표\n" + "".join(
    f"{ch}\t{tag}\n" for ch, tag in zip("경찰은 발표", ["B-OG", "I-OG", "O", "O", "O", "O"]))
FILES = {
    "t{}.txt": ("부산시 규제자유특구 기사 본문", set()),
    "j{}.jsonl": ('{"text": "김철수 부산시 발표", "label": [[0, 3, "PERSON"]]}\n', {(0, 3, "PERSON")}),
    "p{}.html": ("<html><body><p>웹 페이지 본문입니다</p></body></html>", set()),
    "c{}.conll": ("김철수\tB-PERSON\n발표\tO\n", {(0, 3, "PERSON")}),
    "k{}.tsv": (KLUE, {(0, 2, "OG")}),
}


@pytest.mark.parametrize("odd", [b"\xff", "경찰".encode("cp949"), b"\xed\xa0\x80", "\n".encode(), " ".encode()])
def test_documents_of_files_with_odd_names_are_stored(tmp_path, odd):
    folder = tmp_path / "in"
    folder.mkdir()
    for pattern, (body, _) in FILES.items():
        with open(os.path.join(os.fsencode(folder), pattern.format("").encode().replace(b".", odd + b".", 1)),
                  "wb") as fh:
            fh.write(body.encode("utf-8"))
    brat = os.path.join(os.fsencode(folder), b"b" + odd)
    os.mkdir(brat)
    with open(os.path.join(brat, b"x" + odd + b".txt"), "wb") as fh:
        fh.write("이영희 대구시\n".encode())
    with open(os.path.join(brat, b"x" + odd + b".ann"), "wb") as fh:
        fh.write("T1\tPERSON 0 3\t이영희\n".encode())
    db = tmp_path / "p.db"
    with Project.open(db, "kim") as project:
        report = import_paths(project, [folder], add_labels=True)
    assert report.problems == []
    assert report.imported == len(FILES) + 1
    stored = stored_documents(db)
    for body, spans in FILES.values():
        assert any(found[0] == spans for found in stored.values()), body
    assert stored["이영희 대구시\n"][0] == {(0, 3, "PERSON")}
    assert_store_invariants(db)


# Not a name, but found in the same whole-process runs: Python's message, cut mid-word, was the report.
def test_an_integer_too_long_is_reported_plainly(project, tmp_path):
    path = tmp_path / "long.jsonl"
    path.write_text('{"text": "넷째", "id": ' + "9" * 5000 + '}\n{"text": "다섯째"}\n', encoding="utf-8")
    report = import_paths(project, [path])
    assert report.imported == 1
    assert report.problems == [f"{path}:1: invalid JSON (an integer of 5000 digits, more than the 4300 a number may"
                               " have); line skipped"]


def test_an_empty_conll_token_is_reported_as_such(project, tmp_path):
    path = tmp_path / "e.conll"
    path.write_text("김\tB-PERSON\n철\tI-PERSON\n\n부산\tB-LOC\n\tB-ORG\n\tO\n시\tO\n", encoding="utf-8")
    report = import_paths(project, [path])
    assert report.imported == 2 and report.spans == 2
    assert report.problems == [f"{path}:5: the token is empty (tag 'B-ORG'); line skipped",
                               f"{path}:6: the token is empty (tag 'O'); line skipped"]  # was: span [0, 0) outside


def test_a_page_whose_canonical_link_holds_a_bracket_is_imported(project, tmp_path):
    """urlsplit raises "Invalid IPv6 URL" for a '[' in the host: the whole page was lost as "could not be parsed"
    (found by reports25/H-robust-scripts/parse_fuzz.py)."""
    path = tmp_path / "page.html"
    path.write_text('<html><head><link rel="canonical" href="https://www.example-n[[ews.kr/article/123">'
                    "<title>부산 특구</title></head><body><p>부산시는 규제자유특구를 발표했다.</p></body></html>",
                    encoding="utf-8")
    report = import_paths(project, [path])
    assert report.problems == [] and report.imported == 1
    (doc,) = project.iter_documents()
    assert doc.text.endswith("부산시는 규제자유특구를 발표했다.") and doc.source == "page.html"
