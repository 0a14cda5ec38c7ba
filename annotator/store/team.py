"""Team work without a server: project files handed out per reviewer, and merged back like commits.

Hand out (write_assignment): one new project file per reviewer with their documents (text, segments, line
statistics), the import layers of those documents, the label scheme and the project settings; written as
`.part` and renamed, so a half-written file never looks finished.

Merge (merge_projects), all sources in one transaction of the target, so an interrupted merge leaves it as it was:
- each source is copied to a temporary file and opened from there (checked and migrated), so the source itself
  is never opened for writing and never changes;
- documents are matched by their text hash; missing ones are added with their segments;
- reviewers are matched by their stable id, then by name where a side has no id; `reviewer_map` joins two
  ids (or names) of one person; a second person of a taken name is added as "name (1a2b3c4d)";
- label schemes: core.team.reconcile_schemes (the target's definitions win, missing labels are added,
  relation rules are united), every difference reported;
- a reviewer's layer of a document is taken from the source when the source's version is at least as recent
  as the target's (the latest entity, relation or status time) and differs; so merging the same file again adds
  nothing and a newer copy of a reviewer's file updates that reviewer's layer and nothing else;
- import layers are added where the target lacks them; the sources' gold and suggestions layers are not merged
  (gold is adjudicated in the team file), and the report says how many entities that leaves out.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from annotator.core.layers import GOLD, IMPORT, REVIEWER, SUGGESTIONS
from annotator.store.errors import ProjectError
from annotator.store.segments import LINES_INSERT

Progress = Callable[[float, str], None]
_SKIP_META = {"fts_indexed_through", "scheme_name"}


@dataclass
class MergeReport:
    sources: list[str] = field(default_factory=list)
    documents_added: int = 0
    documents_matched: int = 0
    layers_updated: int = 0  # (document, layer) pairs taken from a source
    layers_unchanged: int = 0
    layers_kept_newer: int = 0  # the target's version was newer
    spans_written: int = 0
    relations_written: int = 0
    statuses_written: int = 0
    reviewers_added: list[str] = field(default_factory=list)
    scheme_notes: list[str] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return dict(self.__dict__)


# hand out ---------------------------------------------------------------------------------------------
def write_assignment(project, plan, out_dir: Path, *, progress: Progress | None = None) -> list[Path]:
    """One project file per reviewer of `plan` (core.team.AssignmentPlan) in out_dir; returns the paths."""
    from annotator.store.project import Project, now

    out_dir = Path(out_dir).expanduser()
    out_dir.mkdir(parents=True, exist_ok=True)
    scheme = project.scheme()
    settings = {k: v for k, v in project.conn.execute("SELECT key, value FROM meta") if k not in _SKIP_META}
    written = []
    for n, reviewer in enumerate(plan.reviewers):
        final = out_dir / f"{_file_stem(reviewer)}.annotator.db"
        part = final.with_name(final.name + ".part")
        for leftover in (part, Path(f"{part}-wal"), Path(f"{part}-shm")):
            leftover.unlink(missing_ok=True)
        doc_ids = plan.documents_of(reviewer)
        with Project.open(part, reviewer, scheme=scheme) as target:
            with target.transaction() as c:
                for key, value in settings.items():
                    c.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))
                c.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('assignment', ?)", (json.dumps({
                    "reviewer": reviewer, "documents": len(doc_ids), "shared": len(plan.shared),
                    "from": project.path.name, "created_at": now()}, ensure_ascii=False),))
                _copy_documents(project.conn, c, doc_ids, keep_ids=True)
                _copy_import_layers(project.conn, c, target, doc_ids)
            target.index_pending()
        part.replace(final)
        written.append(final)
        if progress is not None:
            progress((n + 1) / len(plan.reviewers), f"{n + 1}/{len(plan.reviewers)} reviewer files")
    return written


def _file_stem(name: str) -> str:
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in name).strip("._") or "reviewer"
    return safe[:80]


_DOC_COLUMNS = "ext_id, title, source, url, sha256, text_length, meta, created_at, text"


def _copy_documents(src: sqlite3.Connection, c: sqlite3.Connection, doc_ids: Sequence[int], *,
                    keep_ids: bool) -> dict[int, int]:
    """Documents with their state and segments into the target (inside its transaction); source id → target id.
    Documents the target already has (same text hash) map to the target's row."""
    mapping: dict[int, int] = {}
    for i in range(0, len(doc_ids), 500):
        part = list(doc_ids[i:i + 500])
        marks = ",".join("?" * len(part))
        rows = src.execute(f"SELECT d.id, {', '.join('d.' + c for c in _DOC_COLUMNS.split(', '))},"
                           f" st.segmenter_version, st.updated_at FROM documents d JOIN doc_state st ON st.doc_id = d.id"
                           f" WHERE d.id IN ({marks})", part).fetchall()
        lines = {row[0]: row[1:] for row in src.execute(
            f"SELECT doc_id, kinds, scores, reasons FROM doc_lines WHERE doc_id IN ({marks})", part)}
        for row in rows:
            src_id, values, version, updated = row[0], row[1:10], row[10], row[11]
            existing = c.execute("SELECT id FROM documents WHERE sha256 = ?", (values[4],)).fetchone()
            if existing is not None:
                mapping[src_id] = existing[0]
                continue
            cols = ("id, " if keep_ids else "") + _DOC_COLUMNS
            args = ((src_id,) if keep_ids else ()) + tuple(values)
            cur = c.execute(f"INSERT INTO documents({cols}) VALUES ({','.join('?' * len(args))})", args)
            new_id = cur.lastrowid
            mapping[src_id] = new_id
            c.execute("INSERT INTO doc_state(doc_id, segmenter_version, updated_at) VALUES (?, ?, ?)",
                      (new_id, version, updated))
            if src_id in lines:
                c.execute(LINES_INSERT, (new_id, *lines[src_id]))
    return mapping


