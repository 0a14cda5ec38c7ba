"""A sample team project for the adjudication screenshot and tests: the bundled labelled articles, labelled by
two reviewers. kim took the imported labels; lee's layer is kim's with a fixed pattern of differences (a missed
entity, another label, a shorter boundary), as two people really differ. Qt-free."""

from __future__ import annotations

from pathlib import Path

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
        labels = [e.name for e in project.scheme().entities]
        mine = {doc_id: (project.spans(doc_id, first), project.relations(doc_id, first)) for doc_id in ids}
    with Project.open(path, second) as project:
        for doc_id, (spans, relations) in mine.items():
            items, same = [], {}
            for i, s in enumerate(spans):
                if i % 7 == 3:
                    continue  # missed
                if i % 7 == 5:
                    items.append((s.start, s.end, labels[(labels.index(s.label) + 3) % len(labels)]))
                elif i % 11 == 2 and s.end - s.start > 2:
                    items.append((s.start, s.end - 1, s.label))
                else:
                    items.append((s.start, s.end, s.label))
                    same[s.id] = len(items) - 1
            made = project.add_spans(doc_id, items)
            for r in relations:
                if r.head_id in same and r.tail_id in same:
                    project.add_relation(made[same[r.head_id]].id, made[same[r.tail_id]].id, r.label)
            project.set_status(doc_id, "done")
    return ids
