"""The one clock of stored times: UTC, ISO 8601, to the second (what created_at and updated_at hold)."""

from __future__ import annotations

from datetime import datetime, timezone


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