def _copy_import_layers(src: sqlite3.Connection, c: sqlite3.Connection, target, doc_ids: Sequence[int]) -> None:
    """The import layers' entities and relations of these documents (same ids: a fresh target)."""
    for layer_id, name in src.execute("SELECT id, name FROM layers WHERE kind = ?", (IMPORT,)).fetchall():
        data = _layer_annotations(src, layer_id, set(doc_ids))
        if not data:
            continue
        target_layer = target.shared_layer_id(c, IMPORT, name)
        labels = (target._label_ids("entity"), target._label_ids("relation"))
        _write_layers(c, labels, target_layer, [(d, s, r) for d, (s, r) in data.items()], reviewer_id=None)


# reading and writing one layer of one document --------------------------------------------------------
SpanRow = tuple  # (start, end, label, reviewer_id, created_at)
RelationRow = tuple  # (head index, tail index, label, reviewer_id, created_at)


def _layer_annotations(conn: sqlite3.Connection, layer_id: int, doc_ids=None
                       ) -> dict[int, tuple[list[SpanRow], list[RelationRow]]]:
    """Per document (of doc_ids, a set, when given): the layer's spans (sorted) and its relations by span index."""
    where, args = "s.layer_id = ?", [layer_id]
    spans_by_doc: dict[int, list] = defaultdict(list)
    index_of: dict[int, tuple[int, int]] = {}
    for span_id, doc_id, start, end, label, reviewer_id, created in conn.execute(
            f'SELECT s.id, s.doc_id, s.start, s."end", l.name, s.reviewer_id, s.created_at FROM spans s'
            f' JOIN labels l ON l.id = s.label_id WHERE {where} ORDER BY s.doc_id, s.start, s."end"', args):
        if doc_ids is not None and doc_id not in doc_ids:
            continue
        index_of[span_id] = (doc_id, len(spans_by_doc[doc_id]))
        spans_by_doc[doc_id].append((start, end, label, reviewer_id, created))
    rels_by_doc: dict[int, list] = defaultdict(list)
    for head, tail, label, reviewer_id, created in conn.execute(
            "SELECT x.head_id, x.tail_id, l.name, x.reviewer_id, x.created_at FROM relations x"
            " JOIN labels l ON l.id = x.label_id WHERE x.layer_id = ? ORDER BY x.id", (layer_id,)):
        if head in index_of and tail in index_of:
            doc_id = index_of[head][0]
            rels_by_doc[doc_id].append((index_of[head][1], index_of[tail][1], label, reviewer_id, created))
    return {d: (spans_by_doc[d], rels_by_doc.get(d, [])) for d in spans_by_doc}


