"""The pattern cache (core/pattern_cache.py): a compile from it equals one without it, and a cache that is corrupt,
stale, foreign or unwritable is never trusted (everything is derived again, the result unchanged)."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from annotator.core import pattern_cache
from annotator.core.label_patterns import PatternError, compile_label_patterns, compile_pattern
from annotator.core.scheme import default_scheme

TEXT = ("2024년 7월 26일(금) 중소벤처기업부 오기웅 차관은 강원특별자치도 원주시에서 1조5000억원 규모의 "
        "제2차 규제자유특구 14개 시도 3곳 '글로벌 혁신 특구 조성방안'\n[세종=최성열기자] 노진규기자 지난해 12월 말")


@pytest.fixture(autouse=True)
def _fresh_memory():
    pattern_cache.forget_process_memory()
    yield
    pattern_cache.forget_process_memory()


def uncached(monkeypatch, compile_):
    """compile_() with the cache off: what compile_pattern derives without it."""
    with monkeypatch.context() as m:
        m.setenv("ANNOTATOR_PATTERN_CACHE", "0")
        return compile_()


def from_file(compile_):
    """compile_() twice: once deriving and writing the cache, once (a new process's view) from the file alone."""
    first = compile_()
    pattern_cache.forget_process_memory()
    return first, compile_()


def cache_files() -> list[Path]:
    path = pattern_cache.cache_file()
    return sorted(path.parent.glob("*")) if path is not None and path.parent.exists() else []


def test_default_scheme_from_the_cache_equals_a_fresh_compile(monkeypatch):
    scheme = default_scheme()
    fresh = uncached(monkeypatch, scheme.compiled_patterns)
    assert not cache_files()  # the cache off writes nothing
    first, cached = from_file(scheme.compiled_patterns)
    assert [pattern_cache.cache_file()] == cache_files()
    assert first == fresh and cached == fresh  # every field: re.Pattern compares its flags, source and sre code
    for a, b in zip(cached, fresh):
        for name in ("regex", "scan"):
            x, y = getattr(a, name), getattr(b, name)
            if x is not None:
                assert (x.pattern, x.flags, x.groups, x.groupindex) == (y.pattern, y.flags, y.groups, y.groupindex)
                assert [m.span("ent" if "ent" in x.groupindex else 0) for m in x.finditer(TEXT)] == \
                    [m.span("ent" if "ent" in y.groupindex else 0) for m in y.finditer(TEXT)]
    assert any(a.scan is not a.regex for a in cached)  # scan forms are cached too


def test_a_warm_compile_reads_the_file_and_derives_nothing(monkeypatch):
    scheme = _Small()
    scheme.compiled_patterns()
    pattern_cache.forget_process_memory()
    calls = []
    real = pattern_cache._compile_with_code
    monkeypatch.setattr(pattern_cache, "_compile_with_code", lambda *a: calls.append(a) or real(*a))
    monkeypatch.setattr("annotator.core.label_patterns.required_text", lambda r: calls.append(r))
    scheme.compiled_patterns()
    assert calls == []


_PIECES = st.sampled_from([
    "(?<![가-힣A-Za-z0-9·])", "(?<=[가-힣] )", "(?=[\\d지])", "(?![가-힣])", "\\d{1,2}", "[0-9]+", "[가-힣]{0,8}?",
    "(?:조|억|천만)", "월", "일", "원", "[^\\S\\n]?", "(?:장관|차관|청장|원장)", "(?:제?[1-3])?", "(?:19|20)\\d{2}년",
    "[김이박최]", "특구", ".", "\\b", "$", "^", "(?:부산|대구|광주|세종)", "[‘'\"]", "(", ")", "|", "*", "+",
])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pieces=st.lists(_PIECES, min_size=1, max_size=8), ent=st.booleans())
def test_any_regex_pattern_compiles_the_same_from_the_cache(monkeypatch, pieces, ent):
    source = "".join(pieces)
    if ent:
        source = f"(?P<ent>{source})"
    entry = {"id": "p", "regex": source}

    def compile_():
        try:
            return compile_label_patterns("X", [entry])
        except PatternError as exc:
            return str(exc)

    fresh = uncached(monkeypatch, compile_)
    pattern_cache.forget_process_memory()
    first, cached = from_file(compile_)
    assert first == fresh and cached == fresh
    if isinstance(fresh, list) and fresh:
        assert [m.span() for m in cached[0].scan.finditer(TEXT)] == [m.span() for m in fresh[0].scan.finditer(TEXT)]


class _Small:
    """Two labels of the default scheme (the cache's checks are the same for any; a whole scheme takes seconds)."""

    def __init__(self):
        scheme = default_scheme()
        self.entries = [(e.name, e.patterns) for e in scheme.entities if e.name in ("TITLE", "MONEY")]

    def compiled_patterns(self):
        with pattern_cache.batch():
            return [p for name, entries in self.entries for p in compile_label_patterns(name, entries)]


def _written(scheme) -> Path:
    scheme.compiled_patterns()
    pattern_cache.forget_process_memory()
    path = pattern_cache.cache_file()
    assert path.exists()
    return path


