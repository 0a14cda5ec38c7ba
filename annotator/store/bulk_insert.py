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
    head, values = insert.rsplit(" VALUES ", 1)
    width = values.count("?")
    per = max(1, min(per or ROWS_PER_STATEMENT, c.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) // max(1, width)))
    statement = f"{head} VALUES {','.join([values] * per)}"
    row_iter = iter(rows)
    for _ in range(len(rows) // per):
        chunk = list(islice(row_iter, per))
        if set(map(len, chunk)) != {width}:  # one short row would shift every value after it
            raise ValueError(f"a row for {head.split('(')[0].strip()} has not {width} values")
        c.execute(statement, list(chain.from_iterable(chunk)))
    c.executemany(insert, row_iter)
