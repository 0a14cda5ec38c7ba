"""Pre-annotations that come with imported files (Label Studio's predictions): into the suggestions layer.

A parser puts them on the document (NewDocument.suggestions: core.suggestions.Suggestion, the source naming the
tool and its model, "label_studio:ner-v2"); the import run hands each parsed document here (`add`) and, after
each commit of documents, `write` stores the predictions of those now in the project, through the store's one
suggestion-writing entry point (Project.write_suggestions, family = the source's tool). They are never labels.

Documents are found by their text's hash, so a document the project held before (a re-import, or the same text
in another file) gets the file's predictions too: those proposed exactly as before stay as they are, those a
reviewer rejected stay rejected for them, those accepted stay under the reviewer's entity, the engines'
suggestions stay beside them, and a prediction the file no longer carries goes. The documents are committed
first, their predictions in the next transaction: a crash between the two loses only the predictions, which a
rerun of the import writes (its documents are then duplicates, whose predictions are written as said).

Relations predicted between predicted regions (NewDocument.relation_suggestions: core.suggestions.PredictedRelation)
are kept after their ends' suggestions (Project.write_predicted_relations, replacing the family's earlier ones for
the document): a relation suggestion for each reviewer once their layer holds both ends.
"""

from __future__ import annotations

from collections import Counter
from typing import Callable, Iterable

from annotator.core.model import NewDocument
from annotator.core.suggestions import source_family
from annotator.store.errors import AnnotationError

WRITE_DOCUMENTS = 200  # documents per write_suggestions call (one transaction each)

Problem = Callable[[int, int, str], None]  # (file index, line, "FILE:LINE: message"), as the run's problem()


class ImportedSuggestions:
    """The predictions of an import run's documents, waiting for their documents to be committed."""

    def __init__(self, problem: Problem):
        self.problem = problem
        self.pending: dict[str, tuple[int, int, NewDocument]] = {}  # sha256 -> (file index, line, document)
        self.written = 0  # suggestions stored for the documents (what a reviewer who rejected none has pending)
        self.documents = 0
        self.relations_written = 0  # predicted relations kept (relation suggestions once a layer holds both ends)
        self.origins: dict[int, str] = {}  # document id -> FILE:LINE, for the predicted relations' messages

    def add(self, file_index: int, line: int, doc: NewDocument) -> None:
        """A parsed document (its sha256 set); those without predictions are not kept."""
        if doc.suggestions:
            self.pending.setdefault(doc.sha256, (file_index, line, doc))

    def write(self, project, labels: Iterable[str]) -> None:
        """Store the predictions of the waiting documents the project now holds (labels: the scheme's entity
        labels; a prediction of another label is reported, not stored)."""
        if not self.pending:
            return
        ids = project.ids_by_sha256(list(self.pending))
        if not ids:
            return
        known = set(labels)
        batches: dict[str, dict[int, list]] = {}  # family -> document id -> its predictions to store
        relations: dict[str, dict[int, list]] = {}  # family -> document id -> its predicted relations
        places: dict[int, tuple[int, int]] = {}
        for sha, doc_id in ids.items():
            index, line, doc = self.pending.pop(sha)
            places[doc_id] = index, line
            self.origins[doc_id] = doc.origin
            unknown = Counter(s.label for s in doc.suggestions if s.label not in known)
            if unknown:
                names = ", ".join(f"{name!r}" + (f" x{n}" if n > 1 else "") for name, n in sorted(unknown.items()))
                self.problem(index, line, f"{doc.origin}: {sum(unknown.values())} prediction(s) with labels not in"
                                          f" the scheme ({names}) not stored as suggestions")
            for item in doc.suggestions:  # a document all of whose predictions are refused still gets its write:
                family = source_family(item.source)
                kept = batches.setdefault(family, {}).setdefault(doc_id, [])
                if item.label in known:  # the file's word on it is that list (its earlier predictions go)
                    kept.append(item)
                relations.setdefault(family, {}).setdefault(doc_id, [])  # (so are its predicted relations)
            for item in doc.relation_suggestions:
                relations.setdefault(source_family(item.source), {}).setdefault(doc_id, []).append(item)
        for family, batch in batches.items():
            doc_ids = list(batch)
            for i in range(0, len(doc_ids), WRITE_DOCUMENTS):
                part = {doc_id: batch[doc_id] for doc_id in doc_ids[i:i + WRITE_DOCUMENTS]}
                try:
                    result = project.write_suggestions(part, sources=family, family=family)
                except AnnotationError as exc:  # not expected of checked predictions: said, and the import goes on
                    self.problem(*places[doc_ids[i]], f"{project.path}: the predictions of {len(part)} documents"
                                                      f" were not stored as suggestions ({exc})")
                    continue
                self.written += result.written
                self.documents += len(part)
                for doc_id, n in result.overlapping.items():  # nested predictions are common in Label Studio
                    self.problem(*places[doc_id], f"{self.origins[doc_id]}: {n} prediction(s) overlapping a"
                                                  " higher-scored one not stored as suggestions (suggestions do not"
                                                  " overlap: the higher score is kept, then the earlier, then the"
                                                  " shorter)")
        for family, batch in relations.items():  # after their ends' suggestions: a re-import may have changed them
            self._write_relations(project, family, batch, places)

    def _write_relations(self, project, family: str, batch: dict[int, list], places: dict[int, tuple[int, int]]
                         ) -> None:
        doc_ids = list(batch)
        for i in range(0, len(doc_ids), WRITE_DOCUMENTS):
            part = {doc_id: batch[doc_id] for doc_id in doc_ids[i:i + WRITE_DOCUMENTS]}
            try:
                result = project.write_predicted_relations(part, family=family)
            except AnnotationError as exc:
                self.problem(*places[doc_ids[i]], f"{project.path}: the predicted relations of {len(part)} documents"
                                                  f" were not stored ({exc})")
                continue
            self.relations_written += result.stored
            for doc_id, refused in result.refused.items():
                names = ", ".join(f"{name!r}" + (f" x{n}" if n > 1 else "") for name, n in sorted(refused.items()))
                self.problem(*places[doc_id], f"{self.origins[doc_id]}: {sum(refused.values())} predicted relation(s)"
                                              f" of types the scheme lacks, or does not allow between their ends'"
                                              f" labels ({names}), not stored")


__all__ = ["ImportedSuggestions"]
