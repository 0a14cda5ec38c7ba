"""The fuzzing campaign's targets beyond the import folders of tests/fuzz/harness.py, each a seeded loop of whole
processes (the CLI as a user runs it) with an oracle:

    states     a damaged project file (garbage or zeroed page, truncation, a lying or future user_version, a table
               or view dropped, garbage -wal, empty, a text file, a directory) opened by every command and by the
               app's open path: exit 0/1/2, no traceback, a refusal names the file and leaves its bytes as they
               were; a file a command accepted still passes PRAGMA integrity_check.
    full_disk  every writing command on a disk with 0 B to 4 MiB free (a small tmpfs when this runs as root, else
               a file-size limit, RLIMIT_FSIZE): exit 0/1, no traceback, a failure names a file, no .part left,
               the project passes integrity_check and every document stored before is there with its labels.
    huge       generated huge inputs (a compact Label Studio export and .json array on one line, a minified page,
               over-long JSON lines, 100k-deep nesting, millions of newlines or lone CRs, a document over the
               limit) through `annotator import --json`: exit 0/1, no traceback, peak RSS under MAX_RSS_MB,
               problems as FILE:LINE, and the good records of each file stored.
    suggest    mutated --dictionary files and text files through `annotator suggest --json`: exit 0/1/2, no
               traceback, every message 'annotator: FILE:LINE: why' or 'annotator: error: FILE: why'.
    formats    every seed file of the import harness, whole and mutated, imported with every --format forced (a
               parser fed another format), now and then with an --encoding forced too: no crash, no catch-all problem, every problem names the file, the
               project passes its invariants.
    team       reviewers' hand-outs, damaged or mixed up, merged back by `annotator merge` (tests/fuzz/campaign_team.py
               says what is done and checked).

run_target(name, root, seed=, seconds=, cases=) returns a TargetRun (inputs run, failing ones with what broke).
"""

from __future__ import annotations

import json
import os
import random
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.fuzz.harness import CATCH_ALL, FIXTURES, mutate_bytes, seed_files
from tests.store_invariants import assert_store_invariants, stored_documents

REPO = Path(__file__).resolve().parents[2]
MAX_RSS_MB = 1500
FREE_BYTES = (0, 4096, 16384, 65536, 262144, 1 << 20, 4 << 20)
FORMATS = ("txt", "jsonl", "html", "klue", "conll", "brat", "label_studio", "webanno")
ENCODINGS = ("utf-8", "cp949", "euc-kr", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "latin-1", "ascii")
# {o}: the case's output folder; {db}: the project; {other}: a second reviewer's project (a merge source)
COMMANDS = (
    ("stats", "--json"), ("import", "-q", "--add-labels", "{src}"), ("index", "-q"), ("segment", "--all", "-q"),
    ("tokenize", "-q", "--workers", "1"), ("suggest", "-q", "--workers", "1", "--sources", "dictionary,patterns"),
    ("export", "doccano", "-q", "--status", "all", "--out", "{o}/d.jsonl"),
    ("export", "prodigy", "-q", "--status", "all", "--out", "{o}/p.jsonl"),
    ("export", "conll", "-q", "--status", "all", "--out", "{o}/c.conll"),
    ("export", "brat", "-q", "--status", "all", "--out", "{o}/brat"),
    ("export", "csv", "-q", "--status", "all", "--out", "{o}/c.csv"),
    ("export", "label_studio", "-q", "--status", "all", "--out", "{o}/ls.json"),
    ("export", "spacy", "-q", "--status", "all", "--out", "{o}/sp"),
    ("report", "-q", "--out", "{o}/r.xlsx"), ("agreement", "-q"), ("assign", "-q", "--reviewers", "a,b", "--out",
                                                                    "{o}/team"),
    ("merge", "-q", "--into", "{o}/team.db", "{db}"), ("merge", "-q", "--into", "{db}", "{other}"),
)
WRITING = {"import", "index", "segment", "tokenize", "suggest", "merge"}
APP_OPEN = ("app-open",)  # the app's File > Open path (ui.launch.open_main_window), in a process of its own
_APP_OPEN_CODE = """
import os, sys
from pathlib import Path
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
app = QApplication([])
from annotator.store import ProjectError
from PySide6.QtWidgets import QMessageBox
QMessageBox.critical = QMessageBox.warning = staticmethod(lambda *a, **k: None)  # no one to click them here
from annotator.ui.launch import install_database_error_hook, open_main_window
install_database_error_hook(Path(sys.argv[1]))  # as run_app does: a database error escaping is one message
settings = QSettings(sys.argv[2], QSettings.Format.IniFormat)
settings.setValue("reviewer/name", "fuzz")
try:
    window = open_main_window(Path(sys.argv[1]), settings=settings)
except ProjectError as exc:
    print(f"annotator: error: {exc}", file=sys.stderr)
    sys.exit(1)
app.processEvents()
window.close()
app.processEvents()
"""


