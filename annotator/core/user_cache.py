"""Files in the user's cache folder that save a run work it did before (core/pattern_cache.py, the suggestion
fits of nlp/suggest/fits.py): marshal data behind a format line and a digest of the content, written atomically.

A cache is never needed for a correct result: a file that is missing, unreadable, truncated, corrupt or of another
format reads as nothing, and a write that fails (no folder, a full disk) is skipped.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import tempfile
import zlib
from pathlib import Path


def folder(name: str) -> Path | None:
    """The user's cache folder for name (not created), None when there is none."""
    try:
        import platformdirs

        return Path(platformdirs.user_cache_dir("annotator", appauthor=False)) / name
    except Exception:  # noqa: BLE001 (no home, no folder: no cache)
        return None


def source_digest(*paths: Path, extra: str = ""):
    """A sha256 of extra and the bytes of these files (OSError when one cannot be read)."""
    digest = hashlib.sha256(extra.encode())
    for path in paths:
        digest.update(path.read_bytes())
    return digest


def read(path: Path, form: bytes):
    """The value stored at path with write(path, form, value); None when there is none that reads whole."""
    try:
        data = path.read_bytes()
        head = len(form) + 32
        if not data.startswith(form) or hashlib.sha256(data[head:]).digest() != data[len(form):head]:
            return None
        return marshal.loads(zlib.decompress(data[head:]))
    except Exception:  # noqa: BLE001 (a cache: anything wrong with it means it is not there)
        return None


def write(path: Path, form: bytes, value, *, keep_others: int | None = None) -> bool:
    """Store value (marshal-able) at path atomically (a temporary file in its folder, renamed); False when it
    cannot. keep_others: how many other files of the folder to keep (the newest), the older ones deleted."""
    tmp = None
    try:
        payload = zlib.compress(marshal.dumps(value), 6)
        data = form + hashlib.sha256(payload).digest() + payload
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=path.suffix, dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except (OSError, ValueError, TypeError):  # no room, no folder; a value marshal cannot write
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        return False
    if keep_others is not None:
        prune(path, keep_others)
    return True


def prune(path: Path, keep: int) -> None:
    """Delete all but the `keep` newest other files beside path with its suffix."""
    try:
        others = sorted((p for p in path.parent.glob(f"*{path.suffix}") if p != path and not p.name.startswith(".tmp-")),
                        key=lambda p: p.stat().st_mtime)
        for old in others[:max(0, len(others) - keep)]:
            old.unlink(missing_ok=True)
    except OSError:
        pass
