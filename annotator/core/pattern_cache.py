"""A per-user cache of what compiling a label scheme's regexes costs, so that a run does not pay it again.

Compiling the default scheme's patterns took ~0.5 CPU s a process (every suggestion run, the GUI's first
suggestion): sre's parser and code generator for ~120 regexes (the patterns and their scan forms) and the
prefilter analyses of label_patterns (trigger, radius, reach ...). This keeps, per regex source and flags, the
sre code that re.compile makes (a Pattern is rebuilt from it by _sre.compile, as re.compile itself does: equal to
re.compile's, which the tests check) and the analyses' results.

The file lives in the user's cache folder, one per environment: its name is a digest of the Python build, sre's
code version and the source of the modules whose code derives the entries (this one, label_patterns.py,
regex_scan.py), so a changed analysis or another Python never reads old entries. A file is written atomically
(a temporary file renamed), carries a digest of its content and is ignored when unreadable, corrupt or foreign;
an entry that does not rebuild is derived again. Nothing here is needed for a correct result: with no cache folder
(or ANNOTATOR_PATTERN_CACHE=0) everything is derived as before.
"""

from __future__ import annotations

import os
import re
import sys
import threading
from array import array
from contextlib import contextmanager
from pathlib import Path

from annotator.core import user_cache

try:
    import _sre
    from re import _compiler as _sre_compiler, _parser as _sre_parser
except ImportError:  # not CPython 3.11+: re.compile alone
    _sre = None

FORMAT = b"annotator-pattern-cache 1\n"
MAX_ENTRIES = 4000  # patterns edited over time leave old entries; the newest are kept
KEEP_FILES = 3  # files of other environments (another Python, an older version) kept beside this one
_MODULES = ("pattern_cache.py", "label_patterns.py", "regex_scan.py")

_memory: dict = {}  # entries known to this process (they depend on the code, not on the folder)
_loaded: set[Path] = set()  # cache files read by this process
_derived: dict = {}  # entries derived by this process and not yet written
_lock = threading.Lock()  # the app compiles a scheme on a worker thread while the pattern editor validates
_batch = threading.local()  # how deep this thread is in batch()


def enabled() -> bool:
    return (_sre is not None and array("I").itemsize == _sre.CODESIZE
            and os.environ.get("ANNOTATOR_PATTERN_CACHE", "1") != "0")


def cache_file() -> Path | None:
    """This environment's cache file (None when there is no cache folder or the sources cannot be read)."""
    here = Path(__file__).parent
    where = user_cache.folder("patterns")
    try:
        digest = user_cache.source_digest(*(here / name for name in _MODULES), extra=(
            f"{FORMAT!r}|{sys.version}|{sys.implementation.cache_tag}|{_sre.MAGIC}|{_sre.CODESIZE}"))
    except OSError:
        return None
    return None if where is None else where / f"{digest.hexdigest()[:32]}.bin"


def read_entries(path: Path) -> dict:
    """The entries of a cache file; {} when it is missing, unreadable, corrupt or of another format."""
    entries = user_cache.read(path, FORMAT)
    return entries if isinstance(entries, dict) else {}


def write_entries(path: Path, entries: dict) -> bool:
    """Write entries to path atomically; False when it cannot."""
    return user_cache.write(path, FORMAT, entries, keep_others=KEEP_FILES)


def _lookup(key):
    with _lock:
        if key not in _memory and enabled():
            path = cache_file()
            if path is not None and path not in _loaded:
                _loaded.add(path)
                for k, v in read_entries(path).items():
                    _memory.setdefault(k, v)
        return _memory.get(key)


def _remember(key, value) -> None:
    if getattr(_batch, "depth", 0):  # only a scheme's compile is kept (not every regex typed into the editor)
        with _lock:
            _memory[key] = value
            _derived[key] = value


@contextmanager
def batch():
    """Keep what the compiles inside derive, written once at the end (compiling a scheme: one write, not one a
    label). Outside a batch the cache is read, never added to."""
    _batch.depth = getattr(_batch, "depth", 0) + 1
    try:
        yield
    finally:
        _batch.depth -= 1
        if _batch.depth == 0:
            flush()


def flush() -> None:
    """Add the entries derived since the last flush to the cache file (with what other processes wrote there)."""
    with _lock:
        derived = dict(_derived)
        _derived.clear()
    path = cache_file() if derived and enabled() else None
    if path is None:
        return
    entries = read_entries(path)
    entries.update(derived)
    if len(entries) > MAX_ENTRIES:
        entries = dict(list(entries.items())[-MAX_ENTRIES:])
    write_entries(path, entries)


def compile_regex(source: str, flags: int = 0) -> re.Pattern:
    """re.compile(source, flags), from the cached sre code when there is some (re.error as re.compile)."""
    flags = int(flags)
    if not enabled():
        return re.compile(source, flags)
    # as sre reads them (a str pattern is UNICODE unless ASCII): a pattern's own .flags find the same entry
    key = ("re", source, flags if flags & re.ASCII else int(flags | re.UNICODE))
    found = _lookup(key)
    if found is not None:
        try:
            final_flags, code, groups, groupindex, indexgroup = found
            return _sre.compile(source, final_flags, list(array("I", code)), groups, groupindex, indexgroup)
        except Exception:  # noqa: BLE001 (an entry that does not rebuild: derived again)
            pass
    pattern, args = _compile_with_code(source, flags)
    _remember(key, args)
    return pattern


def _compile_with_code(source: str, flags: int):
    """What re._compiler.compile does (parse, generate code, _sre.compile), keeping the code."""
    tree = _sre_parser.parse(source, flags)
    code = _sre_compiler._code(tree, flags)
    groupindex = dict(tree.state.groupdict)
    indexgroup = [None] * tree.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    args = (int(flags | tree.state.flags), array("I", code).tobytes(), tree.state.groups - 1, groupindex,
            tuple(indexgroup))
    pattern = _sre.compile(source, args[0], code, args[2], args[3], args[4])
    return pattern, args


def analyses(regex: re.Pattern, derive):
    """derive(regex)'s value (a tuple of marshal-able values: strings, numbers, None, frozensets, tuples), from
    the cache when it holds one for this regex."""
    if not enabled():
        return derive(regex)
    key = ("analyses", regex.pattern, int(regex.flags))
    found = _lookup(key)
    if isinstance(found, tuple):
        return found
    value = derive(regex)
    _remember(key, value)
    return value


def forget_process_memory() -> None:
    """Drop what this process knows (tests: the next lookup reads the file again)."""
    with _lock:
        _memory.clear()
        _loaded.clear()
        _derived.clear()
