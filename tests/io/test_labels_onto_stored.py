"""A labelled file whose documents the project holds already (imported plain first, say, then labelled in another
tool) brings its labels onto the stored copies, each into its file's import layer, exactly as a fresh import of
that file stores them; the same file imported again adds nothing, and a reviewer's own labels are left alone."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.io.importers import import_paths
from annotator.store.project import Project

WORDS = ["중소벤처기업부", "강원", "규제자유특구", "세종시", "자율주행", "특구", "지정", "2024년", "120억 원", "장관"]


def _write(path, records):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")


def _layer_spans(project, layer):
    """{document text: sorted (start, end, label)} of one layer."""
    rows = project.conn.execute(
        "SELECT d.text, s.start, s.\"end\", lb.name FROM spans s JOIN layers l ON l.id = s.layer_id"
        " JOIN documents d ON d.id = s.doc_id JOIN labels lb ON lb.id = s.label_id WHERE l.name = ?", (layer,))
    found: dict[str, list] = {}
    for text, start, end, label in rows:
        found.setdefault(text, []).append((start, end, label))
    return {text: sorted(spans) for text, spans in found.items()}


def _layer_relations(project, layer):
    return sorted(project.conn.execute(
        "SELECT d.text, h.start, t.start, lb.name FROM relations r JOIN layers l ON l.id = r.layer_id"
        " JOIN documents d ON d.id = r.doc_id JOIN spans h ON h.id = r.head_id JOIN spans t ON t.id = r.tail_id"
        " JOIN labels lb ON lb.id = r.label_id WHERE l.name = ?", (layer,)))


@st.composite
def labelled_records(draw):
    """Records of distinct texts made of WORDS, with spans on word bounds (some out of range or overlapping)."""
    texts = draw(st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=6).map(" ".join),
                          min_size=1, max_size=6, unique=True))
    records = []
    for text in texts:
        starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == " "]
        spans = []
        for start in draw(st.lists(st.sampled_from(starts), max_size=4)):
            end = text.find(" ", start)
            end = len(text) if end < 0 else end
            end += draw(st.sampled_from([0, 0, 0, 5]))  # now and then past the text: a problem, not a crash
            spans.append([start, end, draw(st.sampled_from(["ORG", "LOC", "ZONE"]))])
        records.append({"text": text, "label": spans})
    return records


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records=labelled_records(), plain_first=st.lists(st.booleans(), min_size=6, max_size=6))
def test_labels_of_copies_land_as_a_fresh_import_stores_them(tmp_path_factory, records, plain_first):
    folder = tmp_path_factory.mktemp("onto")
    plain, labelled = folder / "plain.jsonl", folder / "labels.jsonl"
    _write(plain, [{"text": r["text"]} for r, first in zip(records, plain_first) if first] or [{"text": "다른 글"}])
    _write(labelled, records)
    with Project.open(folder / "fresh.db", "kim") as fresh:  # the oracle: the labelled file into a new project
        fresh_report = import_paths(fresh, [labelled])
        expected = _layer_spans(fresh, "import:labels.jsonl")
    with Project.open(folder / "p.db", "kim") as project:
        import_paths(project, [plain])
        report = import_paths(project, [labelled])
        assert _layer_spans(project, "import:labels.jsonl") == expected
        assert report.spans + report.stored_spans == fresh_report.spans
        assert len(report.problems) == len(fresh_report.problems)
        again = import_paths(project, [labelled])  # the same file again: nothing more
        assert _layer_spans(project, "import:labels.jsonl") == expected
        assert again.imported == 0 and again.stored_labelled == [] and again.stored_spans == 0


def test_relations_come_along_and_a_reviewers_labels_stay(tmp_path):
    text = "중소벤처기업부 장관은 강원 규제자유특구를 지정했다."
    plain, labelled = tmp_path / "plain.jsonl", tmp_path / "team.jsonl"
    _write(plain, [{"text": text}])
    _write(labelled, [{"text": text, "entities": [{"id": 1, "start_offset": 0, "end_offset": 7, "label": "ORG"},
                                                   {"id": 2, "start_offset": 12, "end_offset": 14, "label": "LOC"}],
                       "relations": [{"from_id": 1, "to_id": 2, "type": "located_in"}]}])
    with Project.open(tmp_path / "p.db", "kim") as project:
        import_paths(project, [plain])
        doc_id = project.document_ids()[0]
        project.add_span(doc_id, 12, 18, "ZONE")  # the reviewer's own, in her layer
        report = import_paths(project, [labelled], add_labels=True)
        assert report.stored_labelled == [doc_id] and report.stored_spans == 2 and report.stored_relations == 1
        assert report.duplicates == [f"{labelled}:1: duplicate of document {doc_id}; its 2 entities and 1 relation"
                                     " added to the stored copy, in layer import:team.jsonl"]
        assert _layer_spans(project, "import:team.jsonl") == {text: [(0, 7, "ORG"), (12, 14, "LOC")]}
        assert _layer_relations(project, "import:team.jsonl") == [(text, 0, 12, "located_in")]
        assert [(s.start, s.end, s.label) for s in project.spans(doc_id, project.layer_name)] == [(12, 18, "ZONE")]


def test_a_copy_whose_layer_holds_labels_keeps_them_and_says_so(tmp_path):
    text = "세종시는 자율주행 특구를 운영한다."
    first, second = tmp_path / "a" / "labels.jsonl", tmp_path / "b" / "labels.jsonl"
    first.parent.mkdir()
    second.parent.mkdir()
    _write(first, [{"text": text, "label": [[0, 3, "LOC"]]}])
    _write(second, [{"text": text, "label": [[5, 9, "FIELD"]]}])  # another file of the same name
    with Project.open(tmp_path / "p.db", "kim") as project:
        import_paths(project, [first])
        report = import_paths(project, [second])
        assert report.stored_labelled == [] and report.stored_spans == 0
        assert report.duplicates == [f"{second}:1: duplicate of document 1; its 1 entity not imported (the stored"
                                     " copy holds labels of import:labels.jsonl already)"]
        assert _layer_spans(project, "import:labels.jsonl") == {text: [(0, 3, "LOC")]}
