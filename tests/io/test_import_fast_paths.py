"""The import's cheaper paths give what the plain ones gave: duplicates found per chunk, titles from a prefix."""

from __future__ import annotations

import json

import pytest
from hypothesis import example, given, settings, strategies as st

from annotator.io.importers import import_paths, runner
from annotator.io.importers.base import MAX_TITLE_CHARS, headline_title

WHITESPACE = " \t\u3000\u00a0\u2003\x0b\x0c"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("가나다ab.," + WHITESPACE), max_size=3 * 4 * MAX_TITLE_CHARS),
       st.data())
def test_headline_title_equals_normalising_the_whole_line(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert headline_title(text, start, end) == " ".join(text[start:end].split())[:MAX_TITLE_CHARS]


def test_long_lines_of_one_word_and_of_spaces():
    word = "가" * (10 * MAX_TITLE_CHARS)
    assert headline_title(word, 0, len(word)) == word[:MAX_TITLE_CHARS]
    spaced = " " * (5 * MAX_TITLE_CHARS) + "제목 본문"
    assert headline_title(spaced, 0, len(spaced)) == "제목 본문"


def _records(path, texts):
    path.write_text("".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in texts), encoding="utf-8")


def test_duplicates_of_stored_documents_are_found_per_chunk_and_listed_in_line_order(project, tmp_path,
                                                                                      monkeypatch):
    monkeypatch.setattr(runner, "CHUNK_DOCS", 4)
    stored = tmp_path / "stored.jsonl"
    _records(stored, [f"이미 있는 기사 {i}번입니다." for i in range(3)])
    import_paths(project, [stored])
    ids = {t: project.has_text(t) for t in (f"이미 있는 기사 {i}번입니다." for i in range(3))}
    lookups = []
    original = type(project).ids_by_sha256
    monkeypatch.setattr(type(project), "ids_by_sha256",
                        lambda self, shas: lookups.append(len(shas)) or original(self, shas))
    mixed = tmp_path / "mixed.jsonl"
    # line 2 repeats a stored text, line 3 repeats line 1, line 6 a stored one again (the next chunk)
    _records(mixed, ["새 기사 하나입니다.", "이미 있는 기사 0번입니다.", "새 기사 하나입니다.", "새 기사 둘입니다.",
                     "새 기사 셋입니다.", "이미 있는 기사 2번입니다.", "새 기사 넷입니다."])
    report = import_paths(project, [mixed])
    assert report.imported == 4
    assert report.duplicates == [
        f"{mixed}:2: duplicate of document {ids['이미 있는 기사 0번입니다.']}",
        f"{mixed}:3: duplicate of {mixed}:1 (same import)",
        f"{mixed}:6: duplicate of document {ids['이미 있는 기사 2번입니다.']}",
    ]
    # the runner looks the chunk's new texts up at once, not one query per document
    assert lookups[0] == 4 and len([n for n in lookups if n]) <= 4
    assert project.count_documents() == 7


def test_a_scheme_validated_again_compiles_nothing_and_a_changed_bad_pattern_is_still_refused(monkeypatch):
    from annotator.core import label_patterns as patterns_module  # scheme imports its compiler where it compiles
    from annotator.core.scheme import LabelScheme, SchemeError

    data = {"entities": [{"name": "X", "display": "X", "color": "#112233",
                          "patterns": [{"id": "a", "regex": "[0-9]+원"}]}]}
    compiled = []
    real = patterns_module.compile_label_patterns
    monkeypatch.setattr(patterns_module, "compile_label_patterns", lambda *a, **k: compiled.append(a) or real(*a, **k))
    scheme = LabelScheme.from_dict(data)
    scheme.validate()  # as save_scheme does: the same patterns, so no regex is compiled again
    assert len(compiled) == 1
    scheme.entities[0].patterns[0]["regex"] = "[0-9"  # edited in place after the first validation
    with pytest.raises(SchemeError, match="'X'"):
        scheme.validate()
    scheme.entities[0].patterns[0]["regex"] = "[0-9]+원"
    scheme.entities[0].patterns[0]["score"] = True  # a bool is not a score, though True == 1
    with pytest.raises(SchemeError, match="score"):
        scheme.validate()


