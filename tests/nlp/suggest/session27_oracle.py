"""Code replaced in session 27 (H13-pipeline), kept verbatim as the oracles of its equality tests
(test_session27_equality.py): drop_overlapping (nlp/suggest/base.py), EntityDictionary._labelled
(nlp/suggest/dictionary.py) and the per-document label reads of project_dictionary (nlp/preannotate.py)."""

from __future__ import annotations

from collections.abc import Iterable

from annotator.nlp.suggest.base import DICTIONARY, Candidate, Suggestion


def drop_overlapping(suggestions: Iterable[Suggestion], taken: Iterable[tuple[int, int]]) -> list[Suggestion]:
    """Suggestions that overlap none of the `taken` (start, end) spans (the document's own labels)."""
    spans = sorted(taken)
    return [s for s in suggestions if all(s.end <= a or s.start >= b for a, b in spans)]


def labelled(self, kept: list[tuple[int, int, str]]) -> list[Candidate]:
    """The kept matches (start, end, string) as candidates of each string's best label."""
    with self._lock:  # another thread may be adding labels
        best = self._best_labels([key for _s, _e, key in kept])
    out: list[Candidate] = []
    for s, e, key in kept:
        found = best.get(key)
        if found is not None:
            out.append((s, e, found[0], DICTIONARY, found[1], found[2]))
    return out


def project_dictionary(project):
    """The entity strings of the project's labels (every layer but the suggestions), by label."""
    from annotator.core import korean
    from annotator.nlp.preannotate import primed_documents
    from annotator.nlp.suggest import fits
    from annotator.nlp.suggest.dictionary import EntityDictionary

    dictionary = EntityDictionary()
    ids = project.labelled_document_ids()
    key = fits.FitKey("occurrences", korean.default_analyser().tokenizer_key)
    for doc in project.iter_documents(ids):  # the labels first (no tokens needed), then their occurrences
        spans = project.spans(doc.id)
        key.add(doc.id, doc.text, [(sp.start, sp.end, sp.label) for sp in spans])
        for sp in spans:
            dictionary.add(doc.text[sp.start:sp.end], sp.label)
    counted = fits.load(key, dict)  # as counted for the same labelled documents before
    if counted is not None:
        dictionary.add_occurrence_counts(counted)
    else:
        dictionary.count_occurrences(doc.text for doc in primed_documents(project, ids))
        fits.store(key, dictionary.occurrence_counts())
    return dictionary
