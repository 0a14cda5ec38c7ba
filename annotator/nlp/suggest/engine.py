"""The suggestion engine: the chosen sources over one document, combined, minus what is already labelled.

Only the article's content lines are searched by default (the boilerplate segmenter decides, or the
caller passes the document's stored line kinds): menus and weather tickers are never labelled, so a
proposal there is noise. Relation candidates are off by default (their measured precision on the
bundled sample is low; see relations.py and `annotator bench --only suggest`).
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from annotator.nlp.suggest.base import (
    DICTIONARY,
    ENTITY_SOURCES,
    MODEL,
    PATTERNS,
    RELATIONS,
    Candidate,
    RelationSuggestion,
    Suggestion,
    combine_candidates,
    drop_overlapping,
)
from annotator.nlp.suggest.calibration import Calibration, shipped
from annotator.nlp.suggest.dictionary import EntityDictionary
from annotator.nlp.suggest.model import BASE, ModelSource
from annotator.nlp.suggest.patterns import PatternSource, line_regions

DEFAULT_SOURCES = (DICTIONARY, PATTERNS, MODEL)
SHIPPED = "shipped"  # the calibration of combined scores fitted on policy news (calibration.py)


class SourceError(ValueError):
    """An unknown source name; the message lists the known ones."""


def parse_sources(value: str | Iterable[str]) -> tuple[str, ...]:
    names = [n.strip() for n in (value.split(",") if isinstance(value, str) else value) if n.strip()]
    known = (*ENTITY_SOURCES, RELATIONS)
    unknown = [n for n in names if n not in known]
    if unknown:
        raise SourceError(f"unknown suggestion source(s) {', '.join(unknown)}; choose from {', '.join(known)}")
    if not names:
        raise SourceError(f"no suggestion source given; choose from {', '.join(known)}")
    return tuple(dict.fromkeys(names))


@dataclass(slots=True)
class DocumentSuggestions:
    entities: list[Suggestion] = field(default_factory=list)
    relations: list[RelationSuggestion] = field(default_factory=list)

    def counts(self) -> dict[str, dict[str, int]]:
        by_label = Counter(s.label for s in self.entities)
        by_source = Counter(s.source for s in self.entities)
        relations = Counter(r.label for r in self.relations)
        if self.relations:
            by_source[RELATIONS] += len(self.relations)
        return {"by_label": dict(sorted(by_label.items())), "by_source": dict(sorted(by_source.items())),
                "relations_by_label": dict(sorted(relations.items()))}


def segmented_kinds(text: str) -> list[str]:
    """The kinds of the text's lines as the boilerplate segmenter sees them (a document without stored ones)."""
    from annotator.core.boilerplate import segment_text

    return [s.effective_kind for s in segment_text(text)]


def content_regions(text: str, line_kinds: Sequence[str] | None = None) -> list[tuple[int, int]]:
    """The (start, end) of the content lines: by the given kinds, or the boilerplate segmenter's."""
    if line_kinds is None:
        line_kinds = segmented_kinds(text)
    return [r for r, kind in zip(line_regions(text), line_kinds) if kind == "content"]