@dataclass
class TargetRun:
    target: str
    ran: int = 0
    failing: list[tuple[str, list[str]]] = field(default_factory=list)
    seconds: float = 0.0


def _env() -> dict:
    return dict(os.environ, PYTHONPATH=str(REPO), ANNOTATOR_REVIEWER="fuzz", QT_QPA_PLATFORM="offscreen",
                ANNOTATOR_MORPHOLOGY="0")


def run_command(args, *, cwd: Path, preexec=None, timeout: float = 900, as_nobody: bool = False
                ) -> tuple[int, str, str, float]:
    """Run the CLI (or the app's open path) as a whole process; (exit code, stdout, stderr, peak RSS in MB, read
    from /proc every 10 ms while it runs).
    as_nobody: in a forked child that gave up root's rights (the interpreter under /root cannot be run as nobody)."""
    if as_nobody:
        return _forked_as_nobody(args, cwd)
    if args[0] == APP_OPEN[0]:
        argv = [sys.executable, "-c", _APP_OPEN_CODE, *map(str, args[1:]), str(cwd / "settings.ini")]
    else:
        argv = [sys.executable, "-m", "annotator", *map(str, args)]
    out, err = cwd / ".stdout", cwd / ".stderr"
    with open(out, "wb") as o, open(err, "wb") as e:
        proc = subprocess.Popen(argv, stdout=o, stderr=e, env=_env(), cwd=cwd, preexec_fn=preexec)
        deadline = time.monotonic() + timeout
        peak_kib = 0
        while True:
            pid, status, _ = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            peak_kib = max(peak_kib, _high_water_kib(proc.pid))
            if time.monotonic() > deadline:
                proc.kill()
                _, status, _ = os.wait4(proc.pid, 0)
                break
            time.sleep(0.01)
    proc.returncode = os.waitstatus_to_exitcode(status)
    text = out.read_text(encoding="utf-8", errors="replace"), err.read_text(encoding="utf-8", errors="replace")
    out.unlink(), err.unlink()
    return proc.returncode, text[0], text[1], peak_kib / 1024


