"""Annotation layers: the v1 -> v2 migration on a file with data, import attribution, per-layer rules, copying
between layers and the layer choice of exports."""

from __future__ import annotations

import sqlite3

import pytest

from annotator.core.layers import import_layer_name, merge_layers, Layer
from annotator.core.model import NewDocument, NewRelation, NewSpan, Span
from annotator.store import AnnotationError, Project, ProjectError, schema

TEXT = "중기부는 강원에 특구를 지정했다. 김철수 장관이 참석했다."
IMPORTED_AT = "2026-01-05T10:00:00+00:00"
LABELLED_AT = "2026-01-06T09:30:00+00:00"


def _v1_file(path):
    """A v1 project as the previous release wrote it: samples imported with labels at first launch (stored
    under the first reviewer, at the documents' import time), then labels the reviewer added a day later."""
    conn = sqlite3.connect(path)
    for statement in schema._split_statements(schema.SCHEMA_V1):
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    q = conn.execute
    q("INSERT INTO reviewers(id, name, created_at) VALUES (1, 'kim', ?), (2, 'lee', ?)", (IMPORTED_AT, LABELLED_AT))
    q("INSERT INTO labels(id, kind, name) VALUES (1, 'entity', 'ORG'), (2, 'entity', 'LOC'), (3, 'entity', 'PERSON'),"
      " (4, 'entity', 'TITLE'), (10, 'relation', 'located_in'), (11, 'relation', 'holds_title')")
    for doc_id, source in ((1, "seeds_labelled.jsonl"), (2, "")):
        q("INSERT INTO documents(id, title, source, sha256, text_length, created_at, text) VALUES (?,?,?,?,?,?,?)",
          (doc_id, f"doc {doc_id}", source, f"sha{doc_id}", len(TEXT), IMPORTED_AT, TEXT))
        q("INSERT INTO doc_state(doc_id, updated_at) VALUES (?, ?)", (doc_id, LABELLED_AT))
    spans = [  # id, doc, start, end, label, reviewer, created
        (1, 1, 0, 3, 1, 1, IMPORTED_AT), (2, 1, 5, 7, 2, 1, IMPORTED_AT),  # imported with doc 1
        (3, 1, 19, 22, 3, 1, LABELLED_AT), (4, 1, 23, 25, 4, 1, LABELLED_AT),  # kim's own work
        (5, 2, 0, 3, 1, 1, IMPORTED_AT),  # imported with doc 2 (no source)
        (6, 2, 5, 7, 2, 2, LABELLED_AT),  # lee's
    ]
    q_many = conn.executemany
    q_many('INSERT INTO spans(id, doc_id, start, "end", label_id, reviewer_id, created_at) VALUES (?,?,?,?,?,?,?)',
           spans)
    q_many("INSERT INTO relations(id, doc_id, head_id, tail_id, label_id, reviewer_id, created_at) VALUES (?,?,?,?,?,?,?)",
           [(1, 1, 1, 2, 10, 1, IMPORTED_AT), (2, 1, 3, 4, 11, 1, LABELLED_AT)])
    q("INSERT INTO doc_status(doc_id, reviewer_id, status, updated_at) VALUES (1, 1, 'done', ?)", (LABELLED_AT,))
    conn.commit()
    conn.close()


def test_v1_file_with_data_migrates_to_layers_and_loses_nothing(tmp_path):
    path = tmp_path / "v1.db"
    _v1_file(path)
    with Project.open(path, "kim") as p:
        assert schema.user_version(p.conn) == schema.SCHEMA_VERSION
        assert p.conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert p.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        layers = {layer.name: layer.kind for layer in p.layers()}
        assert layers == {"kim": "reviewer", "lee": "reviewer", "import:seeds_labelled.jsonl": "import",
                          "import:v1": "import"}
        by_id = {s.id: s for s in p.spans(1, all_layers=True) + p.spans(2, all_layers=True)}
        assert sorted(by_id) == [1, 2, 3, 4, 5, 6]  # ids kept, so nothing that refers to them breaks
        assert (by_id[1].layer, by_id[1].reviewer) == ("import:seeds_labelled.jsonl", "")
        assert (by_id[2].layer, by_id[2].label) == ("import:seeds_labelled.jsonl", "LOC")
        assert (by_id[3].layer, by_id[3].reviewer, by_id[3].created_at) == ("kim", "kim", LABELLED_AT)
        assert by_id[5].layer == "import:v1" and by_id[6].layer == "lee"
        rels = {r.id: r for r in p.relations(1, all_layers=True)}
        assert rels[1].layer == "import:seeds_labelled.jsonl" and rels[1].reviewer == ""
        assert rels[2].layer == "kim" and (rels[2].head_id, rels[2].tail_id) == (3, 4)
        assert p.status(1) == "done"
        # The rules hold on the migrated file: edits go to kim's layer, checked against it alone.
        new = p.add_span(1, 0, 3, "ORG")  # same place as an imported entity: another layer, allowed
        assert new.layer == "kim"
        with pytest.raises(AnnotationError, match="overlaps"):
            p.add_span(1, 1, 4, "ORG")
        with pytest.raises(AnnotationError, match="one layer"):
            p.add_relation(new.id, 2, "located_in")
    with Project.open(path, "kim") as p:  # reopening does not migrate again
        assert len(p.spans(1, all_layers=True)) == 5
        # A reader takes kim's entities before the import's, the same entity once: 4 places in document 1.
        assert [(s.start, s.layer) for s in p.spans(1)] == [(0, "kim"), (5, "import:seeds_labelled.jsonl"),
                                                            (19, "kim"), (23, "kim")]


