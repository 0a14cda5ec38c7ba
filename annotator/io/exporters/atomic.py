"""Atomic output: an export is written into a temporary sibling and swapped in only when complete.

A kill at any moment leaves either the previous output or the new one, never a mix: a single file is
os.replace()d; a folder is exchanged with the old one in one renameat2(RENAME_EXCHANGE) where the
kernel has it (Linux), else moved aside and back in two renames that the next run repairs. Temporary
entries are named `.NAME.PID.XXXX.part`; leftovers of runs that died are removed by the next export.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

_LEGACY_AGE_S = 3600  # `.NAME.XXXX.part` without a pid (older versions): removed once this old
_OLD = "old"  # the middle of a folder moved aside during a two-rename swap


@contextmanager
def atomic_output(out: Path, *, folder: bool = False, owns: Callable[[str], bool] | None = None,
                  keep_others: bool = False) -> Iterator[Path]:
    """A temporary file (or folder) beside `out` that replaces `out` only when the block succeeds, so a
    failed, cancelled or killed export never leaves a half-written output behind.

    A folder export replaces the whole folder, so no stale file of an earlier export stays in it. An
    existing folder holding entries that `owns(name)` does not claim is never deleted: it is refused
    before anything is written (OSError), or with keep_others each finished file is moved into it on
    its own (os.replace: every file is whole, old or new)."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    clean_leftovers(out)
    mixed = False
    if folder and out.exists():
        try:
            check_replaceable(out, owns)
        except OSError:
            if not (keep_others and out.is_dir()):
                raise
            mixed = True
    prefix = f".{out.name}.{os.getpid()}."
    if folder:
        tmp = Path(tempfile.mkdtemp(prefix=prefix, suffix=".part", dir=out.parent))
    else:
        fd, name = tempfile.mkstemp(prefix=prefix, suffix=".part", dir=out.parent)
        os.close(fd)
        tmp = Path(name)
    _default_mode(tmp, folder)
    try:
        yield tmp
    except BaseException:
        remove(tmp)
        raise
    if not folder:
        os.replace(tmp, out)
    elif mixed:
        for child in sorted(tmp.iterdir()):
            target = out / child.name
            if child.is_dir() or target.is_dir():
                remove(target)
            child.replace(target)
        remove(tmp)
    elif not out.exists():
        tmp.replace(out)
    else:
        _swap_in(tmp, out)


def check_replaceable(out: Path, owns: Callable[[str], bool] | None) -> None:
    """OSError unless `out` is a folder an export may replace whole: every entry claimed by owns()."""
    if not out.is_dir():
        raise OSError(f"{out}: exists and is not a folder; choose another output path")
    foreign = sorted(p.name for p in out.iterdir() if owns is None or not owns(p.name))
    if foreign:
        shown = ", ".join(foreign[:3]) + (" …" if len(foreign) > 3 else "")
        raise OSError(f"{out}: the folder holds files this export does not write ({shown}); export into an"
                      " empty or new folder (nothing was written)")


def _swap_in(tmp: Path, out: Path) -> None:
    """Put the finished folder `tmp` at `out` and delete the previous one."""
    if _exchange(tmp, out):
        remove(tmp)  # now the previous output
        return
    aside = out.parent / f".{out.name}.{os.getpid()}.{_OLD}.part"
    out.replace(aside)
    tmp.replace(out)  # a kill between the two renames is repaired by clean_leftovers
    remove(aside)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 RENAME_EXCHANGE); False where that is not available."""
    import ctypes  # here: only a folder export swaps, and ctypes is ~2 ms of every export's start

    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def clean_leftovers(out: Path) -> list[Path]:
    """Remove the `.part` entries of earlier exports to `out` whose process is gone (a kill, a crash);
    a previous output moved aside by an interrupted two-rename swap is put back first. Returns what
    was removed."""
    out = Path(out)
    removed = []
    try:
        entries = list(out.parent.glob(f".{_glob_escape(out.name)}.*.part"))
    except OSError:
        return removed
    for entry in sorted(entries):
        middle = entry.name[len(out.name) + 2 : -len(".part")]
        pid_text, _, rest = middle.partition(".")
        if pid_text.isdigit():
            if _alive(int(pid_text)):
                continue
        elif _age(entry) < _LEGACY_AGE_S:
            continue
        if rest == _OLD and not out.exists():
            try:
                entry.replace(out)
                continue
            except OSError:
                pass
        remove(entry)
        removed.append(entry)
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # an earlier export of this very process that did not clean up
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def _age(path: Path) -> float:
    try:
        return time.time() - path.lstat().st_mtime
    except OSError:
        return 0.0


def _glob_escape(name: str) -> str:
    return "".join(f"[{ch}]" if ch in "*?[" else ch for ch in name)


def _default_mode(path: Path, folder: bool) -> None:
    """mkstemp/mkdtemp create owner-only entries; an export gets the usual umask-based mode instead."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(path, (0o777 if folder else 0o666) & ~umask)


def remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        try:
            path.unlink()
        except FileNotFoundError:
            pass
