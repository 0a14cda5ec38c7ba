"""Opening a project file safely: refuse what is not ours, never alter a file we refuse."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Callable

from annotator.store import schema
from annotator.store.errors import (
    CorruptDatabaseError,
    DiskFullError,
    DiskIOError,
    NewerSchemaError,
    NotAProjectError,
    ProjectError,
    ProjectLockedError,
    ReadOnlyProjectError,
)

SQLITE_MAGIC = b"SQLite format 3\x00"
QUICK_CHECK_MAX_BYTES = 256 * 1024 * 1024  # larger files are checked lazily, as pages are read
# PRAGMA quick_check reads every page but not whether each index holds exactly its table's rows (a flipped byte can
# leave a row out of an index, and a lookup or a UNIQUE rule then misses it). integrity_check does, at ~3x the
# cost on a file of many entities (133 ms against 31 on the peer's 20 MB labelled project): a file up to this size
# gets it whole (~0.2 ms on a 1 MB one); a larger one gets it for the tables whose size does not grow with the
# documents, whose indexes carry the project's unique rules (~1 ms).
INTEGRITY_CHECK_MAX_BYTES = 4 * 1024 * 1024
_ALWAYS_CHECKED_TABLES = ("meta", "labels", "layers", "reviewers", "relation_rules", "tokenizers", "entities",
                          "entity_aliases")
BUSY_TIMEOUT_MS = 5000
# Pages of a new project file. Its rows are mostly texts of a few KB (one a 4 KB page, SQLite's default), and
# a WAL commit and checkpoint cost per page: 16 KB pages took the store's share of importing 10k peer documents
# from 0.30 to 0.23 CPU s. A file keeps the page size it was made with.
NEW_FILE_PAGE_SIZE = 16384
_SIDE_FILES = ("-wal", "-shm", "-journal")


def open_connection(path: Path, *, read_only: bool = False, validate: bool = True, lock_wait: float | None = None,
                    on_wait: Callable[[float], None] | None = None) -> sqlite3.Connection:
    """Validate read-only first, then open read-write, switch to WAL and migrate. With read_only the file
    is opened for reading only (nothing is written, not even beside it when the folder is read-only).
    validate=False skips the checks of an existing file (its quick_check reads every page): only for a second
    connection to a file this process has just opened with them (a forked export child's).
    lock_wait: for a command that will write, seconds to wait for another program's write lock before anything
    is read or written (ProjectLockedError after, naming the file; on_wait(seconds) when it has to wait); None:
    every statement waits BUSY_TIMEOUT_MS as it comes."""
    path = Path(path)
    if path.is_dir():
        raise ProjectError(f"{path}: a folder, not a project file (name a file in it, such as "
                           f"{path / 'project.annotator.db'}); nothing was changed")
    exists = path.exists() and path.stat().st_size > 0
    if exists:
        if validate:
            _validate_existing(path)
    elif read_only:
        raise ProjectError(f"{path}: no such project")
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
    if read_only:
        return _open_read_only(path)
    conn = None
    try:
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        if not exists:  # before the first write fixes it (and WAL mode keeps it)
            conn.execute(f"PRAGMA page_size = {NEW_FILE_PAGE_SIZE}")
            # The switch to WAL below writes the empty file's first pages through a rollback journal: unsynced, as
            # the steps after it (finish_new_file syncs the whole new file at once). Synced, it was 4 of a new
            # project's 8 fsyncs, and the first one of a busy disk took up to 80 ms.
            conn.execute("PRAGMA synchronous = OFF")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode.lower() != "wal":
            raise ProjectError(f"{path}: cannot switch the database to WAL mode (got {mode})")
        if lock_wait is not None and exists:
            _wait_for_write_lock(conn, path, lock_wait, on_wait)
        # A new file is built (schema, scheme, reviewer) without an fsync per step: it holds nothing yet, and
        # finish_new_file() makes all of it durable at once. Each step was a synced commit: ~15 fsyncs, which
        # took 0.2 s of a new project's first import on a busy disk.
        conn.execute("PRAGMA synchronous = FULL" if exists else "PRAGMA synchronous = NORMAL")
        if schema.migrate(conn) < schema.SCHEMA_VERSION and exists:
            _checkpoint(conn)
    except sqlite3.DatabaseError as exc:
        if conn is not None:
            conn.close()
        if exists and any(sign in str(exc) for sign in _MISMATCH_SIGNS):  # the step rolled back whole
            raise CorruptDatabaseError(
                f"{path}: its schema version does not match its tables (an upgrade step found {short_error(exc)});"
                " the version number was changed by another program") from None
        if isinstance(exc, sqlite3.OperationalError) or _error_name(exc) in ("SQLITE_READONLY", "SQLITE_FULL"):
            raise translate_error(path, exc) from None
        raise CorruptDatabaseError(f"{path}: the database is damaged ({short_error(exc)}); nothing was changed") from None
    except BaseException:
        if conn is not None:
            conn.close()
        raise
    return conn


def _wait_for_write_lock(conn: sqlite3.Connection, path: Path, seconds: float,
                         on_wait: Callable[[float], None] | None) -> None:
    """Take the write lock and give it back at once: held by another program (a long import, a merge in the app),
    wait for it up to `seconds`, then fail before the command has done any work, rather than after (every write of
    a run waiting BUSY_TIMEOUT_MS in turn: a suggest run failed after ~30 s, its proposals lost)."""
    try:
        for timeout in (0.0, seconds) if seconds > 0 else (0.0,):
            conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                if not ("locked" in str(exc) or "busy" in str(exc)):
                    raise
                if timeout == 0.0 and seconds > 0 and on_wait is not None:
                    on_wait(seconds)
                continue
            conn.execute("ROLLBACK")
            return
    finally:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    waited = f"waited {seconds:g} s; " if seconds > 0 else ""
    raise ProjectLockedError(
        f"{path}: another program is writing to the database (the app, or another annotator command, holds its"
        f" write lock); {waited}nothing was read or changed. Try again when it has finished, or give --wait"
        " SECONDS to wait longer")


# What an upgrade step meets in a file whose tables are not those of its version number.
_MISMATCH_SIGNS = ("already exists", "no such table", "no such column", "duplicate column")


def names_of_objects(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}


def finish_new_file(conn: sqlite3.Connection) -> None:
    """The end of building a new project: one checkpoint syncs the WAL and then the database file (what
    synchronous NORMAL does at a checkpoint), and every later commit is synced again (FULL)."""
    _checkpoint(conn)
    conn.execute("PRAGMA synchronous = FULL")


def _checkpoint(conn: sqlite3.Connection) -> None:
    """Move the pages a migration wrote out of the WAL and truncate it: a new project's schema would otherwise
    sit in the WAL beside the first import's pages, twice the room on a nearly full disk. Best effort: the
    migration is committed either way."""
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    except sqlite3.OperationalError:
        pass


def rollback(conn: sqlite3.Connection) -> None:
    """Roll back what is open. SQLite has already rolled back on some errors (a full disk): then there is
    nothing to do, and the error that caused it is the one the user must see, not "no transaction"."""
    if conn.in_transaction:
        try:
            conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass


def _connect_ro(path: Path) -> sqlite3.Connection:
    """A read-only connection. In a folder we cannot write, SQLite cannot create the WAL index (-shm) a
    WAL file needs; without a -wal file nothing is pending, so the file is read as immutable instead; unless a
    hot rollback journal is beside it (a writer killed in rollback-journal mode): refused there; where the file
    can be written, SQLite undoes the cut-off write first (undo_cut_off_write)."""
    uri = path.resolve().as_uri()
    journal = Path(f"{path}-journal")
    conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    try:
        conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
        return conn
    except sqlite3.OperationalError as exc:
        conn.close()
        writable = os.access(path.parent, os.W_OK)
        wal = Path(f"{path}-wal")
        # SQLite says "unable to open" or, when it cannot create the -shm, "attempt to write a readonly database"
        # (also when a hot rollback journal is beside the file: undoing a cut-off write needs it written)
        cannot_start = "unable to open" in str(exc) or _error_name(exc).startswith("SQLITE_READONLY")
        hot = cannot_start and journal.exists() and journal.stat().st_size > 0
        if hot and writable and os.access(path, os.W_OK):
            undo_cut_off_write(path)
            conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
            conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
            return conn
        if writable or (wal.exists() and wal.stat().st_size > 0) or not cannot_start:
            raise
        if hot:  # immutable reading would skip it: half a write
            raise ReadOnlyProjectError(
                f"{path}: a write to it was cut off ({journal} is still beside it) and only SQLite where the folder"
                " can be written finishes undoing it; open it once where it can be written; nothing was changed")
    return sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, isolation_level=None)


def undo_cut_off_write(path: Path) -> None:
    """Let SQLite play back the hot rollback journal beside the file (a writer killed mid-write in rollback-journal
    mode), as it does on any read where it can write: the file is as it was last committed, the journal gone."""
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    try:
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
    finally:
        conn.close()


def _open_read_only(path: Path) -> sqlite3.Connection:
    try:
        conn = _connect_ro(path)
        conn.execute("PRAGMA foreign_keys = ON")
        version = schema.user_version(conn)
    except sqlite3.OperationalError as exc:
        raise translate_error(path, exc) from None
    except sqlite3.DatabaseError as exc:
        raise CorruptDatabaseError(f"{path}: the database is damaged ({short_error(exc)}); nothing was changed") from None
    if version < schema.SCHEMA_VERSION:
        conn.close()
        raise ReadOnlyProjectError(
            f"{path}: written by an older version (schema {version}) and it cannot be upgraded here, because "
            f"{_unwritable_part(path)} cannot be written; open it once where it can be written"
        )
    return conn


def read_reviewers(path: Path) -> list[str]:
    """Reviewer names already in a project, read without opening it for writing (for the name prompt);
    [] when the file is missing or not readable as a project."""
    path = Path(path)
    if not path.exists():
        return []
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            return [r[0] for r in conn.execute("SELECT name FROM reviewers ORDER BY name")]
        finally:
            conn.close()
    except sqlite3.Error:
        return []


def read_assignment(path: Path) -> dict | None:
    """What a hand-out wrote into the file it made for one reviewer (store.team_handout: meta 'assignment', with the
    reviewer it is for), read without opening the file for writing; None for a file that is no hand-out, is
    missing or is not readable as a project."""
    import json

    path = Path(path)
    if not path.exists():
        return None
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = 'assignment'").fetchone()
        finally:
            conn.close()
        value = json.loads(row[0]) if row else None
    except (sqlite3.Error, ValueError, TypeError):
        return None
    return value if isinstance(value, dict) else None


def _validate_existing(path: Path) -> None:
    try:
        with open(path, "rb") as fh:
            head = fh.read(100)
    except OSError as exc:
        raise ProjectError(f"{path}: cannot read the file: {exc.strerror}") from None
    if not head.startswith(SQLITE_MAGIC):
        raise NotAProjectError(f"{path}: not an annotator project (not an SQLite database); nothing was changed")
    side_before = {s for s in _SIDE_FILES if Path(f"{path}{s}").exists()}
    refused = True
    try:
        ro = _connect_ro(path)
    except (sqlite3.Error, UnicodeDecodeError) as exc:  # SQLite's message may quote undecodable bytes of the file
        _remove_new_side_files(path, side_before)
        if isinstance(exc, UnicodeDecodeError):
            raise CorruptDatabaseError(f"{path}: the database is damaged (its schema cannot be read); nothing was"
                                       " changed") from None
        if isinstance(exc, sqlite3.OperationalError):
            raise translate_error(path, exc) from None
        raise CorruptDatabaseError(f"{path}: the database is damaged ({short_error(exc)}); nothing was changed") from None
    try:
        version = schema.user_version(ro)
        tables = {r[0] for r in ro.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if version > schema.SCHEMA_VERSION:
            raise NewerSchemaError(
                f"{path}: written by a newer version of annotator (schema {version}, this version reads up to "
                f"{schema.SCHEMA_VERSION}); upgrade annotator to open it. Nothing was changed."
            )
        if version < 0:
            raise CorruptDatabaseError(f"{path}: the database is damaged (its schema version is {version}); nothing "
                                       "was changed")
        if version == 0 and tables:
            raise NotAProjectError(
                f"{path}: an SQLite database, but not an annotator project (it has tables "
                f"{', '.join(sorted(tables)[:5])}); nothing was changed"
            )
        ahead = schema.created_by_steps_from(version) & names_of_objects(ro)
        if ahead:
            raise CorruptDatabaseError(
                f"{path}: its schema version ({version}) does not match its tables ({', '.join(sorted(ahead)[:3])} "
                "come from later versions): the version number was changed by another program; nothing was changed")
        lacking = (schema.OUR_TABLES - tables) | (schema.objects_at(version) - names_of_objects(ro))
        if version > 0 and lacking and lacking <= schema.objects_at(version) - schema.objects_at(schema.SCHEMA_VERSION):
            raise CorruptDatabaseError(
                f"{path}: its schema version ({version}) does not match its tables ({', '.join(sorted(lacking)[:3])} "
                "are gone, as later versions leave them): the version number was changed by another program; nothing"
                " was changed")
        if version > 0 and lacking:
            missing = ", ".join(sorted(lacking))
            raise CorruptDatabaseError(f"{path}: project tables are missing ({missing}); nothing was changed")
        result = page_problem(ro, path.stat().st_size)
        if result != "ok":
            raise CorruptDatabaseError(f"{path}: the database is damaged ({result}); nothing was changed")
        refused = False
    except sqlite3.OperationalError as exc:
        raise translate_error(path, exc) from None
    except sqlite3.DatabaseError as exc:
        raise CorruptDatabaseError(f"{path}: the database is damaged ({short_error(exc)}); nothing was changed") from None
    except UnicodeDecodeError:
        raise CorruptDatabaseError(f"{path}: the database is damaged (text in it is not UTF-8); nothing was"
                                   " changed") from None
    finally:
        ro.close()
        if refused:
            _remove_new_side_files(path, side_before)


_CHECK_ROWS = 100  # problems a whole-file check reports at most


def page_problem(ro, size: int) -> str:
    """"ok", or (one line) the first problem the checks of an existing file of `size` bytes find: integrity_check
    or quick_check by size (see QUICK_CHECK_MAX_BYTES), the scheme's tables always whole."""
    if size > QUICK_CHECK_MAX_BYTES:
        return "ok"
    tables = {r[0] for r in ro.execute("SELECT name FROM sqlite_master WHERE type = 'table'"
                                       " AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'")}
    if size <= INTEGRITY_CHECK_MAX_BYTES:
        # SQLite checks CHECK constraints only on a connection that may write: a copy in memory (~2 ms a MB) lets
        # a flipped byte in a CHECKed column (a label's kind) be found here, not as a traceback later.
        copy = sqlite3.connect(":memory:")
        try:
            ro.backup(copy)
            result = first_problem(copy, "integrity_check", tables)
        finally:
            copy.close()
    else:
        result = first_problem(ro, "quick_check", tables)
    for table in (_ALWAYS_CHECKED_TABLES if result == "ok" and size > INTEGRITY_CHECK_MAX_BYTES else ()):
        if table in tables and (result := ro.execute(f'PRAGMA integrity_check("{table}")').fetchone()[0]) != "ok":
            break
    return "ok" if result == "ok" else _one_line(result)[:160]


def names_search_index(message: str) -> bool:
    """A check's or an error's message about the FTS5 search index (doc_fts_compact and its shadow tables)."""
    return "fts5" in message.lower() or "doc_fts" in message


def first_problem(ro, pragma: str, tables: set[str]) -> str:
    """"ok", or the first problem PRAGMA `pragma` (quick_check or integrity_check) finds outside the search index.
    From SQLite 3.44 both also run FTS5's own check of the search index; a damaged index is the store's to find and
    rebuild (store/search_index.py: searches scan meanwhile), not a reason to refuse the file, which would leave no
    way to rebuild it. When the check stops at the index (an error, or only the index's problems up to the
    limit), `tables` (the ordinary tables) are checked one by one instead."""
    try:
        rows = [r[0] for r in ro.execute(f"PRAGMA {pragma}({_CHECK_ROWS})")]
    except sqlite3.DatabaseError as exc:
        if not names_search_index(str(exc)):
            raise
        rows = None
    if rows is not None:
        problems = [r for r in rows if r != "ok" and not names_search_index(r)]
        if problems or len(rows) < _CHECK_ROWS:
            return problems[0] if problems else "ok"
    for table in sorted(tables):
        result = ro.execute(f'PRAGMA {pragma}("{table}")').fetchone()[0]
        if result != "ok" and not names_search_index(result):
            return result
    return "ok"


def _remove_new_side_files(path: Path, existed: set[str]) -> None:
    """A refused file is left as it was: no -wal/-shm that our look at it created stays beside it."""
    for suffix in _SIDE_FILES:
        side = Path(f"{path}{suffix}")
        if suffix not in existed:
            try:
                side.unlink()
            except OSError:
                pass


def remove_project_file(path: Path) -> None:
    """Remove a project file this run created and found no use for (with its -wal/-shm/-journal), so that a
    failed command leaves no empty project behind. Only for files the caller made itself."""
    for name in (str(path), *(f"{path}{suffix}" for suffix in _SIDE_FILES)):
        try:
            Path(name).unlink()
        except FileNotFoundError:
            pass


def _error_name(exc: sqlite3.Error) -> str:
    return getattr(exc, "sqlite_errorname", "") or ""


def _unwritable_part(path: Path) -> str:
    """What stops writing: the folder (SQLite creates -wal/-shm there) or else the file itself."""
    path = Path(path)
    if os.access(path.parent, os.W_OK) and path.exists() and not os.access(path, os.W_OK):
        return f"the file {path}"
    return f"the folder {path.parent}"


def _disk_nearly_full(path: Path) -> bool:
    try:
        import shutil  # here: it imports bz2 and lzma, ~5 ms of every start

        return shutil.disk_usage(Path(path).parent).free < 1024 * 1024
    except OSError:
        return False


def short_error(exc: BaseException) -> str:
    """SQLite's message without the data it quotes ("Could not decode to UTF-8 column 'text' with text
    '<the whole document>'"), at most 160 characters."""
    return _one_line(str(exc).split(" with text ", 1)[0])[:160]


def _one_line(message: str) -> str:
    """quick_check's "*** in database main ***\nPage 47: ..." as one line, without the banner."""
    return " ".join(message.replace("*** in database main ***", "").split())


def translate_error(path: Path | str, exc: sqlite3.Error) -> ProjectError:
    """A user's message for an SQLite error: what happened to which file, and what to do."""
    text = short_error(exc)
    name = _error_name(exc)
    if name == "SQLITE_FULL" or "disk is full" in text or (
        "disk I/O error" in text and _disk_nearly_full(Path(path))
    ):
        return DiskFullError(f"{path}: disk full (SQLite: {text}); free some space and try again")
    if "locked" in text or "busy" in text:
        return ProjectLockedError(
            f"{path}: the database is locked by another program (waited {BUSY_TIMEOUT_MS // 1000} s); "
            "close it there and try again. Nothing was lost."
        )
    if "malformed" in text or "not a database" in text or "corrupt" in text or "decode" in text:
        return CorruptDatabaseError(f"{path}: the database is damaged ({text})")
    if "readonly" in text or "read-only" in text:
        return ReadOnlyProjectError(
            f"{path}: the database is read-only ({_unwritable_part(Path(path))} cannot be written); "
            "nothing can be saved there"
        )
    if "disk I/O error" in text or name.startswith("SQLITE_IOERR"):
        return DiskIOError(f"{path}: a read or write of the file failed (SQLite: {text}); the disk may be full or"
                           " failing, or the file over a size limit. What was committed before is kept")
    if "unable to open" in text:
        part = _unwritable_part(Path(path))
        if not os.access(Path(path).parent, os.W_OK) or not os.access(path, os.W_OK):
            return ReadOnlyProjectError(
                f"{path}: cannot be opened for writing: {part} cannot be written (SQLite keeps "
                f"{Path(path).name}-wal and {Path(path).name}-shm beside the database); "
                "choose a folder you can write to, or change its permissions"
            )
        return ProjectError(f"{path}: the database file cannot be opened ({text})")
    return ProjectError(f"{path}: database error: {text}")


def database_error_message(where: Path | str, exc: sqlite3.Error) -> str:
    """What to tell the user about an SQLite error that escaped the store (a damaged file read later):
    which file, what happened, what to do; never the data SQLite was reading."""
    error = translate_error(where, exc)
    if type(error) is ProjectError:  # not full, locked or read-only: the file is not what it should be
        return (f"{where}: the database is damaged ({type(exc).__name__}); restore a backup, or run"
                " `sqlite3 FILE .recover` on a copy")
    return str(error)
