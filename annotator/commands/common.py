"""Arguments and helpers shared by subcommands."""

from __future__ import annotations

import argparse
import errno
import json
import os
import re
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable


def add_db_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        type=Path,
        default=None,
        help="project database (default: $ANNOTATOR_DB, else the per-user data folder)",
    )
    add_wait_argument(parser)


LOCK_WAIT_SECONDS = 2.0  # far beyond any one transaction of the app or a command (well under a second each)


def add_wait_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--wait", type=float, default=LOCK_WAIT_SECONDS, metavar="SECONDS",
                        help="when another program is writing to the project (the app, another command), wait this"
                             f" long for it before giving up (default {LOCK_WAIT_SECONDS:g}; commands that only"
                             " read never wait)")


def lock_wait_of(args: argparse.Namespace) -> float | None:
    """How long a command waits for the project's write lock before it starts (None: a reading command)."""
    if getattr(args, "command", None) in READING_COMMANDS:
        return None
    return max(0.0, float(getattr(args, "wait", LOCK_WAIT_SECONDS)))


def waiting_notice(path) -> Callable[[float], None]:
    def notice(seconds: float) -> None:
        print(f"annotator: {path}: another program is writing to it; waiting up to {seconds:g} s…", file=sys.stderr,
              flush=True)

    return notice


def add_reviewer_argument(parser: argparse.ArgumentParser, *, reads_done: bool = False) -> None:
    """reads_done: the command has --status done, which means the documents this reviewer marked done."""
    what = ("whose done marks --status done reads" if reads_done else "the name changes are recorded under")
    parser.add_argument("--reviewer", default=None,
                        help=f"the reviewer this command runs as, {what} (default: $ANNOTATOR_REVIEWER or the"
                        " login name)")


def db_path(args: argparse.Namespace) -> Path:
    from annotator.paths import default_db_path

    return Path(args.db).expanduser() if getattr(args, "db", None) else default_db_path()


READING_COMMANDS = frozenset({"stats", "export", "report", "agreement"})  # they never change the project
# Commands that work on the documents a project holds: a --db naming no project (a typo, an empty file) is refused,
# not made into a new empty project the command then reports success on ("stored 0 suggestions").
EXISTING_PROJECT_COMMANDS = READING_COMMANDS | {"index", "tokenize", "suggest", "assign", "train", "segment"}
# Commands that write nothing in a reviewer's name: running them as a new login name adds no reviewer (and no
# empty layer that agreement, merges and the app would then show).
_UNATTRIBUTED_COMMANDS = READING_COMMANDS | {"index", "tokenize", "import", "segment"}  # nothing written in a name


def _has_bytes(path: Path) -> bool:
    try:
        return path.stat().st_size > 0 or path.is_dir()
    except OSError:
        return False


def open_project(args: argparse.Namespace):
    """The project of --db. A reading command opens it read-only when it cannot be written (a
    read-only folder or file), with a note on stderr."""
    from annotator.store import Project, ReadOnlyProjectError

    path, reviewer = db_path(args), getattr(args, "reviewer", None)
    if getattr(args, "command", None) in EXISTING_PROJECT_COMMANDS and not _has_bytes(path):
        from annotator.store import ProjectError

        # A mistyped --db made an empty project there, and an export of nothing; so did an empty file (a project
        # of 1 MB written by a command that only reads); without --db, the default project, never named.
        what = "an empty file, not a project yet" if path.exists() else "no such project file"
        if not getattr(args, "db", None):
            where = "$ANNOTATOR_DB" if os.environ.get("ANNOTATOR_DB") else "the default project: no --db given"
            raise ProjectError(f"{path}: {what} ({where}; nothing was written; `annotator import FILES` makes it,"
                               " or --db names another project)")
        raise ProjectError(f"{path}: {what} (nothing was written; `annotator import --db {path} FILES` makes one)")
    try:
        project = Project.open(path, reviewer, backfill=False,
                               register_reviewer=getattr(args, "command", None) not in _UNATTRIBUTED_COMMANDS,
                               lock_wait=lock_wait_of(args), on_wait=waiting_notice(path))
    except ReadOnlyProjectError:
        if getattr(args, "command", None) not in READING_COMMANDS or not path.exists():
            raise
        project = Project.open(path, reviewer, read_only=True)
        print(f"annotator: note: {path}: opened read-only (it cannot be written here); nothing is saved to it",
              file=sys.stderr)
        return project
    try:
        backfill_with_progress(project, quiet=getattr(args, "quiet", False))
    except BaseException:
        project.close()
        raise
    return project


def backfill_with_progress(project, *, quiet: bool = False) -> None:
    """The one-time back-fill of older documents' dates and outlets, with a progress bar on stderr (an
    interrupt leaves what was read; the next command goes on from there)."""
    if not project.article_meta_pending():
        return
    bar = ProgressBar("article dates", quiet=quiet)
    try:
        run = project.backfill_article_meta(progress=bar)
    finally:
        bar.close()
    if not quiet:
        print(f"annotator: note: read the date and outlet of {run.read} documents imported before they were"
              f" kept ({run.dated} dated)", file=sys.stderr)


