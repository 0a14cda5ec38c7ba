"""The format name -> module dict, loaded lazily so a missing or broken module only disables its format."""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from types import ModuleType

FORMAT_MODULES = {
    "txt": "annotator.io.importers.txt",
    "jsonl": "annotator.io.importers.jsonl",
    "html": "annotator.io.importers.html",
    "klue": "annotator.io.importers.klue",
    "conll": "annotator.io.importers.conll",
    "brat": "annotator.io.importers.brat",
}


class FormatRegistry(Mapping[str, ModuleType]):
    """IMPORTERS["jsonl"] is the jsonl module; formats whose module cannot be imported are left out."""

    def __init__(self, modules: Mapping[str, str]):
        self._names = dict(modules)
        self._loaded: dict[str, ModuleType | None] = {}

    def _load(self, name: str) -> ModuleType | None:
        if name not in self._loaded:
            try:
                self._loaded[name] = importlib.import_module(self._names[name])
            except ImportError:
                self._loaded[name] = None
        return self._loaded[name]

    def __getitem__(self, name: str) -> ModuleType:
        module = self._load(name) if name in self._names else None
        if module is None:
            raise KeyError(name)
        return module

    def __iter__(self) -> Iterator[str]:
        return (name for name in self._names if self._load(name) is not None)

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name in self._names and self._load(name) is not None


IMPORTERS = FormatRegistry(FORMAT_MODULES)