def _high_water_kib(pid: int) -> int:
    """The process's own peak RSS so far (VmHWM), 0 once it has ended. Not wait4's ru_maxrss: Linux carries the
    forking process's size over exec into it, so under a large pytest process every child looked as large."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            return next((int(line.split()[1]) for line in fh if line.startswith("VmHWM:")), 0)
    except OSError:
        return 0


READ_ONLY_COMMANDS = {"stats", "export", "report", "agreement", "import", "index", "merge", "assign"}


def _import_before_giving_up_root() -> None:
    """What the commands a read-only case runs import lazily: the interpreter's files under /root cannot be read
    by nobody."""
    import importlib
    import pkgutil

    import annotator.io.exporters
    from annotator.cli import COMMAND_MODULES

    for name in (*COMMAND_MODULES, "annotator.store", "annotator.store.team", "annotator.io.importers",
                 "annotator.io.importers.runner",
                 "annotator.io.report", "openpyxl", "csv", "zipfile", "uuid", "tempfile", "shutil", "traceback",
                 "unicodedata", "encodings.idna", "encodings.cp949", "encodings.utf_16"):
        importlib.import_module(name)
    for module in pkgutil.iter_modules(annotator.io.exporters.__path__):
        importlib.import_module(f"annotator.io.exporters.{module.name}")


def _forked_as_nobody(args, cwd: Path) -> tuple[int, str, str, float]:
    out, err = cwd / ".stdout", cwd / ".stderr"
    with open(out, "wb") as o, open(err, "wb") as e:
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child
            code = 70
            try:
                os.dup2(o.fileno(), 1)
                os.dup2(e.fileno(), 2)
                os.environ.update(_env())
                os.chdir(cwd)
                _import_before_giving_up_root()
                os.setgid(NOBODY)
                os.setuid(NOBODY)
                from annotator.cli import main

                code = main([str(a) for a in args]) if args[0] != APP_OPEN[0] else 70
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 1
            except BaseException:  # noqa: BLE001 - the traceback is what the oracle looks for
                import traceback

                traceback.print_exc()
                code = 70
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        _, status, usage = os.wait4(pid, 0)
    text = out.read_text(encoding="utf-8", errors="replace"), err.read_text(encoding="utf-8", errors="replace")
    out.unlink(), err.unlink()
    return os.waitstatus_to_exitcode(status), text[0], text[1], usage.ru_maxrss / 1024


def process_failures(code: int, stderr: str, allowed=(0, 1)) -> list[str]:
    failures = []
    if code not in allowed:
        failures.append(f"exit code {code}" + (" (killed: memory?)" if code == -9 else ""))
    if "Traceback" in stderr or "Exception ignored" in stderr:
        failures.append("traceback: " + stderr[-500:])
    return failures


def integrity(db: Path) -> str:
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            return con.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error as exc:
        return str(exc)


def build_seed_projects(root: Path) -> tuple[Path, Path]:
    """A project with imported documents, labels, relations, a done document and suggestions; and a second
    reviewer's project to merge into it."""
    from annotator.io.importers import import_paths
    from annotator.store import Project

    root.mkdir(parents=True, exist_ok=True)
    main, other = root / "seed.db", root / "other.db"
    with Project.open(main, "kim") as project:
        import_paths(project, [FIXTURES / "import" / "seeds_labelled.jsonl", FIXTURES / "import" /
                               "label_studio_export.json", FIXTURES / "corpus"], add_labels=True)
        for doc_id in project.document_ids()[:3]:
            project.set_status(doc_id, "done")
    code, _, err, _ = run_command(["suggest", "--db", main, "-q", "--workers", "1", "--sources",
                                   "dictionary,patterns"], cwd=root)
    assert code == 0, err
    with Project.open(other, "lee") as project:
        import_paths(project, [FIXTURES / "import" / "labelled_shapes.jsonl", FIXTURES / "import" /
                               "seeds_labelled.jsonl"], add_labels=True)
        for doc_id in project.document_ids()[:4]:
            project.set_status(doc_id, "done")
    for path in (main, other):
        con = sqlite3.connect(path)
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.close()
    return main, other


def _args(command, *, db: Path, out: Path, other: Path, src: Path) -> list[str]:
    args = [part.format(o=out, db=db, other=other, src=src) for part in command]
    return args if any("{db}" in part for part in command) else [*args, "--db", str(db)]


