"""Arguments and helpers shared by subcommands."""

from __future__ import annotations

import argparse
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


def open_project(args: argparse.Namespace):
    from annotator.store import Project

    return Project.open(db_path(args), getattr(args, "reviewer", None))


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