class Suggester:
    """Proposals for documents of one project: its scheme, its dictionary, a model (loaded on first use)."""

    def __init__(self, scheme, *, sources: Sequence[str] = DEFAULT_SOURCES,
                 dictionary: EntityDictionary | None = None, model: str = BASE, min_score: float = 0.0,
                 content_only: bool = True, calibration: Calibration | str | None = SHIPPED) -> None:
        self.scheme = scheme
        self.sources = parse_sources(sources)
        self.labels = frozenset(e.name for e in scheme.entities)
        self.dictionary = dictionary if dictionary is not None else EntityDictionary()
        self.patterns = PatternSource.from_scheme(scheme)
        self.model = ModelSource(model, labels=self.labels) if MODEL in self.sources else None
        if not 0.0 <= min_score <= 1.0:
            raise ValueError(f"min_score must be in [0, 1], got {min_score}")
        self.min_score = min_score
        self.content_only = content_only
        # None: each span keeps its best source's score (noisy-or where sources agree); see calibration.py
        self.calibration = shipped() if calibration == SHIPPED else calibration

    def regions(self, text: str, line_kinds: Sequence[str] | None = None) -> list[tuple[int, int]]:
        """The (start, end) of the lines to search: content lines, or every line without content_only."""
        return content_regions(text, line_kinds) if self.content_only else line_regions(text)

    def calibrate(self, documents: Iterable[tuple[str, Iterable[tuple[int, int, str]], Sequence[str] | None]],
                  *, limit: int = 200, patterns: bool = True) -> dict[str, dict]:
        """Scores of the model (per label and shape) and of each pattern (patterns=False: not theirs) from how
        their proposals match reviewed documents (text, labels, line kinds or None), at most `limit` of them. The
        dictionary needs none: its scores are already counts from the labelled documents."""
        documents = [(text, self.regions(text, kinds), list(labels)) for text, labels, kinds
                     in itertools.islice(documents, limit)]
        done: dict[str, dict] = {}
        if PATTERNS in self.sources and patterns:
            done[PATTERNS] = self.patterns.calibrate(documents, limit=limit)
        if self.model is not None:
            done[MODEL] = {f"{label}/{shape}": score for (label, shape), score
                           in self.model.calibrate(documents, limit=limit).items()}
        return done

    def raw(self, text: str, regions: Sequence[tuple[int, int]]) -> list[Suggestion]:
        """Every source's proposals, uncombined (for measuring each source)."""
        return [Suggestion(*c) for c in self.candidates(text, regions)]

    def candidates(self, text: str, regions: Sequence[tuple[int, int]]) -> list[Candidate]:
        """raw() as candidate tuples (start, end, label, source, score, detail), in the same order."""
        found: list[Candidate] = []
        lines: dict = {}  # each line's morph table, built once for the dictionary and the word lists
        words = None  # the kept matches of the patterns' word lists, when found in the dictionary's pass
        if DICTIONARY in self.sources:
            finder = self.patterns.word_finder if PATTERNS in self.sources else None
            if finder is None:
                found += self.dictionary.candidates(text, regions, lines)
            else:  # one automaton pass for the dictionary's strings and the word lists
                kept, words = self.dictionary.candidates_and_words(text, regions, finder, lines)
                found += kept
        if PATTERNS in self.sources:
            found += self.patterns.candidates(text, regions, lines, words)
        if self.model is not None:
            found += [(s.start, s.end, s.label, s.source, s.score, s.detail)
                      for s in self.model.suggest_regions(text, regions)]
        labels = self.labels
        return [c for c in found if c[2] in labels]

    def propose(self, text: str, candidates: list[Candidate], *, min_score: float = 0.0) -> list[Suggestion]:
        """The candidates scored (calibrated where the calibration knows the label) and combined."""
        if self.calibration is not None:
            candidates = self.calibration.apply(text, candidates)
        return combine_candidates(candidates, min_score=min_score)

    def suggest(self, text: str, *, labelled: Iterable[tuple[int, int, str]] = (),
                line_kinds: Sequence[str] | None = None, rejected: Iterable[tuple[int, int, str]] = (),
                with_relations: bool = True) -> DocumentSuggestions:
        """Combined proposals for one document; none overlaps a labelled span or repeats a rejected one.
        Relation candidates (with_relations and the relations source on) link labelled spans and proposals."""
        labelled = list(labelled)
        refused = set(rejected)
        regions = self.regions(text, line_kinds)
        entities = self.propose(text, self.candidates(text, regions), min_score=self.min_score)
        if labelled:
            entities = drop_overlapping(entities, [(a, b) for a, b, _ in labelled])
        if refused:
            entities = [s for s in entities if s.key not in refused]
        result = DocumentSuggestions(entities)
        if with_relations and RELATIONS in self.sources:
            result.relations = self.relations_among(text, labelled + [s.key for s in entities], regions)
        return result

    def relations_among(self, text: str, entities: Sequence[tuple[int, int, str]],
                        regions: Sequence[tuple[int, int]]) -> list[RelationSuggestion]:
        """Relation candidates between the given entities, sentence by sentence within the regions."""
        from annotator.nlp.suggest.relations import document_candidates

        return document_candidates(text, list(entities), self.scheme, regions, min_score=self.min_score)
