"""The project repository: one SQLite file, one Project object per connection and thread."""

from __future__ import annotations

import json
import os
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from annotator.core.clock import now
from annotator.core.layers import reviewer_layer_name
from annotator.core.model import STATUSES, Document, NewDocument
from annotator.core.search import compact
from annotator.core.line_kinds import pack_lines, pack_unclassified
from annotator.core.text import has_surrogates, text_sha256, utf8_sha256
from annotator.store.annotations import AnnotationMixin
from annotator.store.bulk_insert import insert_grouped
from annotator.store.doc_meta import ArticleMetaMixin
from annotator.store.imported_labels import add_imported_labels, add_labels_to_stored, keys_set_aside
from annotator.store.entities import EntityCatalogueMixin
from annotator.store.export_lines import ExportLinesMixin
from annotator.store.gold import GoldMixin
from annotator.store.layers import LayersMixin
from annotator.store.listing import DOC_FROM, ListingMixin
from annotator.store.search_answers import SearchAnswersMixin
from annotator.store.search_index import SearchIndexMixin
from annotator.store.relation_suggestions import RelationSuggestionsMixin
from annotator.store.segments import LINES_INSERT, SegmentsMixin
from annotator.store.suggestions import SuggestionsMixin
from annotator.store.token_cache import TokenCacheMixin
from annotator.store.views import ViewsMixin
from annotator.store.connection import finish_new_file, open_connection, rollback, short_error, translate_error
from annotator.store.foreign_keys import keys_aside
from annotator.store.errors import (AnnotationError, CorruptDatabaseError, ProjectError, StoreUnavailableError,
                                    text_checksum_error)

DOC_COLUMNS = (
    "d.id, d.ext_id, d.title, d.source, d.url, d.text, d.meta, st.segmenter_version, d.created_at, st.updated_at"
)


def default_reviewer() -> str:
    name = os.environ.get("ANNOTATOR_REVIEWER", "").strip()
    if name:
        return name
    try:
        import getpass

        return getpass.getuser() or "reviewer"
    except Exception:  # no passwd entry in some containers
        return "reviewer"


@dataclass(slots=True)
class AddResult:
    imported: list[int] = field(default_factory=list)
    duplicates: list[tuple[str, int]] = field(default_factory=list)  # (origin, existing doc id)
    problems: list[str] = field(default_factory=list)
    spans: int = 0
    relations: int = 0
    cancelled: bool = False


