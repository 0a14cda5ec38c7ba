"""Command line: a thin argparse layer. Each subcommand lives in annotator/commands/<name>.py."""

from __future__ import annotations

import argparse
import importlib
import sys

# Modules that each define register(subparsers); the order is the order of `annotator --help`.
COMMAND_MODULES = (
    "annotator.commands.gui",
    "annotator.commands.import_",
    "annotator.commands.index",
    "annotator.commands.tokenize",
    "annotator.commands.stats",
    "annotator.commands.segment",
    "annotator.commands.export",
    "annotator.commands.report",
    "annotator.commands.train",
    "annotator.commands.suggest",
    "annotator.commands.agreement",
    "annotator.commands.assign",
    "annotator.commands.merge",
    "annotator.commands.bench",
)


def command_name(module: str) -> str:
    """The subcommand a module of COMMAND_MODULES registers ("annotator.commands.import_" -> "import")."""
    return module.rsplit(".", 1)[1].rstrip("_")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; with `command`, only that subcommand is registered (every command module
    and what it imports would otherwise load on every run: ~0.1 s of a one-second import)."""
    from annotator import __version__

    parser = argparse.ArgumentParser(
        prog="annotator",
        description="Label Korean news about regional innovation policy: import, segment, export, report.",
    )
    parser.add_argument("--version", action="version", version=f"annotator {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        if command is not None and command_name(name) != command:
            continue
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:  # a command not built yet in this checkout
                continue
            raise
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv:
        from annotator.commands.gui import run_gui

        return run_gui(db=None)
    known = {command_name(name) for name in COMMAND_MODULES}
    parser = build_parser(argv[0] if argv[0] in known else None)  # "--help" or a typo: the whole list
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a clean message for the user, not a traceback
        from annotator.commands.common import error_message

        message = error_message(exc, args)
        if message is None:
            raise
        print(f"annotator: error: {message}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
