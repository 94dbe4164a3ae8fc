"""Time in one convention: timezone-aware UTC everywhere, stored naive-UTC by the database layer."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    """Now, in UTC, without tzinfo (what SQLite and a plain TIMESTAMP column round-trip)."""
    return datetime.now(UTC).replace(tzinfo=None)
