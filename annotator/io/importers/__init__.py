"""Importers: one module per format, selected through IMPORTERS; import_paths() runs an import.

    from annotator.io.importers import IMPORTERS, import_paths
    report = import_paths(project, ["articles/", "labelled.jsonl"], format="auto", add_labels=False,
                          progress=lambda fraction, message: ..., cancel=lambda: False)

The interface each format module implements is described in annotator.io.importers.base.
"""

from annotator.io.importers.base import ImportProblem
from annotator.io.importers.detect import FormatError, choose_format, files_under
from annotator.io.importers.registry import FORMAT_MODULES, IMPORTERS
from annotator.io.importers.runner import MAX_DOCUMENT_MB, ImportReport, ImportStopped, import_paths, iter_files

FORMATS = tuple(FORMAT_MODULES)

__all__ = [
    "FORMATS", "FORMAT_MODULES", "IMPORTERS", "FormatError", "ImportProblem", "ImportReport", "ImportStopped",
    "MAX_DOCUMENT_MB",
    "choose_format", "files_under", "import_paths", "iter_files",
]
