"""Command line: a thin argparse layer. Each subcommand lives in annotator/commands/<name>.py."""

from __future__ import annotations

import argparse
import importlib
import os
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


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, with the terminal's width read as shutil.get_terminal_size() reads it: the stock one
    imports shutil for it (with bz2 and lzma: ~2 ms of every command's start) each time an argument is added."""

    def __init__(self, prog, indent_increment=2, max_help_position=24, width=None):
        super().__init__(prog, indent_increment, max_help_position, _columns() - 2 if width is None else width)


class _Parser(argparse.ArgumentParser):
    """The subcommands' parser: _HelpFormatter unless a command asks for another."""

    def __init__(self, *args, formatter_class=_HelpFormatter, **kwargs):
        super().__init__(*args, formatter_class=formatter_class, **kwargs)


def _columns() -> int:
    """shutil.get_terminal_size().columns: $COLUMNS, else the terminal's, else 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


def command_name(module: str) -> str:
    """The subcommand a module of COMMAND_MODULES registers ("annotator.commands.import_" -> "import")."""
    return module.rsplit(".", 1)[1].rstrip("_")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; with `command`, only that subcommand is registered (every command module
    and what it imports would otherwise load on every run: ~0.1 s of a one-second import)."""
    from annotator import __version__

    parser = _Parser(
        prog="annotator",
        description="Label Korean news about regional innovation policy: import, segment, export, report.",
    )
    parser.add_argument("--version", action="version", version=f"annotator {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
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
    if argv[0] == "--db" or argv[0].startswith("--db="):
        argv = ["gui", *argv]  # `annotator --db P` is the app on P (argparse took P for the command)
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
    except BrokenPipeError as exc:
        if not _stdout_is_broken():  # another pipe (a worker process died): an error like any other
            from annotator.commands.common import error_message

            print(f"annotator: error: {error_message(exc, args) or exc}", file=sys.stderr)
            return 1
        try:  # `annotator ... | head`: the reader left, which needs no message
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # the final flush would fail again
        except (OSError, ValueError, AttributeError):  # a stdout without a descriptor (a test's capture)
            pass
        return 1
    except Exception as exc:  # a clean message for the user, not a traceback
        from annotator.commands.common import error_message

        message = error_message(exc, args)
        if message is None:
            raise
        print(f"annotator: error: {message}", file=sys.stderr)
        return 1


def _stdout_is_broken() -> bool:
    """Whether stdout's reader has gone: a pipe whose reading end is closed polls as an error on its writing end
    (a file or a terminal never does)."""
    import select

    try:
        poller = select.poll()
        poller.register(sys.stdout.fileno(), select.POLLOUT)
        return any(events & (select.POLLERR | select.POLLHUP) for _fd, events in poller.poll(0))
    except (OSError, ValueError, AttributeError):  # no descriptor (a test's capture), no poll on this system
        return False


_end_at_once = False


def end_at_once() -> None:
    """Said by a command that has closed everything it opened (its project, its files, its processes): when it
    returns, exit_process() ends the process without tearing the interpreter down. Freeing every object and module
    one by one took ~25 ms of CPU after a 10k-document import, all of it after the work was done."""
    global _end_at_once
    _end_at_once = True


def exit_process(code: int):
    """End the process with `code` (the console script and `python -m annotator`). After end_at_once(), at once once
    stdout and stderr are flushed, unless something still expects the interpreter's normal end: an atexit handler
    or a thread that is not a daemon."""
    if _end_at_once and _nothing_waits_for_exit():
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except (OSError, ValueError):
            sys.exit(code)  # a closed or broken stream: the normal end reports it as it always has
        os._exit(code)
    sys.exit(code)


def _nothing_waits_for_exit() -> bool:
    import atexit
    import threading

    try:
        handlers = atexit._ncallbacks()
    except AttributeError:  # not CPython: assume some
        return False
    return handlers == 0 and all(t.daemon or t is threading.main_thread() for t in threading.enumerate())


def console_main():
    """The `annotator` console script."""
    exit_process(main())


if __name__ == "__main__":
    exit_process(main())