_SCORES = st.one_of(st.none(), st.floats(allow_nan=False, allow_infinity=False), st.sampled_from([0.0, -0.0, 1.0, 0.5]),
                    st.integers(-3, 3), st.booleans())


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["content", "boilerplate", "blank", "unclassified"]), _SCORES,
                          st.sampled_from(["", "body sentence", "반복 줄 ✓", 'quote " and \\ and \n', "\u2028"])),
                max_size=12), st.randoms())
def test_packed_lines_are_the_json_of_their_lists(lines, rng):
    import json

    from annotator.core.line_kinds import KIND_LETTERS, pack_lines
    from annotator.core.model import LineSegment

    segments = [LineSegment(no, 0, 0, kind, score, reason) for no, (kind, score, reason) in enumerate(lines, 1)]
    rng.shuffle(segments)
    for _ in range(2):  # the second time from the encodings kept by the first
        assert pack_lines(segments) == ("".join(KIND_LETTERS[k] for k, _, _ in lines),
                                        json.dumps([s for _, s, _ in lines], allow_nan=False),
                                        json.dumps([r for _, _, r in lines], ensure_ascii=False))


def test_packed_lines_refuse_scores_json_cannot_hold():
    from annotator.core.line_kinds import pack_lines
    from annotator.core.model import LineSegment

    for bad in (float("nan"), float("inf")):
        for _ in range(2):
            with pytest.raises(ValueError):
                pack_lines([LineSegment(1, 0, 0, "content", bad, "")])


def _page_today_scanning_every_line(text):
    from annotator.core.article_meta import FULL_DATE, _from_match

    for line in text.split("\n", 400)[:400]:
        match = FULL_DATE.fullmatch(line.strip(" •·\t"))
        if match and match.group("wd"):
            return _from_match(match, int(match.group("y")))[:10]
    return ""


_META_PARTS = ["2024.09.02", "2025.11.06 (목)", "19", "20", "(목)", "10:00", " ", "\n", "\t", "•", "·", " - ", " | ",
               ":", "<", "CWN", "중기부 차관 방문", "기자", "x"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_META_PARTS), max_size=30), st.lists(st.sampled_from(_META_PARTS), max_size=8))
def test_article_meta_prefilters_change_no_answer(parts, title_parts):
    import re

    from annotator.core import article_meta
    from annotator.core.article_meta import _outlet_from_title, _page_today

    text, title = "".join(parts), "".join(title_parts)
    assert _page_today(text) == _page_today_scanning_every_line(text)
    headline_page = f"{title}\n중기부 차관 방문\n{text}"
    cases = [(title, text), (f"CWN{title} - 중기부 차관 방문", headline_page)]
    filtered = [_outlet_from_title(*case) for case in cases]
    prefilter, article_meta._TITLE_SEPARATOR_CHARS = article_meta._TITLE_SEPARATOR_CHARS, re.compile("")
    try:  # a prefilter that lets every title through: the split decides alone, as before
        assert filtered == [_outlet_from_title(*case) for case in cases]
    finally:
        article_meta._TITLE_SEPARATOR_CHARS = prefilter


