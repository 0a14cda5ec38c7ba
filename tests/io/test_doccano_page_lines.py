"""doccano's lines that SQLite builds (doccano.PageLines over Project.doccano_line_parts): which documents take that
path, and that each of its lines is byte for byte the general path's json.dumps of the record."""

from __future__ import annotations

import json

import pytest

from annotator.core.model import LineSegment, NewDocument, NewSpan
from annotator.io.exporters import doccano
from annotator.io.exporters.common import iter_export_docs
from annotator.store import Project
from annotator.store.errors import CorruptDatabaseError

DUMPS = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _segments(text: str, kinds: list[str]) -> list[LineSegment]:
    out, start = [], 0
    for no, (line, kind) in enumerate(zip(text.split("\n"), kinds), 1):
        out.append(LineSegment(no, start, start + len(line), kind))
        start += len(line) + 1
    return out


@pytest.fixture
def project(tmp_path):
    zone_text = "특구 지정은 2024년 7월에\n특구 위원회가 \"심의\"했다"
    docs = [
        # ZONE and DATE (no label whose canonical name reads the context), every line content
        NewDocument(zone_text, title="특구", source="a", ext_id="z-1",
                    spans=[NewSpan(0, 2, "ZONE"), NewSpan(7, 15, "DATE"), NewSpan(17, 19, "ZONE")],
                    segments=_segments(zone_text, ["content", "content"])),
        NewDocument("표 없는 본문\t탭 \"따옴표\" \\ 끝", title="", source="b"),  # nothing to label, no line kinds
        NewDocument("중소벤처기업부가 발표했다", source="c", spans=[NewSpan(0, 7, "ORG")]),  # ORG: context names
        NewDocument("메뉴\n본문 특구", source="d", spans=[NewSpan(6, 8, "ZONE")],
                    segments=_segments("메뉴\n본문 특구", ["boilerplate", "content"])),  # a content view
        NewDocument("한 줄짜리 강원 특구 기사", source="e", spans=[NewSpan(6, 11, "ZONE")]),
    ]
    with Project.open(tmp_path / "p.db", "kim") as p:
        ids = p.add_documents(docs).imported
        p.create_entity("ZONE", "강원 규제자유특구", aliases=["특구"])
        p.add_span(ids[4], 0, 1, "DATE")  # the reviewer's layer beside the import's: merged by the general path
        p.set_article_meta(ids[0], published="2024-07-26", outlet="강원일보")
        p.set_status(ids[1], "done")
        yield p, ids


def _general_lines(p, ids, **options) -> dict[int, bytes]:
    return {item.doc.id: (DUMPS(doccano.record(item)) + "\n").encode("utf-8")
            for item in iter_export_docs(p, status="all", doc_ids=ids, text_json=True, **options)}


def test_page_documents_are_written_from_sqlite_as_the_general_path_writes_them(project):
    p, ids = project
    made = doccano.PageLines(p, False, None)(ids)
    assert set(made) == {ids[0], ids[1]}  # not: context names, a content view, two layers
    general = _general_lines(p, ids)
    for doc_id, (line, entities, relations) in made.items():
        assert line == general[doc_id]
        assert (entities, relations) == (len(json.loads(line)["entities"]), 0)
    record = json.loads(made[ids[0]][0])
    assert [e["canonical_id"] for e in record["entities"]] == [
        "ZONE:강원_규제자유특구", "DATE:2024년_7월", "ZONE:강원_규제자유특구"]  # the catalogue's name for 특구
    assert record["meta"]["published"] == "2024-07-26" and record["meta"]["content_only"] is True
    assert json.loads(made[ids[1]][0])["meta"]["status"] == "done"


def test_with_the_boilerplate_every_unmerged_document_is_a_page(project):
    p, ids = project
    made = doccano.PageLines(p, True, None)(ids)
    assert set(made) == {ids[0], ids[1], ids[3]}
    general = _general_lines(p, ids, include_boilerplate=True)
    assert all(line == general[doc_id] for doc_id, (line, _, _) in made.items())


def test_a_reviewers_layer_alone_is_written_from_sqlite(project):
    p, ids = project
    made = doccano.PageLines(p, False, "kim")(ids)
    general = _general_lines(p, ids, layer="kim")
    assert ids[4] in made and json.loads(made[ids[4]][0])["entities"][0]["label"] == "DATE"
    assert all(line == general[doc_id] for doc_id, (line, _, _) in made.items())


def test_the_whole_export_equals_the_general_path(project, tmp_path):
    p, ids = project
    out = tmp_path / "out.jsonl"
    report = doccano.export(p, out=out, status="all")
    assert out.read_bytes() == b"".join(_general_lines(p, ids).values())
    assert (report.documents, report.spans) == (5, 7)


def test_a_text_that_no_longer_matches_its_checksum_stops_the_export(project, tmp_path):
    p, ids = project
    p.conn.execute("DROP TRIGGER documents_text_immutable")
    p.conn.execute("UPDATE documents SET text = replace(text, '본문', '본믄') WHERE id = ?", (ids[1],))
    p.conn.commit()
    with pytest.raises(CorruptDatabaseError, match=f"document {ids[1]} does not match its checksum"):
        doccano.PageLines(p, False, None)(ids)
    out = tmp_path / "out.jsonl"
    with pytest.raises(CorruptDatabaseError):
        doccano.export(p, out=out, status="all")
    assert not out.exists()


def test_a_linked_mention_takes_its_entitys_name_over_the_catalogue_and_its_text(project):
    p, ids = project
    first, second = (r[0] for r in p.conn.execute("SELECT id FROM spans WHERE doc_id = ? AND start IN (0, 17)"
                                                  " ORDER BY start", (ids[0],)))  # both 특구 (ZONE)
    p.link_span(first, p.create_entity("ZONE", "대덕 연구개발 특구"))
    gangwon = p.conn.execute("SELECT id FROM entities WHERE name = '강원 규제자유특구'").fetchone()[0]
    p.link_span(second, gangwon)  # 특구 is the catalogue's alias of this one again: only the link names the first
    made = doccano.PageLines(p, False, None)(ids)
    assert made[ids[0]][0] == _general_lines(p, ids)[ids[0]]
    entities = {e["id"]: e["canonical_id"] for e in json.loads(made[ids[0]][0])["entities"]}
    assert (entities[first], entities[second]) == ("ZONE:대덕_연구개발_특구", "ZONE:강원_규제자유특구")
