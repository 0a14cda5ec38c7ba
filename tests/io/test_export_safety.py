"""Exports and injection (issue 10, class 6): CSV cells never run as formulas, label names included; brat
file names fit the 255-byte limit and are valid on Windows."""

from __future__ import annotations

import csv
import json

from annotator.io.exporters import brat
from annotator.io.exporters import csv as csv_export
from annotator.io.importers import import_paths
from annotator.io.importers import brat as brat_import

FORMULA = ("=", "+", "-", "@", "\t", "\r")


def test_csv_neutralises_every_text_column_including_imported_label_names(project, tmp_path):
    path = tmp_path / "labels.jsonl"
    evil = '=HYPERLINK("http://example.invalid","x")'
    records = [{"text": "=1+1 부산시 @SUM(A1)", "title": "-2+3", "id": "+cmd",
                "label": [[5, 8, evil], [9, 16, "@SUM(A1)"]]}]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    report = import_paths(project, [path], add_labels=True)
    assert report.spans == 2
    out = tmp_path / "x.csv"
    csv_export.export(project, out=out, status="all")
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    header, body = rows[0], rows[1:]
    assert len(body) == 2
    numeric = {"doc_id", "span_id", "start", "end"}
    for row in body:
        for name, cell in zip(header, row):
            if name not in numeric:
                assert not cell.startswith(FORMULA), (name, cell)
    labels = {row[header.index("label")] for row in body}
    assert labels == {"'" + evil, "'@SUM(A1)"}


def test_brat_file_names_are_cut_by_bytes_and_safe_on_windows(project, tmp_path):
    from annotator.core.model import NewDocument

    long_id = "규" * 120  # 360 bytes in UTF-8
    ids = [long_id, "CON", "nul.txt", "aux", "com1", "LPT9.log", "a/b:c", " . "]
    project.add_documents([NewDocument(f"문서 {i}", ext_id=e) for i, e in enumerate(ids)])
    out = tmp_path / "brat"
    report = brat.export(project, out=out, status="all")
    assert report.documents == len(ids)
    stems = sorted(p.stem for p in out.glob("*.txt"))
    assert len(stems) == len(ids)
    for stem in stems:
        assert len((stem + ".ann").encode()) <= 255
        assert stem.split(".")[0].lower() not in {"con", "nul", "aux", "com1", "lpt9", "prn"}
        assert not set(stem) & set('\\/:*?"<>|')
    assert "규" * 66 in stems  # 200 bytes of the long id, cut between characters
    # and every pair reads back
    texts = set()
    for ann in out.glob("*.ann"):
        lines = ann.read_text(encoding="utf-8").splitlines()
        texts |= {d.text for d in brat_import.parse(ann, lines) if hasattr(d, "text")}
    assert texts == {f"문서 {i}" for i in range(len(ids))}


def test_a_prodigy_line_longer_than_the_import_reads_is_said(tmp_path):
    """A document with 10,000 entities made a 2.8 MB Prodigy line that `annotator import` of the export skips
    (its 2 MiB line limit): the export now says so, with the formats that carry the document whole."""
    from annotator.core.model import NewDocument, NewSpan
    from annotator.io.exporters import exporter
    from annotator.io.importers import import_paths
    from annotator.store import Project

    words = [f"지역{i}" for i in range(10_000)]  # LOC: 10,000 organisations take ~50 s in the canonical rules
    text = " ".join(words)
    spans, at = [], 0
    for word in words:
        spans.append(NewSpan(at, at + len(word), "LOC"))
        at += len(word) + 1
    with Project.open(tmp_path / "p.db", "kim") as project:
        (doc_id,) = project.add_documents([NewDocument(text, spans=spans), NewDocument("작은 문서의 중기부")]).imported[:1]
        report = exporter("prodigy").export(project, out=tmp_path / "p.jsonl", status="all")
    assert [p for p in report.problems if f"document {doc_id}:" in p and "2 MiB" in p and "doccano" in p], report.problems
    assert len(report.problems) == 1  # the small document is not named
    with Project.open(tmp_path / "back.db", "kim") as back:
        imported = import_paths(back, [tmp_path / "p.jsonl"], format="jsonl")
    assert imported.imported and any("line limit" in str(p) for p in imported.problems)  # what the warning foretold
