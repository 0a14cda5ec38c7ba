"""Test helper: the KLUE-NER excerpt (tests/fixtures/klue, CC BY-SA 4.0) parsed without the KLUE importer."""

from __future__ import annotations

from pathlib import Path

KLUE_EXCERPT = Path(__file__).resolve().parent / "fixtures" / "klue" / "klue-ner-v1.1_dev.excerpt.tsv"
KLUE_LABELS = ("PS", "LC", "OG", "DT", "TI", "QT")


def read_klue(path: Path = KLUE_EXCERPT) -> list[tuple[str, str, list[tuple[int, int, str]]]]:
    """(sentence id, text, [(start, end, label)]) per sentence of a KLUE character-BIO file."""
    sentences = []
    sid, chars, tags = None, [], []

    def flush():
        if sid is None or not chars:
            return
        ents, i = [], 0
        while i < len(tags):
            if tags[i].startswith("B-"):
                label, j = tags[i][2:], i + 1
                while j < len(tags) and tags[j] == "I-" + label:
                    j += 1
                ents.append((i, j, label))
                i = j
            else:
                i += 1
        sentences.append((sid, "".join(chars), ents))

    for line in path.read_text(encoding="utf-8").split("\n"):
        if line.startswith("## "):
            if "\t" in line:  # "## <id>\t<inline-tagged sentence>" starts a sentence
                flush()
                sid, chars, tags = line[3:].split("\t", 1)[0], [], []
            continue
        if line:
            char, tag = line.rsplit("\t", 1)
            chars.append(char)
            tags.append(tag)
    flush()
    return sentences


def load_klue_project(project, *, limit: int | None = None, done: bool = True) -> list[int]:
    """Add the excerpt's sentences (with their entities) to project; returns the new document ids."""
    from annotator.core.model import NewDocument, NewSpan

    project.ensure_entity_labels(KLUE_LABELS)
    sentences = read_klue()[:limit]
    docs = [
        NewDocument(text=text, title=sid, source="klue", ext_id=sid,
                    spans=[NewSpan(s, e, label) for s, e, label in ents], origin=f"{KLUE_EXCERPT.name}:{sid}")
        for sid, text, ents in sentences
    ]
    result = project.add_documents(docs)
    assert not result.problems, result.problems
    if done:
        for doc_id in result.imported:
            project.set_status(doc_id, "done")
    return list(result.imported)
