"""A two-reviewer copy of the bundled sample project, for looking at the report's team parts (the zone
table's 검토자 일치 column and the 검토 일치도 sheet; docs/report-agreement.png):

    .venv/bin/python scripts/team_sample.py sample.db team.db
    .venv/bin/annotator report --db team.db --out exports/team-report.xlsx

kim takes every imported label and finishes all three documents; lee takes all but every fifth entity of
the first two, relabels every seventh of her LOC entities as ORG, and finishes those two.
"""

from __future__ import annotations

import shutil
import sys

from annotator.store import Project, ProjectError


def main(source: str, target: str) -> None:
    shutil.copy(source, target)
    with Project.open(target, "kim") as project:
        imported = next(layer.name for layer in project.layers() if layer.kind == "import")
        ids = project.document_ids()
        for doc_id in ids:
            project.copy_spans([s.id for s in project.spans(doc_id, imported)])
            project.set_status(doc_id, "done")
        project.set_reviewer("lee")
        for doc_id in ids[:2]:
            spans = project.spans(doc_id, imported)
            project.copy_spans([s.id for i, s in enumerate(spans) if i % 5 != 4])
            places = [s for s in project.spans(doc_id, "lee") if s.label == "LOC"]
            for span in places[3::7]:
                try:
                    project.update_span(span.id, label="ORG")
                except ProjectError:  # a relation the scheme allows only for a place
                    pass
            project.set_status(doc_id, "done")


if __name__ == "__main__":
    main(*sys.argv[1:3])