# states -------------------------------------------------------------------------------------------------------
def damage_project(rng: random.Random, data: bytes, path: Path) -> str:
    """Write a damaged copy of a project's bytes to path; returns what was done."""
    from annotator.store import schema

    page = int.from_bytes(data[16:18], "big")
    kind = rng.choice(["garbage page", "zero page", "flips", "truncate", "user_version", "drop", "wal", "empty",
                       "text", "directory", "locked", "read-only"])
    b = bytearray(data)
    if kind == "garbage page":
        n = rng.randrange(1, len(b) // page)
        b[n * page:(n + 1) * page] = bytes(rng.randrange(256) for _ in range(page))
    elif kind == "zero page":
        n = rng.randrange(1, len(b) // page)
        b[n * page:(n + 1) * page] = bytes(page)
    elif kind == "flips":
        for _ in range(rng.randint(1, 30)):
            b[rng.randrange(100, len(b))] ^= 1 << rng.randrange(8)
    elif kind == "truncate":
        b = b[:rng.randrange(0, len(b))]
    elif kind == "user_version":
        value = rng.choice([-1, 0, 1, 3, 7, 10, schema.SCHEMA_VERSION + 1, 999])
        b[60:64] = value.to_bytes(4, "big", signed=True)
        kind += f" {value}"
    elif kind == "empty":
        b = bytearray()
    elif kind == "text":
        b = bytearray("프로젝트가 아닌 메모\n".encode())
    elif kind == "directory":
        path.mkdir()
        return kind
    elif kind == "read-only" and os.geteuid() != 0:
        kind = "locked"  # a read-only file is only read-only to a user without root's rights
    path.write_bytes(bytes(b))
    if kind == "drop":
        name = rng.choice(sorted(schema.objects_at(schema.SCHEMA_VERSION)))
        con = sqlite3.connect(path)
        what = con.execute("SELECT type FROM sqlite_master WHERE name = ?", (name,)).fetchone()[0]
        con.execute(f"DROP {what.upper()} {name}")
        con.commit()
        con.close()
        kind += f" {name}"
    elif kind == "wal":
        Path(f"{path}-wal").write_bytes(bytes(rng.randrange(256) for _ in range(rng.choice([32, 4096, 40000]))))
    return kind


_HOLD_LOCK = """
import sqlite3, sys, time
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("BEGIN IMMEDIATE")
print("held", flush=True)
time.sleep(3600)
"""
NOBODY = 65534


def _digest(path: Path) -> str | None:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


def states_case(root: Path, rng: random.Random, seeds: tuple[Path, Path], src: Path) -> tuple[str, list[str]]:
    main, other = seeds
    root.mkdir(parents=True)
    db, out = root / "p.db", root / "o"
    out.mkdir()
    kind = damage_project(rng, main.read_bytes(), db)
    command = rng.choice(COMMANDS + (APP_OPEN,))
    args = [APP_OPEN[0], db] if command == APP_OPEN else _args(command, db=db, out=out, other=other, src=src)
    before = _digest(db)
    holder = None
    if kind == "locked":  # another program holds the write lock the whole time
        holder = subprocess.Popen([sys.executable, "-c", _HOLD_LOCK, str(db)], stdout=subprocess.PIPE, text=True)
        holder.stdout.readline()
    elif kind == "read-only":  # a share or CD: the file and its folder cannot be written, by a user without root
        os.chmod(db, 0o444)
        os.chmod(root, 0o555)
        if command == APP_OPEN or command[0] not in READ_ONLY_COMMANDS or "spacy" in command:  # the app cannot start in a forked child
            command, args = ("stats",), ["stats", "--db", db]
    try:
        code, _, stderr, _ = run_command(args, cwd=root, as_nobody=kind == "read-only")
    finally:
        if holder is not None:
            holder.kill()
            holder.wait()
        os.chmod(root, 0o755)
    what = f"{kind} / {' '.join(command[:2])}"
    if kind == "locked" and command[0] in WRITING and code == 1 and str(db) not in stderr:
        failures_locked = [f"a locked project's failure names no file: {stderr[-300:]}"]
    else:
        failures_locked = []
    failures = process_failures(code, stderr, allowed=(0, 1, 2)) + failures_locked
    last = (stderr.strip().splitlines() or [""])[-1]
    refused = code == 1 and ("nothing was changed" in last or "nothing was merged" in last)
    if refused and str(db) not in last:
        failures.append(f"refusal names no file: {last[:200]}")
    if refused and _digest(db) != before:
        failures.append("a refused file was changed")
    if code == 0 and db.is_file() and db.stat().st_size and (check := integrity(db)) != "ok":
        failures.append(f"accepted, but integrity_check says {check[:120]}")
    return what, failures


# full disk ----------------------------------------------------------------------------------------------------
def can_mount_tmpfs(root: Path) -> bool:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    probe = root / "mount-probe"
    probe.mkdir(parents=True, exist_ok=True)
    ok = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(probe)], capture_output=True)
    if ok.returncode == 0:
        subprocess.run(["umount", str(probe)], check=True)
    return ok.returncode == 0