def test_imported_spans_in_any_order_keep_their_relations_and_ties_keep_input_order(project, tmp_path):
    text = "중기부 장관이 강원 특구를 방문했다."
    entities = [  # out of order; the two at [0, 3) tie: the first given is kept, the second overlaps it
        {"id": "z", "start_offset": 8, "end_offset": 13, "label": "LOC"},
        {"id": "m", "start_offset": 0, "end_offset": 3, "label": "ORG"},
        {"id": "t", "start_offset": 0, "end_offset": 3, "label": "PERSON"},
        {"id": "k", "start_offset": 4, "end_offset": 6, "label": "TITLE"},
    ]
    relations = [{"from_id": "k", "to_id": "m", "type": "belongs_to"},
                 {"from_id": "t", "to_id": "z", "type": "located_in"}]  # its head was not imported
    path = tmp_path / "labelled.jsonl"
    path.write_text(json.dumps({"text": text, "entities": entities, "relations": relations}, ensure_ascii=False)
                    + "\n", encoding="utf-8")
    report = import_paths(project, [path], add_labels=True)
    assert report.spans == 3 and report.relations == 1
    assert [p.split(": ", 1)[1] for p in report.problems] == [
        "span [0, 3) PERSON overlaps span [0, 3]; span skipped",
        "relation located_in refers to a span that was not imported; skipped"]
    doc_id = report.document_ids[0]
    spans = project.spans(doc_id, all_layers=True)
    assert [(s.start, s.end, s.label) for s in spans] == [(0, 3, "ORG"), (4, 6, "TITLE"), (8, 13, "LOC")]
    by_id = {s.id: s for s in spans}
    (relation,) = project.relations(doc_id, all_layers=True)
    assert (by_id[relation.head_id].label, by_id[relation.tail_id].label, relation.label) == \
        ("TITLE", "ORG", "belongs_to")
    assert [s.id for s in spans] == sorted(s.id for s in spans)  # ids follow the text order


def test_closing_the_segmenter_processes_ends_them_all_and_kills_one_that_hangs(project, monkeypatch):
    import os
    import signal

    from annotator.io.importers import segmenting

    monkeypatch.setattr(segmenting, "CLOSE_TIMEOUT_S", 1.0)
    processes = segmenting.ProcessSegmenter(project, 3)
    children = list(processes.children)
    for _ in children:  # one round trip each: every child is up (a slow start under load is not a hang)
        processes.send([], [])
    assert [processes.receive() for _ in children] == [([], [])] * 3
    os.kill(children[1].process.pid, signal.SIGSTOP)  # it will never read its stop message
    processes.close()
    assert [c.process.returncode for c in children] == [0, -signal.SIGKILL, 0]
    assert not any(c.reader.is_alive() for c in children)


def test_a_new_project_is_durable_when_open_returns_and_later_commits_are_synced(tmp_path):
    import sqlite3

    from annotator.store import Project, schema

    path = tmp_path / "new.db"
    with Project.open(path, "kim") as project:
        assert project.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL again
        # built under NORMAL, then checkpointed: everything is in the database file, the WAL is empty
        assert (tmp_path / "new.db-wal").stat().st_size == 0
        raw = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)  # the file alone, without the WAL
        try:
            assert schema.user_version(raw) == schema.SCHEMA_VERSION
            assert raw.execute("SELECT COUNT(*) FROM labels").fetchone()[0] > 0
            assert raw.execute("SELECT name FROM reviewers").fetchall() == [("kim",)]
        finally:
            raw.close()
    with Project.open(path, "kim") as again:  # an existing file is opened under FULL from the start
        assert again.conn.execute("PRAGMA synchronous").fetchone()[0] == 2


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(st.characters(), st.sampled_from(["\ud800", "\udfff", "\ud83d\ude00", "가", "\ue000", "😀"])),
                max_size=40).map("".join))
def test_has_surrogates_says_what_the_utf8_encoder_refuses(text):
    from annotator.core.text import has_surrogates

    try:
        text.encode("utf-8")
        encodable = True
    except UnicodeEncodeError:
        encodable = False
    assert has_surrogates(text) is not encodable


_TEXTS = st.text(alphabet=st.one_of(st.sampled_from("가나 다\n\r.a\x00\u00e9\U0001f600"), st.characters()), min_size=1,
                 max_size=60)


@settings(max_examples=500, deadline=None)
@given(_TEXTS)
def test_utf8_and_sha256_is_the_text_hash_and_its_strict_encoding(text):
    from annotator.core.text import text_sha256, utf8_and_sha256

    data, sha = utf8_and_sha256(text)
    assert sha == text_sha256(text)
    try:
        expected = text.encode("utf-8")
    except UnicodeEncodeError:
        expected = None
    assert data == expected