def _content(spans, relations) -> tuple:
    """What a layer says, without authorship times: for comparing two copies."""
    return (tuple((s[0], s[1], s[2]) for s in spans),
            tuple(sorted((spans[r[0]][:3], spans[r[1]][:3], r[2]) for r in relations)))


def _write_layers(c, labels: tuple[dict, dict], layer_id: int, items, *, reviewer_id: int | None) -> tuple[int, int]:
    """Replace one layer of several documents: items are (doc_id, spans, relations). Bulk statements with ids
    given here, so that a merge of 100k entities is a few executemany calls, not 100k round trips.
    labels: (entity label ids, relation type ids) of the target by name."""
    entity_ids, relation_ids = labels
    doc_ids = [doc_id for doc_id, _, _ in items]
    for i in range(0, len(doc_ids), 500):
        part = doc_ids[i:i + 500]
        c.execute(f"DELETE FROM spans WHERE layer_id = ? AND doc_id IN ({','.join('?' * len(part))})",
                  [layer_id, *part])  # their relations go by ON DELETE CASCADE
    next_id = c.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM spans").fetchone()[0]
    span_rows, relation_rows = [], []
    for doc_id, spans, relations in items:
        first = next_id
        for start, end, label, _author, created in spans:
            span_rows.append((next_id, doc_id, layer_id, start, end, entity_ids[label], reviewer_id, created))
            next_id += 1
        relation_rows += [(doc_id, layer_id, first + h, first + t, relation_ids[label], reviewer_id, created)
                          for h, t, label, _author, created in relations]
    c.executemany('INSERT INTO spans(id, doc_id, layer_id, start, "end", label_id, reviewer_id, created_at)'
                  " VALUES (?,?,?,?,?,?,?,?)", span_rows)
    c.executemany("INSERT INTO relations(doc_id, layer_id, head_id, tail_id, label_id, reviewer_id, created_at)"
                  " VALUES (?,?,?,?,?,?,?)", relation_rows)
    return len(span_rows), len(relation_rows)


# merge ------------------------------------------------------------------------------------------------
def merge_projects(target, sources: Sequence[Path], *, reviewer_map: dict[str, str] | None = None,
                   progress: Progress | None = None) -> MergeReport:
    """Merge reviewer files into `target` (an open Project), all in one transaction; sources never change."""
    from annotator.core.team import reconcile_schemes
    from annotator.store.project import Project

    reviewer_map = dict(reviewer_map or {})
    report = MergeReport()
    with tempfile.TemporaryDirectory(prefix="annotator-merge-") as tmp:
        copies = []
        for n, source in enumerate(map(Path, sources)):
            if not source.is_file():
                raise ProjectError(f"{source}: no such project file")
            if source.resolve() == Path(target.path).resolve():
                raise ProjectError(f"{source}: this is the project being merged into")
            copy = Path(tmp) / f"source-{n}.db"
            shutil.copyfile(source, copy)
            wal = Path(f"{source}-wal")
            if wal.exists():
                shutil.copyfile(wal, Path(f"{copy}-wal"))
            people = _reviewer_names(copy)
            # Opening checks and migrates the copy, never the source; as one of its own reviewers, so that no
            # reviewer is added to it.
            with Project.open(copy, people[0] if people else "merge") as opened:
                scheme = opened.scheme()
            copies.append((source, copy, scheme, set(people)))
        with target.transaction() as c:
            for n, (source, copy, scheme, people) in enumerate(copies):
                merged_scheme, notes = reconcile_schemes(target.scheme(), scheme)
                if notes:
                    target._write_scheme(c, merged_scheme)
                    report.scheme_notes += [f"{source.name}: {note}" for note in notes]
                src = sqlite3.connect(f"{copy.resolve().as_uri()}?mode=ro", uri=True)
                try:
                    _merge_one(src, c, target, source, reviewer_map, report, people)
                finally:
                    src.close()
                report.sources.append(str(source))
                if progress is not None:
                    progress((n + 1) / len(copies), f"{n + 1}/{len(copies)} files merged")
    target.index_pending()
    return report


def _reviewer_names(path: Path) -> list[str]:
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            return [r[0] for r in conn.execute("SELECT name FROM reviewers ORDER BY id")]
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise ProjectError(f"{path.name}: not a readable project file ({exc})") from None


