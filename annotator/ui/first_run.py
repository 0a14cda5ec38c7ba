"""The first run: a new default project gets the bundled, labelled sample articles, so a newcomer sees
real Korean news with entities and relations straight away. Qt-free so the CLI and tests can call it too."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from annotator.paths import resource_path

SAMPLE_FILE = ("samples", "seeds_labelled.jsonl")
SAMPLE_SOURCE = "sample"
log = logging.getLogger(__name__)


def sample_path() -> Path:
    return resource_path(*SAMPLE_FILE)


def import_bundled_samples(project) -> int:
    """Import the bundled samples into `project`; returns how many documents were added.

    Uses the project's importer (annotator.io.importers.import_paths) when it is installed, else a small reader of
    the doccano relation JSONL the samples are stored in."""
    path = sample_path()
    if not path.exists():
        return 0
    try:
        from annotator.io.importers import import_paths
    except ImportError:
        import_paths = None
    if import_paths is not None:
        report = import_paths(project, [path], format="jsonl")
        imported = report.imported if isinstance(report.imported, int) else len(report.imported)
        if imported or report.duplicates:
            return imported
        # The importer read nothing (a broken install): the samples are too important to the first run to lose.
        log.warning("bundled samples not imported by the importer (%s); reading them directly",
                    "; ".join(report.problems[:3]))
    result = project.add_documents(read_doccano_samples(path))
    return len(result.imported)


def read_doccano_samples(path: Path):
    """NewDocuments from doccano relation JSONL (entities with id/start_offset/end_offset/label, relations with
    from_id/to_id/type), segmented for boilerplate so the chrome shows greyed."""
    from annotator.core.boilerplate import SEGMENTER_VERSION, segment_text
    from annotator.core.model import NewDocument, NewRelation, NewSpan
    from annotator.core.text import normalize_newlines

    with open(path, encoding="utf-8") as handle:
        for line_no, line in enumerate(handle, 1):
            if not line.strip():
                continue
            record = json.loads(line)
            text = normalize_newlines(record["text"])
            entities = record.get("entities", [])
            index_of = {e["id"]: i for i, e in enumerate(entities)}
            spans = [NewSpan(e["start_offset"], e["end_offset"], e["label"]) for e in entities]
            relations = [
                NewRelation(index_of[r["from_id"]], index_of[r["to_id"]], r["type"])
                for r in record.get("relations", [])
                if r.get("from_id") in index_of and r.get("to_id") in index_of
            ]
            segments = segment_text(text)
            title = next((text[s.start : s.end].strip() for s in segments if s.kind == "content"), "")
            yield NewDocument(
                text=text,
                title=title or str(record.get("id", "")),
                source=SAMPLE_SOURCE,
                ext_id=str(record.get("id")) if record.get("id") is not None else None,
                spans=spans,
                relations=relations,
                segments=segments,
                segmenter_version=SEGMENTER_VERSION,
                origin=f"{path}:{line_no}",
            )
