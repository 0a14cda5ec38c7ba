"""Team work without a server: project files handed out per reviewer, and merged back like commits.

Hand out (write_assignment, in store.team_handout): one new project file per reviewer with their documents (text, segments, date and
outlet), the import layers of those documents, the reviewer's own layer and statuses of them (times kept), their
suggestions and the reviewer's decisions (store.team_suggestions.hand_out_suggestions), the label scheme and the
project settings; written as `.part` and renamed, so a half-written file never looks finished.

Both copy set-based through a stage (store.team_stage): the files read are staged into one scratch database
and the file written copies from it with INSERT … SELECT.

Merge (merge_projects), all sources in one transaction of the target, so an interrupted merge leaves it as it was:
- the sources are never opened for writing and never change: a closed file of the current schema is read in
  place as immutable (no lock, no side file); one that is open in the app (its write-ahead log holds work) or
  older is copied to a temporary file first, and the copy migrated;
- documents are matched by their text hash; missing ones are added with their segments, date and outlet;
- reviewers are matched by their stable id, then by name where a side has no id; `reviewer_map` joins two
  ids (or names) of one person; a second person of a taken name is added as "name (1a2b3c4d)";
- label schemes: core.team.reconcile_schemes (the target's definitions win, missing labels are added,
  relation rules are united), every difference reported;
- a reviewer's layer of a document is taken from the source when the source's version is at least as recent
  as the target's (the latest entity, relation or status time) and differs; so merging the same file again adds
  nothing and a newer copy of a reviewer's file updates that reviewer's layer and nothing else;
- import layers are added where the target lacks them; the sources' gold layers are not merged (gold is
  adjudicated in the team file), and the report says how many entities that leaves out;
- suggestions, never as labels (store.team_suggestions): a document's suggestions from the source whose run is
  newer (a hand-out's copy of the team file's run is not: it stays as it is), every reviewer's rejections for
  that reviewer, a reviewer's pending relation candidates with their layer; the predicted relations, once.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from annotator.core.layers import GOLD, REVIEWER, SUGGESTIONS
from annotator.store.connection import undo_cut_off_write
from annotator.store.errors import AnnotationError, ProjectError
from annotator.store.team_stage import (attach_stage, build_stage, compare_with_target, decide_reviewer_layer,
                                        decide_shared_layer, detach_stage, documents_to_write, map_documents, map_labels, staged_rows,
                                        staged_span_count, touched_documents, write_layer, write_statuses)
from annotator.store.team_suggestions import carry_relation_suggestions, merge_suggestions

# Hand-out lives in store.team_handout; its names are here too, for the callers of both halves.
from annotator.store.team_handout import (Progress, assignment_file, documents_nobody_finished,  # noqa: F401,E402
                                          handout_carries, work_in_file, write_assignment)


@dataclass
class MergeReport:
    sources: list[str] = field(default_factory=list)
    documents_added: int = 0
    documents_matched: int = 0  # distinct documents the project had before the merge that a source also holds
    document_copies_matched: int = 0  # (document, source file) pairs matched by text, also to documents added here
    layers_updated: int = 0  # (document, layer) pairs taken from a source
    layers_unchanged: int = 0
    layers_kept_newer: int = 0  # the target's version was newer
    spans_written: int = 0
    relations_written: int = 0
    statuses_written: int = 0
    suggestion_documents: int = 0  # documents whose suggestions a source's newer run replaced
    suggestions_written: int = 0
    rejections_written: int = 0  # reviewers' rejections of suggestions and suggested relations
    relation_suggestions_written: int = 0  # pending suggested relations that came with a reviewer's layer
    predicted_relations_written: int = 0  # a file's model's predicted relations the project did not have
    reviewers_added: list[str] = field(default_factory=list)
    scheme_notes: list[str] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)
    cancelled: bool = False
    # the project's documents whose layers or statuses the merge wrote (for the window; not in as_dict)
    changed_documents: set[int] = field(default_factory=set)
    scheme_changed: bool = False
    # the project's documents matched / added so far, so that documents_matched counts each document once
    matched_ids: set[int] = field(default_factory=set)
    added_ids: set[int] = field(default_factory=set)

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items()
                if k not in ("changed_documents", "scheme_changed", "matched_ids", "added_ids")}


# merge ------------------------------------------------------------------------------------------------
class _Cancelled(Exception):
    pass


def merge_projects(target, sources: Sequence[Path], *, reviewer_map: dict[str, str] | None = None,
                   progress: Progress | None = None, cancel: Callable[[], bool] | None = None,
                   index: bool = True) -> MergeReport:
    """Merge reviewer files into `target` (an open Project), all in one transaction; sources never change.
    A cancel (cancel() true between steps) rolls everything back and returns a report that says so.
    index: add the new documents to the search index at once (else later: `annotator index`, or the app)."""
    from annotator.core.scheme import SchemeError
    from annotator.core.team import reconcile_schemes

    reviewer_map = dict(reviewer_map or {})
    report = MergeReport()
    say = progress or (lambda fraction, message: None)

    def check() -> None:
        if cancel is not None and cancel():
            raise _Cancelled

    with tempfile.TemporaryDirectory(prefix="annotator-merge-") as tmp:
        copies = []
        for n, source in enumerate(map(Path, sources)):
            if source.is_dir():  # a folder of hand-outs given as such: name its files
                raise ProjectError(f"{source}: a folder, not a project file (give the reviewers' files in it, e.g."
                                   f" {source}/*.annotator.db)")
            if not source.is_file():
                raise ProjectError(f"{source}: no such project file")
            if source.resolve() == Path(target.path).resolve() or _same_file(source, Path(target.path)):
                raise ProjectError(f"{source}: this is the project being merged into")
            copies.append((source, *_readable(source, Path(tmp) / f"source-{n}.db")))
            say(0.1 * (n + 1) / len(sources), f"{n + 1}/{len(sources)} files read")
        if cancel is not None and cancel():
            return MergeReport(sources=[str(s) for s in sources], cancelled=True)
        stage_path = Path(tmp) / "stage.db"
        build_stage(stage_path, [uri for _, uri, _, _ in copies], known=Path(target.path),
                    names=[str(source) for source, _, _, _ in copies], check_keys=True)
        say(0.2, "files staged")
        attach_stage(target.conn, stage_path)
        try:  # from here on a cancel (check() raising _Cancelled) rolls the one transaction back
            with target.transaction() as c:
                for n, (source, _copy, scheme, people) in enumerate(copies):
                    check()
                    merged_scheme, notes = reconcile_schemes(target.scheme(), scheme)
                    if notes:
                        report.scheme_changed = report.scheme_changed or merged_scheme != target.scheme()
                        try:
                            target._write_scheme(c, merged_scheme)
                        except SchemeError as exc:  # a label no scheme may hold: the file was edited elsewhere
                            raise ProjectError(f"{source}: its label scheme cannot join the project's ({exc}): the"
                                               " file is damaged or was edited by another program; nothing was"
                                               " merged") from None
                        report.scheme_notes += [f"{source.name}: {note}" for note in notes]
                    try:
                        _merge_one(c, target, n, source, reviewer_map, report, people, check)
                    except (AnnotationError, sqlite3.IntegrityError) as exc:  # damage quick_check cannot see
                        raise ProjectError(f"{source}: a record in it breaks the project's rules ({exc}): the file "
                                           "is damaged or was edited by another program; nothing was merged") from None
                    report.sources.append(str(source))
                    say(0.2 + 0.7 * (n + 1) / len(copies), f"{n + 1}/{len(copies)} files merged")
                check()
        except _Cancelled:
            return MergeReport(sources=[str(s) for s in sources], cancelled=True)
        finally:
            detach_stage(target.conn)
    if index:
        target.index_pending(progress=lambda f, m: say(0.9 + 0.1 * f, m), cancel=cancel)
    return report


def read_uri(path: Path) -> str:
    """A URI that reads a project file without writing anything, not even beside it. A file with no write-ahead
    log is closed (the app always has one while it is open), so it is read as immutable: no lock, no -shm; unless
    a rollback journal is beside it (a file in that mode whose writer is writing, or was killed): its pages hold
    what was never committed until the journal is played back, which immutable reading skips."""
    closed = not any(side.exists() and side.stat().st_size > 0 for side in _side_logs(Path(path)))
    return f"{Path(path).resolve().as_uri()}?mode=ro" + ("&immutable=1" if closed else "")


def _side_logs(path: Path) -> tuple[Path, Path]:
    return Path(f"{path}-wal"), Path(f"{path}-journal")


def _readable(source: Path, copy: Path) -> tuple[str, object, set[str]]:
    """(URI to stage from, label scheme, reviewer names) of a source. A closed file of the current schema is read
    in place; any other (open in the app, or older) is copied first, and the copy migrated: the source itself
    is never opened for writing."""
    from annotator.store.connection import page_problem, short_error
    from annotator.store.project import Project
    from annotator.store.schema import OUR_TABLES, SCHEMA_VERSION

    journal = Path(f"{source}-journal")
    if journal.exists() and journal.stat().st_size:  # to be played back first: a read-only look cannot
        return _copied(source, copy)
    uri = read_uri(source)
    try:
        conn = sqlite3.connect(uri, uri=True)
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not tables:  # a copy that failed (0 bytes) is no reviewer's work: merging it would say "merged"
                raise ProjectError(f"{source}: an empty file, not a reviewer's project (nothing in it to merge); "
                                   "nothing was merged")
            if OUR_TABLES <= tables and version == SCHEMA_VERSION and uri.endswith("immutable=1"):
                # A damaged page is refused here by name, not met halfway through the staging (the check
                # Project.open makes of the copy below).
                result = page_problem(conn, source.stat().st_size)  # the checks Project.open makes of a file
                if result != "ok":
                    raise sqlite3.DatabaseError(result)
                people = [r[0] for r in conn.execute("SELECT name FROM reviewers ORDER BY id")]
                # read-only: nothing is written, not even a reviewer
                scheme = Project(conn, source, people[0] if people else "merge", read_only=True).scheme()
                return uri, scheme, set(people)
        finally:
            conn.close()
    except (sqlite3.Error, UnicodeDecodeError) as exc:  # SQLite's message may quote bytes of the damaged page
        reason = "text in it is not UTF-8" if isinstance(exc, UnicodeDecodeError) else short_error(exc)
        if "not a database" in reason:
            raise ProjectError(f"{source}: not an annotator project (not an SQLite database); nothing was merged") \
                from None
        raise ProjectError(f"{source}: not a readable project file: the database is damaged ({reason}); "
                           "nothing was merged") from None
    return _copied(source, copy)


def _copied(source: Path, copy: Path) -> tuple[str, object, set[str]]:
    """_readable of a copy of the source with its log or journal, opened (checked, migrated, a journal played
    back) as one of its own reviewers, so that no reviewer is added to it."""
    from annotator.store.project import Project

    shutil.copyfile(source, copy)
    for side, copied in zip(_side_logs(source), _side_logs(copy)):
        if side.exists():
            shutil.copyfile(side, copied)
    if Path(f"{copy}-journal").exists():  # played back in the copy, which a read-only look cannot do
        with contextlib.suppress(sqlite3.Error):  # damage: Project.open says what
            undo_cut_off_write(copy)
    people = [name for name, _ in source_reviewers(copy)]
    # What opening the copy refuses is said of the source, not of the copy.
    try:
        with Project.open(copy, people[0] if people else "merge") as opened:
            scheme = opened.scheme()
    except ProjectError as exc:
        raise type(exc)(str(exc).replace(str(copy), str(source))) from None
    return read_uri(copy), scheme, set(people)


def _same_file(a: Path, b: Path) -> bool:
    """True for one file under two names (a hard link), which resolve() does not see."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def source_reviewers(path: Path) -> list[tuple[str, str | None]]:
    """(name, stable id) of the reviewers in a project file, read without writing to it (the merge dialog's
    reviewer mapping); [] when it is not readable as a project."""
    try:
        conn = sqlite3.connect(read_uri(Path(path)), uri=True)
        try:
            columns = {row[1] for row in conn.execute("PRAGMA table_info(reviewers)")}
            uid = "uid" if "uid" in columns else "NULL"
            return [(name, uid_) for name, uid_ in conn.execute(f"SELECT name, {uid} FROM reviewers ORDER BY id")]
        finally:
            conn.close()
    except sqlite3.Error:
        return []




