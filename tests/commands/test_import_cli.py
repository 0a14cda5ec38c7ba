"""annotator import, end to end through a subprocess."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "import"


def run_cli(*args):
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.run([sys.executable, "-m", "annotator", *map(str, args)], capture_output=True, text=True,
                          env=env, cwd=REPO, timeout=120)


def test_import_summary_with_duplicates_and_rejected_lines(tmp_path):
    db = tmp_path / "p.db"
    bad = tmp_path / "picture.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    out = run_cli("import", FIXTURES / "bad_records.jsonl", FIXTURES / "article_cp949.txt", bad, "--db", db)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == "imported: 6 documents (0 spans, 0 relations) from 2 files"
    assert "skipped as duplicate: 1" in lines
    assert f"  {FIXTURES / 'bad_records.jsonl'}:9: duplicate of {FIXTURES / 'bad_records.jsonl'}:1 (same import)" in lines
    assert "rejected: 6 problems" in lines
    assert f"  {FIXTURES / 'bad_records.jsonl'}:2: invalid JSON (Expecting property name enclosed in double quotes at column 22); line skipped" in lines
    assert f"  {bad}: binary file (PNG image), not text; file skipped" in lines
    stats = json.loads(run_cli("stats", "--db", db, "--json").stdout)
    assert stats["documents"] == 6

    again = run_cli("import", FIXTURES / "article_cp949.txt", "--db", db, "--json")
    assert again.returncode == 0, again.stderr
    report = json.loads(again.stdout)
    assert report["imported"] == 0 and report["files_read"] == 1
    assert report["duplicates"] == [f"{FIXTURES / 'article_cp949.txt'}:1: duplicate of document 6"]


def test_labelled_import_and_add_labels(tmp_path):
    db = tmp_path / "p.db"
    out = run_cli("import", FIXTURES / "seeds_labelled.jsonl", "--db", db, "--json")
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert (report["imported"], report["spans"], report["relations"], report["problems"]) == (3, 180, 53, [])
    weird = tmp_path / "weird.jsonl"
    weird.write_text(json.dumps({"text": "레이저 무기 기사", "label": [[0, 3, "WEAPON"]]}, ensure_ascii=False) + "\n",
                     encoding="utf-8")
    rejected = json.loads(run_cli("import", weird, "--db", db, "--json").stdout)
    assert rejected["spans"] == 0 and "unknown label 'WEAPON'" in rejected["problems"][0]
    weird.write_text(json.dumps({"text": "레이저 무기 기사 2", "label": [[0, 3, "WEAPON"]]}, ensure_ascii=False) + "\n",
                     encoding="utf-8")
    added = json.loads(run_cli("import", weird, "--db", db, "--json", "--add-labels").stdout)
    assert added["spans"] == 1 and added["labels_added"] == ["WEAPON"]


def test_folder_and_format_option(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(FIXTURES / "page.html", folder / "page.html")
    shutil.copy(FIXTURES / "article_crlf.txt", folder / "a.txt")
    out = run_cli("import", folder, "--db", tmp_path / "p.db")
    assert out.returncode == 0 and out.stdout.startswith("imported: 2 documents"), out.stdout + out.stderr
    forced = run_cli("import", folder / "page.html", "--format", "txt", "--db", tmp_path / "q.db", "--json")
    assert json.loads(forced.stdout)["imported"] == 1  # the markup itself, as text


def test_no_readable_input_exits_non_zero(tmp_path):
    bad = tmp_path / "data.bin"
    bad.write_bytes(bytes(range(256)) * 8)
    out = run_cli("import", bad, tmp_path / "missing.txt", "--db", tmp_path / "p.db")
    assert out.returncode == 1
    assert f"  {bad}: binary file (NUL and control bytes), not text; file skipped" in out.stdout.splitlines()
    assert f"  {tmp_path / 'missing.txt'}: no such file or folder" in out.stdout.splitlines()
    bad_choice = run_cli("import", bad, "--format", "docx", "--db", tmp_path / "p.db")
    assert bad_choice.returncode == 2 and "invalid choice" in bad_choice.stderr


def test_the_import_command_runs_the_collector_slower_and_puts_it_back(tmp_path, monkeypatch):
    import gc

    from annotator.cli import main
    from annotator.io import importers

    seen = []
    real = importers.import_paths

    def spy(*args, **kwargs):
        seen.append((gc.get_threshold()[0], gc.get_freeze_count()))
        return real(*args, **kwargs)

    monkeypatch.setattr(importers, "import_paths", spy)
    before = gc.get_threshold()
    assert main(["import", str(FIXTURES / "article_cp949.txt"), "--db", str(tmp_path / "p.db"), "--quiet"]) == 0
    assert seen and seen[0][0] == before[0] * 100 and seen[0][1] > 0  # old objects frozen, passes rarer
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


def test_an_import_that_stores_nothing_and_refuses_something_fails(tmp_path):
    db = tmp_path / "p.db"
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    conll = tmp_path / "data.conll"
    conll.write_text("부산\tB-LOC\n시\tI-LOC\n\n", encoding="utf-8")
    out = run_cli("import", empty, "--db", db)
    assert out.returncode == 1  # as an empty .txt: said, not silent
    assert f"  {empty}: no records in it; nothing imported" in out.stdout.splitlines()
    wrong = run_cli("import", conll, "--format", "jsonl", "--db", db)  # every line refused
    assert wrong.returncode == 1 and "rejected: 2 problems" in wrong.stdout
    right = run_cli("import", conll, "--db", db)
    assert right.returncode == 0 and right.stdout.startswith("imported: 1 document (")
    again = run_cli("import", conll, "--db", db)  # nothing new, nothing refused: not a failure
    assert again.returncode == 0 and "skipped as duplicate: 1" in again.stdout


def test_output_cut_short_by_its_reader_ends_without_an_error(tmp_path):
    many = tmp_path / "many.txt"
    many.write_text("\n".join(f"줄 {i} 규제자유특구 지정 발표했다." for i in range(60000)), encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.Popen([sys.executable, "-m", "annotator", "segment", str(many)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env, cwd=REPO)
    proc.stdout.readline()
    proc.stdout.close()  # as `| head -1` does
    err = proc.stderr.read().decode("utf-8")
    assert proc.wait(timeout=120) == 1 and "Broken pipe" not in err and "Traceback" not in err


def test_a_duplicate_says_that_its_own_labels_were_not_imported(tmp_path):
    db = tmp_path / "p.db"
    source = tmp_path / "dup.jsonl"
    source.write_text('{"text": "부산시 특구 지정", "label": [[0, 3, "LOC"]]}\n'
                      '{"text": "부산시 특구 지정", "label": [[4, 6, "ZONE"], [0, 3, "LOC"]]}\n'
                      '{"text": "부산시 특구 지정"}\n', encoding="utf-8")
    out = run_cli("import", source, "--db", db)
    lines = out.stdout.splitlines()
    assert (f"  {source}:2: duplicate of {source}:1 (same import); its 2 entities not imported (the stored copy"
            " keeps its own)") in lines
    assert f"  {source}:3: duplicate of {source}:1 (same import)" in lines  # nothing of its own to lose


def test_a_labelled_file_of_documents_stored_before_brings_its_labels(tmp_path):
    db = tmp_path / "p.db"
    plain, labelled = tmp_path / "pages.jsonl", tmp_path / "labelled.jsonl"
    plain.write_text('{"text": "부산시 특구 지정"}\n', encoding="utf-8")
    labelled.write_text('{"text": "부산시 특구 지정", "label": [[0, 3, "LOC"], [4, 6, "ZONE"]]}\n', encoding="utf-8")
    assert run_cli("import", plain, "--db", db).returncode == 0
    out = run_cli("import", labelled, "--db", db)
    lines = out.stdout.splitlines()
    assert out.returncode == 0
    assert ("labels added to documents stored before: 1 document (2 spans, 0 relations), each into its file's"
            " import layer") in lines
    assert (f"  {labelled}:1: duplicate of document 1; its 2 entities added to the stored copy, in layer"
            " import:labelled.jsonl") in lines


def test_a_csv_file_named_jsonl_is_said_once_and_its_problems_are_capped_per_file(tmp_path):
    """Each of its rows printed an "invalid JSON" line, and nothing said why: the first line now says that the file
    looks like CSV; past 20 a file's problems are counted, not printed (--json still lists each). A good JSON lines
    file beside it is imported whole."""
    rows = tmp_path / "rows.jsonl"
    rows.write_text("id,text\n" + "".join(f"{n},강원 규제자유특구 기사 {n}\n" for n in range(1, 31)), encoding="utf-8")
    broken = tmp_path / "broken.jsonl"
    broken.write_text("".join(f'{{"text": "기사 {n}"}}\n' if n % 2 else "{oops\n" for n in range(50)), encoding="utf-8")
    db = tmp_path / "p.db"
    out = run_cli("import", rows, broken, "--db", db, "-q")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == "imported: 25 documents (0 spans, 0 relations) from 2 files" and "rejected: 56 problems" in lines
    assert f"  {rows}:1: invalid JSON (Expecting value at column 1); line skipped (the file looks like CSV or TSV, which" \
           ' is not imported: save it as JSON lines, one {"text": ...} object a line)' in lines
    shown = [line for line in lines if line.startswith(f"  {rows}:")]
    assert len(shown) == 20 and f"  {rows}:2: invalid JSON (Extra data at column 2); line skipped" in lines
    assert sum(1 for line in lines if line.startswith(f"  {broken}:")) == 20
    assert lines.count("  … and 11 more problems in this file (--json lists every one)") == 1
    assert lines.count("  … and 5 more problems in this file (--json lists every one)") == 1
    assert sum("looks like CSV" in line for line in lines) == 1
    report = json.loads(run_cli("import", rows, broken, "--db", tmp_path / "q.db", "--json").stdout)
    assert len(report["problems"]) == 56
