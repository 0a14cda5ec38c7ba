"""Hand out (write_assignment): one new project file per reviewer of a plan, with their documents (text, segments,
date and outlet), the import layers of those documents, the reviewer's own layer and statuses of them (times kept),
their suggestions and the reviewer's decisions (store.team_suggestions.hand_out_suggestions), the label scheme and
the project settings; written as `.part` and renamed, so a half-written file never looks finished. What a written
or an earlier file holds (handout_carries, work_in_file). Merging back is store.team's."""

from __future__ import annotations

import contextlib
import json
import sqlite3
import tempfile
from pathlib import Path
from typing import Callable

from annotator.core.layers import IMPORT, REVIEWER
from annotator.store.errors import ProjectError
from annotator.store.team_stage import (attach_stage, build_stage, compare_with_target, decide_reviewer_layer,
                                        decide_shared_layer, detach_stage, map_documents, map_labels, staged_rows,
                                        touched_documents, write_layer, write_statuses)
from annotator.store.team_suggestions import carry_relation_suggestions, hand_out_suggestions

Progress = Callable[[float, str], None]
_SKIP_META = {"fts_indexed_through", "fts_reset_count", "scheme_name"}  # search_index.WATERMARK_KEY, RESET_KEY


def write_assignment(project, plan, out_dir: Path, *, progress: Progress | None = None) -> list[Path]:
    """One project file per reviewer of `plan` (core.team.AssignmentPlan) in out_dir; returns the paths. The files
    are written as FILE.part and renamed only when all are whole: a failure (a full disk) leaves no part behind."""
    out_dir = Path(out_dir).expanduser()
    check_assignment_target(project, out_dir, plan.reviewers)
    for reviewer in plan.reviewers:  # early: a file open in the app stops the hand-out before any work
        _release(assignment_file(out_dir, reviewer))
    made_dir = not out_dir.exists()
    out_dir.mkdir(parents=True, exist_ok=True)
    parts: list[tuple[Path, Path]] = []
    try:
        _write_assignment_parts(project, plan, out_dir, parts, progress)
        for part, final in parts:  # only when every file is whole: a full disk leaves the old hand-out as it was
            _release(final)  # again: its log must not outlive it beside the new file
            part.replace(final)
    except BaseException:
        for part, _ in parts:
            _remove_database_file(part)
        if made_dir:
            with contextlib.suppress(OSError):  # not empty: something else is in it
                out_dir.rmdir()
        raise
    return [final for _, final in parts]


def check_assignment_target(project, out_dir: Path, reviewers) -> None:
    """ProjectError when a reviewer's file would be the project itself (--out its own folder, a reviewer named as
    the file): a hand-out written there would replace the team's project; or another reviewer's file (names that
    differ only in what a file name cannot keep, or in case, which Windows and macOS do not tell apart): the
    second was written over the first."""
    own = Path(project.path).resolve()
    taken: dict[str, str] = {}
    for reviewer in reviewers:
        final = assignment_file(out_dir, reviewer)
        if final.resolve() == own:
            raise ProjectError(f"{final}: that is the project being handed out ({project.path}); choose another"
                               " folder for the reviewer files; nothing was written")
        other = taken.setdefault(final.name.casefold(), reviewer)
        if other != reviewer:
            raise ProjectError(f"reviewers {other!r} and {reviewer!r} would both be handed out in {final} (a file"
                               " name keeps letters, digits, '-', '_' and '.', and not their case); name them"
                               " apart; nothing was written")


def _release(final: Path) -> None:
    """Make an existing file at `final` safe to replace: none may have it open (the app: ProjectError), and its
    write-ahead log and shared memory go with it (beside the new file, SQLite would read the old file's pages into
    it). Switching it out of WAL mode both proves no other connection is open and folds its log into it."""
    wal, shm = Path(f"{final}-wal"), Path(f"{final}-shm")
    if final.exists() and final.stat().st_size:
        conn = None
        try:
            conn = sqlite3.connect(str(final), timeout=0, isolation_level=None)
            mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
        except sqlite3.OperationalError as exc:
            mode = "" if ("locked" in str(exc) or "busy" in str(exc)) else "delete"
        except sqlite3.DatabaseError:
            mode = "delete"  # not a database: it is replaced whole, nothing of it is read
        finally:
            if conn is not None:
                conn.close()
        if str(mode).lower() != "delete":
            raise ProjectError(f"{final}: it is open in another program (the app?); close it there, then hand out"
                               " again; nothing was written")
    for leftover in (wal, shm):
        leftover.unlink(missing_ok=True)


def _remove_database_file(path: Path) -> None:
    for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        leftover.unlink(missing_ok=True)