def full_disk_case(root: Path, rng: random.Random, seeds: tuple[Path, Path], src: Path,
                   tmpfs: bool) -> tuple[str, list[str]]:
    main, other = seeds
    command = rng.choice([c for c in COMMANDS if c[0] not in ("stats", "agreement")])
    free = rng.choice(FREE_BYTES)
    root.mkdir(parents=True)
    disk = root / "disk"
    disk.mkdir()
    before = stored_documents(main)
    preexec = None
    if tmpfs:
        size = main.stat().st_size + other.stat().st_size + 64 * 1024 + free
        subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(disk)], check=True)
    else:
        limit = main.stat().st_size + free

        def preexec():
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG from write(), as ENOSPC on a full disk
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    try:
        db, out = disk / "p.db", disk / "o"
        out.mkdir()
        shutil.copy(other, out / "other.db")
        shutil.copy(main, db)
        if tmpfs:  # fill the rest so that exactly `free` bytes are left
            left = shutil.disk_usage(disk).free - free
            if left > 0:
                with open(disk / "filler", "wb") as fh:
                    try:
                        fh.write(bytes(left))
                    except OSError:
                        pass
        args = _args(command, db=db, out=out, other=out / "other.db", src=src)
        code, _, stderr, _ = run_command(args, cwd=root, preexec=preexec)
        failures = process_failures(code, stderr)
        if code == 1 and not any(line.startswith("annotator") and "/" in line for line in stderr.splitlines()):
            failures.append(f"a failure that names no file: {stderr[-300:]}")
        parts = [p.name for p in disk.rglob("*") if p.name.endswith(".part")]
        if parts:
            failures.append(f"left half-written: {parts[:3]}")
        for suffix in ("", "-wal"):
            if Path(f"{db}{suffix}").exists():
                shutil.copy(f"{db}{suffix}", root / f"after.db{suffix}")
    finally:
        if tmpfs:
            subprocess.run(["umount", str(disk)], check=True)
    after_db = root / "after.db"
    check = integrity(after_db)
    if check != "ok":
        failures.append(f"integrity_check: {check[:120]}")
    else:
        after = stored_documents(after_db)
        lost = [t for t in before if t not in after]
        changed = [t for t in before if t in after and after[t] != before[t]]
        if lost or (changed and command[0] != "merge"):
            failures.append(f"lost {len(lost)} documents, changed the labels of {len(changed)}")
    return f"{' '.join(command[:2])} with {free} B free ({'tmpfs' if tmpfs else 'RLIMIT_FSIZE'})", failures


# huge inputs --------------------------------------------------------------------------------------------------
GOOD = "끝에 남은 좋은 기록"


