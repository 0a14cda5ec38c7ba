"""WAL checkpoints on a thread of their own while a bulk import commits.

A checkpoint copies the pages the WAL holds into the database file and syncs both. SQLite runs one inside the
COMMIT that takes the WAL past 1,000 pages, on the committing connection's thread: in a 10k-page import that was
~11 checkpoints, 25-40 ms of the importing thread's CPU and ~100-180 ms of its time waiting on the disk at load 8
(31 MB of text read back from the WAL and written again). Here the importing connection checkpoints never, and
a second connection does it, PASSIVE (it takes no lock a writer waits for), each time it is nudged after a
commit; sqlite3 releases the GIL while SQLite works, so it runs beside the importing thread. Every commit is
durable in the WAL as before, so a crash or a kill loses nothing the import acknowledged.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path


# The importing connection's page cache while the checkpointer runs (KiB; SQLite's default is 2,000). A group of
# chunks dirties more pages than the default holds, so SQLite wrote pages into the WAL before the commit and often
# again at it: the peer labelled import (2k documents, 127k spans in one transaction) wrote 12.9k pages into the
# WAL and read 2.0k back, 7.8k and 1.3k with this cache; the plain 10k read 8.0k pages back, 3.2k with it.
IMPORT_CACHE_KIB = 65_536


class Checkpointer:
    """start(), nudge() after each commit, stop() at the end (it leaves nothing committed in the WAL when it can,
    and puts the connection's own checkpoints and page cache size back). A checkpoint that fails (a full disk, an
    I/O error) is left to the connection's next one or its close, which report what they must."""

    def __init__(self, conn: sqlite3.Connection, path: Path | str):
        self.conn = conn
        self.path = str(path)
        self._wake = threading.Event()
        self._stopping = False
        self._thread: threading.Thread | None = None
        self._auto = 1000
        self._cache = -2000
        self.checkpoints = 0  # done by the thread (for tests)

    def start(self) -> "Checkpointer":
        self._auto = self.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
        self.conn.execute("PRAGMA wal_autocheckpoint = 0")
        self._cache = self.conn.execute("PRAGMA cache_size").fetchone()[0]
        if self._cache < 0 and -self._cache < IMPORT_CACHE_KIB:  # (a size in pages, set by someone, is kept)
            self.conn.execute(f"PRAGMA cache_size = {-IMPORT_CACHE_KIB}")
        self._thread = threading.Thread(target=self._run, name="annotator-checkpointer", daemon=True)
        self._thread.start()
        return self

    def nudge(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        if self._thread is None:
            return
        self._stopping = True
        self._wake.set()
        self._thread.join()
        self._thread = None
        try:
            self.conn.execute(f"PRAGMA wal_autocheckpoint = {int(self._auto)}")
            self.conn.execute(f"PRAGMA cache_size = {int(self._cache)}")
        except sqlite3.Error:
            pass  # the connection is gone or broken: whoever uses it next meets the error

    def _run(self) -> None:
        try:
            own = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        except sqlite3.Error:
            return
        try:
            while True:
                self._wake.wait()
                self._wake.clear()
                stopping = self._stopping  # read before the checkpoint: commits before stop() are all in it
                try:
                    own.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                    self.checkpoints += 1
                except sqlite3.Error:
                    pass
                if stopping:
                    return
        finally:
            own.close()
