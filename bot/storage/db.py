"""Opening the database: connection settings and migrations, in one place.

WAL lets the clinic CLI read while the bot writes; ``synchronous=NORMAL`` in WAL mode keeps every
committed transaction across a killed process (only an OS crash could lose the last commits).

A connection waits up to ``BUSY_TIMEOUT_MS`` for another process's write lock: right for the
CLI, start-up and migrations. The bot's event loop must never wait inside SQLite, so once it
serves, its connection fails at once instead (``serve_from_event_loop``) and the caller waits
for the lock asynchronously (``bot.storage.lock_wait``).
"""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database, Migrations

from bot.aftercare.store import AFTERCARE_MIGRATIONS
from bot.clinics.questions_store import QUESTION_MIGRATIONS
from bot.clinics.store import CLINIC_MIGRATIONS
from bot.knowledge.store import KNOWLEDGE_MIGRATIONS
from bot.outbox.store import OUTBOX_MIGRATIONS
from bot.storage.runtime_store import RUNTIME_MIGRATIONS
from bot.storage.schema import CORE_MIGRATIONS

#: How long a connection waits for another process's write lock (CLI, start-up, migrations).
BUSY_TIMEOUT_MS = 5000
#: The same for the event loop's connection while the bot serves: not at all.
LOOP_BUSY_TIMEOUT_MS = 0


def migration_sets() -> list[Migrations]:
    """Every area's migrations, in the order they must run (core tables first)."""
    return [
        CORE_MIGRATIONS,
        KNOWLEDGE_MIGRATIONS,
        AFTERCARE_MIGRATIONS,
        CLINIC_MIGRATIONS,
        RUNTIME_MIGRATIONS,
        OUTBOX_MIGRATIONS,
        QUESTION_MIGRATIONS,
    ]


def open_database(path: Path | str | None) -> Database:
    """Open (creating if needed) and migrate the database; ``None`` means in memory."""
    if path is None:
        db = Database(memory=True)
    else:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        db = Database(path)
        with db.ensure_autocommit_on():
            db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
    db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    db.execute("PRAGMA foreign_keys=ON")
    for migrations in migration_sets():
        migrations.apply(db)
    return db


def serve_from_event_loop(db: Database) -> None:
    """From now on a write that meets another process's lock fails at once (``SQLITE_BUSY``)
    instead of sleeping in the event loop's thread; see ``bot.storage.lock_wait``."""
    db.execute(f"PRAGMA busy_timeout={LOOP_BUSY_TIMEOUT_MS}")
