"""Arguments and helpers shared by subcommands."""

from __future__ import annotations

import argparse
import errno
import json
import sys
from pathlib import Path


def add_db_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        type=Path,
        default=None,
        help="project database (default: $ANNOTATOR_DB, else the per-user data folder)",
    )


def add_reviewer_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--reviewer", default=None, help="reviewer name recorded with changes (default: $ANNOTATOR_REVIEWER or the login name)")


def db_path(args: argparse.Namespace) -> Path:
    from annotator.paths import default_db_path

    return Path(args.db).expanduser() if getattr(args, "db", None) else default_db_path()


READING_COMMANDS = frozenset({"stats", "export", "report"})  # they never change the project


def open_project(args: argparse.Namespace):
    """The project of --db. A reading command opens it read-only when it cannot be written (a
    read-only folder or file), with a note on stderr."""
    from annotator.store import Project, ReadOnlyProjectError

    path, reviewer = db_path(args), getattr(args, "reviewer", None)
    try:
        return Project.open(path, reviewer)
    except ReadOnlyProjectError as exc:
        if getattr(args, "command", None) not in READING_COMMANDS or not path.exists():
            raise
        project = Project.open(path, reviewer, read_only=True)
        print(f"annotator: note: {path}: opened read-only (it cannot be written here); nothing is saved to it",
              file=sys.stderr)
        return project


def error_message(exc: BaseException, args: argparse.Namespace | None = None) -> str | None:
    """The message the CLI prints instead of a traceback, or None for a bug (which keeps its traceback).
    SQLite errors that escape the store (a damaged file read later) are named with the project's path,
    without dumping the data SQLite was reading."""
    import sqlite3

    from annotator.store.errors import ProjectError

    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        where = f" writing {exc.filename}" if exc.filename else ""
        return (f"disk full (no space left on device{where}); outputs are written whole or not at all, so"
                " nothing half-written was left. Free some space and try again")
    if isinstance(exc, (ProjectError, OSError)):
        return str(exc)
    if isinstance(exc, sqlite3.Error):
        from annotator.store.connection import database_error_message

        return database_error_message(db_path(args) if args is not None else "the project", exc)
    if isinstance(exc, MemoryError):
        return "out of memory (a very large input? see --max-document-mb for imports)"
    return None


def print_json(data) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


class ProgressBar:
    """A one-line text progress bar on stderr; silent when stderr is not a terminal unless forced."""

    def __init__(self, label: str, *, stream=None, force: bool = False):
        self.label = label
        self.stream = stream or sys.stderr
        self.enabled = force or self.stream.isatty()
        self._last = -1

    def __call__(self, fraction: float, message: str = "") -> None:
        if not self.enabled:
            return
        pct = int(max(0.0, min(1.0, fraction)) * 100)
        if pct == self._last and not message:
            return
        self._last = pct
        bar = "#" * (pct // 4)
        self.stream.write(f"\r{self.label} [{bar:<25}] {pct:3d}% {message[:40]:<40}")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()