def huge_inputs(rng: random.Random, folder: Path) -> dict[str, set[str]]:
    """Write one huge input; returns {file name: texts that must be stored from it}."""
    folder.mkdir(parents=True)
    kind = rng.choice(["ls", "array", "minified", "long line", "deep", "newlines", "cr", "too big", "utf16 ls"])
    n = rng.randint(6000, 40000)
    good_line = json.dumps({"text": GOOD}, ensure_ascii=False) + "\n"
    if kind in ("ls", "utf16 ls"):
        tasks = [{"id": i, "data": {"text": f"부산시 과제 {i}"}, "annotations": [{"result": [{
            "id": f"r{i}", "type": "labels", "from_name": "l", "to_name": "t",
            "value": {"start": 0, "end": 3, "text": "부산시", "labels": ["LOC"]}}]}]} for i in range(n)]
        body = json.dumps(tasks, ensure_ascii=False).encode("utf-16" if kind == "utf16 ls" else "utf-8")
        (folder / "export.json").write_bytes(body)
        return {"export.json": {f"부산시 과제 {i}" for i in (0, n - 1)}}
    if kind == "array":
        records = [{"text": f"배열 기록 {i}"} for i in range(n * 3)]
        (folder / "records.json").write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
        return {"records.json": {"배열 기록 0", f"배열 기록 {n * 3 - 1}"}}
    if kind == "minified":
        page = ("<html><head><script>" + "var a=1;" * (n * 30) + "</script></head><body><p>부산시는 규제자유특구를"
                " 발표했다.</p></body></html>")
        (folder / "page.html").write_text(page, encoding="utf-8")
        return {"page.html": set()}  # its text is the page's: checked as "imported 1" below
    if kind == "long line":
        big = json.dumps({"text": "가" * (n * 100)}, ensure_ascii=False)
        (folder / "long.jsonl").write_text(good_line + big + "\n" + big[:-5] + "\n", encoding="utf-8")
        return {"long.jsonl": {GOOD}}
    if kind == "deep":
        (folder / "deep.jsonl").write_text("[" * (n * 10) + "\n" + "{\"a\":" * n + "\n" + good_line,
                                           encoding="utf-8")
        return {"deep.jsonl": {GOOD}}
    if kind == "newlines":
        (folder / "lines.txt").write_text("\n" * (n * 300) + "본문 한 줄\n", encoding="utf-8")
        return {"lines.txt": set()}
    if kind == "cr":
        (folder / "cr.jsonl").write_bytes(("\r" * (n * 100)).encode() + good_line.encode())
        return {"cr.jsonl": {GOOD}}
    (folder / "big.txt").write_text("부산시 규제자유특구 " * (n * 200), encoding="utf-8")  # over the 20 MB limit
    return {"big.txt": set()}


def huge_case(root: Path, rng: random.Random) -> tuple[str, list[str]]:
    root.mkdir(parents=True)
    wanted = huge_inputs(rng, root / "in")
    name = next(iter(wanted))
    size = (root / "in" / name).stat().st_size
    db = root / "p.db"
    code, stdout, stderr, rss = run_command(["import", "--db", db, "--json", "-q", "--add-labels", root / "in"],
                                            cwd=root)
    failures = process_failures(code, stderr)
    if rss > MAX_RSS_MB:
        failures.append(f"peak RSS {rss:.0f} MB for a {size / 1e6:.0f} MB file")
    try:
        report = json.loads(stdout)
    except ValueError:
        return name, failures + [f"--json printed no JSON: {stderr[-300:]}"]
    for problem in report.get("problems", []):
        if not problem.startswith(str(root / "in" / name) + ":"):
            failures.append(f"problem names no FILE:LINE: {problem[:200]}")
    stored = stored_documents(db) if db.exists() else {}
    missing = wanted[name] - set(stored)
    if missing:
        failures.append(f"good records not stored: {sorted(missing)[:3]}")
    if name == "page.html" and report.get("imported") != 1:
        failures.append(f"the page was not imported: {report.get('problems')}")
    if name == "lines.txt" and not any("-line limit for a single document" in p for p in report.get("problems", [])):
        failures.append(f"a document of millions of lines was not refused by its line count: {report}")
    return f"{name} ({size / 1e6:.1f} MB)", failures


# suggest inputs -----------------------------------------------------------------------------------------------
def suggest_case(root: Path, rng: random.Random) -> tuple[str, list[str]]:
    root.mkdir(parents=True)
    dictionary = (FIXTURES / "import" / "seeds_labelled.jsonl").read_bytes().split(b"\n")[:6]
    files = {"d.jsonl": b"\n".join(dictionary) + b"\n",
             "page.txt": (FIXTURES / "corpus" / "000_fcb37cc8a9ada870.txt").read_bytes(),
             "cp949.txt": (FIXTURES / "import" / "article_cp949.txt").read_bytes()}
    target = rng.choice(sorted(files))
    files[target] = mutate_bytes(rng, files[target])
    for name, body in files.items():
        (root / name).write_bytes(body)
    code, stdout, stderr, _ = run_command(["suggest", "-q", "--json", "--sources", "dictionary,patterns",
                                           "--dictionary", root / "d.jsonl", root / "page.txt", root / "cp949.txt"],
                                          cwd=root)
    failures = process_failures(code, stderr, allowed=(0, 1, 2))
    for line in stderr.splitlines():
        if not line.startswith((f"annotator: {root}/", f"annotator: error: {root}/")):
            failures.append(f"a message that names no file: {line[:200]}")
    if code == 0:
        try:
            json.loads(stdout)
        except ValueError:
            failures.append("--json printed no JSON")
    return f"mutated {target}", failures