def test_cross_layer_relation_is_refused_by_the_schema_too(project):
    doc_id = project.add_documents([NewDocument(TEXT, origin="/x/a.jsonl:1", spans=[NewSpan(0, 3, "ORG")])]).imported[0]
    mine = project.add_span(doc_id, 5, 7, "LOC")
    imported = project.spans(doc_id, layer="import:a.jsonl")[0]
    rel_id = project.conn.execute("SELECT id FROM labels WHERE name = 'located_in'").fetchone()[0]
    with pytest.raises(sqlite3.IntegrityError, match="own layer"):
        project.conn.execute(
            "INSERT INTO relations(doc_id, layer_id, head_id, tail_id, label_id, created_at) VALUES (?,?,?,?,?,?)",
            (doc_id, project.layer_id, imported.id, mine.id, rel_id, "now"))


def test_imported_labels_go_to_a_layer_named_after_the_file_not_to_the_reviewer(project):
    doc = NewDocument(TEXT, origin="/data/seeds_labelled.jsonl:3", spans=[NewSpan(0, 3, "ORG"), NewSpan(5, 7, "LOC")],
                      relations=[NewRelation(0, 1, "located_in")])
    doc_id = project.add_documents([doc]).imported[0]
    spans = project.spans(doc_id)
    assert {(s.layer, s.reviewer) for s in spans} == {("import:seeds_labelled.jsonl", "")}
    assert project.spans(doc_id, layer=project.layer_name) == []
    assert [r.layer for r in project.relations(doc_id)] == ["import:seeds_labelled.jsonl"]
    assert {layer.name for layer in project.layers_of(doc_id)} == {"import:seeds_labelled.jsonl"}


def test_import_layer_names():
    assert import_layer_name("/a/b/seeds_labelled.jsonl:12") == "import:seeds_labelled.jsonl"
    assert import_layer_name("C:/data/klue.tsv:1") == "import:klue.tsv"
    assert import_layer_name("wikitree") == "import:wikitree"
    assert import_layer_name("") == "import:unknown"


def test_reviewers_label_in_their_own_layers_and_copy_from_others(db_path):
    with Project.open(db_path, "kim") as kim:
        doc_id = kim.add_documents([NewDocument(TEXT, title="t")]).imported[0]
        head = kim.add_span(doc_id, 0, 3, "ORG")
        tail = kim.add_span(doc_id, 5, 7, "LOC")
        kim.add_relation(head.id, tail.id, "located_in")
    with Project.open(db_path, "lee") as lee:
        assert lee.layer_name == "lee"
        lee.add_span(doc_id, 1, 4, "ORG")  # overlaps kim's entity: another layer, allowed
        with pytest.raises(AnnotationError, match="overlaps"):
            lee.copy_spans([head.id])
        copied, rels = lee.copy_spans([tail.id])
        assert [(s.start, s.end, s.label, s.layer, s.reviewer) for s in copied] == [(5, 7, "LOC", "lee", "lee")]
        assert rels == []  # its relation's head was not copied
        assert lee.copy_spans([tail.id]) == ([], [])  # already there
        assert len(lee.spans(doc_id, layer="kim")) == 2  # kim's layer untouched


def test_copy_brings_the_relations_among_copied_entities(project):
    doc = NewDocument(TEXT, origin="s.jsonl:1", spans=[NewSpan(0, 3, "ORG"), NewSpan(5, 7, "LOC")],
                      relations=[NewRelation(0, 1, "located_in")])
    doc_id = project.add_documents([doc]).imported[0]
    copied, rels = project.copy_spans([s.id for s in project.spans(doc_id)])
    assert len(copied) == 2 and [r.layer for r in rels] == [project.layer_name]
    ids = {s.id for s in copied}
    assert {rels[0].head_id, rels[0].tail_id} == ids


def _span(i, start, end, label, layer):
    return Span(i, 1, start, end, label, "", "", layer)


