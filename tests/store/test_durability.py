"""A child adds spans and acknowledges each commit; SIGKILL at a random moment loses nothing acknowledged."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from annotator.core.model import NewDocument
from annotator.store import Project

CHILD = r"""
import sys
from annotator.store import Project
project = Project.open(sys.argv[1], "writer")
doc_id = int(sys.argv[2])
i = 0
while True:
    span = project.add_span(doc_id, i, i + 1, "ORG")
    print(span.id, i, flush=True)   # acknowledged: the commit has returned
    i += 1
"""


def test_sigkill_loses_no_acknowledged_span(tmp_path):
    db = tmp_path / "durable.db"
    with Project.open(db, "setup") as p:
        doc_id = p.add_documents([NewDocument("가" * 100_000)]).imported[0]
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(db), str(doc_id)], stdout=subprocess.PIPE, text=True, env=env
    )
    acknowledged: list[tuple[int, int]] = []
    wanted = random.Random().randint(20, 200)
    deadline = time.monotonic() + 60
    while len(acknowledged) < wanted and time.monotonic() < deadline:
        line = child.stdout.readline()
        if not line:
            break
        span_id, start = map(int, line.split())
        acknowledged.append((span_id, start))
    child.send_signal(signal.SIGKILL)
    # Acknowledgements already in the pipe are acknowledged too.
    rest = child.stdout.read()
    child.wait()
    for line in rest.splitlines():
        span_id, start = map(int, line.split())
        acknowledged.append((span_id, start))
    assert len(acknowledged) >= 20, "the child did not get going"

    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = dict(con.execute('SELECT id, start FROM spans WHERE doc_id = ?', (doc_id,)).fetchall())
    con.close()
    missing = [a for a in acknowledged if stored.get(a[0]) != a[1]]
    assert missing == []
    with Project.open(db, "reader") as p:
        assert len(p.spans(doc_id)) >= len(acknowledged)
