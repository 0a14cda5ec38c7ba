"""Many rows to one INSERT: the store's bulk writes (an import's span rows and per-document rows).

One statement binding a few hundred rows costs less per row than executemany's step per row, most for small rows:
127k span rows 0.156 -> 0.10 CPU s; 10k doc_meta rows 0.061 -> 0.015, doc_lines 0.038 -> 0.014 (a text of a
few KB a row gains nothing, so documents keep executemany). Past a few hundred rows a statement the gain is flat
and the statement only gets longer.
"""

from __future__ import annotations

import sqlite3
from itertools import chain, islice
from typing import Sequence

ROWS_PER_STATEMENT = 100


def insert_grouped(c: sqlite3.Connection, insert: str, rows: Sequence[tuple], *, per: int | None = None) -> None:
    """Run a one-row INSERT (`INSERT ... VALUES (...)`, one `?` a bound value) for every row: up to `per` (ROWS_PER_STATEMENT) rows to a
    statement (fewer if SQLite binds fewer values), the rest with executemany. Each row goes through the table's
    constraints and conflict clause as it would with one statement a row, in order."""
    statement, width, per = _grouped(c, insert, per)
    head = insert.rsplit(" VALUES ", 1)[0]
    row_iter = iter(rows)
    for _ in range(len(rows) // per):
        chunk = list(islice(row_iter, per))
        if set(map(len, chunk)) != {width}:  # one short row would shift every value after it
            raise ValueError(f"a row for {head.split('(')[0].strip()} has not {width} values")
        c.execute(statement, list(chain.from_iterable(chunk)))
    c.executemany(insert, row_iter)


def insert_flat(c: sqlite3.Connection, insert: str, values: list, *, per: int | None = None) -> None:
    """insert_grouped() of rows given flat: values holds each row's values after the previous row's. A batch of
    ten thousand rows then makes no tuple a row for the garbage collector to scan while it is built."""
    statement, width, per = _grouped(c, insert, per)
    if len(values) % width:
        raise ValueError(f"{len(values)} values are not rows of {width} for {insert.split('(')[0].strip()}")
    step = per * width
    whole = len(values) - len(values) % step
    for at in range(0, whole, step):
        c.execute(statement, values[at:at + step])
    c.executemany(insert, zip(*[iter(values[whole:])] * width))


def _grouped(c: sqlite3.Connection, insert: str, per: int | None) -> tuple[str, int, int]:
    """(the INSERT of `per` rows, values a row, rows a statement: at most what SQLite binds)."""
    head, values = insert.rsplit(" VALUES ", 1)
    width = values.count("?")
    per = max(1, min(per or ROWS_PER_STATEMENT, c.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) // max(1, width)))
    return f"{head} VALUES {','.join([values] * per)}", width, per