def test_merge_prefers_gold_then_reviewers_then_imports_and_removes_duplicates():
    from annotator.core.model import Relation

    layers = [Layer(1, "import", "import:a"), Layer(2, "reviewer", "kim", "kim"), Layer(3, "reviewer", "lee", "lee")]
    spans = [_span(1, 0, 3, "ORG", "import:a"), _span(2, 5, 7, "LOC", "import:a"),
             _span(3, 0, 3, "ORG", "kim"), _span(4, 4, 7, "ZONE", "kim"),
             _span(5, 0, 3, "ORG", "lee"), _span(6, 10, 12, "DATE", "lee")]
    rels = [Relation(1, 1, 1, 2, "located_in", "", "", "import:a"), Relation(2, 1, 5, 6, "on_date", "", "", "lee"),
            Relation(3, 1, 3, 6, "on_date", "", "", "kim")]
    kept, kept_rels = merge_layers(layers, spans, rels)
    assert [(s.start, s.end, s.label) for s in kept] == [(0, 3, "ORG"), (4, 7, "ZONE"), (10, 12, "DATE")]
    assert {s.layer for s in kept} == {"kim", "lee"}
    # lee's ORG is kim's ORG: its relation now starts there, and the identical one of kim is kept once.
    assert [(r.head_id, r.tail_id, r.label) for r in kept_rels] == [(3, 6, "on_date")]


def test_export_layer_choice(db_path):
    with Project.open(db_path, "kim") as kim:
        doc = NewDocument(TEXT, origin="s.jsonl:1", spans=[NewSpan(0, 3, "ORG")])
        doc_id = kim.add_documents([doc]).imported[0]
        kim.add_span(doc_id, 0, 3, "ORG")
        kim.add_span(doc_id, 5, 7, "LOC")
    with Project.open(db_path, "lee") as lee:
        lee.add_span(doc_id, 5, 7, "LOC")
        lee.add_span(doc_id, 19, 22, "PERSON")
        spans = lambda choice: [(s.start, s.label) for s in lee.annotations_in([doc_id], choice)[doc_id][0]]
        assert spans(None) == [(0, "ORG"), (5, "LOC"), (19, "PERSON")]  # union, duplicates once
        assert spans("kim") == [(0, "ORG"), (5, "LOC")]
        assert spans("import:s.jsonl") == [(0, "ORG")]
        with lee.transaction() as c:
            gold = lee.shared_layer_id(c, "gold", "gold")
            c.execute('INSERT INTO spans(doc_id, layer_id, start, "end", label_id, created_at)'
                      " SELECT ?, ?, 0, 3, id, 'now' FROM labels WHERE name = 'POLICY'", (doc_id, gold))
        assert spans(None) == [(0, "POLICY")]  # gold where it exists
        assert spans("gold") == [(0, "POLICY")]
        assert (0, "POLICY") in spans("all") and (19, "PERSON") in spans("all")
        with pytest.raises(ProjectError, match="no annotation layer named 'park'.*kim"):
            lee.resolve_layer_choice("park")


def test_stats_count_an_entity_held_by_several_layers_once(project):
    doc = NewDocument(TEXT, origin="s.jsonl:1", spans=[NewSpan(0, 3, "ORG"), NewSpan(5, 7, "LOC")],
                      relations=[NewRelation(0, 1, "located_in")])
    doc_id = project.add_documents([doc]).imported[0]
    assert project.start_from_imports(doc_id) == 2  # the reviewer's copies
    project.add_span(doc_id, 19, 22, "PERSON")
    stats = project.stats()
    assert (stats["spans"], stats["relations"]) == (3, 1)
    assert stats["by_label"]["ORG"] == 1 and stats["by_label"]["PERSON"] == 1
    # by the relation's own label (the head's and tail's labels are ORG and LOC), once for both layers
    assert stats["by_relation"]["located_in"] == 1 and sum(stats["by_relation"].values()) == 1
    assert stats["by_layer"]["import:s.jsonl"] == {"kind": "import", "spans": 2, "relations": 1}
    assert stats["by_layer"][project.layer_name] == {"kind": "reviewer", "spans": 3, "relations": 1}
    assert project.start_from_imports(doc_id) == 0  # once


def test_a_v2_file_keeps_its_linked_mentions_through_the_layers_migration(tmp_path):
    path = tmp_path / "v2.db"
    _v1_file(path)
    conn = sqlite3.connect(path)
    for statement in schema._split_statements(schema.MIGRATIONS[1]):  # v1 -> v2 as the previous release did
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 2")
    conn.execute("INSERT INTO entities(id, label_id, name, created_at) VALUES (1, 1, '중소벤처기업부', ?)", (LABELLED_AT,))
    conn.execute("INSERT INTO span_entities(span_id, entity_id, reviewer_id, created_at) VALUES (1, 1, 1, ?), (5, 1, 2, ?)",
                 (LABELLED_AT, LABELLED_AT))
    conn.commit()
    conn.close()
    with Project.open(path, "kim") as p:
        assert schema.user_version(p.conn) == schema.SCHEMA_VERSION
        assert p.conn.execute("SELECT span_id, entity_id FROM span_entities ORDER BY span_id").fetchall() == [(1, 1), (5, 1)]
        assert p.conn.execute("PRAGMA foreign_key_check").fetchall() == []
        p.delete_span(1)  # the link still follows its span
        assert p.conn.execute("SELECT span_id FROM span_entities").fetchall() == [(5,)]
