"""The import's cheaper checks (NULs looked for in the UTF-8, a plain record's labels and article keys found absent
with one check, the first line found without splitting the text) store exactly what the look-up-every-key paths
store: every table's rows, every problem with its FILE:LINE, in the same order. The look-up-every-key code is the
oracle: the tests run it by turning the shortcut off."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings, strategies as st

from annotator.core.model import NewDocument
from annotator.io.importers import import_paths, jsonl, jsonl_labels, runner
from annotator.io.importers.base import MAX_TITLE_CHARS, first_line_title
from annotator.store import Project, bulk_insert, imported_labels
from annotator.store.project import document_values

LABELS = ("ORG", "PERSON", "LOC", " LOC", "", "NOT_IN_SCHEME")


def entry(draw, text_length: int):
    """A doccano [start, end, label] entry, now and then of another shape."""
    kind = draw(st.integers(0, 30))
    start = draw(st.integers(-1, text_length + 1))
    end = draw(st.integers(-1, text_length + 1))
    if kind == 0:
        return [start, end]
    if kind == 1:
        return [float(start), end, "ORG"]
    if kind == 2:
        return [True, end, "ORG"]
    if kind == 3:
        return [start, end, 7]
    if kind == 4:
        return [start, end, "ORG", "extra"]
    if kind == 5:
        return {"start": start}
    return [start, end, draw(st.sampled_from(LABELS[:3] if kind > 12 else LABELS))]


@st.composite
def labelled_records(draw):
    """JSONL lines: plain records, doccano `label` records (mostly clean, in order or not), `entities` records
    with relations, texts with CRLF or NUL, blank and broken lines."""
    lines = []
    for n in range(draw(st.integers(1, 10))):
        kind = draw(st.integers(0, 12))
        text = f"{n}번 " + draw(st.text(alphabet="가나다 ab", min_size=1, max_size=30))
        if kind == 0:
            lines.append("{broken")
            continue
        if kind == 1:
            lines.append("")
            continue
        if kind == 2:
            text = text.replace(" ", "\r\n", 1)
        if kind == 3:
            text += "\x00"
        if kind in (5, 6):  # a plain record, now and then with an outlet or a date of its own
            extra = {"press": "신문", "date": 5} if kind == 6 else {}
            lines.append(json.dumps({"text": text, **extra}, ensure_ascii=False))
            continue
        if kind == 4:  # entities with relations (doccano's other shape)
            ents = [{"id": i, "start_offset": 2 * i, "end_offset": 2 * i + 1, "label": "ORG"}
                    for i in range(draw(st.integers(0, 4)))]
            rels = [{"from_id": 0, "to_id": i, "type": "belongs_to"} for i in range(1, len(ents))]
            lines.append(json.dumps({"text": text, "entities": ents, "relations": rels}, ensure_ascii=False))
            continue
        if draw(st.booleans()):  # clean and in order: the whole-list path takes all of it
            cuts = sorted(draw(st.sets(st.integers(0, len(text)), max_size=8)))
            spans = [[a, b, draw(st.sampled_from(LABELS[:3]))] for a, b in zip(cuts[::2], cuts[1::2]) if a < b]
            if draw(st.booleans()):
                spans = draw(st.permutations(spans))
        else:
            spans = [entry(draw, len(text)) for _ in range(draw(st.integers(0, 8)))]
        lines.append(json.dumps({"text": text, "label": spans}, ensure_ascii=False))
    return lines


def rows_of_every_table(db: Path) -> dict[str, list]:
    """Every row of every table (time stamps left out: two runs differ only in them)."""
    conn = sqlite3.connect(db)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        out = {}
        for name in tables:
            cols = [r[1] for r in conn.execute(f'PRAGMA table_info("{name}")') if not r[1].endswith("_at")]
            out[name] = sorted(map(repr, conn.execute(f'SELECT {",".join(f"{chr(34)}{c}{chr(34)}" for c in cols)}'
                                                       f' FROM "{name}"')))
        return out
    finally:
        conn.close()


def import_lines(folder: Path, lines: list[str], *, add_labels: bool, check=None) -> tuple[dict, dict]:
    """Import the lines into a new project in `folder`: the report and every table. check(project): after."""
    path, db = folder / "in.jsonl", folder / "p.db"
    for old in folder.glob("p.db*"):  # the same file names both times: layer names and messages hold them
        old.unlink()
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with Project.open(db, "tester") as project:
        report = import_paths(project, [path], add_labels=add_labels)
        if check is not None:
            check(project)
    return report.as_dict(), rows_of_every_table(db)


def run_import(folder: Path, lines: list[str], *, shortcuts: bool, monkeypatch, add_labels: bool):
    """Import the lines into a new project in `folder`; the plain-record shortcut on or off."""
    with monkeypatch.context() as m:
        if not shortcuts:
            m.setattr(jsonl_labels, "LABEL_KEYS", frozenset(("text",)))  # every record has it: no shortcut
        return import_lines(folder, lines, add_labels=add_labels)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(labelled_records(), st.booleans(), st.booleans())
def test_the_shortcuts_store_every_table_as_the_look_ups_of_every_key(tmp_path_factory, monkeypatch, lines,
                                                                      add_labels, bulk):
    monkeypatch.setattr(runner, "CHUNK_DOCS", 3)
    monkeypatch.setattr(imported_labels, "BULK_MIN_ROWS", 1 if bulk else 1 << 40)
    monkeypatch.setattr(bulk_insert, "ROWS_PER_STATEMENT", 3)
    folder = tmp_path_factory.mktemp("import")
    reference = run_import(folder, lines, shortcuts=False, monkeypatch=monkeypatch, add_labels=add_labels)
    report, tables = run_import(folder, lines, shortcuts=True, monkeypatch=monkeypatch, add_labels=add_labels)
    assert report == reference[0]
    assert tables == reference[1]
    assert all(p.startswith(f"{folder / 'in.jsonl'}:") for p in report["problems"])


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(" \t가a\x00\r\n\ud800"), max_size=8))
@example("\x00\ud800")
@example("\x00 \x00")
@example(" \ud800 ")
def test_jsonl_text_checks_keep_their_order_with_the_nul_looked_for_in_the_utf8(text):
    """Empty (NULs count as spaces) before an unpaired surrogate, then NULs replaced: as when the NUL was looked for
    in the text."""
    items = list(jsonl.record_to_items(Path("f.jsonl"), 4, {"text": text}))
    if not text.strip() or ("\x00" in text and not text.replace("\x00", " ").strip()):
        expected = ["record has an empty \"text\"; line skipped"]
    elif any(0xD800 <= ord(ch) <= 0xDFFF for ch in text):
        expected = ["text holds an unpaired UTF-16 surrogate escape (not valid Unicode); line skipped"]
    else:
        expected = ["NUL characters in \"text\" replaced with spaces"] if "\x00" in text else []
        expected.append(text.replace("\x00", " ").replace("\r\n", "\n").replace("\r", "\n"))
    assert [getattr(item, "message", None) or item.text for item in items] == expected
    doc = items[-1]
    if isinstance(doc, NewDocument) and doc.utf8 is not None:
        assert doc.utf8 == doc.text.encode("utf-8")


@pytest.mark.parametrize("utf8", [True, False])
def test_a_nul_in_a_text_is_refused_by_the_store_whether_its_utf8_is_given_or_not(utf8):
    for text, refused in (("가\x00나", True), ("가 나", False)):
        doc = NewDocument(text, utf8=text.encode("utf-8") if utf8 else None)
        if refused:
            with pytest.raises(ValueError, match="NUL"):
                document_values(doc, "now")
        else:
            assert document_values(doc, "now")[-1] == (text.encode("utf-8") if utf8 else text)


def _first_line_title_by_split(text: str) -> str:
    for line in text.split("\n", 50):
        line = line.strip()
        if line:
            return line[:MAX_TITLE_CHARS]
    return ""


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=" \n\t\u3000a가", max_size=400))
@example("\n" * 50 + " a\nb")
@example("\n" * 51 + "a")
@example("\n" * 50 + " a \n b")
def test_the_first_line_title_is_the_first_nonblank_piece_of_split_at_50_newlines(text):
    assert first_line_title(text) == _first_line_title_by_split(text)


KEYS = ("entities", "spans", "relations", "label", "labels", "date", "press", "media", "meta", "title", "x")


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(KEYS), st.one_of(st.none(), st.text("ab", max_size=2), st.just([]),
                                                         st.just([[0, 1, "ORG"]]), st.just({"a": 1}),
                                                         st.just({"press": "p", "date": 5}))))
def test_a_record_without_label_or_article_keys_reads_as_one_with_them_looked_up_one_by_one(extra):
    """The one-check shortcuts for plain records: the same labels, and the same meta with its keys in the same
    order, as looking up every key."""
    record = {"text": "가나다", **extra}
    def labels():
        try:
            return jsonl_labels.read_labels(record)
        except jsonl_labels.LabelError as exc:
            return str(exc)

    with pytest.MonkeyPatch.context() as m:
        m.setattr(jsonl_labels, "LABEL_KEYS", frozenset(("text",)))  # every record has it: no shortcut
        looked_up = labels()
    assert labels() == looked_up
    meta = record.get("meta")
    meta = dict(meta) if isinstance(meta, dict) else ({} if meta is None else {"meta": meta})
    for key in jsonl.ARTICLE_KEYS:
        if isinstance(record.get(key), str):
            meta.setdefault(key, record[key])
    docs = [i for i in jsonl.record_to_items(Path("f.jsonl"), 1, record) if isinstance(i, NewDocument)]
    assert list(docs[0].meta.items()) == list(meta.items())
