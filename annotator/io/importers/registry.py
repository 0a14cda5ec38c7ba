"""The format name -> importer module mapping, from the format table (annotator.io.formats), loaded lazily.
A module that fails to import raises FormatModuleError when its format is used: never a silent drop."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from types import ModuleType

from annotator.io.formats import IMPORT, FormatModuleError, formats

FORMAT_MODULES = {spec.name: spec.module for spec in formats(IMPORT)}
EXTENSIONS = {spec.name: spec.suffixes for spec in formats(IMPORT)}


class FormatRegistry(Mapping[str, ModuleType]):
    """IMPORTERS["jsonl"] is the jsonl module (FormatModuleError if it cannot be imported)."""

    def __init__(self) -> None:
        self._specs = {spec.name: spec for spec in formats(IMPORT)}
        self._loaded: dict[str, ModuleType] = {}

    def __getitem__(self, name: str) -> ModuleType:
        if name not in self._loaded:
            self._loaded[name] = self._specs[name].load()  # KeyError for an unknown name
        return self._loaded[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._specs)

    def __len__(self) -> int:
        return len(self._specs)

    def __contains__(self, name: object) -> bool:
        return name in self._specs


IMPORTERS = FormatRegistry()
__all__ = ["EXTENSIONS", "FORMAT_MODULES", "IMPORTERS", "FormatModuleError", "FormatRegistry"]
