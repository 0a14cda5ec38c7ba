"""Kill tests for the folder exports (issue 10, class 3): a child export is SIGKILLed in the middle of
writing; the previous export must be there untouched and loadable, and the next run cleans the leftover
and replaces the folder whole (no stale file of the earlier export stays)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from annotator.core.model import NewDocument, NewSpan
from annotator.store import Project

REPO = Path(__file__).resolve().parents[2]

CHILD = r"""
import sys, time
from annotator.store import Project
fmt, db, out = sys.argv[1:4]
if fmt == "spacy":
    from annotator.nlp.docbin_stream import StreamingDocBin as DocBin  # what the export writes with
    from annotator.nlp.spacy_export import export_spacy
    real = DocBin.to_disk
    def to_disk(self, path):
        real(self, path)
        print("written", path, flush=True)
        time.sleep(60)   # killed here: train.spacy written into the temporary folder, not yet swapped in
    DocBin.to_disk = to_disk
    with Project.open(db, "child") as p:
        export_spacy(p, out_dir=out, status="all")
else:
    from annotator.io.exporters import brat
    real = brat.ann_lines
    calls = []
    def ann_lines(item):
        calls.append(1)
        if len(calls) == 5:
            print("written", flush=True)
            time.sleep(60)   # killed here, half way through the documents
        return real(item)
    brat.ann_lines = ann_lines
    with Project.open(db, "child") as p:
        brat.export(p, out=out, status="all")
"""


def _project(db: Path, n: int) -> None:
    with Project.open(db, "tester") as p:
        p.add_documents([NewDocument(f"부산시 {i}번 특구 지정", ext_id=f"doc{i}", spans=[NewSpan(0, 3, "ORG")])
                         for i in range(n)])


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _kill_during_export(fmt: str, db: Path, out: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    child = subprocess.Popen([sys.executable, "-c", CHILD, fmt, str(db), str(out)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=env)
    try:
        line = child.stdout.readline()
        assert line.startswith("written"), child.stderr.read()
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=60)


def _leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.") and p.name.endswith(".part"))


def test_killed_spacy_export_leaves_the_previous_one_whole(tmp_path):
    from spacy.tokens import DocBin

    from annotator.nlp.spacy_export import DEV_FILE, TRAIN_FILE, export_spacy
    from annotator.nlp.spacy_tokenizer import blank_korean

    db, out = tmp_path / "p.db", tmp_path / "spacy"
    _project(db, 6)
    with Project.open(db, "tester") as p:
        export_spacy(p, out_dir=out, status="all")
        for doc_id in p.document_ids()[:3]:
            p.set_status(doc_id, "done")
    before = _snapshot(out)
    _kill_during_export("spacy", db, out)
    assert _snapshot(out) == before
    vocab = blank_korean().vocab
    assert len(list(DocBin().from_disk(out / TRAIN_FILE).get_docs(vocab))) > 0
    assert len(_leftovers(out)) == 1  # the killed run's temporary folder
    with Project.open(db, "tester") as p:
        report = export_spacy(p, out_dir=out, status="done")
    assert report.documents == 3 and _leftovers(out) == []
    assert sorted(_snapshot(out)) == sorted(before) and _snapshot(out)[TRAIN_FILE] != before[TRAIN_FILE]
    assert len(list(DocBin().from_disk(out / DEV_FILE).get_docs(vocab))) >= 1


def test_killed_brat_export_leaves_the_previous_one_whole_and_stale_files_go(tmp_path):
    from annotator.io.exporters import brat

    db, out = tmp_path / "p.db", tmp_path / "brat"
    _project(db, 12)
    with Project.open(db, "tester") as p:
        brat.export(p, out=out, status="all")
        for doc_id in p.document_ids()[:4]:
            p.set_status(doc_id, "done")
    before = _snapshot(out)
    assert len(before) == 1 + 2 * 12
    _kill_during_export("brat", db, out)
    assert _snapshot(out) == before
    assert len(_leftovers(out)) == 1
    with Project.open(db, "tester") as p:
        report = brat.export(p, out=out, status="done")
    assert report.documents == 4 and _leftovers(out) == []
    assert sorted(_snapshot(out)) == sorted(["annotation.conf"] + [f"doc{i}.{s}" for i in range(4) for s in ("ann", "txt")])


def test_an_export_never_deletes_files_it_did_not_write(tmp_path):
    import pytest

    from annotator.io.exporters import brat
    from annotator.nlp.spacy_export import export_spacy

    db = tmp_path / "p.db"
    _project(db, 3)
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.md").write_text("내 메모", encoding="utf-8")
    with Project.open(db, "tester") as p:
        with pytest.raises(OSError, match="holds files this export does not write"):
            brat.export(p, out=folder, status="all")
        export_spacy(p, out_dir=folder, status="all")  # spaCy's files go in beside the user's
    assert (folder / "notes.md").read_text(encoding="utf-8") == "내 메모"
    assert (folder / "train.spacy").is_file() and _leftovers(folder) == []
