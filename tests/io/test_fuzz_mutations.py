"""A mutation campaign over one valid file of every import format (issue 10): byte flips, cuts, repeats and
known-bad insertions. Whatever the bytes, the import returns, no record reaches the catch-all handlers
("could not be parsed", "cannot be stored (...Error"), the project passes its invariants, and every exporter
writes the result."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from annotator.io.exporters import exporter
from annotator.io.importers import import_paths
from annotator.store import Project
from tests.fuzz_oracle import FUZZ
from tests.store_invariants import assert_store_invariants

SEEDS = {
    "a.jsonl": '{"text": "김철수 부산시 규제자유특구", "entities": [{"id": 1, "start_offset": 0, "end_offset": 3,'
               ' "label": "PERSON"}, {"id": 2, "start_offset": 4, "end_offset": 7, "label": "ORG"}], "relations":'
               ' [{"from_id": 1, "to_id": 2, "type": "belongs_to"}], "meta": {"x": [1, 2.5, "s"]}}\n'
               '{"text": "둘째", "label": [[0, 2, "ORG"]]}\n'.encode(),
    "b.conll": "-DOCSTART-\n\n# newdoc id = d1\n# text = 김철수 부산\n김철수\tB-PERSON\n부산\tB-LOC\n\n"
               "# relation = E1 E2 located_in\n".encode(),
    "c.tsv": "## klue-ner-v1_dev_00001-wikitree\t<경찰:OG>\n경\tB-OG\n찰\tI-OG\n\n".encode(),
    "d.html": "<!doctype html><html><head><title>제목</title></head><body><div class='article'><p>본문 <a href=x>"
              "링크</a></p><ul><li>하나<li>둘</ul></div></body></html>".encode(),
    "e.ann": "T1\tPERSON 0 3\t김철수\nT2\tORG 4 7\t부산시\nR1\tbelongs_to Arg1:T1 Arg2:T2\n".encode(),
    "e.txt": "김철수 부산시\n".encode(),
    "f.txt": "기사 제목\n\n본문입니다.\r\n끝".encode("cp949"),
}
INSERTS = [b"\x00", b"\\u0000", b"1e400", b"NaN", b"[" * 3000, b"\t", b"\r", b"\n", b"#", b"\xff\xfe",
           b"\xed\xa0\x80", b"9" * 5000, b'"', b"{", b"}", b"]", b"T1\tORG 0 99999\tx\n",
           b"R1\tbelongs_to Arg1:T1 Arg2:T1\n", "경찰".encode("cp949"), b"<div>" * 1200, b"<![[", b"<!"]
CATCH_ALL = ("could not be parsed", "segmenter failed", "Error:")


@st.composite
def mutated(draw, data: bytes) -> bytes:
    b = bytearray(data)
    for _ in range(draw(st.integers(0, 5))):
        op = draw(st.sampled_from(["delete", "insert", "flip", "cut", "repeat"]))
        pos = draw(st.integers(0, len(b)))
        if op == "delete" and b:
            del b[pos % len(b)]
        elif op == "insert":
            b[pos:pos] = draw(st.one_of(st.sampled_from(INSERTS), st.binary(min_size=1, max_size=4)))
        elif op == "flip" and b:
            b[pos % len(b)] ^= 1 << draw(st.integers(0, 7))
        elif op == "cut":
            b = b[:pos]
        elif op == "repeat":
            b = b + b[:pos]
    return bytes(b)


@FUZZ
@given(st.data())
def test_mutated_inputs_of_every_format(tmp_path_factory, data):
    root = tmp_path_factory.mktemp("mutations")
    folder = root / "in"
    folder.mkdir()
    for name, seed in SEEDS.items():
        (folder / name).write_bytes(data.draw(mutated(seed), label=name))
    db = root / "p.db"
    with Project.open(db, "fuzz") as project:
        for add_labels in (False, True):
            report = import_paths(project, [folder], add_labels=add_labels)
            suspect = [p for p in report.problems if any(marker in p for marker in CATCH_ALL)]
            assert suspect == []
    assert_store_invariants(db)
    with Project.open(db, "fuzz") as project:
        for name in ("csv", "brat", "conll", "prodigy", "doccano"):
            exporter(name).export(project, out=root / f"out-{name}", status="all")
