"""What a command's process loads before and while it works: the import and export commands load neither the
heavy libraries (spaCy, openpyxl, Qt, Kiwi, numpy) nor the parts of the store and core no import or export uses,
and an import's segmenter processes load only the standard library and the segmenter (they run without site, so
anything from site-packages would not even be found there)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

from annotator.bench.peer import write_corpus
from annotator.core.model import NewDocument
from annotator.io.importers import segmenting

HEAVY = ("spacy", "thinc", "openpyxl", "PySide6", "shiboken6", "kiwipiepy", "numpy")
# Loaded where they are used: adjudication (gold actions), the pattern compiler (changed or suggested patterns),
# the article reader (the segmenter processes read dates and outlets), the suggestion engine.
UNUSED = ("annotator.core.adjudication", "annotator.core.delta", "annotator.core.label_patterns",
          "annotator.core.regex_scan", "annotator.nlp", "annotator.ui")

# Runs `annotator ARGS` in this process (PROCESS_MIN_BYTES=0: even a small import uses the segmenter processes,
# as a large one does), then writes the names of every loaded module to the file named first.
_RUN = """
import json, sys
from annotator.io.importers import runner
runner.PROCESS_MIN_BYTES = 0
from annotator.cli import main
code = main(sys.argv[2:])
with open(sys.argv[1], "w") as out:
    json.dump(sorted(sys.modules), out)
sys.exit(code)
"""


def _modules_of(tmp_path: Path, *args: str) -> set[str]:
    listing = tmp_path / "modules.json"
    env = dict(os.environ, ANNOTATOR_REVIEWER="test", QT_QPA_PLATFORM="offscreen")
    subprocess.run([sys.executable, "-c", _RUN, str(listing), *args, "--quiet"], cwd=tmp_path, env=env,
                   check=True, capture_output=True)
    return set(json.loads(listing.read_text()))


def _loaded(modules: set[str], names) -> list[str]:
    return sorted(m for m in modules if any(m == n or m.startswith(n + ".") for n in names))


def test_import_and_export_load_only_what_they_use(tmp_path):
    write_corpus(tmp_path, documents=30, labelled=12)
    db = str(tmp_path / "p.db")
    runs = {
        "plain import": ["import", "plain.jsonl", "--db", db, "--index", "later"],
        "labelled import": ["import", "labelled.jsonl", "--db", str(tmp_path / "l.db"), "--add-labels"],
        "doccano export": ["export", "doccano", "--db", db, "--out", str(tmp_path / "out.jsonl"), "--status", "all"],
    }
    for what, args in runs.items():
        modules = _modules_of(tmp_path, *args)
        assert "annotator.store.project" in modules, what  # it did open a project
        assert _loaded(modules, HEAVY) == [], what
        assert _loaded(modules, UNUSED) == [], what
    assert len((tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()) == 30


def test_taking_a_segmenter_result_does_not_load_the_article_reader():
    """The importing process holds the date and outlet a segmenter process read (the six values it sent, which the
    store writes as they are) without compiling the patterns that read them."""
    code = ("import sys; from annotator.core.model import NewDocument; "
            "from annotator.io.importers.segmenting import apply_result; doc = NewDocument('x'); "
            "apply_result(doc, (('c', '[0.9]', '[\"\"]'), 'v', 'x', ('2024-05-01', 'dateline', 'e', '', '', ''))); "
            "print(doc.article[0], 'annotator.core.article_meta' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["2024-05-01", "False"]


def test_a_segmenter_process_loads_the_standard_library_and_the_segmenter_only(tmp_path, monkeypatch):
    """The child as ProcessSegmenter starts it (its command line and environment), given one chunk to segment;
    what it imported is read from its -X importtime report (PYTHONPROFILEIMPORTTIME)."""
    started = []
    real_popen = segmenting.subprocess.Popen

    def recording_popen(args, **kwargs):
        started.append((list(args), dict(kwargs["env"])))
        return real_popen(args, **kwargs)

    monkeypatch.setattr(segmenting.subprocess, "Popen", recording_popen)
    segmenting.ProcessSegmenter(None, 1).close()
    monkeypatch.undo()
    (argv, env), = started
    assert "-S" in argv[1:argv.index("-m")]  # no site: the child needs nothing from site-packages
    env["PYTHONPROFILEIMPORTTIME"] = "1"
    page = "(서울=연합뉴스) 홍길동 기자 = 2024년 5월 1일 입력\n규제자유특구 실증 사업이 시작됐다고 밝혔다.\n무단 전재 및 재배포 금지"
    request = io.BytesIO()
    segmenting._write(request, ({"s": ({}, 0)}, [], [(page, "s", None, "", {}, "")]))
    segmenting._write(request, None)
    done = subprocess.run(argv, input=request.getvalue(), env=env, cwd=tmp_path, capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-2000:]
    (result,), (keys,) = segmenting._read(io.BytesIO(done.stdout))
    assert result[0][0] and isinstance(result[3], tuple)  # segmented, and the date and outlet read
    assert sorted(keys) == sorted(segmenting.line_keys(NewDocument(text=page)))  # its lines' keys come back
    imported = {line.split("|")[2].strip() for line in done.stderr.decode().splitlines()
                if line.startswith("import time:") and "imported package" not in line}
    assert {"annotator.core.boilerplate", "annotator.core.article_meta"} <= imported
    # pickle probes for Jython's org.python.core (not found); everything else is stdlib or the package
    outside = sorted(m for m in imported if m.split(".")[0] not in sys.stdlib_module_names
                     and m.split(".")[0] not in ("annotator", "org"))
    assert outside == []
    assert _loaded(imported, ("site", "sqlite3", "annotator.store", "annotator.io.importers.runner", *HEAVY)) == []