class Project(AnnotationMixin, LayersMixin, ListingMixin, SegmentsMixin, SearchIndexMixin, ArticleMetaMixin,
              EntityCatalogueMixin, ViewsMixin, GoldMixin, SuggestionsMixin, TokenCacheMixin,
              RelationSuggestionsMixin, ExportLinesMixin, SearchAnswersMixin):
    def __init__(self, conn: sqlite3.Connection, path: Path, reviewer: str, *, read_only: bool = False,
                 reviewer_uid: str | None = None, register_reviewer: bool = True):
        self.conn = conn
        self.path = path
        self.read_only = read_only
        self.reviewer = ""
        self.reviewer_id = 0
        self.set_reviewer(reviewer, reviewer_uid, register=register_reviewer)

    @classmethod
    def open(cls, path: str | Path, reviewer: str | None = None, *, scheme=None, read_only: bool = False,
             reviewer_uid: str | None = None, backfill: bool = True, validate: bool = True,
             register_reviewer: bool = True, lock_wait: float | None = None, on_wait=None) -> "Project":
        """Open or create a project. A new project gets `scheme` (default: the bundled default scheme).
        read_only opens an existing project for reading only: nothing is written, not even the reviewer.
        reviewer_uid: the reviewer's stable id (the app's; $ANNOTATOR_REVIEWER_ID on the command line).
        backfill=False leaves the one-time back-fill of older documents' dates and outlets to the caller,
        to run with progress (article_meta_pending / backfill_article_meta: the CLI's bar, the app's worker).
        validate=False: as in store.connection.open_connection (a file this process has just opened).
        register_reviewer=False: a reviewer not in the project yet is not added (nor their layer), for commands
        that only read or keep derived data (stats, export, report): reviewer_id and layer_id are then 0.
        lock_wait, on_wait: as in store.connection.open_connection (a command that writes: fail at once when
        another program holds the write lock, not after its work)."""
        path = Path(path).expanduser()
        new_file = not read_only and not (path.exists() and path.stat().st_size > 0)
        conn = open_connection(path, read_only=read_only, validate=validate, lock_wait=lock_wait, on_wait=on_wait)
        try:
            uid = reviewer_uid or os.environ.get("ANNOTATOR_REVIEWER_ID") or None
            project = cls(conn, path, reviewer or default_reviewer(), read_only=read_only, reviewer_uid=uid,
                          register_reviewer=register_reviewer)
            if not read_only and conn.execute("SELECT COUNT(*) FROM labels").fetchone()[0] == 0:
                if scheme is None:
                    from annotator.core.scheme import default_scheme

                    scheme = default_scheme()
                project.save_scheme(scheme)
            if not read_only:
                project._ensure_index_watermark()
                if backfill:
                    project.backfill_article_meta()
            if new_file:
                finish_new_file(conn)
        except BaseException:
            conn.close()
            raise
        return project

    def close(self) -> None:
        try:
            self.conn.close()
        except sqlite3.Error:
            pass

    def __enter__(self) -> "Project":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One user action = one transaction. Errors roll back and become ProjectError."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise translate_error(self.path, exc) from None
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except BaseException as exc:
            rollback(self.conn)
            if isinstance(exc, sqlite3.IntegrityError):
                raise AnnotationError(str(exc)) from None
            if isinstance(exc, sqlite3.Error):
                raise translate_error(self.path, exc) from None
            raise

    # reviewers --------------------------------------------------------------------------------------
    def set_reviewer(self, name: str, uid: str | None = None, *, register: bool = True) -> None:
        """Work as this reviewer: by `uid` (their stable id) when given, else by name; made on first use
        (register=False: only looked up, nothing written; an unknown reviewer has id 0 and no layer).

        A uid not yet in the project adopts a same-named reviewer without an id of their own; if that name
        belongs to someone else, the newcomer's name gets the start of their id ("kim (1a2b3c4d)")."""
        name = name.strip()
        if not name:
            raise ProjectError("the reviewer name must not be empty")
        if self.read_only or not register:
            # nothing is written to a project opened for reading (and it may predate reviewer ids)
            row = self.conn.execute(
                "SELECT r.id, y.id, y.name FROM reviewers r LEFT JOIN layers y ON y.reviewer_id = r.id"
                " WHERE r.name = ?", (name,)).fetchone()
            if row is None or row[1] is None:
                row = (row[0] if row else 0, 0, reviewer_layer_name(name))
            self.reviewer, self.reviewer_id = name, row[0]
            self.layer_id, self.layer_name = row[1], row[2]
            return
        if uid is not None:
            import uuid  # here: it imports platform, read by every start

            uid = str(uuid.UUID(uid))
        row = None
        if uid is not None:
            row = self.conn.execute("SELECT id, name FROM reviewers WHERE uid = ?", (uid,)).fetchone()
        if row is None:
            found = self.conn.execute("SELECT id, name, uid FROM reviewers WHERE name = ?", (name,)).fetchone()
            if found is not None and (uid is None or found[2] is None or found[2] == uid):
                row = found[:2]
                if uid is not None and found[2] is None:
                    with self.transaction() as c:
                        c.execute("UPDATE reviewers SET uid = ? WHERE id = ?", (uid, found[0]))
            else:
                with self.transaction() as c:
                    row = self._insert_reviewer(c, name, uid)
        reviewer_id, stored_name = row[0], row[1]
        layer = self.conn.execute("SELECT id, name FROM layers WHERE reviewer_id = ?", (reviewer_id,)).fetchone()
        if layer is None:
            with self.transaction() as c:
                layer = self._own_layer(c, reviewer_id, stored_name)
        self.reviewer, self.reviewer_id = stored_name, reviewer_id
        self.layer_id, self.layer_name = layer[0], layer[1]

    def _insert_reviewer(self, c, name: str, uid: str | None) -> tuple[int, str]:
        """A new reviewer row; a name already taken by another person gets the start of the uid."""
        if uid is not None and c.execute("SELECT 1 FROM reviewers WHERE name = ?", (name,)).fetchone() is not None:
            name = f"{name} ({uid[:8]})"
        cur = c.execute("INSERT INTO reviewers(name, uid, created_at) VALUES (?, ?, ?)", (name, uid, now()))
        return cur.lastrowid, name

    @property
    def reviewer_uid(self) -> str | None:
        return self.conn.execute("SELECT uid FROM reviewers WHERE id = ?", (self.reviewer_id,)).fetchone()[0]

    def reviewers(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT name FROM reviewers ORDER BY name")]

    def get_meta(self, key: str, default: str | None = None) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction() as c:
            c.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))

    # documents --------------------------------------------------------------------------------------
    def add_documents(
        self,
        docs: Iterable[NewDocument],
        *,
        batch_size: int = 500,
        cancel: Callable[[], bool] | None = None,
        line_counts: Sequence[tuple[str, Iterable[str]]] = (),
    ) -> AddResult:
        """Store documents with their segments and labels. Each batch is one transaction and a
        document is either stored whole or not at all, so a cancel never leaves half a document.
        line_counts ((source, distinct lines) of the segmented documents) are counted into the corpus line
        statistics in the transaction of the last batch, so they are stored with their documents or not."""
        result = AddResult()
        label_ids = self._label_ids("entity")
        relation_ids = self._label_ids("relation")
        batch: list[NewDocument] = []
        for doc in docs:
            if cancel is not None and cancel():
                result.cancelled = True
                break
            batch.append(doc)
            if len(batch) >= batch_size:
                self._add_batch(batch, result, label_ids, relation_ids)
                batch = []
        if batch or (line_counts and not result.cancelled):
            self._add_batch(batch, result, label_ids, relation_ids, line_counts)
        return result

    def add_labels_to_stored(self, pairs: list[tuple[int, NewDocument]]):
        """Labels of re-imported copies of stored documents into their import layers (store.imported_labels)."""
        return add_labels_to_stored(self, pairs)

    def _add_batch(self, batch, result, label_ids, relation_ids, line_counts=()) -> None:
        stamp = now()
        # Bulk batches skip the per-commit fsync of FULL; WAL keeps them atomic and a crash loses at most
        # the batch in flight, which was never acknowledged.
        self.conn.execute("PRAGMA synchronous = NORMAL")
        try:
            with keys_aside(self.conn, wanted=keys_set_aside(batch)), self.transaction() as c:
                if batch:
                    self._insert_documents(c, batch, stamp, result, label_ids, relation_ids)
                if line_counts:
                    self.count_line_frequencies(line_counts)
        finally:
            try:
                self.conn.execute("PRAGMA synchronous = FULL")
            except sqlite3.Error:
                pass  # the error that stopped the batch is the one to report

    def _insert_documents(self, c, batch, stamp, result, label_ids, relation_ids) -> None:
        """The batch's documents, their state, metadata and segments, one executemany per table. Ids are
        given explicitly (max + 1 onwards, as SQLite would pick them; the transaction holds the write lock),
        so that rows referring to a document need no round trip per document."""
        values = [document_values(doc, stamp) for doc in batch]  # ValueError: the caller retries one by one
        known = self.ids_by_sha256([v[4] for v in values])
        next_id = c.execute("SELECT COALESCE(MAX(id), 0) FROM documents").fetchone()[0] + 1
        new: list[tuple[int, NewDocument]] = []
        rows = []
        for doc, row in zip(batch, values):
            existing = known.get(row[4])
            if existing is not None:  # stored before, or earlier in this batch
                result.duplicates.append((doc.origin, existing))
                continue
            known[row[4]] = next_id
            new.append((next_id, doc))
            rows.append((next_id, *row))
            next_id += 1
        if not new:
            return
        c.executemany(
            "INSERT INTO documents(id, ext_id, title, source, url, sha256, text_length, meta, created_at, text)"
            " VALUES (?,?,?,?,?,?,?,?,?,CAST(? AS TEXT))", rows)  # a text given as its UTF-8 bytes is stored as text
        insert_grouped(c, "INSERT INTO doc_state(doc_id, segmenter_version, updated_at) VALUES (?, ?, ?)",
                       [(doc_id, doc.segmenter_version, stamp) for doc_id, doc in new])
        # The search index (doc_fts_compact) follows in index_pending(): an import returns once
        # documents are usable.
        self._insert_article_metas(c, new, stamp)
        insert_grouped(c, LINES_INSERT, [(doc_id, *packed_lines_of(doc)) for doc_id, doc in new])
        result.imported += [doc_id for doc_id, _ in new]
        labelled = [(doc_id, doc) for doc_id, doc in new if doc.spans]
        if labelled:
            add_imported_labels(self, c, labelled, stamp, result, label_ids, relation_ids)

    def checkpoints_behind(self):
        """WAL checkpoints on a thread of their own while a bulk import commits (annotator.store.checkpointer):
        nudge() it after each commit, stop() it at the end."""
        from annotator.store.checkpointer import Checkpointer

        return Checkpointer(self.conn, self.path).start()

    def ids_by_sha256(self, shas: list[str]) -> dict[str, int]:
        """{sha256: document id} of the given text hashes that the project holds (one query per 500)."""
        found: dict[str, int] = {}
        for i in range(0, len(shas), 500):
            part = shas[i:i + 500]
            found.update(self.conn.execute(
                f"SELECT sha256, id FROM documents WHERE sha256 IN ({','.join('?' * len(part))})", part))
        return found

    def has_text(self, text: str, *, sha256: str = "") -> int | None:
        """The id of the document with this text (sha256: the text's hash, when the caller has it)."""
        row = self.conn.execute("SELECT id FROM documents WHERE sha256 = ?", (sha256 or text_sha256(text),)).fetchone()
        return row[0] if row else None

    def document(self, doc_id: int, *, verify: bool = False) -> Document:
        """One document. verify: check the text against its stored sha256 (CorruptDatabaseError if it
        changed: a damaged file can still hold valid UTF-8)."""
        try:
            row = self.conn.execute(f"SELECT {DOC_COLUMNS}, d.sha256 FROM {DOC_FROM} WHERE d.id = ?",
                                    (doc_id,)).fetchone()
            if row is None:
                raise ProjectError(f"{self.path}: no document with id {doc_id}")
            return self._checked(row, verify)
        except sqlite3.Error as exc:
            raise self._read_error(exc, f"document {doc_id}") from None

    def iter_documents(self, doc_ids: Sequence[int] | None = None, *, chunk: int = 256,
                       verify: bool = False) -> Iterator[Document]:
        """Stream documents in id order with bounded memory (verify: as in document())."""
        try:
            yield from self._iter_documents(doc_ids, chunk, verify)
        except sqlite3.Error as exc:
            raise self._read_error(exc, "documents") from None

    def _iter_documents(self, doc_ids, chunk: int, verify: bool) -> Iterator[Document]:
        select = f"SELECT {DOC_COLUMNS}, d.sha256 FROM {DOC_FROM}"
        if doc_ids is None:
            last = 0
            while True:
                rows = self.conn.execute(f"{select} WHERE d.id > ? ORDER BY d.id LIMIT ?", (last, chunk)).fetchall()
                if not rows:
                    return
                for row in rows:
                    yield self._checked(row, verify)
                last = rows[-1][0]
        else:
            for i in range(0, len(doc_ids), chunk):
                part = list(doc_ids[i : i + chunk])
                marks = ",".join("?" * len(part))
                rows = {r[0]: r for r in self.conn.execute(f"{select} WHERE d.id IN ({marks})", part)}
                for doc_id in part:
                    if doc_id in rows:
                        yield self._checked(rows[doc_id], verify)

    def _checked(self, row, verify: bool, text_utf8: bytes | None = None) -> Document:
        """The Document of a row of DOC_COLUMNS + sha256; verify: its text checked against the sha256 (text_utf8: the
        text's bytes as stored, hashed as they are)."""
        try:
            doc = _document(row)
        except (ValueError, TypeError) as exc:  # meta that is no longer JSON
            raise CorruptDatabaseError(f"{self.path}: document {row[0]} is damaged ({type(exc).__name__});"
                                       " run `sqlite3 FILE .recover` on a copy, or restore a backup") from None
        if verify and (not isinstance(doc.text, str)
                       or (text_sha256(doc.text) if text_utf8 is None else utf8_sha256(text_utf8)) != row[-1]):
            raise text_checksum_error(self.path, doc.id)
        return doc

    def _read_error(self, exc: sqlite3.Error, what: str) -> ProjectError:
        error = translate_error(self.path, exc)
        if isinstance(exc, sqlite3.DatabaseError) and not isinstance(error, StoreUnavailableError):
            return CorruptDatabaseError(f"{self.path}: {what} cannot be read, the database is damaged"
                                        f" ({short_error(exc)})")
        return error

    def count_documents(self) -> int:
        return self.conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]

    def data_version(self) -> int:
        """SQLite's PRAGMA data_version: it changes when another connection commits (not when this one does)."""
        return self.conn.execute("PRAGMA data_version").fetchone()[0]

    # status -----------------------------------------------------------------------------------------
    def status(self, doc_id: int) -> str:
        row = self.conn.execute(
            "SELECT status FROM doc_status WHERE doc_id = ? AND reviewer_id = ?", (doc_id, self.reviewer_id)
        ).fetchone()
        return row[0] if row else "new"

    def set_status(self, doc_id: int, status: str) -> str:
        """Set this reviewer's status for a document; returns the previous status (for undo)."""
        if status not in STATUSES:
            raise ProjectError(f"unknown status {status!r}; use one of {', '.join(STATUSES)}")
        previous = self.status(doc_id)
        with self.transaction() as c:
            c.execute(
                "INSERT INTO doc_status(doc_id, reviewer_id, status, updated_at) VALUES (?,?,?,?)"
                " ON CONFLICT(doc_id, reviewer_id) DO UPDATE SET status = excluded.status,"
                " updated_at = excluded.updated_at",
                (doc_id, self.reviewer_id, status, now()),
            )
        return previous

    def status_counts(self, reviewer: str | None = None) -> dict[str, int]:
        rid = self.reviewer_id if reviewer is None else self._reviewer_id(reviewer)
        counts = dict.fromkeys(STATUSES, 0)
        for status, n in self.conn.execute(
            "SELECT status, COUNT(*) FROM doc_status WHERE reviewer_id = ? GROUP BY status", (rid,)
        ):
            counts[status] = n
        counts["new"] += self.count_documents() - sum(counts.values())
        return counts

    def _reviewer_id(self, name: str) -> int:
        row = self.conn.execute("SELECT id FROM reviewers WHERE name = ?", (name,)).fetchone()
        return row[0] if row else -1

    # statistics -------------------------------------------------------------------------------------
    def stats(self) -> dict:
        """Counts a reader means: an entity (or relation) that several layers hold counts once (a reviewer's
        copy of an imported label is the same entity); by_layer has each layer's own counts."""
        q = self.conn.execute
        by_status = self.status_counts()
        entities = (
            "SELECT DISTINCT s.doc_id, s.start, s.\"end\", s.label_id FROM spans s JOIN layers y ON y.id = s.layer_id"
            " WHERE y.kind <> 'suggestions'"
        )
        relations = (
            # named: a subquery's duplicate column names resolve to the first (the head's label) outside it
            "SELECT DISTINCT x.doc_id, h.start AS head_start, h.\"end\" AS head_end, h.label_id AS head_label,"
            " t.start AS tail_start, t.\"end\" AS tail_end, t.label_id AS tail_label, x.label_id AS label_id"
            " FROM relations x JOIN spans h ON h.id = x.head_id JOIN spans t ON t.id = x.tail_id"
            " JOIN layers y ON y.id = x.layer_id WHERE y.kind <> 'suggestions'"
        )
        by_label = {name: n for name, n in q(
            f"SELECT l.name, COUNT(e.label_id) FROM labels l LEFT JOIN ({entities}) e ON e.label_id = l.id"
            " WHERE l.kind = 'entity' GROUP BY l.id ORDER BY l.position, l.name"
        )}
        by_relation = {name: n for name, n in q(
            f"SELECT l.name, COUNT(r.doc_id) FROM labels l LEFT JOIN ({relations}) r ON r.label_id = l.id"
            " WHERE l.kind = 'relation' GROUP BY l.id ORDER BY l.position, l.name"
        )}
        by_layer = {name: {"kind": kind, "spans": spans, "relations": rels} for name, kind, spans, rels in q(
            "SELECT y.name, y.kind, (SELECT COUNT(*) FROM spans s WHERE s.layer_id = y.id),"
            " (SELECT COUNT(*) FROM relations x WHERE x.layer_id = y.id) FROM layers y ORDER BY y.id"
        )}
        return {
            "documents": self.count_documents(),
            "spans": q(f"SELECT COUNT(*) FROM ({entities})").fetchone()[0],
            "relations": q(f"SELECT COUNT(*) FROM ({relations})").fetchone()[0],
            "by_status": by_status,
            "by_gold_status": self.gold_status_counts(),
            "by_label": by_label,
            "by_relation": by_relation,
            "by_layer": by_layer,
            "reviewer": self.reviewer,
            "search_index": dict(zip(("indexed", "documents"), self.index_status())),
        }

    def _touch(self, c: sqlite3.Connection, doc_id: int) -> None:
        c.execute("UPDATE doc_state SET updated_at = ? WHERE doc_id = ?", (now(), doc_id))


