"""How instants are written to SQLite.

Fixed-width UTC text (``2026-11-21T10:00:00.000000Z``) sorts in time order, so an index on a
time column answers range queries, and the values stay readable in the sqlite3 shell.
"""

from __future__ import annotations

from datetime import UTC, datetime

_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


def to_db(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("refusing to store a naive datetime")
    return moment.astimezone(UTC).strftime(_FORMAT)


def from_db(text: str) -> datetime:
    return datetime.strptime(text, _FORMAT).replace(tzinfo=UTC)


def maybe_from_db(text: str | None) -> datetime | None:
    return None if text is None else from_db(text)