@settings(max_examples=300, deadline=None)
@given(_TEXTS, st.booleans())
def test_a_jsonl_record_carries_the_utf8_of_its_very_text_or_none(text, labelled):
    """The JSONL parser encodes the text to refuse surrogates and hands the bytes on: they are always the text
    after its NUL and newline repairs (or None), and a text with surrogates is refused as before."""
    from pathlib import Path

    from annotator.core.model import NewDocument
    from annotator.core.text import has_surrogates
    from annotator.io.importers import jsonl

    record = {"text": text, **({"label": [[0, 1, "ORG"]]} if labelled else {})}
    items = list(jsonl.parse(Path("x.jsonl"), [json.dumps(record)]))
    docs = [item for item in items if isinstance(item, NewDocument)]
    if not text.replace("\x00", " ").strip() or has_surrogates(text):  # NULs become spaces: blank is refused
        assert docs == []
        return
    (doc,) = docs
    assert doc.text == text.replace("\x00", " ").replace("\r\n", "\n").replace("\r", "\n")
    assert doc.utf8 is None or doc.utf8 == doc.text.encode("utf-8")


@settings(max_examples=25, deadline=None)  # each example is an import, half of them with a segmenter process
@given(st.lists(_TEXTS, min_size=1, max_size=6), st.booleans())
@example(["\x00"], False)  # a text of NULs only is blank once they are spaces: refused, not stored as " "
def test_texts_sent_and_stored_as_utf8_bytes_are_stored_as_the_same_text(tmp_path_factory, texts, processes):
    """Through the segmenter processes or not: every text comes back as TEXT, equal to what was imported,
    hashed as before; a text with lone surrogates is still refused with the same message."""
    from annotator.core.text import has_surrogates, text_sha256
    from annotator.store import Project

    folder = tmp_path_factory.mktemp("utf8")
    path = folder / "texts.jsonl"
    # json.dumps escapes lone surrogates as \udxxx, which the JSONL reader refuses per line
    path.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts), encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(runner, "PROCESS_MIN_BYTES", 0 if processes else 1 << 60)
        mp.setattr(runner, "SEGMENTER_PROCESSES", 1)
        with Project.open(folder / "p.db", "tester") as project:
            report = import_paths(project, [path])
            rows = project.conn.execute("SELECT text, typeof(text), sha256, text_length FROM documents"
                                        " ORDER BY id").fetchall()
    expected = []
    for text in texts:
        text = text.replace("\x00", " ").replace("\r\n", "\n").replace("\r", "\n")
        if text.strip() and not has_surrogates(text) and text not in expected:
            expected.append(text)
    assert [r[0] for r in rows] == expected
    assert all(kind == "text" and sha == text_sha256(text) and n == len(text) for text, kind, sha, n in rows)
    assert report.imported == len(expected)


_JSON_VALUES = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=5),
                            lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner,
                                                                                        max_size=3), max_leaves=8)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.text(max_size=4), _JSON_VALUES, max_size=3), st.booleans())
def test_stored_meta_is_its_json_and_an_empty_one_is_checked_as_before(meta, utf8):
    """The store writes an empty meta as "{}" without encoding it; the JSONL reader skips its checks for it."""
    from pathlib import Path

    from annotator.core.model import NewDocument
    from annotator.core.text import utf8_and_sha256
    from annotator.io.importers import jsonl
    from annotator.store.project import document_values

    doc = NewDocument(text="본문", meta=meta)
    if utf8:
        doc.utf8, doc.sha256 = utf8_and_sha256(doc.text)
    row = document_values(doc, "stamp")
    assert row[-3] == json.dumps(meta, ensure_ascii=False, allow_nan=False)
    assert row[-1] == (doc.utf8 if utf8 else doc.text)
    items = list(jsonl.record_to_items(Path("f.jsonl"), 1, {"text": "본문", "meta": meta}))
    assert len(items) == 1 and items[0].meta == meta
