"""brat standoff: a folder with a `.txt` and `.ann` pair per document, plus annotation.conf.

.ann lines are tab-separated: `T<n>\\tLABEL START END\\tTEXT` (end exclusive, code points into the .txt),
`R<n>\\tTYPE Arg1:T<h> Arg2:T<t>`, and per entity a normalisation `N<n>\\tReference T<k> annotator:<id>\\tNAME`
naming its canonical entity (annotator.store.entities.canonical_id). An entity that runs over a line break is
written the way brat writes one: fragments `START END;START END` split at the newlines (the importer joins them).
"""

from __future__ import annotations

from pathlib import Path

from annotator.io.exporters import ExportReport
from annotator.io.exporters.writing import ExportCancelled, atomic_output, iter_scope, safe_file_stem

FORMAT = "brat"
SUFFIX = ""


def fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """[start, end) cut at line breaks, without the newlines themselves."""
    out = []
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        if stop > pos:
            out.append((pos, stop))
        pos = stop + 1 if nl >= 0 else end
    return out or [(start, end)]


def ann_lines(item) -> tuple[list[str], int]:
    """The .ann lines of one document and how many relations they hold."""
    text = item.text
    lines = []
    entity_ref: dict[int, str] = {}
    for n, sp in enumerate(item.spans, 1):
        frags = fragments(text, sp.start, sp.end)
        where = ";".join(f"{a} {b}" for a, b in frags)
        covered = " ".join(text[a:b] for a, b in frags)
        lines.append(f"T{n}\t{sp.label} {where}\t{covered}")
        entity_ref[sp.id] = f"T{n}"
    relations = 0
    for rel in item.relations:
        head, tail = entity_ref.get(rel.head_id), entity_ref.get(rel.tail_id)
        if head and tail:
            relations += 1
            lines.append(f"R{relations}\t{rel.label} Arg1:{head} Arg2:{tail}")
    for n, sp in enumerate((sp for sp in item.spans if item.canonical and sp.id in item.canonical), 1):
        ident, name = item.canonical[sp.id]
        lines.append(f"N{n}\tReference {entity_ref[sp.id]} annotator:{ident}\t{name}")
    return lines, relations


def annotation_conf(scheme) -> str:
    """brat's collection configuration, so the folder opens in brat with the project's labels."""
    lines = ["[entities]", *(e.name for e in scheme.entities), "", "[relations]"]
    for r in scheme.relations:
        heads = "|".join(r.heads) or "<ENTITY>"
        tails = "|".join(r.tails) or "<ENTITY>"
        lines.append(f"{r.name}\tArg1:{heads}, Arg2:{tails}")
    lines += ["<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>", "", "[events]", "", "[attributes]", ""]
    return "\n".join(lines)


def _brat_file(name: str) -> bool:
    """What a brat export folder holds (an earlier export is replaced whole, stale pairs included)."""
    return name.endswith((".txt", ".ann")) or name in ("annotation.conf", "visual.conf", "tools.conf")


def export(project, *, out: Path, status: str = "done", include_boilerplate: bool = False, doc_ids=None,
           progress=None, cancel=None) -> ExportReport:
    report = ExportReport(FORMAT, Path(out))
    taken: set[str] = {"annotation"}
    try:
        with atomic_output(report.out, folder=True, owns=_brat_file) as folder:
            (folder / "annotation.conf").write_text(annotation_conf(project.scheme()), encoding="utf-8")
            for item in iter_scope(project, status=status, include_boilerplate=include_boilerplate,
                                   doc_ids=doc_ids, progress=progress, cancel=cancel):
                stem = safe_file_stem(item.doc, taken)
                lines, relations = ann_lines(item)
                with open(folder / f"{stem}.txt", "w", encoding="utf-8", newline="\n") as fh:
                    fh.write(item.text)
                with open(folder / f"{stem}.ann", "w", encoding="utf-8", newline="\n") as fh:
                    fh.write("\n".join(lines) + ("\n" if lines else ""))
                report.documents += 1
                report.spans += len(item.spans)
                report.relations += relations
    except ExportCancelled:
        report.cancelled = True
    return report
