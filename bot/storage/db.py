"""Opening the database: connection settings and migrations, in one place.

WAL lets the clinic CLI read while the bot writes; ``synchronous=NORMAL`` in WAL mode keeps every
committed transaction across a killed process (only an OS crash could lose the last commits).
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
    db.execute("PRAGMA busy_timeout=5000")
    db.execute("PRAGMA foreign_keys=ON")
    for migrations in migration_sets():
        migrations.apply(db)
    return db
