"""Pre-annotation of a project's documents: a Suggester built from the project (its scheme and patterns, a
dictionary of its labels, a model calibrated on its labelled documents) run over documents, and the result
written into the suggestions layer. Used by `annotator suggest --db` and by the app's background worker.

A document's proposals leave out what it already has labelled (any layer) and what a reviewer rejected in it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Sequence

from annotator.core import korean
from annotator.core.suggestions import NewRelationSuggestion, NewSuggestion
from annotator.nlp.suggest.base import DICTIONARY, ENTITY_SOURCES, MODEL, PATTERNS, RELATIONS
from annotator.nlp.suggest import fits
from annotator.nlp.suggest.engine import DocumentSuggestions, Suggester, parse_sources, segmented_kinds

DEFAULT_SOURCES = f"{DICTIONARY},{PATTERNS},{MODEL}"
CALIBRATION_DOCUMENTS = 50
WRITE_BATCH = 100  # documents per transaction: a kill loses at most one batch of work, never a label
PRIME_BATCH = 256  # documents whose kept tokens are read (and missing lines analysed, on both cores) at once


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
    labelled = project.labelled_document_ids()
    dictionary = project_dictionary(project, labelled)
    suggester = Suggester(scheme, sources=parse_sources(sources), dictionary=dictionary, model=model,
                          min_score=min_score, content_only=not all_lines)
    if calibrate:  # the model's and the patterns' scores from how they do on the labelled documents
        ids = labelled[:CALIBRATION_DOCUMENTS]
        fit = _pattern_fit(project, scheme, suggester, ids) if PATTERNS in suggester.sources else None
        stored = fit is not None and fit.value is not None
        if stored:  # the patterns' scores as fitted on these documents before
            suggester.patterns.rescore(fit.value)
        if not stored or suggester.model is not None:
            labels = labelled_spans(project, ids)
            suggester.calibrate(((doc.text, labels[doc.id], line_kinds(project, doc))
                                 for doc in primed_documents(project, ids)),
                                limit=CALIBRATION_DOCUMENTS, patterns=not stored)
        if fit is not None and not stored:
            fits.store(fit.key, {(p.label, p.id): p.score for p in suggester.patterns.patterns})
    return ProjectSuggester(suggester, notes, len(dictionary))


@dataclass(slots=True)
class _Fit:
    key: "fits.FitKey"
    value: dict | None  # None: not stored yet (the run fits it and stores it)


def _pattern_fit(project, scheme, suggester: Suggester, ids: Sequence[int]) -> _Fit | None:
    """The patterns' calibrated scores stored for these calibration documents (None when there is no cache;
    a _Fit without a value when they are to be fitted and stored)."""
    key = fits.FitKey("pattern-scores", korean.default_analyser().tokenizer_key, suggester.content_only,
                      CALIBRATION_DOCUMENTS, [(e.name, e.patterns) for e in scheme.entities])
    if not key.usable:
        return None
    labels = labelled_spans(project, ids)
    for doc in project.iter_documents(ids):
        key.add(doc.id, doc.text, labels[doc.id], line_kinds(project, doc))
    value = fits.load(key, dict)
    return _Fit(key, value)


def primed_documents(project, doc_ids: Sequence[int]):
    """The documents, PRIME_BATCH at a time, each batch's lines made ready in the analyser first (every line:
    from kept tokens, the missing ones analysed and kept), so that what runs over them needs no Kiwi."""
    from annotator.io.token_cache import TokenCache

    ids = list(doc_ids)
    with TokenCache(project, origin="batch") as tokens:
        for part in range(0, len(ids), PRIME_BATCH):
            docs = list(project.iter_documents(ids[part:part + PRIME_BATCH]))
            tokens.prime([(doc.id, doc.text, None) for doc in docs])
            yield from docs


LABELS_BATCH = 500  # labelled documents whose entities are read at once


def labelled_spans(project, doc_ids: Sequence[int]) -> dict[int, list[tuple[int, int, str]]]:
    """(start, end, label) of each document's entities as project.spans(doc_id) gives them (the reader's layers),
    for many documents in a few queries (spans() per document reads the layers, labels and reviewers each time)."""
    found = project.annotations_in(list(doc_ids), project.read_layers)
    return {doc_id: [(sp.start, sp.end, sp.label) for sp in spans] for doc_id, (spans, _relations) in found.items()}


def project_dictionary(project, ids: Sequence[int] | None = None):
    """The entity strings of the project's labels (every layer but the suggestions), by label (ids: the labelled
    documents, project.labelled_document_ids(), when already read)."""
    from annotator.nlp.suggest.dictionary import EntityDictionary

    dictionary = EntityDictionary()
    ids = project.labelled_document_ids() if ids is None else list(ids)
    key = fits.FitKey("occurrences", korean.default_analyser().tokenizer_key)
    for part in range(0, len(ids), LABELS_BATCH):  # the labels first (no tokens needed), then their occurrences
        chunk = ids[part:part + LABELS_BATCH]
        labels = labelled_spans(project, chunk)
        for doc in project.iter_documents(chunk):
            spans = labels[doc.id]
            key.add(doc.id, doc.text, spans)
            text = doc.text
            for start, end, label in spans:
                dictionary.add(text[start:end], label)
    counted = fits.load(key, dict)  # as counted for the same labelled documents before
    if counted is not None:
        dictionary.add_occurrence_counts(counted)
    else:
        dictionary.count_occurrences(doc.text for doc in primed_documents(project, ids))
        fits.store(key, dictionary.occurrence_counts())
    return dictionary


def prime_tokens(tokens, suggester: Suggester, project, docs) -> dict[int, list[str] | None]:
    """Make the analyser hold the analyses of the lines the suggester searches in docs, from the project's kept
    tokens (tokens: an io.token_cache.TokenCache), analysing and keeping only the lines not kept yet, so that a
    project with kept tokens runs no Kiwi. Returns each document's line kinds (stored, else segmented now; None when
    every line is searched), for suggest_document."""
    # the kinds matter only when content lines alone are searched; a document without stored ones is segmented
    # here, once (not again by Suggester.suggest)
    kinds = {doc.id: line_kinds(project, doc) if suggester.content_only else None for doc in docs}
    if suggester.content_only:
        kinds = {doc.id: kinds[doc.id] or segmented_kinds(doc.text) for doc in docs}
    items = []
    for doc in docs:
        if not suggester.content_only:  # every line is searched: no need to find the lines
            items.append((doc.id, doc.text, None))
            continue
        regions = suggester.regions(doc.text, kinds[doc.id])
        every_line = len(regions) == doc.text.count("\n") + 1
        items.append((doc.id, doc.text, None if every_line else {doc.text[a:b] for a, b in regions}))
    tokens.prime(items)
    return kinds


def suggest_document(project, suggester: Suggester, doc, *, leave_out_rejected: bool = True,
                     kinds: Sequence[str] | None | bool = False,
                     labelled: Sequence[tuple[int, int, str]] | None = None) -> DocumentSuggestions:
    """The document's proposals, none over a label of an import or the gold (nor, leave_out_rejected, one
    rejected for everyone: the store leaves those out itself, and counts them). A reviewer's labels and
    rejections leave a proposal in for the others (the store hides it from that reviewer). kinds: its line
    kinds when already read (prime_tokens); labelled: its import and gold labels when already read
    (Project.labelled_among)."""
    if labelled is None:
        labelled = project.labelled_among([doc.id])[doc.id]
    rejected = project.rejected_suggestions(doc.id, everyone=True) if leave_out_rejected else ()
    if kinds is False:
        kinds = line_kinds(project, doc) if suggester.content_only else None
    found = suggester.suggest(doc.text, labelled=labelled, line_kinds=kinds, rejected=rejected, with_relations=False)
    if RELATIONS in suggester.sources:  # candidates between the reviewer's own accepted entities only
        spans = project.spans(doc.id, project.layer_name)
        own = {(sp.start, sp.end, sp.label) for sp in spans}
        refused: set = set()
        if leave_out_rejected:  # and what is a relation already (the store leaves out and counts both itself)
            keys = {sp.id: (sp.start, sp.end, sp.label) for sp in spans}
            refused = project.rejected_relation_suggestions(doc.id) | {
                (keys[r.head_id], keys[r.tail_id], r.label) for r in project.relations(doc.id, project.layer_name)}
        found.relations = [r for r in suggester.relations_among(doc.text, sorted(own), suggester.regions(doc.text, kinds))
                           if (r.head, r.tail, r.label) not in refused]
    return found


def to_new_relations(project, doc_id: int, found: DocumentSuggestions) -> list[NewRelationSuggestion]:
    """The document's relation candidates by the ids of the reviewer's entities they link."""
    ids = {(sp.start, sp.end, sp.label): sp.id for sp in project.spans(doc_id, project.layer_name)}
    return [NewRelationSuggestion(ids[r.head], ids[r.tail], r.label, r.source, r.score, r.detail)
            for r in found.relations]


def own_relation_candidates(scheme, text: str, spans: Sequence, line_kinds: Sequence[str] | None
                            ) -> list[NewRelationSuggestion]:
    """Relation candidates between the reviewer's own entities (Span values) in the content lines: what the app
    writes for the open document whenever its entities change, and the background worker for the next ones."""
    from annotator.nlp.suggest.engine import content_regions
    from annotator.nlp.suggest.relations import document_candidates

    ids = {(sp.start, sp.end, sp.label): sp.id for sp in spans}
    return [NewRelationSuggestion(ids[r.head], ids[r.tail], r.label, r.source, r.score, r.detail)
            for r in document_candidates(text, sorted(ids), scheme, content_regions(text, line_kinds))]


def to_new(found: DocumentSuggestions) -> list[NewSuggestion]:
    return list(found.entities)  # the engines' values are what the store takes in


def _proposals(project, suggester: Suggester, ids: list[int], *, leave_out_rejected: bool, workers: int | None,
               cancelled: Callable[[], bool] | None):
    """(doc id, title, text, DocumentSuggestions, relation suggestions) of each document, in the order of ids:
    PRIME_BATCH documents at a time, their kept tokens read first; on several processes when there are enough
    (preannotate_pool)."""
    from annotator.io.token_cache import TokenCache
    from annotator.nlp.preannotate_pool import can_fork, pool_workers, pooled_proposals

    with TokenCache(project, origin="batch") as tokens:
        # a read-only file cannot keep the tokens its workers would need: one process
        pooled = 1 if project.read_only else pool_workers(suggester, len(ids), workers, forked=can_fork())
        if pooled > 1:  # documents without kept tokens get them first (on every core): no worker runs Kiwi
            tokens.pretokenize(ids, content_only=suggester.content_only, cancel=cancelled)
            tokens.close()  # its pool (and the pool's thread) ends before any worker is forked

            def own(part: list[int]):
                return batch_proposals(project, suggester, tokens, list(project.iter_documents(part)),
                                       leave_out_rejected=leave_out_rejected)

            yield from pooled_proposals(project, suggester, ids, workers=pooled, own=own, cancelled=cancelled,
                                        leave_out_rejected=leave_out_rejected)
            return
        for part in range(0, len(ids), PRIME_BATCH):
            if cancelled is not None and cancelled():
                return
            docs = list(project.iter_documents(ids[part:part + PRIME_BATCH]))
            yield from batch_proposals(project, suggester, tokens, docs, leave_out_rejected=leave_out_rejected)


def batch_proposals(project, suggester: Suggester, tokens, docs, *, leave_out_rejected: bool):
    """_proposals() of one batch of documents (their kept tokens read first), one by one."""
    kinds = prime_tokens(tokens, suggester, project, docs)
    labelled = project.labelled_among([doc.id for doc in docs])
    for doc in docs:
        found = suggest_document(project, suggester, doc, leave_out_rejected=leave_out_rejected, kinds=kinds[doc.id],
                                 labelled=labelled[doc.id])
        relations = to_new_relations(project, doc.id, found) if RELATIONS in suggester.sources else []
        yield doc.id, doc.title, doc.text, found, relations


def preannotate(project, suggester: Suggester, doc_ids: Sequence[int], *, write: bool = True,
                progress: Callable[[float, str], None] | None = None,
                cancelled: Callable[[], bool] | None = None, workers: int | None = 1
                ) -> tuple[list[Preannotated], "SuggestionsWritten"]:
    """Suggest for each document and (write) replace its undecided suggestions, WRITE_BATCH documents a
    transaction. Returns what was found per document and what the store wrote. workers: processes to find
    the proposals in, this one included (None: one per core when that pays; see preannotate_pool). If a worker
    process fails, the documents found before it are written and preannotate_pool.WorkerError raised."""
    from annotator.nlp.preannotate_pool import WorkerError
    from annotator.store.suggestions import SuggestionsWritten

    sources = ",".join(suggester.sources)
    entities_on = any(name in ENTITY_SOURCES for name in suggester.sources)  # a relations-only run keeps them
    relations_on = RELATIONS in suggester.sources
    done: list[Preannotated] = []
    written = SuggestionsWritten()
    batch: dict[int, list[NewSuggestion]] = {}
    relation_batch: dict[int, list[NewRelationSuggestion]] = {}

    def flush() -> None:
        if entities_on:
            written.add(project.write_suggestions(batch, sources=sources))
        if relations_on:
            written.relations.add(project.write_relation_suggestions(relation_batch))
        batch.clear()
        relation_batch.clear()

    ids = list(doc_ids)
    n = 0
    proposals = _proposals(project, suggester, ids, leave_out_rejected=not write, workers=workers, cancelled=cancelled)
    try:
        for doc_id, title, text, found, relations in proposals:
            if cancelled is not None and cancelled():
                break
            if progress is not None:
                progress(n / max(1, len(ids)), f"{n}/{len(ids)}")
            n += 1
            done.append(Preannotated(doc_id, title, text, found))
            batch[doc_id] = to_new(found)
            if relations_on:
                relation_batch[doc_id] = relations
            if write and len(batch) >= WRITE_BATCH:
                flush()
    except WorkerError:  # what was found before the failure is complete: written, not lost
        if write and batch:
            flush()
        raise
    finally:
        proposals.close()  # a cancelled or failed run: its workers stop now
    if write and batch:
        flush()
    if progress is not None:
        progress(1.0, f"{len(done)}/{len(doc_ids)}")
    if not write:  # a dry run: what would be written
        for item in done:
            written.documents += 1
            written.relations.documents += relations_on
            written.relations.written += len(item.found.relations)
            for rel in item.found.relations:
                written.relations.by_label[rel.label] = written.relations.by_label.get(rel.label, 0) + 1
            written.written += len(item.found.entities)
            for key, counter in (("by_label", written.by_label), ("by_source", written.by_source)):
                for name, k in Counter(getattr(s, key[3:]) for s in item.found.entities).items():
                    counter[name] = counter.get(name, 0) + k
    return done, written