def _merge_one(c, target, src: int, source: Path, reviewer_map: dict[str, str], report: MergeReport,
               people: set[str], check: Callable[[], None]) -> None:
    added, matched = map_documents(c, src)
    report.documents_added += added
    report.document_copies_matched += matched
    for doc_id, was_added in c.execute("SELECT doc_id, added FROM stage.doc_map WHERE src = ?", (src,)):
        (report.added_ids if was_added else report.matched_ids).add(doc_id)
    # a document an earlier file of this merge added is not one the project had: it counts as added only
    report.documents_matched = len(report.matched_ids - report.added_ids)
    reviewers = _map_reviewers(staged_rows(c, "reviewers", src, "id, name, uid"), c, target, reviewer_map, report,
                               people)
    map_labels(c, src)
    suggestions_layer = None
    for layer_id, kind, name, src_reviewer in staged_rows(c, "layers", src, "id, kind, name, reviewer_id"):
        check()
        if kind == SUGGESTIONS:
            suggestions_layer = layer_id  # after the layers (below)
            continue
        if kind == GOLD:
            count = staged_span_count(c, src, layer_id)
            if count:
                report.left_out.append(f"{source.name}: {count} entities of the {kind} layer {name!r} (not merged)")
            continue
        if kind == REVIEWER:
            if src_reviewer not in reviewers:
                continue
            author = reviewers[src_reviewer]
            target_layer = target._own_layer(c, author, _reviewer_name(c, author))[0]
            touched_documents(c, src, layer_id, reviewer=src_reviewer)
            compare_with_target(c, src, layer_id, target_layer, author)
            writes, unchanged, kept = decide_reviewer_layer(c)
            report.layers_unchanged += unchanged
            report.layers_kept_newer += kept
        else:
            author, target_layer = None, target.shared_layer_id(c, kind, name)
            touched_documents(c, src, layer_id, reviewer=None)
            writes = decide_shared_layer(c, target_layer)
        if writes:
            report.changed_documents.update(documents_to_write(c))
            written_spans, written_relations = write_layer(c, src, layer_id, target_layer, author=author)
            report.spans_written += written_spans
            report.relations_written += written_relations
            report.layers_updated += writes
            if kind == REVIEWER:
                report.relation_suggestions_written += carry_relation_suggestions(c, src)
        if kind == REVIEWER:
            statuses = write_statuses(c, src, src_reviewer, author)
            report.statuses_written += len(statuses)
            report.changed_documents.update(statuses)
    merged = merge_suggestions(c, target, src, reviewers, suggestions_layer)
    report.suggestion_documents += merged.documents
    report.suggestions_written += merged.suggestions
    report.rejections_written += merged.rejections
    report.predicted_relations_written += merged.predicted_relations