@pytest.mark.parametrize("damage", ["flip", "truncate", "garbage", "empty", "header"])
def test_a_corrupt_cache_is_ignored_and_rewritten(monkeypatch, damage):
    scheme = _Small()
    fresh = uncached(monkeypatch, scheme.compiled_patterns)
    path = _written(scheme)
    data = bytearray(path.read_bytes())
    if damage == "flip":
        data[len(data) // 2] ^= 0x40
    elif damage == "truncate":
        del data[len(data) // 3:]
    elif damage == "garbage":
        data = bytearray(os.urandom(len(data)))
    elif damage == "empty":
        data = bytearray()
    else:
        data[:len(pattern_cache.FORMAT)] = b"annotator-pattern-cache 0\n"
    path.write_bytes(bytes(data))
    assert pattern_cache.read_entries(path) == {}
    assert scheme.compiled_patterns() == fresh
    assert pattern_cache.read_entries(path)  # derived again and written whole


def test_an_entry_that_does_not_rebuild_is_derived_again(monkeypatch):
    scheme = _Small()
    fresh = uncached(monkeypatch, scheme.compiled_patterns)
    path = _written(scheme)
    entries = pattern_cache.read_entries(path)
    for key, value in list(entries.items()):
        if key[0] == "re":  # sre code that its validator refuses, under a valid file digest
            entries[key] = (value[0], b"\xff\xff\xff\x7f" * 4, value[2], value[3], value[4])
    assert pattern_cache.write_entries(path, entries)
    assert scheme.compiled_patterns() == fresh


def test_the_cache_file_changes_with_the_code_that_derives_its_entries(monkeypatch, tmp_path):
    here = Path(pattern_cache.__file__).parent
    for name in pattern_cache._MODULES:
        shutil.copy(here / name, tmp_path / name)
    monkeypatch.setattr(pattern_cache, "__file__", str(tmp_path / "pattern_cache.py"))
    before = pattern_cache.cache_file()
    assert before == pattern_cache.cache_file()
    with open(tmp_path / "label_patterns.py", "a", encoding="utf-8") as fh:
        fh.write("\n# an analysis changed\n")
    changed = pattern_cache.cache_file()
    assert changed != before and changed.parent == before.parent
    monkeypatch.setattr(pattern_cache.sys, "version", "3.99.0 (another build)")
    assert pattern_cache.cache_file() not in (before, changed)
    (tmp_path / "regex_scan.py").unlink()  # sources that cannot be read: no cache
    assert pattern_cache.cache_file() is None


def test_an_unwritable_cache_folder_changes_nothing(monkeypatch, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    scheme = _Small()
    fresh = uncached(monkeypatch, scheme.compiled_patterns)
    assert scheme.compiled_patterns() == fresh
    assert blocker.read_text() == "x"


def test_writes_are_atomic_merge_other_processes_entries_and_prune_old_files(monkeypatch):
    scheme = _Small()
    path = _written(scheme)
    other = {("re", "다른 프로세스", 0): ("x",)}
    entries = pattern_cache.read_entries(path)
    assert pattern_cache.write_entries(path, {**entries, **other})
    compile_label_patterns("X", [{"id": "new", "regex": "새로운[0-9]+개"}])  # a new entry, merged on write
    merged = pattern_cache.read_entries(path)
    assert ("re", "다른 프로세스", 0) in merged and ("re", "새로운[0-9]+개", re.MULTILINE | re.UNICODE) in merged
    for n in range(pattern_cache.KEEP_FILES + 2):
        old = path.with_name(f"old{n}.bin")
        old.write_bytes(b"x")
        os.utime(old, (n, n))
    compile_label_patterns("X", [{"id": "newer", "regex": "더새로운[0-9]+개"}])
    names = [p.name for p in cache_files()]
    assert path.name in names and not [n for n in names if n.startswith(".tmp-")]
    assert sorted(n for n in names if n != path.name) == ["old2.bin", "old3.bin", "old4.bin"]


def test_only_a_scheme_compile_adds_to_the_cache(monkeypatch):
    compile_pattern("X", {"id": "typed", "regex": "반쯤 입력한"})  # the pattern editor, as a reviewer types
    assert not cache_files()
    compile_label_patterns("X", [{"id": "saved", "regex": "저장한[0-9]+"}])
    entries = pattern_cache.read_entries(pattern_cache.cache_file())
    assert ("re", "저장한[0-9]+", re.MULTILINE | re.UNICODE) in entries and ("re", "반쯤 입력한", re.MULTILINE | re.UNICODE) not in entries


def test_a_pickled_scheme_unpickles_equal_through_the_cache(monkeypatch):
    """A spawned worker gets the suggester pickled: its patterns come back equal (the regex that is its own scan
    form one object again), their regexes rebuilt from the cache, not compiled again."""
    import pickle

    compiled = default_scheme().compiled_patterns()
    data = pickle.dumps(compiled)
    pattern_cache.forget_process_memory()
    calls = []
    real = pattern_cache._compile_with_code
    monkeypatch.setattr(pattern_cache, "_compile_with_code", lambda *a: calls.append(a) or real(*a))
    back = pickle.loads(data)
    assert back == compiled and calls == []
    assert [p.scan is p.regex for p in back] == [p.scan is p.regex for p in compiled]
    monkeypatch.setenv("ANNOTATOR_PATTERN_CACHE", "0")
    assert pickle.loads(data) == compiled  # and without a cache


def test_a_value_that_cannot_be_written_is_not_an_error(tmp_path):
    assert not pattern_cache.user_cache.write(tmp_path / "x.bin", pattern_cache.FORMAT, {"key": object()})
    assert list(tmp_path.iterdir()) == []
