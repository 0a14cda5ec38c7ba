"""The suggestion fits kept between runs (nlp/suggest/fits.py): a Suggester built from a stored fit is the one the
run would fit itself (the dictionary's counts and occurrences, the patterns' scores, every suggestion), a changed
label is a new fit, and a corrupt, foreign or unwritable cache is never trusted."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from annotator.bench.suggest import kept_project, labelled_sample, pages
from annotator.core import user_cache
from annotator.nlp.preannotate import project_suggester
from annotator.nlp.suggest import fits
from annotator.nlp.suggest.dictionary import EntityDictionary
from annotator.nlp.suggest.patterns import PatternSource
from annotator.store import Project


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    """A project with kept tokens: the labelled sample (the dictionary, the calibration documents) and 6 pages."""
    path = tmp_path_factory.mktemp("fits") / "base.db"
    records = labelled_sample()
    kept_project(path, [f"{t.rstrip()}\n({n})" for n, t in enumerate(pages(records, 6))], records)
    return path


def state(path: Path, monkeypatch, *, cache: bool = True, all_lines: bool = False) -> dict:
    """What a run builds from the project: dictionary counts and occurrences, pattern scores, every suggestion."""
    with monkeypatch.context() as m:
        if not cache:
            m.setenv("ANNOTATOR_FIT_CACHE", "0")
        with Project.open(path, "kim") as project:
            built = project_suggester(project, sources="dictionary,patterns", all_lines=all_lines).suggester
            docs = list(project.iter_documents(project.document_ids()))
            return {
                "counts": {k: dict(v) for k, v in built.dictionary._counts.items()},
                "seen": built.dictionary.occurrence_counts(),
                "scores": [(p.label, p.id, p.score) for p in built.patterns.patterns],
                "suggestions": [[s.to_dict(d.text) for s in built.suggest(d.text).entities] for d in docs],
            }


def fit_files() -> list[Path]:
    folder = user_cache.folder("fits")
    return sorted(folder.glob("*.fit")) if folder.exists() else []


def test_a_stored_fit_builds_the_suggester_the_run_would_fit(base, monkeypatch):
    fresh = state(base, monkeypatch, cache=False)
    assert fit_files() == []  # the cache off stores nothing
    assert fresh["seen"] and any(score != 0.8 for _l, _i, score in fresh["scores"])  # both fits do something
    assert state(base, monkeypatch) == fresh  # fitted and stored
    assert len(fit_files()) == 2  # the occurrences and the pattern scores
    monkeypatch.setattr(EntityDictionary, "count_occurrences", lambda *a: pytest.fail("counted again"))
    monkeypatch.setattr(PatternSource, "calibrate", lambda *a, **k: pytest.fail("calibrated again"))
    assert state(base, monkeypatch) == fresh  # from the stored fits alone


def test_all_lines_is_another_calibration(base, monkeypatch):
    state(base, monkeypatch)
    assert state(base, monkeypatch, all_lines=True) == state(base, monkeypatch, cache=False, all_lines=True)
    assert len(fit_files()) == 3  # the occurrences do not depend on it


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(drop=st.sets(st.integers(0, 400), max_size=40), relabel=st.sets(st.integers(0, 400), max_size=10))
def test_changed_labels_are_a_new_fit_equal_to_fitting_them(base, tmp_path_factory, monkeypatch, drop, relabel):
    """Labels deleted or changed after a run: the next run does not reuse the old fit (its result equals one
    without any cache), whatever labels were changed."""
    path = tmp_path_factory.mktemp("changed") / "p.db"
    shutil.copy(base, path)
    state(path, monkeypatch)  # the old labels' fits, stored
    with Project.open(path, "kim") as project:
        spans = [sp for doc_id in project.labelled_document_ids() for sp in project.spans(doc_id)]
        project.delete_spans([sp.id for n, sp in enumerate(spans) if n in drop])
        for n, sp in enumerate(spans):
            if n in relabel and n not in drop:
                project.delete_span(sp.id)
                project.add_span(sp.doc_id, sp.start, sp.end, "ORG" if sp.label != "ORG" else "LOC")
    fresh = state(path, monkeypatch, cache=False)
    assert state(path, monkeypatch) == fresh
    assert state(path, monkeypatch) == fresh  # and again from its own stored fits


@pytest.mark.parametrize("damage", ["flip", "truncate", "empty", "other-value"])
def test_a_corrupt_fit_is_ignored(base, monkeypatch, damage):
    fresh = state(base, monkeypatch, cache=False)
    state(base, monkeypatch)
    for path in fit_files():
        data = bytearray(path.read_bytes())
        if damage == "flip":
            data[-5] ^= 0x21
        elif damage == "truncate":
            del data[len(data) // 2:]
        elif damage == "empty":
            data = bytearray()
        if damage == "other-value":  # whole and well formed, but not a fit's kind of value
            assert user_cache.write(path, fits.FORMAT, ["not", "a", "dict"])
        else:
            path.write_bytes(bytes(data))
    assert state(base, monkeypatch) == fresh


def test_an_unwritable_cache_folder_changes_nothing(base, monkeypatch, tmp_path):
    fresh = state(base, monkeypatch, cache=False)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert state(base, monkeypatch) == fresh
    assert blocker.read_text() == "x"


def test_the_code_is_part_of_every_key(monkeypatch):
    a = fits.FitKey("occurrences", "tokenizer").path()
    assert a == fits.FitKey("occurrences", "tokenizer").path()
    assert fits.FitKey("occurrences", "another tokenizer").path() != a
    monkeypatch.setattr(fits, "code_digest", lambda: "other code")
    assert fits.FitKey("occurrences", "tokenizer").path() != a
    monkeypatch.setattr(fits, "code_digest", lambda: None)  # sources that cannot be read: no cache
    assert fits.FitKey("occurrences", "tokenizer").path() is None