def documents_nobody_finished(project) -> list[int]:
    """Documents no reviewer has marked done, in id order (assign --status new)."""
    return [r[0] for r in project.conn.execute(
        "SELECT id FROM documents WHERE id NOT IN (SELECT doc_id FROM doc_status WHERE status = 'done') ORDER BY id")]


def _merge_one(src: sqlite3.Connection, c, target, source: Path, reviewer_map: dict[str, str],
               report: MergeReport, people: set[str]) -> None:
    doc_ids = [r[0] for r in src.execute("SELECT id FROM documents ORDER BY id")]
    before = c.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    docs = _copy_documents(src, c, doc_ids, keep_ids=False)
    added = c.execute("SELECT COUNT(*) FROM documents").fetchone()[0] - before
    report.documents_added += added
    report.documents_matched += len(docs) - added
    reviewers = _map_reviewers(src, c, target, reviewer_map, report, people)
    labels = (target._label_ids("entity"), target._label_ids("relation"))
    for layer_id, kind, name, src_reviewer in src.execute(
            "SELECT id, kind, name, reviewer_id FROM layers ORDER BY id").fetchall():
        data = _layer_annotations(src, layer_id)
        if kind in (GOLD, SUGGESTIONS):
            count = sum(len(s) for s, _ in data.values())
            if count:
                report.left_out.append(f"{source.name}: {count} entities of the {kind} layer {name!r} (not merged)")
            continue
        if kind == REVIEWER:
            if src_reviewer not in reviewers:
                continue
            target_reviewer = reviewers[src_reviewer]
            target_layer = target._own_layer(c, target_reviewer, _reviewer_name(c, target_reviewer))[0]
            src_status = {d: (st, t) for d, st, t in src.execute(
                "SELECT doc_id, status, updated_at FROM doc_status WHERE reviewer_id = ?", (src_reviewer,))}
            touched = set(data) | set(src_status)
        else:
            target_reviewer, target_layer = None, target.shared_layer_id(c, kind, name)
            src_status, touched = {}, set(data)
        target_data = _layer_annotations(c, target_layer)
        to_write, statuses = [], []
        for src_doc in sorted(touched):
            doc_id = docs[src_doc]
            spans, relations = data.get(src_doc, ([], []))
            theirs = target_data.get(doc_id, ([], []))
            if kind == IMPORT:
                if not theirs[0]:
                    to_write.append((doc_id, spans, relations))
                continue
            target_status = c.execute("SELECT status, updated_at FROM doc_status WHERE doc_id = ? AND reviewer_id = ?",
                                      (doc_id, target_reviewer)).fetchone()
            if _latest(spans, relations, src_status.get(src_doc)) < _latest(*theirs, target_status):
                report.layers_kept_newer += 1
                continue
            if _content(spans, relations) == _content(*theirs):
                report.layers_unchanged += 1
            else:
                to_write.append((doc_id, spans, relations))
            status = src_status.get(src_doc)
            if status is not None and (target_status is None or tuple(target_status) != status):
                statuses.append((doc_id, target_reviewer, *status))
        if to_write:
            written_spans, written_relations = _write_layers(
                c, labels, target_layer, to_write, reviewer_id=None if kind == IMPORT else target_reviewer)
            report.spans_written += written_spans
            report.relations_written += written_relations
            report.layers_updated += len(to_write)
        c.executemany("INSERT OR REPLACE INTO doc_status(doc_id, reviewer_id, status, updated_at) VALUES (?,?,?,?)",
                      statuses)
        report.statuses_written += len(statuses)


def _latest(spans, relations, status) -> str:
    times = [s[4] for s in spans] + [r[4] for r in relations] + ([status[1]] if status else [])
    return max(times, default="")


def _reviewer_name(c, reviewer_id: int) -> str:
    return c.execute("SELECT name FROM reviewers WHERE id = ?", (reviewer_id,)).fetchone()[0]


def _map_reviewers(src, c, target, reviewer_map: dict[str, str], report: MergeReport, people: set[str]
                   ) -> dict[int, int]:
    """Source reviewer id → target reviewer id, by stable id, then by name where a side has none."""
    out = {}
    for src_id, name, uid in src.execute("SELECT id, name, uid FROM reviewers").fetchall():
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
