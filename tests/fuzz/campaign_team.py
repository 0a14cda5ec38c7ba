"""The campaign's team target: reviewers' hand-outs, with work in them, damaged or mixed up the ways files come back
(cut short, bits flipped, a page of garbage or zeros, rows edited by another program, a future schema, a garbage
or live write-ahead log, a hot rollback journal, 0 bytes, given twice, a copy of another's, the team file itself,
another project's file) and merged by `annotator merge --json` as a whole process, now and then killed with
SIGKILL midway. The oracle:

    exit 0 or 1, no traceback; the sources' bytes (and logs, journals) unchanged;
    refused (exit 1): the last line names a source or the team file, and the team file is as it was; never
        files with nothing wrong (as handed back, given twice, a copy, another project's, a log or hot journal);
    merged (exit 0): integrity_check ok, the store's invariants per layer, every hash its text's; every document
        and label the team file had is there; every reviewer's entities and statuses in each source that SQLite
        can read are in the team file (by the reviewer's stable id); merging the same files again writes nothing;
    killed: the team file is as it was or as the whole merge leaves it, and merging again gives the latter.

team_case(root, rng, seeds) returns (what was done, failures); build_team_seeds(root) makes the seeds once.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from annotator.core.text import text_sha256
from tests.fuzz.campaign_targets import (_digest, _env, build_seed_projects, integrity, process_failures,
                                        run_command)
from tests.store_invariants import stored_documents

REVIEWERS = ("kim", "lee")
GOOD = {"none", "live wal", "hot journal", "twice", "copy", "other project"}  # nothing wrong: merged, not refused
MUTATIONS = ("none", "truncate", "flips", "garbage page", "zero page", "rows", "future schema", "garbage wal",
             "live wal", "hot journal", "empty", "twice", "copy", "team file", "other project", "kill")


def build_team_seeds(root: Path) -> dict[str, Path]:
    """The team project (build_seed_projects' main one), handed out to kim and lee, each of whom labelled some
    of their documents and marked them done; and a file of another project (a merge source of strangers)."""
    from annotator.core.team import plan_assignment
    from annotator.store import Project
    from annotator.store.team import write_assignment

    team, other = build_seed_projects(root)
    with Project.open(team, "lead") as project:
        plan = plan_assignment(project.document_ids(), list(REVIEWERS), overlap=0.5, seed=1)
        files = write_assignment(project, plan, root / "handout")
    for name, path in zip(REVIEWERS, files):
        with Project.open(path, name) as reviewer:
            for n, doc_id in enumerate(reviewer.document_ids()):
                if n % 3 == 2:
                    continue
                _label_a_free_place(reviewer, doc_id, "ORG" if name == "kim" else "LOC")
                reviewer.set_status(doc_id, "done" if n % 2 == 0 else "in_progress")
        _checkpoint(path)
    return {"team": team, "other": other, **dict(zip(REVIEWERS, files))}


def _label_a_free_place(project, doc_id: int, label: str) -> None:
    taken = [(s.start, s.end) for s in project.spans(doc_id)]
    length = len(project.document(doc_id).text)
    for start in range(0, max(0, length - 2), 7):
        if all(end <= start or start + 2 <= begin for begin, end in taken):
            project.add_span(doc_id, start, start + 2, label)
            return


def _checkpoint(path: Path) -> None:
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()


def reviewer_work(path: Path) -> set[tuple] | None:
    """{(reviewer, text hash, start, end, label)} and {(reviewer, text hash, status)} of the reviewer layers in a
    file, the reviewer by stable id (else name; the team file's rows under both); read from a copy (with its
    log), so the file is not touched; None when SQLite cannot read it as a project."""
    copy = path.with_name(path.name + ".oracle")
    try:
        shutil.copyfile(path, copy)
        for side in ("-wal", "-journal"):
            if Path(f"{path}{side}").exists():
                shutil.copyfile(f"{path}{side}", f"{copy}{side}")
        con = sqlite3.connect(copy)  # read-write: a hot journal is played back
        try:
            return _work_of(con, every_key=False)
        finally:
            con.close()
    except (sqlite3.Error, UnicodeDecodeError, OSError):
        return None
    finally:
        for leftover in (copy, *(Path(f"{copy}{side}") for side in ("-wal", "-shm", "-journal"))):
            leftover.unlink(missing_ok=True)


def _team_work(path: Path) -> set[tuple]:
    """The team file's reviewer work under every key a source may use (stable id and name)."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return _work_of(con, every_key=True)
    finally:
        con.close()


def _work_of(con, *, every_key: bool) -> set[tuple]:
    who = {rid: [k for k in (uid, name) if k] for rid, name, uid in con.execute("SELECT id, name, uid FROM reviewers")}
    rows = con.execute(
        'SELECT y.reviewer_id, d.sha256, s.start, s."end", l.name FROM spans s JOIN layers y ON y.id = s.layer_id'
        " JOIN documents d ON d.id = s.doc_id JOIN labels l ON l.id = s.label_id WHERE y.kind = 'reviewer'"
    ).fetchall() + con.execute("SELECT s.reviewer_id, d.sha256, s.status FROM doc_status s JOIN documents d"
                               " ON d.id = s.doc_id WHERE s.status != 'new'").fetchall()
    # a row of a reviewer the file does not hold is '?': in no team file
    return {(key, *row[1:]) for row in rows for key in (who.get(row[0]) or ["?"])[:None if every_key else 1]}


def _edit_rows(rng: random.Random, path: Path) -> str:
    """Rows edited by another program (foreign keys off, as SQLite leaves them): what was done."""
    con = sqlite3.connect(path)
    try:
        table, column = rng.choice([("spans", "layer_id"), ("spans", "doc_id"), ("spans", "label_id"),
                                    ("relations", "head_id"), ("layers", "reviewer_id"), ("doc_status", "doc_id"),
                                    ("doc_status", "reviewer_id"), ("reviewers", "uid"), ("spans", "start"),
                                    ("documents", "sha256"), ("spans", "overlap"), ("labels", "name")])
        if column == "overlap":  # an entity over another of its layer, which the app never writes
            con.execute('INSERT INTO spans (doc_id, layer_id, start, "end", label_id, reviewer_id, created_at)'
                        ' SELECT doc_id, layer_id, start, "end" + 1, label_id, reviewer_id, created_at FROM spans'
                        " ORDER BY id LIMIT 1 OFFSET ?", (rng.randrange(con.execute("SELECT COUNT(*) FROM spans")
                                                                        .fetchone()[0] or 1),))
            con.commit()
            return "rows: an entity over another"
        keys = [r[1] for r in sorted(con.execute(f"PRAGMA table_info({table})"), key=lambda r: r[5]) if r[5]]
        key = ", ".join(keys) if keys else "rowid"  # doc_status is WITHOUT ROWID
        rows = con.execute(f"SELECT {key} FROM {table} ORDER BY {key}").fetchall()
        if not rows:
            return f"rows: no {table}"
        value = rng.choice([None, 0, 1, 2, 3, 999, -1, "x", "a b", "L" * 101])
        row = rng.choice(rows)
        try:
            con.execute(f"UPDATE {table} SET {column} = ? WHERE ({key}) = ({', '.join('?' * len(row))})",
                        (value, *row))
            con.commit()
        except sqlite3.Error as exc:  # a CHECK or trigger of the file's own refused it: the file is as it was
            return f"rows: {table}.{column} = {value!r} refused by the file ({exc})"
        return f"rows: {table}.{column} of row {tuple(row)} = {value!r}"
    finally:
        con.rollback()
        con.close()
        _checkpoint(path)


def _live_wal(path: Path) -> None:
    """The reviewer's app killed with work in the log only (the file's WAL holds it)."""
    script = ("import os, sys\nfrom annotator.store import Project\np = Project.open(sys.argv[1], 'kim')\n"
              "p.conn.execute('PRAGMA wal_autocheckpoint = 0')\n"
              "[p.set_status(d, 'skipped') for d in p.document_ids()[:2]]\nos._exit(0)\n")
    subprocess.run([sys.executable, "-c", script, str(path)], check=True, env=_env(), capture_output=True)


_KILLED_WRITER = """
import os, sqlite3, sys
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("PRAGMA journal_mode = DELETE")
con.execute("PRAGMA cache_size = 1")  # what it changes spills into the file before any commit
con.execute("BEGIN")
con.execute("DELETE FROM spans WHERE id % 2 = 0")
con.execute("DELETE FROM doc_status")
con.execute("UPDATE documents SET title = title || hex(randomblob(1000))")
if sys.argv[2] == "schema":
    con.execute("CREATE TABLE scratch (x)")
os._exit(0)  # killed: its rollback journal is left hot beside the file
"""


def _sources(rng: random.Random, seeds: dict[str, Path], work: Path, team: Path) -> tuple[str, list[Path]]:
    kim, lee = work / "kim.annotator.db", work / "lee.annotator.db"
    shutil.copyfile(seeds["kim"], kim)
    shutil.copyfile(seeds["lee"], lee)
    sources = [kim, lee]
    how = rng.choice(MUTATIONS + ("rows",) * 4)  # rows edited take many shapes
    victim = rng.choice(sources)
    data = bytearray(victim.read_bytes())
    page = int.from_bytes(data[16:18], "big") or 65536
    if how == "truncate":
        del data[rng.randrange(len(data)):]
    elif how == "flips":
        for _ in range(rng.randint(1, 40)):
            data[rng.randrange(100, len(data))] ^= 1 << rng.randrange(8)
    elif how in ("garbage page", "zero page"):
        n = rng.randrange(1, len(data) // page)
        data[n * page:(n + 1) * page] = bytes(page) if how == "zero page" else rng.randbytes(page)
    elif how == "future schema":
        data[60:64] = rng.choice([15, 99, -1]).to_bytes(4, "big", signed=True)
    elif how == "empty":
        data = bytearray()
    if how in ("truncate", "flips", "garbage page", "zero page", "future schema", "empty"):
        victim.write_bytes(bytes(data))
    elif how == "rows":
        how = _edit_rows(rng, victim)
    elif how == "garbage wal":
        Path(f"{victim}-wal").write_bytes(rng.randbytes(rng.choice([32, 4096, 40000])))
    elif how == "live wal":
        _live_wal(kim)
    elif how == "hot journal":  # in rollback-journal mode (an older release, another program), its writer killed
        subprocess.run([sys.executable, "-c", _KILLED_WRITER, str(victim), rng.choice(["rows", "schema"])],
                       check=True, capture_output=True)
    elif how == "twice":
        sources.append(victim)
    elif how == "copy":
        twin = work / "copy-of-a-reviewer.annotator.db"
        shutil.copyfile(victim, twin)
        sources.append(twin)
    elif how == "team file":
        sources.append(team if rng.random() < 0.5 else _link(team, work / "link.db"))
    elif how == "other project":
        stranger = work / "stranger.annotator.db"
        shutil.copyfile(seeds["other"], stranger)
        con = sqlite3.connect(stranger)  # its lee is someone else: reviewers without a stable id match by name
        con.execute("UPDATE reviewers SET name = 'park'")
        con.execute("UPDATE layers SET name = 'park' WHERE kind = 'reviewer'")
        con.commit()
        con.close()
        _checkpoint(stranger)
        sources.append(stranger)
    rng.shuffle(sources)
    return how, sources


def _link(team: Path, link: Path) -> Path:
    link.symlink_to(team)
    return link


def _merge(sources, team: Path, cwd: Path):
    return run_command(["merge", "-q", "--json", *sources, "--into", team], cwd=cwd)


def team_case(root: Path, rng: random.Random, seeds: dict[str, Path]) -> tuple[str, list[str]]:
    root.mkdir(parents=True)
    team = root / "team.db"
    shutil.copyfile(seeds["team"], team)
    how, sources = _sources(rng, seeds, root, team)
    files = {p: tuple(_digest(Path(f"{p}{side}")) for side in ("", "-wal", "-journal")) for p in set(sources)
             if p != team and not p.is_symlink()}
    before = stored_documents(team)
    failures: list[str] = []
    if how == "kill":
        reference = root / "reference.db"
        shutil.copyfile(team, reference)
        code, _, stderr, _ = _merge(sources, reference, root)
        failures += process_failures(code, stderr, allowed=(0,))
        whole = stored_documents(reference)
        argv = [sys.executable, "-m", "annotator", "merge", "-q", *map(str, sources), "--into", str(team)]
        proc = subprocess.Popen(argv, env=_env(), cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, 2.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        if integrity(team) != "ok":
            failures.append(f"killed: integrity_check says {integrity(team)[:120]}")
        elif (state := stored_documents(team)) not in (before, whole):
            failures.append("killed: the team file is neither as it was nor as the whole merge leaves it")
        code, _, stderr, _ = _merge(sources, team, root)
        failures += process_failures(code, stderr, allowed=(0,))
        if code == 0 and stored_documents(team) != whole:
            failures.append("merged again after the kill: not what the whole merge leaves")
        how += f" after {proc.returncode}"
    else:
        code, stdout, stderr, _ = _merge(sources, team, root)
        failures += process_failures(code, stderr)
        last = (stderr.strip().splitlines() or [""])[-1]
        if code == 1 and how in GOOD:
            failures.append(f"good files refused: {last[:300]}")
        elif code == 1:
            if not any(str(p) in last for p in [*sources, team]):
                failures.append(f"refusal names no file: {last[:200]}")
            if stored_documents(team) != before:
                failures.append("refused, but the team file changed")
        elif code == 0:
            failures += _merged_failures(team, before, sources, root)
    for path, digests in files.items():
        if tuple(_digest(Path(f"{path}{side}")) for side in ("", "-wal", "-journal")) != digests:
            failures.append(f"a source changed: {path.name}")
    return how, failures


def _merged_failures(team: Path, before: dict, sources: list[Path], root: Path) -> list[str]:
    failures = []
    if (check := integrity(team)) != "ok":
        return [f"merged, but integrity_check says {check[:120]}"]
    failures += _layer_failures(team)
    after = stored_documents(team)
    lost = [t for t in before if t not in after or not before[t][0] <= after[t][0]]
    if lost:
        failures.append(f"{len(lost)} documents or their labels lost")
    have = _team_work(team)
    for source in dict.fromkeys(sources):
        work = reviewer_work(source) if source != team else set()
        if work and (missing := work - have):
            failures.append(f"{source.name}: {len(missing)} of its entities or statuses not in the team file,"
                            f" e.g. {sorted(missing, key=repr)[:2]}")
    code, stdout, stderr, _ = _merge(sources, team, root)
    if code != 0:
        failures.append(f"merged again: exit {code}: {stderr[-200:]}")
    else:
        report = json.loads(stdout)
        if report["layers_updated"] or report["spans_written"] or report["statuses_written"]:
            failures.append(f"merged again, it wrote {report['layers_updated']} layers,"
                            f" {report['statuses_written']} statuses")
    return failures


def _layer_failures(team: Path) -> list[str]:
    """What tests/store_invariants.py holds of one layer, per layer (reviewers' layers overlap each other): keys,
    texts and their hashes, spans inside their text and not overlapping in a labelled layer, relations inside
    one document and layer."""
    con = sqlite3.connect(f"file:{team}?mode=ro", uri=True)
    try:
        failures = [f"foreign key: {row}" for row in con.execute("PRAGMA foreign_key_check").fetchall()[:3]]
        failures += [f"document {doc_id}: its hash is not its text's, or its text is another's" for doc_id, text, sha
                     in con.execute("SELECT id, text, sha256 FROM documents") if text_sha256(text) != sha]
        previous: dict[tuple[int, int], int] = {}
        for span_id, doc_id, layer, start, end, length in con.execute(
                'SELECT s.id, s.doc_id, s.layer_id, s.start, s."end", d.text_length FROM spans s JOIN documents d'
                " ON d.id = s.doc_id JOIN layers y ON y.id = s.layer_id WHERE y.kind != 'suggestions'"
                " ORDER BY s.doc_id, s.layer_id, s.start"):
            if not 0 <= start < end <= length or previous.get((doc_id, layer), 0) > start:
                failures.append(f"span {span_id} [{start}, {end}) out of its text or over another of its layer")
            previous[doc_id, layer] = end
        failures += [f"relation {row[0]} across documents or layers" for row in con.execute(
            "SELECT r.id FROM relations r JOIN spans h ON h.id = r.head_id JOIN spans t ON t.id = r.tail_id"
            " WHERE h.doc_id != r.doc_id OR t.doc_id != r.doc_id OR h.layer_id != r.layer_id"
            " OR t.layer_id != r.layer_id OR r.head_id = r.tail_id")]
        return failures[:5]
    finally:
        con.close()


def team_cases(root: Path, seed: int, cases: int, seconds: float | None, started: float):
    """(number, root of the case, what was done, failures) of cases 0.. until `cases` ran or `seconds` passed."""
    seeds = build_team_seeds(root / "seeds")
    for number in range(cases):
        if seconds is not None and time.monotonic() - started > seconds:
            return
        where = root / f"case-{number}"
        what, failures = team_case(where, random.Random(f"team:{seed}:{number}"), seeds)
        yield number, where, what, failures
