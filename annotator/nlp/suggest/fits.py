"""What a suggestion run fits on a project's labelled documents, kept in the user's cache folder for the next run.

Every run of `suggest --db` (and the app's first suggestion) counted how often each dictionary string occurs in the
labelled documents and calibrated each pattern's score on up to CALIBRATION_DOCUMENTS of them: both read the
documents' kept tokens and searched them (~0.4 CPU s for 50 labelled pages), and both give the same result until
the labelled documents, their labels, the scheme, the tokenizer or the code change. A fit is stored under a sha256
of all of these (the source files of annotator's core, nlp, io and store packages, by size and time, standing
for the code), so a changed input is a different file and is fitted again; an unreadable or corrupt file is
ignored (core/user_cache.py).
ANNOTATOR_FIT_CACHE=0 turns it off.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path

from annotator.core import user_cache

FORMAT = b"annotator-suggestion-fit 1\n"
KEEP_FILES = 64  # fits of other projects (or older states of one) kept beside the newest
_CODE = ("core", "nlp", "io", "store")


def enabled() -> bool:
    return os.environ.get("ANNOTATOR_FIT_CACHE", "1") != "0"


@lru_cache(maxsize=1)
def code_digest() -> str | None:
    """A sha256 of the name, size and modification time of each source file of the packages a fit's value depends
    on (as Python checks a .pyc against its source; an edit or an upgrade is a new digest), None when they cannot
    be read."""
    root = Path(__file__).resolve().parents[2]
    try:
        files = sorted(p for package in _CODE for p in (root / package).rglob("*.py"))
        stamps = [(str(p.relative_to(root)), p.stat()) for p in files]
    except OSError:
        return None
    if not stamps:
        return None
    return hashlib.sha256("|".join(f"{name}:{st.st_size}:{st.st_mtime_ns}" for name, st in stamps).encode()).hexdigest()


class FitKey:
    """The digest of everything a fit depends on, built up as the documents are read."""

    def __init__(self, kind: str, *parts) -> None:
        self._digest = hashlib.sha256(f"{kind}|{code_digest()}".encode())
        self.usable = enabled() and code_digest() is not None
        self.add(*parts)

    def add(self, *values) -> None:
        if self.usable:
            self._digest.update(json.dumps(values, ensure_ascii=False, separators=(",", ":")).encode() + b"\n")

    def path(self) -> Path | None:
        where = user_cache.folder("fits")
        return None if where is None or not self.usable else where / f"{self._digest.hexdigest()[:40]}.fit"


def load(key: FitKey, kind: type):
    """The fit stored under key, None when there is none (or it is not a kind)."""
    path = key.path()
    value = None if path is None else user_cache.read(path, FORMAT)
    return value if isinstance(value, kind) else None


def store(key: FitKey, value) -> None:
    path = key.path()
    if path is not None:
        user_cache.write(path, FORMAT, value, keep_others=KEEP_FILES)