def error_message(exc: BaseException, args: argparse.Namespace | None = None) -> str | None:
    """The message the CLI prints instead of a traceback, or None for a bug (which keeps its traceback).
    SQLite errors that escape the store (a damaged file read later) are named with the project's path,
    without dumping the data SQLite was reading."""

    from annotator.store.errors import DatabaseError, ProjectError

    filename = (exc.filename or getattr(args, "out", None)) if isinstance(exc, OSError) else None
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        where = f" writing {_output_name(filename)}" if filename else ""
        return (f"disk full (no space left on device{where}); outputs are written whole or not at all, so"
                " nothing half-written was left. Free some space and try again")
    if isinstance(exc, OSError) and filename and exc.strerror:
        # "[Errno 13] Permission denied: '/out/.report.xlsx.4242.x1y2.part'" named our temporary file, and
        # "[Errno 27] File too large" none
        return f"{_output_name(filename)}: {exc.strerror.lower()}; nothing was written there"
    if isinstance(exc, (ProjectError, OSError)):
        return str(exc)
    if isinstance(exc, DatabaseError):
        from annotator.store.connection import database_error_message

        return database_error_message(db_path(args) if args is not None else "the project", exc)
    if isinstance(exc, MemoryError):
        return "out of memory (a very large input? see --max-document-mb for imports)"
    return None


_ATOMIC_PART = re.compile(r"^\.(?P<name>.+)\.\d+\.[^.]+(?:\.2)?\.part$")


def _output_name(filename) -> str:
    """The output a temporary `.NAME.PID.XXXX.part` beside it stands for (io/exporters/atomic.py), else the name."""
    path = Path(os.fsdecode(filename))
    found = _ATOMIC_PART.match(path.name)
    return str(path.with_name(found["name"])) if found else str(path)


def print_json(data) -> None:
    # one write: json.dump to a text stream makes a write call per token (a second for 10k documents' rows)
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def add_quiet_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--quiet", "-q", action="store_true", help="print no progress on stderr")


_COUNT = re.compile(r"(\d+)\s*/\s*(\d+)")


class ProgressBar:
    """Progress of a long command on stderr, for progress(fraction 0..1, message) callbacks.

    A live tqdm bar when stderr is a terminal; otherwise (a log, a pipe, CI) one plain line every `interval`
    seconds with percent, done/total and rate when the message carries "N/M", elapsed time and ETA, so that a
    long run is never silent. `quiet` turns both off.
    """

    def __init__(self, label: str, *, quiet: bool = False, stream=None, interval: float = 5.0,
                 tty: bool | None = None):
        self.label = label
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self.interval = interval
        self.tty = self.stream.isatty() if tty is None else tty
        self._start = time.monotonic()
        self._last_line = -1.0
        self._last_fraction = 0.0
        self._last_message = ""
        self._bar = None
        self._closed = False
        if not quiet and self.tty:
            from tqdm import tqdm

            # no monitor thread: a command that forks its workers (suggest --db) must have no other thread
            tqdm.monitor_interval = 0
            self._bar = tqdm(total=100, desc=label, file=self.stream, leave=True, dynamic_ncols=True,
                             bar_format="{desc}: {percentage:3.0f}%|{bar}| [{elapsed}<{remaining}] {postfix}")

    def __call__(self, fraction: float, message: str = "") -> None:
        if self.quiet or self._closed:
            return
        fraction = max(0.0, min(1.0, float(fraction)))
        self._last_fraction, self._last_message = fraction, message
        if self._bar is not None:
            self._bar.n = round(fraction * 100, 1)
            self._bar.set_postfix_str(message[:60], refresh=False)
            self._bar.refresh()
            return
        now = time.monotonic()
        if self._last_line < 0 or now - self._last_line >= self.interval:
            self._write_line(now)

    def line(self, now: float | None = None) -> str:
        """The plain progress line for the latest report."""
        from tqdm import tqdm

        now = time.monotonic() if now is None else now
        elapsed = now - self._start
        fraction = self._last_fraction
        parts = [f"{self.label}: {fraction * 100:3.0f}%"]
        count = _COUNT.search(self._last_message)
        if count and elapsed > 0:
            done, total = int(count.group(1)), int(count.group(2))
            parts.append(f"{done}/{total}, {done / elapsed:,.1f}/s")
        remaining = elapsed * (1 - fraction) / fraction if fraction > 0 else None
        eta = tqdm.format_interval(remaining) if remaining is not None else "?"
        parts.append(f"elapsed {tqdm.format_interval(elapsed)}, ETA {eta}")
        if self._last_message and not count:
            parts.append(self._last_message[:80])
        return " | ".join(parts)

    def _write_line(self, now: float) -> None:
        self._last_line = now
        self.stream.write(self.line(now) + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self._bar is not None:
            self._bar.close()
        elif not self.quiet and self._last_line >= 0:
            self._write_line(time.monotonic())  # the final state, so a log ends on where the run got to


@contextmanager
def batch_gc():
    """An export or an import makes millions of short-lived acyclic objects (spans, rows, parsed records) that
    reference counting frees; the cyclic collector's default pace (a pass per 700 allocations, each older pass
    walking every live object) cost a quarter of a doccano export's time and a third of parsing a labelled
    JSONL file. Inside this block the objects alive at its start are out of the collector's sight (freeze) and
    it runs a hundred times less often, so cycles are still collected; the pace is put back after it (a command
    run in-process, as the tests do, leaves the collector as it found it)."""
    import gc

    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(threshold[0] * 100, *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


_PLURALS = {"entity": "entities", "person": "people"}


def counted(n: int, word: str) -> str:
    """ "1 document", "2 documents", "1 entity", "3 entities": a count with its noun for the CLI's summaries."""
    if n == 1:
        return f"{n} {word}"
    head, _, last = word.rpartition(" ")  # "canonical entity": the last word takes the plural
    return f"{n} {head + ' ' if head else ''}{_PLURALS.get(last, last + 's')}"