def _write_assignment_parts(project, plan, out_dir: Path, parts: list, progress: Progress | None) -> None:
    """Each reviewer's file as FILE.part beside its final name, appended to `parts` as soon as it is begun."""
    from annotator.store.project import Project, now

    scheme = project.scheme()
    settings = {k: v for k, v in project.conn.execute("SELECT key, value FROM meta") if k not in _SKIP_META}
    with tempfile.TemporaryDirectory(prefix="annotator-assign-") as tmp:
        stage_path = Path(tmp) / "stage.db"
        build_stage(stage_path, [project.path])
        for n, reviewer in enumerate(plan.reviewers):
            final = assignment_file(out_dir, reviewer)
            part = final.with_name(final.name + ".part")
            _remove_database_file(part)
            parts.append((part, final))
            with Project.open(part, reviewer, scheme=scheme) as target:
                attach_stage(target.conn, stage_path)
                try:
                    with target.transaction() as c:
                        c.executemany("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", settings.items())
                        c.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('assignment', ?)", (json.dumps({
                            "reviewer": reviewer, "documents": len(plan.documents_of(reviewer)), "shared":
                            len(plan.shared), "from": project.path.name, "created_at": now()}, ensure_ascii=False),))
                        map_documents(c, 0, only=plan.documents_of(reviewer), keep_ids=True)
                        map_labels(c, 0)
                        names = {rid: name for rid, name, _ in staged_rows(c, "reviewers", 0, "id, name, uid")}
                        for layer_id, kind, name, src_reviewer in staged_rows(c, "layers", 0,
                                                                              "id, kind, name, reviewer_id"):
                            if kind == IMPORT:
                                touched_documents(c, 0, layer_id, reviewer=None)
                                target_layer = target.shared_layer_id(c, IMPORT, name)
                                decide_shared_layer(c, target_layer)
                                write_layer(c, 0, layer_id, target_layer, author=None)
                            elif kind == REVIEWER and names.get(src_reviewer) == reviewer:
                                _hand_back_own_work(c, target, layer_id, src_reviewer)
                        hand_out_suggestions(c, target, reviewer)
                finally:
                    detach_stage(target.conn)
                target.index_pending()
            if progress is not None:
                progress((n + 1) / len(plan.reviewers), f"{n + 1}/{len(plan.reviewers)} reviewer files")


def _hand_back_own_work(c, target, layer_id: int, src_reviewer: int) -> None:
    """The reviewer's own layer and statuses of their documents go into their file, times kept: they go on
    where they left off, and merging the file back changes only what they changed since (without them, their
    newer copy replaced the work they had done in the team file)."""
    author = target.reviewer_id
    target_layer = target._own_layer(c, author, target.reviewer)[0]
    touched_documents(c, 0, layer_id, reviewer=src_reviewer)
    compare_with_target(c, 0, layer_id, target_layer, author)
    if decide_reviewer_layer(c)[0]:
        write_layer(c, 0, layer_id, target_layer, author=author)
        carry_relation_suggestions(c, 0)  # the pending candidates between the entities just written
    write_statuses(c, 0, src_reviewer, author)


def assignment_file(out_dir: Path, reviewer: str) -> Path:
    """The file write_assignment writes for a reviewer in out_dir."""
    return Path(out_dir).expanduser() / f"{_file_stem(reviewer)}.annotator.db"


def work_in_file(path: Path) -> str:
    """What an existing project file holds that a hand-out written over it would lose, in words ("" when
    nothing: no document any reviewer has started). Read without writing anything, not even an upgrade of an
    older file (store.team.read_uri); says so when it is empty or cannot be read."""
    from annotator.store.team import read_uri

    if Path(path).stat().st_size == 0:
        return "an empty file"
    try:
        conn = sqlite3.connect(read_uri(Path(path)), uri=True)
        try:  # reviewers and doc_status are as old as the first schema
            rows = conn.execute(
                "SELECT r.name, SUM(s.status = 'done'), SUM(s.status NOT IN ('new', 'done')) FROM doc_status s"
                " JOIN reviewers r ON r.id = s.reviewer_id GROUP BY r.id ORDER BY r.name").fetchall()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        return f"cannot be read as a project ({exc})"
    started = []
    for name, done, begun in rows:
        parts = [f"{n} {what}" for n, what in ((done, "done"), (begun, "in progress or skipped")) if n]
        if parts:
            started.append(f"{name}: {' and '.join(parts)} of its documents")
    return "; ".join(started)


def _file_stem(name: str) -> str:
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in name).strip("._") or "reviewer"
    return safe[:80]


def documents_nobody_finished(project) -> list[int]:
    """Documents no reviewer has marked done, in id order (assign --status new)."""
    return [r[0] for r in project.conn.execute(
        "SELECT id FROM documents WHERE id NOT IN (SELECT doc_id FROM doc_status WHERE status = 'done') ORDER BY id")]


def handout_carries(path: Path, reviewer: str) -> dict[str, int]:
    """What a hand-out file holds besides its documents for the reviewer to decide: the machine suggestions of
    its documents (a run's, an imported file's model's) and the predicted relations between them."""
    from annotator.store.project import Project

    # read-write (nobody is registered): a read-only open of a WAL file leaves -wal and -shm beside the file to send
    with Project.open(path, reviewer, register_reviewer=False, backfill=False) as pack:
        return {"suggestions": pack.suggestion_totals()["pending"],
                "predicted_relations": pack.predicted_relation_count()}
