"""Edges of the labelled formats that the campaign's forced-format and mutation cases reached: a CoNLL tag whose
label was cut off ("B-", "E-", "I_") was stored as an entity labelled "B-" (with --add-labels) or refused the
document's labels for an unknown label; it is now read as O and said, and the token stays in the text."""

from __future__ import annotations

import pytest

from annotator.io.importers import import_paths
from tests.store_invariants import assert_store_invariants, stored_documents


@pytest.mark.parametrize("tag", ["B-", "I-", "E-", "S-", "I_", "B_"])
def test_a_prefix_without_its_label_is_read_as_outside(project, tmp_path, tag):
    path = tmp_path / "cut.conll"
    path.write_text(f"강원도\tB-LOC\n특구\t{tag}\n지정\tO\n\n김철수\tS-PERSON\n", encoding="utf-8")
    report = import_paths(project, [path], add_labels=True)
    assert report.problems == [f"{path}:2: the tag {tag!r} names no label; the token is read as O"]
    assert stored_documents(project.path) == {"강원도 특구 지정": ({(0, 3, "LOC")}, set()),
                                              "김철수": ({(0, 3, "PERSON")}, set())}
    assert {label.name for label in project.scheme().entities} >= {"LOC", "PERSON"}
    assert not any(label.name.rstrip("-_") != label.name for label in project.scheme().entities)
    assert_store_invariants(project.path)
