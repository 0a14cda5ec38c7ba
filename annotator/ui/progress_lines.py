"""The progress lines of the Qt-free layers (the import runner, the merge, the hand-out, the back-fill, the report
writer), which the CLI prints as they are, in the UI language for a task's progress dialog (ui.tasks shows every
line through progress_line). A line not listed here is shown as it came."""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication

from annotator.ui.wording import counted


def _tr(text: str) -> str:
    return QCoreApplication.translate("", text)


def _imported(n: str, _total: str = "") -> str:
    return counted(int(n), _tr("1 document imported"), _tr("%n documents imported"))


_LINES: list[tuple[re.Pattern, callable]] = [
    (re.compile(r"(\d+) documents imported"), _imported),
    (re.compile(r"(.+): read"), lambda name: _tr("Read %1").replace("%1", name)),
    (re.compile(r"(\d+)/(\d+) files read"),
     lambda n, total: _tr("Reading the files: %1 of %2").replace("%1", n).replace("%2", total)),
    (re.compile(r"files staged"), lambda: _tr("Files read; merging them…")),
    (re.compile(r"(\d+)/(\d+) files merged"),
     lambda n, total: _tr("Merging the files: %1 of %2").replace("%1", n).replace("%2", total)),
    (re.compile(r"indexed (\d+)/(\d+) documents"),
     lambda n, total: _tr("Indexing for search: %1 of %2 documents").replace("%1", n).replace("%2", total)),
    (re.compile(r"(\d+)/(\d+) reviewer files"),
     lambda n, total: _tr("Writing the reviewer files: %1 of %2").replace("%1", n).replace("%2", total)),
    (re.compile(r"read the date and outlet of (\d+)/(\d+) documents"),
     lambda n, total: _tr("Reading the date and outlet: %1 of %2 documents").replace("%1", n).replace("%2", total)),
    # the report writer speaks Korean, as the workbook does
    (re.compile(r"보고서 작성 (\d+)/(\d+)"),
     lambda n, total: _tr("Writing the report: %1 of %2 documents").replace("%1", n).replace("%2", total)),
    (re.compile(r"검토자 간 일치도 계산"), lambda: _tr("Computing the agreement between the reviewers…")),
    (re.compile(r"보고서 저장"), lambda: _tr("Saving the report…")),
]


def progress_line(message: str) -> str:
    for pattern, say in _LINES:
        found = pattern.fullmatch(message)
        if found:
            return say(*found.groups())
    return message
