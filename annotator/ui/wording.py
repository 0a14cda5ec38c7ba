"""Counted phrases for messages: English needs "1 document" and "2 documents"; the translation gives both forms
(Korean uses one)."""

from __future__ import annotations


def counted(n: int, one: str, many: str) -> str:
    """The singular or plural phrase for n, "%n" replaced by n: counted(1, tr("1 document"), tr("%n documents"))."""
    return (one if n == 1 else many).replace("%n", str(n))
