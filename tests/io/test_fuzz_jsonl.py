"""Property tests of the JSONL importer (issue 10): generated files mixing good records with every
known kind of bad one. Good records are stored exactly, each bad one is reported at its line and costs
only itself, and the project passes integrity_check and the schema invariants."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz_oracle import FUZZ, Expected, check_import, words

LABELS = ("ORG", "LOC", "PERSON")
# kind -> (usable inside a .json array, stored?)
KINDS = {
    "good": True, "doccano": True, "nul": True, "relations_not_list": True, "duplicate_id": True,
    "unhashable_id": True, "span_outside": True, "nan": True, "infinite": True, "huge_int": True,
    "deep": True, "deep_meta": True, "empty": True, "surrogate": True, "not_object": True,
    "broken": False, "array_line": False, "blank": False,
}
STORED = {"good", "doccano", "nul", "relations_not_list", "duplicate_id", "unhashable_id", "span_outside"}
REPORTED = set(KINDS) - {"good", "doccano", "blank"}


@st.composite
def record(draw, n: int):
    """(kind, JSON text of one record, expected text, spans, relations)."""
    kind = draw(st.sampled_from(sorted(KINDS)))
    parts = draw(st.lists(words, min_size=2, max_size=6))
    text = " ".join(parts) + f" {n}번"
    offsets, pos = [], 0
    for word in parts:
        offsets.append((pos, pos + len(word)))
        pos += len(word) + 1
    chosen = sorted(draw(st.sets(st.integers(0, len(parts) - 1), max_size=3)))
    spans = [(*offsets[i], draw(st.sampled_from(LABELS))) for i in chosen]
    person, org = (*offsets[0], "PERSON"), (*offsets[1], "ORG")
    entities = [{"id": "p", "start_offset": person[0], "end_offset": person[1], "label": "PERSON"},
                {"id": "o", "start_offset": org[0], "end_offset": org[1], "label": "ORG"}]
    belongs = {"from_id": "p", "to_id": "o", "type": "belongs_to"}
    rels = set()
    body = {"text": text, "meta": {"n": n, "score": draw(st.floats(allow_nan=False, allow_infinity=False))}}
    if kind == "good":
        body["label"] = [list(s) for s in spans]
    elif kind == "doccano":
        body.update(entities=entities, relations=[belongs])
        spans, rels = [person, org], {(person, org, "belongs_to")}
    elif kind == "nul":
        body["text"] = text.replace(" ", "\u0000", 1)
        body["label"] = [list(s) for s in spans]
    elif kind == "relations_not_list":
        body.update(entities=entities, relations={"from_id": "p"})
        spans = []
    elif kind == "duplicate_id":
        body.update(entities=[entities[0], {**entities[1], "id": "p"}], relations=[belongs])
        spans = [person, org]
    elif kind == "unhashable_id":
        body.update(entities=[{**entities[0], "id": ["p"]}, entities[1]],
                    relations=[{"from_id": ["p"], "to_id": "o", "type": "belongs_to"}])
        spans = [person, org]
    elif kind == "span_outside":
        body["label"] = [[0, len(text) + 5, "ORG"]]
        spans = []
    line = json.dumps(body, ensure_ascii=False)
    raw = {"nan": line.replace(f'"n": {n}', '"n": NaN', 1), "infinite": line.replace(f'"n": {n}', '"n": 1e400', 1),
           "huge_int": line.replace(f'"n": {n}', '"n": ' + "7" * 5000, 1),
           "deep": '{"text": "깊은 ' + str(n) + '", "x": ' + "[" * 5000 + "]" * 5000 + "}",
           "deep_meta": '{"text": "깊은 메타 ' + str(n) + '", "meta": {"m": ' + "[" * 995 + "]" * 995 + "}}",
           "empty": '{"text": "   "}', "surrogate": '{"text": "깨진 \\ud800 ' + str(n) + '"}', "not_object": "[1, 2]",
           "broken": line[:-3], "array_line": "[" + line + "]", "blank": ""}.get(kind, line)
    return kind, raw, text if kind in STORED else None, spans, rels  # a NUL is stored as a space


@FUZZ
@given(st.data())
def test_jsonl_lines(tmp_path_factory, data):
    records = [data.draw(record(n)) for n in range(data.draw(st.integers(1, 12)))]
    root = tmp_path_factory.mktemp("jsonl")
    path = root / "records.jsonl"
    path.write_text("\n".join(raw for _, raw, *_ in records) + "\n", encoding="utf-8")
    expected = Expected()
    for line, (kind, _, text, spans, rels) in enumerate(records, 1):
        if text is not None:
            expected.doc(text, spans, rels)
        if kind in REPORTED:
            expected.report.add((str(path), line))
    check_import(root, [path], expected)


@FUZZ
@given(st.data())
def test_json_array_file(tmp_path_factory, data):
    records = [r for r in (data.draw(record(n)) for n in range(data.draw(st.integers(1, 10)))) if KINDS[r[0]]]
    root = tmp_path_factory.mktemp("json")
    path = root / "records.json"
    path.write_text("[\n" + ",\n".join(raw for _, raw, *_ in records) + "\n]\n", encoding="utf-8")
    expected = Expected()
    for line, (kind, _, text, spans, rels) in enumerate(records, 2):
        if text is not None:
            expected.doc(text, spans, rels)
        if kind in REPORTED:
            expected.report.add((str(path), line))
    check_import(root, [path], expected)
