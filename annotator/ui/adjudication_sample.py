"""A sample team project for the adjudication screenshot, tests and bench: the bundled labelled articles,
labelled by two reviewers. kim took the imported labels; lee's layer is kim's with a fixed pattern of differences
(a missed entity, another label, a shorter boundary), as two people really differ. Qt-free."""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from annotator.core.model import Span
from annotator.store import Project


def build_two_reviewer_sample(path: Path, reviewers: tuple[str, str] = ("kim", "lee")) -> list[int]:
    """Write the sample project at path (which must not exist); returns its document ids."""
    from annotator.ui.first_run import read_doccano_samples, sample_path

    first, second = reviewers
    with Project.open(path, first) as project:
        project.add_documents(read_doccano_samples(sample_path()))
        ids = project.document_ids()
        for doc_id in ids:
            project.copy_spans([s.id for s in project.spans(doc_id)])
            project.set_status(doc_id, "done")
    second_reviewer_differs(path, first, second, ids)
    return ids


def second_reviewer_differs(path: Path, first: str, second: str, doc_ids: Sequence[int]) -> None:
    """Give `second` a layer that is `first`'s with the fixed pattern of differences, and mark both done."""
    with Project.open(path, first) as project:
        labels = [e.name for e in project.scheme().entities]
        mine = {d: (project.spans(d, first), project.relations(d, first)) for d in doc_ids}
    with Project.open(path, second) as project:
        for doc_id, (spans, relations) in mine.items():
            items, same = differing_copy(spans, labels)
            made = project.add_spans(doc_id, items)
            for r in relations:
                if r.head_id in same and r.tail_id in same:
                    project.add_relation(made[same[r.head_id]].id, made[same[r.tail_id]].id, r.label)
            project.set_status(doc_id, "done")


def differing_copy(spans: Sequence[Span], labels: Sequence[str]) -> tuple[list[tuple[int, int, str]], dict[int, int]]:
    """(start, end, label) items of a second reviewer, and which of the first's spans they kept unchanged
    (span id -> item index): every 7th from the 4th missed, every 7th from the 6th labelled otherwise, every 11th
    from the 3rd one character shorter."""
    items, same = [], {}
    for i, s in enumerate(spans):
        if i % 7 == 3:
            continue
        if i % 7 == 5:
            items.append((s.start, s.end, labels[(labels.index(s.label) + 3) % len(labels)]))
        elif i % 11 == 2 and s.end - s.start > 2:
            items.append((s.start, s.end - 1, s.label))
        else:
            items.append((s.start, s.end, s.label))
            same[s.id] = len(items) - 1
    return items, same
