"""The JSONL importer's trimmed per-record path gives exactly what it gave before (tests/io/jsonl_record_oracle.py,
the old code verbatim): the same documents (every field, the UTF-8 and the origin included) and the same problems,
in the same order, for records with and without meta, labels, article keys, odd types, NULs, CRs and surrogates."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.io.importers import jsonl
from tests.io.jsonl_record_oracle import record_to_items as old_record_to_items

TEXTS = st.one_of(
    st.text(alphabet="가나다 라\n\r\t\x00abc.", max_size=40),
    st.sampled_from(["", "   ", "\x00", "제목\n본문 첫 줄\r\n둘째 줄", "\ud800 lone", "a\rb", " 서울 "]),
)
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.floats(allow_nan=False, width=16),
                    st.text(alphabet="가a/:.\x00 ", max_size=12),
                    st.sampled_from(["https://www.news.kr/a/1", "http://[bad", "2024-05-01", "\ud83d"]))
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                       st.dictionaries(st.sampled_from(["x", "url", "title", "id"]),
                                                                       inner, max_size=3)), max_leaves=6)
KEYS = ["text", "id", "title", "url", "meta", "source", "date", "published", "outlet", "press", "label",
        "spans", "entities", "relations", "other", "labels", "answer"]


@st.composite
def records(draw):
    record = {}
    for key in draw(st.lists(st.sampled_from(KEYS), unique=True, max_size=7)):
        if key == "text":
            record[key] = draw(st.one_of(TEXTS, SCALARS))
        elif key == "meta":
            record[key] = draw(st.one_of(st.none(), VALUES, st.dictionaries(
                st.sampled_from(["url", "title", "id", "source", "date", "x"]), SCALARS, max_size=4)))
        elif key == "label":
            record[key] = draw(st.lists(st.tuples(st.integers(-1, 8), st.integers(-1, 8),
                                                  st.sampled_from(["ORG", "", " LOC "])).map(list), max_size=3))
        elif key == "spans":
            record[key] = draw(st.one_of(st.just("no"), st.lists(st.fixed_dictionaries(
                {"start": st.integers(0, 6), "end": st.integers(0, 9), "label": st.sampled_from(["ORG", "LOC"])}),
                max_size=2)))
        else:
            record[key] = draw(VALUES)
    if draw(st.booleans()):
        record.setdefault("text", draw(TEXTS))
    if draw(st.booleans()):  # a record most importers meet: a text, and meta fields that fill in the missing ones
        record["text"] = draw(st.sampled_from(["제목\n본문", "서울 시청", "a\r\nb", "기사 본문입니다."]))
        record["meta"] = draw(st.dictionaries(st.sampled_from(["url", "title", "id", "source", "date"]),
                                              st.sampled_from(["", "연합", "https://www.yna.co.kr/x", 7, None]),
                                              max_size=5))
    return draw(st.one_of(st.just(record), SCALARS)) if draw(st.integers(0, 4)) == 0 else record


def _items(function, path, no, record):
    try:
        return list(function(path, no, record)), None
    except Exception as exc:  # the caller (_record_items) turns these into problems: the same one either way
        return None, (type(exc), str(exc))


@settings(max_examples=600, deadline=None)
@given(records(), st.sampled_from([Path("news.jsonl"), Path("/data/a b/기사.jsonl"), "plain.jsonl"]),
       st.integers(1, 10_000))
def test_record_to_items_is_unchanged(record, path, no):
    assert _items(jsonl.record_to_items, path, no, record) == _items(old_record_to_items, path, no, record)


def _decoded(function, line):
    try:
        return "value", function(line)
    except (ValueError, RecursionError) as exc:
        return type(exc).__name__, str(exc)


JSON_PIECES = st.sampled_from(['{', '}', '[', ']', '"', '\\', ':', ',', ' ', '\t', '\u3000', 'text', '1', '-0',
                               '1e999', 'NaN', 'true', 'null', '가', '\\u0000', '\\ud800', '9' * 30, '{"a": 1}'])


@settings(max_examples=1500, deadline=None)
@given(st.one_of(st.lists(JSON_PIECES, max_size=12).map("".join),
                 st.builds(lambda r: __import__("json").dumps(r, ensure_ascii=False), st.dictionaries(
                     st.text(max_size=3), st.one_of(st.text(max_size=5), st.integers(), st.none()), max_size=3))))
def test_a_stripped_line_decodes_as_the_decoder_decodes_it(text):
    line = text.strip()
    if line:
        assert _decoded(jsonl._decode_line, line) == _decoded(jsonl._decoder.decode, line)
