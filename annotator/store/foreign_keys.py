"""Foreign keys set aside around one bulk write that proves its own keys (the suggestion write of issue 13).

With the keys on, SQLite looks up the parent of every inserted row's keys and, for every deleted spans row, runs
a cascade program per child key (suggestion_info, relations' two ends, relation_suggestions' two ends,
span_entities): deleting a page's ~100 suggestions cost 0.30 ms of CPU with the keys on against 0.10 with them
off and the one child table that holds rows deleted by one statement. A writer that sets them aside must prove
what they would have enforced: the parents of what it inserts exist (read in its own transaction, which holds
the write lock) and the rows it deletes take their children with them (span_cascade_deletes, the same deletes
the cascades would make, one statement per child key). Only while the schema's graph is the simple one is that
sound: every key to spans(id) cascades and no child table has children or a delete trigger of its own; otherwise
span_children says None and the keys stay on.

PRAGMA foreign_keys does nothing inside a transaction, so the keys are set aside before it begins and put back
after it ends (committed or rolled back); the setting is the connection's own, so a kill leaves nothing behind.
"""

from __future__ import annotations

import re
import sqlite3
from contextlib import contextmanager
from typing import Iterator, Sequence

_DELETE_TRIGGER = re.compile(r"\bDELETE\s+ON\b", re.IGNORECASE)


@contextmanager
def keys_aside(conn: sqlite3.Connection, *, wanted: bool = True) -> Iterator[bool]:
    """Foreign keys off for the transaction the caller opens inside this block, on again after it; yields whether
    they are off (not when unwanted, already off, or inside an open transaction, where the pragma is a no-op)."""
    if not wanted or conn.in_transaction or not conn.execute("PRAGMA foreign_keys").fetchone()[0]:
        yield False
        return
    conn.execute("PRAGMA foreign_keys = OFF")
    try:
        yield True
    finally:
        if conn.in_transaction:  # the caller's transaction must end inside the block: never leave it unchecked
            conn.execute("ROLLBACK")
        conn.execute("PRAGMA foreign_keys = ON")


def span_children(c: sqlite3.Connection, cache: dict) -> list[tuple[str, str]] | None:
    """(table, column) of every foreign key to spans(id), when a delete of spans rows may take their children
    with span_cascade_deletes instead of the keys' cascades: each key cascades a delete, no child table is itself
    a parent or has a delete trigger, and nothing points at the other tables a suggestion write deletes rows of
    (ALSO_DELETED). None when the schema is not that simple. Kept in `cache` (the caller's, for one connection)
    while the schema's version stays: reading it costs ~0.15 ms."""
    version = c.execute("PRAGMA schema_version").fetchone()[0]
    if cache.get("version") != version:
        cache["children"] = _span_children(c)
        cache["version"] = version
    return cache["children"]


ALSO_DELETED = frozenset({"suggestion_runs"})  # its rows are replaced (INSERT OR REPLACE): a delete each


def _span_children(c: sqlite3.Connection) -> list[tuple[str, str]] | None:
    keys = [(table, column, parent.strip('"').lower(), to, on_delete) for table, column, parent, to, on_delete in
            c.execute("SELECT m.name, f.\"from\", f.\"table\", f.\"to\", upper(f.on_delete) FROM sqlite_master m"
                      " JOIN pragma_foreign_key_list(m.name) f WHERE m.type = 'table'")]
    children = [(table, column) for table, column, parent, _to, _on in keys if parent == "spans"]
    if any(parent == "spans" and (on_delete != "CASCADE" or to not in (None, "id"))
           for _table, _column, parent, to, on_delete in keys):
        return None
    deleted = {table.lower() for table, _column in children} | ALSO_DELETED
    if any(parent in deleted for _table, _column, parent, _to, _on in keys):
        return None  # a table whose rows are deleted is itself a parent: its own cascades would be skipped
    for name, sql in c.execute("SELECT tbl_name, sql FROM sqlite_master WHERE type = 'trigger'"):
        if name.lower() in deleted and _DELETE_TRIGGER.search(sql or ""):
            return None
    return sorted(children)


def span_cascade_deletes(c: sqlite3.Connection, children: Sequence[tuple[str, str]], selection: str,
                         args: Sequence) -> None:
    """Delete the children of the spans rows `selection` (a SELECT of their ids, with args) picks, as the keys'
    ON DELETE CASCADE would when those rows are deleted: run before deleting them. A child table without rows
    (relations and entities of the suggestions are rare) costs one look, not a pass over the selection."""
    empty: dict[str, bool] = {}
    for table, column in children:
        if table not in empty:
            empty[table] = c.execute(f'SELECT 1 FROM "{table}" LIMIT 1').fetchone() is None
        if not empty[table]:
            c.execute(f'DELETE FROM "{table}" WHERE "{column}" IN ({selection})', args)
