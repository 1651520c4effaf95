"""Values the running bot keeps for itself: the generated webhook secret and the health probe.

One small key/value table, so operational state never needs a schema change of its own.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlite_utils import Database, Migrations

from bot.storage.rows import present
from bot.storage.timefmt import to_db

RUNTIME_MIGRATIONS = Migrations("runtime")

WEBHOOK_SECRET_KEY = "webhook_secret"  # noqa: S105 (the name of a row, not a secret)
HEALTH_PROBE_KEY = "health_probe"


@RUNTIME_MIGRATIONS()
def create_runtime_values(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE runtime_values (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        )
        """
    )


class RuntimeStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    def get(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM runtime_values WHERE key = ?", [key]).fetchone()
        return None if row is None else str(row[0])

    def put(self, key: str, value: str) -> None:
        self.db.execute(
            "INSERT INTO runtime_values (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )

    def webhook_secret(self) -> str:
        """The secret Telegram must send with every webhook request: made once, then kept (a
        restart must not invalidate the webhook Telegram already has)."""
        self.db.execute(
            "INSERT INTO runtime_values (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
            [WEBHOOK_SECRET_KEY, secrets.token_urlsafe(32)],
        )
        return present(self.get(WEBHOOK_SECRET_KEY), "the webhook secret just stored")

    def probe_write(self, now: datetime) -> None:
        """A real one-row write: fails as the bot's own writes would (read-only, disk full)."""
        self.put(HEALTH_PROBE_KEY, to_db(now))