def _reviewer_name(c, reviewer_id: int) -> str:
    return c.execute("SELECT name FROM reviewers WHERE id = ?", (reviewer_id,)).fetchone()[0]


def _map_reviewers(staged: list[tuple], c, target, reviewer_map: dict[str, str], report: MergeReport,
                   people: set[str]) -> dict[int, int]:
    """Source reviewer id → target reviewer id, by stable id, then by name where a side has none."""
    out = {}
    for src_id, name, uid in staged:
        if name not in people:
            continue  # made by opening the copy
        wanted = reviewer_map.get(uid or "", reviewer_map.get(name))
        row = None
        if wanted:
            row = c.execute("SELECT id FROM reviewers WHERE uid = ? OR name = ?", (wanted, wanted)).fetchone()
            if row is None:
                raise ProjectError(f"--map-reviewer: no reviewer {wanted!r} in {target.path}")
        if row is None and uid:
            row = c.execute("SELECT id FROM reviewers WHERE uid = ?", (uid,)).fetchone()
        if row is None:
            found = c.execute("SELECT id, uid FROM reviewers WHERE name = ?", (name,)).fetchone()
            if found is not None and (found[1] is None or uid is None):
                row = found[:1]
                if uid and found[1] is None:
                    c.execute("UPDATE reviewers SET uid = ? WHERE id = ?", (uid, found[0]))
        if row is None:
            new_id, new_name = target._insert_reviewer(c, name, uid)
            report.reviewers_added.append(new_name)
            row = (new_id,)
        out[src_id] = row[0]
    return out
