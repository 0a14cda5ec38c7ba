"""Opening a project file safely: refuse what is not ours, never alter a file we refuse."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from annotator.store import schema
from annotator.store.errors import (
    CorruptDatabaseError,
    NewerSchemaError,
    NotAProjectError,
    ProjectError,
    ProjectLockedError,
)

SQLITE_MAGIC = b"SQLite format 3\x00"
QUICK_CHECK_MAX_BYTES = 256 * 1024 * 1024  # larger files are checked lazily, as pages are read
BUSY_TIMEOUT_MS = 5000


def open_connection(path: Path) -> sqlite3.Connection:
    """Validate read-only first, then open read-write, switch to WAL and migrate."""
    path = Path(path)
    exists = path.exists() and path.stat().st_size > 0
    if exists:
        _validate_existing(path)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode.lower() != "wal":
            raise ProjectError(f"{path}: cannot switch the database to WAL mode (got {mode})")
        conn.execute("PRAGMA synchronous = FULL")
        schema.migrate(conn)
    except sqlite3.OperationalError as exc:
        raise translate_error(path, exc) from None
    except sqlite3.DatabaseError as exc:
        raise CorruptDatabaseError(f"{path}: the database is damaged ({exc}); nothing was changed") from None
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


def _validate_existing(path: Path) -> None:
    try:
        with open(path, "rb") as fh:
            head = fh.read(100)
    except OSError as exc:
        raise ProjectError(f"{path}: cannot read the file: {exc.strerror}") from None
    if not head.startswith(SQLITE_MAGIC):
        raise NotAProjectError(f"{path}: not an annotator project (not an SQLite database); nothing was changed")
    try:
        ro = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as exc:
        raise ProjectError(f"{path}: cannot open the database: {exc}") from None
    try:
        version = schema.user_version(ro)
        tables = {r[0] for r in ro.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if version > schema.SCHEMA_VERSION:
            raise NewerSchemaError(
                f"{path}: written by a newer version of annotator (schema {version}, this version reads up to "
                f"{schema.SCHEMA_VERSION}); upgrade annotator to open it. Nothing was changed."
            )
        if version == 0 and tables:
            raise NotAProjectError(
                f"{path}: an SQLite database, but not an annotator project (it has tables "
                f"{', '.join(sorted(tables)[:5])}); nothing was changed"
            )
        if version > 0 and not schema.OUR_TABLES <= tables:
            missing = ", ".join(sorted(schema.OUR_TABLES - tables))
            raise CorruptDatabaseError(f"{path}: project tables are missing ({missing}); nothing was changed")
        if path.stat().st_size <= QUICK_CHECK_MAX_BYTES:
            result = ro.execute("PRAGMA quick_check(1)").fetchone()[0]
            if result != "ok":
                raise CorruptDatabaseError(f"{path}: the database is damaged ({result}); nothing was changed")
    except sqlite3.OperationalError as exc:
        raise translate_error(path, exc) from None
    except sqlite3.DatabaseError as exc:
        raise CorruptDatabaseError(f"{path}: the database is damaged ({exc}); nothing was changed") from None
    finally:
        ro.close()


def translate_error(path: Path | str, exc: sqlite3.Error) -> ProjectError:
    text = str(exc)
    if "locked" in text or "busy" in text:
        return ProjectLockedError(
            f"{path}: the database is locked by another program (waited {BUSY_TIMEOUT_MS // 1000} s); "
            "close it there and try again. Nothing was lost."
        )
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return CorruptDatabaseError(f"{path}: the database is damaged ({text})")
    if "readonly" in text or "read-only" in text:
        return ProjectError(f"{path}: the database is read-only; nothing can be saved there")
    return ProjectError(f"{path}: database error: {text}")
