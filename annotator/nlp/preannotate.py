"""Pre-annotation of a project's documents: a Suggester built from the project (its scheme and patterns, a
dictionary of its labels, a model calibrated on its labelled documents) run over documents, and the result
written into the suggestions layer. Used by `annotator suggest --db` and by the app's background worker.

A document's proposals leave out what it already has labelled (any layer) and what a reviewer rejected in it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Sequence

from annotator.core.suggestions import NewSuggestion
from annotator.nlp.suggest.base import DICTIONARY, MODEL, PATTERNS
from annotator.nlp.suggest.engine import DocumentSuggestions, Suggester, parse_sources

DEFAULT_SOURCES = f"{DICTIONARY},{PATTERNS},{MODEL}"
CALIBRATION_DOCUMENTS = 50
WRITE_BATCH = 100  # documents per transaction: a kill loses at most one batch of work, never a label


@dataclass(slots=True)
class Preannotated:
    """One document's proposals, as a run found them (before the store's own checks)."""

    doc_id: int
    title: str
    text: str
    found: DocumentSuggestions


@dataclass(slots=True)
class ProjectSuggester:
    suggester: Suggester
    notes: list[str] = field(default_factory=list)
    dictionary_strings: int = 0


def line_kinds(project, doc) -> list[str] | None:
    """The stored content/boilerplate kinds of the document's lines, None when they do not fit its text."""
    kinds = [seg.effective_kind for seg in project.segments(doc.id)]
    return kinds if len(kinds) == doc.text.count("\n") + 1 and "unclassified" not in kinds else None


def project_suggester(project, *, sources: str | Sequence[str] = DEFAULT_SOURCES, model: str = "base",
                      min_score: float = 0.0, all_lines: bool = False, calibrate: bool = True) -> ProjectSuggester:
    """A Suggester for the project: its scheme (the default scheme's patterns for a project from before patterns
    were stored), a dictionary of its labelled strings and, with the model, scores calibrated on up to
    CALIBRATION_DOCUMENTS labelled documents (the model's and the patterns' scores; calibrate=False keeps their
    shipped ones). The model loads on first use (never on the UI thread: suggest_worker runs this)."""
    from annotator.core.scheme import default_scheme

    scheme = project.scheme()
    notes = []
    if project.get_meta("scheme_patterns") is None:
        defaults = default_scheme()
        for label in scheme.entities:
            found = defaults.entity(label.name)
            label.patterns = list(found.patterns) if found else []
        notes.append("the project stores no patterns; the default scheme's patterns are used for its labels")
    dictionary = project_dictionary(project)
    suggester = Suggester(scheme, sources=parse_sources(sources), dictionary=dictionary, model=model,
                          min_score=min_score, content_only=not all_lines)
    if calibrate:  # the model's and the patterns' scores from how they do on the labelled documents
        suggester.calibrate(((doc.text, [(sp.start, sp.end, sp.label) for sp in project.spans(doc.id)],
                              line_kinds(project, doc))
                             for doc in project.iter_documents(project.labelled_document_ids())),
                            limit=CALIBRATION_DOCUMENTS)
    return ProjectSuggester(suggester, notes, len(dictionary))


def project_dictionary(project):
    """The entity strings of the project's labels (every layer but the suggestions), by label."""
    from annotator.nlp.suggest.dictionary import EntityDictionary

    dictionary = EntityDictionary()
    dictionary.add_documents((doc.text, [(sp.start, sp.end, sp.label) for sp in project.spans(doc.id)])
                             for doc in project.iter_documents(project.labelled_document_ids()))
    return dictionary


def suggest_document(project, suggester: Suggester, doc, *, leave_out_rejected: bool = True) -> DocumentSuggestions:
    """The document's proposals, none over a label of any layer (nor, leave_out_rejected, a rejected one: the
    store leaves those out itself, and counts them)."""
    labelled = [(sp.start, sp.end, sp.label) for sp in project.spans(doc.id, all_layers=True)
                if sp.layer != "suggestions"]
    rejected = project.rejected_suggestions(doc.id) if leave_out_rejected else ()
    return suggester.suggest(doc.text, labelled=labelled, line_kinds=line_kinds(project, doc), rejected=rejected)


def to_new(found: DocumentSuggestions) -> list[NewSuggestion]:
    return [NewSuggestion(s.start, s.end, s.label, s.source, s.score, s.detail) for s in found.entities]


def preannotate(project, suggester: Suggester, doc_ids: Sequence[int], *, write: bool = True,
                progress: Callable[[float, str], None] | None = None,
                cancelled: Callable[[], bool] | None = None) -> tuple[list[Preannotated], "SuggestionsWritten"]:
    """Suggest for each document and (write) replace its undecided suggestions, WRITE_BATCH documents a
    transaction. Returns what was found per document and what the store wrote."""
    from annotator.store.suggestions import SuggestionsWritten

    sources = ",".join(suggester.sources)
    done: list[Preannotated] = []
    written = SuggestionsWritten()
    batch: dict[int, list[NewSuggestion]] = {}
    for n, doc in enumerate(project.iter_documents(list(doc_ids))):
        if cancelled is not None and cancelled():
            break
        if progress is not None:
            progress(n / max(1, len(doc_ids)), f"{n}/{len(doc_ids)}")
        found = suggest_document(project, suggester, doc, leave_out_rejected=not write)
        done.append(Preannotated(doc.id, doc.title, doc.text, found))
        batch[doc.id] = to_new(found)
        if write and len(batch) >= WRITE_BATCH:
            written.add(project.write_suggestions(batch, sources=sources))
            batch = {}
    if write and batch:
        written.add(project.write_suggestions(batch, sources=sources))
    if progress is not None:
        progress(1.0, f"{len(done)}/{len(doc_ids)}")
    if not write:  # a dry run: what would be written
        for item in done:
            written.documents += 1
            written.written += len(item.found.entities)
            for key, counter in (("by_label", written.by_label), ("by_source", written.by_source)):
                for name, k in Counter(getattr(s, key[3:]) for s in item.found.entities).items():
                    counter[name] = counter.get(name, 0) + k
    return done, written
