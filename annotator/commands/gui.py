"""annotator gui: start the annotation app (also what `annotator` with no arguments and `annotator-gui` do).

On the very first run (no --db and no project at the default path yet) the new project gets the bundled,
labelled sample articles so there is something real to look at straight away. Qt lives in annotator.ui.launch.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

NO_DISPLAY = (
    "annotator: no display to open the window on (DISPLAY and WAYLAND_DISPLAY are unset). Run it in a desktop "
    "session, under `xvfb-run`, or use the command line: `annotator --help`."
)


def display_problem(environ=os.environ, platform: str = sys.platform) -> str | None:
    """Why Qt could not open a window here, or None. Without a display Qt aborts the process, so say it first."""
    if not platform.startswith("linux"):
        return None
    if environ.get("QT_QPA_PLATFORM", "").split(":")[0] in ("offscreen", "minimal", "vnc", "eglfs", "linuxfb"):
        return None
    if environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"):
        return None
    return NO_DISPLAY


def register(subparsers) -> None:
    p = subparsers.add_parser("gui", help="open the annotation app (the default when no command is given)",
                              description="Open the annotation app on a project (`annotator --db P` does the same).")
    p.add_argument("--db", type=Path, default=None,
                   help="project database (default: $ANNOTATOR_DB, else the per-user data folder)")
    p.set_defaults(func=lambda args: run_gui(args.db))


def run_gui(db: Path | None = None) -> int:
    """Start the app on `db` (default: annotator.paths.default_db_path()) and run the event loop."""
    from annotator.paths import default_db_path
    from annotator.ui.launch import run_app

    problem = display_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 1
    db_path = Path(db).expanduser() if db else default_db_path()
    first_run = db is None and not db_path.exists()
    return run_app(db_path, import_samples=first_run)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `annotator-gui` script."""
    parser = argparse.ArgumentParser(prog="annotator-gui", description="Open the annotation app.")
    parser.add_argument("--db", type=Path, default=None, help="project database")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    return run_gui(args.db)


if __name__ == "__main__":
    sys.exit(main())