# forced formats -----------------------------------------------------------------------------------------------
def formats_case(root: Path, rng: random.Random) -> tuple[str, list[str]]:
    from annotator.io.importers import import_paths
    from annotator.store import Project

    seeds = seed_files()
    name = rng.choice(sorted(seeds))
    fmt = rng.choice(FORMATS)
    encoding = rng.choice([None] * 6 + list(ENCODINGS))  # --encoding forced for the file, whatever it holds
    root.mkdir(parents=True)
    body = seeds[name][0] if rng.random() < 0.3 else mutate_bytes(rng, seeds[name][0])
    path = root / name
    path.write_bytes(body)
    if name == "pair.ann":
        (root / "pair.txt").write_bytes(seeds["pair.txt"][0])
    db = root / "p.db"
    failures = []
    try:
        with Project.open(db, "fuzz") as project:
            report = import_paths(project, [path], format=fmt, add_labels=rng.random() < 0.5, encoding=encoding)
        assert_store_invariants(db)
    except Exception as exc:  # noqa: BLE001 - a crash is what we look for
        return f"{name} as {fmt} ({encoding})", [f"crash: {type(exc).__name__}: {str(exc)[:300]}"]
    for problem in report.problems:
        if any(marker in problem for marker in CATCH_ALL) or not problem.startswith(str(root)):
            failures.append(f"problem: {problem[:300]}")
    return f"{name} as {fmt} ({encoding})", failures


TARGETS = ("states", "full_disk", "huge", "suggest", "formats", "team")


def run_target(target: str, root: Path, *, seed: int, seconds: float | None = None, cases: int = 10**9,
               log=print) -> TargetRun:
    """Cases 0.. of `target` under root until `cases` ran or `seconds` passed; failing inputs are kept in
    root/failing/TARGET-N."""
    run = TargetRun(target)
    started = time.monotonic()
    work = root / target
    if target == "team":  # tests/fuzz/campaign_team.py
        from tests.fuzz.campaign_team import team_cases

        for number, where, what, failures in team_cases(work, seed, cases, seconds, started):
            _record(run, root, number, where, what, failures, log)
        run.seconds = time.monotonic() - started
        return run
    seeds = src = None
    tmpfs = False
    if target in ("states", "full_disk"):
        seeds = build_seed_projects(work / "seeds")
        src = work / "seeds" / "new.txt"
        src.write_text("새로 들어온 기사 본문입니다.\n부산시 규제자유특구 발표.", encoding="utf-8")
        tmpfs = target == "full_disk" and can_mount_tmpfs(work)
    for number in range(cases):
        if seconds is not None and time.monotonic() - started > seconds:
            break
        rng = random.Random(f"{target}:{seed}:{number}")
        where = work / f"case-{number}"
        if target == "states":
            what, failures = states_case(where, rng, seeds, src)
        elif target == "full_disk":
            what, failures = full_disk_case(where, rng, seeds, src, tmpfs)
        elif target == "huge":
            what, failures = huge_case(where, rng)
        elif target == "suggest":
            what, failures = suggest_case(where, rng)
        else:
            what, failures = formats_case(where, rng)
        _record(run, root, number, where, what, failures, log)
    run.seconds = time.monotonic() - started
    return run


def _record(run: TargetRun, root: Path, number: int, where: Path, what: str, failures: list[str], log) -> None:
    """Count a case; keep a failing one's folder in root/failing/TARGET-N; remove the case's folder."""
    run.ran += 1
    if failures:
        run.failing.append((f"case {number}: {what}", failures))
        log(f"{run.target} case {number} ({what}): " + " | ".join(failures))
        keep = root / "failing" / f"{run.target}-{number}"
        shutil.copytree(where, keep, dirs_exist_ok=True, symlinks=True, ignore=shutil.ignore_patterns("*.db-shm"))
    shutil.rmtree(where, ignore_errors=True)
