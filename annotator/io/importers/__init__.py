"""Importers: one module per format, selected through IMPORTERS; import_paths() runs an import.

    from annotator.io.importers import IMPORTERS, import_paths
    report = import_paths(project, ["articles/", "labelled.jsonl"], format="auto", add_labels=False,
                          progress=lambda fraction, message: ..., cancel=lambda: False)

The interface each format module implements is described in annotator.io.importers.base.

The names are loaded on first use, so that a process that needs one module of the package (the segmenter
processes of a large import) does not load the runner, the store and every format with it.
"""

from __future__ import annotations

import importlib

_WHERE = {
    "ImportProblem": "base", "FormatError": "detect", "choose_format": "detect", "files_under": "detect",
    "FORMAT_MODULES": "registry", "IMPORTERS": "registry", "MAX_DOCUMENT_MB": "runner", "ImportReport": "runner",
    "ImportStopped": "runner", "import_paths": "runner", "iter_files": "runner",
}

__all__ = [
    "FORMATS", "FORMAT_MODULES", "IMPORTERS", "FormatError", "FormatModuleError", "ImportProblem", "ImportReport",
    "ImportStopped", "MAX_DOCUMENT_MB",
    "choose_format", "files_under", "import_paths", "iter_files",
]


def __getattr__(name: str):
    if name == "FORMATS":
        value = tuple(__getattr__("FORMAT_MODULES"))
    elif name == "FormatModuleError":
        from annotator.io.formats import FormatModuleError as value
    elif name in _WHERE:
        value = getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
