"""Session 27's trims of the suggestion path give what the code they replaced gave (tests/nlp/suggest/
session27_oracle.py): drop_overlapping by a sweep over the labels by start, the dictionary's candidates labelled in
one pass, and a project's labels read for many documents at once (preannotate.labelled_spans) for its dictionary,
its fit keys and its calibration."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from annotator.core.model import NewDocument, NewSpan
from annotator.core.suggestions import NewSuggestion
from annotator.nlp import preannotate
from annotator.nlp.suggest.base import drop_overlapping
from annotator.nlp.suggest.dictionary import EntityDictionary
from annotator.store import Project
from tests.nlp.suggest import session27_oracle as oracle

_bounds = st.integers(-3, 60)


@st.composite
def _suggestions(draw):
    spans = draw(st.lists(st.tuples(st.integers(0, 58), st.integers(1, 12)), max_size=25))
    return [NewSuggestion(a, a + n, "ORG", "dictionary", 0.5, "") for a, n in spans]


@settings(max_examples=400, deadline=None)
@given(_suggestions(), st.lists(st.tuples(_bounds, _bounds), max_size=12))
def test_property_drop_overlapping_keeps_what_the_old_one_kept(suggestions, taken):
    # taken spans of every shape: empty, inverted, nested, overlapping one another
    assert drop_overlapping(suggestions, taken) == oracle.drop_overlapping(suggestions, taken)
    assert drop_overlapping(iter(suggestions), iter(taken)) == oracle.drop_overlapping(suggestions, taken)


_strings = st.sampled_from(["중기부", "강원", "강원도", "규제자유특구", "특구", "부산", "세종시", "없는말"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_strings, st.sampled_from(["ORG", "LOC", "ZONE"]), st.integers(1, 3)), max_size=12),
       st.dictionaries(_strings, st.integers(0, 9), max_size=5),
       st.lists(st.tuples(st.integers(0, 50), st.integers(1, 8), _strings), max_size=30))
def test_property_dictionary_candidates_labelled_as_before(entries, seen, kept):
    made = []
    for _ in range(2):  # the same dictionary twice: one labelled by the new code, one by the old
        dictionary = EntityDictionary()
        for text, label, count in entries:
            dictionary.add(text, label, count)
        dictionary.add_occurrence_counts(seen)
        made.append(dictionary)
    matches = [(a, a + n, key) for a, n, key in kept]
    new, old = made
    assert new._labelled(matches) == oracle.labelled(old, matches)
    assert new._labelled(matches) == oracle.labelled(old, matches)  # with the cache filled
    assert new._best_cache == old._best_cache


@pytest.fixture()
def layered(tmp_path: Path) -> Path:
    """Labels in an import layer, two reviewers' layers and a gold layer, and suggestions (never labels)."""
    path = tmp_path / "layers.db"
    texts = [f"중기부는 강원 원주시를 규제자유특구로 지정했다. ({n})\n부산 블록체인 특구와 세종시가 참여한다." for n in range(7)]
    with Project.open(path, "kim") as project:
        project.add_documents(NewDocument(text=t, spans=[NewSpan(0, 3, "ORG")] if n % 2 else []) for n, t in
                              enumerate(texts))
        ids = project.document_ids()
        project.add_span(ids[0], 5, 7, "LOC")
        project.add_span(ids[1], 5, 7, "LOC")
        project.add_span(ids[2], 13, 19, "ZONE")
        project.add_gold_span(ids[3], 5, 8, "LOC")
        project.write_suggestions({ids[4]: [NewSuggestion(0, 3, "ORG", "dictionary", 0.7, "")]})
    with Project.open(path, "lee") as project:
        project.add_span(ids[1], 5, 7, "LOC")  # the same entity in another reviewer's layer: read once
        project.add_span(ids[5], 29, 31, "LOC")
    return path


def test_labelled_spans_are_each_documents_spans(layered):
    with Project.open(layered, "kim") as project:
        ids = project.document_ids()
        expected = {doc_id: [(sp.start, sp.end, sp.label) for sp in project.spans(doc_id)] for doc_id in ids}
        assert any(expected.values())
        assert preannotate.labelled_spans(project, ids) == expected
        assert preannotate.labelled_spans(project, ids[::-1]) == expected


def test_project_dictionary_is_the_one_read_document_by_document(layered, monkeypatch):
    monkeypatch.setenv("ANNOTATOR_FIT_CACHE", "0")
    monkeypatch.setattr(preannotate, "LABELS_BATCH", 2)  # several batches of labelled documents
    with Project.open(layered, "kim") as project:
        new, old = preannotate.project_dictionary(project), oracle.project_dictionary(project)
        assert {k: dict(v) for k, v in new._counts.items()} == {k: dict(v) for k, v in old._counts.items()}
        assert new._counts and new.occurrence_counts() == old.occurrence_counts()
        assert preannotate.project_dictionary(project, project.labelled_document_ids())._counts == new._counts