def packed_lines_of(doc: NewDocument) -> tuple[str, str, str]:
    """The stored form of a new document's line segments (unclassified lines when it has none)."""
    if doc.packed_lines is not None:
        return doc.packed_lines
    return pack_lines(doc.segments) if doc.segments is not None else pack_unclassified(doc.text)


def document_values(doc: NewDocument, stamp: str) -> tuple:
    """The documents row of a new document. ValueError names what SQLite could not store faithfully: NUL
    characters (length() stops at them, so the length CHECK fails), lone surrogates, meta that is not
    finite, serialisable JSON."""
    text = doc.text
    if not isinstance(text, str):
        raise ValueError(f"the text is {type(text).__name__}, not a string")
    data = doc.utf8  # the importer's encoding of the text: it holds no surrogates, and SQLite takes it as it is
    if (b"\x00" in data) if data is not None else ("\x00" in text):  # the bytes scan ~6 times faster
        raise ValueError("the text holds NUL characters")
    if data is None and has_surrogates(text):
        raise ValueError("the text holds unpaired UTF-16 surrogates (not valid Unicode)")
    try:
        if doc.meta == {}:
            meta = "{}"
        else:
            meta = json.dumps(doc.meta, ensure_ascii=False, allow_nan=False)
            meta.encode("utf-8")
    except (ValueError, TypeError, RecursionError) as exc:
        raise ValueError(f"its meta cannot be stored as JSON ({type(exc).__name__}: {str(exc)[:80]})") from None
    ext_id, title, source, url = doc.ext_id, doc.title, doc.source, doc.url
    return (None if ext_id is None else _storable_field(ext_id, "ext_id"),
            "" if title is None else _storable_field(title, "title"),
            "" if source is None else _storable_field(source, "source"),
            "" if url is None else _storable_field(url, "url"),
            doc.sha256 or text_sha256(text), len(text), meta, stamp, text if data is None else data)


def _storable_field(value, name: str) -> str:
    """A document's field as text without NULs; ValueError if it holds lone surrogates (an ASCII one cannot)."""
    value = str(value)
    if "\x00" in value:
        value = value.replace("\x00", "")
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError(f"its {name} holds unpaired UTF-16 surrogates") from None
    return value


def _document(row) -> Document:
    return Document(
        id=row[0], ext_id=row[1], title=row[2], source=row[3], url=row[4], text=row[5],
        meta=json.loads(row[6]), segmenter_version=row[7], created_at=row[8], updated_at=row[9],
    )
