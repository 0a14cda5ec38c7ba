"""Write the new-project schema snapshot: `python scripts/write_schema_snapshot.py`.

Runs every migration step on an empty in-memory database and writes the SQL it leaves in sqlite_master (in its
order) to annotator/resources/schema/new_project.json, with the schema version and a hash of the steps it was
made from. A new project file is made from that script in one transaction (annotator.store.schema.migrate); a
step appended later still runs after it, so the snapshot need only be written again to spare new files that
step. tests/store/test_schema_snapshot.py checks that a file made from the snapshot equals one migrated step by
step.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from annotator.store import schema  # noqa: E402


def snapshot() -> dict:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        for version in range(schema.SCHEMA_VERSION):
            for statement in schema._split_statements(schema.MIGRATIONS[version]):
                conn.execute(statement)
        return {"schema_version": schema.SCHEMA_VERSION, "migrations": schema.migrations_digest(schema.SCHEMA_VERSION),
                "statements": schema.snapshot_statements(conn)}
    finally:
        conn.close()


def main() -> int:
    text = json.dumps(snapshot(), ensure_ascii=False, indent=1) + "\n"
    schema.SNAPSHOT_PATH.parent.mkdir(parents=True, exist_ok=True)
    schema.SNAPSHOT_PATH.write_text(text, encoding="utf-8")
    print(f"{schema.SNAPSHOT_PATH}: schema version {schema.SCHEMA_VERSION}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
